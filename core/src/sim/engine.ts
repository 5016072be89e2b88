/**
 * The engine: runs one planned host period by period (one tick = one CFS
 * period, 100 ms). Each tick: workload demand (exact averages over the
 * period) → memory (limits, guest and host pressure, swap, OOM) → I/O
 * (io.max, disk and NIC sharing) → CPU (bottom-up requests with caps and
 * CFS quota, top-down weighted fair shares, steal) → samples.
 */
import { formatBytes } from '../schema/units';
import { smtCapacity, waterFill } from './fair-share';
import { largestContainer, levelAt, pidsCounted, sumChildren } from './levels';
import { CompiledPattern, compiledAt, compiledMean, compiledPrimitive, compilePattern, firstCrossing, integrable } from './patterns';
import { BALLOON_BUFFER, CFS_PERIOD, RESTART_DELAY, SWAP_SLOWDOWN } from './params';
import { EnginePlan, NodeKind } from './plan';
import { HostRecord, pushEvent } from './record';

const EPS = 1e-9;
// Node kinds as module-local numbers: a const enum imported from plan.ts is a property load per use when
// modules are transpiled one by one (tsx), and these comparisons run in every loop of every period.
const KIND_VM: number = NodeKind.Vm;
const KIND_CONTAINER: number = NodeKind.Container;
const KIND_GUEST: number = NodeKind.GuestSystem;
const KIND_GROUP: number = NodeKind.Group;

/** How a container's oom-kill event begins when its group's memory.max killed it (the finding is the group's, findings.ts). */
export const KILLED_BY_GROUP = 'killed by the memory.max of ';

export interface RunSettings {
  duration: number;
  tick: number;
  ticks: number;
  starvationGrantedFraction: number;
  /** Called every 1024 ticks (cancellation checks and progress inside a large host). */
  onTicks?: (done: number) => void;
}

const fmtT = (t: number) => Math.round(t * 1e6) / 1e6;

const SLAB_ARRAYS = 29;
let slabBuffer = new Float64Array(0);
/** A zeroed buffer for SLAB_ARRAYS per-node arrays of n entries (the engine is synchronous, so one buffer serves every run). */
function takeSlab(n: number): Float64Array {
  const size = n * SLAB_ARRAYS;
  if (slabBuffer.length < size) slabBuffer = new Float64Array(Math.max(size, slabBuffer.length * 2));
  const slab = slabBuffer.subarray(0, size);
  slab.fill(0);
  return slab;
}

export function runHost(p: EnginePlan, rec: HostRecord, s: RunSettings): void {
  // Typed arrays hoisted into locals: the hot loops then index them directly.
  const p_burst = p.burst;
  const p_childList = p.childList;
  const p_childStart = p.childStart;
  const p_componentMembers = p.componentMembers;
  const p_componentSize = p.componentSize;
  const p_componentCores = p.componentCores;
  const p_component = p.component;
  const smtGain = p.smtGain;
  const componentDelay = new Float64Array(p_componentSize.length);
  const p_cpuCap = p.cpuCap;
  const p_declaredProcesses = p.declaredProcesses;
  const p_entityOf = p.entityOf;
  const p_hostMemoryNodes = p.hostMemoryNodes;
  const p_ioCpuPerBit = p.ioCpuPerBit;
  const p_ioCpuPerOp = p.ioCpuPerOp;
  const p_netCpuPerBit = p.netCpuPerBit;
  const p_ioMaxBits = p.ioMaxBits;
  const p_ioMaxIops = p.ioMaxIops;
  const p_kind = p.kind;
  const p_memHigh = p.memHigh;
  const p_memMax = p.memMax;
  const p_memMin = p.memMin;
  const p_overhead = p.overhead;
  const p_parent = p.parent;
  const p_pidsMax = p.pidsMax;
  const p_quota = p.quota;
  const p_swapMax = p.swapMax;
  const p_vmHasMemoryDemand = p.vmHasMemoryDemand;
  const p_vmLocked = p.vmLocked;
  const p_vmBalloon = p.vmBalloon;
  const p_vmMemoryMin = p.vmMemoryMin;
  const p_vmGuestKernel = p.vmGuestKernel;
  const rec_swapAtMaxTicks = rec.swapAtMaxTicks;
  const rec_firstSwapAtMax = rec.firstSwapAtMax;
  const rec_notStarted = rec.notStarted;
  const p_vmMemory = p.vmMemory;
  const p_vmsInnermostFirst = p.vmsInnermostFirst;
  const p_workload = p.workload;
  const rec_demand = rec.demand;
  const rec_iopsAsked = rec.iopsAsked;
  const rec_iopsGranted = rec.iopsGranted;
  const rec_bitsAsked = rec.bitsAsked;
  const rec_bitsGranted = rec.bitsGranted;
  const rec_netAsked = rec.netAsked;
  const rec_netGranted = rec.netGranted;
  const rec_demandTicks = rec.demandTicks;
  const rec_failedForks = rec.failedForks;
  const rec_firstFork = rec.firstFork;
  const rec_firstSwap = rec.firstSwap;
  const rec_granted = rec.granted;
  const rec_highTicks = rec.highTicks;
  const rec_ioDemandTicks = rec.ioDemandTicks;
  const rec_ioThrottledTicks = rec.ioThrottledTicks;
  const rec_memUsed = rec.memUsed;
  const rec_peakBits = rec.peakBits;
  const rec_peakIops = rec.peakIops;
  const rec_peakMemoryDemand = rec.peakMemoryDemand;
  const rec_peakProcesses = rec.peakProcesses;
  const rec_periods = rec.periods;
  const rec_runnable = rec.runnable;
  const rec_starved = rec.starved;
  const rec_stolen = rec.stolen;
  const rec_swapped = rec.swapped;
  const rec_throttled = rec.throttled;

  const n = p.n;
  const T = s.ticks;
  const tick = s.tick;
  const periodsPerTick = tick / CFS_PERIOD;
  const perTick = 1 / tick;
  // Per-node arrays come from a buffer reused across hosts (a 20,000-host run would otherwise allocate a million small arrays).
  const slab = takeSlab(n);
  let next = 0;
  const f = () => slab.subarray(n * next, n * ++next);
  // Per-node state.
  const origin = f(); // pattern time origin (workload start, or restart after an OOM kill)
  const stop = f();
  const memUsed = f();
  const swapped = f();
  const slow = f();
  const prevPidsExcess = f();
  const tokens = f();
  // Per-tick scratch.
  const rawCpu = f();
  const want = f();
  const req = f();
  const quotaCap = f();
  const grant = f();
  const hostCap = f();
  const guestReq = f();
  const effective = f();
  const iopsReq = f();
  const bitsReq = f();
  const netReq = f();
  const ioGrantIops = f();
  const ioGrantBits = f();
  const netGrant = f();
  const netWeight = f().fill(1);
  const iopsAsked = f();
  const bitsAsked = f();
  // Processes a node counts against the pids.max above it (within its own), and the useful CPU a level's containers got.
  const procs = f();
  const netGranted = f();
  // Most CPU a level's caps (cpu.max, cpuset) and those of the levels above it in its kernel let beneath it.
  const ceiling = f();
  // CPU pattern primitive at the end of the previous period: the next period's start.
  const cpuPrevTau = f().fill(-1);
  const cpuPrevF = f();
  const scratch = new Int32Array(n);
  const rootStart = p_childStart[0];
  const rootCount = p_childStart[1] - rootStart;
  const rootChildren = p.childList.subarray(rootStart, rootStart + rootCount);
  const E = rec.entities;

  const cpuPat: (CompiledPattern | null)[] = [];
  const memPat: (CompiledPattern | null)[] = [];
  const procPat: (CompiledPattern | null)[] = [];
  const iopsPat: (CompiledPattern | null)[] = [];
  const ioPat: (CompiledPattern | null)[] = [];
  const netPat: (CompiledPattern | null)[] = [];
  let anyIo = false;
  for (let i = 0; i < n; i++) {
    const w = p_workload[i];
    origin[i] = w ? w.start : 0;
    stop[i] = w?.stop ?? Infinity;
    cpuPat.push(compilePattern(w?.cpu));
    memPat.push(compilePattern(w?.memory));
    procPat.push(compilePattern(w?.processes));
    iopsPat.push(compilePattern(w?.iops));
    ioPat.push(compilePattern(w?.io));
    netPat.push(compilePattern(w?.network));
    if (iopsPat[i] || ioPat[i] || netPat[i]) anyIo = true;
  }
  // Node lists, so that each pass visits only the nodes it concerns.
  const leafList: number[] = [];
  const levelList: number[] = [];
  for (let i = 1; i < n; i++) {
    if (p_kind[i] === KIND_GROUP) levelList.push(i);
    else if (p_kind[i] !== KIND_VM) leafList.push(i);
  }
  const leaves = Int32Array.from(leafList);
  const diskMembers = p.diskMembers;
  let anyOnDisk = false;
  for (let d = 0; d < diskMembers.length; d++) if (diskMembers[d].length) anyOnDisk = true;
  rec.perDisk = anyOnDisk ? diskMembers.map(() => ({ saturatedTicks: 0, peakIops: 0, peakBits: 0 })) : undefined;
  const vmsInner = p_vmsInnermostFirst;
  const vmsOuter = vmsInner.slice().reverse();
  // Groups and pods, outermost first (depth-first order) and innermost first; VMs are never inside one.
  const levelsOuter = Int32Array.from(levelList);
  const levelsInner = levelsOuter.slice().reverse();
  const countedPids = pidsCounted(p);
  const p_hostKernel = p.hostKernel;
  const p_subtreeEnd = p.subtreeEnd;
  const cpuIntegrable = new Uint8Array(n);
  for (let i = 0; i < n; i++) cpuIntegrable[i] = cpuPat[i] !== null && integrable(cpuPat[i]!) ? 1 : 0;
  const hasIo = new Uint8Array(n);
  for (let i = 0; i < n; i++) hasIo[i] = iopsPat[i] || ioPat[i] || netPat[i] ? 1 : 0;
  // Entities with I/O somewhere in their subtree: the only ones whose I/O figures are accumulated.
  const subtreeIo = hasIo.slice();
  for (let i = n - 1; i >= 1; i--) if (subtreeIo[i]) subtreeIo[p_parent[i]] = 1;
  const ioEntityList: number[] = [];
  for (let i = 1; i < n; i++) if (subtreeIo[i] && p_kind[i] !== KIND_GUEST) ioEntityList.push(i);
  const ioEntities = Int32Array.from(ioEntityList);
  const ev = rec.events;
  let exhausted = false;
  const used = T * rec.entities;
  rec_runnable.fill(0, 0, used);
  rec_stolen.fill(0, 0, used);
  rec_periods.fill(0, 0, used);
  rec_throttled.fill(0, 0, used);
  /** (node, usage) pairs killed at a memory limit in this period: their samples show the usage at the kill (the peak), not what is left. */
  const peakAtKill: number[] = [];
  /** Top-level ballooned VMs and, per node, what each one's guest needs this period (guest kernel + workloads, within memory_min…memory_max). */
  const balloons: number[] = [];
  const balloonFloor = new Float64Array(balloonCount(p) ? n : 0);
  for (let h = 0; h < p_hostMemoryNodes.length; h++) if (p_vmBalloon[p_hostMemoryNodes[h]]) balloons.push(p_hostMemoryNodes[h]);
  admitVms(p, rec, origin);

  /** Mean of a pattern over [t0, t1] of node i, 0 while inactive (before start, after stop, restarting). */
  const mean = (i: number, pat: CompiledPattern | null, t0: number, t1: number): number => {
    if (pat === null) return 0;
    const o = origin[i];
    if (o <= t0 && stop[i] >= t1) return compiledMean(pat, t0 - o, t1 - o);
    const a = Math.max(t0, o);
    const b = Math.min(t1, stop[i]);
    if (b <= a) return 0;
    return (compiledMean(pat, a - o, b - o) * (b - a)) / (t1 - t0);
  };
  /** `mean` of the CPU pattern, reusing ∫ up to the previous period's end for ramps, sines and steps (one primitive per period instead of two). */
  const cpuMean = (i: number, t0: number, t1: number): number => {
    const pat = cpuPat[i];
    if (pat === null) return 0;
    const o = origin[i];
    if (!cpuIntegrable[i] || o > t0 || stop[i] < t1) return mean(i, pat, t0, t1);
    const a = t0 - o;
    const b = t1 - o;
    const fa = cpuPrevTau[i] === a ? cpuPrevF[i] : compiledPrimitive(pat, a);
    const fb = compiledPrimitive(pat, b);
    cpuPrevTau[i] = b;
    cpuPrevF[i] = fb;
    return b > a ? Math.max(0, (fb - fa) / (b - a)) : compiledAt(pat, a);
  };
  const at = (i: number, pat: CompiledPattern | null, t: number): number => {
    if (pat === null || t < origin[i] || t >= stop[i]) return 0;
    return compiledAt(pat, t - origin[i]);
  };
  /** Processes container i wants at time t: its `processes` pattern, else its declared `process` counts while it runs. */
  const processesAt = (i: number, t: number): number => {
    const pp = procPat[i];
    return pp ? Math.floor(at(i, pp, t) + EPS) : t >= origin[i] && t < stop[i] ? p_declaredProcesses[i] : 0;
  };
  /** What container i is charged at time t, within its own limits: memory (at most memory.max: memory.high slows, it does not cap) and processes (at most pids.max). */
  const residentAt = (i: number, t: number): number => Math.min(at(i, memPat[i], t), p_memMax[i]);
  const countedAt = (i: number, t: number): number => (countedPids[i] ? Math.min(processesAt(i, t), p_pidsMax[i]) : 0);
  /** When, in [t0, t1], level g's sum of `leafAt` first exceeded `limit`; t0 when it already did. */
  const levelCrossing = (g: number, t0: number, t1: number, leafAt: (i: number, t: number) => number, limits: Float64Array): number => {
    const value = (t: number) => levelAt(p, g, t, leafAt, limits);
    return value(t0) > limits[g] ? t0 : firstCrossing(value, t0, t1, limits[g]);
  };
  /**
   * Level g's memory.max: the sum of its children's memory is bounded by it;
   * above it the kernel OOM-kills the largest container in the level (see
   * levels.ts), at the time the sum crossed the limit. Returns the sum left.
   */
  const levelOom = (g: number, total: number, t0: number, t1: number): number => {
    const tKill = levelCrossing(g, t0, t1, residentAt, p_memMax);
    const eg = p_entityOf[g];
    while (total > p_memMax[g] + EPS) {
      const victim = largestContainer(p, g, memUsed);
      if (victim < 0) break;
      const charged = levelAt(p, g, tKill, residentAt, p_memMax);
      const usage = residentAt(victim, tKill);
      if (charged > rec_peakMemoryDemand[eg]) rec_peakMemoryDemand[eg] = charged;
      const ids = p.entityIds;
      pushEvent(ev[eg], { t: fmtT(tKill), type: 'oom-kill', detail: `${fmtBytes(charged)} charged against memory.max ${fmtBytes(p_memMax[g])}; the kernel killed ${ids[p_entityOf[victim]]}, its largest user (${fmtBytes(usage)})` });
      // The period's samples show the usage the kill was at (the kernel's memory.peak), not what is left after it.
      peakAtKill.push(g, Math.min(charged, p_memMax[g]), victim, usage);
      for (let a = p_parent[victim]; a !== g; a = p_parent[a]) memUsed[a] -= memUsed[victim];
      total -= memUsed[victim];
      kill(victim, tKill, `${KILLED_BY_GROUP}${ids[eg]} (${fmtBytes(p_memMax[g])}): the largest user in it, ${fmtBytes(usage)}`);
    }
    return Math.max(0, total);
  };
  /** Level g's pids.max: the processes of everything beneath it; every one beyond is a failed fork, counted as for a container. */
  const levelPids = (g: number, t0: number, t1: number): void => {
    const wanted = sumChildren(p, g, procs);
    procs[g] = Math.min(wanted, p_pidsMax[g]);
    if (p_pidsMax[g] === Infinity) return;
    const e = p_entityOf[g];
    if (wanted > rec_peakProcesses[e]) rec_peakProcesses[e] = wanted;
    const excess = Math.max(0, wanted - p_pidsMax[g]);
    if (excess > prevPidsExcess[g]) {
      if (rec_failedForks[e] === 0) {
        const tFirst = levelCrossing(g, t0, t1, countedAt, p_pidsMax);
        rec_firstFork[e] = fmtT(tFirst);
        pushEvent(ev[e], { t: fmtT(tFirst), type: 'fork-failed', detail: `${wanted} processes wanted, pids.max ${p_pidsMax[g]}` });
      }
      rec_failedForks[e] += excess - prevPidsExcess[g];
    }
    prevPidsExcess[g] = excess;
  };
  /** When, in (t0, t1], the pattern of node i first exceeds `limit` (a simulated time). */
  const crossing = (i: number, pat: CompiledPattern, t0: number, t1: number, limit: number, integer = false): number => {
    const a = Math.max(0, t0 - origin[i]);
    const b = t1 - origin[i];
    const v = integer ? (tau: number) => Math.floor(compiledAt(pat, tau) + EPS) : (tau: number) => compiledAt(pat, tau);
    if (v(a) > limit) return origin[i] + a;
    return origin[i] + firstCrossing(v, a, b, limit);
  };
  /** io.max: periods with I/O, periods held at the cap, peaks (for the message). */
  const ioMaxAccounting = (i: number, e: number, iops: number, bits: number) => {
    if (iops > 0 || bits > 0) rec_ioDemandTicks[e]++;
    if (iops > p_ioMaxIops[i] * (1 + EPS) || bits > p_ioMaxBits[i] * (1 + EPS)) rec_ioThrottledTicks[e]++;
    if (iops > rec_peakIops[e]) rec_peakIops[e] = iops;
    if (bits > rec_peakBits[e]) rec_peakBits[e] = bits;
  };
  const kill = (i: number, t: number, detail: string) => {
    pushEvent(ev[p_entityOf[i]], { t: fmtT(t), type: 'oom-kill', detail });
    origin[i] = t + RESTART_DELAY;
    // Dead until it restarts: no demand in this period either.
    rawCpu[i] = 0;
    iopsReq[i] = 0;
    bitsReq[i] = 0;
    netReq[i] = 0;
    iopsAsked[i] = 0;
    bitsAsked[i] = 0;
    memUsed[i] = 0;
    swapped[i] = 0;
    prevPidsExcess[i] = 0;
  };

  for (let k = 0; k < T; k++) {
    const t0 = k * tick;
    const t1 = k === T - 1 ? s.duration : (k + 1) * tick;
    if (s.onTicks && (k & 1023) === 1023) s.onTicks(k + 1);

    // ---- leaves: CPU and I/O demand, memory and pids ----------------
    let containerSwap = 0;
    for (let v = 0; v < vmsInner.length; v++) slow[vmsInner[v]] = 1;
    for (let l = 0; l < leaves.length; l++) {
      const i = leaves[l];
      slow[i] = 1;
      const kind = p_kind[i];
      const e = p_entityOf[i];
      rawCpu[i] = cpuMean(i, t0, t1);
      if (hasIo[i]) {
        const iops = mean(i, iopsPat[i], t0, t1);
        const bits = mean(i, ioPat[i], t0, t1);
        if (p_ioMaxIops[i] !== Infinity || p_ioMaxBits[i] !== Infinity) ioMaxAccounting(i, e, iops, bits);
        iopsAsked[i] = iops;
        bitsAsked[i] = bits;
        iopsReq[i] = Math.min(iops, p_ioMaxIops[i]);
        bitsReq[i] = Math.min(bits, p_ioMaxBits[i]);
        netReq[i] = mean(i, netPat[i], t0, t1);
      }
      const onHost = p_hostKernel[i] === 1;
      const mp = memPat[i];
      const m = at(i, mp, t1);
      const swapRoom = onHost ? Math.max(0, Math.min(p_swapMax[i], p.host.swap - containerSwap)) : 0;
      swapped[i] = 0;
      if (m > p_memMax[i] + swapRoom && mp) {
        // The kill is at the time usage reaches memory.max (plus the swap it may use): that is its peak, not the demand at the period's end.
        const limit = p_memMax[i] + swapRoom;
        const tKill = crossing(i, mp, t0, t1, limit);
        if (limit > rec_peakMemoryDemand[e]) rec_peakMemoryDemand[e] = limit;
        kill(i, tKill, `usage reached memory.max ${fmtBytes(p_memMax[i])}${swapRoom > 0 ? ` with ${fmtBytes(swapRoom)} swapped` : ''}`);
        peakAtKill.push(i, p_memMax[i]);
      } else {
        if (m > rec_peakMemoryDemand[e]) rec_peakMemoryDemand[e] = m;
        if (m > p_memMax[i]) {
          // Swapping at memory.max (memory.swap.max allows it, the host has swap): VMX412.
          memUsed[i] = p_memMax[i];
          swapped[i] = m - p_memMax[i];
          if (rec_swapAtMaxTicks[e] === 0) {
            const t = mp ? crossing(i, mp, t0, t1, p_memMax[i]) : t0;
            rec_firstSwapAtMax[e] = fmtT(t);
            pushEvent(ev[e], { t: fmtT(t), type: 'swap-at-max', detail: `usage at memory.max ${fmtBytes(p_memMax[i])}: the rest goes to swap` });
          }
          rec_swapAtMaxTicks[e]++;
        } else if (m > p_memHigh[i]) {
          // memory.high throttles, it does not cap (cgroup-v2.rst): reclaim swaps out what it can, the rest stays charged, the group is slowed.
          const out = Math.min(m - p_memHigh[i], swapRoom);
          memUsed[i] = m - out;
          swapped[i] = out;
          slow[i] = p_memHigh[i] / m;
          if (rec_highTicks[e] === 0) pushEvent(ev[e], { t: fmtT(mp ? crossing(i, mp, t0, t1, p_memHigh[i]) : t1), type: 'memory-high', detail: `usage above memory.high ${fmtBytes(p_memHigh[i])}: reclaimed and slowed` });
          rec_highTicks[e]++;
        } else memUsed[i] = m;
      }
      containerSwap += swapped[i];
      if (swapped[i] > 0) slow[i] = Math.min(slow[i], 1 / (1 + (SWAP_SLOWDOWN * swapped[i]) / Math.max(m, 1)));

      // pids: each process wanted beyond pids.max is a failed fork.
      if (kind === KIND_CONTAINER && countedPids[i]) {
        const wanted = processesAt(i, t1);
        const pp = procPat[i];
        procs[i] = Math.min(wanted, p_pidsMax[i]);
        if (wanted > rec_peakProcesses[e]) rec_peakProcesses[e] = wanted;
        const excess = Math.max(0, wanted - p_pidsMax[i]);
        if (excess > prevPidsExcess[i]) {
          if (rec_failedForks[e] === 0) {
            const tFirst = pp ? crossing(i, pp, t0, t1, p_pidsMax[i], true) : Math.max(t0, origin[i]);
            rec_firstFork[e] = fmtT(tFirst);
            pushEvent(ev[e], { t: fmtT(tFirst), type: 'fork-failed', detail: `${wanted} processes wanted, pids.max ${p_pidsMax[i]}` });
          }
          rec_failedForks[e] += excess - prevPidsExcess[i];
        }
        prevPidsExcess[i] = excess;
      }
    }

    // ---- named disks: a volume's I/O loads its own disk, shared there by io.weight (then the levels above cap and share it) ----
    if (anyOnDisk && anyIo) {
      for (let d = 0; d < diskMembers.length; d++) {
        const members = diskMembers[d];
        if (members.length === 0) continue;
        let iops = 0;
        let bits = 0;
        for (let m = 0; m < members.length; m++) {
          iops += iopsReq[members[m]];
          bits += bitsReq[members[m]];
        }
        const load = rec.perDisk![d];
        if (iops > load.peakIops) load.peakIops = iops;
        if (bits > load.peakBits) load.peakBits = bits;
        if ((iops > 0 && iops >= p.diskCapIops[d] * (1 - EPS)) || (bits > 0 && bits >= p.diskCapBits[d] * (1 - EPS))) load.saturatedTicks++;
        if (iops > p.diskCapIops[d]) {
          waterFill(p.diskCapIops[d], members, 0, members.length, p.ioWeight, iopsReq, ioGrantIops, scratch);
          for (let m = 0; m < members.length; m++) iopsReq[members[m]] = ioGrantIops[members[m]];
        }
        if (bits > p.diskCapBits[d]) {
          waterFill(p.diskCapBits[d], members, 0, members.length, p.ioWeight, bitsReq, ioGrantBits, scratch);
          for (let m = 0; m < members.length; m++) bitsReq[members[m]] = ioGrantBits[members[m]];
        }
      }
    }

    // ---- groups and pods, innermost first: their memory.max and pids.max bound the sums beneath them; I/O adds up ----
    for (let v = 0; v < levelsInner.length; v++) {
      const g = levelsInner[v];
      const total = sumChildren(p, g, memUsed);
      memUsed[g] = total > p_memMax[g] + EPS ? levelOom(g, total, t0, t1) : total;
      if (countedPids[g]) levelPids(g, t0, t1);
      if (anyIo) {
        const iops = sumChildren(p, g, iopsReq);
        const bits = sumChildren(p, g, bitsReq);
        if (p_ioMaxIops[g] !== Infinity || p_ioMaxBits[g] !== Infinity) ioMaxAccounting(g, p_entityOf[g], iops, bits);
        iopsAsked[g] = iops;
        bitsAsked[g] = bits;
        iopsReq[g] = Math.min(iops, p_ioMaxIops[g]);
        bitsReq[g] = Math.min(bits, p_ioMaxBits[g]);
        netReq[g] = sumChildren(p, g, netReq);
      }
    }

    // ---- guest kernels: a VM's memory is its guest's limit (no guest swap: OOM) ----
    for (let v = 0; v < vmsInner.length; v++) {
      const i = vmsInner[v];
      let total = 0;
      for (let c = p_childStart[i]; c < p_childStart[i + 1]; c++) total += memUsed[p_childList[c]];
      while (total > p_vmMemory[i] + EPS) {
        // The guest's processes and containers, in its groups and pods too (a nested VM's subtree is its own kernel's).
        let victim = -1;
        let most = 0;
        for (let j = i + 1; j < p_subtreeEnd[i]; j++) {
          const kind = p_kind[j];
          if (kind === KIND_VM) {
            j = p_subtreeEnd[j] - 1;
            continue;
          }
          if (kind === KIND_GROUP) continue;
          const unprotected = memUsed[j] - p_memMin[j];
          if (unprotected > most) {
            most = unprotected;
            victim = j;
          }
        }
        if (victim < 0) break;
        for (let a = p_parent[victim]; a !== i; a = p_parent[a]) memUsed[a] -= memUsed[victim];
        total -= memUsed[victim];
        kill(victim, t1, `guest out of memory: ${fmtBytes(total + memUsed[victim])} wanted in ${fmtBytes(p_vmMemory[i])} of vRAM`);
      }
      memUsed[i] = vmFootprint(p, i, total, balloonFloor, rec_notStarted[p_entityOf[i]] < 0);
      swapped[i] = 0;
      if (anyIo) {
        // The guest's I/O, capped by the VM's own io.max.
        let iops = 0;
        let bits = 0;
        let net = 0;
        for (let c = p_childStart[i]; c < p_childStart[i + 1]; c++) {
          const j = p_childList[c];
          iops += iopsReq[j];
          bits += bitsReq[j];
          net += netReq[j];
        }
        if (p_ioMaxIops[i] !== Infinity || p_ioMaxBits[i] !== Infinity) ioMaxAccounting(i, p_entityOf[i], iops, bits);
        iopsAsked[i] = iops;
        bitsAsked[i] = bits;
        iopsReq[i] = Math.min(iops, p_ioMaxIops[i]);
        bitsReq[i] = Math.min(bits, p_ioMaxBits[i]);
        netReq[i] = net;
      }
    }

    // ---- host memory: reserved + host containers + top-level VMs; overcommit swaps unlocked VM memory ----
    let need = p.reserved;
    for (let h = 0; h < p.hostMemoryNodes.length; h++) need += memUsed[p_hostMemoryNodes[h]];
    if (balloons.length && need > p.host.memory + EPS) need = inflateBalloons(balloons, memUsed, balloonFloor, need, p.host.memory);
    if (need > rec.peakHostNeed) rec.peakHostNeed = need;
    let excess = need - p.host.memory;
    let hostSwapped = containerSwap;
    if (excess > EPS) {
      let swapFree = Math.max(0, p.host.swap - containerSwap);
      // Pass 1: unlocked VM memory and unprotected container memory; pass 2: memory.low-protected container memory.
      for (let pass = 0; pass < 2 && excess > EPS && swapFree > EPS; pass++) {
        let swappable = 0;
        for (let h = 0; h < p.hostMemoryNodes.length; h++) swappable += swappableOf(p, p_hostMemoryNodes[h], pass, memUsed, swapped);
        if (swappable <= EPS) continue;
        const take = Math.min(excess, swapFree, swappable);
        for (let h = 0; h < p.hostMemoryNodes.length; h++) {
          const i = p_hostMemoryNodes[h];
          const part = (swappableOf(p, i, pass, memUsed, swapped) / swappable) * take;
          swapped[i] += part;
          if (p_kind[i] === KIND_VM) memUsed[i] -= part;
          else memUsed[i] -= part;
        }
        excess -= take;
        swapFree -= take;
        hostSwapped += take;
      }
      for (let h = 0; h < p.hostMemoryNodes.length; h++) {
        const i = p_hostMemoryNodes[h];
        if (swapped[i] <= 0) continue;
        const e = p_entityOf[i];
        if (rec_firstSwap[e] < 0) {
          // Host memory is resolved once per period: its events carry the period's start (accurate to one period).
          rec_firstSwap[e] = fmtT(t0);
          pushEvent(ev[e], { t: fmtT(t0), type: 'swap-start', detail: 'the host swaps this memory out' });
        }
        const resident = memUsed[i] + swapped[i];
        slow[i] = Math.min(slow[i] || 1, 1 / (1 + (SWAP_SLOWDOWN * swapped[i]) / Math.max(resident, 1)));
      }
    }
    if (excess > EPS) {
      rec.exhaustedTicks++;
      if (!exhausted) {
        if (rec.firstExhausted < 0) {
          rec.firstExhausted = fmtT(t0);
          rec.needAtFirstExhausted = need;
        }
        pushEvent(ev[0], { t: fmtT(t0), type: 'host-memory-exhausted', detail: `${fmtBytes(need)} needed, ${fmtBytes(p.host.memory)} of RAM and ${fmtBytes(p.host.swap)} of swap` });
      }
      exhausted = true;
    } else exhausted = false;
    memUsed[0] = Math.min(need, p.host.memory);
    swapped[0] = hostSwapped;
    // A level reports what its containers hold after guest kills and host swap.
    for (let v = 0; v < levelsInner.length; v++) {
      const g = levelsInner[v];
      memUsed[g] = sumChildren(p, g, memUsed);
      swapped[g] = sumChildren(p, g, swapped);
    }

    // ---- I/O: disk and NIC shared at the host by weight ----
    let diskIops = 0;
    let diskBits = 0;
    let nicBits = 0;
    for (let c = 0; c < rootCount; c++) {
      const j = rootChildren[c];
      diskIops += iopsReq[j];
      diskBits += bitsReq[j];
      nicBits += netReq[j];
    }
    if (diskIops > rec.diskPeakIops) rec.diskPeakIops = diskIops;
    if (diskBits > rec.diskPeakBits) rec.diskPeakBits = diskBits;
    if (nicBits > rec.nicPeakBits) rec.nicPeakBits = nicBits;
    if ((diskIops > 0 && diskIops >= p.diskIops * (1 - EPS)) || (diskBits > 0 && diskBits >= p.diskBits * (1 - EPS))) rec.diskSaturatedTicks++;
    if (nicBits > 0 && nicBits >= p.nicBits * (1 - EPS)) rec.nicSaturatedTicks++;
    if (anyIo) {
      waterFill(p.diskIops, p.childList, rootStart, rootCount, p.ioWeight, iopsReq, ioGrantIops, scratch);
      waterFill(p.diskBits, p.childList, rootStart, rootCount, p.ioWeight, bitsReq, ioGrantBits, scratch);
      waterFill(p.nicBits, p.childList, rootStart, rootCount, netWeight, netReq, netGrant, scratch);
      // Inside each VM, its share goes to its guest's groups by io.weight (network: equally);
      // then each group's or pod's share among its children, outermost first.
      for (const parents of [vmsOuter, levelsOuter]) {
        for (let v = 0; v < parents.length; v++) {
          const i = parents[v];
          const from = p_childStart[i];
          const count = p_childStart[i + 1] - from;
          waterFill(ioGrantIops[i], p.childList, from, count, p.ioWeight, iopsReq, ioGrantIops, scratch);
          waterFill(ioGrantBits[i], p.childList, from, count, p.ioWeight, bitsReq, ioGrantBits, scratch);
          waterFill(netGrant[i], p.childList, from, count, netWeight, netReq, netGrant, scratch);
        }
      }
      for (let k2 = 0; k2 < ioEntities.length; k2++) {
        const i = ioEntities[k2];
        const e = p_entityOf[i];
        rec_iopsAsked[e] += iopsAsked[i];
        rec_iopsGranted[e] += ioGrantIops[i];
        rec_bitsAsked[e] += bitsAsked[i];
        rec_bitsGranted[e] += ioGrantBits[i];
        rec_netAsked[e] += netReq[i];
        rec_netGranted[e] += netGrant[i];
      }
    }

    // ---- CPU, bottom-up: what each node asks, after its caps and its CFS quota ----
    for (let l = 0; l < leaves.length; l++) {
      const i = leaves[l];
      const w = Math.min(rawCpu[i] * slow[i] * p_overhead[i], p_cpuCap[i]);
      ask(i, w, p_quota, tokens, perTick, want, quotaCap, req);
    }
    // A group or pod asks what its children ask, at most its cpuset's CPUs, then its own cpu.max (a quota on their sum).
    for (let v = 0; v < levelsInner.length; v++) {
      const i = levelsInner[v];
      rawCpu[i] = sumChildren(p, i, rawCpu);
      const w = Math.min(sumChildren(p, i, req), p_cpuCap[i]);
      ask(i, w, p_quota, tokens, perTick, want, quotaCap, req);
    }
    for (let v = 0; v < vmsInner.length; v++) {
      const i = vmsInner[v];
      let g = 0;
      for (let c = p_childStart[i]; c < p_childStart[i + 1]; c++) g += req[p_childList[c]];
      guestReq[i] = g;
      const ioCpu = p_parent[i] === 0 ? ioGrantIops[i] * p_ioCpuPerOp[i] + ioGrantBits[i] * p_ioCpuPerBit[i] + netGrant[i] * p_netCpuPerBit[i] : 0;
      effective[i] = (g * p_overhead[i] + (g > 0 || ioCpu > 0 ? ioCpu : 0)) * slow[i];
      rawCpu[i] = effective[i];
      const w = Math.min(effective[i], p_cpuCap[i]);
      ask(i, w, p_quota, tokens, perTick, want, quotaCap, req);
    }

    // ---- CPU, top-down: the host's CPUs, then each VM's grant inside its guest ----
    let hostWant = 0;
    for (let c = 0; c < rootCount; c++) {
      const j = rootChildren[c];
      hostWant += want[j];
      hostCap[j] = req[j];
    }
    // Capacity is work, not threads: SMT siblings of one core give SMT_CORE_CAPACITY cores (smtCapacity).
    // Where demand exceeds it, every runnable vCPU waits its turn: the run-queue delay (runQueueDelay).
    for (let comp = 0; comp < p_componentSize.length; comp++) {
      const members = p_componentMembers[comp];
      let asked = 0;
      for (let m = 0; m < members.length; m++) asked += req[members[m]];
      const capacity = smtCapacity(asked, p_componentSize[comp], p_componentCores[comp], smtGain);
      componentDelay[comp] = runQueueDelay(asked, capacity);
      waterFill(capacity, members, 0, members.length, p.cpuWeight, req, grant, scratch);
      for (let m = 0; m < members.length; m++) hostCap[members[m]] = grant[members[m]];
    }
    let hostAsked = 0;
    for (let c = 0; c < rootCount; c++) hostAsked += hostCap[rootChildren[c]];
    const hostCapacity = smtCapacity(hostAsked, p.logicalCpus, p.physicalCores, smtGain);
    const hostDelay = runQueueDelay(hostAsked, hostCapacity);
    waterFill(hostCapacity, p.childList, rootStart, rootCount, p.cpuWeight, hostCap, grant, scratch);
    for (let v = 0; v < vmsOuter.length; v++) {
      const i = vmsOuter[v];
      const guestCapacity = effective[i] > 0 ? (grant[i] / effective[i]) * guestReq[i] * slow[i] : 0;
      const from = p_childStart[i];
      waterFill(guestCapacity, p.childList, from, p_childStart[i + 1] - from, p.cpuWeight, req, grant, scratch);
    }
    // A group's or pod's grant is shared among its children by weight, level by level (VMs are never inside one, so theirs are known).
    for (let v = 0; v < levelsOuter.length; v++) {
      const g = levelsOuter[v];
      const from = p_childStart[g];
      waterFill(grant[g], p.childList, from, p_childStart[g + 1] - from, p.cpuWeight, req, grant, scratch);
    }
    for (let v = 0; v < levelsOuter.length; v++) {
      const g = levelsOuter[v];
      const parent = p_parent[g];
      const own = Math.min(p_quota[g] !== Infinity ? quotaCap[g] : Infinity, p_cpuCap[g]);
      ceiling[g] = p_kind[parent] === KIND_GROUP ? Math.min(own, ceiling[parent]) : own;
    }
    // What a level reports as granted is the useful CPU of its containers (net of runtime overhead), as theirs is.
    for (let v = 0; v < levelsInner.length; v++) {
      const g = levelsInner[v];
      let net = 0;
      for (let c = p_childStart[g]; c < p_childStart[g + 1]; c++) {
        const j = p_childList[c];
        net += p_kind[j] === KIND_GROUP ? netGranted[j] : grant[j] / p_overhead[j];
      }
      netGranted[g] = net;
    }

    // ---- CFS accounting, starvation, samples ----
    let hostGranted = 0;
    for (let c = 0; c < rootCount; c++) hostGranted += grant[rootChildren[c]];
    const row = k * E;
    rec_demand[row] = hostWant;
    rec_granted[row] = hostGranted;
    rec_memUsed[row] = memUsed[0];
    rec_swapped[row] = swapped[0];
    for (let i = 1; i < n; i++) {
      const kind = p_kind[i];
      const e = p_entityOf[i];
      const at = row + e;
      if (p_quota[i] !== Infinity) {
        // runnable/stolen/periods/throttled were zeroed for the host up front: only groups that have them write them.
        if (want[i] > EPS) {
          rec_periods[at] = periodsPerTick;
          if (want[i] > quotaCap[i] * (1 + EPS) && grant[i] >= quotaCap[i] * (1 - 1e-6)) rec_throttled[at] = periodsPerTick;
        }
        tokens[i] = Math.min(p_burst[i], Math.max(0, p_quota[i] * tick + tokens[i] - grant[i] * tick));
      }
      if (kind === KIND_GUEST) continue;
      if (req[i] > EPS) {
        rec_demandTicks[e]++;
        // Starvation is measured against what the node may ask: its own caps, and those of the groups above it (theirs is throttling, VMX402).
        const entitled = p_kind[p_parent[i]] === KIND_GROUP ? Math.min(req[i], ceiling[p_parent[i]]) : req[i];
        if (grant[i] < s.starvationGrantedFraction * entitled) rec_starved[e]++;
      }
      rec_memUsed[at] = memUsed[i];
      rec_swapped[at] = swapped[i];
      rec_demand[at] = rawCpu[i];
      if (kind === KIND_VM) {
        rec_granted[at] = grant[i];
        // A VM on the host's CPUs waits at least the run-queue delay of the CPUs it runs on, however light it is.
        const delay = p_parent[i] === 0 ? Math.max(hostDelay, p_component[i] >= 0 ? componentDelay[p_component[i]] : 0) : 0;
        if (want[i] > EPS && grant[i] > EPS && grant[i] > want[i] * (1 - delay)) {
          rec_runnable[at] = grant[i] / (1 - delay);
          rec_stolen[at] = rec_runnable[at] - grant[i];
        } else {
          rec_runnable[at] = want[i];
          rec_stolen[at] = Math.max(0, want[i] - grant[i]);
        }
      } else rec_granted[at] = kind === KIND_GROUP ? netGranted[i] : grant[i] / p_overhead[i];
    }
    if (peakAtKill.length) {
      for (let q = 0; q < peakAtKill.length; q += 2) {
        const at = row + p_entityOf[peakAtKill[q]];
        if (peakAtKill[q + 1] > rec_memUsed[at]) rec_memUsed[at] = peakAtKill[q + 1];
      }
      // Only in a period with a kill: setting an array's length is a runtime call, not free in every period of every host.
      peakAtKill.length = 0;
    }
  }
}

/**
 * Fraction of its runnable time a vCPU waits when `asked` CPUs of runnable
 * work compete for `capacity`: under processor sharing (a fair scheduler
 * such as CFS) each runnable thread runs capacity/asked of the time, so a
 * vCPU that wakes for any amount of work spends (asked − capacity)/asked of
 * its runnable time waiting (Kleinrock, "Time-Shared Systems: A Theoretical
 * Treatment", JACM 14(2), 1967). 0 when nothing waits.
 */
function runQueueDelay(asked: number, capacity: number): number {
  return asked > capacity + EPS ? (asked - capacity) / asked : 0;
}

/** Top-level ballooned VMs of the plan. */
function balloonCount(p: EnginePlan): number {
  let count = 0;
  for (let h = 0; h < p.hostMemoryNodes.length; h++) count += p.vmBalloon[p.hostMemoryNodes[h]];
  return count;
}

/**
 * VMs the host never swaps (memory_locked, VFIO, Hyper-V/Xen/ESXi without
 * swap) on a type 1 hypervisor must find their memory in RAM when they start: in document order,
 * each takes the memory it starts with (a ballooned one its `memory`, the startup RAM) beside the host
 * OS's reserve and the ones already started; one that does not fit does not
 * start (VMX411) — its workloads never run.
 */
function admitVms(p: EnginePlan, rec: HostRecord, origin: Float64Array): void {
  let held = p.reserved;
  for (let h = 0; h < p.hostMemoryNodes.length; h++) {
    const i = p.hostMemoryNodes[h];
    if (p.kind[i] !== KIND_VM || !p.vmMustFit[i]) continue;
    const start = p.vmStartMemory[i];
    if (held + start <= p.host.memory + EPS) {
      held += start;
      continue;
    }
    const e = p.entityOf[i];
    rec.notStarted[e] = 0;
    pushEvent(rec.events[e], { t: 0, type: 'vm-not-started', detail: `${fmtBytes(start)} needed, ${fmtBytes(Math.max(0, p.host.memory - held))} of the host's ${fmtBytes(p.host.memory)} free` });
    for (let j = i; j < p.subtreeEnd[i]; j++) origin[j] = Infinity;
  }
}

/**
 * A VM's memory on the host (docs/simulation.md, "Guest footprint"): a
 * guest's page cache fills the RAM it is given, so a VM holds all its memory
 * whatever its workloads declare; a ballooned guest returns its free pages,
 * holding its need (guest kernel + workloads) plus the balloon buffer,
 * within memory_min…memory_max. A VM that did not start holds nothing.
 */
function vmFootprint(p: EnginePlan, i: number, workloads: number, floor: Float64Array, started: boolean): number {
  if (!started) return 0;
  const max = p.vmMemory[i];
  if (!p.vmBalloon[i]) return max;
  const min = p.vmMemoryMin[i];
  const need = p.vmGuestKernel[i] + workloads;
  if (floor.length) floor[i] = Math.min(max, Math.max(min, need));
  return Math.min(max, Math.max(min, need * (1 + BALLOON_BUFFER)));
}

/**
 * Host pressure inflates the balloons: what RAM the other memory leaves is
 * shared equally among the ballooned VMs (Hyper-V Dynamic Memory at equal
 * memory weights), none below its floor (its need, at least memory_min) nor
 * above what it was given. Returns the host's need after.
 */
function inflateBalloons(balloons: number[], memUsed: Float64Array, floor: Float64Array, need: number, ram: number): number {
  let given = 0;
  let floors = 0;
  for (const b of balloons) {
    given += memUsed[b];
    floors += floor[b];
  }
  const room = ram - (need - given);
  if (room >= given) return need;
  const share = (level: number) => balloons.reduce((sum, b) => sum + Math.min(memUsed[b], Math.max(floor[b], level)), 0);
  let level = 0;
  if (room > floors) {
    // The equal level λ with Σ clamp(λ, floor, given) = room, by bisection (a handful of VMs).
    let lo = 0;
    let hi = ram;
    for (let k = 0; k < 64; k++) {
      const mid = (lo + hi) / 2;
      if (share(mid) > room) hi = mid;
      else lo = mid;
    }
    level = lo;
  }
  let after = 0;
  for (const b of balloons) {
    memUsed[b] = Math.min(memUsed[b], Math.max(floor[b], level));
    after += memUsed[b];
  }
  return need - given + after;
}

function swappableOf(p: EnginePlan, i: number, pass: number, memUsed: Float64Array, swapped: Float64Array): number {
  if (p.kind[i] === KIND_VM) return pass === 0 && !p.vmLocked[i] ? memUsed[i] : 0;
  const room = Math.max(0, p.swapMax[i] - swapped[i]);
  const protectedAbove = pass === 0 ? Math.max(p.memMin[i], p.memLow[i]) : p.memMin[i];
  const floor = pass === 0 ? protectedAbove : p.memMin[i];
  return Math.min(room, Math.max(0, memUsed[i] - floor));
}

/** Simulated byte figures (`1.50 GiB`): the one byte formatter's `figure` style (schema/units.ts). */
export function fmtBytes(b: number): string {
  return formatBytes(b, 'figure');
}

/**
 * Node i wants `w` CPUs (after its caps) this tick and asks that, at most
 * its CFS quota: the period's quota plus the burst tokens it saved. The one
 * place leaves, levels and VMs are clamped; a plain function of arrays (not
 * a closure over them), which V8 inlines into the tick loop.
 */
function ask(i: number, w: number, quota: Float64Array, tokens: Float64Array, perTick: number, want: Float64Array, quotaCap: Float64Array, req: Float64Array): void {
  want[i] = w;
  if (quota[i] !== Infinity) {
    const capCpus = quota[i] + tokens[i] * perTick;
    quotaCap[i] = capCpus;
    req[i] = Math.min(w, capCpus);
  } else req[i] = w;
}
