/**
 * Capability matrices (LSP 3.17): each feature whose answer depends on what
 * the client declares, asked by one client that declares the capability and
 * one that does not, over raw stdio. What each must get is what the
 * specification says for that capability.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspDiagnostic, positionOf, RawClient, ROOT } from './raw-client';

const FIX = join(ROOT, 'test', 'fixtures', 'server');
const fixture = (name: string) => ({ uri: pathToFileURL(join(FIX, name)).href, text: readFileSync(join(FIX, name), 'utf8') });

/** Markdown syntax a plain-text client would show literally. */
const MARKDOWN = /\*\*|`|^#{1,6} |\[[^\]]*\]\([^)]*\)|^```/m;

async function session<T>(capabilities: Record<string, unknown>, run: (c: RawClient, init: { capabilities: Record<string, any> }) => Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  const c = new RawClient();
  try {
    const init = await c.initialize(capabilities, extra);
    return await run(c, init);
  } finally {
    await c.stop();
  }
}

const HOVER_TEXT = 'topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 4 }\n  }\n}\n';
const HOVER_URI = 'file:///conformance/caps-hover.vmx';

describe('capability matrix', () => {
  it('hover: markdown to a client listing markdown, plain text without markdown syntax to a plaintext-only client', async () => {
    const position = positionOf(HOVER_TEXT, 'memory', 2);
    const ask = (c: RawClient) => {
      c.open(HOVER_URI, HOVER_TEXT);
      return c.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: HOVER_URI }, position });
    };
    const md = await session({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } }, ask);
    assert.equal(md.contents.kind, 'markdown');
    assert.match(md.contents.value, MARKDOWN, 'the markdown client gets markdown');
    const plain = await session({ textDocument: { hover: { contentFormat: ['plaintext'] } } }, ask);
    assert.equal(plain.contents.kind, 'plaintext');
    assert.doesNotMatch(plain.contents.value, MARKDOWN, plain.contents.value);
    assert.match(plain.contents.value, /memory/, 'the same words');
    // The client's order is its preference: plaintext first wins.
    const prefersPlain = await session({ textDocument: { hover: { contentFormat: ['plaintext', 'markdown'] } } }, ask);
    assert.equal(prefersPlain.contents.kind, 'plaintext');
  });

  it('completion: snippets only with snippetSupport; documentation in the declared documentationFormat, lazily (completionItem/resolve) with resolveSupport', async () => {
    const text = 'topology t {\n  host h {\n    \n  }\n}\n';
    const uri = 'file:///conformance/caps-completion.vmx';
    const position = { line: 2, character: 4 };
    type Item = { label: string; insertTextFormat?: number; textEdit?: { newText: string }; insertText?: string; documentation?: unknown; data?: unknown };
    const run = (c: RawClient, init: { capabilities: Record<string, any> }) => {
      assert.equal(init.capabilities.completionProvider?.resolveProvider, true, 'completionItem/resolve advertised');
      c.open(uri, text);
      return c.request<Item[]>('textDocument/completion', { textDocument: { uri }, position });
    };
    const plainItems = await session({ textDocument: { completion: { completionItem: { documentationFormat: ['plaintext'], resolveSupport: { properties: ['documentation'] } } } } }, async (c, init) => {
      const items = await run(c, init);
      assert.ok(items.length > 0);
      for (const i of items) {
        assert.notEqual(i.insertTextFormat, 2, `${i.label}: a snippet to a client without snippetSupport`);
        const inserted = i.textEdit?.newText ?? i.insertText ?? i.label;
        assert.doesNotMatch(inserted, /\$\{?\d|\$0/, `${i.label}: snippet syntax in plain text`);
      }
      const withDoc = items.find((i) => i.data !== undefined);
      assert.ok(withDoc, 'items carry data for resolve');
      assert.ok(items.every((i) => i.documentation === undefined), 'documentation left to resolve');
      const resolved = await c.request<Item>('completionItem/resolve', withDoc);
      const doc = resolved.documentation as { kind: string; value: string };
      assert.equal(doc.kind, 'plaintext');
      assert.doesNotMatch(doc.value, MARKDOWN);
      assert.equal(resolved.label, withDoc.label, 'resolve keeps the item');
      return items;
    });
    await session({ textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'], resolveSupport: { properties: ['documentation'] } } } } }, async (c, init) => {
      const items = await run(c, init);
      assert.ok(items.some((i) => i.insertTextFormat === 2), 'a snippet client gets snippets');
      assert.equal(items.length, plainItems.length, 'the same items');
      const withDoc = items.find((i) => i.data !== undefined)!;
      const resolved = await c.request<Item>('completionItem/resolve', withDoc);
      assert.equal((resolved.documentation as { kind: string }).kind, 'markdown');
    });
    // No resolveSupport: the documentation comes in the items (a client may never resolve), resolve still answers.
    await session({ textDocument: { completion: { completionItem: { documentationFormat: ['plaintext'] } } } }, async (c, init) => {
      const items = await run(c, init);
      const withDoc = items.filter((i) => i.documentation !== undefined);
      assert.equal(withDoc.length, items.filter((i) => i.data !== undefined).length, 'every documented item has it');
      assert.ok(withDoc.length > 0);
      for (const i of withDoc) assert.equal((i.documentation as { kind: string }).kind, 'plaintext');
      const resolved = await c.request<Item>('completionItem/resolve', withDoc[0]);
      assert.deepEqual(resolved.documentation, withDoc[0].documentation);
    });
  });

  it('signature help: documentation in signatureInformation.documentationFormat', async () => {
    const text = 'topology t {\n  host h {\n    container c {\n      workload { cpu = burst(base = 1, ) }\n    }\n  }\n}\n';
    const uri = 'file:///conformance/caps-signature.vmx';
    const position = positionOf(text, 'base = 1, ', 10);
    type Sig = { signatures: { documentation?: { kind: string; value: string } | string; parameters?: { documentation?: unknown }[] }[] };
    const ask = (c: RawClient) => {
      c.open(uri, text);
      return c.request<Sig>('textDocument/signatureHelp', { textDocument: { uri }, position });
    };
    const plain = await session({ textDocument: { signatureHelp: { signatureInformation: { documentationFormat: ['plaintext'] } } } }, ask);
    const doc = plain.signatures[0].documentation as { kind: string; value: string };
    assert.equal(doc.kind, 'plaintext');
    assert.doesNotMatch(doc.value, MARKDOWN);
    for (const p of plain.signatures[0].parameters ?? []) if (typeof p.documentation === 'string') assert.doesNotMatch(p.documentation, MARKDOWN);
    const md = await session({ textDocument: { signatureHelp: { signatureInformation: { documentationFormat: ['markdown'] } } } }, ask);
    assert.equal((md.signatures[0].documentation as { kind: string }).kind, 'markdown');
  });

  it('documentSymbol: DocumentSymbol[] only with hierarchicalDocumentSymbolSupport, else SymbolInformation[]', async () => {
    const f = fixture('two-hosts.vmx');
    const ask = (c: RawClient) => {
      c.open(f.uri, f.text);
      return c.request<Record<string, unknown>[]>('textDocument/documentSymbol', { textDocument: { uri: f.uri } });
    };
    const flat = await session({}, ask);
    assert.ok(flat.length > 1);
    for (const s of flat) {
      // SymbolInformation: name, kind, location { uri, range }; no selectionRange, no children.
      assert.equal(typeof s.name, 'string');
      assert.equal(typeof s.kind, 'number');
      assert.equal((s.location as { uri: string }).uri, f.uri);
      assert.ok((s.location as { range: unknown }).range);
      assert.equal(s.selectionRange, undefined);
      assert.equal(s.children, undefined);
    }
    assert.ok(flat.some((s) => typeof s.containerName === 'string'), 'nested symbols name their container');
    const tree = await session({ textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } }, ask);
    for (const s of tree) {
      assert.ok(s.range && s.selectionRange, 'DocumentSymbol has range and selectionRange');
      assert.equal(s.location, undefined);
    }
    assert.ok(tree.some((s) => Array.isArray(s.children) && (s.children as unknown[]).length > 0));
    const count = (list: Record<string, unknown>[]): number => list.reduce((n, s) => n + 1 + count((s.children as Record<string, unknown>[]) ?? []), 0);
    assert.equal(count(tree), flat.length, 'the same symbols, flattened');
  });

  it('codeAction: Command[] without codeActionLiteralSupport, CodeAction literals with it, edits by codeAction/resolve with resolveSupport edit', async () => {
    const f = fixture('fixes.vmx');
    const ringDiagnostic = async (c: RawClient): Promise<LspDiagnostic> => {
      c.open(f.uri, f.text);
      const d = await c.diagnostics(f.uri, 1);
      const ring = d.diagnostics.find((x) => x.code === 'VMX206');
      assert.ok(ring, JSON.stringify(d.diagnostics.map((x) => x.code)));
      return ring;
    };
    // No literal support: Commands, each one the server executes (listed in executeCommandProvider), applying the edit through workspace/applyEdit.
    await session({ workspace: { applyEdit: true } }, async (c, init) => {
      assert.equal(init.capabilities.codeActionProvider, true, 'no code action kinds / resolve to a client without literal support');
      const ring = await ringDiagnostic(c);
      const edits: unknown[] = [];
      c.handlers.set('workspace/applyEdit', (p) => {
        edits.push(p);
        return { applied: true };
      });
      const commands = await c.request<{ title: string; command: string; arguments?: unknown[]; kind?: unknown; edit?: unknown }[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: ring.range, context: { diagnostics: [ring] } });
      assert.ok(commands.length > 0);
      for (const cmd of commands) {
        assert.equal(typeof cmd.command, 'string', 'a Command has a command id');
        assert.ok(init.capabilities.executeCommandProvider.commands.includes(cmd.command), cmd.command);
        assert.equal(cmd.kind, undefined, 'not a CodeAction literal');
        assert.equal(cmd.edit, undefined);
      }
      const setRing = commands.find((x) => x.title === 'Set ring = 3')!;
      const r = await c.request<{ applied: boolean }>('workspace/executeCommand', { command: setRing.command, arguments: setRing.arguments });
      assert.equal(r.applied, true);
      const applied = edits[0] as { edit: { changes: Record<string, { newText: string }[]> } };
      assert.ok(applied.edit.changes[f.uri].some((e) => /ring = 3/.test(e.newText) || e.newText === '3'), JSON.stringify(applied));
    });
    const literal = { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } } };
    await session({ textDocument: { codeAction: literal } }, async (c, init) => {
      assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'refactor.rewrite']);
      assert.ok(!init.capabilities.codeActionProvider.resolveProvider, 'no resolve without resolveSupport');
      const ring = await ringDiagnostic(c);
      const actions = await c.request<{ title: string; kind: string; edit?: { changes: Record<string, unknown[]> } }[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: ring.range, context: { diagnostics: [ring] } });
      const setRing = actions.find((a) => a.title === 'Set ring = 3');
      assert.ok(setRing?.edit?.changes[f.uri].length, JSON.stringify(actions));
      assert.equal(setRing.kind, 'quickfix');
    });
    await session({ textDocument: { codeAction: { ...literal, dataSupport: true, resolveSupport: { properties: ['edit'] } } } }, async (c, init) => {
      assert.equal(init.capabilities.codeActionProvider.resolveProvider, true);
      const ring = await ringDiagnostic(c);
      const actions = await c.request<{ title: string; edit?: unknown; data?: unknown }[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: ring.range, context: { diagnostics: [ring] } });
      const setRing = actions.find((a) => a.title === 'Set ring = 3');
      assert.ok(setRing, JSON.stringify(actions));
      assert.equal(setRing.edit, undefined, 'the edit is left for codeAction/resolve');
      const resolved = await c.request<{ title: string; edit?: { changes: Record<string, { newText: string }[]> } }>('codeAction/resolve', setRing);
      assert.equal(resolved.title, setRing.title);
      assert.ok(resolved.edit?.changes[f.uri].length, JSON.stringify(resolved));
    });
  });

  it('dynamic registration only for the capabilities the client declares dynamicRegistration for', async () => {
    const registrations = async (c: RawClient): Promise<string[]> => {
      // initialized was sent; give the server time to register (a generous wait, it registers at once).
      await c.request('workspace/symbol', { query: '' });
      await new Promise((r) => setTimeout(r, 300));
      return c.messages('client/registerCapability').flatMap((m) => (m.params as { registrations: { method: string }[] }).registrations.map((r) => r.method));
    };
    const none = await session({ workspace: { configuration: true, didChangeConfiguration: {}, didChangeWatchedFiles: {} } }, registrations);
    assert.deepEqual(none, [], 'nothing registered dynamically for a client that declares no dynamicRegistration');
    const both = await session({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } } }, registrations);
    assert.deepEqual(both.sort(), ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    const watchOnly = await session({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, registrations);
    assert.deepEqual(watchOnly, ['workspace/didChangeWatchedFiles']);
  });

  it('diagnostics: pull (diagnosticProvider, no publishDiagnostics) with textDocument.diagnostic, push without — never both', async () => {
    const uri = 'file:///conformance/caps-diagnostics.vmx';
    const text = 'topology t {\n  host h {\n    memroy = 8GiB\n  }\n}\n';
    await session({ textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: true } } }, async (c, init) => {
      assert.equal(init.capabilities.diagnosticProvider?.interFileDependencies, true);
      assert.equal(init.capabilities.diagnosticProvider?.workspaceDiagnostics, true);
      c.open(uri, text);
      const report = await c.request<{ kind: string; resultId?: string; items: LspDiagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.ok(report.items.some((d) => d.code === 'VMX102'));
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(c.messages('textDocument/publishDiagnostics'), [], 'a pull client gets no pushed diagnostics');
    });
    // relatedDocumentSupport false (as VS Code declares it): no relatedDocuments in the reports.
    await session({ textDocument: { diagnostic: { relatedDocumentSupport: false } } }, async (c) => {
      const lib = 'file:///conformance/caps-lib.vmx';
      const root = 'file:///conformance/caps-root.vmx';
      c.open(lib, 'topology t {\n  host h { memory = 1GiB; cpu { cores = 1 } }\n}\n');
      c.open(root, 'import "caps-lib.vmx"\ntopology t {\n  host h { memory = 1GiB; cpu { cores = 1 } }\n}\n');
      for (const uri of [root, lib]) {
        const report = await c.request<{ kind: string; relatedDocuments?: unknown }>('textDocument/diagnostic', { textDocument: { uri } });
        assert.equal(report.kind, 'full');
        assert.equal(report.relatedDocuments, undefined, `${uri}: relatedDocuments to a client without relatedDocumentSupport`);
      }
    });
    await session({}, async (c, init) => {
      assert.equal(init.capabilities.diagnosticProvider, undefined, 'no diagnosticProvider for a push client');
      c.open(uri, text);
      const d = await c.diagnostics(uri, 1);
      assert.ok(d.diagnostics.some((x) => x.code === 'VMX102'));
    });
  });

  it('positionEncoding: the server picks from the client’s list, UTF-16 whenever offered, UTF-8 when only it is', async () => {
    const pick = (encodings?: string[]) => session(encodings ? { general: { positionEncodings: encodings } } : {}, async (_c, init) => init.capabilities.positionEncoding);
    assert.equal(await pick(['utf-8']), 'utf-8');
    assert.equal(await pick(['utf-8', 'utf-16']), 'utf-16');
    assert.equal(await pick(['utf-16', 'utf-8']), 'utf-16');
    // utf-16 must always be supported by a client (LSP 3.17): an offer without utf-8 or utf-16 still gets utf-16.
    assert.equal(await pick(['utf-32']), 'utf-16');
    // No offer: nothing answered, which means utf-16.
    assert.equal(await pick(), undefined);
  });

  it('code lenses: every lens has a command the server executes, no $(icon) syntax for a client that is not VS Code', async () => {
    const f = fixture('two-hosts.vmx');
    await session({ window: { workDoneProgress: true } }, async (c, init) => {
      c.open(f.uri, f.text);
      await c.diagnostics(f.uri, 1);
      await c.request('vmx/simulate', { uri: f.uri }, 60000);
      const lenses = await c.request<{ range: unknown; command?: { title: string; command: string; arguments?: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: f.uri } });
      assert.ok(lenses.length >= 2);
      for (const l of lenses) {
        assert.ok(l.command, 'codeLensProvider has no resolveProvider: every lens comes with its command');
        assert.ok(l.command.command.length > 0, `empty command id: ${l.command.title}`);
        assert.ok(init.capabilities.executeCommandProvider.commands.includes(l.command.command), l.command.command);
        assert.doesNotMatch(l.command.title, /\$\([a-z-~]+\)/, l.command.title);
      }
      const summary = lenses.find((l) => /^Simulated/.test(l.command!.title));
      assert.ok(summary, JSON.stringify(lenses.map((l) => l.command!.title)));
      const r = await c.request<{ summary: string }>('workspace/executeCommand', { command: summary.command!.command, arguments: summary.command!.arguments });
      assert.equal(r.summary, summary.command!.title);
    });
  });
});
