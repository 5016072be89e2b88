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
 * Each twice: the first burst right after opening the file, then (a second
 * later) a second container in the same host — `.second-burst`, when the
 * server has already timed an edit of this file. Heap per 1k lines is in
 * bench/memory.bench.ts.
 */
import { generateTopology } from './generate';
import { emit, openDocument, p95, Published, rssOf, startServer } from './lsp-client';

/** The container the person types: 2 CPUs of demand under a 0.5-CPU cap, so the simulation finds CFS throttling (VMX402). */
const typed = (name: string) => [`container ${name} {`, '  cgroup { cpu.max = 500m }', '  workload { cpu = 2 }', '}'];
const INDENT = '    ';
const KEYSTROKE_MS = 40;
const CONTENTION_WAIT_MS = 10_000;
/** Between the two bursts: a person reading what the first one gave. */
const PAUSE_MS = 1_000;

/** The line of the closing brace of the host in the middle of the file: the container goes just before it. */
function middleHostEnd(lines: string[]): number {
  let i = Math.floor(lines.length / 2);
  while (i < lines.length && lines[i] !== '  }') i++;
  return i;
}

/** Every keystroke of typing `rows` at `line` (column 0): one character (or a line break and its indent) each. */
function keystrokes(rows: string[], line: number): { line: number; character: number; text: string }[] {
  const out: { line: number; character: number; text: string }[] = [];
  let l = line;
  for (const row of rows) {
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

interface Burst {
  completionP95: number;
  settle: number;
  contention: number | null;
}

/**
 * Two bursts in one session: the first right after opening (the server has
 * timed no edit of this file yet), the second a second later, a second
 * container in the same host (the server has seen this file's edits).
 */
async function typeInto(lines: number): Promise<{ first: Burst; second: Burst }> {
  const server = startServer({ simulateOnType: true });
  await server.init();
  const text = generateTopology(lines);
  const at = middleHostEnd(text.split('\n'));
  const uri = `file:///bench/typing-${lines}.vmx`;
  let version = 1;
  /** Publications of one burst's final version: its settle, and its contention on the typed lines. */
  let watch: { version: number; first: number; last: number; settled?: number; found?: number; onSettle?: () => void; onFound?: () => void } | undefined;
  server.onPublish((p: Published) => {
    const w = watch;
    if (!w || p.uri !== uri || p.version !== w.version) return;
    const now = performance.now();
    if (w.settled === undefined) {
      w.settled = now;
      w.onSettle?.();
    }
    if (w.found === undefined && p.diagnostics.some((d) => d.code === 'VMX402' && d.range.start.line >= w.first && d.range.start.line <= w.last)) {
      w.found = now;
      w.onFound?.();
    }
  });
  await openDocument(server, uri, text);
  // JIT warm-up as a running server has it: one full round of features before the person starts.
  await server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at, character: 4 } });

  const burst = async (line: number, name: string): Promise<Burst> => {
    const rows = typed(name);
    const strokes = keystrokes(rows, line);
    const w = { version: version + strokes.length, first: line, last: line + rows.length - 1 } as NonNullable<typeof watch>;
    watch = w;
    const completions: Promise<number>[] = [];
    let lastKeystroke = 0;
    for (const k of strokes) {
      version++;
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
    await new Promise<void>((r) => (w.settled !== undefined ? r() : (w.onSettle = r)));
    await Promise.race([new Promise<void>((r) => (w.found !== undefined ? r() : (w.onFound = r))), new Promise((r) => setTimeout(r, CONTENTION_WAIT_MS))]);
    return { completionP95: p95(times), settle: w.settled! - lastKeystroke, contention: w.found === undefined ? null : w.found - lastKeystroke };
  };
  const first = await burst(at, 'typed');
  await new Promise((r) => setTimeout(r, PAUSE_MS));
  // The host's closing brace moved down by the lines typed.
  const second = await burst(at + typed('typed').length, 'typed-2');
  await server.stop();
  return { first, second };
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
  const { first, second } = await typeInto(lines);
  emit(`typing.completion.p95.${label}`, first.completionP95, 'ms', 15);
  emit(`typing.settle.${label}`, first.settle, 'ms', 30);
  emit(`typing.contention-on-type.${label}`, first.contention, 'ms', 100);
  emit(`typing.completion.p95.${label}.second-burst`, second.completionP95, 'ms', 15);
  emit(`typing.settle.${label}.second-burst`, second.settle, 'ms', 30);
  emit(`typing.contention-on-type.${label}.second-burst`, second.contention, 'ms', 100);
}
emit('typing.rss.idle', await idleRss(), 'MB', 40);
emit('typing.rss.100k-lines-open', await rssAt(100000), 'MB', 120);
