/**
 * "Valid ⇒ no errors" (issue 13): files generated from the language's
 * valid shapes parse without a syntax error, into exactly the items
 * written (kinds, labels, attribute names, nesting), whatever the layout
 * (separators, comments); and recovery keeps every later block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ItemNode } from '../../core/src/syntax/ast';
import { parse } from '../../core/src/syntax/parser';

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
/** What the generator wrote: an attribute's name, or a block's kind and label with its items. */
type Shape = string | { kind: string; label?: string; items: Shape[] };

const unquoteJson = (s: string): string => JSON.parse(s) as string;
// A name may be a string (a label key, DESIGN §3.1).
const attribute = fc
  .tuple(fc.oneof(ident, ident, string), value, comment, fc.constantFrom('\n', '; ', ', ', ' '))
  // A line comment runs to the end of the line: only a newline ends it.
  .map(([n, v, c, sep]) => ({ text: `${n} = ${v}${c}${sep === ' ' || c.includes('#') || c.includes('//') ? '\n' : sep}`, shape: n.startsWith('"') ? unquoteJson(n) : n }));
// Only valid labels: a name, a string, a whole number.
const label = fc.oneof(ident.map((l) => ({ written: l, text: l })), string.map((l) => ({ written: l, text: unquoteJson(l) })), fc.nat(99999).map((n) => ({ written: String(n), text: String(n) })), fc.constant({ written: '007', text: '007' }));
const block: fc.Arbitrary<{ text: string; shape: Shape }> = fc.letrec<{ b: { text: string; shape: Shape } }>((tie) => ({
  b: fc
    .tuple(ident, fc.option(label, { nil: undefined }), fc.array(fc.oneof({ depthSize: 'small' }, attribute, tie('b')), { maxLength: 4 }))
    .map(([k, l, items]) => ({
      text: `${k}${l !== undefined ? ' ' + l.written : ''} {\n${items.map((i) => i.text).join('')}}\n`,
      shape: { kind: k, ...(l !== undefined ? { label: l.text } : {}), items: items.map((i) => i.shape) },
    })),
})).b;
const file = fc.array(block, { maxLength: 3 }).map((bs) => ({ text: bs.map((b) => b.text).join(''), shapes: bs.map((b) => b.shape) }));

function shapeOf(item: ItemNode): Shape {
  if (item.type === 'attribute') return item.name;
  if (item.type === 'import') return 'import';
  return { kind: item.kind, ...(item.label ? { label: item.label.text } : {}), items: item.items.map(shapeOf) };
}

test('generated valid files parse without an error into exactly the items written', () => {
  fc.assert(
    fc.property(file, ({ text, shapes }) => {
      const tree = parse(text);
      assert.deepEqual(tree.errors, [], text);
      assert.deepEqual(tree.items.map(shapeOf), shapes);
    }),
    { numRuns: 400, seed: 42 },
  );
});

test('an import before the blocks is valid', () => {
  const tree = parse('import "common.vmx"\nhost h { memory = 4GiB }\n');
  assert.deepEqual(tree.errors, []);
  assert.deepEqual(tree.items.map((i) => i.type), ['import', 'block']);
});

test('a broken line inside a block keeps every later block, with one error', () => {
  const base = 'topology t {\n  host a {\n    memory = 4GiB\n    cpu { cores = 4; features = [vmx] }\n  }\n  host b { memory = 8GiB }\n  host c { memory = 2GiB }\n}\n';
  for (const broken of ['memory =', 'memory 4GiB', 'memory = = 4GiB', 'memory = [4GiB', '= 4GiB', 'memory = 4GiB )']) {
    const text = base.replace('memory = 4GiB', broken);
    const tree = parse(text);
    assert.equal(tree.errors.length, 1, `${broken}: ${tree.errors.map((e) => e.message).join('; ')}`);
    const topology = tree.items[0];
    assert.ok(topology.type === 'block');
    assert.deepEqual(topology.items.map((i) => (i.type === 'block' ? i.label?.text : i.type)), ['a', 'b', 'c'], broken);
  }
});

test('nesting beyond the limit is one error, not a stack overflow; within it, none', () => {
  assert.equal(parse('a {'.repeat(70) + '}'.repeat(70), { maxDepth: 64 }).errors.length, 1);
  assert.deepEqual(parse('a {'.repeat(10) + '}'.repeat(10), { maxDepth: 64 }).errors, []);
});
