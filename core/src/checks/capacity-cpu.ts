/**
 * CPU capacity: vCPU overcommit (VMX301), overlapping pins (VMX302), pins
 * outside the CPUs there are (VMX303), cpu.max that can never bind
 * (VMX306), a VM wider than its host (VMX310), fewer pinned CPUs than vCPUs
 * (VMX311). A top-level VM's vCPUs run on the host's logical CPUs; a nested
 * VM's on its outer VM's vCPUs.
 */
import { Cgroup, Container, Cpu, Host, isUnknown, ResolvedBlock, Vm } from '../model/types';
import type { CheckContext } from './index';
import { at, attrPlace, header, MAX_RELATED, related } from './where';
import { comparedFigures, formatCpuList } from '../diagnostics/figures';

/**
 * The host's logical CPUs are unknown when sockets, cores or threads did not
 * validate (VMX103/VMX104), or when the host declares no `cpu` at all (VMX108;
 * an imported host, whose hardware an import cannot know): the model's
 * stand-in of one CPU is no figure to compare a cpuset or a cap with.
 */
export function cpuUnknown(cpu: Cpu): boolean {
  return !cpu.block || isUnknown(cpu.block, 'sockets', 'cores', 'threads');
}

/** A VM's vCPUs are unknown when `vcpus` did not validate. */
export function vcpusUnknown(vm: Vm): boolean {
  return isUnknown(vm.block, 'vcpus');
}

/** What a level offers: the host's logical CPUs or the outer VM's vCPUs. */
interface CpuLevel {
  count: number;
  /** The count is unknown (an invalid value): nothing is compared with it. */
  unknown: boolean;
  what: string;
  place: ReturnType<typeof header>;
  vms: Vm[];
}

function levels(host: Host): CpuLevel[] {
  const out: CpuLevel[] = [];
  if (host.hypervisor) out.push({ count: host.cpu.logical, unknown: cpuUnknown(host.cpu), what: `the ${host.cpu.logical} logical CPUs of host ${host.name}`, place: header(host.hypervisor.block), vms: host.hypervisor.vms });
  for (const vm of host.allVms) if (vm.vms.length) out.push({ count: vm.vcpus, unknown: vcpusUnknown(vm), what: `the ${vm.vcpus} vCPUs of ${vm.kind} ${vm.name}`, place: header(vm.block), vms: vm.vms });
  return out;
}

export function checkCpuCapacity(ctx: CheckContext): void {
  const ratio = ctx.config.thresholds.vcpuOvercommitRatio;
  for (const host of ctx.model.hosts) {
    for (const level of levels(host)) {
      overcommit(ctx, level, ratio);
      for (const vm of level.vms) {
        tooWide(ctx, vm, level);
        pins(ctx, vm, level);
        if (vm.cgroup && !vcpusUnknown(vm)) capNeverBinds(ctx, vm.cgroup, vm.vcpus, `the ${vm.vcpus} vCPUs of ${vm.kind} ${vm.name}`, `${vm.kind} ${vm.name}`);
      }
      overlappingPins(ctx, level);
    }
    for (const c of host.allContainers) containerCap(ctx, c);
  }
}

/** VMX301 */
function overcommit(ctx: CheckContext, level: CpuLevel, ratio: number): void {
  if (level.unknown || level.vms.some(vcpusUnknown)) return;
  const total = level.vms.reduce((s, v) => s + v.vcpus, 0);
  if (level.count <= 0 || total <= ratio * level.count) return;
  const [overcommitText, ratioText] = comparedFigures(total / level.count, ratio, (v) => v.toFixed(1), '');
  ctx.reporter.report('VMX301', level.place.file, level.place.span, `${total} vCPUs on ${level.what}: ${overcommitText}× overcommitted, above the ${ratioText}× ratio — vCPUs wait for a CPU (steal time) whenever several VMs are busy`, {
    related: level.vms.slice(0, MAX_RELATED).map((v) => related(at(v.block, 'vcpus'), `${v.kind} ${v.name}: ${v.vcpus} vCPUs`)),
  });
}

/** VMX310 */
function tooWide(ctx: CheckContext, vm: Vm, level: CpuLevel): void {
  if (level.unknown || vcpusUnknown(vm) || vm.vcpus <= level.count) return;
  const place = at(vm.block, 'vcpus');
  ctx.reporter.report('VMX310', place.file, place.span, `${vm.kind} ${vm.name} has ${vm.vcpus} vCPUs, more than ${level.what}: its vCPUs can never all run at once, and a guest that spins on a lock held by a descheduled vCPU stalls`);
}

/** VMX303 and VMX311 */
function pins(ctx: CheckContext, vm: Vm, level: CpuLevel): void {
  const pin = vm.pin;
  if (!pin) return;
  const place = at(vm.block, 'pin');
  const outside = level.unknown ? [] : pin.filter((c) => c >= level.count);
  if (outside.length) {
    ctx.reporter.report('VMX303', place.file, place.span, `${vm.kind} ${vm.name} is pinned to CPU${outside.length > 1 ? 's' : ''} ${formatCpuList(outside)}, outside ${level.what} (numbered 0..${level.count - 1})`);
  }
  if (pin.length < vm.vcpus && !vcpusUnknown(vm)) {
    ctx.reporter.report('VMX311', place.file, place.span, `${vm.kind} ${vm.name} has ${vm.vcpus} vCPUs pinned to ${pin.length} CPU${pin.length === 1 ? '' : 's'}: its vCPUs share them and take turns (steal time inside the VM)`);
  }
}

/** A pin as maximal runs of consecutive CPUs: `pin = 0..65535` is one run, not 65,536 entries. */
type Run = [from: number, to: number];

function runsOf(cpus: number[]): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    out.push([cpus[i], cpus[j]]);
    i = j + 1;
  }
  return out;
}

/** Common CPUs of two run lists (maximal runs in, maximal runs out). */
function intersectRuns(a: Run[], b: Run[]): Run[] {
  const out: Run[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const from = Math.max(a[i][0], b[j][0]);
    const to = Math.min(a[i][1], b[j][1]);
    if (from <= to) out.push([from, to]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function formatRuns(runs: Run[]): string {
  const parts = runs.map(([f, t]) => (t > f ? `${f}..${t}` : `${f}`));
  return parts.length > 8 ? parts.slice(0, 8).join(', ') + ', …' : parts.join(', ');
}

/**
 * VMX302: each VM whose pin overlaps another's, with up to MAX_RELATED of
 * the others as related locations. A sweep over the pins' runs finds them:
 * the work grows with the runs written and the related VMs reported, not
 * with CPUs × VMs (1,000 VMs pinned to 0..65535 used to take minutes).
 */
function overlappingPins(ctx: CheckContext, level: CpuLevel): void {
  const pinned = level.vms.filter((vm) => vm.pin && vm.pin.length > 0);
  const runs = new Map<Vm, Run[]>(pinned.map((vm) => [vm, runsOf(vm.pin!)]));
  const found = new Map<Vm, Set<Vm>>(pinned.map((vm) => [vm, new Set<Vm>()]));
  const full = (vm: Vm) => found.get(vm)!.size >= MAX_RELATED;
  const link = (a: Vm, b: Vm) => {
    if (!full(a)) found.get(a)!.add(b);
    if (!full(b)) found.get(b)!.add(a);
  };
  const events: { run: Run; vm: Vm }[] = [];
  for (const vm of pinned) for (const run of runs.get(vm)!) events.push({ run, vm });
  events.sort((x, y) => x.run[0] - y.run[0]);
  // Active runs of VMs that still want partners, and of VMs that have enough.
  let needy: { run: Run; vm: Vm }[] = [];
  let satisfied: { run: Run; vm: Vm }[] = [];
  for (const e of events) {
    const start = e.run[0];
    const keepNeedy: typeof needy = [];
    for (const a of needy) {
      if (a.run[1] < start) continue;
      if (a.vm !== e.vm && !found.get(a.vm)!.has(e.vm)) link(a.vm, e.vm);
      (full(a.vm) ? satisfied : keepNeedy).push(a);
    }
    needy = keepNeedy;
    if (!full(e.vm)) {
      const keep: typeof satisfied = [];
      let i = 0;
      for (; i < satisfied.length && !full(e.vm); i++) {
        const a = satisfied[i];
        if (a.run[1] < start) continue;
        if (a.vm !== e.vm) link(e.vm, a.vm);
        keep.push(a);
      }
      for (; i < satisfied.length; i++) keep.push(satisfied[i]);
      satisfied = keep;
    }
    (full(e.vm) ? satisfied : needy).push(e);
  }
  const order = new Map(level.vms.map((vm, i) => [vm, i]));
  for (const vm of pinned) {
    const others = [...found.get(vm)!].map((o) => ({ o, common: intersectRuns(runs.get(vm)!, runs.get(o)!) })).filter((x) => x.common.length > 0);
    if (others.length === 0) continue;
    // In the order of the first CPU they share, then of declaration.
    others.sort((x, y) => x.common[0][0] - y.common[0][0] || order.get(x.o)! - order.get(y.o)!);
    const place = at(vm.block, 'pin');
    const names = others.map(({ o, common }) => `${o.kind} ${o.name} (CPU ${formatRuns(common)})`);
    ctx.reporter.report('VMX302', place.file, place.span, `${vm.kind} ${vm.name} is pinned to CPUs that ${names.join(', ')} ${others.length === 1 ? 'is' : 'are'} also pinned to: pinning no longer isolates them, their vCPUs take turns on the shared CPUs`, {
      related: others.map(({ o }) => related(at(o.block, 'pin'), `${o.kind} ${o.name} is pinned to ${formatRuns(runs.get(o)!)}`)),
    });
  }
}

/** The CPUs a container can ever use: its cpuset, else its kernel's CPUs. */
function containerCap(ctx: CheckContext, c: Container): void {
  const owner = c.kernel.owner;
  if (isUnknown(c.cgroup.block, 'cpuset.cpus') || (owner.kind === 'host' ? cpuUnknown(owner.cpu) : vcpusUnknown(owner))) return;
  const cpus = owner.kind === 'host' ? owner.cpu.logical : owner.vcpus;
  const cpuset = c.cgroup.cpuset?.filter((x) => x < cpus).length;
  const available = cpuset !== undefined && cpuset > 0 ? cpuset : cpus;
  const what = cpuset !== undefined && cpuset > 0 ? `the ${cpuset} CPU${cpuset === 1 ? '' : 's'} of its cpuset.cpus` : owner.kind === 'host' ? `the ${cpus} logical CPUs of host ${owner.name}` : `the ${cpus} vCPUs of ${owner.kind} ${owner.name}`;
  capNeverBinds(ctx, c.cgroup, available, what, `container ${c.name}`);
}

/** VMX306 */
function capNeverBinds(ctx: CheckContext, cgroup: Cgroup, available: number, what: string, who: string): void {
  if (!cgroup.block || !isFinite(cgroup.cpuMax) || cgroup.cpuMax <= available) return;
  const place = attrPlace(cgroup.block as ResolvedBlock, 'cpu.max');
  if (!place) return;
  ctx.reporter.report('VMX306', place.file, place.span, `cpu.max of ${who} allows ${+cgroup.cpuMax.toFixed(3)} CPUs, but it can never get more than ${what}: the cap never binds. Lower it to at most ${available}, or remove it`);
}
