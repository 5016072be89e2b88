/**
 * Mounts: sensitive paths of the kernel bind-mounted into a container
 * (VMX210), one source writable from several containers (VMX211; the
 * containers of one pod count as one writer: sharing is the pod's design), and
 * volumes that would cross a VM boundary (VMX212).
 */
import { kernelName } from '../model/references';
import { Container, isUnknown, Kernel, Mount, Volume } from '../model/types';
import type { CheckContext } from './index';
import { fix, fixes, setAttribute } from './fixes';
import { at, attrPlace, header, MAX_RELATED, related } from './where';

/**
 * §4's list, matched exactly as the CIS Docker Benchmark 5.5 and
 * kube-linter's `sensitive-host-mounts` do (`/etc/nginx/nginx.conf` is not
 * flagged, `/etc` is). `/var/run` is `/run` (a symlink): paths are matched
 * in their `/run` form, so every socket is listed once.
 */
export const SENSITIVE_EXACT: ReadonlySet<string> = new Set([
  '/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker',
  '/run', // and /var/run
  '/etc/shadow', '/etc/gshadow', '/etc/sudoers',
]);
/** Every container runtime's API socket (in the `/run` form): each hands out root on its kernel. */
export const RUNTIME_SOCKETS: ReadonlySet<string> = new Set([
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/run/crio/crio.sock',
  '/run/podman/podman.sock',
  '/run/k3s/containerd/containerd.sock',
]);
/** These directories and everything below them (kernel interfaces, boot files, runtimes' and kubelet's state, credentials). */
export const SENSITIVE_TREES: readonly string[] = ['/proc', '/sys', '/boot', '/var/lib/docker', '/run/containerd', '/var/lib/kubelet', '/var/lib/containerd', '/etc/kubernetes', '/root'];
/** Lock files every mounter is meant to share (iptables' `-w`): not VMX211. */
export const SHARED_LOCK_FILES: ReadonlySet<string> = new Set(['/run/xtables.lock']);

/** `/var/run/x` → `/run/x`. */
function runForm(p: string): string {
  return p === '/var/run' || p.startsWith('/var/run/') ? p.slice(4) : p;
}

/** `//etc/./nginx/` → `/etc/nginx`; `..` is resolved, as the kernel would. */
export function normalisePath(path: string): string {
  if (!/\/\/|\/\.|.\/$/.test(path)) return path; // already normal: the common case, no allocation
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

export function isSensitivePath(path: string): boolean {
  return isSensitiveNormalised(normalisePath(path));
}

/** Device nodes below /dev are VMX219's, not VMX210's. */
function isSensitiveNormalised(path: string): boolean {
  const p = runForm(path);
  return SENSITIVE_EXACT.has(p) || RUNTIME_SOCKETS.has(p) || SENSITIVE_TREES.some((t) => p === t || p.startsWith(t + '/'));
}

export function isRuntimeSocket(path: string): boolean {
  return RUNTIME_SOCKETS.has(runForm(normalisePath(path)));
}

/** What a mount makes visible: a directory of some kernel, and where that was declared. */
interface Source {
  kernel: Kernel;
  path?: string;
  volume?: Volume;
}

function sourceOf(c: Container, m: Mount): Source | undefined {
  if (m.type === 'tmpfs' || !m.source) return undefined;
  if (m.source.kind === 'path') return { kernel: c.kernel, path: normalisePath(m.source.path) };
  const v = m.source.target;
  if (!v) return undefined;
  return { kernel: v.kernel, path: v.path ? normalisePath(v.path) : undefined, volume: v };
}

export function checkMounts(ctx: CheckContext): void {
  const groups = new Map<string, { c: Container; m: Mount }[]>();
  const kernelIds = new Map<Kernel, number>();
  const volumeIds = new Map<Volume, number>();
  const idOf = <T>(map: Map<T, number>, x: T) => {
    let id = map.get(x);
    if (id === undefined) map.set(x, (id = map.size));
    return id;
  };
  for (const c of ctx.model.containers) {
    for (const m of c.mounts) {
      const src = sourceOf(c, m);
      if (!src) continue;
      // A Windows container's mounts are Windows paths: the Linux path rules do not apply.
      if (c.platform === 'windows' && (src.path === undefined || src.path.startsWith('/'))) continue;
      sensitive(ctx, c, m, src);
      crossesVm(ctx, c, m, src);
      if (src.kernel !== c.kernel) continue; // VMX212: it does not really mount anything
      if (src.path !== undefined && SHARED_LOCK_FILES.has(runForm(src.path))) continue;
      const key = src.path !== undefined ? `${idOf(kernelIds, src.kernel)}:${src.path}` : `v${idOf(volumeIds, src.volume!)}`;
      const list = groups.get(key) ?? [];
      list.push({ c, m });
      groups.set(key, list);
    }
  }
  for (const group of groups.values()) if (group.length > 1) sharedWritable(ctx, group);
}

/**
 * VMX210: an error read-write; a warning read-only (no more severe than a
 * privileged container), except a runtime socket, which a read-only mount
 * does not disarm (connect() needs no write permission on the mount).
 */
function sensitive(ctx: CheckContext, c: Container, m: Mount, src: Source): void {
  if (src.path === undefined || !isSensitiveNormalised(src.path)) return;
  const place = at(m.block, 'source');
  const through = src.volume ? ` through volume ${src.volume.name}` : '';
  const socket = isRuntimeSocket(src.path);
  ctx.reporter.report('VMX210', place.file, place.span, `mount ${m.name} gives container ${c.name} ${src.path} of ${kernelName(src.kernel)}${through}${m.mode === 'ro' ? ' (even read-only)' : ''}: ${why(src.path, kernelName(src.kernel))}. Mount only the specific files it needs, or a named volume`, {
    // An invalid mode (VMX103) is unknown: not raised to the read-write error on a guess.
    severity: (m.mode === 'ro' || isUnknown(m.block, 'mode')) && !socket ? 'warning' : undefined,
    related: src.volume ? [related(attrPlace(src.volume.block, 'path') ?? header(src.volume.block), `volume ${src.volume.name}`)] : undefined,
  });
}

function why(path: string, kernel: string): string {
  if (isRuntimeSocket(path)) return `the container runtime’s socket hands out root on ${kernel} (start a privileged container, mount anything)`;
  if (path === '/run' || path === '/var/run') return `every runtime socket and the services' state of ${kernel}`;
  if (/^\/etc\/(shadow|gshadow|sudoers)$/.test(path)) return 'the password hashes or the sudo rules of that kernel’s users';
  if (/^\/(var\/)?run\/containerd|^\/var\/lib\/(kubelet|containerd)|^\/etc\/kubernetes/.test(path)) return 'the runtime’s or kubelet’s state and credentials: every pod’s secrets and the node’s keys';
  if (path === '/root' || path.startsWith('/root/')) return 'root’s home: its keys and credentials';
  if (path === '/') return 'the whole filesystem of the kernel, configuration and credentials included';
  if (path.startsWith('/proc') || path.startsWith('/sys')) return "the kernel's own interfaces: writable knobs and other processes' details";
  if (path === '/dev') return 'every device node: raw disks and memory';
  if (path.startsWith('/var/lib/docker')) return "every container's filesystem and the runtime's state";
  if (path.startsWith('/boot')) return 'the kernel and boot loader';
  return 'system files: credentials, configuration or binaries every process of that kernel trusts';
}

/** VMX212 */
function crossesVm(ctx: CheckContext, c: Container, m: Mount, src: Source): void {
  if (!src.volume || src.kernel === c.kernel) return;
  const place = at(m.block, 'source');
  ctx.reporter.report('VMX212', place.file, place.span, `mount ${m.name} of container ${c.name} uses volume ${src.volume.name} of ${kernelName(src.kernel)}, but the container sees only ${kernelName(c.kernel)}'s filesystem: a mount cannot cross a VM boundary. Declare the volume in ${c.kernel.owner.kind} ${c.kernel.owner.name} (or share it over the network)`, {
    related: [related(header(src.volume.block), `volume ${src.volume.name}, on ${kernelName(src.kernel)}`)],
  });
}

/** VMX211: reported on every writable mount of a source that two or more containers mount read-write. */
function sharedWritable(ctx: CheckContext, group: { c: Container; m: Mount }[]): void {
  // A mode written but invalid (VMX103) is unknown: no evidence of a writer.
  const writers = group.filter((g) => g.m.mode === 'rw' && !isUnknown(g.m.block, 'mode'));
  const writerContainers = [...new Set(writers.map((w) => w.c))];
  // The containers of one pod share a volume by design (a sidecar reading what the main container writes):
  // they are one writer. Two pods, or a pod and a container outside it, are two.
  if (new Set(writerContainers.map((c) => c.pod ?? c)).size < 2) return;
  // A fix that edits every other writer is offered while that stays a reviewable edit.
  const fixable = writers.length <= MAX_FIX_EDITS;
  for (const w of writers) {
    const place = at(w.m.block, 'source');
    const otherNames = writerContainers.filter((c) => c !== w.c).map((c) => c.name);
    const shown = otherNames.length > 5 ? `${otherNames.slice(0, 5).join(', ')} and ${otherNames.length - 5} more` : otherNames.join(', ');
    const related: ReturnType<typeof relatedPlace>[] = [];
    for (const o of group) {
      if (related.length >= MAX_RELATED) break;
      if (o.c !== w.c) related.push(relatedPlace(o));
    }
    const what = w.m.source?.kind === 'volume' ? `volume ${w.m.source.name}` : `${(w.m.source as { path: string }).path}`;
    const edits = fixable ? writers.filter((o) => o !== w).map((o) => setAttribute(o.m.block, 'mode', 'ro')) : [];
    ctx.reporter.report('VMX211', place.file, place.span, `${what} is mounted read-write into container ${w.c.name} and ${otherNames.length} other container${otherNames.length === 1 ? '' : 's'} (${shown}): each can change or corrupt what the others read. Keep one writer; mount it mode = ro elsewhere`, {
      related,
      fixes: fixable ? fixes(fix(`Keep ${w.c.name} as the only writer (mode = ro in the others)`, edits, true)) : [],
    });
  }
}

/** Beyond this many writers, the "keep one writer" fix is not offered (it would edit them all). */
const MAX_FIX_EDITS = 50;

function relatedPlace(o: { c: Container; m: Mount }) {
  return related(at(o.m.block, 'source'), `also mounted ${o.m.mode} by container ${o.c.name} (mount ${o.m.name})`);
}

