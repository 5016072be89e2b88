/**
 * Options of the check pipeline: per-code severities and thresholds. The
 * CLI reads them from flags and vmx.config.json, the server from settings.
 */
import { Severity } from './diagnostics/types';
import { isProfileName, ProfileName } from './profiles';

export type SeveritySetting = Severity | 'off';

export interface Thresholds {
  /** VMX301: VM vCPUs on a host above this many times its logical CPUs. */
  vcpuOvercommitRatio: number;
  /** VMX401: mean steal fraction above which a VM is reported. */
  stealFraction: number;
  /** VMX402: fraction of CFS periods throttled above which a group is reported. */
  throttledFraction: number;
  /** VMX403: granted below this fraction of demand… */
  starvationGrantedFraction: number;
  /** …for more than this fraction of the run. */
  starvationTimeFraction: number;
  /** VMX404: fraction of the run a group's usage is above memory.high above which it is reported. */
  memoryHighFraction: number;
  /** VMX408: fraction of the run a host's disks are saturated (or a group is held at io.max) above which it is reported. */
  ioSaturatedFraction: number;
  /** VMX409: fraction of the run a host's NICs are saturated above which it is reported. */
  nicSaturatedFraction: number;
  /** VMX406: the most VM memory a host swaps at once, as a fraction of its RAM, below which it is not reported (never below 64 MiB: MIN_REPORTED_SWAP). */
  hostSwapFraction: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  vcpuOvercommitRatio: 4,
  stealFraction: 0.05,
  throttledFraction: 0.1,
  starvationGrantedFraction: 0.5,
  starvationTimeFraction: 0.1,
  memoryHighFraction: 0.05,
  ioSaturatedFraction: 0.1,
  nicSaturatedFraction: 0.1,
  // 1%: at the default vm.swappiness the kernel swaps idle pages out without real pressure (sim/params.ts, MIN_REPORTED_SWAP_FRACTION).
  hostSwapFraction: 0.01,
};

export interface Limits {
  /** Files larger than this are not checked (bytes). */
  maxFileSize: number;
  /** Deepest nesting of brackets that is parsed. */
  maxNestingDepth: number;
  /** Processes a `count`, `processes` or `pids.max` may name (Linux PID_MAX_LIMIT, 2^22). */
  maxProcesses: number;
  /** Largest normalised quantity (bytes, bits/s, …): beyond 2^53 numbers are no longer exact. */
  maxQuantity: number;
  /** Time steps of one simulation (duration / the 100 ms CFS period); the simulator caps it at 100,000. */
  maxSimulationSteps: number;
  /** Entities × steps of one simulation: bounds its time and memory. */
  maxSimulationWork: number;
  /** CPUs listed by all `pin` and `cpuset.cpus` values of a file together (a range counts each CPU it covers). */
  maxPinnedCpus: number;
  /** Characters of all the files a root imports, together (directly or not; each file counted once). */
  maxImportedBytes: number;
}

/** See docs/limits.md for each limit and why its default is what it is. */
export const DEFAULT_LIMITS: Limits = {
  maxFileSize: 32 * 1024 * 1024,
  maxNestingDepth: 64,
  maxProcesses: 4_194_304,
  maxQuantity: Number.MAX_SAFE_INTEGER,
  maxSimulationSteps: 100_000,
  maxSimulationWork: 2_000_000_000,
  maxPinnedCpus: 16_777_216,
  maxImportedBytes: 32 * 1024 * 1024,
};

/**
 * What each setting may be, for vmx.config.json and the flags (the CLI
 * refuses anything else) and for docs/schemas/vmx.config.schema.json.
 * Fractions are of a run or of a demand: 0 to 1. A ratio is positive.
 * Limits are counts of bytes, levels, processes, steps: whole numbers from 1.
 */
export interface SettingRange {
  type: 'number' | 'integer';
  minimum: number;
  /** The minimum itself is not allowed. */
  exclusiveMinimum?: boolean;
  maximum: number;
  /** "a fraction from 0 to 1": how the range reads in an error message. */
  reads: string;
}

const FRACTION: SettingRange = { type: 'number', minimum: 0, maximum: 1, reads: 'a fraction from 0 to 1 (0.05 = 5%)' };

export const THRESHOLD_RANGES: Record<keyof Thresholds, SettingRange> = {
  vcpuOvercommitRatio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1000, reads: 'a ratio above 0 and at most 1000 (vCPUs per logical CPU)' },
  stealFraction: FRACTION,
  throttledFraction: FRACTION,
  starvationGrantedFraction: FRACTION,
  starvationTimeFraction: FRACTION,
  memoryHighFraction: FRACTION,
  ioSaturatedFraction: FRACTION,
  nicSaturatedFraction: FRACTION,
  hostSwapFraction: FRACTION,
};

const COUNT = (what: string): SettingRange => ({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, reads: `a whole number of ${what} from 1` });

export const LIMIT_RANGES: Record<keyof Limits, SettingRange> = {
  maxFileSize: COUNT('bytes'),
  maxNestingDepth: COUNT('levels'),
  maxProcesses: COUNT('processes'),
  maxQuantity: COUNT('units'),
  maxSimulationSteps: COUNT('steps'),
  maxSimulationWork: COUNT('entity-steps'),
  maxPinnedCpus: COUNT('CPUs'),
  maxImportedBytes: COUNT('characters'),
};

/** Why `value` cannot be the threshold or limit `name`, in a few words; undefined when it can. */
export function settingProblem(group: 'thresholds' | 'limits', name: string, value: unknown): string | undefined {
  const ranges: Record<string, SettingRange> = group === 'thresholds' ? THRESHOLD_RANGES : LIMIT_RANGES;
  const r = ranges[name];
  if (!r) return `unknown ${group} setting`;
  if (typeof value !== 'number' || !isFinite(value)) return `must be ${r.reads}, not ${JSON.stringify(value)}`;
  const below = r.exclusiveMinimum ? value <= r.minimum : value < r.minimum;
  if (below || value > r.maximum || (r.type === 'integer' && !Number.isInteger(value))) return `is ${value}, out of range: must be ${r.reads}`;
  return undefined;
}

export interface CheckConfig {
  severities: Record<string, SeveritySetting>;
  thresholds: Thresholds;
  limits: Limits;
  /** A profile of profiles.ts (default, baseline, restricted): raises some severities; `severities` wins over it. */
  profile?: ProfileName;
}

export function defaultConfig(): CheckConfig {
  return { severities: {}, thresholds: { ...DEFAULT_THRESHOLDS }, limits: { ...DEFAULT_LIMITS } };
}

const SEVERITIES: SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export function isSeveritySetting(v: unknown): v is SeveritySetting {
  return typeof v === 'string' && (SEVERITIES as string[]).includes(v);
}

/** Merge a partial config (settings, vmx.config.json) over a base; unknown keys are ignored. */
export function mergeConfig(base: CheckConfig, patch: unknown): CheckConfig {
  const out: CheckConfig = { severities: { ...base.severities }, thresholds: { ...base.thresholds }, limits: { ...base.limits } };
  if (base.profile !== undefined) out.profile = base.profile;
  if (!patch || typeof patch !== 'object') return out;
  const p = patch as Record<string, unknown>;
  if (isProfileName(p.profile)) out.profile = p.profile;
  if (p.severities && typeof p.severities === 'object') {
    for (const [code, sev] of Object.entries(p.severities as Record<string, unknown>)) {
      if (/^VMX\d{3}$/.test(code) && isSeveritySetting(sev)) out.severities[code] = sev;
    }
  }
  for (const group of ['thresholds', 'limits'] as const) {
    const g = p[group];
    if (!g || typeof g !== 'object') continue;
    for (const [k, v] of Object.entries(g as Record<string, unknown>)) {
      if (k in out[group] && typeof v === 'number' && isFinite(v) && v >= 0) (out[group] as unknown as Record<string, number>)[k] = v;
    }
  }
  return out;
}
