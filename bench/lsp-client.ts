/**
 * A language client for the benchmarks: the real bundled server
 * (dist/server.js, or $VMX_SERVER) over stdio, driven by vscode-jsonrpc as
 * an editor would, and the JSON-line output every benchmark prints.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** One figure: `{"bench", "value", "unit", "target"}` (value null: the thing measured never happened). */
export function emit(bench: string, value: number | null, unit: string, target?: number): void {
  const v = value === null ? null : Number(value.toPrecision(4));
  console.log(JSON.stringify(target === undefined ? { bench, value: v, unit } : { bench, value: v, unit, target }));
}

export const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

export interface Published {
  uri: string;
  version?: number;
  diagnostics: { code?: string; range: { start: { line: number } } }[];
}

export type BenchServer = ReturnType<typeof startServer>;

/** `spawn.execArgv`: Node flags before the server script (the memory bench's heap preload); `spawn.env`: the server's environment. */
export function startServer(settings: Record<string, unknown>, spawnWith: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
  const script = process.env.VMX_SERVER ?? join('dist', 'server.js');
  const child = spawn(process.execPath, [...(spawnWith.execArgv ?? []), script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: spawnWith.env ?? process.env });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  // vscode-jsonrpc keeps one handler per method: publications fan out to every listener here.
  const listeners = new Set<(p: Published) => void>();
  conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    for (const l of [...listeners]) l(p);
  });
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  return {
    conn,
    child,
    /** Call `listener` on every publishDiagnostics; returns its removal. */
    onPublish(listener: (p: Published) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async init() {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { settings } });
      await conn.sendNotification('initialized', {});
    },
    async stop() {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      conn.dispose();
      child.kill();
    },
  };
}

/** Open `text` as version 1 and wait for its first diagnostics. */
export async function openDocument(server: BenchServer, uri: string, text: string): Promise<void> {
  const first = new Promise<void>((resolve) => {
    const stop = server.onPublish((p) => {
      if (p.uri === uri && p.version === 1) {
        stop();
        resolve();
      }
    });
  });
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text } });
  await first;
}
