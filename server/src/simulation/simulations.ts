/**
 * Simulation runs per root document: at most one at a time per file (a new
 * run aborts the old one), small topologies in-process, big ones in a worker
 * thread so the server keeps answering. Results are kept per document for
 * hovers, inlay hints, code lenses and the findings merged into diagnostics.
 */
import { CheckConfig } from '../../../core/src/config';
import { Model } from '../../../core/src/model/types';
import { SimulationResult } from '../../../core/src/sim/types';
import { simulateHere, simulateInThread } from './engine';

export interface RunRequest {
  uri: string;
  model: Model;
  /** Analysis version key: a result for an older text is dropped. */
  version: number;
  config: CheckConfig;
  duration?: number;
  seed?: number;
  /** Run in a worker thread (big topologies, explicit requests). */
  inWorker: boolean;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export class SimulationCancelled extends Error {
  constructor() {
    super('simulation cancelled');
  }
}

interface Stored {
  result: SimulationResult;
  version: number;
}

export class Simulations {
  private readonly results = new Map<string, Stored>();
  private readonly running = new Map<string, AbortController>();

  readonly available = true;

  result(uri: string): SimulationResult | undefined {
    return this.results.get(uri)?.result;
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
  }

  cancel(uri: string): void {
    this.running.get(uri)?.abort();
    this.running.delete(uri);
  }

  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  async run(req: RunRequest): Promise<SimulationResult> {
    this.cancel(req.uri);
    const controller = new AbortController();
    this.running.set(req.uri, controller);
    const onOuterAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onOuterAbort);
    try {
      const options = { duration: req.duration, seed: req.seed, signal: controller.signal, onProgress: req.onProgress, seriesPoints: 200 };
      const result = req.inWorker ? await simulateInThread(req.model, req.config, options) : await inProcess(req, options);
      if (controller.signal.aborted) throw new SimulationCancelled();
      this.results.set(req.uri, { result, version: req.version });
      return result;
    } catch (e) {
      if (controller.signal.aborted) throw new SimulationCancelled();
      throw e;
    } finally {
      req.signal?.removeEventListener('abort', onOuterAbort);
      if (this.running.get(req.uri) === controller) this.running.delete(req.uri);
    }
  }
}

/** In-process runs still yield once first, so a burst of edits cancels them before they start. */
async function inProcess(req: RunRequest, options: Parameters<typeof simulateHere>[2]): Promise<SimulationResult> {
  await new Promise((r) => setImmediate(r));
  options.signal?.throwIfAborted();
  return simulateHere(req.model, req.config, options);
}
