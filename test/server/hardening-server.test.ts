/**
 * Hardening of the server (issue 15, second round), through the real
 * server over stdio:
 * - duplicate host names: the server's incremental simulation gives what
 *   the CLI gives for the same file (one result per host block);
 * - simulation findings belong to the current text: edits move or drop
 *   them, an emptied document has none, nothing published lies outside
 *   the document;
 * - document sync: CR and LF joined across edits, changes naming absurd
 *   lines or characters (clamped, as the LSP says), positions of requests
 *   past the end.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ClientDocument, linesOf, rangeInside, stateOf } from '../fuzz/lib/lsp-document';
import { withTimeout } from '../robustness/lib';
import { fixture, PublishedDiagnostics, ROOT, TestServer } from './client';

const run = promisify(execFile);

interface Simulated {
  entities: { id: string }[];
  findings: { code: string; range: { start: { line: number } } }[];
}

/** One host with three containers (four entities), some of which the simulation flags. */
const TWIN = `  host twin {
    memory = 32GiB
    cpu { cores = 8; threads = 2; features = [vmx, ept] }
    os linux { kernel = "6.8"; cgroup = v2; reserved = 1GiB }
    container web {
      image = "nginx:1.27"
      user = "www"
      namespaces { user = private }
      cgroup { cpu.weight = 200; cpu.max = 2; memory.max = 2GiB; pids.max = 256 }
      workload {
        cpu = burst(base = 0.5, peak = 3, period = 10s, duty = 20%)
        memory = 512MiB
      }
    }
    container worker {
      image = "python:3.12"
      user = "app"
      namespaces { user = private }
      cgroup { cpu.max = 1; memory.max = 1GiB; memory.high = 768MiB; pids.max = 128 }
      workload { cpu = 1.5; memory = 900MiB }
    }
    container cache {
      image = "redis:7"
      user = "redis"
      namespaces { user = private }
      cgroup { memory.max = 4GiB; pids.max = 64 }
      workload { cpu = 300m; memory = 3GiB }
    }
  }
`;

function twins(copies: number): string {
  return `topology twins {\n  simulate { duration = 10s; seed = 3 }\n${TWIN.repeat(copies)}}\n`;
}

/**
 * `vmx simulate --format json` of the built CLI. The file has errors (VMX105 here), and a file with
 * errors is not simulated (issue 14): VMX105 is made a warning so that it is, as the server does.
 */
async function cliSimulate(path: string): Promise<Simulated> {
  const r = await run(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'simulate', '--format', 'json', '--severity', 'VMX105=warning', path], { maxBuffer: 1 << 30 }).catch((e: { stdout?: string; code?: number }) => {
    if (e.code !== 1 || !e.stdout) throw e;
    return { stdout: e.stdout };
  });
  return JSON.parse(r.stdout) as Simulated;
}

const findingKeys = (r: Simulated) => r.findings.map((f) => `${f.code}@${f.range.start.line}`).sort();

describe('duplicate hosts: the server simulates what the CLI simulates', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmx-dup-'));
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function both(copies: number): Promise<{ cli: Simulated; lsp: Simulated; uri: string; text: string }> {
    const path = join(dir, `twins-${copies}.vmx`);
    const text = twins(copies);
    writeFileSync(path, text);
    const uri = pathToFileURL(path).href;
    await withTimeout(server.open(uri, text), 60000, 'diagnostics');
    const lsp = await withTimeout(server.request<Simulated>('vmx/simulate', { uri }), 120000, 'vmx/simulate');
    return { cli: await cliSimulate(path), lsp, uri, text };
  }

  it('50 copies of one host: the same entities (count and ids, in order) and findings as `vmx simulate --format json`', async () => {
    const { cli, lsp, uri, text } = await both(50);
    assert.equal(cli.entities.length, 200);
    assert.equal(lsp.entities.length, cli.entities.length);
    assert.deepEqual(
      lsp.entities.map((e) => e.id),
      cli.entities.map((e) => e.id),
    );
    assert.deepEqual(findingKeys(lsp), findingKeys(cli));
    // Incrementally again after an edit of one copy: still one result per host block.
    const at = text.indexOf('memory = 3GiB', text.length / 2);
    const line = text.slice(0, at).split('\n').length - 1;
    await server.edit(uri, { start: { line, character: 0 }, end: { line, character: 0 } }, '      # edited\n');
    const again = await withTimeout(server.request<Simulated>('vmx/simulate', { uri }), 120000, 'vmx/simulate after an edit');
    assert.deepEqual(
      again.entities.map((e) => e.id),
      cli.entities.map((e) => e.id),
    );
  });

  it('800 copies: answered with the CLI’s 3,200 entities, and the server stays up', async () => {
    const { cli, lsp } = await both(800);
    assert.equal(cli.entities.length, 3200);
    assert.equal(lsp.entities.length, cli.entities.length);
    assert.deepEqual(
      lsp.entities.map((e) => e.id),
      cli.entities.map((e) => e.id),
    );
    const symbols = await withTimeout(server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: pathToFileURL(join(dir, 'twins-800.vmx')).href } }), 30000, 'documentSymbol');
    assert.ok(symbols.length > 0);
    assert.doesNotMatch(server.stderr, /RangeError|Error:/);
  });
});

/** Every range of a publication lies inside the document as the client had it at that version. */
function assertInside(doc: ClientDocument, d: PublishedDiagnostics): void {
  const lines = doc.lines(d.version ?? doc.version);
  assert.ok(lines, `no text for version ${d.version}`);
  for (const x of d.diagnostics) assert.ok(rangeInside(lines, x.range), `${x.code} at ${JSON.stringify(x.range)} is outside version ${d.version} (${lines.starts.length} lines)`);
}

describe('simulation findings belong to the current text', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  /** Opens `text` and simulates it; resolves when the diagnostics with the findings are published. */
  async function simulated(uri: string, text: string): Promise<{ doc: ClientDocument; findings: PublishedDiagnostics['diagnostics'] }> {
    await server.open(uri, text);
    const doc = new ClientDocument(uri, text);
    const r = await withTimeout(server.request<Simulated>('vmx/simulate', { uri }), 60000, 'vmx/simulate');
    assert.ok(r.findings.length > 0, 'the fixture has findings');
    for (let i = 0; i < 200 && !(server.latest.get(uri)?.diagnostics ?? []).some((x) => String(x.code).startsWith('VMX4')); i++) await new Promise((res) => setTimeout(res, 25));
    const findings = server.latest.get(uri)!.diagnostics.filter((x) => String(x.code).startsWith('VMX4'));
    assert.ok(findings.length > 0, 'findings published');
    return { doc, findings };
  }

  async function edit(doc: ClientDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<PublishedDiagnostics> {
    doc.change([{ range, text }]);
    const d = await withTimeout(server.edit(doc.uri, range, text), 30000, `diagnostics of version ${doc.version}`);
    assert.equal(d.version, doc.version);
    assertInside(doc, d);
    return d;
  }

  it('emptying the document clears them: nothing is published at lines past its end', async () => {
    const f = fixture('messy.vmx');
    const { doc } = await simulated('file:///hardening/empty.vmx', f.text);
    const lines = linesOf(doc.text);
    const d = await edit(doc, { start: { line: 0, character: 0 }, end: { line: lines.starts.length, character: 0 } }, '');
    assert.deepEqual(
      d.diagnostics.map((x) => x.code),
      [],
    );
  });

  it('a document left without hosts has no findings', async () => {
    const f = fixture('messy.vmx');
    const { doc } = await simulated('file:///hardening/nohosts.vmx', f.text);
    const d = await edit(doc, { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } }, 'topology empty { }\n');
    assert.deepEqual(
      d.diagnostics.filter((x) => String(x.code).startsWith('VMX4')).map((x) => x.code),
      [],
    );
  });

  it('lines inserted above move them; deleting their text drops them; cutting the tail leaves nothing outside', async () => {
    const f = fixture('messy.vmx');
    const { doc, findings } = await simulated('file:///hardening/move.vmx', f.text);
    const d1 = await edit(doc, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# one\n# two\n');
    const moved = d1.diagnostics.filter((x) => String(x.code).startsWith('VMX4'));
    assert.deepEqual(
      moved.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`),
      findings.map((x) => `${x.code}@${x.range.start.line + 2}:${x.range.start.character}`),
    );
    // Delete from the first finding's line to the end: the findings there go, everything left is inside.
    const first = Math.min(...moved.map((x) => x.range.start.line));
    const d2 = await edit(doc, { start: { line: first, character: 0 }, end: { line: 1e9, character: 1e9 } }, '');
    assert.deepEqual(
      d2.diagnostics.filter((x) => String(x.code).startsWith('VMX4')),
      [],
    );
  });
});

describe('document sync: the server keeps the text the client has', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  async function assertSameText(doc: ClientDocument): Promise<void> {
    const state = await withTimeout(server.request<{ version: number; length: number; lineCount: number; sha256: string; parsed?: unknown; analyses: number }>('vmx/documentState', { uri: doc.uri }), 30000, 'vmx/documentState');
    // `parsed` (how the version's tree was built, once something asked for it) and `analyses` are not the text.
    const { parsed: _howParsed, analyses: _analyses, ...text } = state;
    assert.deepEqual(text, { uri: doc.uri, version: doc.version, ...stateOf(doc.text) });
  }

  async function change(doc: ClientDocument, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): Promise<void> {
    doc.change(changes);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: changes });
  }

  it('a CR and an LF joined across two edits are one line break, as in the client ("a\\r\\nXb")', async () => {
    const uri = 'file:///hardening/crlf.vmx';
    await server.open(uri, 'a\nb');
    const doc = new ClientDocument(uri, 'a\nb');
    await change(doc, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '\r' }]);
    await change(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'X' }]);
    assert.equal(doc.text, 'a\r\nXb');
    await assertSameText(doc);
  });

  it('changes naming line 2,147,483,646, a negative line or a huge character are clamped into the document', async () => {
    const uri = 'file:///hardening/clamp.vmx';
    const text = fixture('rack.vmx').text;
    await server.open(uri, text);
    const doc = new ClientDocument(uri, text);
    const huge = 2_147_483_646;
    await change(doc, [{ range: { start: { line: huge, character: 0 }, end: { line: huge, character: 5 } }, text: '\n# appended\n' }]);
    await change(doc, [{ range: { start: { line: huge, character: 0 }, end: { line: huge + 1, character: 0 } }, text: '\n' }]);
    await change(doc, [{ range: { start: { line: -5, character: -3 }, end: { line: -1, character: 0 } }, text: '# first\n' }]);
    await change(doc, [{ range: { start: { line: 2, character: 1e9 }, end: { line: 2, character: huge } }, text: ' # end of line 2' }]);
    // Several changes in one notification: each applies to the text the previous one left.
    await change(doc, [
      { range: { start: { line: huge, character: huge }, end: { line: huge, character: huge } }, text: 'x' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1e9 } }, text: '#' },
    ]);
    assert.ok(doc.text.startsWith('#\n') && doc.text.endsWith('\n# appended\n\nx'));
    await assertSameText(doc);
    // And the server still works on it: the last publication is for this version, inside the text.
    const d = await withTimeout(server.diagnostics(uri, doc.version), 30000, 'diagnostics');
    assertInside(doc, d);
  });

  it('a change with positions that are not whole numbers is ignored, the text stays as it was', async () => {
    const uri = 'file:///hardening/malformed.vmx';
    await server.open(uri, 'topology t { }\n');
    const doc = new ClientDocument(uri, 'topology t { }\n');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0.5, character: 0 }, end: { line: 0, character: 'x' } }, text: 'boom' }] });
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 42 }] });
    await assertSameText(doc);
    assert.doesNotMatch(server.stderr, /Error|at .*\(/);
  });

  it('request positions past the end are read as the end: the ranges answered lie inside the document', async () => {
    const uri = 'file:///hardening/positions.vmx';
    const text = fixture('rack.vmx').text;
    await server.open(uri, text);
    const lines = linesOf(text);
    const far = { line: 1e9, character: 1e9 };
    const sel = await server.request<{ range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [far, { line: 3, character: 1e6 }] });
    assert.equal(sel.length, 2);
    for (const s of sel) assert.ok(rangeInside(lines, s.range), JSON.stringify(s.range));
    const completion = await server.request<{ items: { textEdit?: { range?: { start: { line: number; character: number }; end: { line: number; character: number } } } }[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 1e6 } });
    for (const item of completion?.items ?? []) if (item.textEdit?.range) assert.ok(rangeInside(lines, item.textEdit.range), JSON.stringify(item.textEdit.range));
    const bad = await server.request('textDocument/selectionRange', { textDocument: { uri }, positions: [{ line: 1.5, character: 0 }] }).then(
      () => 'answered',
      (e: { code?: number }) => e.code,
    );
    assert.equal(bad, -32602, 'positions that are not whole numbers are InvalidParams');
  });
});
