/**
 * Defects the LSP fuzzer (lsp.test.ts) found, each kept as a fixed case
 * through the real server, with the same checks (lib/lsp-checks.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestServer } from '../server/client';
import { withTimeout } from '../robustness/lib';
import { diagnosticProblems, placeProblems } from './lib/lsp-checks';
import { linesOf } from './lib/lsp-document';

describe('LSP fuzzer regressions', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  /** Every answer about the document and its diagnostics lie inside it. */
  async function assertPlacesInside(uri: string, text: string): Promise<void> {
    const lines = linesOf(text);
    const d = await withTimeout(server.open(uri, text), 30000, 'diagnostics');
    assert.deepEqual(diagnosticProblems(d.diagnostics, uri, lines), []);
    const everything = { start: { line: 0, character: 0 }, end: { line: lines.starts.length, character: 0 } };
    const requests: [string, unknown][] = [
      ['textDocument/semanticTokens/full', { textDocument: { uri } }],
      ['textDocument/semanticTokens/range', { textDocument: { uri }, range: everything }],
      ['textDocument/documentSymbol', { textDocument: { uri } }],
      ['textDocument/foldingRange', { textDocument: { uri } }],
      ['textDocument/selectionRange', { textDocument: { uri }, positions: lines.starts.map((_, line) => ({ line, character: 1e6 })) }],
      ['textDocument/codeAction', { textDocument: { uri }, range: everything, context: { diagnostics: [] } }],
      ['textDocument/codeLens', { textDocument: { uri } }],
      ['vmx/topology', { uri }],
    ];
    for (const [method, params] of requests) assert.deepEqual(placeProblems(method, await server.request(method, params), uri, (u) => (u === uri ? lines : undefined)), [], method);
  }

  it('an unterminated string before a CRLF: tokens, symbols and diagnostics end at the line end, not between CR and LF', async () => {
    // Found with seed 777: the string token (and the block around it) ended on the CR, one past the line's end.
    const text = 'topology t {\r\n  host h {\r\n    os linux { kernel = "6.1.0-26-cloud-am\r\n    memory = 1GiB\r\n  }\r\n}\r\n';
    await assertPlacesInside('file:///fuzz/regressions/crlf-string.vmx', text);
  });

  it('the same with a lone CR and at the end of the file', async () => {
    await assertPlacesInside('file:///fuzz/regressions/cr-string.vmx', 'topology t {\r  host h { memory = "1GiB\r\n}\r"abc\r\n');
  });
});
