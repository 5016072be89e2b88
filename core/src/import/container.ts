/**
 * One way to write a container, whatever it came from (compose, Kubernetes,
 * an OCI config, `docker inspect`, discovery): importers fill a
 * ContainerSpec with values already in our units, and containerBlock writes
 * the attributes the schema names, leaving out what equals the default.
 */
import { attributeDefault } from '../schema';
import { attr, block, bool, exactBytes, exactCpus, list, NotImported, num, str, TreeAttribute, TreeBlock, TreeValue, word } from './tree';
import { IS_NAME_SEGMENT, KEYWORDS } from '../syntax/token-patterns';

export type NamespaceName = 'mnt' | 'pid' | 'net' | 'ipc' | 'uts' | 'user' | 'cgroup' | 'time';
/** `host`, `private`, or the name of the container whose namespace is joined. */
export type NamespaceSetting = 'host' | 'private' | { container: string };

export interface MountSpec {
  name: string;
  type: 'bind' | 'volume' | 'tmpfs';
  /** A host path (bind) or a volume's name (volume). */
  source?: string;
  target: string;
  readOnly?: boolean;
  propagation?: 'private' | 'rslave' | 'rshared';
  note?: string;
}

/** cgroup settings in our units: CPUs, bytes, counts. Infinity = `max`. */
export interface CgroupSpec {
  cpuMax?: number;
  /** The kernel's `"QUOTA PERIOD"` when the period is not 100ms (kept exactly). */
  cpuMaxRaw?: string;
  cpuWeight?: number;
  cpuShares?: number;
  cpusetCpus?: string;
  memoryMax?: number;
  memoryHigh?: number;
  memoryLow?: number;
  memoryMin?: number;
  memorySwapMax?: number;
  pidsMax?: number;
  ioWeight?: number;
}

export interface ContainerSpec {
  name: string;
  comments?: string[];
  image?: string;
  runtime?: 'runc' | 'crun' | 'kata' | 'gvisor';
  platform?: 'linux' | 'windows';
  /** `root`, a name, or a UID. */
  user?: string | number;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  seccomp?: string;
  apparmor?: string;
  selinux?: string;
  noNewPrivileges?: boolean;
  readOnlyRootfs?: boolean;
  devices?: string[];
  namespaces?: Partial<Record<NamespaceName, NamespaceSetting>>;
  cgroup?: CgroupSpec;
  requests?: { cpu?: number; memory?: number };
  labels?: Record<string, string>;
  mounts?: MountSpec[];
  /** Extra attributes or children an importer adds (a `workload`). */
  extraChildren?: TreeBlock[];
  notImported?: NotImported[];
}

/** Capability names as the kernel lists them, without `CAP_` (Docker and OCI write it; Kubernetes does not). */
export function capabilityName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

function names(values: string[]): TreeValue {
  return list(values.map((v) => (IS_NAME_SEGMENT.test(v) && !KEYWORDS.includes(v) ? word(v) : str(v))));
}

/** seccomp/apparmor: the two keywords as words, a profile as a string. */
function profile(value: string): TreeValue {
  return value === 'runtime-default' || value === 'unconfined' ? word(value) : str(value);
}

export function userValue(user: string | number): TreeValue {
  if (typeof user === 'number') return num(user);
  if (/^[0-9]+$/.test(user)) return num(Number(user));
  return user === 'root' ? word('root') : str(user);
}

export function labelsBlock(labels: Record<string, string> | undefined): TreeBlock[] {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return [];
  return [block('labels', undefined, entries.map(([k, v]) => attr(k, str(v))))];
}

export function cgroupBlock(c: CgroupSpec | undefined): TreeBlock[] {
  if (!c) return [];
  const a: TreeAttribute[] = [];
  if (c.cpuWeight !== undefined) a.push(attr('cpu.weight', num(c.cpuWeight)));
  if (c.cpuShares !== undefined) a.push(attr('cpu.shares', num(c.cpuShares)));
  if (c.cpuMaxRaw !== undefined) a.push(attr('cpu.max', str(c.cpuMaxRaw)));
  else if (c.cpuMax !== undefined) a.push(attr('cpu.max', exactCpus(c.cpuMax)));
  if (c.cpusetCpus !== undefined) a.push(attr('cpuset.cpus', str(c.cpusetCpus)));
  if (c.memoryMax !== undefined) a.push(attr('memory.max', exactBytes(c.memoryMax)));
  if (c.memoryHigh !== undefined) a.push(attr('memory.high', exactBytes(c.memoryHigh)));
  if (c.memoryLow !== undefined) a.push(attr('memory.low', exactBytes(c.memoryLow)));
  if (c.memoryMin !== undefined) a.push(attr('memory.min', exactBytes(c.memoryMin)));
  if (c.memorySwapMax !== undefined) a.push(attr('memory.swap.max', exactBytes(c.memorySwapMax)));
  if (c.pidsMax !== undefined) a.push(attr('pids.max', Number.isFinite(c.pidsMax) ? num(c.pidsMax) : word('max')));
  if (c.ioWeight !== undefined) a.push(attr('io.weight', num(c.ioWeight)));
  return a.length ? [block('cgroup', undefined, a)] : [];
}

function namespacesBlock(ns: ContainerSpec['namespaces']): TreeBlock[] {
  const order: NamespaceName[] = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup', 'time'];
  const a: TreeAttribute[] = [];
  for (const n of order) {
    const s = ns?.[n];
    if (s === undefined) continue;
    a.push(attr(n, typeof s === 'string' ? word(s) : { t: 'call', name: 'container', args: [str(s.container)] }));
  }
  return a.length ? [block('namespaces', undefined, a)] : [];
}

function mountBlock(m: MountSpec): TreeBlock {
  const a: TreeAttribute[] = [attr('type', word(m.type))];
  if (m.source !== undefined) a.push(attr('source', m.type === 'volume' ? { t: 'call', name: 'volume', args: [str(m.source)] } : str(m.source)));
  a.push(attr('target', str(m.target)));
  if (m.readOnly) a.push(attr('mode', word('ro')));
  if (m.propagation && notDefault('mount', 'propagation', m.propagation)) a.push(attr('propagation', word(m.propagation)));
  const b = block('mount', m.name, a);
  if (m.note) b.comments = [m.note];
  return b;
}

/** A value worth writing: given, and not what the schema's default already says (a written default is noise in an imported file). */
function notDefault(kind: string, name: string, value: string | undefined): value is string {
  return value !== undefined && value !== attributeDefault(kind, name);
}

export function containerBlock(spec: ContainerSpec): TreeBlock {
  const a: TreeAttribute[] = [];
  if (spec.image !== undefined) a.push(attr('image', str(spec.image)));
  if (spec.runtime && notDefault('container', 'runtime', spec.runtime)) a.push(attr('runtime', word(spec.runtime)));
  if (spec.platform && notDefault('container', 'platform', spec.platform)) a.push(attr('platform', word(spec.platform)));
  if (spec.user !== undefined) a.push(attr('user', userValue(spec.user)));
  if (spec.privileged) a.push(attr('privileged', bool(true)));
  if (spec.capAdd?.length) a.push(attr('capabilities', names(spec.capAdd.map(capabilityName))));
  if (spec.capDrop?.length) a.push(attr('cap_drop', names(spec.capDrop.map(capabilityName))));
  if (notDefault('container', 'seccomp', spec.seccomp)) a.push(attr('seccomp', profile(spec.seccomp)));
  if (notDefault('container', 'apparmor', spec.apparmor)) a.push(attr('apparmor', profile(spec.apparmor)));
  if (spec.selinux !== undefined) a.push(attr('selinux', str(spec.selinux)));
  if (spec.noNewPrivileges) a.push(attr('no_new_privileges', bool(true)));
  if (spec.readOnlyRootfs) a.push(attr('read_only_rootfs', bool(true)));
  if (spec.devices?.length) a.push(attr('devices', list(spec.devices.map(str))));
  const children: TreeBlock[] = [
    ...labelsBlock(spec.labels),
    ...namespacesBlock(spec.namespaces),
    ...cgroupBlock(spec.cgroup),
    ...(spec.requests && (spec.requests.cpu !== undefined || spec.requests.memory !== undefined)
      ? [
          block('requests', undefined, [
            ...(spec.requests.cpu !== undefined ? [attr('cpu', exactCpus(spec.requests.cpu))] : []),
            ...(spec.requests.memory !== undefined ? [attr('memory', exactBytes(spec.requests.memory))] : []),
          ]),
        ]
      : []),
    ...(spec.mounts ?? []).map(mountBlock),
    ...(spec.extraChildren ?? []),
  ];
  const b = block('container', spec.name, a, children);
  if (spec.comments?.length) b.comments = spec.comments;
  if (spec.notImported?.length) b.notImported = spec.notImported;
  return b;
}
