import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../core/src/syntax/parser';
import { BlockNode, AttributeNode } from '../../core/src/syntax/ast';

test('blocks, labels, attributes and values carry exact offsets', () => {
  const text = 'topology t {\n  host "n 1" { memory = 4GiB; pin = [0, 2..3] }\n}';
  const f = parse(text);
  assert.equal(f.errors.length, 0);
  const top = f.items[0] as BlockNode;
  assert.equal(top.kind, 'topology');
  assert.equal(text.slice(top.start, top.end), text);
  const host = top.items[0] as BlockNode;
  assert.equal(host.label?.text, 'n 1');
  assert.equal(host.label?.quoted, true);
  assert.equal(text.slice(host.label!.start, host.label!.end), '"n 1"');
  const mem = host.items[0] as AttributeNode;
  assert.equal(text.slice(mem.nameSpan.start, mem.nameSpan.end), 'memory');
  assert.deepEqual(mem.value && { ...mem.value }, { type: 'number', value: 4, unit: 'GiB', raw: '4GiB', start: mem.value!.start, end: mem.value!.end });
  assert.equal(text.slice(mem.value!.start, mem.value!.end), '4GiB');
  const pin = host.items[1] as AttributeNode;
  assert.equal(pin.value?.type, 'list');
  if (pin.value?.type === 'list') {
    assert.equal(pin.value.items[1].type, 'range');
    assert.equal(text.slice(pin.value.items[1].start, pin.value.items[1].end), '2..3');
  }
});

test('calls with positional and named arguments', () => {
  const f = parse('w { cpu = burst(base = 1, peak = 3, period = 10s, duty = 20%); x = steps([0s, 1], [30s, 2]); n = container("web") }');
  assert.equal(f.errors.length, 0);
  const items = (f.items[0] as BlockNode).items as AttributeNode[];
  const burst = items[0].value;
  assert.equal(burst?.type, 'call');
  if (burst?.type === 'call') assert.deepEqual(burst.args.map((a) => a.name), ['base', 'peak', 'period', 'duty']);
  const steps = items[1].value;
  if (steps?.type === 'call') assert.deepEqual(steps.args.map((a) => a.value.type), ['list', 'list']);
  const ref = items[2].value;
  if (ref?.type === 'call') assert.equal(ref.args[0].name, undefined);
});

test('separators ; and , between items are optional', () => {
  assert.equal(parse('a { x = 1; y = 2, z = 3 w = 4 }').errors.length, 0);
});

test('one broken line gives one error and the rest is still parsed', () => {
  const text = ['t {', '  h {', '    a = = 1', '    b = 2', '    c d e = 3', '    f = 4', '    g =', '    h = 5', '  }', '}'].join('\n');
  const f = parse(text);
  assert.deepEqual(f.errors.map((e) => text.slice(0, e.start).split('\n').length), [3, 5, 7]);
  const h = (f.items[0] as BlockNode).items[0] as BlockNode;
  const names = h.items.map((i) => (i.type === 'attribute' ? i.name : ''));
  for (const n of ['b', 'f', 'h']) assert.ok(names.includes(n), `${n} parsed after the errors`);
});

test('an unclosed block keeps its items and is reported at its header', () => {
  const text = 'topology t {\n  host h {\n    memory = 4GiB\n';
  const f = parse(text);
  assert.equal(f.errors.length, 1);
  assert.match(f.errors[0].message, /not closed/);
  const top = f.items[0] as BlockNode;
  assert.equal((top.items[0] as BlockNode).items.length, 1);
});

test('a missing value at the end of a line does not swallow the next line', () => {
  const f = parse('vm v {\n  vcpus =\n  memory = 8GiB\n}');
  assert.equal(f.errors.length, 1);
  assert.match(f.errors[0].message, /'vcpus' has no value/);
  const attrs = (f.items[0] as BlockNode).items as AttributeNode[];
  assert.equal(attrs[1].name, 'memory');
});

test('10,000 nested braces: one error, no stack overflow', () => {
  const text = 'a {'.repeat(10000) + '}'.repeat(10000);
  const f = parse(text);
  assert.equal(f.errors.length, 1);
  assert.match(f.errors[0].message, /nesting deeper than 64/);
});

test('binary garbage yields errors, never a throw', () => {
  let seed = 7;
  const bytes = Array.from({ length: 20000 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256));
  const f = parse(String.fromCharCode(...bytes));
  assert.ok(f.errors.length > 0);
});
