/**
 * Pathological import graphs through the built CLI (issue 15): fan-out,
 * diamonds, all-to-all cycles, spellings of one file, FIFOs, symlink loops
 * and random graphs, each written to a temporary folder and checked by
 * `dist/cli.js check` as a process. Every run must end within a generous
 * bound (a hang is what it catches), within a 512 MB heap, with bounded
 * output and a bounded number of VMX109, and never with an internal error
 * or a stack trace. `npm run fuzz` (VMX_FUZZ_SCALE) runs more random
 * graphs and more all-to-all sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allToAll, diamond, Diagnostic, fanOut, fifos, ImportCase, random, randomGraph, runCheck, spellings, symlinkLoops } from './lib/imports';
import { FUZZ_SCALE, params, runs } from './lib/settings';

const dir = mkdtempSync(join(tmpdir(), 'vmx-fuzz-imports-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Only to catch a hang: a case takes well under a second on a loaded machine. */
const TIMEOUT_MS = 20_000;
const MAX_OUTPUT = 1024 * 1024;
/** Peak RSS of the CLI: the heap is capped at 512 MB, so a blow-up crashes it before this. */
const MAX_RSS = 1024 * 1024 * 1024;

const rnd = random(params(1).seed ?? 1);
let n = 0;
const folder = (): string => join(dir, `case${n++}`);

function cases(): ImportCase[] {
  const list: (ImportCase | undefined)[] = [
    fanOut(folder(), 200),
    diamond(folder(), 40),
    allToAll(folder(), 60),
    allToAll(folder(), 150),
    spellings(folder(), 25),
    fifos(folder()),
    symlinkLoops(folder()),
  ];
  // The larger batch of `npm run fuzz`: more all-to-all sizes in 60..150.
  for (let i = 1; i < FUZZ_SCALE; i++) list.push(allToAll(folder(), 60 + Math.floor(rnd() * 91)));
  for (let i = 0; i < runs(6); i++) list.push(randomGraph(folder(), 5 + Math.floor(rnd() * 60), rnd));
  return list.filter((c): c is ImportCase => c !== undefined);
}

function checkCase(c: ImportCase): string {
  const r = runCheck(c.root, TIMEOUT_MS);
  const where = `${c.name} (${c.root})`;
  assert.equal(r.signal, null, `${where}: killed after ${r.ms} ms: a hang`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${where}: ${r.stderr.slice(0, 2000)}`);
  assert.ok(r.status === 0 || r.status === 1, `${where}: exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
  assert.ok(r.stdout.length < MAX_OUTPUT, `${where}: ${r.stdout.length} bytes of output`);
  assert.ok(r.stderr.length < 64 * 1024, `${where}: ${r.stderr.length} bytes on stderr`);
  assert.ok(!(r.maxRss > MAX_RSS), `${where}: peak RSS ${(r.maxRss / 2 ** 20).toFixed(0)} MB`);
  const ds: Diagnostic[] = JSON.parse(r.stdout).files.flatMap((f: { path: string; diagnostics: Diagnostic[] }) => f.diagnostics.map((d) => ({ ...d, path: f.path })));
  const vmx109 = ds.filter((d) => d.code === 'VMX109').length;
  assert.ok(vmx109 <= c.maxVmx109, `${where}: ${vmx109} VMX109, at most ${c.maxVmx109} expected`);
  for (const d of ds) assert.ok(!d.message.includes('\n') && d.message.length < 1000, `${where}: message ${JSON.stringify(d.message.slice(0, 200))}`);
  c.expect?.(ds);
  return `${r.ms} ms, peak RSS ${(r.maxRss / 2 ** 20).toFixed(0)} MB, ${ds.length} diagnostics (${vmx109} VMX109), ${r.stdout.length} bytes`;
}

for (const c of cases()) {
  test(`pathological imports: ${c.name}: the CLI ends promptly, in bounded memory, with bounded output`, (t) => {
    t.diagnostic(checkCase(c));
  });
}
