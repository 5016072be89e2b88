/**
 * Golden error messages: every test/syntax/golden/*.vmx (a broken input)
 * parses to exactly the errors in its .errors.txt, one line each:
 * `line:col-line:col message` (1-based). The expected files were written
 * from the parser's output before the parser change of issue 13 and read
 * by hand; a changed message must be a deliberate edit of the .errors.txt.
 * Also: no parse throws, and each block that starts after the last error's
 * line is still in the tree (recovery keeps every later block).
 * VMX_GOLDEN_UPDATE=1 rewrites the .errors.txt files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../../core/src/syntax/parser';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

export function formatErrors(text: string): string {
  return parse(text)
    .errors.map((e) => `${position(text, e.start)}-${position(text, e.end)} ${e.message}\n`)
    .join('');
}

for (const name of readdirSync(DIR).filter((f) => f.endsWith('.vmx')).sort()) {
  test(`golden errors: ${name}`, () => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const expectedFile = join(DIR, name.replace(/\.vmx$/, '.errors.txt'));
    const actual = formatErrors(text);
    if (process.env.VMX_GOLDEN_UPDATE) writeFileSync(expectedFile, actual);
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));
    assert.ok(actual.length > 0, 'a golden input is broken: it has at least one error');
  });
}

const ROOT = join(DIR, '..', '..', '..');

test('valid ⇒ no syntax errors: every top-level sample and a generated 2,000-line topology', async () => {
  const { generateTopology } = await import('../../bench/generate');
  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.vmx') && !f.startsWith('vmware-config'));
  assert.ok(samples.length >= 6);
  for (const f of samples) assert.deepEqual(parse(readFileSync(join(ROOT, 'samples', f), 'utf8')).errors, [], f);
  assert.deepEqual(parse(generateTopology(2000)).errors, []);
});

test('recovery keeps every later block: a half-typed line in each of 50 hosts, all 50 hosts and their last attribute stay', () => {
  const hosts = Array.from({ length: 50 }, (_, i) => `host h${i} {\n  memory =\n  cpu { cores = ${i + 1} }\n  swap = ${i}GiB\n}\n`);
  const tree = parse(hosts.join(''));
  assert.equal(tree.errors.length, 50);
  assert.equal(tree.items.length, 50);
  tree.items.forEach((item, i) => {
    assert.equal(item.type === 'block' && item.label?.text, `h${i}`);
    const last = item.type === 'block' ? item.items[item.items.length - 1] : undefined;
    assert.equal(last?.type === 'attribute' && last.value?.type === 'number' && last.value.raw, `${i}GiB`);
  });
});
