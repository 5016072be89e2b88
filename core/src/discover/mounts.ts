/**
 * Bind mounts from /proc/PID/mountinfo (proc(5)): `ID PARENT MAJ:MIN ROOT
 * TARGET OPTIONS [OPTIONAL…] - FSTYPE SOURCE SUPEROPTIONS`. A mount of a
 * disk filesystem, or of a part (ROOT not `/`) of a host tmpfs or devtmpfs,
 * came from the host: a bind. The host path is found through the host's
 * own mountinfo (PID 1's): the host mount of the same device whose root
 * holds ROOT, plus the rest of ROOT. When the host does not mount that
 * device, the kernel does not tell the path: the source is ROOT on the
 * device, and a note says so.
 */
import { MountSpec } from '../import/container';
import { nameFrom } from '../syntax/token-patterns';

export interface MountInfo {
  device: string;
  root: string;
  target: string;
  options: string[];
  optional: string[];
  fstype: string;
  source: string;
}

/** mountinfo escapes space, tab, newline and backslash as octal (`\040`). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseMountinfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    const dash = f.indexOf('-', 6);
    if (f.length < 10 || dash < 0 || dash + 2 >= f.length) continue;
    out.push({
      device: f[2],
      root: unescapeOctal(f[3]),
      target: unescapeOctal(f[4]),
      options: f[5].split(','),
      optional: f.slice(6, dash),
      fstype: f[dash + 1],
      source: unescapeOctal(f[dash + 2]),
    });
  }
  return out;
}

/** Filesystems the kernel makes up per mount: never a host path. */
const VIRTUAL = new Set(['proc', 'sysfs', 'devpts', 'mqueue', 'cgroup', 'cgroup2', 'overlay', 'securityfs', 'debugfs', 'tracefs', 'bpf', 'pstore', 'hugetlbfs', 'fusectl', 'configfs', 'nsfs', 'autofs', 'binfmt_misc', 'shm', 'efivarfs', 'rpc_pipefs', 'selinuxfs']);
/** Memory filesystems: a host path only when a part of the host's is bound (ROOT is not `/`). */
const MEMORY = new Set(['tmpfs', 'devtmpfs', 'ramfs']);

/** Directories of runtime bookkeeping (a container's hosts file, a pod's secret volume): shown as a count, not as binds. */
const RUNTIME_MANAGED = ['/var/lib/docker/containers/', '/var/lib/kubelet/pods/', '/var/lib/containerd/', '/run/containerd/io.containerd', '/var/lib/containers/storage/', '/run/containers/storage/', '/run/libpod/', '/var/run/containerd/io.containerd'];

export type HostMounts = MountInfo[];

function within(path: string, dir: string): string | undefined {
  if (dir === '/') return path;
  if (path === dir) return '/';
  return path.startsWith(dir + '/') ? path.slice(dir.length) : undefined;
}

/** The host path of ROOT on a device: the host mount of it whose root contains ROOT, the shortest rest. */
export function hostPathOf(m: MountInfo, host: HostMounts): string | undefined {
  let best: string | undefined;
  for (const h of host) {
    if (h.device !== m.device) continue;
    const rest = within(m.root, h.root);
    if (rest === undefined) continue;
    const path = h.target === '/' ? rest : rest === '/' ? h.target : h.target + rest;
    if (best === undefined || path.length < best.length || (path.length === best.length && path < best)) best = path;
  }
  return best;
}

function propagation(optional: string[]): MountSpec['propagation'] {
  if (optional.some((o) => o.startsWith('shared:'))) return 'rshared';
  if (optional.some((o) => o.startsWith('master:'))) return 'rslave';
  return undefined;
}

/** A mount's name from its target: `/var/run/docker.sock` → `docker-sock`; unique within the container. */
function mountName(target: string, taken: Set<string>): string {
  const base = target.split('/').filter(Boolean).pop() ?? 'root';
  let name = nameFrom(base, 'mount');
  for (let i = 2; taken.has(name); i++) name = `${name.replace(/-\d+$/, '')}-${i}`;
  taken.add(name);
  return name;
}

/** The container's host bind mounts, sorted by target, and how many runtime-managed ones were left out. */
export function mountsOf(mountinfo: string, host: HostMounts | undefined): { mounts: MountSpec[]; omitted: number } {
  const binds: MountSpec[] = [];
  let omitted = 0;
  const taken = new Set<string>();
  const all = parseMountinfo(mountinfo).sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  for (const m of all) {
    if (VIRTUAL.has(m.fstype) || m.target === '/') continue;
    if (MEMORY.has(m.fstype) && m.root === '/') continue;
    const hostPath = host ? hostPathOf(m, host) : undefined;
    const source = hostPath ?? m.root;
    if (RUNTIME_MANAGED.some((p) => source.startsWith(p))) {
      omitted++;
      continue;
    }
    const spec: MountSpec = { name: mountName(m.target, taken), type: 'bind', source, target: m.target };
    if (m.options.includes('ro')) spec.readOnly = true;
    const p = propagation(m.optional);
    if (p) spec.propagation = p;
    if (hostPath === undefined) spec.note = `${m.root} on ${m.source} (${m.fstype}, device ${m.device}): the host does not mount this device, so its host path is not known`;
    binds.push(spec);
  }
  return { mounts: binds, omitted };
}
