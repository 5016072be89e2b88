/**
 * Invariants on random topologies (fast-check): whatever the weights, caps
 * and patterns, no group gets more than it asks or than its cpu.max, the
 * host never hands out more CPUs than it has, steal is a fraction, and two
 * runs are identical. Tolerance 1e-6 (figures are rounded to 6 digits).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultConfig } from '../../core/src/config';
import { Reporter } from '../../core/src/diagnostics/reporter';
import { resolve } from '../../core/src/model/resolve';
import { simulate } from '../../core/src/sim';
import { createSourceFile } from '../../core/src/source';

const pattern = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((c) => `${c / 100}`),
  fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 100 })).map(([b, p, per, d]) => `burst(base = ${b / 100}, peak = ${p / 100}, period = ${per}s, duty = ${d}%)`),
  fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 30 })).map(([a, b, o]) => `ramp(from = ${a / 100}, to = ${b / 100}, over = ${o}s)`),
  fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 30 })).map(([m, a, p]) => `sine(mean = ${m / 100}, amplitude = ${a / 100}, period = ${p}s)`),
);

const group = fc.record({ weight: fc.integer({ min: 1, max: 1000 }), max: fc.option(fc.integer({ min: 10, max: 300 }), { nil: undefined }), cpu: pattern });

const topology = fc.record({
  cores: fc.integer({ min: 1, max: 4 }),
  containers: fc.array(group, { minLength: 1, maxLength: 4 }),
  vms: fc.array(fc.record({ vcpus: fc.integer({ min: 1, max: 4 }), pin: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), inner: fc.array(group, { maxLength: 3 }), cpu: pattern }), { maxLength: 3 }),
});

type Group = { weight: number; max?: number; cpu: string };
const container = (g: Group, name: string) => `container ${name} { cgroup { cpu.weight = ${g.weight}${g.max ? `  cpu.max = ${g.max / 100}` : ''}  memory.max = 1GiB  pids.max = 100 } workload { cpu = ${g.cpu} } }\n`;

test('random topologies respect caps, capacity and determinism', () => {
  fc.assert(
    fc.property(topology, (t) => {
      const vms = t.vms.map((v, k) => `vm v${k} { vcpus = ${v.vcpus}  memory = 1GiB  memory_locked = true${v.pin !== undefined ? `  pin = ${v.pin % t.cores}` : ''}  workload { cpu = ${v.cpu} }\n${v.inner.map((g, j) => container(g, `i${j}`)).join('')} }\n`);
      const text = `topology r { simulate { duration = 20s } host h { memory = 64GiB  cpu { cores = ${t.cores}  features = [vmx] }\n hypervisor kvm { ${vms.join('')} }\n${t.containers.map((g, j) => container(g, `c${j}`)).join('')} } }`;
      const model = resolve(createSourceFile('file:///r.vmx', text), { get: () => undefined }, new Reporter());
      const r = simulate(model, defaultConfig(), { seriesPoints: 20 });
      const eps = 1e-6;
      const hostResult = r.entities.find((e) => e.kind === 'host')!;
      assert.ok(hostResult.cpu.granted.max <= t.cores + eps, `host granted ${hostResult.cpu.granted.max} > ${t.cores}`);
      for (const e of r.entities) {
        assert.ok(e.cpu.granted.max <= e.cpu.demand.max * (1 + eps) + eps, `${e.id} granted above demand`);
        if (e.cpu.limit) assert.ok(e.cpu.granted.max <= e.cpu.limit + eps, `${e.id} above cpu.max`);
        if (e.cpu.steal !== null) assert.ok(e.cpu.steal >= 0 && e.cpu.steal <= 1 + eps);
        if (e.cpu.throttled !== null) assert.ok(e.cpu.throttled >= 0 && e.cpu.throttled <= 1 + eps);
        if (e.kind === 'vm') assert.ok(e.cpu.granted.max <= t.vms[Number(e.id.split('/')[1].slice(1))].vcpus + eps, `${e.id} above its vCPUs`);
      }
      assert.deepEqual(simulate(model, defaultConfig(), { seriesPoints: 20 }), r);
    }),
    { numRuns: 60, seed: 20260601 },
  );
});
