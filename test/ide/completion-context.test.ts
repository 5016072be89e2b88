/**
 * What completion and signature help read around the cursor (the tree
 * around it, the tokens of its line): every loop ends (a first line that is
 * empty once made the old line scan go round forever), and none is
 * quadratic in the length of a line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionEntry } from '../../core/src/ide/completion';
import { treeAround } from '../../core/src/incremental/edited-tree';
import { callBounded } from './bounded';

const completeAt = (text: string, offset: number): Promise<CompletionEntry[]> => callBounded('core/src/ide/completion.ts', 'completeAt', [text, offset]);
/** Kind and label of the blocks around `offset`, outermost first, as the parser reads them. */
const enclosing = (text: string, offset: number): [string, string | undefined][] => treeAround(undefined, [], text, offset).scopes.map((b) => [b.kind, b.label?.text]);
const signatureAt = (text: string, offset: number): Promise<{ pattern: { name: string }; active: number } | undefined> => callBounded('core/src/ide/signature.ts', 'signatureAt', [text, offset]);
const lineStartBefore = (text: string, offset: number): Promise<number> => callBounded('core/src/ide/line-tokens.ts', 'lineStartBefore', [text, offset]);

describe('completion and signature help end on every input', () => {
  it('completes at the start of a file whose first line is empty', async () => {
    const top = await completeAt('\n', 0);
    assert.deepEqual(top.map((e) => e.label), ['topology', 'import']);
    assert.deepEqual(top[0].replace, { start: 0, end: 0 });
    assert.deepEqual((await completeAt('\ntopology t { }', 1)).map((e) => e.label), ['topology', 'import']);
    assert.deepEqual((await completeAt('\n ', 2)).map((e) => e.label), ['topology', 'import']);
  });

  it('completes inside blocks below an empty first line (and several)', async () => {
    const text = '\ntopology t {\n  host h {\n    memory = 1GiB\n  }\n}\n';
    const inHost = text.indexOf('    memory') + 4;
    const labels = (await completeAt(text, inHost)).map((e) => e.label);
    assert.ok(labels.includes('container'), labels.join(' '));
    assert.ok(!labels.includes('memory'), 'memory is already set');
    const nested = '\n\n\r\ntopology t {\n\n  host h {\n';
    assert.deepEqual(enclosing(nested, nested.length), [['topology', 't'], ['host', 'h']]);
  });

  it('signature help below an empty first line', async () => {
    const text = '\n    cpu = burst(base = 1, ';
    const s = await signatureAt(text, text.length);
    assert.equal(s?.pattern.name, 'burst');
    assert.equal(s?.active, 1);
    assert.equal(await signatureAt('\n', 0), undefined);
  });

  it('a line starts at or before its offset, never after', async () => {
    assert.equal(await lineStartBefore('\n', 0), 0);
    assert.equal(await lineStartBefore('\nab', 1), 1);
    assert.equal(await lineStartBefore('\nab', 3), 1);
    assert.equal(await lineStartBefore('ab\n\ncd', 3), 3);
  });

  it('reads block headers as the parser does: kind, name, quoted or numeric label, left open', () => {
    const text = 'topology t {\n  host "node 1" {\n    hypervisor kvm {\n      vm 101 {\n        ';
    assert.deepEqual(enclosing(text, text.length), [['topology', 't'], ['host', 'node 1'], ['hypervisor', 'kvm'], ['vm', '101']]);
    // The cursor in a header is not yet inside its block.
    assert.deepEqual(enclosing('topology t {\n  host h {', 'topology t {\n  host'.length), [['topology', 't']]);
  });
});

describe('completion and signature help are linear in the line length', () => {
  // Lines that made the unanchored regular expressions backtrack over the whole line at every start.
  const long = (n: number): Record<string, string> => ({
    word: 'a'.repeat(n),
    'word then =': `${'a'.repeat(n)} =`,
    'header before {': `${'a'.repeat(n)} = { `,
    'dotted words': `${'a.'.repeat(n / 2)}!`,
    'call after a word': `cpu = ${'a'.repeat(n)};(`,
    'value of a call': `cpu = burst(base = ${'1'.repeat(n)}!`,
    'braces and strings': '"x"{'.repeat(n / 4),
  });
  for (const n of [200_000, 1_000_000]) {
    for (const [name, line] of Object.entries(long(n))) {
      it(`${name}, ${n.toLocaleString('en-US')} characters: completion and signature help return`, async () => {
        const text = `topology t {\n  host h {\n    workload {\n${line}`;
        // 20 s: only a hang or a quadratic scan (minutes) can exceed it.
        const entries = await callBounded<CompletionEntry[]>('core/src/ide/completion.ts', 'completeAt', [text, text.length], 20_000);
        assert.ok(Array.isArray(entries));
        const s = await callBounded<unknown>('core/src/ide/signature.ts', 'signatureAt', [text, text.length], 20_000);
        assert.ok(s === undefined || typeof s === 'object');
      });
    }
  }
});

describe('VMware conversion is linear in the length of a name', () => {
  it('a display name with a 200,000-dash run converts (was 12 s for 100,000)', async () => {
    const text = `.encoding = "UTF-8"\ndisplayName = "a${'-'.repeat(200_000)}b"\nnumvcpus = "2"\n`;
    const out = await callBounded<string>('core/src/ide/convert-vmware.ts', 'convertVmware', [text], 20_000);
    assert.match(out, /vm a-+b \{/);
  });
});
