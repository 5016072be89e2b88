/**
 * The server's per-host simulation cache (server/src/simulation/incremental.ts):
 * an edit to one host simulates that host only, with the real simulator,
 * and the assembled result's findings are those of a from-scratch
 * simulate() of the edited text; the sub-model of the changed hosts holds
 * only their groups and pods.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../core/src/analyze';
import { defaultConfig } from '../../core/src/config';
import { Model } from '../../core/src/model/types';
import { simulate } from '../../core/src/sim/index';
import { join } from 'node:path';
import { DocumentWorker } from '../../server/src/simulation/host-worker';
import { HostResultCache } from '../../server/src/simulation/incremental';
import { MemorySources, ROOT } from '../helpers';

/** A container demanding 2 CPUs under a 0.5-CPU cap: CFS throttling (VMX402) on the host it is in. */
const THROTTLED = '    container hot {\n      cgroup { cpu.max = 500m, memory.max = 1GiB, pids.max = 50 }\n      workload { cpu = 2 }\n    }\n';
const calm = (name: string) => `    container ${name} {\n      cgroup { memory.max = 1GiB, pids.max = 50 }\n      workload { cpu = 100m }\n    }\n`;
const host = (name: string, body: string) => `  host ${name} {\n    memory = 16GiB\n    cpu { cores = 4 }\n    group g {\n      pod p {\n${body.replace(/^/gm, '    ').replace(/^ {4}$/gm, '')}      }\n    }\n  }\n`;

const text = (bodyB: string) => `topology t {\n  simulate { duration = 2s }\n${host('a', calm('x'))}${host('b', bodyB)}${host('c', calm('z'))}}\n`;

function modelOf(source: string): Model {
  const sources = new MemorySources();
  return analyze(sources.set('main.vmx', source), sources).model!;
}

describe('per-host simulation cache', () => {
  it('editing host b simulates b only, and finds what a from-scratch run finds', async () => {
    const cache = new HostResultCache();
    const config = defaultConfig();
    const options = { seriesPoints: 0 };
    const ran: string[][] = [];
    const run = (m: Model) => {
      ran.push(m.hosts.map((h) => h.name));
      return simulate(m, config, options);
    };
    const before = modelOf(text(calm('y')));
    const first = await cache.simulate(before, config, options, run);
    assert.deepEqual(ran, [['a', 'b', 'c']]);
    assert.deepEqual(cache.stats, { simulated: 3, reused: 0 });
    assert.ok(!first.findings.some((f) => f.code === 'VMX402'), 'nothing throttled before the edit');

    const after = modelOf(text(THROTTLED));
    const second = await cache.simulate(after, config, options, run);
    assert.deepEqual(ran[1], ['b'], 'only the edited host is simulated');
    assert.deepEqual(cache.stats, { simulated: 4, reused: 2 });
    const scratch = simulate(after, config, options);
    assert.deepEqual(second.findings, scratch.findings);
    assert.deepEqual(second.entities.map((e) => e.id), scratch.entities.map((e) => e.id));
    // The throttling is host b's: reported between host b's header and host c's.
    const lines = text(THROTTLED).split('\n');
    const [b, c] = [lines.indexOf('  host b {'), lines.indexOf('  host c {')];
    const throttled = second.findings.filter((f) => f.code === 'VMX402');
    assert.equal(throttled.length, 1, JSON.stringify(second.findings.map((f) => f.message)));
    assert.ok(throttled[0].range.start.line > b && throttled[0].range.start.line < c, `line ${throttled[0].range.start.line}, host b at ${b}, host c at ${c}`);

    // No change: nothing is simulated.
    await cache.simulate(modelOf(text(THROTTLED)), config, options, run);
    assert.equal(ran.length, 2);
    assert.deepEqual(cache.stats, { simulated: 4, reused: 5 });
  });

  it('the model of the changed hosts holds only their groups and pods', async () => {
    const cache = new HostResultCache();
    const config = defaultConfig();
    await cache.simulate(modelOf(text(calm('y'))), config, {}, (m) => simulate(m, config, {}));
    let seen: Model | undefined;
    await cache.simulate(modelOf(text(calm('w'))), config, {}, (m) => ((seen = m), simulate(m, config, {})));
    assert.deepEqual(seen!.groups.map((g) => g.id), ['b/g']);
    assert.deepEqual(seen!.pods.map((p) => p.id), ['b/g/p']);
    assert.deepEqual(seen!.containers.map((c) => c.id), ['b/g/p/w']);
  });

  it('the worker runs the changed hosts as plans (dist/sim-worker.js) and gives what simulate() gives for them', async () => {
    const config = defaultConfig();
    const options = { seriesPoints: 20 };
    const model = modelOf(text(THROTTLED));
    const b = model.hosts.find((h) => h.name === 'b')!;
    const own = <T extends { host: unknown }>(list: T[]) => list.filter((x) => x.host === b);
    const sub: Model = { ...model, hosts: [b], entities: own(model.entities), vms: own(model.vms), containers: own(model.containers), groups: own(model.groups), pods: own(model.pods) };
    const worker = new DocumentWorker(join(ROOT, 'dist', 'sim-worker.js'));
    try {
      const there = await worker.simulateHosts(sub, config, options);
      const here = simulate(sub, config, options);
      assert.deepEqual(there, here);
      assert.deepEqual(there.entities.map((e) => e.id), ['b', 'b/g', 'b/g/p', 'b/g/p/hot']);
      assert.equal(there.findings.filter((f) => f.code === 'VMX402').length, 1);
      // The whole file as text, in the same thread: every host, the same VMX402.
      const whole = await worker.simulateFile(model, config, options);
      assert.deepEqual(whole.entities.map((e) => e.id), simulate(model, config, options).entities.map((e) => e.id));
      assert.equal(whole.findings.filter((f) => f.code === 'VMX402').length, 1);
    } finally {
      worker.dispose();
    }
  });
});
