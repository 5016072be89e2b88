/** Capabilities and the document lifecycle through the real protocol: diagnostics after edits, importers re-checked, VMware files. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, FIXTURES, positionOf, TestServer } from './client';

describe('language server lifecycle', () => {
  let server: TestServer;
  let capabilities: Record<string, unknown>;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    capabilities = (await server.initialize()).capabilities;
  });
  after(() => server.stop());

  it('announces every feature it implements', () => {
    for (const cap of [
      'hoverProvider',
      'completionProvider',
      'signatureHelpProvider',
      'definitionProvider',
      'referencesProvider',
      'documentHighlightProvider',
      'renameProvider',
      'documentSymbolProvider',
      'workspaceSymbolProvider',
      'foldingRangeProvider',
      'selectionRangeProvider',
      'documentLinkProvider',
      'documentFormattingProvider',
      'documentRangeFormattingProvider',
      'semanticTokensProvider',
      'codeActionProvider',
      'codeLensProvider',
      'inlayHintProvider',
      'executeCommandProvider',
    ]) {
      assert.ok(capabilities[cap], `missing ${cap}`);
    }
    assert.deepEqual((capabilities.textDocumentSync as { change: number }).change, 2, 'incremental sync');
    const tokens = capabilities.semanticTokensProvider as { full: boolean; range: boolean; legend: { tokenTypes: string[] } };
    assert.equal(tokens.full, true);
    assert.equal(tokens.range, true);
    assert.ok(tokens.legend.tokenTypes.includes('property'));
  });

  it('publishes diagnostics for an edit and clears them when it is undone', async () => {
    const f = fixture('broken.vmx');
    const first = await server.open(f.uri, f.text);
    assert.deepEqual(first.diagnostics, []);
    // Misspell an attribute: VMX102 with a did-you-mean, on the attribute name.
    const at = positionOf(f.text, 'memory = 8GiB');
    const bad = await server.edit(f.uri, { start: at, end: { line: at.line, character: at.character + 6 } }, 'memroy');
    const d = bad.diagnostics.find((x) => x.code === 'VMX102');
    assert.ok(d, JSON.stringify(bad.diagnostics));
    assert.match(d.message, /did you mean 'memory'/);
    assert.deepEqual(d.range.start, at);
    const fixed = await server.edit(f.uri, { start: at, end: { line: at.line, character: at.character + 6 } }, 'memory');
    assert.deepEqual(fixed.diagnostics.filter((x) => x.code === 'VMX102'), []);
  });

  it('a syntax error gives one error and the rest is still checked', async () => {
    const uri = pathToFileURL(join(FIXTURES, 'syntax-scratch.vmx')).href;
    const text = 'topology t {\n  host h {\n    memory = = 4GiB\n    cpu { cores = 2 }\n    swap = 4Gb\n  }\n}\n';
    const d = await server.open(uri, text);
    assert.equal(d.diagnostics.filter((x) => x.code === 'VMX100').length, 1);
    assert.ok(d.diagnostics.some((x) => x.code === 'VMX103' && x.range.start.line === 4), JSON.stringify(d.diagnostics));
  });

  it('re-checks an open file when a file it imports changes', async () => {
    const root = fixture('rack.vmx');
    const imported = fixture('volumes.vmx');
    await server.open(root.uri, root.text);
    await server.open(imported.uri, imported.text);
    // Give the imported host the root's host name: the importer is re-analysed with the new text
    // (the id collision is reported in the imported file, where the second declaration is).
    const at = positionOf(imported.text, 'host node-2', 5);
    const rootAgain = server.diagnostics(root.uri);
    const importedAgain = await server.edit(imported.uri, { start: at, end: { line: at.line, character: at.character + 6 } }, 'node-1');
    assert.ok(importedAgain.diagnostics.some((x) => x.code === 'VMX105'), JSON.stringify(importedAgain.diagnostics));
    const again = await rootAgain;
    assert.equal(again.version, 1, 'the importer is re-published at its own version');
    assert.ok(again.diagnostics.some((x) => x.code === 'VMX216'));
    // Undo, so later tests see the fixture as written.
    await server.edit(imported.uri, { start: at, end: { line: at.line, character: at.character + 6 } }, 'node-2');
  });

  it('re-checks an open file when a file it imports changes on disk (not open)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmx-watch-'));
    try {
      writeFileSync(join(dir, 'other.vmx'), 'topology t {\n  host b {\n    memory = 4GiB\n    cpu { cores = 2 }\n  }\n}\n');
      const rootUri = pathToFileURL(join(dir, 'root.vmx')).href;
      const first = await server.open(rootUri, 'import "other.vmx"\ntopology t {\n  host a {\n    memory = 4GiB\n    cpu { cores = 2 }\n  }\n}\n');
      assert.deepEqual(first.diagnostics.filter((x) => x.code === 'VMX109'), []);
      rmSync(join(dir, 'other.vmx'));
      const again = server.diagnostics(rootUri);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'other.vmx')).href, type: 3 }] });
      const d = await again;
      assert.ok(d.diagnostics.some((x) => x.code === 'VMX109' && x.range.start.line === 0), JSON.stringify(d.diagnostics));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a VMware configuration gets one information message and nothing else', async () => {
    const f = fixture('vmware.vmx');
    const d = await server.open(f.uri, f.text);
    assert.equal(d.diagnostics.length, 1);
    assert.equal(d.diagnostics[0].code, 'VMX001');
    assert.equal(d.diagnostics[0].severity, 3);
    assert.equal(d.diagnostics[0].range.start.line, 0);
  });

  it('severity settings apply: a code turned off disappears', async () => {
    const s = new TestServer({ simulateOnType: false, severities: { VMX216: 'off', VMX207: 'error' } });
    try {
      await s.initialize();
      const root = fixture('rack.vmx');
      let d = await s.open(root.uri, root.text);
      // Settings arrive asynchronously after initialized: wait for the re-publish that applies them.
      for (let i = 0; i < 20 && d.diagnostics.some((x) => x.code === 'VMX216'); i++) d = await s.diagnostics(root.uri);
      assert.deepEqual(d.diagnostics.filter((x) => x.code === 'VMX216'), []);
      const fx = fixture('fixes.vmx');
      const fd = await s.open(fx.uri, fx.text);
      assert.equal(fd.diagnostics.find((x) => x.code === 'VMX207')?.severity, 1);
    } finally {
      await s.stop();
    }
  });

  it('binary garbage does not crash the server', async () => {
    const uri = pathToFileURL(join(FIXTURES, 'garbage-scratch.vmx')).href;
    const garbage = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    const d = await server.open(uri, garbage);
    assert.ok(d.diagnostics.length >= 1);
    const hover = await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.ok(hover === null || typeof hover === 'object');
    const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
  });
});
