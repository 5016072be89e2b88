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
import { comparedFigures } from '../checks/figures';
import { fmtBytes, KILLED_BY_GROUP } from './engine';
import { RESTART_DELAY } from './params';
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
      report('VMX404', at(cgroupBlock, 'memory.high', entity.block), `memory pressure: usage held at memory.high ${fmtBytes(r.memory.high ?? 0)} for ${pct(high)} of the run${first ? `, from ${secs(first.t)}` : ''}; demand peaks at ${fmtBytes(rec.peakMemoryDemand[e])} (allocations throttled, work slowed)`);
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
      const demand = rec.peakMemoryDemand[e];
      const max = r.memory.limit;
      // Printed so that the demand reads above the limit: a ramp from 0 kills at 0.02 bytes against memory.max 0 ("0 B exceeds 0 B").
      const [demandText, maxText] = max === null ? [fmtBytes(demand), ''] : comparedFigures(demand, max, fmtBytes, ' bytes');
      const limit = guest ? 'its VM’s memory' : max === null ? 'its memory limit' : `memory.max ${maxText}`;
      report('VMX405', where, `OOM kill at ${secs(kills[0].t)}: memory demand ${demandText} exceeds ${limit}${kills.length > 1 ? ` (${kills.length} kills in the run` + (kills.length >= 50 ? ' or more' : '') + ')' : ''}; restarted after ${RESTART_DELAY} s`);
    }
    if (entity.kind !== 'container' && rec.firstSwap[e] >= 0) {
      report('VMX406', self, `host swapping: the host swaps out up to ${fmtBytes(r.memory.swapped.max)} of this VM's memory (mean ${fmtBytes(r.memory.swapped.mean)}) from ${secs(rec.firstSwap[e])}; its vCPUs stall on page faults the guest cannot see`);
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
  const nic = rec.nicSaturatedTicks / T;
  if (nic > th.nicSaturatedFraction) {
    const where = host.nics[0] ? { block: host.nics[0].block, span: header(host.nics[0].block) } : { block: host.block, span: header(host.block) };
    report('VMX409', where, `NIC saturated for ${pct(nic)} of the run: up to ${(rec.nicPeakBits / 1e9).toPrecision(3)} Gbps wanted against ${(p.nicBits / 1e9).toPrecision(3)} Gbps`);
  }
  if (rec.exhaustedTicks > 0) {
    const type2 = host.hypervisor?.type === 2 ? ' (type 2: VM memory is drawn from the host OS beside os.reserved)' : '';
    report('VMX410', { block: host.block, span: header(host.block) }, `host memory exhausted at ${secs(rec.firstExhausted)}: ${fmtBytes(rec.peakHostNeed)} needed against ${fmtBytes(host.memory)} of RAM and ${fmtBytes(host.swap)} of swap, nothing left to swap${type2}`);
  }

}
