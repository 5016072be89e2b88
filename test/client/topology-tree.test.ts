/** The topology view's tree normalisation and contention scoring (pure functions of the client). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityResult } from '../../core/src/sim/types';
import { contentionOf, findNode, normalizeTopology } from '../../client/src/views/topology-tree';

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 14 } };

test('the server answer { hosts } becomes the tree, malformed nodes dropped', () => {
  const roots = normalizeTopology({
    uri: 'file:///a.vmx',
    topology: 'rack',
    hosts: [
      {
        id: 'node-1', kind: 'host', name: 'node-1', uri: 'file:///a.vmx', range, ring: 0, kernel: 'host OS', boundary: 'physical', severity: 'error',
        children: [{ id: 'node-1/kvm', kind: 'hypervisor', name: 'kvm', children: [{ id: 'node-1/db', kind: 'vm', name: 'db', range: { nonsense: true }, children: [] }, { name: 'no kind' }, null] }],
      },
    ],
  });
  assert.equal(roots.length, 1);
  assert.equal(roots[0].kind, 'host');
  assert.equal(roots[0].severity, 'error');
  assert.deepEqual(roots[0].range, range);
  assert.equal(roots[0].children[0].children.length, 1, 'the node without a kind and null are dropped');
  const vm = findNode(roots, 'node-1/db');
  assert.ok(vm);
  assert.equal(vm.range, undefined, 'an invalid range is not kept');
  assert.equal(findNode(roots, 'nope'), undefined);
});

test('no topology (a file with errors) gives an empty tree, and hostile depth is bounded', () => {
  assert.deepEqual(normalizeTopology({ uri: 'x', topology: null, hosts: [] }), []);
  assert.deepEqual(normalizeTopology(null), []);
  let deep: Record<string, unknown> = { id: 'leaf', kind: 'container', name: 'leaf', children: [] };
  for (let i = 0; i < 500; i++) deep = { id: `n${i}`, kind: 'vm', name: `n${i}`, children: [deep] };
  const roots = normalizeTopology([deep]);
  let depth = 0;
  for (let n = roots[0]; n; n = n.children[0]) depth++;
  assert.ok(depth > 10 && depth <= 66, `depth ${depth} is bounded`);
});

function entity(over: Partial<EntityResult> = {}): EntityResult {
  const z = { mean: 0, p95: 0, max: 0 };
  return {
    id: 'h/c', kind: 'container', uri: 'file:///a.vmx', range,
    cpu: { demand: { mean: 1, p95: 1, max: 1 }, granted: { mean: 1, p95: 1, max: 1 }, steal: null, throttled: null },
    memory: { used: z, limit: null, swapped: z },
    pids: { failedForks: 0 },
    events: [],
    ...over,
  };
}

test('contention: none when demand is met, severe on OOM, reasons listed worst first', () => {
  assert.deepEqual(contentionOf(entity()), { score: 0, reason: 'no contention' });
  const oom = contentionOf(entity({ events: [{ t: 3, type: 'oom-kill' }], cpu: { demand: { mean: 2, p95: 2, max: 2 }, granted: { mean: 1, p95: 1, max: 1 }, steal: null, throttled: 0.5 } }));
  assert.equal(oom.score, 1);
  assert.match(oom.reason, /^1 OOM kill, /);
  assert.match(oom.reason, /throttled 50%/);
  assert.match(oom.reason, /gets 50% of CPU demand/);
  const steal = contentionOf(entity({ kind: 'vm', cpu: { demand: { mean: 1, p95: 1, max: 1 }, granted: { mean: 1, p95: 1, max: 1 }, steal: 0.1, throttled: null } }));
  assert.ok(steal.score > 0.4 && steal.score < 0.6);
  assert.equal(steal.reason, 'steal 10%');
});
