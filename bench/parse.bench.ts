/**
 * Parse throughput on the generated 100k-line topology, valid and broken
 * (issue 13: "as fast on broken text as on valid text"): lex + parse alone
 * on valid text, with one half-typed line, with ten and with 1,000; parse +
 * resolve + static checks in process; and whole-process
 * `vmx check --no-simulate` (dist/cli.js, built by scripts/build.mjs) on
 * the valid file, the one-broken-line file and the 1,000-broken-lines file.
 * Targets (issue 13): whole process ≥ 15 MB/s valid, one broken line within
 * 10% of valid, 1,000 broken lines ≥ 10 MB/s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../core/src/analyze';
import { parse } from '../core/src/syntax/parser';
import { createSourceFile } from '../core/src/source';
import { generateTopology } from './generate';

const valid = generateTopology(100_000);
const bytes = Buffer.byteLength(valid);
const lines = valid.split('\n').length;
const none = { get: () => undefined };

/**
 * `count` half-typed lines spread evenly over the file: an attribute whose
 * value is not typed yet (`memory_locked =`), the state a line is in while
 * a person types it. Each is one syntax error.
 */
export function withBrokenLines(text: string, count: number): string {
  const all = text.split('\n');
  const candidates = all.map((l, i) => (/^\s+memory_locked = true$/.test(l) ? i : -1)).filter((i) => i >= 0);
  const step = candidates.length / count;
  for (let k = 0; k < count; k++) {
    const i = candidates[Math.floor(k * step)];
    all[i] = all[i].replace(' true', '');
  }
  return all.join('\n');
}

const variants: { name: string; text: string; errors: number }[] = [
  { name: 'valid', text: valid, errors: 0 },
  { name: 'one broken line', text: withBrokenLines(valid, 1), errors: 1 },
  { name: 'ten broken lines', text: withBrokenLines(valid, 10), errors: 10 },
  { name: '1,000 broken lines', text: withBrokenLines(valid, 1000), errors: 1000 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emit = (bench: string, value: number, unit: string, target?: number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(2)), unit, ...(target !== undefined ? { target } : {}), ...extra }));

function timeParse(text: string, expectedErrors: number): number {
  const tree = parse(text);
  if (tree.errors.length !== expectedErrors) throw new Error(`expected ${expectedErrors} syntax errors, got ${tree.errors.length}: ${tree.errors[0]?.message}`);
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    parse(text);
    runs.push(performance.now() - t0);
  }
  return median(runs.slice(2));
}

for (const v of variants) {
  const ms = timeParse(v.text, v.errors);
  emit(`lex+parse throughput, ${v.name} (100k lines)`, Buffer.byteLength(v.text) / 1e6 / (ms / 1000), 'MB/s', undefined, { ms: Number(ms.toFixed(1)), errors: v.errors });
}

function analyzeOnce(): number {
  const t0 = performance.now();
  const result = analyze(createSourceFile('file:///bench/bench.vmx', valid), none);
  const ms = performance.now() - t0;
  if (result.diagnostics.some((d) => d.severity === 'error')) throw new Error(`generated topology has errors: ${result.diagnostics[0].message}`);
  return ms;
}
for (let i = 0; i < 2; i++) analyzeOnce();
const totalMs = median(Array.from({ length: 5 }, analyzeOnce));
emit('parse+resolve+check throughput in process, valid (100k lines)', bytes / 1e6 / (totalMs / 1000), 'MB/s', undefined, { lines, bytes, ms: Number(totalMs.toFixed(1)) });

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let peak = heapBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
analyzeOnce();
peak = Math.max(peak, process.memoryUsage().heapUsed);
clearInterval(sampler);
emit('parse+resolve+check peak heap above baseline (100k lines)', (peak - heapBefore) / 1024 / 1024, 'MB', undefined, { heapUsedBaselineMB: Number((heapBefore / 1048576).toFixed(1)) });

// Whole process, as a user meets it: node start, read, parse, resolve, checks, print.
const cli = join(process.cwd(), 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench/parse: dist/cli.js is missing (node scripts/build.mjs): whole-process figures skipped');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-parse-bench-'));
  try {
    for (const v of [variants[0], variants[1], variants[3]]) {
      const file = join(dir, 'bench.vmx');
      writeFileSync(file, v.text);
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [cli, 'check', '--no-simulate', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
        runs.push(performance.now() - t0);
        if (r.status !== (v.errors ? 1 : 0)) throw new Error(`vmx check exited ${r.status}: ${r.stderr.slice(0, 200)}`);
      }
      const ms = median(runs);
      const target = v.errors === 0 ? 15 : v.errors === 1 ? 13.5 : 10;
      emit(`vmx check --no-simulate whole process, ${v.name} (100k lines)`, Buffer.byteLength(v.text) / 1e6 / (ms / 1000), 'MB/s', target, { ms: Number(ms.toFixed(0)) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
