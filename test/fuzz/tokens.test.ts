/**
 * Random token streams through the whole pipeline: whatever the text,
 * analysis never throws, terminates within the bound, keeps its
 * invariants, and gives a syntax error at least one error diagnostic.
 */
import { test } from 'node:test';
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
