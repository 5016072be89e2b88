/**
 * Standard requests whose answers the LSP 3.17 constrains, over raw stdio:
 * formatting (TextEdit[] that, applied, give a text the formatter leaves
 * alone — also with CRLF line ends), and the document-sync basics the other
 * suites rely on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Range, RawClient } from './raw-client';

type Edit = { range: Range; newText: string };

/** Apply LSP edits (UTF-16 positions; CR, LF and CRLF end lines, as the LSP says). */
function applyEdits(text: string, edits: Edit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') {
      starts.push(i + 2);
      i++;
    } else if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }): number => (p.line >= starts.length ? text.length : starts[p.line] + p.character);
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const MESSY = ['topology   t {', 'host h {', '      memory =   8GiB', '  cpu {cores = 2}', '}', '}', ''];

describe('formatting', () => {
  let c: RawClient;
  before(async () => {
    c = new RawClient();
    await c.initialize({});
  });
  after(() => c.stop());

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`${name}: edits that format the file, then [] for the formatted text; line ends kept`, async () => {
      const uri = `file:///conformance/format-${name}.vmx`;
      const text = MESSY.join(eol);
      c.open(uri, text);
      const edits = await c.request<Edit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.ok(edits.length > 0);
      const formatted = applyEdits(text, edits);
      assert.equal(formatted, ['topology t {', '  host h {', '    memory = 8GiB', '    cpu { cores = 2 }', '  }', '}', ''].join(eol));
      // Line ends are the document's: no lone LF in a CRLF document.
      if (eol === '\r\n') assert.doesNotMatch(formatted, /[^\r]\n/);
      c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: formatted }] });
      const again = await c.request<Edit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(again, [], 'a formatted document gets no edits');
      const range = await c.request<Edit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 1 } }, options: { tabSize: 2, insertSpaces: true } });
      assert.deepEqual(range, []);
    });
  }

  it('formatting a document that is not open answers [] (nothing to edit), not an error', async () => {
    const r = await c.call('textDocument/formatting', { textDocument: { uri: 'file:///conformance/never-opened.vmx' }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(r.error, undefined);
    assert.deepEqual(r.result, []);
  });
});

describe('document synchronisation', () => {
  it('publishDiagnostics carries the version of the document it is about; didClose clears them (push client)', async () => {
    const c = new RawClient();
    try {
      const init = await c.initialize({});
      const sync = init.capabilities.textDocumentSync as { openClose: boolean; change: number };
      assert.equal(sync.openClose, true);
      assert.equal(sync.change, 2, 'incremental');
      const uri = 'file:///conformance/sync.vmx';
      c.open(uri, 'topology t {\n  host h {\n    memroy = 1GiB\n  }\n}\n', 7);
      const d = await c.diagnostics(uri, 7);
      assert.equal(d.version, 7);
      assert.ok(d.diagnostics.length > 0);
      const cleared = c.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { diagnostics: unknown[] }).diagnostics.length === 0, 10000, 'cleared');
      c.notify('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual(((await cleared).params as { uri: string }).uri, uri);
    } finally {
      await c.stop();
    }
  });
});
