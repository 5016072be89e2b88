/**
 * A host's outcome: what results and findings need of one run, reduced from
 * the per-period samples (summaries, ratios, series, counters, events).
 * Plain data, so that a worker thread can compute it and send it back; the
 * sample buffers themselves never leave the thread that ran the host.
 */
import { EnginePlan, NodeKind } from './plan';
import { HostRecord, HostWideFigures } from './record';
import { downsample, round, summarize, sum } from './stats';
import { EntitySeries, SimulationEvent, Summary } from './types';

export interface EntityFigures {
  demand: Summary;
  granted: Summary;
  used: Summary;
  swapped: Summary;
  /** VMs: Σ stolen / Σ runnable; null for others. */
  steal: number | null;
  /** Groups with cpu.max: throttled periods / active periods; null for others. */
  throttled: number | null;
  /** Mean runnable vCPUs (VMs), for messages. */
  runnableMean: number;
  series?: EntitySeries;
}

const COUNTERS = ['starved', 'highTicks', 'ioThrottledTicks', 'failedForks', 'firstFork', 'peakProcesses', 'peakMemoryDemand', 'firstSwap', 'peakIops', 'peakBits', 'iopsAsked', 'iopsGranted', 'bitsAsked', 'bitsGranted', 'netAsked', 'netGranted', 'swapAtMaxTicks', 'firstSwapAtMax', 'notStarted'] as const;
export type CounterName = (typeof COUNTERS)[number];

export interface HostOutcome extends Record<CounterName, Float64Array>, HostWideFigures {
  ticks: number;
  figures: EntityFigures[];
  events: SimulationEvent[][];
}

/** Reduce a host's samples (period-major: entity e of period k at k * E + e) to its outcome. */
export function outcomeOf(p: EnginePlan, rec: HostRecord, points: number, scratch: Float64Array): HostOutcome {
  const T = rec.ticks;
  const E = rec.entities;
  const figures: EntityFigures[] = [];
  for (let e = 0; e < E; e++) {
    const node = e === 0 ? 0 : p.nodeOfEntity[e];
    const isVm = e !== 0 && p.kind[node] === NodeKind.Vm;
    const hasQuota = e !== 0 && p.quota[node] !== Infinity;
    const runnable = isVm ? sum(rec.runnable, e, T, E) : 0;
    const periods = hasQuota ? sum(rec.periods, e, T, E) : 0;
    const f: EntityFigures = {
      demand: summarize(rec.demand, e, T, E, scratch),
      granted: summarize(rec.granted, e, T, E, scratch),
      used: summarize(rec.memUsed, e, T, E, scratch, true),
      swapped: summarize(rec.swapped, e, T, E, scratch, true),
      steal: isVm ? (runnable > 0 ? round(sum(rec.stolen, e, T, E) / runnable) : 0) : null,
      throttled: hasQuota ? (periods > 0 ? round(sum(rec.throttled, e, T, E) / periods) : 0) : null,
      runnableMean: runnable / T,
    };
    if (points > 0) {
      f.series = {
        cpuDemand: downsample(rec.demand, e, T, E, points),
        cpuGranted: downsample(rec.granted, e, T, E, points),
        steal: isVm ? downsample(rec.stolen, e, T, E, points, rec.runnable) : [],
        throttled: hasQuota ? downsample(rec.throttled, e, T, E, points, rec.periods) : [],
        memoryUsed: downsample(rec.memUsed, e, T, E, points),
        swapped: downsample(rec.swapped, e, T, E, points),
      };
    }
    figures.push(f);
  }
  const out = {
    ticks: T,
    figures,
    events: rec.events,
    diskSaturatedTicks: rec.diskSaturatedTicks,
    diskPeakIops: rec.diskPeakIops,
    diskPeakBits: rec.diskPeakBits,
    nicSaturatedTicks: rec.nicSaturatedTicks,
    nicPeakBits: rec.nicPeakBits,
    exhaustedTicks: rec.exhaustedTicks,
    firstExhausted: rec.firstExhausted,
    peakHostNeed: rec.peakHostNeed,
    perDisk: rec.perDisk,
    needAtFirstExhausted: rec.needAtFirstExhausted,
  } as HostOutcome;
  // Counters are copied out of the pooled buffers, which the next host reuses, into one buffer (one copy to a worker's caller).
  const counters = new Float64Array(COUNTERS.length * E);
  COUNTERS.forEach((c, k) => {
    const view = counters.subarray(k * E, (k + 1) * E);
    view.set(rec[c].subarray(0, E));
    out[c] = view;
  });
  return out;
}
