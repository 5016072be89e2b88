/**
 * A document's simulation worker thread (`dist/sim-worker.js`), for two
 * kinds of run:
 * - `simulateHosts`: some hosts (the ones an edit changed: incremental.ts
 *   passes a model of just those) planned here, run by the worker as a
 *   `hosts` batch (core/src/sim/worker.ts), turned into results and
 *   findings here — what `simulate()` gives for the same model, findings
 *   raw (the caller applies the policy). Only those hosts cross the thread
 *   boundary, so simulating on type costs the edited host's run at any size.
 * - `simulateFile`: every host, e.g. the first run after opening — the files'
 *   text goes over and the worker parses, checks and simulates it
 *   (analysis-worker.ts), so this thread plans nothing.
 * Runs never overlap (the owner aborts the old one first); an aborted run
 * terminates the thread (the engine is synchronous inside) and the next
 * run starts a fresh one.
 */
import { Worker } from 'node:worker_threads';
import { CheckConfig } from '../../../core/src/config';
import { Reporter } from '../../../core/src/diagnostics/reporter';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { importAliases } from '../../../core/src/model/imports';
import { holdsUnknown, Model } from '../../../core/src/model/types';
import { assemble, hostResults, timing } from '../../../core/src/sim/index';
import { planHost, portablePlan } from '../../../core/src/sim/plan';
import { HostsReply, HostsRequest, receivedInSlices, WorkerReply, WorkerRequest } from '../../../core/src/sim/protocol';
import { EntityResult, SimulationResult } from '../../../core/src/sim/types';

export interface HostRunOptions {
  duration?: number;
  seed?: number;
  seriesPoints?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

type Done = HostsReply | Extract<WorkerReply, { type: 'done' }>;

export class DocumentWorker {
  private worker?: Worker;

  constructor(private readonly script: string) {}

  async simulateHosts(model: Model, config: CheckConfig, options: HostRunOptions): Promise<SimulationResult> {
    const t = timing(model, config, options);
    const points = Math.min(t.ticks, Math.max(0, Math.floor(options.seriesPoints ?? 200)));
    // Hosts with an unknown value are not simulated (holdsUnknown), as in simulate().
    const plans = model.hosts.filter((h) => !holdsUnknown(h.block)).map(planHost);
    const settings = { duration: t.duration, tick: t.tick, ticks: t.ticks, starvationGrantedFraction: config.thresholds.starvationGrantedFraction };
    const reply = (await this.post({ type: 'hosts', batch: 0, plans: plans.map(portablePlan), settings, points }, options)) as HostsReply;
    const reporter = new Reporter();
    const findings: Diagnostic[] = [];
    const byEntity = new Map<object, EntityResult>();
    reply.outcomes.forEach((outcome, k) => hostResults(plans[k], outcome, config, reporter, findings, byEntity));
    options.onProgress?.(1);
    return assemble(model, t, points, byEntity, findings);
  }

  /** Every host of the model's files, parsed, checked and simulated in the worker; findings with the policy applied. */
  async simulateFile(model: Model, config: CheckConfig, options: HostRunOptions): Promise<SimulationResult> {
    const { signal: _signal, onProgress: _onProgress, ...rest } = options;
    const files = [...model.files.values()].map((f) => ({ uri: f.uri, text: f.text }));
    const reply = await this.post({ type: 'run', rootUri: model.root.uri, files, aliases: importAliases(model), config, options: rest }, options);
    // The thread parsed, checked and simulated every file: V8 keeps the heap that took (≈ 110 MB of RSS
    // with a 20k-line file open, measured) for as long as the thread lives. The hosts batches that follow
    // an edit are small; they start a fresh thread, which costs one thread start (tens of ms) once.
    this.dispose();
    if (reply.type !== 'done') throw new Error('the simulation worker answered a file run with a hosts batch');
    // The worker's diagnostics have suppressions and severities applied; keep its VMX4xx.
    reply.result.findings = reply.diagnostics.filter((d) => d.code >= 'VMX400' && d.code < 'VMX500');
    return reply.result;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private post(request: HostsRequest | WorkerRequest, options: HostRunOptions): Promise<Done> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const worker = (this.worker ??= new Worker(this.script));
    return new Promise<Done>((resolve, reject) => {
      const done = (settle: () => void): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onMessage = (message: HostsReply | WorkerReply): void => {
        if (message.type === 'progress') return options.onProgress?.(message.fraction);
        if (message.type === 'error') return done(() => reject(new Error(message.message)));
        // The last reply: its series are unpacked a slice per turn, so keystrokes are answered meanwhile.
        worker.off('message', onMessage);
        void receivedInSlices(message).then((reply) => done(() => resolve(reply as Done)));
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
