/**
 * One libvirt `<domain>` → a VmSpec (https://libvirt.org/formatdomain.html).
 * What maps: vCPUs and their pinning, CPU weight and bandwidth, memory and
 * its balloon, hugepage-backed or locked memory, nested virtualization, the
 * guest OS from libosinfo metadata, devices; identity as labels. Every other
 * element is listed as not imported, with the reason.
 */
import { CgroupSpec } from '../container';
import { ImportError } from '../types';
import { NotImported } from '../tree';
import { cpuBandwidth, cputuneSkipped, integer, nested, pin, vcpus, weight } from './libvirt-cpu';
import { libvirtDevices } from './libvirt-devices';
import { memory, memoryLocked, memtune } from './libvirt-memory';
import { setCpuQuota } from './spec-values';
import { VmSpec } from './libvirt-vm';
import { child, localName, XmlElement } from './libvirt-xml';

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


function blkiotune(domain: XmlElement, name: string, cgroup: CgroupSpec, skipped: NotImported[]): void {
  const el = child(domain, 'blkiotune');
  for (const c of el?.children ?? []) {
    if (c.name === 'weight') cgroup.ioWeight = integer(c.text, '<blkiotune><weight>', name);
    else skipped.push({ field: `blkiotune/${c.name}`, why: 'per-device I/O weights and limits are not modelled' });
  }
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
