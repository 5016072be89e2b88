/** The engine's API for editors: cancellation, progress, bounded series, the worker thread, the analyze() stage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { analyze } from '../../core/src/analyze';
import { defaultConfig } from '../../core/src/config';
import { Reporter } from '../../core/src/diagnostics/reporter';
import { resolve } from '../../core/src/model/resolve';
import { simulate, simulationStage } from '../../core/src/sim';
import { simulateInWorker } from '../../core/src/sim/run-in-worker';
import { createSourceFile } from '../../core/src/source';

const TEXT = `topology t {
  host h {
    memory = 8GiB
    cpu { cores = 1 }
    container a { cgroup { cpu.max = 0.5  memory.max = 1GiB  pids.max = 10 } workload { cpu = 1 } }
    # vmx-ignore VMX402
    container b { cgroup { cpu.max = 0.25  memory.max = 1GiB  pids.max = 10 } workload { cpu = 1 } }
  }
}
`;

function model(text = TEXT) {
  const file = createSourceFile('file:///t.vmx', text);
  return resolve(file, { get: () => undefined }, new Reporter());
}

test('progress rises monotonically to 1, a bounded number of times', () => {
  const seen: number[] = [];
  simulate(model(), defaultConfig(), { onProgress: (f) => seen.push(f) });
  assert.ok(seen.length > 0 && seen.length <= 102, `${seen.length} calls`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
  assert.equal(seen.at(-1), 1);
});

test('an aborted signal stops the run with an AbortError', () => {
  const controller = new AbortController();
  controller.abort();
  assert.throws(() => simulate(model(), defaultConfig(), { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
});

test('series are down-sampled to the requested number of points, and left out with 0', () => {
  const withSeries = simulate(model(), defaultConfig(), { seriesPoints: 50, duration: 600 });
  assert.equal(withSeries.times?.length, 50);
  const a = withSeries.entities.find((e) => e.id === 'h/a')!;
  assert.equal(a.series?.cpuGranted.length, 50);
  assert.ok(a.series!.cpuGranted.every((v) => Math.abs(v - 0.5) < 1e-9));
  assert.ok(a.series!.throttled.every((v) => v === 1));
  const without = simulate(model(), defaultConfig(), { seriesPoints: 0 });
  assert.equal(without.times, undefined);
  assert.equal(without.entities[0].series, undefined);
});

test('as an analyze() stage, findings obey # vmx-ignore and severity settings', () => {
  const file = createSourceFile('file:///t.vmx', TEXT);
  const config = defaultConfig();
  const r = analyze(file, { get: () => undefined }, { config, extraStages: [simulationStage()] });
  const throttled = r.diagnostics.filter((d) => d.code === 'VMX402');
  assert.equal(throttled.length, 1, 'b is suppressed by its comment');
  assert.equal(throttled[0].range.start.line, 4);
  config.severities.VMX402 = 'off';
  const off = analyze(file, { get: () => undefined }, { config, extraStages: [simulationStage()] });
  assert.ok(!off.diagnostics.some((d) => d.code === 'VMX402'));
});

test('a worker thread runs the bundled engine and returns what simulate() returns', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const script = join(mkdtempSync(join(tmpdir(), 'vmx-worker-')), 'sim-worker.cjs');
  buildSync({ entryPoints: [join(root, 'core/src/sim-worker.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });
  const progress: number[] = [];
  const run = await simulateInWorker(script, { type: 'run', rootUri: 'file:///t.vmx', files: [{ uri: 'file:///t.vmx', text: TEXT }], config: defaultConfig(), options: { seriesPoints: 20 } }, { onProgress: (f) => progress.push(f) });
  const direct = simulate(model(), defaultConfig(), { seriesPoints: 20 });
  assert.deepEqual(run.result.entities, direct.entities);
  assert.ok(run.diagnostics.some((d) => d.code === 'VMX402'));
  assert.equal(progress.at(-1), 1);
  const controller = new AbortController();
  const pending = simulateInWorker(script, { type: 'run', rootUri: 'file:///t.vmx', files: [{ uri: 'file:///t.vmx', text: TEXT }], config: defaultConfig(), options: { duration: 36000 } }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
});
