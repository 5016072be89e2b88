/**
 * Running the simulation off the main thread: a worker_thread executing the
 * bundled `dist/sim-worker.js`. Cancelling terminates the worker at once
 * (the engine is synchronous inside it), and a fresh one starts for the
 * next run, so an abandoned long run never delays a new one.
 *
 *   const sim = new SimulationWorker(path.join(__dirname, 'sim-worker.js'));
 *   const { result, diagnostics } = await sim.run(request, { signal, onProgress });
 */
import { Worker } from 'node:worker_threads';
import { Diagnostic } from '../diagnostics/types';
import { received, WorkerReply, WorkerRequest } from './protocol';
import { SimulationResult } from './types';

export interface WorkerRun {
  result: SimulationResult;
  diagnostics: Diagnostic[];
}

export class SimulationWorker {
  private worker?: Worker;
  private busy = false;

  constructor(private readonly script: string) {}

  run(request: WorkerRequest, opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<WorkerRun> {
    if (this.busy) return Promise.reject(new Error('SimulationWorker runs one simulation at a time'));
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    this.busy = true;
    const worker = (this.worker ??= new Worker(this.script));
    return new Promise<WorkerRun>((resolve, reject) => {
      const finish = (settle: () => void) => {
        this.busy = false;
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        opts.signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onMessage = (message: WorkerReply) => {
        const reply = received(message);
        if (reply.type === 'progress') opts.onProgress?.(reply.fraction);
        else if (reply.type === 'done') finish(() => resolve({ result: reply.result, diagnostics: reply.diagnostics }));
        else finish(() => reject(new Error(reply.message)));
      };
      const onError = (e: Error) => {
        this.worker = undefined;
        finish(() => reject(e));
      };
      const onExit = () => {
        this.worker = undefined;
        finish(() => reject(new Error('the simulation worker exited')));
      };
      const onAbort = () => {
        this.worker = undefined;
        finish(() => reject(opts.signal!.reason));
        void worker.terminate();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(request);
    });
  }

  /** Stop the worker (e.g. when the server shuts down). */
  dispose(): Promise<number> | undefined {
    const w = this.worker;
    this.worker = undefined;
    return w?.terminate();
  }
}

/** One run in a fresh worker, disposed afterwards. */
export async function simulateInWorker(script: string, request: WorkerRequest, opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<WorkerRun> {
  const sim = new SimulationWorker(script);
  try {
    return await sim.run(request, opts);
  } finally {
    await sim.dispose();
  }
}
