/**
 * Server → client requests (LSP 3.17): sent only when the client declares
 * it supports them, and the shapes of the navigation and structure answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { positionOf, Range, RawClient, ROOT } from './raw-client';

const FIX = join(ROOT, 'test', 'fixtures', 'server');
const TWO = { uri: pathToFileURL(join(FIX, 'two-hosts.vmx')).href, text: readFileSync(join(FIX, 'two-hosts.vmx'), 'utf8') };

async function simulateWith(capabilities: Record<string, unknown>): Promise<RawClient> {
  const c = new RawClient();
  await c.initialize(capabilities);
  c.open(TWO.uri, TWO.text);
  await c.diagnostics(TWO.uri, 1);
  await c.request('vmx/simulate', { uri: TWO.uri }, 60000);
  // The refreshes follow the run's answer; a generous wait (only their absence is slow).
  await new Promise((r) => setTimeout(r, 500));
  return c;
}

describe('server → client requests', () => {
  it('workspace/inlayHint/refresh and workspace/codeLens/refresh only with refreshSupport', async () => {
    const withRefresh = await simulateWith({ workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } } });
    try {
      assert.ok(withRefresh.messages('workspace/inlayHint/refresh').length >= 1);
      assert.ok(withRefresh.messages('workspace/codeLens/refresh').length >= 1);
    } finally {
      await withRefresh.stop();
    }
    const without = await simulateWith({});
    try {
      assert.deepEqual(without.messages('workspace/inlayHint/refresh'), []);
      assert.deepEqual(without.messages('workspace/codeLens/refresh'), []);
      assert.deepEqual(without.messages('workspace/diagnostic/refresh'), [], 'a push client is never asked to refresh diagnostics');
    } finally {
      await without.stop();
    }
  });

  it('window/workDoneProgress/create only with window.workDoneProgress (the code lens command)', async () => {
    for (const progress of [true, false]) {
      const c = new RawClient();
      try {
        await c.initialize(progress ? { window: { workDoneProgress: true } } : {});
        c.open(TWO.uri, TWO.text);
        await c.diagnostics(TWO.uri, 1);
        const r = await c.request<{ summary: string }>('workspace/executeCommand', { command: 'vmx.runSimulation', arguments: [TWO.uri] }, 60000);
        assert.match(r.summary, /^Simulated 20s/);
        assert.equal(c.messages('window/workDoneProgress/create').length, progress ? 1 : 0);
        if (progress) {
          const token = (c.messages('window/workDoneProgress/create')[0].params as { token: unknown }).token;
          const kinds = c.messages('$/progress').filter((m) => (m.params as { token: unknown }).token === token).map((m) => (m.params as { value: { kind: string } }).value.kind);
          assert.equal(kinds[0], 'begin');
          assert.equal(kinds.at(-1), 'end');
        } else assert.deepEqual(c.messages('$/progress'), [], 'no progress without a token');
      } finally {
        await c.stop();
      }
    }
  });

  it('executeCommand of a command the server does not list is an error, not a silent null', async () => {
    const c = new RawClient();
    try {
      const init = await c.initialize({});
      assert.ok(!init.capabilities.executeCommandProvider.commands.includes('vmx.nothing'));
      const r = await c.call('workspace/executeCommand', { command: 'vmx.nothing', arguments: [] });
      assert.equal(r.error?.code, -32602, JSON.stringify(r));
    } finally {
      await c.stop();
    }
  });
});

describe('navigation and structure answers', () => {
  it('definition → Location, documentHighlight → DocumentHighlight[], foldingRange, selectionRange (one per position, nested), documentLink', async () => {
    const text = 'import "two-hosts.vmx"\ntopology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container web { user = "a" }\n    container api {\n      user = "a"\n      namespaces { net = container("web") }\n    }\n  }\n}\n';
    const uri = pathToFileURL(join(FIX, 'conformance-nav.vmx')).href;
    const c = new RawClient();
    try {
      await c.initialize({ textDocument: { foldingRange: { lineFoldingOnly: true } } });
      c.open(uri, text);
      await c.diagnostics(uri, 1);
      const ref = positionOf(text, 'container("web")', 12);
      const def = await c.request<{ uri: string; range: Range } | null>('textDocument/definition', { textDocument: { uri }, position: ref });
      assert.ok(def, 'container("web") has a definition');
      assert.equal(def.uri, uri);
      assert.deepEqual(def.range.start.line, positionOf(text, 'container web').line);
      const highlights = await c.request<{ range: Range; kind?: number }[]>('textDocument/documentHighlight', { textDocument: { uri }, position: ref });
      assert.ok(highlights.length >= 2);
      for (const h of highlights) assert.ok(h.kind === undefined || [1, 2, 3].includes(h.kind), 'DocumentHighlightKind is 1, 2 or 3');
      const folds = await c.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
      assert.ok(folds.some((f) => f.startLine === 1 && f.endLine >= 10), JSON.stringify(folds));
      for (const f of folds) assert.ok(f.endLine > f.startLine);
      const positions = [ref, positionOf(text, 'memory')];
      const sel = await c.request<{ range: Range; parent?: unknown }[]>('textDocument/selectionRange', { textDocument: { uri }, positions });
      assert.equal(sel.length, positions.length, 'one SelectionRange per position');
      for (const s of sel) {
        // Each parent contains its child (LSP: "the parent selection range containing this range").
        let cur = s as { range: Range; parent?: { range: Range; parent?: unknown } } | undefined;
        while (cur?.parent) {
          const p = cur.parent;
          const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
          assert.ok(before(p.range.start, cur.range.start) && before(cur.range.end, p.range.end), JSON.stringify(cur));
          cur = p as typeof cur;
        }
      }
      const links = await c.request<{ range: Range; target?: string }[]>('textDocument/documentLink', { textDocument: { uri } });
      assert.equal(links.length, 1);
      assert.equal(links[0].target, TWO.uri);
    } finally {
      await c.stop();
    }
  });
});
