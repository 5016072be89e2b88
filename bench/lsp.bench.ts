/**
 * Language server benchmarks through the real protocol (DESIGN §8): the
 * bundled server (dist/server.js, `npm run bench` builds it) over stdio,
 * driven by vscode-jsonrpc as an editor would.
 * - edit → diagnostics p95 on a realistic 2k-line file (≤ 30 ms) and at 20k lines (≤ 100 ms);
 *   at 2k lines the simulation runs on change too: edit → diagnostics with the simulation's findings is printed as well;
 * - completion p95 at 20k lines (≤ 15 ms), asked right after an edit, as while typing;
 * - server RSS with a 100k-line file open (≤ 120 MB).
 * Prints one JSON line per figure.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateTopology } from './generate';

function emit(bench: string, value: number, unit: string, target?: number): void {
  console.log(JSON.stringify(target === undefined ? { bench, value: Number(value.toPrecision(4)), unit } : { bench, value: Number(value.toPrecision(4)), unit, target }));
}

const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code?: string }[];
}

function startServer(settings: Record<string, unknown>) {
  const child = spawn(process.execPath, [join('dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version: number; withSimulation: boolean; resolve: (p: Published) => void }[] = [];
  const simulatedVersion = new Map<string, number>();
  const lastVersion = new Map<string, number>();
  conn.onNotification('vmx/simulationFinished', (p: { uri: string }) => simulatedVersion.set(p.uri, lastVersion.get(p.uri) ?? 0));
  conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri !== p.uri || p.version !== w.version) continue;
      // With the simulation: the publish that follows the run's vmx/simulationFinished for this version.
      if (w.withSimulation && !(simulatedVersion.get(p.uri) === w.version)) continue;
      waiters.splice(i, 1);
      w.resolve(p);
    }
  });
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const published = (uri: string, version: number, withSimulation = false) => {
    lastVersion.set(uri, version);
    return new Promise<Published>((resolve) => waiters.push({ uri, version, withSimulation, resolve }));
  };
  return {
    conn,
    child,
    published,
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

/** Positions of `cpu.weight = NNN` values: realistic one-character edits inside the file. */
function weightPositions(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  text.split('\n').forEach((l, line) => {
    const i = l.indexOf('cpu.weight = ');
    if (i >= 0) out.push({ line, character: i + 'cpu.weight = '.length + 2 });
  });
  return out;
}

async function editToDiagnostics(lines: number, runs: number, withSimulation: boolean): Promise<number[]> {
  const server = startServer({ simulateOnType: true, simulateOnTypeMaxLines: 5000 });
  await server.init();
  const text = generateTopology(lines);
  const uri = `file:///bench/edit-${lines}.vmx`;
  const first = server.published(uri, 1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text } });
  await first;
  const spots = weightPositions(text);
  const times: number[] = [];
  // A server runs for hours: the first edits (JIT warm-up of parser and checks) are not measured.
  const warmup = 20;
  for (let i = 0; i < runs + warmup; i++) {
    const version = i + 2;
    const at = spots[(i * 7919) % spots.length];
    // Replace the last digit of a weight: 100 → 101 → 100 … (stays valid).
    const next = published(server, uri, version, withSimulation);
    const t0 = performance.now();
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: String(i % 2) }],
    });
    await next;
    if (i >= warmup) times.push(performance.now() - t0);
  }
  await server.stop();
  return times;
}

function published(server: ReturnType<typeof startServer>, uri: string, version: number, withSimulation: boolean): Promise<Published> {
  return server.published(uri, version, withSimulation);
}

async function completionLatency(lines: number, runs: number): Promise<number[]> {
  const server = startServer({ simulateOnType: true, simulateOnTypeMaxLines: 5000 });
  await server.init();
  const text = generateTopology(lines);
  const uri = `file:///bench/complete-${lines}.vmx`;
  const first = server.published(uri, 1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text } });
  await first;
  const spots = weightPositions(text);
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const at = spots[(i * 104729) % spots.length];
    // Type a new line in the cgroup block, then ask for completion there (attributes not yet set).
    const lineEnd = { line: at.line, character: at.character + 1 };
    await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 * i + 2 }, contentChanges: [{ range: { start: lineEnd, end: lineEnd }, text: '\n            m' }] });
    const t0 = performance.now();
    const items = await server.conn.sendRequest<unknown[]>('textDocument/completion', { textDocument: { uri }, position: { line: at.line + 1, character: 13 } });
    const dt = performance.now() - t0;
    if (!Array.isArray(items) || items.length === 0) throw new Error('no completion items');
    if (i >= 5) times.push(dt);
    // Undo the typed line so the file stays the same size.
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 * i + 3 },
      contentChanges: [{ range: { start: lineEnd, end: { line: at.line + 1, character: 13 } }, text: '' }],
    });
  }
  await server.stop();
  return times;
}

async function rssWithOpenFile(lines: number): Promise<{ afterOpen: number; afterFeatures: number }> {
  const server = startServer({ simulateOnType: true, simulateOnTypeMaxLines: 5000 });
  await server.init();
  const text = generateTopology(lines);
  const uri = `file:///bench/rss-${lines}.vmx`;
  const first = server.published(uri, 1);
  await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text } });
  await first;
  await new Promise((r) => setTimeout(r, 1500));
  const afterOpen = rssOf(server.child.pid!);
  // Exercise the features an editor asks for on open, then let the heap settle.
  await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  await server.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  await server.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  await new Promise((r) => setTimeout(r, 1500));
  const afterFeatures = rssOf(server.child.pid!);
  await server.stop();
  return { afterOpen, afterFeatures };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const edit2k = await editToDiagnostics(2000, 60, false);
emit('lsp.edit-to-diagnostics.p95.2k-lines', p95(edit2k), 'ms', 30);
const edit2kSim = await editToDiagnostics(2000, 30, true);
emit('lsp.edit-to-simulated-diagnostics.p95.2k-lines', p95(edit2kSim), 'ms');
const edit20k = await editToDiagnostics(20000, 30, false);
emit('lsp.edit-to-diagnostics.p95.20k-lines', p95(edit20k), 'ms', 100);
const completion = await completionLatency(20000, 60);
emit('lsp.completion.p95.20k-lines', p95(completion), 'ms', 15);
const rss = await rssWithOpenFile(100000);
emit('lsp.rss.100k-lines-open', rss.afterOpen, 'MB', 120);
emit('lsp.rss.100k-lines-open-after-outline-tokens-folding', rss.afterFeatures, 'MB');
