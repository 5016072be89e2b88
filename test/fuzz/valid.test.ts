/**
 * Random valid topologies generated from the schema, through parse →
 * resolve → checks → simulation: no VMX0xx/VMX1xx diagnostic (valid means
 * valid), the invariants hold, the model has every host the file
 * declares, and the simulation reports on every entity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulate } from '../../core/src/sim';
import { checkInvariants, coreErrors, runPipeline } from './lib/pipeline';
import { params, runs } from './lib/settings';
import { extremeTopology, layout, print, validTopology } from './lib/valid-topology';

test('generated valid topologies resolve without a language error and simulate', () => {
  fc.assert(
    fc.property(validTopology, layout, (topology, l) => {
      const text = print(topology, l);
      const run = runPipeline(text, {}, { simulate: true });
      checkInvariants(run);
      const errors = coreErrors(run.result);
      assert.deepEqual(errors.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`), []);
      const hosts = topology.children.filter((c) => c.kind === 'host').length;
      assert.equal(run.result.model?.hosts.length, hosts);
    }),
    params(runs(4000)),
  );
});

test('the simulation of a generated topology is deterministic and its figures are finite', () => {
  fc.assert(
    fc.property(validTopology, fc.integer({ min: 0, max: 1000 }), (topology, seed) => {
      const { result } = runPipeline(print(topology, { indent: '  ', separator: 'newline', comments: false, crlf: false }));
      const model = result.model!;
      const a = simulate(model, undefined, { seed, duration: 5, seriesPoints: 8 });
      const b = simulate(model, undefined, { seed, duration: 5, seriesPoints: 8 });
      assert.equal(JSON.stringify(a), JSON.stringify(b));
      assert.equal(a.entities.length, model.entities.length);
      for (const e of a.entities) {
        for (const s of [e.cpu.demand, e.cpu.granted, e.memory.used, e.memory.swapped]) {
          for (const v of [s.mean, s.p95, s.max]) assert.ok(Number.isFinite(v) && v >= 0, `${e.id}: ${JSON.stringify(s)}`);
        }
        assert.ok(e.cpu.granted.mean <= e.cpu.demand.mean + 1e-6, `${e.id} granted more than demanded`);
      }
    }),
    params(runs(1500)),
  );
});

test('values at the edges (1e15 bytes, 1e12 processes, 1e-6 CPUs): limits report them, nothing throws, the simulation stays finite', () => {
  fc.assert(
    fc.property(extremeTopology, (topology) => {
      const run = runPipeline(print(topology, { indent: '  ', separator: 'newline', comments: false, crlf: false }), {}, { simulate: true });
      checkInvariants(run);
      // Only value problems: out of range (VMX104) or beyond a limit (VMX111); the structure is valid.
      const structural = coreErrors(run.result).filter((d) => d.code !== 'VMX104' && d.code !== 'VMX111' && d.code !== 'VMX103');
      assert.deepEqual(structural.map((d) => `${d.code}: ${d.message}`), []);
      const sim = simulate(run.result.model!, undefined, { duration: 2, seriesPoints: 4 });
      for (const e of sim.entities) {
        for (const s of [e.cpu.demand, e.cpu.granted, e.memory.used, e.memory.swapped]) for (const v of [s.mean, s.p95, s.max]) assert.ok(Number.isFinite(v) && v >= 0, `${e.id}: ${JSON.stringify(s)}`);
        if (e.cpu.steal !== null) assert.ok(Number.isFinite(e.cpu.steal) && e.cpu.steal >= 0 && e.cpu.steal <= 1 + 1e-9, `${e.id} steal ${e.cpu.steal}`);
        if (e.cpu.throttled !== null) assert.ok(Number.isFinite(e.cpu.throttled) && e.cpu.throttled >= 0 && e.cpu.throttled <= 1 + 1e-9, `${e.id} throttled ${e.cpu.throttled}`);
        assert.ok(Number.isFinite(e.pids.failedForks) && e.pids.failedForks >= 0);
      }
    }),
    params(runs(1500)),
  );
});
