/**
 * The simulation's contract: what `simulate()` returns. Its JSON form is
 * the `vmx simulate --format json` output of DESIGN §7 (these fields must
 * stay; more are welcome), plus down-sampled series for charts. The server's
 * `vmx/simulate` request returns exactly this object.
 */
import { Range } from '../text/line-index';

export interface Summary {
  mean: number;
  p95: number;
  max: number;
}

export interface SimulationEvent {
  /** Simulated time, seconds. */
  t: number;
  /** 'oom-kill' | 'fork-failed' | 'swap-start' | 'throttled' | 'memory-high' | 'host-memory-exhausted' | … */
  type: string;
  detail?: string;
}

/** Down-sampled time series for charts: one value per entry of `SimulationResult.times`. */
export interface EntitySeries {
  cpuDemand: number[];
  cpuGranted: number[];
  /** Fraction 0..1 (VMs; empty for others). */
  steal: number[];
  /** Fraction of CFS periods throttled in the sample window (groups with cpu.max; empty otherwise). */
  throttled: number[];
  memoryUsed: number[];
  swapped: number[];
}

export interface EntityResult {
  id: string;
  kind: 'host' | 'vm' | 'partition' | 'group' | 'pod' | 'container';
  /** Where the entity is declared (its block header), for "reveal" and findings. */
  uri: string;
  range: Range;
  cpu: {
    demand: Summary;
    granted: Summary;
    /** Mean fraction of runnable vCPU time not running (VMs only, else null). */
    steal: number | null;
    /** Fraction of CFS periods throttled (groups with cpu.max, else null). */
    throttled: number | null;
    /** cpu.max in CPUs when set (for charts), else null. */
    limit?: number | null;
  };
  memory: {
    used: Summary;
    /** memory.max (or the VM's memory) in bytes, null when unlimited. */
    limit: number | null;
    /** memory.high in bytes, null when unset. */
    high?: number | null;
    swapped: Summary;
  };
  pids: { failedForks: number; firstFailure?: number | null };
  /**
   * Mean I/O over the run, asked (before io.max) and granted (after io.max and
   * sharing by io.weight): IOPS, disk throughput and network throughput in
   * bits/s. Present when the entity does any I/O.
   */
  io?: {
    iops: { demand: number; granted: number };
    bandwidth: { demand: number; granted: number };
    network: { demand: number; granted: number };
  };
  events: SimulationEvent[];
  series?: EntitySeries;
}

export interface SimulationResult {
  version: 1;
  /** Simulated seconds. */
  duration: number;
  /** Step, seconds. */
  step: number;
  seed: number;
  entities: EntityResult[];
  /** Findings VMX401–VMX410, in the shape of `vmx check --format json` diagnostics (with uri). */
  findings: import('../diagnostics/types').Diagnostic[];
  /** Sample times (seconds) of the down-sampled series. */
  times?: number[];
}

export interface SimulateOptions {
  duration?: number;
  seed?: number;
  step?: number;
  /** Cancellation: the run stops and throws an AbortError-like error. */
  signal?: AbortSignal;
  /** Progress 0..1, called a bounded number of times per run. */
  onProgress?: (fraction: number) => void;
  /** Points per down-sampled series (default 200); 0 to leave series out. */
  seriesPoints?: number;
}
