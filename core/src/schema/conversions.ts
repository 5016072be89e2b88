/**
 * The conversions Kubernetes and the OCI runtimes apply between CPU amounts,
 * cgroup v1 shares and cgroup v2 weights, in their own integer arithmetic,
 * so a topology written in one form means what the node would set.
 */

/** kubelet's MinShares: the least cpu.shares a cgroup gets (a BestEffort pod's). */
export const MIN_SHARES = 2;
/** cgroup v1's largest cpu.shares (runc's and the kernel's bound). */
export const MAX_SHARES = 262144;

/**
 * kubelet's MilliCPUToShares: shares = milliCPU × 1024 / 1000, integer
 * division, never below MinShares (2) — a request of 0 or 1m gets 2.
 */
export function cpuToShares(cpus: number): number {
  const milli = Math.round(cpus * 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milli * 1024) / 1000)));
}

/**
 * runc's ConvertCPUSharesToCgroupV2Value: weight = 1 + (shares − 2) × 9999 /
 * 262142, integer division (Go's uint64), so 1024 shares are weight 39 and
 * 256 shares are 10. 0 means "not set" to runc; shares are at least 2 here.
 */
export function sharesToWeight(shares: number): number {
  const s = Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor(shares)));
  return 1 + Math.floor(((s - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES));
}

/** The kernel's default CFS bandwidth period, in seconds (100 ms). */
export const CFS_PERIOD = 0.1;

/** `cpu.max` as the kernel writes it: "QUOTA PERIOD" in µs, QUOTA `max` for none; the period is optional ("max"). */
export interface CpuMaxString {
  /** CPUs (quota / period); Infinity for `max`. */
  cpus: number;
  /** seconds */
  period: number;
}

/** The periods the kernel accepts, in seconds: 1 ms to 1 s (min_cfs_quota_period, max_cfs_quota_period). */
export const CFS_PERIOD_MIN = 0.001;
export const CFS_PERIOD_MAX = 1;

/** Parse the kernel's `cpu.max` string; undefined when it is not of that form. */
export function parseCpuMaxString(text: string): CpuMaxString | undefined {
  const m = /^\s*(max|\d+)(?:\s+(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const periodUs = m[2] === undefined ? CFS_PERIOD * 1e6 : Number(m[2]);
  const cpus = m[1] === 'max' ? Infinity : Number(m[1]) / periodUs;
  return { cpus, period: periodUs / 1e6 };
}
