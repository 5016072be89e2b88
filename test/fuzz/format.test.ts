/**
 * The formatter on every valid input: formatting is idempotent, leaves no
 * syntax error, and preserves meaning (format → parse → same model, same
 * findings). Valid inputs are schema-generated topologies in random
 * layouts, and mutants of the samples that still parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatText } from '../../core/src/ide/format';
import { parse } from '../../core/src/syntax/parser';
import { findings, meaning } from './lib/fingerprint';
import { mutate, mutation } from './lib/mutations';
import { checkInvariants, runPipeline } from './lib/pipeline';
import { loadSeeds } from './lib/seeds';
import { params, runs } from './lib/settings';
import { layout, print, validTopology } from './lib/valid-topology';

function formatPreservesMeaning(text: string): void {
  const once = formatText(text);
  const twice = formatText(once);
  assert.equal(twice, once, 'formatting twice changes the text');
  assert.deepEqual(parse(once).errors, [], 'the formatted text has syntax errors');
  const before = runPipeline(text).result;
  const after = runPipeline(once);
  checkInvariants(after);
  assert.deepEqual(meaning(after.result), meaning(before), 'formatting changed the model');
  assert.deepEqual(findings(after.result), findings(before), 'formatting changed the findings');
}

test('formatting generated valid topologies: idempotent, same model, same findings', () => {
  fc.assert(
    fc.property(validTopology, layout, (topology, l) => formatPreservesMeaning(print(topology, l))),
    params(runs(2500)),
  );
});

const seeds = loadSeeds().filter((s) => parse(s.text).errors.length === 0);

test('formatting mutants of the samples that still parse: idempotent, same model, same findings', () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, plan) => {
      const text = mutate(seed.text, plan);
      if (parse(text).errors.length > 0) return; // not a valid input: the formatter leaves it alone (checked below)
      formatPreservesMeaning(text);
    }),
    params(runs(2500)),
  );
});

test('a file with syntax errors is left exactly as it is', () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, plan) => {
      const text = mutate(seed.text, plan);
      if (parse(text).errors.length === 0) return;
      assert.equal(formatText(text), text);
    }),
    params(runs(1000)),
  );
});
