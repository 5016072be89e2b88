/**
 * The conversions compose, `docker inspect` and OCI configs share, on a
 * ContainerSpec: they all describe a runc container, so a CFS quota, a
 * memory+swap figure, a blkio weight or a mount means the same in each
 * (one definition per rule).
 */
import { capabilityName, ContainerSpec, MountSpec } from '../container';
import { CAPABILITY_NAMES } from '../../isolation/capabilities';
import { DEFAULT_CFS_PERIOD_US } from './docker-units';
import { FieldError } from './fields';
import { posix } from 'node:path';
import { nameFrom } from '../../syntax/token-patterns';

/**
 * cpu.max from a CFS quota and period (µs): CPUs when the period is the
 * kernel's 100 ms, else the kernel's "QUOTA PERIOD" string, exactly. A quota
 * ≤ 0 is unlimited. Returns why values the kernel refuses (a fraction, a
 * period outside 1 ms–1 s) cannot be written, else undefined.
 */
export function setCpuQuota(spec: ContainerSpec, quota: number, period: number | undefined): string | undefined {
  if (quota <= 0) return undefined;
  const p = period && period > 0 ? period : DEFAULT_CFS_PERIOD_US;
  if (!Number.isInteger(quota) || !Number.isInteger(p)) return `quota ${quota} and period ${p} are not whole microseconds`;
  if (p < 1000 || p > 1000000) return `the period ${p} µs is outside the kernel's 1000–1000000`;
  const cgroup = (spec.cgroup ??= {});
  if (p === DEFAULT_CFS_PERIOD_US) cgroup.cpuMax = quota / p;
  else cgroup.cpuMaxRaw = `${quota} ${p}`;
  return undefined;
}

/** A cpuset as the kernel writes it (`0-3,8`); anything else is a FieldError. */
export function cpusetOf(value: string): string {
  const v = value.trim();
  if (!/^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/.test(v)) throw new FieldError(`"${value}" is not a CPU list such as 0-3,8`);
  return v;
}

/** Capability names the kernel knows (without `CAP_`, upper case; `ALL`), and the others, which are listed rather than written. */
export function knownCapabilities(names: string[]): { known: string[]; unknown: string[] } {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const raw of names) {
    const name = capabilityName(raw);
    if (name === '') continue;
    const list = CAPABILITY_NAMES.includes(name) ? known : unknown;
    if (!list.includes(name)) list.push(name);
  }
  return { known, unknown };
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

/**
 * Adds a mount named from its volume or its target (`/var/run/docker.sock`
 * → `var-run-docker-sock`), unique in the container. A target that is not
 * an absolute path, a bind without an absolute source or a volume without a
 * name is a FieldError: the field is listed rather than written wrong.
 */
export function addMount(spec: ContainerSpec, mount: Omit<MountSpec, 'name'>, preferred?: string): void {
  if (!mount.target.startsWith('/')) throw new FieldError(`the target ${mount.target || '(none)'} is not an absolute path`);
  if (mount.type === 'bind' && !mount.source?.startsWith('/')) throw new FieldError(`the bind source ${mount.source || '(none)'} is not an absolute path`);
  if (mount.type === 'volume' && !mount.source) throw new FieldError('a volume mount without a volume name');
  const mounts = (spec.mounts ??= []);
  const base = mountName(preferred ?? mount.target);
  let name = base;
  for (let n = 2; mounts.some((m) => m.name === name); n++) name = `${base}-${n}`;
  mounts.push({ name, ...mount });
}

function mountName(text: string): string {
  return nameFrom(text, 'mount');
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
