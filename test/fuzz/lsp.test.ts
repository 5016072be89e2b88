/**
 * The LSP-level fuzzer: random incremental edits (out-of-range ranges,
 * surrogate pairs split, CR and LF joined, whole-document deletes, topology
 * fragments from the samples) interleaved with every request the server
 * answers and with cancellations, against the real bundled server. What it
 * checks is in lib/lsp-session.ts: answers within a bound, the server's
 * text equal to the client's, every published or returned place inside the
 * document, a server that never dies or logs a stack trace.
 *
 * `npm test` runs a CI batch with a fixed seed; `npm run fuzz` a longer one
 * (VMX_FUZZ_SCALE) with a fresh seed (VMX_FUZZ_SEED). It prints one summary
 * line: sessions, edits, requests, cancellations, time, worst latency and
 * the server's peak RSS.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { FuzzServer, newStats, runSession, summaryLine } from './lib/lsp-session';
import { loadSamples, step } from './lib/lsp-steps';
import { FUZZ_SCALE, params, runs } from './lib/settings';

const samples = loadSamples();
const big = [...samples, ...samples].join('\n');
const stats = newStats();
let server: FuzzServer;
let started = 0;

before(async () => {
  // Simulation on type (the default), so findings come and go with the edits.
  server = new FuzzServer();
  await server.initialize();
  started = performance.now();
});

after(async () => {
  const peak = server.peakRssMiB();
  console.log(summaryLine(stats, (performance.now() - started) / 1000, peak, params(1).seed!));
  await server.stop();
});

test(`edits, requests and cancellations through the protocol keep the server's text, places and health (scale ${FUZZ_SCALE})`, async () => {
  let session = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.option(fc.nat(), { freq: 2 }), fc.array(fc.tuple(fc.nat(1), step), { minLength: 20, maxLength: 80 }), async (sample, importedSample, steps) => {
      const n = ++session;
      const uri = `file:///fuzz/lsp/session-${n}.vmx`;
      // One session in ten starts from every sample twice over (~2,500 lines, hosts named twice, worker simulations).
      const text = sample % 10 === 0 ? big : samples[sample % samples.length];
      // Every other session or so, the document imports a second open one (edited too): diagnostics and places across files.
      const imported = importedSample === null ? undefined : { uri: `file:///fuzz/lsp/common-${n}.vmx`, text: samples[importedSample % samples.length] };
      const problems = await runSession(server, stats, imported ? { uri, text: `import "common-${n}.vmx"\n${text}`, imported } : { uri, text }, steps, samples);
      assert.deepEqual(problems, []);
    }),
    // No shrinking: the server is one long-lived process, a smaller replay would not start from the same state.
    // The time limit only guards a loaded machine (about 10 s at scale 1 on an idle one); fewer sessions then.
    { ...params(runs(60)), endOnFailure: true, includeErrorInReport: true, interruptAfterTimeLimit: 60_000 * FUZZ_SCALE, markInterruptAsFailure: false },
  );
});
