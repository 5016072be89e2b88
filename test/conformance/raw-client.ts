/**
 * A raw JSON-RPC client for the conformance tests: it spawns the bundled
 * server (`node dist/server.js --stdio`), writes `Content-Length` framed
 * messages itself — several in one write when a test needs them to arrive
 * in one chunk — and parses the server's stream itself. No vscode-jsonrpc:
 * the order and the framing of what the server receives are the test's.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface Incoming {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: RpcError;
}

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A server → client request and what the client should answer (a result, or an error). */
type ServerRequestHandler = (params: unknown) => unknown;

export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

export class RawClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  /** Every message the server sent, in order. */
  readonly received: Incoming[] = [];
  private readonly waiters: { test: (m: Incoming) => boolean; resolve: (m: Incoming) => void }[] = [];
  readonly handlers = new Map<string, ServerRequestHandler>();
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[] = ['--stdio']) {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.child.stdout!.on('data', (d: Buffer) => this.onData(d));
    this.child.stdin!.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    for (const m of ['client/registerCapability', 'client/unregisterCapability', 'window/workDoneProgress/create', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh', 'workspace/diagnostic/refresh', 'workspace/semanticTokens/refresh']) {
      this.handlers.set(m, () => null);
    }
    this.handlers.set('workspace/configuration', (p) => ((p as { items?: unknown[] })?.items ?? []).map(() => ({ simulateOnType: false })));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) throw new Error(`no Content-Length in ${JSON.stringify(header)}`);
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Incoming);
    }
  }

  private dispatch(m: Incoming): void {
    this.received.push(m);
    if (m.method !== undefined && m.id !== undefined) {
      const h = this.handlers.get(m.method);
      if (h) {
        try {
          this.write({ jsonrpc: '2.0', id: m.id, result: h(m.params) ?? null });
        } catch (e) {
          this.write({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: String(e) } });
        }
      } else this.write({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: `the test client does not handle ${m.method}` } });
    }
    for (let i = 0; i < this.waiters.length; i++) {
      if (this.waiters[i].test(m)) {
        const [w] = this.waiters.splice(i, 1);
        w.resolve(m);
        i--;
      }
    }
  }

  /** Writes messages as one chunk. */
  write(...messages: unknown[]): void {
    this.child.stdin!.write(Buffer.concat(messages.map(frame)));
  }

  /** Writes raw bytes (for framing tests). */
  writeRaw(bytes: Buffer | string): void {
    this.child.stdin!.write(bytes);
  }

  /** Closes the server's standard input (the client went away). */
  endInput(): void {
    this.child.stdin!.end();
  }

  id(): number {
    return this.nextId++;
  }

  /** A request message (not sent). */
  requestMessage(method: string, params?: unknown, id = this.id()): { jsonrpc: '2.0'; id: number; method: string; params?: unknown } {
    return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
  }

  notificationMessage(method: string, params?: unknown): { jsonrpc: '2.0'; method: string; params?: unknown } {
    return params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
  }

  /** The next message that passes `test` (also one received already when `past`). */
  waitFor(test: (m: Incoming) => boolean, timeoutMs = 20000, what = 'a message', past = false): Promise<Incoming> {
    if (past) {
      const have = this.received.find(test);
      if (have) return Promise.resolve(have);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`${what}: nothing within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const waiter = {
        test,
        resolve: (m: Incoming) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The response to request `id`. */
  response(id: number | string, timeoutMs = 20000): Promise<Incoming> {
    return this.waitFor((m) => m.id === id && m.method === undefined, timeoutMs, `response to ${id}`, true);
  }

  /** Sends a request; resolves with the whole response message (result or error). */
  async call(method: string, params?: unknown, timeoutMs = 20000): Promise<Incoming> {
    const msg = this.requestMessage(method, params);
    const answer = this.response(msg.id, timeoutMs);
    this.write(msg);
    return answer;
  }

  /** Sends a request; resolves with its result, throws on an error answer. */
  async request<R = unknown>(method: string, params?: unknown, timeoutMs = 20000): Promise<R> {
    const r = await this.call(method, params, timeoutMs);
    if (r.error) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.result as R;
  }

  notify(method: string, params?: unknown): void {
    this.write(this.notificationMessage(method, params));
  }

  /** initialize + initialized with these client capabilities; the InitializeResult. */
  async initialize(capabilities: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<{ capabilities: Record<string, any>; serverInfo?: unknown }> {
    const r = await this.request<{ capabilities: Record<string, any> }>('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions: { settings: { simulateOnType: false } }, ...extra });
    this.notify('initialized', {});
    return r;
  }

  /** Published diagnostics for `uri` (at `version` when given), also ones already received. */
  diagnostics(uri: string, version?: number, timeoutMs = 20000, past = true): Promise<{ uri: string; version?: number; diagnostics: LspDiagnostic[] }> {
    return this.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri && (version === undefined || (m.params as { version?: number }).version === version),
      timeoutMs,
      `diagnostics of ${uri}`,
      past,
    ).then((m) => m.params as { uri: string; version?: number; diagnostics: LspDiagnostic[] });
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version, text } });
  }

  /** Messages of a method received so far. */
  messages(method: string): Incoming[] {
    return this.received.filter((m) => m.method === method);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && !this.child.killed) {
      try {
        await Promise.race([this.call('shutdown', undefined, 3000), new Promise((r) => setTimeout(r, 3000))]);
        this.notify('exit');
      } catch {
        // gone already
      }
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 3000))]);
      if (this.child.exitCode === null) this.child.kill();
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

export interface LspDiagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  data?: unknown;
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
}

/** Position of the first occurrence of `marker` in `text` (UTF-16 characters), plus `delta`. */
export function positionOf(text: string, marker: string, delta = 0): Position {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`marker not found: ${marker}`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: i + delta - (before.lastIndexOf('\n') + 1) };
}

/** Wait until `f` is truthy (polling), or fail after `ms`. */
export async function until<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, ms = 15000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
