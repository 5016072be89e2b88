/**
 * Memory and pids capacity: locked memory beyond the host (VMX304), VM
 * memory + reserved beyond the host (VMX305: error on type 2, warning on
 * type 1), memory.min overcommitted (VMX307), containers without
 * memory.max (VMX308) or pids.max (VMX309) in themselves or in a group or
 * pod around them, with fixes sized from the workload.
 */
import { formatBytes, sizeLiteral } from '../schema';
import { Container, Host, isUnknown, Kernel, Pattern, ResolvedBlock } from '../model/types';
import type { CheckContext } from './index';
import { fix, fixes, setAttribute, setChildAttribute } from './fixes';
import { at, attrPlace, header, MAX_RELATED, related } from './where';
import { comparedFigures } from '../diagnostics/figures';
import { enclosing } from '../model/tree';

export function checkMemoryCapacity(ctx: CheckContext): void {
  for (const host of ctx.model.hosts) {
    lockedBeyondHost(ctx, host);
    vmMemoryBeyondHost(ctx, host);
    protectionsOvercommitted(ctx, host.kernel, host.memory, attrPlace(host.block, 'memory') ?? header(host.block), `host ${host.name}`);
    for (const vm of host.allVms) protectionsOvercommitted(ctx, vm.kernel, vm.memory, attrPlace(vm.block, 'memory') ?? header(vm.block), `${vm.kind} ${vm.name}`);
    for (const c of host.allContainers) unlimited(ctx, c);
  }
}

/** VMX304: reported on the locked VM that takes the sum past the host's memory. */
function lockedBeyondHost(ctx: CheckContext, host: Host): void {
  const vms = host.hypervisor?.vms ?? [];
  // An unknown figure (VMX103/VMX104 on it) makes the sum unknown: no conclusion.
  if (isUnknown(host.block, 'memory') || vms.some((v) => isUnknown(v.block, 'memory_locked'))) return;
  const locked = vms.filter((v) => v.memoryLocked);
  if (locked.some((v) => isUnknown(v.block, 'memory'))) return;
  let sum = 0;
  for (const vm of locked) {
    sum += vm.memory;
    if (sum <= host.memory) continue;
    const place = at(vm.block, 'memory_locked');
    const others = locked.filter((o) => o !== vm);
    const [sumText, hostText] = comparedFigures(sum, host.memory, formatBytes, ' bytes');
    ctx.reporter.report('VMX304', place.file, place.span, `locked VM memory on host ${host.name} reaches ${sumText}${others.length ? ` with ${vm.kind} ${vm.name}` : ''}, beyond its ${hostText}: locked memory cannot be swapped or reclaimed, so these VMs cannot all start`, {
      related: [related(at(host.block, 'memory'), `host ${host.name}'s memory`), ...others.slice(0, MAX_RELATED).map((o) => related(at(o.block, 'memory'), `${o.kind} ${o.name} locks ${formatBytes(o.memory)}`))],
    });
    return;
  }
}

/** VMX305 */
function vmMemoryBeyondHost(ctx: CheckContext, host: Host): void {
  const hv = host.hypervisor;
  if (!hv || hv.vms.length === 0) return;
  if (isUnknown(host.block, 'memory') || isUnknown(host.os?.block, 'reserved') || hv.vms.some((v) => isUnknown(v.block, 'memory', 'memory_min', 'memory_max', 'balloon'))) return;
  const reserved = host.os?.reserved ?? 0;
  // A ballooned VM can be shrunk to memory_min: only that much must fit; above it is overcommit by design.
  const vmMemory = hv.vms.reduce((s, v) => s + (v.balloon ? v.memoryMin : v.memory), 0);
  const total = reserved + vmMemory;
  if (total <= host.memory) return;
  const place = header(hv.block);
  const reservedText = reserved > 0 ? ` + ${formatBytes(reserved)} reserved by the host OS` : '';
  // The total is what is compared; when its parts round to the host's figure, print the exact bytes.
  const [totalText, hostText] = comparedFigures(total, host.memory, formatBytes, ' bytes');
  const demand = totalText === formatBytes(total) ? `VM memory ${formatBytes(vmMemory)}${reservedText}` : `VM memory ${formatBytes(vmMemory)}${reservedText} (${totalText})`;
  const message =
    hv.type === 2
      ? `${demand} is beyond host ${host.name}'s ${hostText}: ${hv.kind} is type 2, its VMs' memory is carved out of the host OS's memory, so the host swaps or kills them`
      : `${demand} is beyond host ${host.name}'s ${hostText}: overcommitted memory is swapped out behind the guests' backs when they use it`;
  const contributors = [
    ...(reserved > 0 && host.os ? [related(at(host.os.block, 'reserved'), `${formatBytes(reserved)} reserved by the host OS`)] : []),
    ...hv.vms.slice(0, MAX_RELATED).map((v) => (v.balloon ? related(at(v.block, 'memory_min'), `${v.kind} ${v.name}: ${formatBytes(v.memoryMin)} (ballooned, at memory_min)`) : related(at(v.block, 'memory'), `${v.kind} ${v.name}: ${formatBytes(v.memory)}`))),
  ];
  ctx.reporter.report('VMX305', place.file, place.span, message, { severity: hv.type === 2 ? 'error' : 'warning', related: [related(at(host.block, 'memory'), `host ${host.name}'s memory`), ...contributors] });
}

/** VMX307: the memory.min of the groups under one kernel (containers, and nested VMs' cgroups) against its memory. */
function protectionsOvercommitted(ctx: CheckContext, kernel: Kernel, memory: number, place: ReturnType<typeof header>, owner: string): void {
  const groups: { block: ResolvedBlock; who: string; min: number }[] = [];
  for (const c of kernel.containers) if (c.cgroup.block && c.cgroup.memoryMin > 0) groups.push({ block: c.cgroup.block, who: `container ${c.name}`, min: c.cgroup.memoryMin });
  const vms = kernel.owner.kind === 'host' ? kernel.owner.hypervisor?.vms ?? [] : kernel.owner.vms;
  for (const v of vms) if (v.cgroup?.block && v.cgroup.memoryMin > 0) groups.push({ block: v.cgroup.block, who: `${v.kind} ${v.name}`, min: v.cgroup.memoryMin });
  const sum = groups.reduce((s, g) => s + g.min, 0);
  if (memory <= 0 || sum <= memory) return;
  if (isUnknown(kernel.owner.block, 'memory') || kernel.containers.some((c) => isUnknown(c.cgroup.block, 'memory.min')) || vms.some((v) => isUnknown(v.cgroup?.block, 'memory.min'))) return;
  // Like VMX304: on the memory.min that takes the running sum past the parent's memory.
  let running = 0;
  const tipping = groups.find((g) => (running += g.min) > memory) ?? groups[groups.length - 1];
  const where = at(tipping.block, 'memory.min');
  const [sumText, memoryText] = comparedFigures(sum, memory, formatBytes, ' bytes');
  ctx.reporter.report('VMX307', where.file, where.span, `memory.min under ${owner} adds up to ${sumText}, beyond its ${memoryText} (${tipping.who} takes it over): protected memory that cannot all be honoured — the kernel OOM-kills elsewhere to keep promises it cannot keep`, {
    related: [related(place, `${owner}'s memory: ${formatBytes(memory)}`), ...groups.filter((g) => g !== tipping).slice(0, MAX_RELATED).map((g) => related(at(g.block, 'memory.min'), `${g.who} protects ${formatBytes(g.min)}`))],
  });
}

/** The highest value a demand pattern reaches. */
export function patternPeak(p: Pattern | undefined): number | undefined {
  if (!p) return undefined;
  switch (p.type) {
    case 'constant':
      return p.value;
    case 'burst':
      return Math.max(p.base, p.peak);
    case 'ramp':
      return Math.max(p.from, p.to);
    case 'sine':
      return p.mean + Math.abs(p.amplitude);
    case 'steps':
      // reduce, not Math.max(...): steps() with 300,000 pairs would overflow the call stack as arguments.
      return p.points.reduce((m, x) => Math.max(m, x[1]), -Infinity);
  }
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Without a workload to size from: Kubernetes LimitRange examples' 512Mi. */
export const DEFAULT_MEMORY_MAX = 512 * MiB;
/** Without a workload to size from: enough for any ordinary service, far below a fork bomb. */
export const DEFAULT_PIDS_MAX = 1024;

/** memory.max with 25% headroom over the peak demand, rounded up to 64 MiB, written in GiB or MiB. */
export function suggestedMemoryMax(c: Container): number {
  const peak = patternPeak(c.workload?.memory);
  const floor = Math.max(isFinite(c.cgroup.memoryHigh) ? c.cgroup.memoryHigh : 0, c.cgroup.memoryMin, c.cgroup.memoryLow);
  const base = peak && peak > 0 ? peak * 1.25 : DEFAULT_MEMORY_MAX;
  const wanted = Math.max(base, floor);
  return Math.ceil(wanted / (64 * MiB)) * 64 * MiB;
}

/** pids.max with 50% headroom over the processes it runs, rounded up to 16, at least 64. */
export function suggestedPidsMax(c: Container): number {
  const declared = c.processes.reduce((s, p) => s + p.count, 0);
  const peak = Math.max(patternPeak(c.workload?.processes) ?? 0, declared);
  if (peak <= 0) return DEFAULT_PIDS_MAX;
  return Math.max(64, Math.ceil((peak * 1.5) / 16) * 16);
}

/**
 * A group or pod around the container bounds it (a kubeadm node's kubepods
 * memory.max, a pod's pids.max): the container cannot take the kernel's
 * all, so VMX308/VMX309 do not apply. An unknown value there is no
 * evidence either way: no conclusion.
 */
function boundAbove(c: Container, key: 'memory.max' | 'pids.max'): boolean {
  return enclosing(c).some((p) => isUnknown(p.cgroup.block, key) || Number.isFinite(key === 'memory.max' ? p.cgroup.memoryMax : p.cgroup.pidsMax));
}

/** VMX308 and VMX309 */
function unlimited(ctx: CheckContext, c: Container): void {
  const cg = c.cgroup.block;
  // memory.max or pids.max written with an invalid value (VMX103/VMX104) is unknown, not absent.
  if (!isFinite(c.cgroup.memoryMax) && !isUnknown(cg, 'memory.max') && !boundAbove(c, 'memory.max')) {
    const place = attrPlace(cg, 'memory.max') ?? header(c.block);
    const size = sizeLiteral(suggestedMemoryMax(c));
    const sized = patternPeak(c.workload?.memory) ? 'its peak memory demand + 25%' : 'a default';
    ctx.reporter.report('VMX308', place.file, place.span, `container ${c.name} has no memory.max: nothing stops it from taking all the memory of ${c.kernel.owner.kind} ${c.kernel.owner.name}, and the OOM killer may pick another process when it does`, {
      fixes: fixes(fix(`Add memory.max = ${size} (${sized})`, [cg ? setAttribute(cg, 'memory.max', size) : setChildAttribute(c.block, 'cgroup', 'memory.max', size)], true)),
    });
  }
  // A Windows container has no pids controller: job objects, cpu.max and memory.max only.
  if (!isFinite(c.cgroup.pidsMax) && !isUnknown(cg, 'pids.max') && c.platform !== 'windows' && !boundAbove(c, 'pids.max')) {
    const place = attrPlace(cg, 'pids.max') ?? header(c.block);
    const n = suggestedPidsMax(c);
    const sized = n === DEFAULT_PIDS_MAX ? 'a default' : 'its processes + 50%';
    ctx.reporter.report('VMX309', place.file, place.span, `container ${c.name} has no pids.max: a fork bomb or thread leak in it can exhaust the process table of ${c.kernel.owner.kind} ${c.kernel.owner.name} and stop every other container from forking`, {
      fixes: fixes(fix(`Add pids.max = ${n} (${sized})`, [cg ? setAttribute(cg, 'pids.max', String(n)) : setChildAttribute(c.block, 'cgroup', 'pids.max', String(n))], true)),
    });
  }
}
