/**
 * Protocol robustness of the language server (dist/server.js over stdio):
 * malformed params for every request, positions outside the document,
 * unknown URIs, malformed and out-of-order notifications, 10,000 rapid
 * edit cycles, cancellation storms, and bytes that are not JSON-RPC at
 * all. After each, the server is still up and answers correctly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { ROOT, TestServer } from '../server/client';
import { DOCUMENT_REQUESTS, malformedParams, paramsFor, positionAt, sampleText, withTimeout } from './lib';

const URI = 'file:///robustness/main.vmx';
const ANSWER_MS = 15000;

/** The server answers a real request about real text: it is up and its state is sane. */
async function assertAlive(server: TestServer, uri: string, text: string): Promise<void> {
  const symbols = await withTimeout(server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } }), ANSWER_MS, 'documentSymbol');
  assert.ok(Array.isArray(symbols) && symbols.length > 0, `no symbols for a topology (${text.length} chars)`);
}

const INTERNAL_ERROR = -32603;
const INVALID_PARAMS = -32602;

/** Send a request; an answer or a JSON-RPC error (its code) are both answers, silence or a dead server are not. */
async function answered(server: TestServer, method: string, params: unknown): Promise<'result' | number> {
  try {
    await withTimeout(server.request(method, params), ANSWER_MS, method);
    return 'result';
  } catch (e) {
    if (e instanceof Error && /no answer within/.test(e.message)) throw e;
    return (e as { code?: number }).code ?? INTERNAL_ERROR;
  }
}

describe('language server protocol robustness', () => {
  let server: TestServer;
  const text = sampleText();

  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
    await server.open(URI, text);
  });
  after(() => server.stop());

  it('answers malformed params of every request with a result or an error, and stays up', async () => {
    let sent = 0;
    for (const method of [...DOCUMENT_REQUESTS, 'vmx/simulate', 'workspace/symbol', 'workspace/executeCommand', 'vmx/noSuchMethod', 'textDocument/noSuchThing']) {
      for (const params of malformedParams(URI)) {
        await answered(server, method, params);
        sent++;
      }
    }
    assert.ok(sent > 500);
    await assertAlive(server, URI, text);
  });

  it('params of the wrong shape are InvalidParams (-32602), never an internal error', async () => {
    const bad: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri: 7 }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: URI }, position: { line: 'x', character: 0 } }],
      ['textDocument/completion', { textDocument: null, position: { line: 0, character: 0 } }],
      ['textDocument/rangeFormatting', { textDocument: { uri: URI }, range: { start: { line: 0 } }, options: { tabSize: 2, insertSpaces: true } }],
      ['vmx/simulate', { uri: 42 }],
      ['vmx/topology', { uri: null }],
    ];
    for (const [method, params] of bad) assert.equal(await answered(server, method, params), INVALID_PARAMS, method);
    await assertAlive(server, URI, text);
  });

  it('positions and ranges outside the document get answers, not crashes', async () => {
    const lines = text.split('\n').length;
    const positions = [
      [0, 0],
      [lines - 1, 10000],
      [lines, 0],
      [lines + 100, 5],
      [1e6, 1e6],
      [-1, 0],
      [0, -1],
      [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ];
    const errors: string[] = [];
    for (const method of DOCUMENT_REQUESTS) for (const [l, c] of positions) if ((await answered(server, method, paramsFor(method, URI, l, c))) === INTERNAL_ERROR) errors.push(`${method} at ${l}:${c}`);
    // Well-formed requests get results (null or empty where there is nothing) or a deliberate refusal, never an internal error.
    assert.deepEqual(errors, []);
    await assertAlive(server, URI, text);
  });

  it('requests and notifications about unknown URIs are harmless', async () => {
    for (const uri of ['file:///never/opened.vmx', 'untitled:Untitled-9', 'http://example.com/a.vmx', '', 'file:///%E0%A4%A/bad.vmx']) {
      for (const method of DOCUMENT_REQUESTS) assert.notEqual(await answered(server, method, paramsFor(method, uri, 0, 0)), INTERNAL_ERROR, `${method} on ${uri}`);
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x' }] });
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await server.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    }
    await assertAlive(server, URI, text);
  });

  it('malformed notifications and out-of-order versions leave the server consistent', async () => {
    const other = 'file:///robustness/other.vmx';
    const c = server.connection;
    await c.sendNotification('textDocument/didOpen', null);
    await c.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'vmx', version: 1, text: null } });
    await c.sendNotification('textDocument/didOpen', { textDocument: { uri: 5 } });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: URI }, contentChanges: null });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 'x' }, contentChanges: [{ range: null, text: 5 }] });
    await c.sendNotification('workspace/didChangeConfiguration', { settings: { vmx: { limits: { maxFileSize: -5, maxNestingDepth: 'deep' }, severities: { VMX102: 'loud' } } } });
    await c.sendNotification('workspace/didChangeConfiguration', null);
    await c.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///nope.vmx', type: 9 }, null] });
    await c.sendNotification('$/cancelRequest', { id: 'never-sent' });
    await c.sendNotification('$/setTrace', { value: 'nonsense' });
    // An edit range past the end, a reversed range, an empty text, a version going backwards.
    const lines = text.split('\n').length;
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 50 }, contentChanges: [{ range: { start: { line: lines + 10, character: 0 }, end: { line: lines + 20, character: 3 } }, text: '\n# appended past the end\n' }] });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 51 }, contentChanges: [{ range: { start: { line: 3, character: 5 }, end: { line: 1, character: 0 } }, text: '' }] });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 7 }, contentChanges: [{ text }] });
    // Whatever happened before, a full-text change makes the server's text exactly ours again.
    const restored = server.diagnostics(URI, 8);
    void c.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 8 }, contentChanges: [{ text }] });
    const d = await withTimeout(restored, ANSWER_MS, 'diagnostics after restore');
    const fresh = new TestServer({ simulateOnType: false });
    try {
      await fresh.initialize();
      const reference = await fresh.open(URI, text);
      assert.deepEqual(d.diagnostics.map((x) => `${x.code} ${x.range.start.line}:${x.range.start.character}`), reference.diagnostics.map((x) => `${x.code} ${x.range.start.line}:${x.range.start.character}`));
    } finally {
      await fresh.stop();
    }
    await assertAlive(server, URI, text);
  });

  it('10,000 rapid edit cycles: the last version is what the server analyses', async () => {
    const uri = 'file:///robustness/rapid.vmx';
    await server.open(uri, text);
    const m = /^([ \t]+)memory = /m.exec(text)!;
    const anchor = m.index + m[1].length;
    const at = positionAt(text, anchor);
    let version = 1;
    // Type "x" then delete it, 10,000 times, without waiting for anything.
    for (let i = 0; i < 10000; i++) {
      const insert = i % 2 === 0;
      version++;
      void server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [insert ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }],
      });
    }
    // Finally misspell the attribute and wait for that version's diagnostics.
    version++;
    const last = server.diagnostics(uri, version);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: 'q' }] });
    const d = await withTimeout(last, 60000, 'diagnostics of the last edit');
    const unknown = d.diagnostics.filter((x) => x.code === 'VMX102');
    assert.equal(unknown.length, 1, JSON.stringify(d.diagnostics.map((x) => x.message)));
    assert.match(unknown[0].message, /'qmemory'/);
    await assertAlive(server, uri, text);
  });

  it('cancellation storms: 2,000 requests cancelled at once, then answers as usual', async () => {
    const lines = text.split('\n').length;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 2000; i++) {
      const method = DOCUMENT_REQUESTS[i % DOCUMENT_REQUESTS.length];
      const source = new CancellationTokenSource();
      pending.push(server.connection.sendRequest(method, paramsFor(method, URI, i % lines, i % 40), source.token).catch(() => undefined));
      if (i % 3 !== 2) source.cancel();
    }
    // Simulations started and cancelled over and over.
    for (let i = 0; i < 20; i++) {
      const source = new CancellationTokenSource();
      pending.push(server.connection.sendRequest('vmx/simulate', { uri: URI, duration: 600 }, source.token).catch(() => undefined));
      setTimeout(() => source.cancel(), i);
    }
    await withTimeout(Promise.all(pending), 120000, 'the storm');
    await assertAlive(server, URI, text);
    const r = await withTimeout(server.request<{ entities: unknown[] }>('vmx/simulate', { uri: URI, duration: 5 }), 60000, 'simulate after the storm');
    assert.ok(r.entities.length > 0);
  });

  it('a document importing a device, a directory or a URL gets VMX109 promptly (no endless read)', async () => {
    const uri = 'file:///robustness/imports-devices.vmx';
    const d = await withTimeout(server.open(uri, 'import "/dev/zero"\nimport "/dev/urandom"\nimport "/tmp"\nimport "https://example.com/x.vmx"\n' + text), 30000, 'diagnostics of a file importing /dev/zero');
    assert.equal(d.diagnostics.filter((x) => x.code === 'VMX109').length, 4, JSON.stringify(d.diagnostics.map((x) => x.message)));
    await assertAlive(server, uri, text);
  });

  it('CRLF, a BOM and binary garbage in an open document: same diagnostics and positions as LF, no crash', async () => {
    const broken = text.replace(/^([ \t]+)memory = /m, '$1memroy = ');
    const lf = await server.open('file:///robustness/lf.vmx', broken);
    const crlf = await server.open('file:///robustness/crlf.vmx', broken.replace(/\n/g, '\r\n'));
    const bom = await server.open('file:///robustness/bom.vmx', '\uFEFF' + broken);
    const shape = (d: typeof lf) => d.diagnostics.map((x) => `${x.code} ${JSON.stringify(x.range)}`);
    assert.ok(lf.diagnostics.some((x) => x.code === 'VMX102'));
    assert.deepEqual(shape(crlf), shape(lf));
    assert.deepEqual(shape(bom), shape(lf));
    const garbage = Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join('');
    const g = await withTimeout(server.open('file:///robustness/garbage.vmx', garbage), 30000, 'diagnostics of garbage');
    assert.ok(g.diagnostics.length > 0);
    await assertAlive(server, URI, text);
  });

  it('an import cycle on disk between open documents gets VMX109, no loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmx-proto-'));
    try {
      const a = pathToFileURL(join(dir, 'a.vmx')).href;
      writeFileSync(join(dir, 'b.vmx'), 'import "a.vmx"\ntopology b { }\n');
      const b = pathToFileURL(join(dir, 'b.vmx')).href;
      await withTimeout(server.open(a, 'import "b.vmx"\ntopology a { }\n'), 30000, 'diagnostics of a');
      // Opened as a root, b imports a, which imports b again: the cycle is reported on a's import line.
      await withTimeout(server.open(b, 'import "a.vmx"\ntopology b { }\n'), 30000, 'diagnostics of b');
      // a is re-checked after b: poll the latest diagnostics of both until the cycle shows (or 20 s pass).
      const cycles = () => [a, b].flatMap((u) => server.latest.get(u)?.diagnostics ?? []).filter((x) => x.code === 'VMX109' && /cycle/.test(x.message));
      for (let i = 0; i < 200 && cycles().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(cycles().length >= 1, JSON.stringify([server.latest.get(a), server.latest.get(b)]));
      await assertAlive(server, URI, text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bytes that are not JSON-RPC: the server logs and goes on, or exits cleanly — it never hangs', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const send = (body: string) => child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    send('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}');
    send('{this is not json');
    send('{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":"\u0000\uffff"}');
    send('[1,2,3]');
    send('{"jsonrpc":"2.0","id":{"x":1},"method":5}');
    send('{"jsonrpc":"2.0","id":3,"method":"shutdown"}');
    send('{"jsonrpc":"2.0","method":"exit"}');
    const code = await withTimeout(exited, ANSWER_MS, 'server exit after garbage');
    assert.match(out, /"id":1,"result":\{"capabilities"/, 'initialize was answered');
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
  });
});
