/**
 * A domain's CPU side (https://libvirt.org/formatdomain.html#cpu-allocation,
 * #cpu-tuning, #cpu-model-and-topology): the vCPU count, their pins as one
 * set, the CPU weight and CFS bandwidth of the VM's cgroup, and nested
 * virtualization from the CPU model.
 */
import { CgroupSpec } from '../container';
import { ImportError } from '../types';
import { NotImported } from '../tree';
import { parseCpuSet } from './libvirt-cpuset';
import { MAX_VCPUS, Noted } from './libvirt-vm';
import { child, childrenOf, XmlElement } from './libvirt-xml';

/** libvirt's `<cputune>` children this file reads. */
const CPUTUNE_MAPPED = new Set(['vcpupin', 'shares', 'period', 'quota', 'global_period', 'global_quota']);

/** libvirt reads the vCPU ids and counts as integers; anything else is not a domain libvirt would define. */
export function integer(text: string | undefined, what: string, name: string): number {
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) throw new ImportError(`${name}: ${what} is not an integer: '${(text ?? '').slice(0, 40)}'`);
  return Number(text);
}

export interface Vcpus {
  count: Noted<number>;
  cpuset?: number[];
}

export function vcpus(domain: XmlElement, name: string, skipped: NotImported[]): Vcpus {
  const el = child(domain, 'vcpu');
  if (!el) return { count: { value: 1, note: 'no <vcpu>: libvirt’s default, 1' } };
  const max = integer(el.text, '<vcpu>', name);
  const current = el.attrs.current === undefined ? max : integer(el.attrs.current, "<vcpu current>", name);
  if (max < 1 || current < 1 || current > MAX_VCPUS) throw new ImportError(`${name}: <vcpu> ${max} (current ${current}) is not a vCPU count from 1 to ${MAX_VCPUS}`);
  const note = current < max ? `<vcpu current='${current}'> of ${max}: the vCPUs online at boot; ${max - current} more can be hot-plugged` : undefined;
  let cpuset: number[] | undefined;
  if (el.attrs.placement === 'auto') skipped.push({ field: "vcpu placement='auto'", why: 'numad chooses the CPUs when the VM starts; an import cannot know them' });
  else if (el.attrs.cpuset !== undefined) {
    cpuset = parseCpuSet(el.attrs.cpuset);
    if (!cpuset) throw new ImportError(`${name}: <vcpu cpuset='${el.attrs.cpuset.slice(0, 40)}'> is not a CPU set`);
  }
  return { count: { value: current, note }, cpuset };
}

/** The set of CPUs the vCPUs run on: the union of <vcpupin>, vCPUs without one taking <vcpu cpuset> (per-vCPU pairing collapsed). */
export function pin(cputune: XmlElement | undefined, v: Vcpus, name: string, skipped: NotImported[]): Noted<number[]> | undefined {
  const pins = childrenOf(cputune, 'vcpupin');
  if (pins.length === 0) return v.cpuset ? { value: v.cpuset, note: '<vcpu cpuset>' } : undefined;
  const byVcpu = new Map<number, number[]>();
  for (const p of pins) {
    const id = integer(p.attrs.vcpu, '<vcpupin vcpu>', name);
    const cpus = parseCpuSet(p.attrs.cpuset ?? '');
    if (!cpus) throw new ImportError(`${name}: <vcpupin vcpu='${id}' cpuset='${(p.attrs.cpuset ?? '').slice(0, 40)}'> is not a CPU set`);
    if (id >= 0 && id < v.count.value) byVcpu.set(id, cpus);
  }
  const all = new Set<number>();
  const pairs: string[] = [];
  const unpinned: number[] = [];
  for (let id = 0; id < v.count.value; id++) {
    const cpus = byVcpu.get(id) ?? v.cpuset;
    if (!cpus) unpinned.push(id);
    else {
      cpus.forEach((c) => all.add(c));
      if (byVcpu.has(id)) pairs.push(`${id}→${cpus.length === 1 ? cpus[0] : `{${cpus.join(',')}}`}`);
    }
  }
  if (unpinned.length) {
    skipped.push({ field: `cputune/vcpupin (${pairs.join(', ')})`, why: `vCPUs ${unpinned.slice(0, 8).join(', ')}${unpinned.length > 8 ? ', …' : ''} have no pin and run on any CPU; pin is one set for all vCPUs, so none is written` });
    return undefined;
  }
  const shown = pairs.length > 8 ? `${pairs.slice(0, 8).join(', ')}, …` : pairs.join(', ');
  return { value: [...all].sort((a, b) => a - b), note: `union of <vcpupin> (vCPU→CPU ${shown}); per-vCPU pairing is not kept` };
}

/** The tighter of the per-vCPU and whole-VM CFS bandwidth, as one quota and period for the VM's cgroup. */
export function cpuBandwidth(cputune: XmlElement | undefined, vcpuCount: number, name: string): { quota: number; period: number; note: string } | undefined {
  const num = (tag: string) => {
    const el = child(cputune, tag);
    return el ? integer(el.text, `<cputune><${tag}>`, name) : undefined;
  };
  const quota = num('quota');
  const period = num('period') ?? 100000;
  const globalQuota = num('global_quota');
  const globalPeriod = num('global_period') ?? 100000;
  const limits: { cpus: number; quota: number; period: number; note: string }[] = [];
  if (quota !== undefined && quota > 0 && period > 0) {
    limits.push({ cpus: (vcpuCount * quota) / period, quota: vcpuCount * quota, period, note: `<quota> ${quota} µs per <period> ${period} µs for each of ${vcpuCount} vCPU threads` });
  }
  if (globalQuota !== undefined && globalQuota > 0 && globalPeriod > 0) {
    limits.push({ cpus: globalQuota / globalPeriod, quota: globalQuota, period: globalPeriod, note: `<global_quota> ${globalQuota} µs per <global_period> ${globalPeriod} µs for the whole VM` });
  }
  if (limits.length === 0) return undefined;
  const tightest = limits.reduce((a, b) => (b.cpus < a.cpus ? b : a));
  return { quota: tightest.quota, period: tightest.period, note: `cpu.max from ${tightest.note}` };
}

export function weight(cputune: XmlElement | undefined, name: string, cgroup: CgroupSpec): Noted<number> | undefined {
  const el = child(cputune, 'shares');
  if (!el) return undefined;
  const shares = integer(el.text, '<cputune><shares>', name);
  // libvirt writes <shares> to cpu.weight on cgroup v2 (1–10000) and to cpu.shares on v1 (2–262144).
  if (shares >= 1 && shares <= 10000) return { value: shares, note: '<cputune><shares>: libvirt writes it to the VM’s cpu.weight on cgroup v2 (cpu.shares on v1, where 1024 is the default)' };
  if (shares > 10000 && shares <= 262144) cgroup.cpuShares = shares;
  else throw new ImportError(`${name}: <cputune><shares> ${shares} is outside cgroup's 1–262144`);
  return undefined;
}

export function cputuneSkipped(cputune: XmlElement | undefined, skipped: NotImported[]): void {
  const rest = (cputune?.children ?? []).filter((c) => !CPUTUNE_MAPPED.has(c.name));
  if (rest.length) skipped.push({ field: `cputune/${[...new Set(rest.map((c) => c.name))].join(', ')}`, why: 'emulator and I/O threads’ pins and bandwidth, real-time scheduling and cache tuning: pin and cpu.max cover the vCPUs only' });
}

/** nested: the vmx/svm feature required, or host-passthrough (which passes the host's vmx/svm). */
export function nested(domain: XmlElement, skipped: NotImported[]): string | undefined {
  const cpu = child(domain, 'cpu');
  if (!cpu) return undefined;
  const virt = childrenOf(cpu, 'feature').filter((f) => f.attrs.name === 'vmx' || f.attrs.name === 'svm');
  const required = virt.find((f) => f.attrs.policy === 'require' || f.attrs.policy === 'force' || f.attrs.policy === undefined);
  const refused = virt.find((f) => f.attrs.policy === 'disable' || f.attrs.policy === 'forbid');
  const mode = cpu.attrs.mode ?? 'custom';
  const model = child(cpu, 'model')?.text;
  const rest = cpu.children.filter((c) => !(c.name === 'feature' && (c.attrs.name === 'vmx' || c.attrs.name === 'svm'))).map((c) => c.name);
  if (rest.length || (!required && mode !== 'host-passthrough' && mode !== 'maximum')) {
    skipped.push({ field: `cpu mode='${mode}'${model ? ` model ${model}` : ''}${rest.length ? ` (${[...new Set(rest)].join(', ')})` : ''}`, why: 'the CPU model and features the guest sees; only vmx/svm (nested) is read' });
  }
  if (refused) return undefined;
  if (required) return `<cpu><feature policy='${required.attrs.policy ?? 'require'}' name='${required.attrs.name}'>`;
  if (mode === 'host-passthrough' || mode === 'maximum') return `<cpu mode='${mode}'>: the guest sees the host's vmx/svm (kvm's nested parameter is on by default since Linux 4.20)`;
  return undefined;
}
