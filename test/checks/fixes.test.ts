/**
 * Every quick fix round-trips: for each diagnostic with fixes in the
 * problem samples and in the examples of docs/checks.md, applying a fix
 * and checking again removes that diagnostic and adds nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { applyEdits } from '../../core/src/text/apply-edits';
import { assertFixRoundTrips, check, host, URI } from './helpers';

const samplesDir = new URL('../../samples/problems/', import.meta.url);
const inputs: [string, string][] = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.vmx'))
  .map((f) => [`samples/problems/${f}`, readFileSync(new URL(f, samplesDir), 'utf8')]);
const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
for (const m of doc.matchAll(/^## (VMX\d{3}) [\s\S]*?```vmx\n([\s\S]*?)```/gm)) inputs.push([`docs/checks.md ${m[1]}`, m[2]]);

for (const [name, text] of inputs) {
  test(`every quick fix in ${name} round-trips`, () => {
    for (const d of check(text)) for (const f of d.fixes ?? []) assertFixRoundTrips(text, d, f);
  });
}

test('the fixes named by the issue exist: VMX201, 207, 208, 211, 213, 308, 309, 110', () => {
  const codes = new Set<string>();
  for (const [, text] of inputs) for (const d of check(text)) if (d.fixes?.length) codes.add(d.code);
  for (const code of ['VMX110', 'VMX201', 'VMX207', 'VMX208', 'VMX211', 'VMX213', 'VMX308', 'VMX309']) assert.ok(codes.has(code), `no fix for ${code}`);
});

test('fixes keep the file\'s style: CRLF line ends and tab indentation survive', () => {
  const text = host('container c {\n\tuser = 1000\n}').replace(/\n/g, '\r\n');
  const fixed = check(text)
    .filter((d) => d.code === 'VMX308')
    .map((d) => applyEdits(text, d.fixes![0].edits, URI))[0];
  assert.match(fixed, /\tuser = 1000\r\n\tcgroup \{\r\n\t\tmemory\.max = 512MiB\r\n\t\}\r\n/);
  assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false);
});

test('applyEdits applies several edits from the end and rejects overlaps', () => {
  const r = (l: number, c: number, l2: number, c2: number) => ({ start: { line: l, character: c }, end: { line: l2, character: c2 } });
  assert.equal(applyEdits('ab\ncd', [{ uri: URI, range: r(0, 0, 0, 1), newText: 'X' }, { uri: URI, range: r(1, 1, 1, 2), newText: 'YZ' }]), 'Xb\ncYZ');
  assert.equal(applyEdits('ab', [{ uri: URI, range: r(0, 1, 0, 1), newText: '1' }, { uri: URI, range: r(0, 1, 0, 1), newText: '2' }]), 'a12b');
  assert.equal(applyEdits('ab', [{ uri: 'file:///other', range: r(0, 0, 0, 1), newText: 'Q' }], URI), 'ab');
  assert.throws(() => applyEdits('abcd', [{ uri: URI, range: r(0, 0, 0, 3), newText: '' }, { uri: URI, range: r(0, 1, 0, 2), newText: '' }]), /overlapping/);
});
