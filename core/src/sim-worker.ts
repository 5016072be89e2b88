/**
 * Entry of `dist/sim-worker.js` (scripts/bundles.json): the worker_thread the
 * language server and simulateParallel run simulations in, so the server's
 * thread stays responsive. One request at a time; the owner aborts by
 * terminating the worker. `hosts` batches are plans (sim/worker.ts); `run`
 * requests are files as text (analysis-worker.ts, the whole pipeline).
 */
import { parentPort } from 'node:worker_threads';
import { handle } from './analysis-worker';
import { HostsReply, posted, WorkerReply, WorkerRequest, HostsRequest } from './sim/protocol';
import { runBatch } from './sim/worker';

/** Every reply with its series packed and transferred (sim/protocol.ts posted). */
function post(reply: HostsReply | WorkerReply): void {
  const { message, transfer } = posted(reply);
  parentPort!.postMessage(message, transfer);
}

parentPort?.on('message', (request: WorkerRequest | HostsRequest) => {
  if (request.type === 'hosts') {
    try {
      post(runBatch(request));
    } catch (e) {
      post({ type: 'error', message: (e as Error)?.message ?? String(e) });
    }
  } else handle(request, post);
});
