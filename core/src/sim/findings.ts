/**
 * Findings VMX401–VMX410 from one host's run: each on the line that
 * declares the limit involved (cpu.max, memory.max, pids.max, io.max…) or
 * else the entity's header, with the figures in the message.
 */
import { Thresholds } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { Diagnostic } from '../diagnostics/types';
import { Cgroup, Container, Group, Pod, ResolvedBlock, Vm } from '../model/types';
import { blockHeaderSpan, Span } from '../syntax/ast';
import { comparedFigures } from '../diagnostics/figures';
import { fmtBytes, KILLED_BY_GROUP } from './engine';
import { MIN_REPORTED_SWAP, RESTART_DELAY } from './params';
import { HostPlan, NodeKind } from './plan';
import { HostOutcome } from './outcome';
import { EntityResult } from './types';

const pct = (f: number) => `${f >= 0.995 || f < 0.1 ? Math.round(f * 1000) / 10 : Math.round(f * 100)}%`;
const cpus = (v: number) => `${Number(v.toPrecision(3))} CPU${v === 1 ? '' : 's'}`;
const secs = (t: number) => `${t.toFixed(2)} s`;
const count = (v: number) => (v >= 1e6 ? `${(v / 1e6).toPrecision(3)}M` : v >= 1e4 ? `${(v / 1e3).toPrecision(3)}k` : `${Math.round(v)}`);
const rate = (bits: number) => (bits >= 8e9 ? `${(bits / 8e9).toPrecision(3)} GBps` : `${(bits / 8e6).toPrecision(3)} MBps`);

/** "X wanted against Y", the figures told apart when rounding would print them the same. */
function against(wanted: number, limit: number, format: (v: number) => string, unit: string): string {
  const [w, l] = comparedFigures(wanted, limit, format, unit);
  return `${w} wanted against ${l}`;
}

function header(block: ResolvedBlock): Span {
  return blockHeaderSpan(block.node);
}

/** The attribute's node when written, else the block header (or `fallback`). */
function at(block: ResolvedBlock | undefined, key: string, fallback: ResolvedBlock): { block: ResolvedBlock; span: Span } {
  const node = block?.attributes.get(key)?.node;
  return node && block ? { block, span: node } : { block: fallback, span: header(fallback) };
}

/**
 * The group or pod right above entity e is starved itself: e's starvation is
 * that level's, reported once on the level (a saturated level's children
 * share its too-small grant).
 */
function levelAboveStarved(p: HostPlan, rec: HostOutcome, e: number, th: Thresholds): boolean {
  const parent = p.parent[p.nodeOfEntity[e]];
  return parent > 0 && p.kind[parent] === NodeKind.Group && rec.starved[p.entityOf[parent]] / rec.ticks > th.starvationTimeFraction;
}

export function reportFindings(p: HostPlan, rec: HostOutcome, results: EntityResult[], th: Thresholds, reporter: Reporter, out: Diagnostic[]): void {
  const T = rec.ticks;
  const report = (code: string, where: { block: ResolvedBlock; span: Span }, message: string) => out.push(reporter.report(code, where.block.file, where.span, message));
  const host = p.host;

  for (let e = 1; e < p.entities.length; e++) {
    const entity = p.entities[e] as Vm | Container | Group | Pod;
    const r = results[e];
    const cgroup: Cgroup | undefined = entity.cgroup;
    const cgroupBlock = cgroup?.block;
    const self = { block: entity.block, span: header(entity.block) };

    if (r.cpu.steal !== null && r.cpu.steal > th.stealFraction) {
      const vm = entity as Vm;
      const why = vm.outerVm
        ? `the ${vm.outerVm.vcpus} vCPUs of ${vm.outerVm.id} it runs in are shared`
        : vm.pin
          ? `its pinned CPUs [${vm.pin.join(', ')}] are shared`
          : `the host's ${p.logicalCpus} CPUs are oversubscribed`;
      report('VMX401', self, `CPU steal: vCPUs runnable but not running ${pct(r.cpu.steal)} of the time (mean); runnable ${Number(rec.figures[e].runnableMean.toPrecision(3))} vCPUs, running ${cpus(r.cpu.granted.mean)} — ${why}`);
    }
    if (r.cpu.throttled !== null && r.cpu.throttled > th.throttledFraction) {
      report('VMX402', at(cgroupBlock, 'cpu.max', entity.block), `CFS throttling: throttled in ${pct(r.cpu.throttled)} of periods; demand p95 ${cpus(r.cpu.demand.p95)} against cpu.max ${cpus(r.cpu.limit ?? 0)}`);
    }
    const starved = rec.starved[e] / T;
    if (starved > th.starvationTimeFraction && !levelAboveStarved(p, rec, e, th)) {
      report('VMX403', self, `starvation: granted below ${pct(th.starvationGrantedFraction)} of its CPU demand for ${pct(starved)} of the run (demand mean ${cpus(r.cpu.demand.mean)}, granted mean ${cpus(r.cpu.granted.mean)})`);
    }
    const high = rec.highTicks[e] / T;
    if (high > th.memoryHighFraction) {
      const first = r.events.find((x) => x.type === 'memory-high');
      report('VMX404', at(cgroupBlock, 'memory.high', entity.block), `memory pressure: usage above memory.high ${fmtBytes(r.memory.high ?? 0)} for ${pct(high)} of the run${first ? `, from ${secs(first.t)}` : ''}, reclaimed and slowed; demand peaks at ${fmtBytes(rec.peakMemoryDemand[e])}`);
    }
    // A container killed by its group's memory.max is the group's finding, on the group's line.
    const kills = r.events.filter((x) => x.type === 'oom-kill' && !x.detail?.startsWith(KILLED_BY_GROUP));
    const level = entity.kind === 'group' || entity.kind === 'pod';
    if (kills.length && level) {
      const more = kills.length > 1 ? ` (${kills.length} kills in the run` + (kills.length >= 50 ? ' or more' : '') + ')' : '';
      report('VMX405', at(cgroupBlock, 'memory.max', entity.block), `OOM kill at ${secs(kills[0].t)} in this ${entity.kind}: ${kills[0].detail}${more}; restarted after ${RESTART_DELAY} s`);
    } else if (kills.length) {
      const guest = kills[0].detail?.startsWith('guest');
      const where = guest ? self : at(cgroupBlock, 'memory.max', entity.block);
      // The figures are those at the kill: usage at the limit (the kernel's memory.peak), as the event says.
      const what = guest ? `memory demand ${kills[0].detail?.replace(/^guest out of memory: /, '')}` : (kills[0].detail ?? 'usage reached its memory limit');
      report('VMX405', where, `OOM kill at ${secs(kills[0].t)}: ${what}${kills.length > 1 ? ` (${kills.length} kills in the run` + (kills.length >= 50 ? ' or more' : '') + ')' : ''}; restarted after ${RESTART_DELAY} s`);
    }
    if (rec.swapAtMaxTicks[e] > 0) {
      const swapLine = cgroupBlock?.attributes.has('memory.swap.max') ? 'memory.swap.max' : 'memory.max';
      report('VMX412', at(cgroupBlock, swapLine, entity.block), `swapping at memory.max ${fmtBytes(r.memory.limit ?? 0)} from ${secs(rec.firstSwapAtMax[e])} for ${pct(rec.swapAtMaxTicks[e] / T)} of the run, up to ${fmtBytes(r.memory.swapped.max)} swapped: its processes stall on page faults`);
    }
    if (rec.failedForks[e] > 0) {
      const [wanted, pidsMax] = comparedFigures(rec.peakProcesses[e], cgroup?.pidsMax ?? Infinity, count, '');
      report('VMX407', at(cgroupBlock, 'pids.max', entity.block), `failed forks: ${count(rec.failedForks[e])} fork${rec.failedForks[e] === 1 ? '' : 's'} failed, first at ${secs(rec.firstFork[e])}: up to ${wanted} processes wanted against pids.max ${pidsMax}`);
    }
    const ioHeld = rec.ioThrottledTicks[e] / T;
    if (ioHeld > th.ioSaturatedFraction) {
      const max = cgroup?.ioMax;
      const parts = [max?.iops !== undefined ? against(rec.peakIops[e], max.iops, (v) => `${count(v)} IOPS`, ' IOPS') : '', max?.bandwidth !== undefined ? against(rec.peakBits[e], max.bandwidth, rate, ' bits/s') : ''].filter(Boolean);
      report('VMX408', at(cgroupBlock, 'io.max', entity.block), `I/O throttled by io.max for ${pct(ioHeld)} of the run: ${parts.join(', ')}`);
    }
  }

  const disk = rec.diskSaturatedTicks / T;
  if (disk > th.ioSaturatedFraction) {
    const where = host.disks[0] ? { block: host.disks[0].block, span: header(host.disks[0].block) } : { block: host.block, span: header(host.block) };
    const parts = [isFinite(p.diskIops) ? `${count(rec.diskPeakIops)} IOPS wanted against ${count(p.diskIops)}` : '', isFinite(p.diskBits) ? `${rate(rec.diskPeakBits)} against ${rate(p.diskBits)}` : ''].filter(Boolean);
    report('VMX408', where, `disk saturated for ${pct(disk)} of the run: ${parts.join(', ')} (I/O shared by io.weight)`);
  }
  // A disk its volumes saturate, named on its own line (the pool above does not see it: its I/O was held to the disk).
  rec.perDisk?.forEach((load, d) => {
    const held = load.saturatedTicks / T;
    if (held <= th.ioSaturatedFraction) return;
    const disk = host.disks[d];
    const parts = [isFinite(p.diskCapIops[d]) ? `${count(load.peakIops)} IOPS wanted against ${count(p.diskCapIops[d])}` : '', isFinite(p.diskCapBits[d]) ? `${rate(load.peakBits)} against ${rate(p.diskCapBits[d])}` : ''].filter(Boolean);
    report('VMX408', { block: disk.block, span: header(disk.block) }, `disk ${disk.name} saturated for ${pct(held)} of the run: ${parts.join(', ')} by the volumes on it (I/O shared by io.weight)`);
  });
  const nic = rec.nicSaturatedTicks / T;
  if (nic > th.nicSaturatedFraction) {
    const where = host.nics[0] ? { block: host.nics[0].block, span: header(host.nics[0].block) } : { block: host.block, span: header(host.block) };
    report('VMX409', where, `NIC saturated for ${pct(nic)} of the run: up to ${(rec.nicPeakBits / 1e9).toPrecision(3)} Gbps wanted against ${(p.nicBits / 1e9).toPrecision(3)} Gbps`);
  }
  if (rec.exhaustedTicks > 0) {
    const type2 = host.hypervisor?.type === 2 ? ' (type 2: VM memory is drawn from the host OS beside os.reserved)' : '';
    const later = rec.peakHostNeed > rec.needAtFirstExhausted * (1 + 1e-9) ? `, up to ${fmtBytes(rec.peakHostNeed)} later` : '';
    report('VMX410', { block: host.block, span: header(host.block) }, `host memory exhausted at ${secs(rec.firstExhausted)}: ${fmtBytes(rec.needAtFirstExhausted)} needed against ${fmtBytes(host.memory)} of RAM and ${fmtBytes(host.swap)} of swap${later}, nothing left to swap${type2}`);
  }
  reportHostSwap(p, rec, results, th, reporter, out);
  reportNotStarted(p, rec, reporter, out);
}

/**
 * VMX406, once per host: the VMs whose memory the host swaps out, as related
 * information, when the most swapped at once is worth a warning: the larger
 * of MIN_REPORTED_SWAP (64 MiB) and `hostSwapFraction` of the host's RAM
 * (default 1%, MIN_REPORTED_SWAP_FRACTION: params.ts gives why).
 */
function reportHostSwap(p: HostPlan, rec: HostOutcome, results: EntityResult[], th: Thresholds, reporter: Reporter, out: Diagnostic[]): void {
  const host = p.host;
  const swappedVms: { vm: Vm; max: number; from: number }[] = [];
  for (let e = 1; e < p.entities.length; e++) {
    const entity = p.entities[e];
    if ((entity.kind === 'vm' || entity.kind === 'partition') && rec.firstSwap[e] >= 0) swappedVms.push({ vm: entity as Vm, max: results[e].memory.swapped.max, from: rec.firstSwap[e] });
  }
  if (!swappedVms.length) return;
  // The host's series holds the swap of all its VMs and containers together; the VMs' part at its largest is bounded by the sum of their peaks.
  const most = Math.min(swappedVms.reduce((s, v) => s + v.max, 0), results[0].memory.swapped.max || Infinity);
  if (most < Math.max(MIN_REPORTED_SWAP, th.hostSwapFraction * host.memory)) return;
  const from = Math.min(...swappedVms.map((v) => v.from));
  const names = swappedVms.map((v) => v.vm.id);
  const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const message = `host swapping from ${secs(from)}: the host swaps out up to ${fmtBytes(most)} of VM memory (${swappedVms.length} VM${swappedVms.length === 1 ? '' : 's'}: ${list}); their vCPUs stall on page faults the guests cannot see`;
  const related = swappedVms.map((v) => ({ file: v.vm.block.file, span: header(v.vm.block), message: `${v.vm.id}: up to ${fmtBytes(v.max)} swapped out, from ${secs(v.from)}` }));
  out.push(reporter.report('VMX406', host.block.file, header(host.block), message, { related }));
}

/** VMX411, once per host: the VMs that did not start, on the first one's memory line, the others related. */
function reportNotStarted(p: HostPlan, rec: HostOutcome, reporter: Reporter, out: Diagnostic[]): void {
  const refused: { vm: Vm; detail: string }[] = [];
  for (let e = 1; e < p.entities.length; e++) {
    if (rec.notStarted[e] < 0) continue;
    const event = rec.events[e].find((x) => x.type === 'vm-not-started');
    refused.push({ vm: p.entities[e] as Vm, detail: event?.detail ?? '' });
  }
  if (!refused.length) return;
  const [first, ...others] = refused;
  const hv = first.vm.hypervisor.kind;
  const why = first.vm.memoryLocked ? 'its memory is locked' : first.vm.devices.some((d) => d.access === 'direct' || d.access === 'sriov') ? 'a directly assigned device pins its memory (VFIO)' : `${hv} never swaps a running guest's memory`;
  const where = at(first.vm.block, 'memory', first.vm.block);
  const more = others.length ? `; ${others.length} more VM${others.length === 1 ? '' : 's'} did not start for the same reason (${others.map((o) => o.vm.id).join(', ')})` : '';
  const related = others.map((o) => ({ file: o.vm.block.file, span: header(o.vm.block), message: `${o.vm.id} did not start either: ${o.detail}` }));
  out.push(reporter.report('VMX411', where.block.file, where.span, `VM does not start at ${secs(rec.notStarted[p.entities.indexOf(first.vm)])}: ${first.detail} and ${why}${more}`, { related }));

}
