/**
 * Runs a pure core function in a worker thread and gives up after a bound:
 * a function that never returns (a scan loop that does not progress) fails
 * its test instead of hanging the test run. The bound only detects hangs;
 * it is far above any real run, so load cannot trip it.
 */
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./bounded-worker.mjs', import.meta.url);

/** The result of `fn(...args)` from module `module` (a core source path), or a rejection after `ms`. */
export function callBounded<T>(module: string, fn: string, args: unknown[], ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { module, fn, args } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${fn}(${args.map((a) => JSON.stringify(a).slice(0, 40)).join(', ')}) did not return within ${ms} ms`));
    }, ms);
    worker.once('message', (m: { value?: T; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.value as T);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
