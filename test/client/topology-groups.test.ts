/**
 * The topology view with groups and pods (DESIGN §3.1): the server's tree
 * nests host ⟶ groups ⟶ pods ⟶ containers (each container once, under its
 * own parent), carries labels, and the client keeps only well-formed labels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topologyTree } from '../../server/src/lsp/topology';
import { normalizeTopology } from '../../client/src/views/topology-tree';
import type { TopologyNode } from '../../core/src/protocol';
import { check, inHost } from '../helpers';

const HARD = 'user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true';

function shape(n: TopologyNode): unknown {
  return n.children.length ? { [`${n.kind} ${n.id}`]: n.children.map(shape) } : `${n.kind} ${n.id}`;
}

test('the server tree nests groups, pods and containers, each container once, with labels', () => {
  const text = inHost(`    group kubepods {
      labels { tier = "node" }
      pod web {
        labels { "app.kubernetes.io/name" = "web" }
        container nginx { ${HARD} }
      }
      container loose { ${HARD} }
    }
    pod static { container etcd { ${HARD} } }
    container plain { ${HARD} }
    hypervisor kvm { vm w { vcpus = 2; balloon = true; memory_min = 1GiB; memory_max = 4GiB; group g { container inner { ${HARD} } } } }`);
  const r = check(text);
  const [host] = topologyTree(r.model!, r.diagnostics);
  assert.deepEqual(shape(host), {
    'host h1': [
      { 'hypervisor h1/hypervisor': [{ 'vm h1/w': [{ 'group h1/w/g': ['container h1/w/g/inner'] }] }] },
      { 'group h1/kubepods': [{ 'pod h1/kubepods/web': ['container h1/kubepods/web/nginx'] }, 'container h1/kubepods/loose'] },
      { 'pod h1/static': ['container h1/static/etcd'] },
      'container h1/plain',
    ],
  });
  const group = host.children[1];
  assert.deepEqual(group.labels, { tier: 'node' });
  assert.equal(group.detail, 'cgroup kubepods');
  const pod = group.children[0];
  assert.deepEqual(pod.labels, { 'app.kubernetes.io/name': 'web' });
  // No requests or limits at all: besteffort, derived.
  assert.equal(pod.detail, 'besteffort (derived) · shares net, ipc, uts');
  assert.equal(pod.ring, 3);
  assert.equal('labels' in host.children[3], false, 'no labels, no field');
  // 4GiB max, 1GiB min, memory left out → memory_max.
  assert.equal(host.children[0].children[0].detail, '2 vCPUs · 4.0 GiB (balloon 1.0–4.0)');
});

test('the client keeps string labels only, bounded', () => {
  const many: Record<string, unknown> = { ok: 'yes', n: 3, obj: { x: 1 } };
  for (let i = 0; i < 100; i++) many[`k${i}`] = 'v'.repeat(500);
  const [root] = normalizeTopology([{ id: 'h', kind: 'host', name: 'h', labels: many, children: [{ id: 'h/p', kind: 'pod', name: 'p', labels: [1, 2], children: [] }] }]);
  const labels = root.labels!;
  assert.equal(labels.ok, 'yes');
  assert.equal('n' in labels || 'obj' in labels, false);
  assert.equal(Object.keys(labels).length, 32);
  assert.equal(labels.k0.length, 120);
  assert.equal(root.children[0].labels, null, 'an array is no labels object');
});
