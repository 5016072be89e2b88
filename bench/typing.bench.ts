/**
 * The typing benchmark (issue 13, DESIGN §8 "Typing targets"): a person
 * types a new container into the middle of a generated topology of 2k, 20k
 * and 100k lines, keystroke by keystroke, 40 ms apart, through every
 * half-typed state — one didChange and one completion request per
 * keystroke, sent without waiting for answers, as an editor does. Against
 * the real bundled server (dist/server.js, or $VMX_SERVER) over stdio.
 * Measured per size:
 * - completion p95 over every keystroke (target 15 ms);
 * - settle: last keystroke → the diagnostics published for the final version (target 30 ms);
 * - contention: last keystroke → a published VMX402 on the typed container,
 *   on type, without a save (target 100 ms; the typed container demands
 *   2 CPUs under cpu.max 500m). `null` when it does not appear within 10 s.
 * Plus heap per 1k lines (the server's own report, vmx/analysisStats, when it has one).
 */
import { generateTopology } from './generate';
import { emit, openDocument, p95, Published, rssOf, startServer } from './lsp-client';

/** The container the person types: 2 CPUs of demand under a 0.5-CPU cap, so the simulation finds CFS throttling (VMX402). */
const TYPED = ['container typed {', '  cgroup { cpu.max = 500m }', '  workload { cpu = 2 }', '}'];
const INDENT = '    ';
const KEYSTROKE_MS = 40;
const CONTENTION_WAIT_MS = 10_000;

/** The line of the closing brace of the host in the middle of the file: the container goes just before it. */
function middleHostEnd(lines: string[]): number {
  let i = Math.floor(lines.length / 2);
  while (i < lines.length && lines[i] !== '  }') i++;
  return i;
}

/** Every keystroke of typing `TYPED` at `line` (column 0): one character (or a line break and its indent) each. */
function keystrokes(line: number): { line: number; character: number; text: string }[] {
  const out: { line: number; character: number; text: string }[] = [];
  let l = line;
  for (const row of TYPED) {
    let c = 0;
    // The editor's auto-indent puts the indent in with the line break; the first line's is typed as one step too.
    out.push({ line: l, character: 0, text: INDENT });
    c = INDENT.length;
    for (const ch of row) out.push({ line: l, character: c++, text: ch });
    out.push({ line: l, character: c, text: '\n' });
    l++;
  }
  return out;
}

async function typeInto(lines: number): Promise<{ completionP95: number; settle: number; contention: number | null; heapPer1k?: number }> {
  const server = startServer({ simulateOnType: true });
  await server.init();
  const text = generateTopology(lines);
  const textLines = text.split('\n');
  const at = middleHostEnd(textLines);
  const uri = `file:///bench/typing-${lines}.vmx`;
  const typedFirst = at;
  const typedLast = at + TYPED.length - 1;
  let lastKeystroke = 0;
  let finalVersion = -1;
  let settledAt: number | undefined;
  let contentionAt: number | undefined;
  let onSettle: (() => void) | undefined;
  let onContention: (() => void) | undefined;
  server.onPublish((p: Published) => {
    if (p.uri !== uri || p.version !== finalVersion) return;
    const now = performance.now();
    if (settledAt === undefined) {
      settledAt = now;
      onSettle?.();
    }
    const found = p.diagnostics.some((d) => d.code === 'VMX402' && d.range.start.line >= typedFirst && d.range.start.line <= typedLast);
    if (found && contentionAt === undefined) {
      contentionAt = now;
      onContention?.();
    }
  });
  await openDocument(server, uri, text);
  // JIT warm-up as a running server has it: one full round of features before the person starts.
  await server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at, character: 4 } });

  const strokes = keystrokes(at);
  const completions: Promise<number>[] = [];
  let version = 1;
  for (const k of strokes) {
    version++;
    if (k === strokes[strokes.length - 1]) finalVersion = version;
    await server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: k.line, character: k.character }, end: { line: k.line, character: k.character } }, text: k.text }],
    });
    lastKeystroke = performance.now();
    const position = k.text === '\n' ? { line: k.line + 1, character: 0 } : { line: k.line, character: k.character + k.text.length };
    const t0 = performance.now();
    completions.push(server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position }).then(() => performance.now() - t0));
    await new Promise((r) => setTimeout(r, KEYSTROKE_MS));
  }
  const times = await Promise.all(completions);
  await new Promise<void>((r) => (settledAt !== undefined ? r() : (onSettle = r)));
  const settle = settledAt! - lastKeystroke;
  await Promise.race([new Promise<void>((r) => (contentionAt !== undefined ? r() : (onContention = r))), new Promise((r) => setTimeout(r, CONTENTION_WAIT_MS))]);
  const contention = contentionAt === undefined ? null : contentionAt - lastKeystroke;
  const stats = await server.conn.sendRequest<{ heapUsed?: number }>('vmx/analysisStats', { textDocument: { uri } }).catch(() => undefined);
  await server.stop();
  return { completionP95: p95(times), settle, contention, heapPer1k: stats?.heapUsed === undefined ? undefined : stats.heapUsed / 1024 / 1024 / (lines / 1000) };
}

async function idleRss(): Promise<number> {
  const server = startServer({});
  await server.init();
  await new Promise((r) => setTimeout(r, 1000));
  const rss = rssOf(server.child.pid!);
  await server.stop();
  return rss;
}

async function rssAt(lines: number): Promise<number> {
  const server = startServer({ simulateOnType: true });
  await server.init();
  await openDocument(server, `file:///bench/typing-rss-${lines}.vmx`, generateTopology(lines));
  await new Promise((r) => setTimeout(r, 1500));
  const rss = rssOf(server.child.pid!);
  await server.stop();
  return rss;
}

const sizes = (process.env.VMX_TYPING_SIZES ?? '2000,20000,100000').split(',').map(Number);
for (const lines of sizes) {
  const label = `${lines / 1000}k-lines`;
  const r = await typeInto(lines);
  emit(`typing.completion.p95.${label}`, r.completionP95, 'ms', 15);
  emit(`typing.settle.${label}`, r.settle, 'ms', 30);
  emit(`typing.contention-on-type.${label}`, r.contention, 'ms', 100);
  if (r.heapPer1k !== undefined) emit(`typing.heap-per-1k-lines.${label}`, r.heapPer1k, 'MB');
}
emit('typing.rss.idle', await idleRss(), 'MB', 40);
emit('typing.rss.100k-lines-open', await rssAt(100000), 'MB', 120);
