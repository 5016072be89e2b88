/**
 * cgroup settings against their bounds (DESIGN §4, issue 11): a cpuset
 * outside the CPUs of its kernel (VMX312), a memory.max above the memory of
 * its kernel (VMX313), protections and the throttle point above memory.max,
 * or memory.min above memory.low (VMX314), a zero memory.max or pids.max
 * (VMX315), and a VM whose pin contradicts its cgroup's cpuset (VMX316).
 *
 * Whose numbers: a container's cgroup lives in its kernel (the host OS, or
 * a VM's guest), so its cpuset.cpus counts that kernel's CPUs (the host's
 * logical CPUs, or the VM's vCPUs) and its memory.max that kernel's memory.
 * A VM's `cgroup` is the group of the VM's process in the kernel it runs on
 * (the host's, or the outer VM's for a nested VM): its cpuset.cpus counts
 * the same CPUs as the VM's `pin`, which is why the two can contradict.
 * Nothing is concluded from an unknown value (VMX103/VMX104 on it).
 */
import { formatBytes } from '../schema';
import { Cgroup, Container, Host, isUnknown, Kernel, ResolvedBlock, Vm } from '../model/types';
import { cgroupLevels } from '../model/tree';
import type { CheckContext } from './index';
import { comparedFigures, cpuRuns, formatCpuList } from '../diagnostics/figures';
import { cpuUnknown, vcpusUnknown } from './capacity-cpu';
import { suggestedMemoryMax, suggestedPidsMax } from './capacity-memory';
import { sizeLiteral } from '../schema';
import { fix, fixes, replaceValue } from './fixes';
import { at, Place, related } from './where';

/** A cgroup and who it belongs to. */
interface Group {
  cgroup: Cgroup;
  block: ResolvedBlock;
  who: string;
  container?: Container;
  vm?: Vm;
}

/** What a kernel offers its groups: CPUs and memory, with where they are declared. */
interface Offer {
  cpus?: number;
  cpusWhat: string;
  cpusPlace: Place;
  memory?: number;
  memoryWhat: string;
  memoryPlace: Place;
}

function offerOf(kernel: Kernel): Offer {
  const o = kernel.owner;
  if (o.kind === 'host') {
    return {
      cpus: cpuUnknown(o.cpu) ? undefined : o.cpu.logical,
      cpusWhat: `the ${o.cpu.logical} logical CPUs of host ${o.name}`,
      cpusPlace: o.cpu.block ? at(o.cpu.block, 'cores') : at(o.block),
      memory: isUnknown(o.block, 'memory') ? undefined : o.memory,
      memoryWhat: `host ${o.name}'s memory`,
      memoryPlace: at(o.block, 'memory'),
    };
  }
  return {
    cpus: vcpusUnknown(o) ? undefined : o.vcpus,
    cpusWhat: `the ${o.vcpus} vCPUs of ${o.kind} ${o.name}`,
    cpusPlace: at(o.block, 'vcpus'),
    memory: isUnknown(o.block, 'memory') ? undefined : o.memory,
    memoryWhat: `${o.kind} ${o.name}'s memory`,
    memoryPlace: at(o.block, 'memory'),
  };
}

/** The value as written: the exact range of a finding. */
function valuePlace(block: ResolvedBlock, key: string): Place | undefined {
  const node = block.attributes.get(key)?.node;
  return node?.value ? { file: block.file, span: { start: node.value.start, end: node.value.end } } : undefined;
}

function valueText(block: ResolvedBlock, key: string): string | undefined {
  const v = block.attributes.get(key)?.node.value;
  return v ? block.file.text.slice(v.start, v.end) : undefined;
}

/** The same CPUs written as a value of the language: `3`, `0..3`, `[0, 2, 4..7]`. */
function cpuLiteral(cpus: number[]): string {
  const parts = cpuRuns(cpus);
  return parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
}

/** The groups whose parent is this kernel: its containers, its groups and pods (DESIGN §3.1), and the VMs that run on it. */
function groupsOn(kernel: Kernel): Group[] {
  const out: Group[] = [];
  for (const l of cgroupLevels(kernel)) if (l.cgroup.block) out.push({ cgroup: l.cgroup, block: l.cgroup.block, who: `${l.kind} ${l.name}` });
  for (const c of kernel.containers) if (c.cgroup.block) out.push({ cgroup: c.cgroup, block: c.cgroup.block, who: `container ${c.name}`, container: c });
  const vms = kernel.owner.kind === 'host' ? (kernel.owner.hypervisor?.vms ?? []) : kernel.owner.vms;
  for (const v of vms) if (v.cgroup?.block) out.push({ cgroup: v.cgroup, block: v.cgroup.block, who: `${v.kind} ${v.name}`, vm: v });
  return out;
}

function kernelsOf(host: Host): Kernel[] {
  return [host.kernel, ...host.allVms.map((v) => v.kernel)];
}

export function checkCgroupBounds(ctx: CheckContext): void {
  for (const host of ctx.model.hosts) {
    for (const kernel of kernelsOf(host)) {
      const offer = offerOf(kernel);
      for (const g of groupsOn(kernel)) {
        cpusetOutside(ctx, g, offer);
        memoryMaxAboveKernel(ctx, g, offer);
        aboveMax(ctx, g);
        zeroLimits(ctx, g);
        if (g.vm) pinAgainstCpuset(ctx, g, g.vm);
      }
    }
  }
}

/** VMX312 */
function cpusetOutside(ctx: CheckContext, g: Group, offer: Offer): void {
  const cpuset = g.cgroup.cpuset;
  if (!cpuset || offer.cpus === undefined) return;
  const n = offer.cpus;
  const outside = cpuset.filter((c) => c >= n);
  if (outside.length === 0) return;
  const place = valuePlace(g.block, 'cpuset.cpus');
  if (!place) return;
  const inside = cpuset.filter((c) => c < n);
  const clamped = inside.length ? inside : Array.from({ length: n }, (_, i) => i);
  const node = g.block.attributes.get('cpuset.cpus')!.node;
  ctx.reporter.report(
    'VMX312',
    place.file,
    place.span,
    `cpuset.cpus of ${g.who} lists CPU${outside.length > 1 ? 's' : ''} ${formatCpuList(outside)}, outside ${offer.cpusWhat} (numbered 0..${n - 1}): the kernel refuses a cpuset with CPUs it does not have${inside.length ? '' : ', and none of these exist'}`,
    {
      related: [related(offer.cpusPlace, offer.cpusWhat)],
      fixes: fixes(fix(inside.length ? `Keep only the CPUs that exist: cpuset.cpus = ${cpuLiteral(clamped)}` : `Use every CPU there is: cpuset.cpus = ${cpuLiteral(clamped)}`, [replaceValue(g.block.file, node, cpuLiteral(clamped))], true)),
    },
  );
}

/** VMX313 */
function memoryMaxAboveKernel(ctx: CheckContext, g: Group, offer: Offer): void {
  const max = g.cgroup.memoryMax;
  if (offer.memory === undefined || offer.memory <= 0 || !isFinite(max) || max <= offer.memory || isUnknown(g.block, 'memory.max')) return;
  const place = valuePlace(g.block, 'memory.max');
  if (!place) return;
  const [maxText, memoryText] = comparedFigures(max, offer.memory, formatBytes, ' bytes');
  ctx.reporter.report('VMX313', place.file, place.span, `memory.max of ${g.who} is ${maxText}, above ${offer.memoryWhat} of ${memoryText}: the limit never binds — the group runs out of its kernel's memory first, and the kernel's OOM killer, not the group's, decides what dies`, {
    related: [related(offer.memoryPlace, `${offer.memoryWhat}: ${formatBytes(offer.memory)}`)],
  });
}

/** VMX314: memory.high, memory.low, memory.min above memory.max; memory.min above a written memory.low. */
function aboveMax(ctx: CheckContext, g: Group): void {
  const cg = g.cgroup;
  const b = g.block;
  const file = b.file;
  const maxKnown = isFinite(cg.memoryMax) && !isUnknown(b, 'memory.max');
  const checks: { key: string; value: number; what: string }[] = [
    { key: 'memory.high', value: cg.memoryHigh, what: 'the throttle point' },
    { key: 'memory.low', value: cg.memoryLow, what: 'best-effort protection' },
    { key: 'memory.min', value: cg.memoryMin, what: 'hard protection' },
  ];
  const reported = new Set<string>();
  if (maxKnown) {
    const maxText = valueText(b, 'memory.max') ?? formatBytes(cg.memoryMax);
    for (const c of checks) {
      if (!b.attributes.has(c.key) || isUnknown(b, c.key) || !isFinite(c.value) || c.value <= cg.memoryMax) continue;
      const place = valuePlace(b, c.key);
      if (!place) continue;
      const [valueFig, maxFig] = comparedFigures(c.value, cg.memoryMax, formatBytes, ' bytes');
      const why = c.key === 'memory.high' ? 'the group is OOM-killed at memory.max before it is ever throttled' : 'the kernel cannot protect more than the group may hold';
      ctx.reporter.report('VMX314', file, place.span, `${c.key} of ${g.who} is ${valueFig}, above its memory.max of ${maxFig}: ${c.what} above the hard limit means nothing — ${why}`, {
        related: [related(at(b, 'memory.max'), `memory.max of ${g.who}: ${formatBytes(cg.memoryMax)}`)],
        fixes: fixes(fix(`Clamp ${c.key} to memory.max (${maxText})`, [replaceValue(file, b.attributes.get(c.key)!.node, maxText)], true)),
      });
      reported.add(c.key);
    }
  }
  // memory.min above memory.low: only when memory.low is written (its default 0 is no statement).
  if (!reported.has('memory.min') && b.attributes.has('memory.low') && b.attributes.has('memory.min') && !isUnknown(b, 'memory.low', 'memory.min') && cg.memoryMin > cg.memoryLow) {
    const place = valuePlace(b, 'memory.min');
    if (!place) return;
    const lowText = valueText(b, 'memory.low') ?? formatBytes(cg.memoryLow);
    const [minFig, lowFig] = comparedFigures(cg.memoryMin, cg.memoryLow, formatBytes, ' bytes');
    ctx.reporter.report('VMX314', file, place.span, `memory.min of ${g.who} is ${minFig}, above its memory.low of ${lowFig}: hard protection above the best-effort one inverts them — memory.low is meant to extend memory.min, not sit below it`, {
      related: [related(at(b, 'memory.low'), `memory.low of ${g.who}: ${formatBytes(cg.memoryLow)}`)],
      fixes: fixes(fix(`Clamp memory.min to memory.low (${lowText})`, [replaceValue(file, b.attributes.get('memory.min')!.node, lowText)], true)),
    });
  }
}

/** VMX315 */
function zeroLimits(ctx: CheckContext, g: Group): void {
  const b = g.block;
  for (const key of ['memory.max', 'pids.max'] as const) {
    const value = key === 'memory.max' ? g.cgroup.memoryMax : g.cgroup.pidsMax;
    if (value !== 0 || isUnknown(b, key)) continue;
    const place = valuePlace(b, key);
    if (!place) continue;
    const node = b.attributes.get(key)!.node;
    const suggestion = g.container ? (key === 'memory.max' ? sizeLiteral(suggestedMemoryMax(g.container)) : String(suggestedPidsMax(g.container))) : undefined;
    const what = key === 'memory.max' ? 'not one page can be charged to the group: every process in it is OOM-killed as it starts' : 'not one process or thread can be created in the group: every fork() and clone() fails with EAGAIN';
    ctx.reporter.report('VMX315', place.file, place.span, `${key} = 0 in ${g.who}: ${what}. Nothing can start`, {
      fixes: suggestion ? fixes(fix(`Set ${key} = ${suggestion} (sized like VMX${key === 'memory.max' ? '308' : '309'}'s)`, [replaceValue(b.file, node, suggestion)], true)) : [],
    });
  }
}

/** VMX316: the VM's vCPU threads are pinned to CPUs its own cgroup does not allow. */
function pinAgainstCpuset(ctx: CheckContext, g: Group, vm: Vm): void {
  const pin = vm.pin;
  const cpuset = g.cgroup.cpuset;
  if (!pin || !cpuset || isUnknown(vm.block, 'pin') || isUnknown(g.block, 'cpuset.cpus')) return;
  const allowed = new Set(cpuset);
  const outside = pin.filter((c) => !allowed.has(c));
  if (outside.length === 0) return;
  const place = valuePlace(vm.block, 'pin');
  if (!place) return;
  const none = outside.length === pin.length;
  ctx.reporter.report(
    'VMX316',
    place.file,
    place.span,
    `${vm.kind} ${vm.name} is pinned to CPU${outside.length > 1 ? 's' : ''} ${formatCpuList(outside)}, which its cgroup's cpuset.cpus (${formatCpuList(cpuset)}) does not allow: ${none ? 'no pinned CPU is in the cpuset, so the pinning cannot be applied at all' : 'those pins cannot be applied, and the vCPUs share the CPUs left'}`,
    { related: [related(at(g.block, 'cpuset.cpus'), `cpuset.cpus of ${vm.kind} ${vm.name}: ${formatCpuList(cpuset)}`)] },
  );
}
