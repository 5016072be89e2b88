/**
 * Language server memory (DESIGN §8, issue 13 "lean memory"): the bundled
 * server (dist/server.js, or $VMX_SERVER) over stdio, as an editor runs it.
 * - RSS of the idle server (initialized, no document) — target ≤ 40 MB;
 *   Node's own floor (an empty `setInterval` process) is printed beside it,
 *   since no server can be below it;
 * - RSS with a generated 2k / 20k / 100k-line file open (100k: ≤ 120 MB);
 * - V8 heap used per 1k lines, after a full GC, from the 20k and 100k opens
 *   minus the idle heap: what the server retains for each line of an open file.
 * The heap is read inside the server by a preload (`--require`, `--expose-gc`):
 * on SIGUSR2 it collects garbage and writes process.memoryUsage() to a file, so
 * the server's own code is not touched and RSS is measured after the same GC.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, openDocument, rssOf, startServer } from './lsp-client';
import { generateTopology } from './generate';

const dir = mkdtempSync(join(tmpdir(), 'vmx-mem-'));
const preload = join(dir, 'heap.cjs');
const out = join(dir, 'heap.json');
writeFileSync(
  preload,
  "process.on('SIGUSR2', () => { global.gc(); global.gc(); require('fs').writeFileSync(process.env.VMX_BENCH_HEAP, JSON.stringify(process.memoryUsage())); });\n",
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Collect garbage in the server, then its heap (MB) and RSS (MB) after that GC. */
async function measure(pid: number): Promise<{ heap: number; rss: number }> {
  rmSync(out, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 400 && !existsSync(out); i++) await sleep(25);
  await sleep(50);
  const m = JSON.parse(readFileSync(out, 'utf8')) as { heapUsed: number };
  return { heap: m.heapUsed / 2 ** 20, rss: rssOf(pid) };
}

function serve() {
  return startServer({ simulateOnType: true }, { execArgv: ['--expose-gc', '--require', preload], env: { ...process.env, VMX_BENCH_HEAP: out } });
}

/** RSS of a Node process that does nothing: the floor under any server. */
async function nodeFloor(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(1500);
  const rss = rssOf(child.pid!);
  child.kill();
  return rss;
}

/** After the open's diagnostics, wait for the simulation and the scheduler to settle before measuring. */
const SETTLE_MS = 2000;
const SIMULATION_TIMEOUT_MS = 120_000;

async function idle(): Promise<{ heap: number; rss: number }> {
  const server = serve();
  await server.init();
  await sleep(SETTLE_MS);
  const m = await measure(server.child.pid!);
  await server.stop();
  return m;
}

async function open(lines: number): Promise<{ heap: number; rss: number }> {
  const server = serve();
  await server.init();
  const uri = `file:///bench/mem-${lines}.vmx`;
  // Simulate-on-type runs after the first diagnostics (at these sizes in the worker thread,
  // whose isolate is part of the RSS): measure once it has finished, as a user would meet it.
  const simulated = new Promise<boolean>((resolve) => {
    server.conn.onNotification('vmx/simulationFinished', (p: { uri: string }) => p.uri === uri && resolve(true));
    setTimeout(() => resolve(false), SIMULATION_TIMEOUT_MS);
  });
  await openDocument(server, uri, generateTopology(lines));
  if (!(await simulated)) console.error(`memory bench: no simulation finished within ${SIMULATION_TIMEOUT_MS / 1000} s at ${lines} lines; measured anyway`);
  // What an editor asks for right after opening a file.
  await server.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  await server.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  await server.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
  await sleep(SETTLE_MS);
  const m = await measure(server.child.pid!);
  await server.stop();
  return m;
}

emit('memory.rss.node-floor', await nodeFloor(), 'MB');
const base = await idle();
emit('memory.rss.idle', base.rss, 'MB', 40);
emit('memory.heap.idle', base.heap, 'MB');
for (const lines of [2000, 20000, 100000]) {
  const m = await open(lines);
  const k = `${lines / 1000}k`;
  emit(`memory.rss.${k}-lines-open`, m.rss, 'MB', lines === 100000 ? 120 : undefined);
  if (lines >= 20000) emit(`memory.heap-per-1k-lines.${k}-lines-open`, ((m.heap - base.heap) * 1000) / lines, 'MB');
}
rmSync(dir, { recursive: true, force: true });
