/**
 * Differential fuzzing of the two parsers on the fuzzers' inputs (token
 * streams with garbage and Unicode, language-shaped streams, mutants of
 * the samples, generated topologies): whenever the fast path returns a
 * tree it is exactly the Chevrotain parser's, and it never accepts a text
 * the Chevrotain parser finds an error in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastParse } from '../../core/src/syntax/fast-parser';
import { DEFAULT_MAX_DEPTH, parseWithRecovery } from '../../core/src/syntax/parser';
import { mutate, mutation } from './lib/mutations';
import { loadSeeds } from './lib/seeds';
import { params, runs } from './lib/settings';
import { structuredStream, tokenStream } from './lib/tokens';
import { layout, print, validTopology } from './lib/valid-topology';

function agree(text: string): void {
  const fast = fastParse(text, DEFAULT_MAX_DEPTH);
  const reference = parseWithRecovery(text, DEFAULT_MAX_DEPTH);
  if (reference.errors.length > 0) assert.equal(fast, undefined, `the fast path accepted a text with a syntax error: ${reference.errors[0].message}`);
  else if (fast) assert.deepEqual(fast, reference);
}

const seeds = loadSeeds();
const inputs = fc.oneof(
  tokenStream(60),
  structuredStream,
  fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([s, plan]) => mutate(s.text, plan)),
  fc.tuple(validTopology, layout).map(([t, l]) => print(t, l)),
);

test('the fast parser agrees with the reference parser on every fuzz input', () => {
  fc.assert(fc.property(inputs, agree), params(runs(6000)));
});
