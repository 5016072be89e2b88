/**
 * Diagnostics, pushed and pulled (LSP 3.17 "Publish Diagnostics", "Pull
 * Diagnostics"), and workspace/didChangeWatchedFiles: a file that an
 * import was missing is created on disk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspDiagnostic, RawClient, until } from './raw-client';

const dir = mkdtempSync(join(tmpdir(), 'vmx-conformance-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HOST = (name: string) => `  host ${name} {\n    memory = 8GiB\n    cpu { cores = 2 }\n  }\n`;

const FULL = 'full';
type Report = { kind: string; resultId?: string; items?: LspDiagnostic[]; relatedDocuments?: Record<string, Report> };

describe('pull diagnostics', () => {
  const pullCaps = { textDocument: { diagnostic: { relatedDocumentSupport: true } }, workspace: { diagnostics: { refreshSupport: true } }, window: { workDoneProgress: true } };

  it('textDocument/diagnostic: a full report, unchanged for the same resultId, full again after an edit', async () => {
    const c = new RawClient();
    try {
      await c.initialize(pullCaps);
      const uri = 'file:///conformance/pull-a.vmx';
      c.open(uri, `topology t {\n${HOST('h')}}\n`);
      const first = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(first.kind, FULL);
      assert.deepEqual(first.items, []);
      assert.equal(typeof first.resultId, 'string');
      const same = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
      assert.equal(same.kind, 'unchanged');
      assert.equal(same.resultId, first.resultId);
      assert.equal(same.items, undefined, 'an unchanged report has no items');
      // memory → memroy: VMX102.
      c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } }, text: 'memroy' }] });
      const changed = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
      assert.equal(changed.kind, FULL);
      assert.notEqual(changed.resultId, first.resultId);
      const d = changed.items!.find((x) => x.code === 'VMX102');
      assert.ok(d, JSON.stringify(changed));
      assert.deepEqual(d.range.start, { line: 2, character: 4 });
      assert.deepEqual(c.messages('textDocument/publishDiagnostics'), []);
    } finally {
      await c.stop();
    }
  });

  it('relatedDocuments: the open files an edited file imports and the open files that import it; workspace/diagnostic covers every open file', async () => {
    const c = new RawClient();
    try {
      await c.initialize(pullCaps);
      const base = join(dir, 'pull-rel');
      const rootPath = `${base}-root.vmx`;
      const libPath = `${base}-lib.vmx`;
      const root = pathToFileURL(rootPath).href;
      const lib = pathToFileURL(libPath).href;
      const rootText = `import "pull-rel-lib.vmx"\ntopology t {\n${HOST('same')}}\n`;
      // The lib declares the same host name: VMX105 in the lib, where the second declaration is (found through the root's topology).
      const libText = `topology t {\n${HOST('same')}}\n`;
      writeFileSync(rootPath, rootText);
      writeFileSync(libPath, libText);
      c.open(root, rootText);
      c.open(lib, libText);
      const r = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri: root } });
      assert.equal(r.kind, FULL);
      assert.ok(r.relatedDocuments, JSON.stringify(r));
      assert.deepEqual(Object.keys(r.relatedDocuments), [lib]);
      const libFromRoot = r.relatedDocuments[lib];
      assert.equal(libFromRoot.kind, FULL);
      const own = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri: lib } });
      assert.deepEqual(libFromRoot.items, own.items, 'the related report is the lib’s own');
      assert.ok(own.items!.length > 0, 'the collision is reported in the lib');
      // Asked for the lib: its importer is related.
      assert.deepEqual(Object.keys(own.relatedDocuments ?? {}), [root]);
      // An edit of the lib changes what its importer reports: the client is asked to refresh.
      const refreshes = c.messages('workspace/diagnostic/refresh').length;
      c.notify('textDocument/didChange', { textDocument: { uri: lib, version: 2 }, contentChanges: [{ text: libText.replace('same', 'other') }] });
      await c.waitFor((m) => m.method === 'workspace/diagnostic/refresh', 15000, 'refresh after an edit of an import', c.messages('workspace/diagnostic/refresh').length > refreshes);

      const ws = await c.request<{ items: (Report & { uri: string; version: number | null })[] }>('workspace/diagnostic', { previousResultIds: [] });
      assert.deepEqual(ws.items.map((i) => i.uri).sort(), [root, lib].sort());
      for (const i of ws.items) {
        assert.equal(i.kind, FULL);
        assert.equal(i.version, i.uri === lib ? 2 : 1, 'the version of the document the report is about');
      }
      const again = await c.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: ws.items.map((i) => ({ uri: i.uri, value: i.resultId })) });
      assert.deepEqual(again.items.map((i) => i.kind), ['unchanged', 'unchanged']);
    } finally {
      await c.stop();
    }
  });

  it('asks the client to refresh (workspace/diagnostic/refresh) when a simulation adds findings', async () => {
    const c = new RawClient();
    try {
      await c.initialize(pullCaps);
      const uri = 'file:///conformance/pull-sim.vmx';
      // A container wanting 2 CPUs under cpu.max = 1: throttled (VMX402) after a run.
      const text = 'topology t {\n  simulate { duration = 10s }\n  host h {\n    memory = 8GiB\n    cpu { cores = 4 }\n    container c {\n      user = "app"\n      namespaces { user = private }\n      cgroup { cpu.max = 1; memory.max = 1GiB; pids.max = 50 }\n      workload { cpu = 2; memory = 256MiB }\n    }\n  }\n}\n';
      c.open(uri, text);
      const before = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
      assert.ok(!before.items!.some((d) => d.code === 'VMX402'));
      const refreshes = c.messages('workspace/diagnostic/refresh').length;
      await c.request('vmx/simulate', { uri }, 60000);
      await c.waitFor((m) => m.method === 'workspace/diagnostic/refresh', 15000, 'refresh', c.messages('workspace/diagnostic/refresh').length > refreshes);
      const afterRun = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: before.resultId });
      assert.equal(afterRun.kind, FULL);
      assert.ok(afterRun.items!.some((d) => d.code === 'VMX402'), JSON.stringify(afterRun.items!.map((d) => d.code)));
    } finally {
      await c.stop();
    }
  });
});

describe('workspace/didChangeWatchedFiles', () => {
  for (const mode of ['push', 'pull'] as const) {
    it(`${mode}: a Created event for a missing import clears VMX109 in the open importer`, async () => {
      const c = new RawClient();
      try {
        await c.initialize(mode === 'pull' ? { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true } } } : { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
        const rootPath = join(dir, `watch-${mode}-root.vmx`);
        const missingPath = join(dir, `watch-${mode}-missing.vmx`);
        const root = pathToFileURL(rootPath).href;
        const text = `import "watch-${mode}-missing.vmx"\ntopology t {\n${HOST('h')}}\n`;
        writeFileSync(rootPath, text);
        c.open(root, text);
        const codes = async (): Promise<(string | number | undefined)[]> => {
          if (mode === 'pull') return (await c.request<Report>('textDocument/diagnostic', { textDocument: { uri: root } })).items!.map((d) => d.code);
          const last = c.messages('textDocument/publishDiagnostics').filter((m) => (m.params as { uri: string }).uri === root).at(-1);
          return last ? (last.params as { diagnostics: LspDiagnostic[] }).diagnostics.map((d) => d.code) : ['none yet'];
        };
        if (mode === 'push') await c.diagnostics(root, 1);
        assert.ok((await codes()).includes('VMX109'), 'the import is missing');
        writeFileSync(missingPath, `topology t {\n${HOST('other')}}\n`);
        const refreshes = c.messages('workspace/diagnostic/refresh').length;
        c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(missingPath).href, type: 1 }] });
        if (mode === 'pull') await c.waitFor((m) => m.method === 'workspace/diagnostic/refresh', 15000, 'refresh', c.messages('workspace/diagnostic/refresh').length > refreshes);
        await until('VMX109 cleared', async () => !(await codes()).includes('VMX109'));
        const left = await codes();
        assert.ok(!left.includes('VMX109'), JSON.stringify(left));
      } finally {
        await c.stop();
      }
    });
  }
});
