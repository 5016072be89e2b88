/**
 * The simulation spread over worker threads: hosts never interact, so they
 * are planned here, run in batches by workers executing `dist/sim-worker.js`,
 * and their outcomes turned into results and findings here, in host order —
 * the result is identical to `simulate()`'s. For large topologies (the
 * 20,000-host benchmark) on a multi-core machine; small ones run in-thread.
 *
 *   const result = await simulateParallel(model, config, { workerScript: path.join(__dirname, 'sim-worker.js') });
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CheckConfig, defaultConfig } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { Diagnostic } from '../diagnostics/types';
import { holdsUnknown, Model } from '../model/types';
import { assemble, hostResults, runSimulation, timing } from './index';
import { HostOutcome } from './outcome';
import { HostPlan, planHost, portablePlan } from './plan';
import { HostsReply, HostsRequest, received, WorkerReply } from './protocol';
import { EntityResult, SimulateOptions, SimulationResult } from './types';

export interface ParallelOptions extends SimulateOptions {
  /** Path of the bundled worker (dist/sim-worker.js). */
  workerScript: string;
  /** Worker threads (default: the machine's parallelism, at least 2). */
  workers?: number;
  /** Hosts per batch sent to a worker (default 500). */
  batchSize?: number;
  /** Where findings are reported (default: a fresh reporter). */
  reporter?: Reporter;
}

export async function simulateParallel(model: Model, config: CheckConfig = defaultConfig(), options: ParallelOptions): Promise<SimulationResult> {
  const reporter = options.reporter ?? new Reporter();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
  // Hosts with an unknown value are not simulated (holdsUnknown), as in runSimulation.
  const simulated = model.hosts.filter((h) => !holdsUnknown(h.block));
  const batches = Math.ceil(simulated.length / batchSize);
  const workers = Math.min(batches, Math.max(1, Math.floor(options.workers ?? Math.max(2, availableParallelism()))));
  // Not worth the threads' start-up: run in this thread.
  if (batches < 2 || workers < 2) return runSimulation(model, config, options, reporter);

  const t = timing(model, config, options);
  const points = Math.min(t.ticks, Math.max(0, Math.floor(options.seriesPoints ?? 200)));
  const settings = { duration: t.duration, tick: t.tick, ticks: t.ticks, starvationGrantedFraction: config.thresholds.starvationGrantedFraction };
  const plans: HostPlan[] = [];
  const byEntity = new Map<object, EntityResult>();
  const findings: Diagnostic[] = [];
  const outcomes: (HostOutcome[] | undefined)[] = new Array(batches);
  let nextToSend = 0;
  let nextToFinish = 0;
  const pool: Worker[] = [];

  const planBatch = (b: number): HostsRequest => {
    const from = b * batchSize;
    const hosts = simulated.slice(from, from + batchSize);
    const batchPlans = hosts.map((h) => (plans[plans.length] = planHost(h)));
    return { type: 'hosts', batch: b, plans: batchPlans.map(portablePlan), settings, points };
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => reject(e);
      const onAbort = () => reject(options.signal!.reason);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      // Outcomes are turned into results in host order, so findings come out as simulate() reports them.
      const drain = () => {
        while (nextToFinish < batches && outcomes[nextToFinish]) {
          const list = outcomes[nextToFinish]!;
          const from = nextToFinish * batchSize;
          list.forEach((outcome, k) => hostResults(plans[from + k], outcome, config, reporter, findings, byEntity));
          outcomes[nextToFinish] = undefined;
          nextToFinish++;
          options.onProgress?.(nextToFinish / batches);
        }
        if (nextToFinish === batches) {
          options.signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      };
      const feed = (w: Worker) => {
        if (nextToSend < batches) w.postMessage(planBatch(nextToSend++));
      };
      for (let i = 0; i < workers; i++) {
        const w = new Worker(options.workerScript);
        pool.push(w);
        w.on('message', (message: HostsReply | WorkerReply) => {
          const reply = received(message);
          if (reply.type === 'hosts-done') {
            outcomes[reply.batch] = reply.outcomes;
            feed(w);
            drain();
          } else if (reply.type === 'error') fail(new Error(reply.message));
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (nextToFinish < batches) fail(new Error(`a simulation worker exited (${code})`));
        });
      }
      // Two batches queued per worker: it starts its next one while this thread plans the one after.
      for (const w of pool) feed(w);
      for (const w of pool) feed(w);
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return assemble(model, t, points, byEntity, findings);
}
