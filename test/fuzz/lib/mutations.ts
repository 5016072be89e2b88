/**
 * Mutations of real topologies: insert a fragment, delete, duplicate or
 * swap ranges of characters or whole lines. Positions are drawn as
 * fractions so one mutation plan applies to a text of any length.
 */
import fc from 'fast-check';
import { fragment } from './tokens';

export type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'swap'; a: number; b: number; length: number }
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; a: number; b: number };

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const len = fc.integer({ min: 1, max: 40 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: frac, text: fragment }),
  fc.record({ op: fc.constant('delete' as const), at: frac, length: len }),
  fc.record({ op: fc.constant('duplicate' as const), at: frac, length: len }),
  fc.record({ op: fc.constant('swap' as const), a: frac, b: frac, length: len }),
  fc.record({ op: fc.constant('deleteLine' as const), at: frac }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: frac }),
  fc.record({ op: fc.constant('swapLines' as const), a: frac, b: frac }),
);

const pos = (f: number, n: number) => Math.floor(f * (n + 1));

export function applyMutation(text: string, m: Mutation): string {
  const n = text.length;
  switch (m.op) {
    case 'insert': {
      const i = pos(m.at, n);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'delete': {
      const i = pos(m.at, n);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'duplicate': {
      const i = pos(m.at, n);
      return text.slice(0, i + m.length) + text.slice(i, i + m.length) + text.slice(i + m.length);
    }
    case 'swap': {
      let [i, j] = [pos(m.a, n), pos(m.b, n)].sort((x, y) => x - y);
      const l = Math.min(m.length, j - i);
      if (l <= 0) return text;
      return text.slice(0, i) + text.slice(j, j + l) + text.slice(i + l, j) + text.slice(i, i + l) + text.slice(j + l);
    }
    default: {
      const lines = text.split('\n');
      const k = Math.min(lines.length - 1, Math.floor((m.op === 'swapLines' ? m.a : m.at) * lines.length));
      if (m.op === 'deleteLine') lines.splice(k, 1);
      else if (m.op === 'duplicateLine') lines.splice(k, 0, lines[k]);
      else {
        const l = Math.min(lines.length - 1, Math.floor(m.b * lines.length));
        [lines[k], lines[l]] = [lines[l], lines[k]];
      }
      return lines.join('\n');
    }
  }
}

export function mutate(text: string, plan: Mutation[]): string {
  return plan.reduce(applyMutation, text);
}
