// The worker side of callBounded (bounded.ts): loads the TypeScript module through tsx, calls the function, posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { module, fn, args } = workerData;
try {
  const m = await tsImport(new URL(`../../${module}`, import.meta.url).href, import.meta.url);
  parentPort.postMessage({ value: m[fn](...args) });
} catch (e) {
  parentPort.postMessage({ error: String(e?.stack ?? e) });
}
