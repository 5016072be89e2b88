/**
 * What the LSP fuzzer does to a document, as fast-check arbitraries: edits
 * (as a client could send them, out-of-range positions included), requests
 * of every kind, cancellations, saves and pauses. Steps are symbolic
 * (fractions of the text, kinds of places); `resolveChanges` turns an edit
 * into concrete LSP changes against the client's current text.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../server/client';
import { DOCUMENT_REQUESTS } from '../../robustness/lib';
import { Change, linesOf, Position } from './lsp-document';

/** The samples, imports left out (each document stands alone), and their lines as fragments to insert. */
export function loadSamples(): string[] {
  const dir = join(ROOT, 'samples');
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'problems')).map((f) => join(dir, 'problems', f))].filter((f) => f.endsWith('.vmx')).sort();
  return files.map((f) => readFileSync(f, 'utf8').replace(/^import .*$/gm, ''));
}

/** Where a position points: inside the text, or outside it in one of the ways a client (or a bug) could. */
export type Place =
  | { kind: 'inside'; at: number }
  | { kind: 'pastLineEnd'; at: number; by: number }
  | { kind: 'pastLastLine'; lines: number; character: number }
  | { kind: 'huge' }
  | { kind: 'negative'; line: number; character: number };

/** A fraction of the text, uniform (fc.double favours extremes such as 1e-300, which all mean "the start"). */
const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

const place: fc.Arbitrary<Place> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('inside' as const), at: fraction }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pastLineEnd' as const), at: fraction, by: fc.integer({ min: 1, max: 1_000_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pastLastLine' as const), lines: fc.integer({ min: 0, max: 1000 }), character: fc.integer({ min: 0, max: 100 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'huge' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('negative' as const), line: fc.integer({ min: -5, max: 0 }), character: fc.integer({ min: -5, max: 0 }) }) },
);

/** Characters that stress line breaks, surrogate pairs and the grammar. */
const PIECES = ['\n', '\r', '\r\n', '\n\r', '{', '}', '"', '=', ' ', '\t', '#', 'a', 'host h {', 'container c { }', '😀', '\ud83d', '\ude00', 'é', 'x = 1', '2GiB', '\u2028', '\u0000'];

export type EditOp =
  | { op: 'replace'; from: Place; to: Place; text: string }
  | { op: 'fragment'; from: Place; sample: number; line: number; count: number }
  | { op: 'surrogateSplit'; at: number; text: string }
  | { op: 'crlfJoin'; at: number; how: 'insertCR' | 'insertLF' | 'deleteBetween' }
  | { op: 'deleteAll'; full: boolean }
  | { op: 'replaceAll'; sample: number };

const editOp: fc.Arbitrary<EditOp> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('replace' as const), from: place, to: place, text: fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((a) => a.join('')) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('fragment' as const), from: place, sample: fc.nat(), line: fc.nat(), count: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('surrogateSplit' as const), at: fraction, text: fc.constantFrom('', 'x', '\n', '\ud83d', '\ude00') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('crlfJoin' as const), at: fraction, how: fc.constantFrom('insertCR' as const, 'insertLF' as const, 'deleteBetween' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteAll' as const), full: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replaceAll' as const), sample: fc.nat() }) },
);

/** Every request the fuzzer sends: the document requests, the simulation (three times as often: it is checked against a full run), the server's text. */
export const FUZZ_REQUESTS = [...DOCUMENT_REQUESTS, 'vmx/simulate', 'vmx/simulate', 'vmx/simulate', 'workspace/symbol', 'vmx/documentState'];

export type Step =
  | { step: 'edit'; ops: EditOp[] }
  | { step: 'request'; method: string; at: Place; cancelAfter: number | null; variant: number }
  | { step: 'pause'; ms: number }
  | { step: 'save' }
  | { step: 'check' }
  | { step: 'reopen' }
  | { step: 'configure'; settings: Record<string, unknown> };

/** Settings a user could change mid-session (pushed with workspace/didChangeConfiguration). */
const settings: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ simulateOnType: fc.boolean() }),
  fc.record({ simulateOnTypeMaxLines: fc.constantFrom(0, 10, 5000) }),
  fc.record({ severities: fc.constantFrom({}, { VMX102: 'off' }, { VMX402: 'error', VMX401: 'off' }, { VMX100: 'hint' }) }),
  fc.record({ simulation: fc.record({ duration: fc.integer({ min: 1, max: 30 }), seed: fc.nat(100) }) }),
  fc.constant({}),
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ step: fc.constant('edit' as const), ops: fc.array(editOp, { minLength: 1, maxLength: 3 }) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      step: fc.constant('request' as const),
      method: fc.constantFrom(...FUZZ_REQUESTS),
      at: place,
      // null: never cancelled; 0: cancelled at once; else after that many milliseconds.
      cancelAfter: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 3 }),
      // Picks among a method's variants (the simulated duration of vmx/simulate).
      variant: fc.nat(3),
    }),
  },
  { weight: 2, arbitrary: fc.record({ step: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ step: 'save' as const }) },
  { weight: 2, arbitrary: fc.constant({ step: 'check' as const }) },
  { weight: 1, arbitrary: fc.constant({ step: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.record({ step: fc.constant('configure' as const), settings }) },
);

/** The offset at a fraction of the text. */
function offsetAtFraction(text: string, f: number): number {
  return Math.min(text.length, Math.floor(f * (text.length + 1)));
}

/** Offset → position in a text (lines end at \r\n, \n or \r). */
export function positionOf(text: string, offset: number): Position {
  const lines = linesOf(text);
  let line = 0;
  while (line + 1 < lines.starts.length && lines.starts[line + 1] <= offset) line++;
  return { line, character: Math.min(offset - lines.starts[line], lines.lengths[line]) };
}

/** The concrete position a place means in `text` (possibly outside it, on purpose). */
export function resolvePlace(text: string, p: Place): Position {
  switch (p.kind) {
    case 'inside':
      return positionOf(text, offsetAtFraction(text, p.at));
    case 'pastLineEnd': {
      const at = positionOf(text, offsetAtFraction(text, p.at));
      return { line: at.line, character: linesOf(text).lengths[at.line] + p.by };
    }
    case 'pastLastLine':
      return { line: linesOf(text).starts.length + p.lines, character: p.character };
    case 'huge':
      return { line: 2_147_483_646, character: 2_147_483_646 };
    case 'negative':
      return { line: p.line, character: p.character };
  }
}

/** A zero-width change at an offset. */
function insertAt(text: string, offset: number, inserted: string): Change {
  const p = positionOf(text, offset);
  return { range: { start: p, end: p }, text: inserted };
}

/**
 * The LSP changes an edit means for the current text. `apply` is the
 * client's model: each change of a notification applies to the text the
 * previous one left, so later ops are resolved against it.
 */
export function resolveChanges(text: string, ops: EditOp[], samples: string[], apply: (text: string, c: Change) => string): Change[] {
  const out: Change[] = [];
  let current = text;
  for (const op of ops) {
    const c = resolveOne(current, op, samples);
    if (!c) continue;
    out.push(c);
    current = apply(current, c);
  }
  return out;
}

function resolveOne(text: string, op: EditOp, samples: string[]): Change | undefined {
  switch (op.op) {
    case 'replace':
      return { range: { start: resolvePlace(text, op.from), end: resolvePlace(text, op.to) }, text: op.text };
    case 'fragment': {
      const lines = samples[op.sample % samples.length].split('\n');
      const first = op.line % lines.length;
      const p = resolvePlace(text, op.from);
      return { range: { start: p, end: p }, text: lines.slice(first, first + op.count).join('\n') + '\n' };
    }
    case 'surrogateSplit': {
      // Between the two halves of a surrogate pair; when the text has none, one is inserted first.
      const pairs = [...text.matchAll(/[\ud800-\udbff][\udc00-\udfff]/g)];
      if (pairs.length === 0) return insertAt(text, offsetAtFraction(text, op.at), '😀');
      const middle = pairs[Math.floor(op.at * pairs.length) % pairs.length].index! + 1;
      const p = positionOf(text, middle);
      return op.text === '' ? { range: { start: p, end: positionOf(text, middle + 1) }, text: '' } : { range: { start: p, end: p }, text: op.text };
    }
    case 'crlfJoin': {
      if (op.how === 'deleteBetween') {
        // Delete what separates a \r from a later \n on the next line ("\r" + "x\n" → "\r\n"), or split a \r\n.
        const crlf = [...text.matchAll(/\r\n/g)];
        if (crlf.length > 0) {
          const at = crlf[Math.floor(op.at * crlf.length) % crlf.length].index!;
          return { range: { start: positionOf(text, at + 1), end: positionOf(text, at + 1) }, text: 'y' };
        }
        const cr = [...text.matchAll(/\r[^\n]{0,3}\n/g)];
        if (cr.length === 0) return insertAt(text, offsetAtFraction(text, op.at), '\r');
        const m = cr[Math.floor(op.at * cr.length) % cr.length];
        return { range: { start: positionOf(text, m.index! + 1), end: positionOf(text, m.index! + m[0].length - 1) }, text: '' };
      }
      // A \r just before an existing \n, or a \n just after an existing \r: the two become one break.
      const target = op.how === 'insertCR' ? /\n/g : /\r/g;
      const found = [...text.matchAll(target)];
      if (found.length === 0) return insertAt(text, offsetAtFraction(text, op.at), op.how === 'insertCR' ? '\r' : '\n');
      const at = found[Math.floor(op.at * found.length) % found.length].index!;
      return op.how === 'insertCR' ? insertAt(text, at, '\r') : insertAt(text, at + 1, '\n');
    }
    case 'deleteAll':
      return op.full ? { text: '' } : { range: { start: { line: 0, character: 0 }, end: { line: 2_147_483_646, character: 2_147_483_646 } }, text: '' };
    case 'replaceAll':
      return { text: samples[op.sample % samples.length] };
  }
}
