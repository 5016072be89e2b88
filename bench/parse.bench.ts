/**
 * Parse + resolve + static checks on a generated 100k-line topology
 * (DESIGN §8: ≥ 50 MB/s), and the peak heap it takes.
 */
import { analyze } from '../core/src/analyze';
import { parse } from '../core/src/syntax/parser';
import { createSourceFile } from '../core/src/source';
import { generateTopology } from './generate';

const text = generateTopology(100_000);
const bytes = Buffer.byteLength(text);
const lines = text.split('\n').length;
const none = { get: () => undefined };

function run(): { parse: number; total: number } {
  const t0 = performance.now();
  parse(text);
  const t1 = performance.now();
  const file = createSourceFile('file:///bench/bench.vmx', text);
  const result = analyze(file, none);
  const t2 = performance.now();
  if (result.diagnostics.some((d) => d.severity === 'error')) throw new Error(`generated topology has errors: ${result.diagnostics[0].message}`);
  return { parse: t1 - t0, total: t2 - t1 };
}

// Warm up (JIT), then take the median of several runs.
for (let i = 0; i < 3; i++) run();
const runs = Array.from({ length: 7 }, run);
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const totalMs = median(runs.map((r) => r.total));
const parseMs = median(runs.map((r) => r.parse));
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let peak = heapBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
run();
peak = Math.max(peak, process.memoryUsage().heapUsed);
clearInterval(sampler);

const emit = (bench: string, value: number, unit: string, target?: number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(2)), unit, ...(target !== undefined ? { target } : {}), ...extra }));

emit('parse+resolve+check throughput (100k lines)', bytes / 1e6 / (totalMs / 1000), 'MB/s', 50, { lines, bytes, ms: Number(totalMs.toFixed(1)) });
emit('parse only throughput (100k lines)', bytes / 1e6 / (parseMs / 1000), 'MB/s', undefined, { ms: Number(parseMs.toFixed(1)) });
emit('parse+resolve+check peak heap above baseline (100k lines)', (peak - heapBefore) / 1024 / 1024, 'MB', undefined, { heapUsedBaselineMB: Number((heapBefore / 1048576).toFixed(1)) });
