/**
 * cgroup v1 against v2 (issue 12, point 2): a setting the host's kernel
 * cannot apply because it runs cgroup v1 (`os { cgroup = v1 }`) is VMX103
 * on the attribute, naming what v1 offers instead.
 *
 * The language names cgroup settings by their v2 names (DESIGN §2: v1 names
 * are aliases), so a v2 name is not wrong on v1 in itself: it is wrong only
 * where v1 has no mechanism that does what it says. Rule, per setting
 * (kernel Documentation/admin-guide/cgroup-v1/memory.rst, cgroup-v1/blkio-controller.rst,
 * scheduler/sched-bwc.rst, admin-guide/cgroup-v2.rst; docs/checks.md VMX103):
 * - `memory.high`: no v1 equivalent. v1 has no throttle point below the
 *   limit; `memory.soft_limit_in_bytes` only orders reclaim under memory
 *   pressure. The group grows to its limit and is OOM-killed there → error.
 * - `memory.min`: no v1 equivalent (hard protection is v2 only); the nearest
 *   is the best-effort soft limit, which this language writes `memory.low` → error, with that fix.
 * - mapped, accepted: `memory.low` ↔ `memory.soft_limit_in_bytes` (runc writes
 *   the OCI memory reservation to one or the other), `memory.max` ↔
 *   `memory.limit_in_bytes`, `memory.swap.max` ↔ `memory.memsw.limit_in_bytes`
 *   (memory + swap), `cpu.weight` ↔ `cpu.shares`, `cpu.max` ↔
 *   `cpu.cfs_quota_us`/`cpu.cfs_period_us`, `cpu.max.burst` ↔
 *   `cpu.cfs_burst_us` (both since Linux 5.14), `io.max` ↔
 *   `blkio.throttle.*_device`, `io.weight` ↔ `blkio.bfq.weight` (proportional I/O
 *   needs the BFQ scheduler on v1, and BFQ or io.cost on v2: a device matter, not
 *   a version one), `pids.max`, `cpuset.cpus` (same names). test/sim/kernel-compare
 *   checks this table against a live v1 kernel's files.
 * - v1 aliases on a v2 host: accepted without a word (runc maps them).
 *
 * Which kernels: only a host's own OS declares a cgroup version; a guest's
 * is not declared (v2, as the simulation takes it), so the groups checked
 * are those living in a v1 host's kernel: its containers, groups and pods,
 * and the cgroups of the VMs its hypervisor runs directly (a VM's process
 * is a cgroup of the host kernel; a nested VM's is in its outer guest's).
 */
import { Cgroup, Host, ResolvedBlock } from '../model/types';
import { cgroupLevels } from '../model/tree';
import type { CheckContext } from './index';
import { fix, fixes } from './fixes';
import { at, related } from './where';

/** A v2 setting a v1 kernel has no mechanism for, and what v1 offers instead. */
interface V2Only {
  key: string;
  why: string;
  /** The v2 name of the nearest v1 setting, offered as a quick fix when not written already. */
  instead?: string;
}

const V2_ONLY: V2Only[] = [
  {
    key: 'memory.high',
    why: 'cgroup v1 has no throttle point below the limit (memory.soft_limit_in_bytes, written memory.low here, only orders reclaim under memory pressure), so the group would grow to memory.max (memory.limit_in_bytes) and be OOM-killed there',
  },
  {
    key: 'memory.min',
    why: 'cgroup v1 has no hard memory protection; its nearest is the best-effort memory.soft_limit_in_bytes, written memory.low here',
    instead: 'memory.low',
  },
];

/** The cgroup blocks that live in a host's kernel: its containers, levels, and its hypervisor's own VMs. */
function hostKernelCgroups(host: Host): { cgroup: Cgroup; who: string }[] {
  const out: { cgroup: Cgroup; who: string }[] = [];
  for (const l of cgroupLevels(host.kernel)) out.push({ cgroup: l.cgroup, who: `${l.kind} ${l.name}` });
  for (const c of host.kernel.containers) out.push({ cgroup: c.cgroup, who: `container ${c.name}` });
  for (const v of host.hypervisor?.vms ?? []) if (v.cgroup) out.push({ cgroup: v.cgroup, who: `${v.kind} ${v.name}` });
  return out;
}

export function checkCgroupVersion(ctx: CheckContext): void {
  for (const host of ctx.model.hosts) {
    const os = host.os;
    if (os?.cgroup !== 'v1') continue;
    const versionPlace = at(os.block, 'cgroup');
    for (const g of hostKernelCgroups(host)) {
      const block = g.cgroup.block;
      if (block) for (const s of V2_ONLY) v2OnlySetting(ctx, block, s, g.who, host.name, versionPlace);
    }
  }
}

/** VMX103 on one v2-only attribute, when written. */
function v2OnlySetting(ctx: CheckContext, block: ResolvedBlock, s: V2Only, who: string, hostName: string, versionPlace: ReturnType<typeof at>): void {
  const attr = block.attributes.get(s.key);
  if (!attr) return;
  const node = attr.node;
  const rename = s.instead && !block.attributes.has(s.instead)
    ? fix(`Write it as ${s.instead} (memory.soft_limit_in_bytes on cgroup v1)`, [{ uri: block.file.uri, range: block.file.lines.range(node.nameSpan.start, node.nameSpan.end), newText: s.instead }], true)
    : undefined;
  ctx.reporter.report(
    'VMX103',
    block.file,
    { start: node.start, end: node.end },
    `${s.key} of ${who} is a cgroup v2 setting with no cgroup v1 equivalent, and host ${hostName} runs cgroup v1: ${s.why}`,
    { related: [related(versionPlace, `host ${hostName}: cgroup = v1`)], fixes: fixes(rename) },
  );
}
