/**
 * One libvirt `<domain>` → a VmSpec (https://libvirt.org/formatdomain.html).
 * What maps: vCPUs and their pinning, CPU weight and bandwidth, memory and
 * its balloon, hugepage-backed or locked memory, nested virtualization, the
 * guest OS from libosinfo metadata, devices; identity as labels. Every other
 * element is listed as not imported, with the reason.
 */
import { CgroupSpec } from '../container';
import { ImportError } from '../types';
import { exactBytes, NotImported } from '../tree';
import { valueText } from '../print';
import { parseCpuSet } from './libvirt-cpuset';
import { libvirtDevices } from './libvirt-devices';
import { libvirtBytes } from './libvirt-units';
import { setCpuQuota } from './spec-values';
import { MAX_VCPUS, Noted, VmSpec } from './libvirt-vm';
import { child, childrenOf, localName, XmlElement } from './libvirt-xml';

/** Top-level elements with no place in a topology, and why. */
const UNMAPPED_ELEMENTS: Record<string, string> = {
  genid: 'the VM generation ID the guest sees; no place in a topology',
  maxMemory: 'the memory hotplug ceiling; the topology has the boot memory',
  vcpus: 'per-vCPU hotplug state; vcpus counts the vCPUs online at boot',
  iothreads: 'QEMU I/O threads; only vCPUs are scheduled in a topology',
  iothreadids: 'QEMU I/O threads; only vCPUs are scheduled in a topology',
  numatune: 'NUMA memory placement; the topology has no NUMA nodes',
  resource: 'the VM’s cgroup parent (machine.slice by default); write a group block around the VM to model it',
  features: 'guest-visible platform features (ACPI, APIC, Hyper-V enlightenments); no place in a topology',
  clock: 'the guest clock; no place in a topology',
  on_poweroff: 'a lifecycle action; no place in a topology',
  on_reboot: 'a lifecycle action; no place in a topology',
  on_crash: 'a lifecycle action; no place in a topology',
  on_lockfailure: 'a lifecycle action; no place in a topology',
  pm: 'guest suspend to memory or disk; no place in a topology',
  seclabel: 'the sVirt label QEMU runs under (SELinux or AppArmor); a VM’s host-side confinement has no attribute',
  sysinfo: 'SMBIOS strings the guest sees; no place in a topology',
  keywrap: 'key wrapping for s390 crypto; no place in a topology',
  launchSecurity: 'memory encryption (AMD SEV, Intel TDX); no attribute models it',
  perf: 'perf events libvirt collects; no place in a topology',
  bootloader: 'the Xen bootloader (pygrub); no place in a topology',
  bootloader_args: 'the Xen bootloader’s arguments; no place in a topology',
  throttlegroups: 'disk I/O throttle groups; per-disk I/O limits are not modelled',
  'qemu:commandline': 'raw QEMU command-line arguments: they can add any device or option; read them by hand',
  'qemu:capabilities': 'QEMU capabilities switched on or off by hand; read them by hand',
  'qemu:override': 'QEMU device properties overridden by hand; read them by hand',
};

/** Elements this file reads. */
const MAPPED = new Set(['name', 'uuid', 'title', 'description', 'metadata', 'memory', 'currentMemory', 'vcpu', 'cputune', 'memtune', 'memoryBacking', 'blkiotune', 'cpu', 'os', 'devices']);

/** libvirt's `<cputune>` children this file reads. */
const CPUTUNE_MAPPED = new Set(['vcpupin', 'shares', 'period', 'quota', 'global_period', 'global_quota']);

/** libvirt reads the vCPU ids and counts as integers; anything else is not a domain libvirt would define. */
function integer(text: string | undefined, what: string, name: string): number {
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) throw new ImportError(`${name}: ${what} is not an integer: '${(text ?? '').slice(0, 40)}'`);
  return Number(text);
}

function bytesOf(el: XmlElement, what: string, name: string): number {
  const bytes = libvirtBytes(el.text, el.attrs.unit);
  if (bytes === undefined || bytes <= 0) throw new ImportError(`${name}: <${what}> '${el.text.slice(0, 40)} ${el.attrs.unit ?? ''}' is not a size in libvirt's units (b, KB, KiB, MB, MiB, GB, GiB, TB, TiB)`);
  return bytes;
}

function sizeText(bytes: number): string {
  return valueText(exactBytes(bytes));
}

interface Vcpus {
  count: Noted<number>;
  cpuset?: number[];
}

function vcpus(domain: XmlElement, name: string, skipped: NotImported[]): Vcpus {
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
function pin(cputune: XmlElement | undefined, v: Vcpus, name: string, skipped: NotImported[]): Noted<number[]> | undefined {
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
function cpuBandwidth(cputune: XmlElement | undefined, vcpuCount: number, name: string): { quota: number; period: number; note: string } | undefined {
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

function weight(cputune: XmlElement | undefined, name: string, cgroup: CgroupSpec): Noted<number> | undefined {
  const el = child(cputune, 'shares');
  if (!el) return undefined;
  const shares = integer(el.text, '<cputune><shares>', name);
  // libvirt writes <shares> to cpu.weight on cgroup v2 (1–10000) and to cpu.shares on v1 (2–262144).
  if (shares >= 1 && shares <= 10000) return { value: shares, note: '<cputune><shares>: libvirt writes it to the VM’s cpu.weight on cgroup v2 (cpu.shares on v1, where 1024 is the default)' };
  if (shares > 10000 && shares <= 262144) cgroup.cpuShares = shares;
  else throw new ImportError(`${name}: <cputune><shares> ${shares} is outside cgroup's 1–262144`);
  return undefined;
}

function cputuneSkipped(cputune: XmlElement | undefined, skipped: NotImported[]): void {
  const rest = (cputune?.children ?? []).filter((c) => !CPUTUNE_MAPPED.has(c.name));
  if (rest.length) skipped.push({ field: `cputune/${[...new Set(rest.map((c) => c.name))].join(', ')}`, why: 'emulator and I/O threads’ pins and bandwidth, real-time scheduling and cache tuning: pin and cpu.max cover the vCPUs only' });
}

function memtune(domain: XmlElement, name: string, cgroup: CgroupSpec, skipped: NotImported[]): void {
  const el = child(domain, 'memtune');
  if (!el) return;
  for (const c of el.children) {
    if (c.name === 'hard_limit') cgroup.memoryMax = bytesOf(c, 'memtune><hard_limit', name);
    else if (c.name === 'soft_limit') cgroup.memoryHigh = bytesOf(c, 'memtune><soft_limit', name);
    else if (c.name === 'swap_hard_limit') skipped.push({ field: 'memtune/swap_hard_limit', why: 'memory plus swap on cgroup v1, swap alone on v2: which one the host has is unknown to an import' });
    else skipped.push({ field: `memtune/${c.name}`, why: 'not a cgroup setting of the VM' });
  }
}

function blkiotune(domain: XmlElement, name: string, cgroup: CgroupSpec, skipped: NotImported[]): void {
  const el = child(domain, 'blkiotune');
  for (const c of el?.children ?? []) {
    if (c.name === 'weight') cgroup.ioWeight = integer(c.text, '<blkiotune><weight>', name);
    else skipped.push({ field: `blkiotune/${c.name}`, why: 'per-device I/O weights and limits are not modelled' });
  }
}

interface Memory {
  memory: Noted<number>;
  balloon?: VmSpec['balloon'];
}

function memory(domain: XmlElement, balloon: { model: string; written: boolean }, name: string, skipped: NotImported[]): Memory {
  const balloonModel = balloon.model;
  const el = child(domain, 'memory');
  if (!el) throw new ImportError(`${name}: <domain> without <memory>; libvirt requires one`);
  const max = bytesOf(el, 'memory', name);
  const currentEl = child(domain, 'currentMemory');
  const current = currentEl ? bytesOf(currentEl, 'currentMemory', name) : max;
  if (current >= max) {
    if (balloon.written && balloonModel !== 'none') skipped.push({ field: `devices/memballoon (${balloonModel})`, why: 'a balloon device, but <currentMemory> is <memory>: nothing is ballooned (the host can inflate it later with virsh setmem; write balloon = true and memory_min to model that)' });
    return { memory: { value: max } };
  }
  if (balloonModel === 'none') {
    skipped.push({ field: `currentMemory ${sizeText(current)}`, why: `below <memory> ${sizeText(max)}, but there is no balloon (<memballoon model='none'>): the guest has all of <memory>` });
    return { memory: { value: max } };
  }
  return {
    memory: { value: current, note: '<currentMemory>: what the balloon leaves the guest at boot' },
    balloon: { max, note: `${balloonModel} balloon: <memory> ${sizeText(max)} is the most it gives back` },
  };
}

function memoryLocked(domain: XmlElement, skipped: NotImported[]): string | undefined {
  const backing = child(domain, 'memoryBacking');
  if (!backing) return undefined;
  const reasons: string[] = [];
  const rest: string[] = [];
  for (const c of backing.children) {
    if (c.name === 'hugepages') reasons.push('<memoryBacking><hugepages>: huge pages are never swapped');
    else if (c.name === 'locked') reasons.push('<memoryBacking><locked>: mlock()ed, never swapped');
    else rest.push(c.name);
  }
  if (rest.length) skipped.push({ field: `memoryBacking/${rest.join(', ')}`, why: 'how guest memory is allocated and shared (KSM, memfd, discard); only locking is modelled' });
  return reasons.length ? reasons.join('; ') : undefined;
}

/** nested: the vmx/svm feature required, or host-passthrough (which passes the host's vmx/svm). */
function nested(domain: XmlElement, skipped: NotImported[]): string | undefined {
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

/** The guest OS kind from libosinfo metadata, e.g. `<libosinfo:os id='http://microsoft.com/win/10'/>`. */
function guest(domain: XmlElement): { guest?: VmSpec['guest']; osId?: string } {
  const meta = child(domain, 'metadata');
  const info = meta?.children.find((c) => localName(c) === 'libosinfo');
  const os = info?.children.find((c) => localName(c) === 'os');
  const id = os?.attrs.id;
  if (!id) return {};
  if (/^https?:\/\/microsoft\.com\/win/i.test(id)) return { guest: { value: 'windows', note: `libosinfo ${id}` }, osId: id };
  if (/^https?:\/\/freebsd\.org\//i.test(id)) return { guest: { value: 'freebsd', note: `libosinfo ${id}` }, osId: id };
  const linux = /^https?:\/\/(?:[a-z0-9-]+\.)*(ubuntu\.com|debian\.org|redhat\.com|fedoraproject\.org|centos\.org|almalinux\.org|rockylinux\.org|opensuse\.org|suse\.com|archlinux\.org|alpinelinux\.org|gentoo\.org|oracle\.com\/ol|libosinfo\.org\/linux|mageia\.org|nixos\.org|voidlinux\.org|kali\.org|amazon\.com\/amazonlinux)/i;
  if (linux.test(id)) return { guest: { value: 'linux', note: `libosinfo ${id}` }, osId: id };
  return { osId: id };
}

function labels(domain: XmlElement, osId: string | undefined): Record<string, string> {
  const l: Record<string, string> = {};
  for (const tag of ['uuid', 'title', 'description']) {
    const text = child(domain, tag)?.text;
    if (text) l[`libvirt.${tag}`] = text;
  }
  if (osId) l['libosinfo.os'] = osId;
  return l;
}

function metadataSkipped(domain: XmlElement, skipped: NotImported[]): void {
  const other = (child(domain, 'metadata')?.children ?? []).filter((c) => localName(c) !== 'libosinfo');
  if (other.length) skipped.push({ field: `metadata/${[...new Set(other.map((c) => c.name))].join(', ')}`, why: 'application metadata; only libosinfo’s OS id is read' });
}

function osSkipped(domain: XmlElement, skipped: NotImported[]): void {
  const rest = (child(domain, 'os')?.children ?? []).filter((c) => c.name !== 'type').map((c) => c.name);
  if (rest.length) skipped.push({ field: `os/${[...new Set(rest)].join(', ')}`, why: 'firmware and boot settings; no place in a topology' });
}

function topLevelSkipped(domain: XmlElement, skipped: NotImported[]): void {
  const lifecycle = domain.children.filter((c) => c.name.startsWith('on_')).map((c) => c.name);
  if (lifecycle.length) skipped.push({ field: lifecycle.join(', '), why: 'lifecycle actions; no place in a topology' });
  const seen = new Set<string>();
  for (const c of domain.children) {
    if (MAPPED.has(c.name) || c.name.startsWith('on_') || seen.has(c.name)) continue;
    seen.add(c.name);
    skipped.push({ field: c.name, why: UNMAPPED_ELEMENTS[c.name] ?? 'an element vmx import does not read' });
  }
}

/** A domain as a VmSpec; ImportError on a domain libvirt itself would refuse (no name, no memory, bad numbers). */
export function domainVm(domain: XmlElement, name: string): VmSpec {
  const vmName = child(domain, 'name')?.text;
  if (!vmName) throw new ImportError(`${name}: <domain> without <name>; libvirt requires one`);
  const skipped: NotImported[] = [];
  const devices = libvirtDevices(child(domain, 'devices'), domain.attrs.type ?? '');
  const v = vcpus(domain, name, skipped);
  const cputune = child(domain, 'cputune');
  const cgroup: CgroupSpec = {};
  const bandwidth = cpuBandwidth(cputune, v.count.value, name);
  if (bandwidth) setCpuQuota({ name: vmName, cgroup }, bandwidth.quota, bandwidth.period);
  const spec: VmSpec = {
    name: vmName,
    vcpus: v.count,
    ...memory(domain, { model: devices.balloonModel, written: devices.balloonWritten }, name, skipped),
    pin: pin(cputune, v, name, skipped),
    weight: weight(cputune, name, cgroup),
    memoryLocked: memoryLocked(domain, skipped),
    nested: nested(domain, skipped),
    devices: devices.devices,
    notImported: skipped,
  };
  cputuneSkipped(cputune, skipped);
  memtune(domain, name, cgroup, skipped);
  blkiotune(domain, name, cgroup, skipped);
  if (Object.keys(cgroup).length) {
    spec.cgroup = cgroup;
    if (bandwidth) spec.cgroupNote = bandwidth.note;
  }
  const g = guest(domain);
  if (g.guest) spec.guest = g.guest;
  else if (g.osId) skipped.push({ field: `metadata/libosinfo os ${g.osId}`, why: 'an OS that is neither Linux, Windows nor FreeBSD to vmx import; write a guest block by hand' });
  const l = labels(domain, g.osId);
  if (Object.keys(l).length) spec.labels = l;
  metadataSkipped(domain, skipped);
  osSkipped(domain, skipped);
  topLevelSkipped(domain, skipped);
  skipped.push(...devices.notImported);
  return spec;
}
