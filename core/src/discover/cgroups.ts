/**
 * The cgroup hierarchy as the kernel shows it under /sys/fs/cgroup: which
 * version (v2 when the root has cgroup.controllers; v1 when per-controller
 * hierarchies exist; hybrid = v1 with an empty v2 tree at `unified`), and
 * the tree of cgroups with each one's settings in our units (CgroupSpec)
 * and its processes. v1's cpu, memory, pids and cpuset hierarchies are
 * joined by path. Settings equal to the kernel's default are left out, as
 * a topology leaves defaults out.
 */
import { CgroupSpec } from '../import/container';
import { joinPath, SystemReader } from '../host/system';
import { Notes, readText, readValue } from './notes';
import { parseCpuList } from './cpulist';

export type CgroupVersion = 'v1' | 'v2';

export interface CgroupNode {
  /** The path inside the hierarchy: `/`, `/system.slice/docker-….scope`. */
  path: string;
  name: string;
  settings: CgroupSpec;
  /** The processes in this cgroup itself (not its children), ascending. */
  pids: number[];
  children: CgroupNode[];
  /** Unreadable settings of this cgroup. */
  notes: string[];
  /** cpuset.cpus as the kernel has it (v1 inherits nothing; a child equal to its parent is not written). */
  cpusetRaw?: string;
  /** v1: the devices controller allows every device (`a *:* rwm`): with every capability, privileged. */
  allDevices?: boolean;
  /** v1: devices allowed beyond the runtime's default list, as the kernel lists them (`c 10:232 rwm`). */
  extraDevices?: string[];
}

export interface CgroupTree {
  version: CgroupVersion;
  /** v1 with the v2 hierarchy mounted beside it, without controllers. */
  hybrid: boolean;
  root: CgroupNode;
  /** v1 controllers found (cpu, memory, pids, cpuset). */
  controllers: string[];
}

const V1_CONTROLLERS = ['cpu', 'memory', 'pids', 'cpuset'] as const;
/** A hierarchy deeper than this or wider than MAX_CGROUPS is cut, with a note. */
const MAX_DEPTH = 32;
const MAX_CGROUPS = 20_000;
/** The unlimited v1 memory limit is PAGE_COUNTER_MAX pages (9223372036854771712 with 4 KiB pages); anything from 2^62 up is "no limit". */
const V1_UNLIMITED = 2 ** 62;
/** The v2 default CFS period (100 ms): `cpu.max` is written in CPUs for it, as the "QUOTA PERIOD" string otherwise. */
const DEFAULT_PERIOD = 100000;

const CGROUP_ROOT = '/sys/fs/cgroup';

export function detectCgroupVersion(reader: SystemReader): { version?: CgroupVersion; hybrid: boolean; controllers: string[] } {
  if (reader.exists(joinPath(CGROUP_ROOT, 'cgroup.controllers'))) return { version: 'v2', hybrid: false, controllers: [] };
  const controllers = V1_CONTROLLERS.filter((c) => reader.exists(joinPath(CGROUP_ROOT, c, 'cgroup.procs')));
  if (controllers.length === 0) return { hybrid: false, controllers };
  return { version: 'v1', hybrid: reader.exists(joinPath(CGROUP_ROOT, 'unified', 'cgroup.controllers')), controllers };
}

/** `max` → Infinity, an integer → itself, anything else undefined. */
function limitValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'max') return Infinity;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** A v2 `cpu.max` ("max 100000", "50000 100000") into the spec. */
export function applyCpuMax(spec: CgroupSpec, quota: number, period: number): void {
  if (!(quota > 0) || !(period > 0)) return;
  if (period === DEFAULT_PERIOD) spec.cpuMax = quota / period;
  else spec.cpuMaxRaw = `${quota} ${period}`;
}

type Reading = { read: (file: string, required?: boolean) => string | undefined; bad: (file: string, value: string) => void };

function readingFor(reader: SystemReader, notes: Notes, node: CgroupNode, dir: string): Reading {
  return {
    // Files a cgroup does not have (the root has no cpu.max) are not news: only other failures are noted.
    read: (file, required = false) => readValue(reader, notes, node.notes, joinPath(dir, file), required),
    bad: (file, value) => notes.add(node.notes, `${joinPath(dir, file)}: unexpected value '${value.slice(0, 40)}'`),
  };
}

function readV2Settings(r: Reading, node: CgroupNode): void {
  const s = node.settings;
  const cpuMax = r.read('cpu.max');
  if (cpuMax !== undefined) {
    const m = /^(max|\d+)\s+(\d+)$/.exec(cpuMax);
    if (!m) r.bad('cpu.max', cpuMax);
    else if (m[1] !== 'max') applyCpuMax(s, Number(m[1]), Number(m[2]));
  }
  const weight = limitValue(r.read('cpu.weight'));
  if (weight !== undefined && weight !== 100) s.cpuWeight = weight;
  for (const [file, key, dflt] of [
    ['memory.max', 'memoryMax', Infinity],
    ['memory.high', 'memoryHigh', Infinity],
    ['memory.low', 'memoryLow', 0],
    ['memory.min', 'memoryMin', 0],
    ['memory.swap.max', 'memorySwapMax', Infinity],
    ['pids.max', 'pidsMax', Infinity],
  ] as const) {
    const text = r.read(file);
    const v = limitValue(text);
    if (text !== undefined && v === undefined) r.bad(file, text);
    if (v !== undefined && v !== dflt) s[key] = v;
  }
  const cpus = r.read('cpuset.cpus');
  if (cpus !== undefined && cpus !== '') node.cpusetRaw = cpus;
  // io.weight's first line is the default for every device: `default 100`.
  const io = r.read('io.weight');
  const ioWeight = io === undefined ? undefined : /^default (\d+)$/.exec(io)?.[1];
  if (io !== undefined && ioWeight === undefined) r.bad('io.weight', io);
  if (ioWeight !== undefined && ioWeight !== '100') s.ioWeight = Number(ioWeight);
}

function readV1Settings(reader: SystemReader, notes: Notes, node: CgroupNode, controllers: string[]): void {
  const s = node.settings;
  const at = (c: string) => readingFor(reader, notes, node, joinPath(CGROUP_ROOT, c, node.path));
  if (controllers.includes('cpu')) {
    const r = at('cpu');
    const quota = r.read('cpu.cfs_quota_us');
    const period = r.read('cpu.cfs_period_us');
    if (quota !== undefined && period !== undefined && /^\d+$/.test(quota) && /^\d+$/.test(period)) applyCpuMax(s, Number(quota), Number(period));
    const shares = limitValue(r.read('cpu.shares'));
    if (shares !== undefined && shares !== 1024) s.cpuShares = shares;
  }
  if (controllers.includes('memory')) {
    const r = at('memory');
    const text = r.read('memory.limit_in_bytes');
    const v = limitValue(text);
    if (text !== undefined && v === undefined) r.bad('memory.limit_in_bytes', text);
    if (v !== undefined && v < V1_UNLIMITED) s.memoryMax = v;
  }
  if (controllers.includes('pids')) {
    const v = limitValue(at('pids').read('pids.max'));
    if (v !== undefined && v !== Infinity) s.pidsMax = v;
  }
  if (controllers.includes('cpuset')) {
    const cpus = at('cpuset').read('cpuset.cpus');
    if (cpus !== undefined && cpus !== '') node.cpusetRaw = cpus;
  }
  const devices = reader.readFile(joinPath(CGROUP_ROOT, 'devices', node.path, 'devices.list'));
  if (devices.ok) {
    const rules = devices.text.split('\n').map((l) => l.trim()).filter(Boolean);
    if (rules.includes('a *:* rwm')) node.allDevices = true;
    else {
      const extra = rules.filter((r) => !RUNTIME_DEVICES.has(r));
      if (extra.length) node.extraDevices = extra;
    }
  }
}

/**
 * The device rules runc gives every container (libcontainer/specconv's
 * AllowedDevices): mknod of anything, and null, zero, full, tty, console,
 * random, urandom, the pty master and slaves, and tun. Anything else was
 * passed in (`--device`, a pod's device plugin).
 */
const RUNTIME_DEVICES = new Set(['c *:* m', 'b *:* m', 'c 1:3 rwm', 'c 1:5 rwm', 'c 1:7 rwm', 'c 5:0 rwm', 'c 1:8 rwm', 'c 1:9 rwm', 'c 136:* rwm', 'c 5:2 rwm', 'c 10:200 rwm', 'c 5:1 rwm']);

function parsePids(text: string | undefined): number[] {
  if (text === undefined) return [];
  return [...new Set(text.split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number))].sort((a, b) => a - b);
}

/** Sub-directories of a cgroup directory (its child cgroups), sorted. */
function childNames(reader: SystemReader, notes: Notes, here: string[], dir: string): string[] {
  const list = reader.readDir(dir);
  if (!list.ok) {
    if (list.reason !== 'no such file') notes.unreadable(here, dir, list.reason);
    return [];
  }
  return list.entries.filter((e) => e.type === 'dir').map((e) => e.name);
}

function newNode(path: string): CgroupNode {
  return { path, name: path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1), settings: {}, pids: [], children: [], notes: [] };
}

/** cpuset.cpus equal to the parent's is inherited, not set: left out. Written as the kernel spells it. */
function settleCpusets(node: CgroupNode, parentCpus: string | undefined): void {
  const own = node.cpusetRaw;
  const same = own !== undefined && parentCpus !== undefined && String(parseCpuList(own)) === String(parseCpuList(parentCpus));
  if (own !== undefined && node.path !== '/' && !same) node.settings.cpusetCpus = own;
  for (const c of node.children) settleCpusets(c, own ?? parentCpus);
}

export function readCgroups(reader: SystemReader, notes: Notes, hostNotes: string[]): CgroupTree | undefined {
  const { version, hybrid, controllers } = detectCgroupVersion(reader);
  if (!version) {
    notes.add(hostNotes, `no cgroup hierarchy found under ${CGROUP_ROOT} (neither cgroup.controllers nor cpu, memory, pids or cpuset hierarchies)`);
    return undefined;
  }
  const byPath = new Map<string, CgroupNode>();
  let count = 0;
  let cut = false;
  const visit = (dirs: string[], path: string, depth: number): CgroupNode => {
    let node = byPath.get(path);
    if (!node) byPath.set(path, (node = newNode(path)));
    count++;
    const names = new Set<string>();
    for (const d of dirs) for (const n of childNames(reader, notes, node.notes, joinPath(d, path))) names.add(n);
    for (const n of [...names].sort()) {
      if (depth >= MAX_DEPTH || count >= MAX_CGROUPS) {
        cut = true;
        break;
      }
      const childPath = joinPath(path, n);
      const existed = byPath.has(childPath);
      const child = visit(dirs.filter((d) => reader.exists(joinPath(d, childPath))), childPath, depth + 1);
      if (!existed) node.children.push(child);
    }
    return node;
  };
  const dirs = version === 'v2' ? [CGROUP_ROOT] : controllers.map((c) => joinPath(CGROUP_ROOT, c));
  const root = visit(dirs, '/', 0);
  if (cut) notes.add(hostNotes, `the cgroup hierarchy is larger than ${MAX_CGROUPS} cgroups or deeper than ${MAX_DEPTH}: the rest is not read`);
  for (const node of byPath.values()) {
    if (version === 'v2') readV2Settings(readingFor(reader, notes, node, joinPath(CGROUP_ROOT, node.path)), node);
    else readV1Settings(reader, notes, node, controllers);
    // v1: the processes of the first controller that has the cgroup (they are the same in each, joined by path).
    const procsDirs = version === 'v2' ? [CGROUP_ROOT] : controllers.map((c) => joinPath(CGROUP_ROOT, c));
    for (const d of procsDirs) {
      const p = joinPath(d, node.path, 'cgroup.procs');
      if (!reader.exists(p)) continue;
      node.pids = parsePids(readText(reader, notes, node.notes, p));
      break;
    }
  }
  settleCpusets(root, undefined);
  return { version, hybrid, root, controllers: [...controllers] };
}
