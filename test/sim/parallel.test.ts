/** simulateParallel: hosts run in worker threads give exactly simulate()'s result, and it cancels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { buildSync } from 'esbuild';
import { defaultConfig } from '../../core/src/config';
import { Reporter } from '../../core/src/diagnostics/reporter';
import { resolve } from '../../core/src/model/resolve';
import { simulate } from '../../core/src/sim';
import { simulateParallel } from '../../core/src/sim/parallel';
import { createSourceFile } from '../../core/src/source';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(mkdtempSync(join(tmpdir(), 'vmx-par-')), 'sim-worker.cjs');
buildSync({ entryPoints: [join(root, 'core/src/sim-worker.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });

function fleet(hosts: number): string {
  let text = 'topology fleet {\n  simulate { duration = 20s }\n';
  for (let h = 0; h < hosts; h++) {
    text += `  host n${h} {
    memory = ${8 + (h % 3) * 8}GiB  swap = 4GiB
    cpu { cores = ${1 + (h % 4)}  features = [vmx] }
    hypervisor kvm {
      vm a { vcpus = 2  memory = 6GiB${h % 5 === 0 ? '  pin = 0' : ''}  workload { cpu = sine(mean = 1, amplitude = 1, period = 7s) }
        container c { cgroup { cpu.max = 0.${1 + (h % 8)}  memory.max = 1GiB  pids.max = 20 } workload { cpu = burst(base = 0.1, peak = 2, period = 3s, duty = 30%)  memory = ramp(from = 0GiB, to = 2GiB, over = ${10 + (h % 7)}s)  processes = ${15 + (h % 10)} } }
      }
      vm b { vcpus = 2  memory = 6GiB${h % 5 === 0 ? '  pin = 0' : ''}  workload { cpu = 2 } }
    }
  }\n`;
  }
  return text + '}\n';
}

const model = resolve(createSourceFile('file:///fleet.vmx', fleet(60)), { get: () => undefined }, new Reporter());

test('hosts run in worker threads give a result identical to simulate()', async () => {
  const progress: number[] = [];
  const parallel = await simulateParallel(model, defaultConfig(), { workerScript: script, workers: 2, batchSize: 7, seriesPoints: 10, onProgress: (f) => progress.push(f) });
  const inThread = simulate(model, defaultConfig(), { seriesPoints: 10 });
  assert.equal(parallel.entities.length, 60 * 4);
  assert.ok(parallel.findings.length > 60, 'the fleet has findings');
  assert.deepEqual(parallel, inThread);
  assert.equal(progress.at(-1), 1);
});

test("series that come back from a worker are arrays of unboxed doubles, as the engine made them, not the deserializer's boxed numbers", async () => {
  // V8's own test of an array's element kind; the structured clone of [1.5] has object elements (24 bytes a point, not 8).
  setFlagsFromString('--allow-natives-syntax');
  const unboxedDoubles = new Function('a', 'return %HasDoubleElements(a)') as (a: number[]) => boolean;
  assert.equal(unboxedDoubles(structuredClone([1.5, 2.5])), false, 'the deserializer boxes them (else this test proves nothing)');
  const parallel = await simulateParallel(model, defaultConfig(), { workerScript: script, workers: 2, batchSize: 7, seriesPoints: 10 });
  const fractional = parallel.entities.flatMap((e) => Object.values(e.series!) as number[][]).filter((xs) => xs.some((x) => !Number.isInteger(x)));
  assert.ok(fractional.length > 100, 'series with fractions to look at');
  assert.deepEqual(fractional.filter((xs) => !unboxedDoubles(xs)).length, 0);
});

test('an abort stops the workers and rejects with the reason', async () => {
  const controller = new AbortController();
  const run = simulateParallel(model, defaultConfig(), { workerScript: script, workers: 2, batchSize: 5, duration: 3600, signal: controller.signal });
  controller.abort();
  await assert.rejects(run, (e: Error) => e.name === 'AbortError');
});
