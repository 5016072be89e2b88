/**
 * A string as an attribute name (DESIGN §3.1: `labels { "app.kubernetes.io/name" = "web" }`):
 * both parsers accept it and build the same tree, the resolver allows it
 * only in `labels`, and the editor features (formatter, semantic tokens)
 * handle it like any name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithRecovery } from '../../core/src/syntax/parser';
import { AttributeNode, BlockNode } from '../../core/src/syntax/ast';
import { formatText } from '../../core/src/ide/format';
import { semanticTokens, TOKEN_TYPES } from '../../core/src/ide/semantic-tokens';
import { LineIndex } from '../../core/src/text/line-index';
import { check, codes, covered, inHost } from '../helpers';

const LABELS = 'pod web {\n  labels {\n    "app.kubernetes.io/name" = "web"\n    app = "web"; tier.level = "1"\n    "with \\"quote\\"" = "x"\n  }\n}\n';

function labelsOf(items: ReturnType<typeof parseWithRecovery>['items']): AttributeNode[] {
  const pod = items[0] as BlockNode;
  return (pod.items[0] as BlockNode).items as AttributeNode[];
}

test('a string is accepted as an attribute name (a label key)', () => {
  const slow = parseWithRecovery(LABELS);
  assert.deepEqual(slow.errors, []);
  const attrs = labelsOf(slow.items);
  assert.deepEqual(
    attrs.map((a) => [a.name, a.quoted ?? false]),
    [
      ['app.kubernetes.io/name', true],
      ['app', false],
      ['tier.level', false],
      ['with "quote"', true],
    ],
  );
  // The name's span covers the string with its quotes: that is what diagnostics and tokens point at.
  assert.equal(LABELS.slice(attrs[0].nameSpan.start, attrs[0].nameSpan.end), '"app.kubernetes.io/name"');
});

test('a plain attribute carries no quoted flag (trees of files without string keys are unchanged)', () => {
  const tree = parseWithRecovery('host h { memory = 4GiB }');
  const attr = (tree.items[0] as BlockNode).items[0] as AttributeNode;
  assert.equal('quoted' in attr, false);
});

test('a string name without "=" is one syntax error', () => {
  const text = 'labels {\n  "app" "web"\n  ok = "1"\n}\n';
  const r = parseWithRecovery(text);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0].message, /expected an attribute/);
  // The next line still parses.
  assert.deepEqual(((r.items[0] as BlockNode).items as AttributeNode[]).map((a) => a.name), ['ok']);
});

test('a quoted key with its value missing at the end of a line: one error, the next line kept', () => {
  const text = 'labels {\n  "app" =\n  tier = "1"\n}\n';
  const r = parseWithRecovery(text);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0].message, /has no value/);
  assert.deepEqual(((r.items[0] as BlockNode).items as AttributeNode[]).map((a) => a.name), ['app', 'tier']);
});

test('a string name outside labels is VMX102 on the name, saying where string keys belong', () => {
  const text = inHost('    "memory.max" = 1GiB\n    container web { user = 1000; "app.kubernetes.io/name" = "web" }');
  const r = check(text);
  const found = r.diagnostics.filter((d) => d.code === 'VMX102');
  assert.equal(found.length, 2);
  assert.equal(covered(text, found[0]), '"memory.max"');
  assert.match(found[0].message, /only allowed in labels.*write memory\.max = … without the quotes/);
  assert.equal(covered(text, found[1]), '"app.kubernetes.io/name"');
  assert.match(found[1].message, /container has no attribute "app\.kubernetes\.io\/name"; free keys go in labels/);
});

test('label values must be strings (VMX103); any key is accepted; labels reach the model', () => {
  const bad = inHost('    labels { replicas = 3; "ok" = "x" }');
  const f = check(bad).diagnostics.filter((d) => d.code === 'VMX103');
  assert.equal(f.length, 1);
  assert.equal(covered(bad, f[0]), '3');
  assert.match(f[0].message, /replicas: expected a string in quotes/);
  const r = check(inHost('    labels { "topology.kubernetes.io/zone" = "eu-1a"; role = "worker" }'));
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.model!.hosts[0].labels, { 'topology.kubernetes.io/zone': 'eu-1a', role: 'worker' });
});

test('the formatter spaces a quoted key like a name, and is stable', () => {
  const text = 'labels {\n"app.kubernetes.io/name"="web"\n  tier   =   "1"\n}\n';
  const formatted = formatText(text);
  assert.equal(formatted, 'labels {\n  "app.kubernetes.io/name" = "web"\n  tier = "1"\n}\n');
  assert.equal(formatText(formatted), formatted);
});

test('semantic tokens mark a quoted key as a property, not a string', () => {
  const text = 'labels { "a/b" = "v" }';
  const data = semanticTokens(parseWithRecovery(text), new LineIndex(text));
  // Tokens are 5-tuples: deltaLine, deltaStart, length, type, modifiers; absolute starts accumulate on one line.
  const tokens: { start: number; length: number; type: string }[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i += 5) {
    start += data[i + 1];
    tokens.push({ start, length: data[i + 2], type: TOKEN_TYPES[data[i + 3]] });
  }
  const key = tokens.find((t) => t.start === text.indexOf('"a/b"'));
  assert.deepEqual(key, { start: 9, length: 5, type: 'property' });
  assert.equal(tokens.find((t) => t.start === text.indexOf('"v"'))?.type, 'string');
});
