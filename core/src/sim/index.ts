/**
 * The resource simulator (DESIGN §5): what the topology does under its
 * declared workloads. Pure and deterministic — same model, options and
 * seed ⇒ byte-identical result.
 *
 * API for front ends:
 * - `simulate(model, config, options)` → `SimulationResult` (types.ts): per
 *   entity summaries, events and (optionally) down-sampled series, plus the
 *   findings VMX401–VMX410 as diagnostics. Synchronous; honours
 *   `options.signal` (throws the signal's reason, an AbortError, when
 *   aborted) and calls `options.onProgress(0..1)` at most ~100 times.
 * - `simulationStage(options, onResult?)` → a stage for
 *   `analyze(file, sources, { extraStages: [simulationStage()] })`: findings
 *   go through the pipeline's Reporter, so `# vmx-ignore` and severity
 *   settings apply; `onResult` receives the full result.
 * - `simulateInWorker(...)` / `SimulationWorker` (run-in-worker.ts): parse,
 *   check and simulate in a worker_thread running `dist/sim-worker.js`, so
 *   the language server stays responsive; abort terminates the worker.
 * - `simulateParallel(...)` (parallel.ts): one model's hosts spread over
 *   several worker threads, for very large topologies; same result.
 * - `timing(model, config, options)`: the duration, step, seed and period a
 *   run will use (for a front end that shows them before the run ends).
 * How the model works, its parameters and sources: docs/simulation.md.
 */
import { CheckConfig, defaultConfig } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { Diagnostic } from '../diagnostics/types';
import { Entity, holdsUnknown, Host, Model, Vm } from '../model/types';
import { blockHeaderSpan } from '../syntax/ast';
import { runHost } from './engine';
import { reportFindings } from './findings';
import { timing } from '../model/timing';
import { HostPlan, planHost } from './plan';
import { RecordPool } from './record';
import { round } from './stats';
import { EntityFigures, HostOutcome, outcomeOf } from './outcome';
import { EntityResult, SimulateOptions, SimulationResult } from './types';

export type { SimulateOptions, SimulationResult, EntityResult } from './types';

/** Run the simulation of a resolved model. */
export function simulate(model: Model, config: CheckConfig = defaultConfig(), options: SimulateOptions = {}): SimulationResult {
  return runSimulation(model, config, options, new Reporter());
}

/** A pipeline stage reporting VMX4xx findings through analyze()'s Reporter. */
export function simulationStage(options: SimulateOptions = {}, onResult?: (result: SimulationResult) => void) {
  return (model: Model, reporter: Reporter, config: CheckConfig): void => {
    const result = runSimulation(model, config, options, reporter);
    onResult?.(result);
  };
}

/** Run settings (duration, step, seed, period): defined in the model layer, which the model's limit check shares. */
export { timing } from '../model/timing';

export function runSimulation(model: Model, config: CheckConfig, options: SimulateOptions, reporter: Reporter): SimulationResult {
  // The engine is synchronous: one pool of sample buffers serves every run (a nested run, from an onProgress callback, gets its own).
  const pool = sharedPool && !poolInUse ? sharedPool : new RecordPool();
  const owned = pool === sharedPool;
  if (owned) poolInUse = true;
  try {
    return runHosts(model, config, options, reporter, pool);
  } finally {
    if (owned) {
      poolInUse = false;
      pool.trim();
    }
  }
}

const sharedPool = new RecordPool();
let poolInUse = false;

function runHosts(model: Model, config: CheckConfig, options: SimulateOptions, reporter: Reporter, pool: RecordPool): SimulationResult {
  const { duration, step, seed, tick, ticks } = timing(model, config, options);
  const points = Math.min(ticks, Math.max(0, Math.floor(options.seriesPoints ?? 200)));
  const byEntity = new Map<object, EntityResult>();
  const findings: Diagnostic[] = [];
  // Every entity (hosts, VMs, groups, pods, containers) is one row of every period.
  const totalWork = model.entities.length * ticks;
  let done = 0;
  let reported = -1;
  const progress = (work: number) => {
    if (!options.onProgress || totalWork === 0) return;
    const f = Math.min(1, work / totalWork);
    if (f - reported >= 0.01 || (f === 1 && reported < 1)) {
      reported = f;
      options.onProgress(f);
    }
  };
  let scratch = new Float64Array(ticks);

  for (const host of model.hosts) {
    options.signal?.throwIfAborted();
    // A host with an unknown value (VMX103/VMX104 on it) is not simulated: see holdsUnknown.
    if (holdsUnknown(host.block)) continue;
    const plan = planHost(host);
    const rec = pool.take(plan.entities.length, ticks);
    const weight = plan.entities.length;
    runHost(plan, rec, {
      duration,
      tick,
      ticks,
      starvationGrantedFraction: config.thresholds.starvationGrantedFraction,
      onTicks: (k) => {
        options.signal?.throwIfAborted();
        progress(done + weight * k);
      },
    });
    if (scratch.length < ticks) scratch = new Float64Array(ticks);
    hostResults(plan, outcomeOf(plan, rec, points, scratch), config, reporter, findings, byEntity);
    done += weight * ticks;
    progress(done);
  }
  progress(totalWork);
  return assemble(model, { duration, step, seed, tick, ticks }, points, byEntity, findings);
}

/** Results and findings of one host from its outcome (wherever it was computed). */
export function hostResults(plan: HostPlan, outcome: HostOutcome, config: CheckConfig, reporter: Reporter, findings: Diagnostic[], byEntity: Map<object, EntityResult>): void {
  const results = plan.entities.map((entity, e) => entityResult(entity, outcome.figures[e], outcome, e, plan.quotaOf(entity)));
  reportFindings(plan, outcome, results, config.thresholds, reporter, findings);
  plan.entities.forEach((entity, e) => byEntity.set(entity, results[e]));
}

/** The result, entities in model order. */
export function assemble(model: Model, t: ReturnType<typeof timing>, points: number, byEntity: Map<object, EntityResult>, findings: Diagnostic[]): SimulationResult {
  const { duration, step, seed, tick, ticks } = t;
  const result: SimulationResult = {
    version: 1,
    duration,
    step,
    seed,
    entities: model.entities.map((e) => byEntity.get(e)).filter((r): r is EntityResult => r !== undefined),
    findings,
  };
  if (points > 0) result.times = Array.from({ length: points }, (_, b) => Number((Math.floor((b * ticks) / points) * tick).toFixed(6)));
  return result;
}

function entityResult(entity: Entity, f: EntityFigures, outcome: HostOutcome, e: number, quota: number): EntityResult {
  // Containers, groups and pods report their cgroup's memory.max; a VM its vRAM, a host its RAM.
  const cgroup = entity.kind === 'container' || entity.kind === 'group' || entity.kind === 'pod' ? entity.cgroup : undefined;
  const limit = cgroup ? cgroup.memoryMax : (entity as Host | Vm).memory;
  const high = cgroup ? cgroup.memoryHigh : Infinity;
  const header = blockHeaderSpan(entity.block.node);
  const r: EntityResult = {
    id: entity.id,
    kind: entity.kind,
    uri: entity.block.file.uri,
    range: entity.block.file.lines.range(header.start, header.end),
    cpu: { demand: f.demand, granted: f.granted, steal: f.steal, throttled: f.throttled, limit: quota === Infinity ? null : quota },
    memory: { used: f.used, limit: isFinite(limit) ? limit : null, high: isFinite(high) ? high : null, swapped: f.swapped },
    pids: { failedForks: outcome.failedForks[e], firstFailure: outcome.firstFork[e] >= 0 ? outcome.firstFork[e] : null },
    events: outcome.events[e],
  };
  const T = outcome.ticks;
  if (outcome.iopsAsked[e] > 0 || outcome.bitsAsked[e] > 0 || outcome.netAsked[e] > 0) {
    const m = (v: number) => round(v / T);
    r.io = {
      iops: { demand: m(outcome.iopsAsked[e]), granted: m(outcome.iopsGranted[e]) },
      bandwidth: { demand: m(outcome.bitsAsked[e]), granted: m(outcome.bitsGranted[e]) },
      network: { demand: m(outcome.netAsked[e]), granted: m(outcome.netGranted[e]) },
    };
  }
  if (f.series) r.series = f.series;
  return r;
}
