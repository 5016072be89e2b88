/**
 * The conversions compose, `docker inspect` and OCI configs share, on a
 * ContainerSpec: they all describe a runc container, so a CFS quota, a
 * memory+swap figure, a blkio weight or a mount means the same in each
 * (one definition per rule).
 */
import { ContainerSpec, MountSpec } from '../container';
import { DEFAULT_CFS_PERIOD_US } from './docker-units';
import { FieldError } from './fields';
import { posix } from 'node:path';

/** cpu.max from a CFS quota and period (µs): CPUs when the period is the kernel's 100 ms, else the kernel's "QUOTA PERIOD" string, exactly. A quota ≤ 0 is unlimited. */
export function setCpuQuota(spec: ContainerSpec, quota: number, period: number | undefined): void {
  if (quota <= 0) return;
  const p = period && period > 0 ? period : DEFAULT_CFS_PERIOD_US;
  const cgroup = (spec.cgroup ??= {});
  if (p === DEFAULT_CFS_PERIOD_US) cgroup.cpuMax = quota / p;
  else cgroup.cpuMaxRaw = `${quota} ${p}`;
}

/**
 * memory.swap.max from a memory + swap figure (Docker's MemorySwap and
 * memswap_limit, OCI's memory.swap — cgroup v1's memsw): swap = memsw −
 * memory; -1 is unlimited. Returns why it cannot be derived, else undefined.
 */
export function setSwapFromMemsw(spec: ContainerSpec, memsw: number): string | undefined {
  const cgroup = (spec.cgroup ??= {});
  if (memsw === -1) {
    cgroup.memorySwapMax = Infinity;
    return undefined;
  }
  if (cgroup.memoryMax === undefined) return 'memory + swap without a memory limit: no swap limit can be derived';
  if (memsw < cgroup.memoryMax) return `memory + swap ${memsw} is below the memory limit ${cgroup.memoryMax}`;
  cgroup.memorySwapMax = memsw - cgroup.memoryMax;
  return undefined;
}

/** A blkio weight (10–1000, Docker and OCI) as cgroup v2's io.weight (1–10000), converted the way runc does: 1 + (w − 10) × 9999 / 990. */
export function ioWeightOfBlkio(weight: number): number {
  if (weight < 10 || weight > 1000) throw new FieldError(`blkio weight ${weight} is outside 10–1000`);
  return Math.round(1 + ((weight - 10) * 9999) / 990);
}

/** cpu.shares as the kernel takes them: clamped to 2–262144. */
export function clampShares(shares: number): number {
  return Math.min(262144, Math.max(2, Math.round(shares)));
}

/** A name for a mount, from its volume or its target (`/var/run/docker.sock` → `var-run-docker-sock`), unique in the container. */
export function addMount(spec: ContainerSpec, mount: Omit<MountSpec, 'name'>, preferred?: string): void {
  const mounts = (spec.mounts ??= []);
  const base = mountName(preferred ?? mount.target);
  let name = base;
  for (let n = 2; mounts.some((m) => m.name === name); n++) name = `${base}-${n}`;
  mounts.push({ name, ...mount });
}

function mountName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  if (cleaned === '') return 'root';
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `m-${cleaned}`;
}

/** Mount propagation as a topology writes it: the recursive forms, `private` for the private ones; undefined for anything else. */
export function propagationOf(value: string): MountSpec['propagation'] | undefined {
  switch (value) {
    case 'shared':
    case 'rshared':
      return 'rshared';
    case 'slave':
    case 'rslave':
      return 'rslave';
    case 'private':
    case 'rprivate':
      return 'private';
    default:
      return undefined;
  }
}

/** A host path without `.`, `..`, doubled or trailing slashes (`/var/lib/docker/` is `/var/lib/docker`, as the checks compare paths). */
export function hostPath(path: string): string {
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}
