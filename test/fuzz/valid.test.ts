/**
 * Random valid topologies generated from the schema: no VMX0xx/VMX1xx
 * diagnostic (valid means valid), the invariants hold, and the model has
 * every host the file declares.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkInvariants, coreErrors, runPipeline } from './lib/pipeline';
import { params, runs } from './lib/settings';
import { layout, print, validTopology } from './lib/valid-topology';

test('generated valid topologies resolve without a language error', () => {
  fc.assert(
    fc.property(validTopology, layout, (topology, l) => {
      const text = print(topology, l);
      const run = runPipeline(text);
      checkInvariants(run);
      const errors = coreErrors(run.result);
      assert.deepEqual(errors.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`), []);
      const hosts = topology.children.filter((c) => c.kind === 'host').length;
      assert.equal(run.result.model?.hosts.length, hosts);
    }),
    params(runs(10000)),
  );
});
