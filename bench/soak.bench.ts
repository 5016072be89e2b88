/**
 * Long-session soak of the language server (dist/server.js over stdio,
 * vscode-jsonrpc as the editor): 10,000 edit cycles on a realistic
 * ~2k-line topology, each waited for (edit → diagnostics, simulation on
 * change as configured by default), with a hover and a completion every
 * 10 edits and a scratch document opened and closed every 100. Memory must
 * stay flat: the figure is the growth of the server's resident set (RSS,
 * from /proc) between the end of a 500-edit warm-up and the end of the
 * run. Also prints the peak RSS and the edit throughput.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateTopology } from './generate';

const EDITS = Number(process.env.SOAK_EDITS ?? 10000);
const WARMUP = Math.min(500, Math.floor(EDITS / 10));

function emit(bench: string, value: number, unit: string, target?: number): void {
  console.log(JSON.stringify(target === undefined ? { bench, value: Number(value.toPrecision(4)), unit } : { bench, value: Number(value.toPrecision(4)), unit, target }));
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const child = spawn(process.execPath, [join('dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
const waiters = new Map<string, () => void>();
conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
  const key = `${p.uri}#${p.version}`;
  const w = waiters.get(key);
  if (w) {
    waiters.delete(key);
    w();
  }
});
conn.onRequest('workspace/configuration', () => [{}]);
conn.onRequest('client/registerCapability', () => null);
conn.onRequest('window/workDoneProgress/create', () => null);
conn.onRequest('workspace/inlayHint/refresh', () => null);
conn.onRequest('workspace/codeLens/refresh', () => null);
conn.listen();

const published = (uri: string, version: number) => new Promise<void>((resolve) => waiters.set(`${uri}#${version}`, resolve));

await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
await conn.sendNotification('initialized', {});

const uri = 'file:///soak/topology.vmx';
const text = generateTopology(2000);
let opened = published(uri, 1);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text } });
await opened;

// The edit: type one character into an attribute name, then delete it (two versions per cycle pair).
const m = /^([ \t]+)memory = /m.exec(text)!;
const before = text.slice(0, m.index);
const at = { line: before.split('\n').length - 1, character: m[1].length };
let version = 1;
let warmRss = 0;
let peak = 0;
/** RSS after every 1,000 edits: a leak grows linearly, a warming heap levels off. */
const samples: number[] = [];
const t0 = performance.now();
let tWarm = t0;
for (let i = 0; i < EDITS; i++) {
  version++;
  const insert = i % 2 === 0;
  const done = published(uri, version);
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [insert ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }],
  });
  await done;
  if (i % 10 === 0) {
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.character } });
  }
  if (i % 100 === 0) {
    const scratch = `file:///soak/scratch-${i}.vmx`;
    opened = published(scratch, 1);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: scratch, languageId: 'vmx', version: 1, text: text.slice(0, 2000) } });
    await opened;
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri: scratch } });
  }
  if (i % 250 === 0) peak = Math.max(peak, rssMb(child.pid!));
  if ((i + 1) % 1000 === 0) samples.push(rssMb(child.pid!));
  if (i === WARMUP) {
    warmRss = rssMb(child.pid!);
    tWarm = performance.now();
  }
}
const endRss = rssMb(child.pid!);
peak = Math.max(peak, endRss);
const seconds = (performance.now() - t0) / 1000;

emit('soak.server-rss-growth-over-10k-edits', endRss - warmRss, 'MB', 20);
emit('soak.server-rss-growth-over-last-half', samples[samples.length - 1] - samples[Math.floor(samples.length / 2) - 1], 'MB', 10);
emit('soak.server-rss-peak', peak, 'MB');
if (process.env.SOAK_VERBOSE) console.error(`rss every 1000 edits (MB): ${samples.map((x) => x.toFixed(1)).join(' ')}`);
emit('soak.edits-per-second', EDITS / seconds, 'edits/s');
emit('soak.edit-to-diagnostics-mean-after-warmup', (performance.now() - tWarm) / Math.max(1, EDITS - WARMUP), 'ms');

await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
await conn.sendNotification('exit');
conn.dispose();
child.kill();
process.exit(0);
