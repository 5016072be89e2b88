/**
 * The changed hosts of a document simulated in a worker thread: planned
 * here, run by `dist/sim-worker.js` as a `hosts` batch (core/src/sim/worker.ts),
 * turned into results and findings here — what `simulate()` gives for the
 * same model. Unlike a `run` request (the whole file re-parsed and every
 * host simulated in the worker), only the hosts an edit changed cross the
 * thread boundary, so simulating on type costs the edited host's run at
 * any file size. Findings are raw: the caller applies the policy.
 */
import { Worker } from 'node:worker_threads';
import { CheckConfig } from '../../../core/src/config';
import { Reporter } from '../../../core/src/diagnostics/reporter';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { holdsUnknown, Model } from '../../../core/src/model/types';
import { assemble, hostResults, timing } from '../../../core/src/sim/index';
import { planHost, portablePlan } from '../../../core/src/sim/plan';
import { HostsReply, HostsRequest, WorkerReply } from '../../../core/src/sim/protocol';
import { EntityResult, SimulationResult } from '../../../core/src/sim/types';

export interface HostRunOptions {
  duration?: number;
  seed?: number;
  seriesPoints?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** One worker per document, kept between runs; an aborted run terminates it (the engine is synchronous inside). */
export class HostsWorker {
  private worker?: Worker;

  constructor(private readonly script: string) {}

  async simulate(model: Model, config: CheckConfig, options: HostRunOptions): Promise<SimulationResult> {
    const t = timing(model, config, options);
    const points = Math.min(t.ticks, Math.max(0, Math.floor(options.seriesPoints ?? 200)));
    // Hosts with an unknown value are not simulated (holdsUnknown), as in simulate().
    const plans = model.hosts.filter((h) => !holdsUnknown(h.block)).map(planHost);
    const settings = { duration: t.duration, tick: t.tick, ticks: t.ticks, starvationGrantedFraction: config.thresholds.starvationGrantedFraction };
    const reply = await this.post({ type: 'hosts', batch: 0, plans: plans.map(portablePlan), settings, points }, options.signal);
    const reporter = new Reporter();
    const findings: Diagnostic[] = [];
    const byEntity = new Map<object, EntityResult>();
    reply.outcomes.forEach((outcome, k) => hostResults(plans[k], outcome, config, reporter, findings, byEntity));
    options.onProgress?.(1);
    return assemble(model, t, points, byEntity, findings);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private post(request: HostsRequest, signal: AbortSignal | undefined): Promise<HostsReply> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const worker = (this.worker ??= new Worker(this.script));
    return new Promise<HostsReply>((resolve, reject) => {
      const done = (settle: () => void): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onMessage = (reply: HostsReply | WorkerReply): void => {
        if (reply.type === 'hosts-done') done(() => resolve(reply));
        else if (reply.type === 'error') done(() => reject(new Error(reply.message)));
      };
      const onError = (e: Error): void => {
        this.worker = undefined;
        done(() => reject(e));
      };
      const onExit = (): void => {
        this.worker = undefined;
        done(() => reject(new Error('the simulation worker exited')));
      };
      const onAbort = (): void => {
        this.worker = undefined;
        void worker.terminate();
        done(() => reject(signal!.reason));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(request);
    });
  }
}
