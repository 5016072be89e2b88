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
import { generateTopology } from './generate';
import { BenchServer, emit, openDocument, p95, Published, rssOf, startServer } from './lsp-client';

/** The simulate-on-type default: every size, only the changed hosts simulated again. */
const SETTINGS = { simulateOnType: true };

/** Per server: the version of each document last waited for, and the one the last vmx/simulationFinished came after. */
const versions = new WeakMap<BenchServer, { waited: Map<string, number>; simulated: Map<string, number> }>();

function serve(): BenchServer {
  const server = startServer(SETTINGS);
  const v = { waited: new Map<string, number>(), simulated: new Map<string, number>() };
  versions.set(server, v);
  // A run's notification comes after the edits it ran on: it is taken for the version last waited for.
  server.conn.onNotification('vmx/simulationFinished', (p: { uri: string }) => v.simulated.set(p.uri, v.waited.get(p.uri) ?? 0));
  return server;
}

/**
 * The diagnostics published for `version` of `uri`; `withSimulation`: the
 * publication that follows the simulation's run of that version.
 */
function published(server: BenchServer, uri: string, version: number, withSimulation: boolean): Promise<Published> {
  const v = versions.get(server)!;
  v.waited.set(uri, version);
  return new Promise((resolve) => {
    const stop = server.onPublish((p) => {
      if (p.uri !== uri || p.version !== version) return;
      if (withSimulation && v.simulated.get(uri) !== version) return;
      stop();
      resolve(p);
    });
  });
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
  const server = serve();
  await server.init();
  const text = generateTopology(lines);
  const uri = `file:///bench/edit-${lines}.vmx`;
  await openDocument(server, uri, text);
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

async function completionLatency(lines: number, runs: number): Promise<number[]> {
  const server = serve();
  await server.init();
  const text = generateTopology(lines);
  const uri = `file:///bench/complete-${lines}.vmx`;
  await openDocument(server, uri, text);
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
  const server = serve();
  await server.init();
  const text = generateTopology(lines);
  const uri = `file:///bench/rss-${lines}.vmx`;
  await openDocument(server, uri, text);
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
