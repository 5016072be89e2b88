/**
 * What one host's run leaves behind: per-entity, per-period samples (for
 * mean, p95, max and the down-sampled series) and counters. Buffers are
 * owned by a pool and reused from host to host, so a 20,000-host run
 * allocates them once.
 */
import { SimulationEvent } from './types';

/** Per-period samples, period-major (each period's writes are contiguous): entity e at period k is `a[k * entities + e]`. */
export interface HostRecord extends HostWideFigures {
  ticks: number;
  entities: number;
  demand: Float64Array;
  granted: Float64Array;
  memUsed: Float64Array;
  swapped: Float64Array;
  /** VMs: runnable vCPU time and the part of it not running (steal). */
  runnable: Float64Array;
  stolen: Float64Array;
  /** Groups with cpu.max: CFS periods active and throttled in each sample. */
  periods: Float64Array;
  throttled: Float64Array;
  /** Counters per entity. */
  starved: Float64Array;
  demandTicks: Float64Array;
  highTicks: Float64Array;
  ioThrottledTicks: Float64Array;
  ioDemandTicks: Float64Array;
  failedForks: Float64Array;
  firstFork: Float64Array;
  peakProcesses: Float64Array;
  peakMemoryDemand: Float64Array;
  firstSwap: Float64Array;
  /** Containers: periods swapping at memory.max (VMX412) and the first time; VMs: when one did not start (VMX411), -1 else. */
  swapAtMaxTicks: Float64Array;
  firstSwapAtMax: Float64Array;
  notStarted: Float64Array;
  /** Largest I/O demand seen against io.max (IOPS and bits/s), for messages. */
  peakIops: Float64Array;
  peakBits: Float64Array;
  /** I/O over the run, summed per period (means are taken at the end): IOPS, disk bits/s, network bits/s asked and granted. */
  iopsAsked: Float64Array;
  iopsGranted: Float64Array;
  bitsAsked: Float64Array;
  bitsGranted: Float64Array;
  netAsked: Float64Array;
  netGranted: Float64Array;
  events: SimulationEvent[][];
}

/** Host-wide figures, recorded per run and carried into the host's outcome. */
export interface HostWideFigures {
  diskSaturatedTicks: number;
  diskPeakIops: number;
  diskPeakBits: number;
  nicSaturatedTicks: number;
  nicPeakBits: number;
  exhaustedTicks: number;
  firstExhausted: number;
  peakHostNeed: number;
  /** Per host disk with volumes on it (`disk = "name"`, several disks), else undefined: periods saturated and peak load. */
  perDisk?: { saturatedTicks: number; peakIops: number; peakBits: number }[];
  /** What the host needed at firstExhausted (the VMX410 message's figure at the time it names). */
  needAtFirstExhausted: number;
}

/** At most this many events are kept per entity (the rest are counted in the summary). */
export const MAX_EVENTS = 50;

export class RecordPool {
  private samples = new Float64Array(0);
  private counters = new Float64Array(0);

  /** Drop buffers above `bytes` so a long-lived process (the language server) does not keep one huge run's memory. */
  trim(bytes = 64 * 1024 * 1024): void {
    if (this.samples.byteLength > bytes) this.samples = new Float64Array(0);
    if (this.counters.byteLength > bytes) this.counters = new Float64Array(0);
  }

  take(entities: number, ticks: number): HostRecord {
    const size = entities * ticks;
    if (this.samples.length < size * 8) this.samples = new Float64Array(size * 8);
    if (this.counters.length < entities * 21) this.counters = new Float64Array(entities * 21);
    // The engine writes every sample it reads, and clears the sparse ones (runnable, stolen, periods, throttled) itself.
    const s = (k: number) => this.samples.subarray(k * size, (k + 1) * size);
    const c = (k: number, fill = 0) => this.counters.subarray(k * entities, (k + 1) * entities).fill(fill);
    return {
      ticks,
      entities,
      demand: s(0),
      granted: s(1),
      memUsed: s(2),
      swapped: s(3),
      runnable: s(4),
      stolen: s(5),
      periods: s(6),
      throttled: s(7),
      starved: c(0),
      demandTicks: c(1),
      highTicks: c(2),
      ioThrottledTicks: c(3),
      ioDemandTicks: c(4),
      failedForks: c(5),
      firstFork: c(6, -1),
      peakProcesses: c(7),
      peakMemoryDemand: c(8),
      firstSwap: c(9, -1),
      peakIops: c(10),
      peakBits: c(11),
      iopsAsked: c(12),
      iopsGranted: c(13),
      bitsAsked: c(14),
      bitsGranted: c(15),
      netAsked: c(16),
      netGranted: c(17),
      swapAtMaxTicks: c(18),
      firstSwapAtMax: c(19, -1),
      notStarted: c(20, -1),
      events: Array.from({ length: entities }, () => []),
      diskSaturatedTicks: 0,
      diskPeakIops: 0,
      diskPeakBits: 0,
      nicSaturatedTicks: 0,
      nicPeakBits: 0,
      exhaustedTicks: 0,
      firstExhausted: -1,
      peakHostNeed: 0,
      needAtFirstExhausted: 0,
    };
  }
}

export function pushEvent(list: SimulationEvent[], event: SimulationEvent): void {
  if (list.length < MAX_EVENTS) list.push(event);
}
