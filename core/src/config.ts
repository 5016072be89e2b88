/**
 * Options of the check pipeline: per-code severities and thresholds. The
 * CLI reads them from flags and vmx.config.json, the server from settings.
 */
import { Severity } from './diagnostics/types';

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
  /** VMX404: fraction of the run a group's usage is held at memory.high above which it is reported. */
  memoryHighFraction: number;
  /** VMX408: fraction of the run a host's disks are saturated (or a group is held at io.max) above which it is reported. */
  ioSaturatedFraction: number;
  /** VMX409: fraction of the run a host's NICs are saturated above which it is reported. */
  nicSaturatedFraction: number;
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

export interface CheckConfig {
  severities: Record<string, SeveritySetting>;
  thresholds: Thresholds;
  limits: Limits;
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
  if (!patch || typeof patch !== 'object') return out;
  const p = patch as Record<string, unknown>;
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
