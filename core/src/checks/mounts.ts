/**
 * Mounts: sensitive paths of the kernel bind-mounted into a container
 * (VMX210), one source writable from several containers (VMX211), and
 * volumes that would cross a VM boundary (VMX212).
 */
import { kernelName } from '../model/references';
import { Container, Kernel, Mount, Volume } from '../model/types';
import type { CheckContext } from './index';
import { fix, fixes, setAttribute } from './fixes';
import { at, attrPlace, header, MAX_RELATED, related } from './where';

/**
 * §4's list, matched exactly as the CIS Docker Benchmark 5.5 and
 * kube-linter's `sensitive-host-mounts` do; `/run` is where `/var/run`
 * points, so its sockets are the same files.
 */
const SENSITIVE_EXACT = new Set(['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker', '/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock']);
/** Everything below these is as sensitive as the directory itself (kernel interfaces, boot files, Docker's state). */
const SENSITIVE_TREES = ['/proc', '/sys', '/boot', '/var/lib/docker'];

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

function isSensitiveNormalised(p: string): boolean {
  return SENSITIVE_EXACT.has(p) || SENSITIVE_TREES.some((t) => p.startsWith(t + '/'));
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
      sensitive(ctx, c, m, src);
      crossesVm(ctx, c, m, src);
      if (src.kernel !== c.kernel) continue; // VMX212: it does not really mount anything
      const key = src.path !== undefined ? `${idOf(kernelIds, src.kernel)}:${src.path}` : `v${idOf(volumeIds, src.volume!)}`;
      const list = groups.get(key) ?? [];
      list.push({ c, m });
      groups.set(key, list);
    }
  }
  for (const group of groups.values()) if (group.length > 1) sharedWritable(ctx, group);
}

/** VMX210 */
function sensitive(ctx: CheckContext, c: Container, m: Mount, src: Source): void {
  if (src.path === undefined || !isSensitiveNormalised(src.path)) return;
  const place = at(m.block, 'source');
  const through = src.volume ? ` through volume ${src.volume.name}` : '';
  ctx.reporter.report('VMX210', place.file, place.span, `mount ${m.name} gives container ${c.name} ${src.path} of ${kernelName(src.kernel)}${through}${m.mode === 'ro' ? ' (even read-only)' : ''}: ${why(src.path)}. Mount only the specific files it needs, or a named volume`, {
    related: src.volume ? [related(attrPlace(src.volume.block, 'path') ?? header(src.volume.block), `volume ${src.volume.name}`)] : undefined,
  });
}

function why(path: string): string {
  if (path.endsWith('.sock')) return 'the container runtime’s socket hands out root on the host (start a privileged container, mount anything)';
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
  const writers = group.filter((g) => g.m.mode === 'rw');
  const writerContainers = [...new Set(writers.map((w) => w.c))];
  if (writerContainers.length < 2) return;
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

