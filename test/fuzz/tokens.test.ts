/**
 * Random token streams through the whole pipeline: whatever the text,
 * analysis never throws, terminates within the bound, keeps its
 * invariants, and gives a syntax error at least one error diagnostic.
 * Bounds per input: 10 s (PER_INPUT_MS) and at most 16 + 8 per line + 1 per
 * character diagnostics; over a batch, live heap growth under 64 MB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { parse } from '../../core/src/syntax/parser';
import { checkInvariants, runPipeline } from './lib/pipeline';
import { params, runs } from './lib/settings';
import { structuredStream, tokenStream } from './lib/tokens';

test('random token streams: parse never throws and every error is inside the text', () => {
  fc.assert(
    fc.property(tokenStream(80), (text) => {
      const ast = parse(text);
      for (const e of ast.errors) if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) throw new Error(`error span ${e.start}-${e.end} outside a ${text.length}-character text`);
    }),
    params(runs(30000)),
  );
});

test('random token streams: the pipeline keeps its invariants', () => {
  fc.assert(
    fc.property(tokenStream(60), (text) => {
      checkInvariants(runPipeline(text));
    }),
    params(runs(25000)),
  );
});

test('language-shaped streams (blocks, attributes, values, calls): the pipeline keeps its invariants', () => {
  fc.assert(
    fc.property(structuredStream, (text) => {
      checkInvariants(runPipeline(text));
    }),
    params(runs(25000)),
  );
});

test('memory stays bounded: the heap after 5,000 analyses of random inputs is within 64 MB of the heap before', () => {
  // Test-only: a collector handle, so the figure is live memory, not garbage.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const inputs = fc.sample(fc.oneof(tokenStream(60), structuredStream), { numRuns: 5000 });
  for (const text of inputs.slice(0, 200)) runPipeline(text); // warm caches
  gc();
  const before = process.memoryUsage().heapUsed;
  for (const text of inputs) checkInvariants(runPipeline(text));
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  assert.ok(grown < 64, `heap grew by ${grown.toFixed(1)} MB`);
});
