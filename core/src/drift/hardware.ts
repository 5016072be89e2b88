/**
 * VMX504: the machine is not the hardware the file describes — logical
 * CPUs (sockets × cores × threads), memory, swap, the kernel release, the
 * cgroup version. Memory compares with a margin: MemTotal is the RAM less
 * what firmware and the kernel keep (1–4 % of it), so a file's `memory =
 * 32GiB` is the machine's 31.3 GiB; more than 5 % apart is drift.
 */
import { formatBytes } from '../schema/units';
import { Reporter } from '../diagnostics/reporter';
import { Host, Model, ResolvedBlock } from '../model/types';
import { headerSpan } from './entities';

const MEMORY_MARGIN = 0.05;
/** Swap devices lose a page or so to their header: a few MiB apart is the same swap. */
const SWAP_MARGIN_BYTES = 4 * 1024 * 1024;

/** Memory figures as the simulation's are written (the one byte formatter). */
function gib(bytes: number): string {
  return formatBytes(bytes, 'figure');
}

function span(b: ResolvedBlock, key: string) {
  return b.attributes.get(key)?.node ?? headerSpan(b);
}

/** `5.15` matches `5.15.0-91-generic`: a release given to fewer components matches at a component boundary. */
export function sameKernel(declared: string, live: string): boolean {
  return live === declared || (live.startsWith(declared) && /^[.\-+~_]/.test(live.slice(declared.length)));
}

function cpuText(h: Host): string {
  return `${h.cpu.logical} (${h.cpu.sockets} × ${h.cpu.cores} × ${h.cpu.threads})`;
}

export function hardwareDrift(declared: Model, live: Model, reporter: Reporter): void {
  const d = declared.hosts.find((h) => h.block.file === declared.root) ?? declared.hosts[0];
  const l = live.hosts[0];
  if (!d || !l) return;
  const file = d.block.file;
  const what = `host ${d.name}`;
  if (l.cpu.block && d.cpu.block && (d.cpu.sockets !== l.cpu.sockets || d.cpu.cores !== l.cpu.cores || d.cpu.threads !== l.cpu.threads)) {
    const key = d.cpu.cores !== l.cpu.cores ? 'cores' : d.cpu.sockets !== l.cpu.sockets ? 'sockets' : 'threads';
    reporter.report('VMX504', file, span(d.cpu.block, key), `drift: ${what}: ${cpuText(d)} logical CPUs in the file, ${cpuText(l)} on the live host`);
  }
  if (l.block.attributes.has('memory') && Math.abs(d.memory - l.memory) > MEMORY_MARGIN * Math.max(d.memory, l.memory)) {
    reporter.report('VMX504', file, span(d.block, 'memory'), `drift: ${what}: memory is ${gib(d.memory)} in the file, ${gib(l.memory)} on the live host (MemTotal ${l.memory} bytes)`);
  }
  if (Math.abs(d.swap - l.swap) > SWAP_MARGIN_BYTES) {
    reporter.report('VMX504', file, span(d.block, 'swap'), `drift: ${what}: swap is ${gib(d.swap)} in the file, ${gib(l.swap)} on the live host`);
  }
  // Kernel and cgroup version only when the file says which OS runs (a host without `os` makes no claim).
  if (d.os && l.os) {
    if (d.os.kernel !== undefined && l.os.kernel !== undefined && !sameKernel(d.os.kernel, l.os.kernel)) {
      reporter.report('VMX504', file, span(d.os.block, 'kernel'), `drift: ${what}: kernel ${d.os.kernel} in the file, ${l.os.kernel} on the live host`);
    }
    if (l.os.block.attributes.has('cgroup') && d.os.cgroup !== l.os.cgroup) {
      reporter.report('VMX504', file, span(d.os.block, 'cgroup'), `drift: ${what}: cgroup ${d.os.cgroup} in the file, ${l.os.cgroup} on the live host`);
    }
  }
}
