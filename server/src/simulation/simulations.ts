/**
 * Simulation runs per root document: at most one at a time per file (a new
 * run aborts the old one), small topologies in-process, big ones in a worker
 * thread so the server keeps answering. Results are kept per document for
 * hovers, inlay hints, code lenses and the findings merged into diagnostics.
 */
import { CheckConfig } from '../../../core/src/config';
import { Model } from '../../../core/src/model/types';
import { SimulationResult } from '../../../core/src/sim/types';
import { timing } from '../../../core/src/sim/index';
import { configured, disposeWorker, simulateHere, simulateInThread } from './engine';
import { HostResultCache } from './incremental';

export interface RunRequest {
  uri: string;
  model: Model;
  /** Analysis version key: a result for an older text is dropped. */
  version: number;
  config: CheckConfig;
  duration?: number;
  seed?: number;
  /** Run in a worker thread; undefined: when the hosts to simulate again are heavy. */
  inWorker?: boolean;
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
  private readonly running = new Map<string, { controller: AbortController; inWorker: boolean }>();
  private readonly caches = new Map<string, HostResultCache>();

  readonly available = true;

  result(uri: string): SimulationResult | undefined {
    return this.results.get(uri)?.result;
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
    this.caches.delete(uri);
    disposeWorker(uri);
  }

  /**
   * Abort the run of a document. `keepWorker`: a run in the worker goes on —
   * its per-host results stay valid for every host the edit did not touch,
   * so the next (incremental) run is short; aborting would throw them away.
   */
  cancel(uri: string, options: { keepWorker?: boolean } = {}): void {
    const r = this.running.get(uri);
    if (!r || (options.keepWorker && r.inWorker)) return;
    r.controller.abort();
    this.running.delete(uri);
  }

  isRunningInWorker(uri: string): boolean {
    return this.running.get(uri)?.inWorker === true;
  }

  /** Settings changed: nothing cached is valid any more. */
  resetCaches(): void {
    this.caches.clear();
  }

  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  async run(req: RunRequest): Promise<SimulationResult> {
    this.cancel(req.uri);
    const controller = new AbortController();
    const running = { controller, inWorker: false };
    this.running.set(req.uri, running);
    const onOuterAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onOuterAbort);
    if (req.signal?.aborted) controller.abort();
    try {
      const options = { duration: req.duration, seed: req.seed, seriesPoints: 200 };
      let cache = this.caches.get(req.uri);
      if (!cache) this.caches.set(req.uri, (cache = new HostResultCache()));
      const changed = cache.changedHosts(req.model, req.config, options);
      const { ticks } = timing(req.model, req.config, options);
      const work = changed.reduce((n, h) => n + 1 + h.allVms.length + h.allContainers.length, 0) * ticks;
      const inWorker = req.inWorker ?? work > HEAVY_ENTITY_TICKS;
      running.inWorker = inWorker;
      const engineOptions = { ...options, signal: controller.signal, onProgress: req.onProgress };
      const result = await cache.simulate(
        req.model,
        req.config,
        options,
        // Only the changed hosts are simulated; in the worker as plans, unless that is every host (then as text).
        inWorker ? (m) => simulateInThread(m, m === req.model, req.config, engineOptions) : (m) => inProcess(m, req.config, engineOptions),
      );
      result.findings = configured(result.findings, req.model, req.config);
      if (controller.signal.aborted) throw new SimulationCancelled();
      this.results.set(req.uri, { result, version: req.version });
      return result;
    } catch (e) {
      if (controller.signal.aborted) throw new SimulationCancelled();
      throw e;
    } finally {
      req.signal?.removeEventListener('abort', onOuterAbort);
      if (this.running.get(req.uri) === running) this.running.delete(req.uri);
    }
  }
}

/** About 5 ms of simulation: more goes to the worker, so the next keystroke is not delayed. */
export const HEAVY_ENTITY_TICKS = 20_000;

/** In-process runs still yield once first, so a burst of edits cancels them before they start. */
async function inProcess(model: Model, config: CheckConfig, options: Parameters<typeof simulateHere>[2]): Promise<SimulationResult> {
  await new Promise((r) => setImmediate(r));
  options.signal?.throwIfAborted();
  return simulateHere(model, config, options);
}
