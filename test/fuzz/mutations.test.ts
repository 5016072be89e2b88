/**
 * Mutations of real topologies (samples/*.vmx and inline seeds): insert,
 * delete, duplicate and swap characters and lines. Every mutant goes
 * through the pipeline (simulation included, as `vmx check` runs it) with
 * its invariants; a mutant of a file that
 * imports another is analysed with that import present.
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { checkInvariants, runPipeline } from './lib/pipeline';
import { mutate, mutation } from './lib/mutations';
import { loadSeeds } from './lib/seeds';
import { params, runs } from './lib/settings';

const seeds = loadSeeds();
const COMMON = 'topology common {\n  host shared { memory = 1GiB; cpu { cores = 1 } }\n}\n';

test(`mutations of ${seeds.length} seed topologies keep the pipeline's invariants`, () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, plan) => {
      const text = mutate(seed.text, plan);
      checkInvariants(runPipeline(text, { 'file:///fuzz/common.vmx': COMMON }, { simulate: true }));
    }),
    params(runs(8000)),
  );
});

test('the imported file is mutated too: both files keep the invariants', () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, plan) => {
      const common = mutate(COMMON + seed.text.replace(/^import .*$/m, ''), plan);
      checkInvariants(runPipeline('import "common.vmx"\n' + seed.text.replace(/^import .*$/m, ''), { 'file:///fuzz/common.vmx': common }));
    }),
    params(runs(2000)),
  );
});
