/**
 * The fast path must build exactly the Chevrotain parser's tree on valid
 * files, and give up on every file the Chevrotain parser finds an error in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastParse } from '../../core/src/syntax/fast-parser';
import { parseWithRecovery } from '../../core/src/syntax/parser';

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}(\.[a-z]{1,4})?$/).filter((s) => !['import', 'true', 'false'].includes(s));
const number = fc.oneof(fc.integer({ min: -50, max: 5000 }).map(String), fc.double({ min: 0, max: 1000, noNaN: true }).map((d) => d.toFixed(2)));
const unit = fc.constantFrom('', 'GiB', 'm', '%', 'ms', 's', 'GHz', 'Gbps', 'k', 'iops', 'Ki', 'M', 'G');
const string = fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s).replace(/\\u[0-9a-f]{4}/g, ''));
const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(number, unit).map(([n, u]) => n + u),
    string,
    fc.constantFrom('true', 'false'),
    ident,
    fc.tuple(fc.nat(9), fc.nat(99)).map(([a, b]) => `${a}..${b}`),
    fc.array(tie('v'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(ident, fc.array(fc.tuple(fc.option(ident, { nil: undefined }), tie('v')), { maxLength: 3 })).map(([f, args]) => `${f}(${args.map(([n, v]) => (n ? `${n} = ${v}` : v)).join(', ')})`),
  ),
})).v;
const comment = fc.constantFrom('', ' # note', ' // note', ' /* c */');
// A name may be a string (a label key, DESIGN §3.1): both parsers must take it alike.
const attribute = fc.tuple(fc.oneof(ident, ident, string), value, comment, fc.constantFrom('\n', '; ', ', ', ' ')).map(([n, v, c, sep]) => `${n} = ${v}${c}${sep === ' ' ? '\n' : sep}`);
const block: fc.Arbitrary<string> = fc.letrec<{ b: string }>((tie) => ({
  b: fc
    .tuple(ident, fc.option(fc.oneof(ident, string, fc.nat(99999).map(String), fc.constantFrom('007', '1.5', '-1', '4GiB', 'true')), { nil: undefined }), fc.array(fc.oneof({ depthSize: 'small' }, attribute, tie('b')), { maxLength: 4 }))
    .map(([k, l, items]) => `${k}${l !== undefined ? ' ' + l : ''} {\n${items.join('')}}\n`),
})).b;
const file = fc.tuple(fc.option(string.map((s) => `import ${s}\n`), { nil: '' }), fc.array(block, { maxLength: 3 })).map(([i, bs]) => i + bs.join(''));

test('fast path and Chevrotain path build identical trees on generated files', () => {
  fc.assert(
    fc.property(file, (text) => {
      const slow = parseWithRecovery(text, 64);
      const fast = fastParse(text, 64);
      if (slow.errors.length > 0) {
        assert.equal(fast, undefined, `fast path accepted a file with errors: ${slow.errors[0].message}`);
      } else if (fast !== undefined) {
        assert.deepStrictEqual(fast, slow);
      }
    }),
    { numRuns: 400, seed: 42 },
  );
});

test('fast path gives up on every broken mutation of a valid file', () => {
  const base = 'topology t {\n  host h {\n    memory = 4GiB\n    cpu { cores = 4; features = [vmx] }\n    container c { cgroup { cpu.max = 500m } }\n  }\n}\n';
  assert.deepStrictEqual(fastParse(base, 64), parseWithRecovery(base, 64));
  fc.assert(
    fc.property(fc.nat(base.length), fc.nat(3), fc.constantFrom('{', '}', '=', '"', '/*', '..', '@', ',', '(', '['), (at, del, ins) => {
      const text = base.slice(0, at) + ins + base.slice(at + del);
      const slow = parseWithRecovery(text, 64);
      const fast = fastParse(text, 64);
      if (slow.errors.length > 0) assert.equal(fast, undefined);
      else if (fast) assert.deepStrictEqual(fast, slow);
    }),
    { numRuns: 600, seed: 7 },
  );
});

test('fast path respects the nesting limit', () => {
  assert.equal(fastParse('a {'.repeat(70) + '}'.repeat(70), 64), undefined);
  assert.ok(fastParse('a {'.repeat(10) + '}'.repeat(10), 64));
});
