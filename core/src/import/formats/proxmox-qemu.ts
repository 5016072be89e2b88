/**
 * A Proxmox qemu-server config (qm.conf(5)) → a `vm` in a `hypervisor kvm`
 * block: Proxmox runs its VMs on KVM through QEMU (`kvm: 0`, QEMU's binary
 * translation, is `hypervisor qemu`). The mapping is docs/import/proxmox.md.
 */
import { CgroupSpec } from '../container';
import { ImportError, ImportOutput } from '../types';
import { NotImported } from '../tree';
import { parseCpuSet } from './libvirt-cpuset';
import { DEVICE_LIMIT_WHY } from './libvirt-devices';
import { DeviceAccess, DeviceSpec, hypervisorBlock, MAX_VCPUS, Noted, VmSpec, vmBlock } from './libvirt-vm';
import { lastValues, MAX_MIB, PveConfig, PveEntry, propertyString } from './proxmox-config';
import { isQemuKey, unmappedWhy } from './proxmox-keys';
import { sectionsSkipped, pveLabels, pveWeight } from './proxmox-common';

const MIB = 1024 ** 2;

/** Keys this file reads (the others are listed as not imported with unmappedWhy). */
const MAPPED = new Set(['name', 'tags', 'description', 'vmid', 'cores', 'sockets', 'smp', 'vcpus', 'memory', 'balloon', 'affinity', 'cpu', 'cpulimit', 'cpuunits', 'hugepages', 'ostype', 'kvm', 'scsihw', 'cdrom']);
const DEVICE_KEY = /^(ide|sata|scsi|virtio|net|hostpci|usb)\d+$/;

const NIC_MODELS = ['virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3', 'i82551', 'i82557b', 'i82559er', 'ne2k_isa', 'ne2k_pci', 'pcnet', 'e1000-82540em', 'e1000-82544gc', 'e1000-82545em'];
const PARAVIRTUAL_NICS = new Set(['virtio', 'vmxnet3']);
const PARAVIRTUAL_SCSI = new Set(['virtio-scsi-pci', 'virtio-scsi-single', 'pvscsi']);

function intValue(e: PveEntry | undefined, name: string, min = 0): number | undefined {
  if (!e) return undefined;
  if (!/^\d+$/.test(e.value) || Number(e.value) < min) throw new ImportError(`${name}:${e.line}: ${e.key}: '${e.value.slice(0, 40)}' is not a whole number${min ? ` from ${min}` : ''}`);
  return Number(e.value);
}

function vcpus(v: Map<string, PveEntry>, name: string): Noted<number> {
  const cores = intValue(v.get('cores'), name, 1) ?? 1;
  const sockets = intValue(v.get('sockets'), name, 1) ?? intValue(v.get('smp'), name, 1) ?? 1;
  const hotplugged = intValue(v.get('vcpus'), name, 1);
  const count = hotplugged ?? cores * sockets;
  if (count > MAX_VCPUS) throw new ImportError(`${name}: ${count} vCPUs (cores ${cores} × sockets ${sockets}${hotplugged !== undefined ? `, vcpus ${hotplugged}` : ''}): more than ${MAX_VCPUS}, the most a vm has`);
  if (hotplugged !== undefined) return { value: hotplugged, note: `vcpus: the vCPUs plugged in at start, of cores ${cores} × sockets ${sockets} = ${cores * sockets}` };
  return { value: cores * sockets, note: `cores ${cores} × sockets ${sockets}` };
}

function memory(v: Map<string, PveEntry>, name: string): Pick<VmSpec, 'memory' | 'balloon'> {
  const e = v.get('memory');
  const current = e ? propertyString(e.value, 'current').get('current') : undefined;
  const mib = e ? Number(current) : 512;
  if (e && (current === undefined || !/^\d+$/.test(current) || mib < 16 || mib > MAX_MIB)) throw new ImportError(`${name}:${e.line}: memory: '${e.value.slice(0, 40)}' is not a size in MiB (16 to ${MAX_MIB})`);
  const memoryNote = e ? `memory: ${mib} MiB` : 'no memory: qm’s default, 512 MiB';
  const b = intValue(v.get('balloon'), name);
  if (b === undefined || b >= mib) return { memory: { value: mib * MIB, note: b === undefined ? memoryNote : `${memoryNote}; balloon ${b} MiB: nothing to take back` } };
  if (b === 0) return { memory: { value: mib * MIB, note: `${memoryNote}; balloon: 0, the balloon driver is off` } };
  return {
    memory: { value: mib * MIB, note: memoryNote },
    balloon: { min: b * MIB, max: mib * MIB, note: `balloon: ${b} MiB: auto-ballooning takes memory back down to it when the host is short` },
  };
}

function nested(v: Map<string, PveEntry>, skipped: NotImported[]): string | undefined {
  const e = v.get('cpu');
  if (!e) return undefined;
  const props = propertyString(e.value, 'cputype');
  const type = props.get('cputype') ?? 'kvm64';
  const flags = (props.get('flags') ?? '').split(';').map((f) => f.trim());
  const plus = flags.find((f) => f === '+vmx' || f === '+svm');
  const minus = flags.find((f) => f === '-vmx' || f === '-svm');
  if (type !== 'host' || props.size > 1) skipped.push({ field: `cpu: ${e.value}`, why: 'the CPU model and flags the guest sees; only vmx/svm (nested) is read' });
  if (minus) return undefined;
  if (plus) return `cpu flags ${plus}`;
  if (type === 'host') return "cpu: host: the guest sees the host's vmx/svm (kvm's nested parameter is on by default since Linux 4.20)";
  return undefined;
}

function guest(v: Map<string, PveEntry>, skipped: NotImported[]): VmSpec['guest'] {
  const e = v.get('ostype');
  if (!e) return undefined;
  if (/^l2[46]$/.test(e.value)) return { value: 'linux', note: `ostype: ${e.value}` };
  if (/^(w|win)/.test(e.value)) return { value: 'windows', note: `ostype: ${e.value}` };
  skipped.push({ field: `ostype: ${e.value}`, why: 'neither Linux nor Windows; write a guest block by hand' });
  return undefined;
}

function cgroupAndWeight(v: Map<string, PveEntry>, name: string): { cgroup?: CgroupSpec; note?: string; weight?: Noted<number> } {
  const cgroup: CgroupSpec = {};
  let note: string | undefined;
  const limit = v.get('cpulimit');
  if (limit) {
    const cpus = Number(limit.value);
    if (!/^\d+(\.\d+)?$/.test(limit.value) || cpus > 128) throw new ImportError(`${name}:${limit.line}: cpulimit: '${limit.value.slice(0, 40)}' is not a CPU count from 0 to 128`);
    if (cpus > 0) {
      cgroup.cpuMax = cpus;
      note = `cpulimit: ${limit.value}: Proxmox writes it to the VM’s cpu.max`;
    }
  }
  const weight = pveWeight(v.get('cpuunits'), name, cgroup);
  return { cgroup: Object.keys(cgroup).length ? cgroup : undefined, note, weight };
}

function disk(key: string, value: string, scsihw: string): DeviceSpec {
  const props = propertyString(value, 'file');
  const bus = key.replace(/\d+$/, '');
  const media = props.get('media') === 'cdrom' ? 'cdrom' : 'disk';
  const what = [media, props.get('file'), props.get('size')].filter(Boolean).join(', ');
  if (bus === 'virtio') return { name: key, access: 'paravirtual', note: `virtio-blk ${what}` };
  if (bus === 'scsi') return { name: key, access: PARAVIRTUAL_SCSI.has(scsihw) ? 'paravirtual' : 'emulated', note: `scsi on ${scsihw}${scsihw === 'lsi' ? ' (the default)' : ''}, ${what}` };
  return { name: key, access: 'emulated', note: `${bus} ${what}` };
}

function nic(key: string, value: string): DeviceSpec {
  const props = propertyString(value);
  const model = props.get('model') ?? NIC_MODELS.find((m) => props.has(m)) ?? 'e1000';
  const where = [props.get('bridge') && `bridge ${props.get('bridge')}`, props.get(model) || props.get('macaddr'), props.get('tag') && `VLAN ${props.get('tag')}`].filter(Boolean).join(', ');
  const access: DeviceAccess = PARAVIRTUAL_NICS.has(model) ? 'paravirtual' : 'emulated';
  return { name: key, access, note: where ? `${model}, ${where}` : model };
}

function hostpci(key: string, value: string): DeviceSpec {
  const props = propertyString(value, 'host');
  const what = props.get('mapping') ? `mapping ${props.get('mapping')}` : (props.get('host') ?? '').split(';').join(' + ');
  const extra = ['pcie', 'x-vga', 'rombar'].filter((k) => props.has(k)).map((k) => `${k}=${props.get(k)}`).join(', ');
  return { name: key, access: 'direct', note: `PCI pass-through (VFIO) ${what}${extra ? ` (${extra})` : ''}: the device, and its DMA into all guest memory, belong to the guest` };
}

/** Disk (`iops_rd`, `mbps_wr_max`, …) and NIC (`rate`) limits of a device's property string: listed, since a device has no attribute for them. */
function deviceLimits(e: PveEntry): NotImported | undefined {
  const limits = [...propertyString(e.value, 'file')].filter(([k]) => /^(iops|mbps|bps)(_|$)|^rate$/.test(k)).map(([k, val]) => `${k}=${val}`);
  return limits.length ? { field: `${e.key} ${limits.join(',')}`, why: DEVICE_LIMIT_WHY } : undefined;
}

function devices(entries: PveEntry[], v: Map<string, PveEntry>, skipped: NotImported[]): DeviceSpec[] {
  const scsihw = v.get('scsihw')?.value ?? 'lsi';
  const out: DeviceSpec[] = [];
  const cdrom = v.get('cdrom');
  if (cdrom && !v.has('ide2')) out.push({ name: 'ide2', access: 'emulated', note: `cdrom: ${cdrom.value} (the alias of ide2)` });
  for (const e of entries) {
    if (!DEVICE_KEY.test(e.key) || v.get(e.key) !== e) continue;
    const limits = deviceLimits(e);
    if (limits) skipped.push(limits);
    const bus = e.key.replace(/\d+$/, '');
    if (bus === 'net') out.push(nic(e.key, e.value));
    else if (bus === 'hostpci') out.push(hostpci(e.key, e.value));
    else if (bus === 'usb') out.push({ name: e.key, access: 'emulated', note: `USB ${e.value}: QEMU forwards the device through an emulated USB controller` });
    else out.push(disk(e.key, e.value, scsihw));
  }
  return out;
}

function skippedKeys(entries: PveEntry[], v: Map<string, PveEntry>): NotImported[] {
  const out: NotImported[] = [];
  for (const e of entries) {
    if (v.get(e.key) !== e || MAPPED.has(e.key) || DEVICE_KEY.test(e.key)) continue;
    out.push({ field: `${e.key}: ${e.value.length > 60 ? `${e.value.slice(0, 60)}…` : e.value}`, why: isQemuKey(e.key) ? unmappedWhy(e.key) : 'not an option of qm.conf(5); left as it is' });
  }
  return out;
}

export function qemuBlocks(config: PveConfig, label: number | string, name: string): ImportOutput {
  const v = lastValues(config.entries);
  const skipped: NotImported[] = [];
  const cg = cgroupAndWeight(v, name);
  const affinity = v.get('affinity');
  const pin = affinity ? parseCpuSet(affinity.value) : undefined;
  if (affinity && !pin) throw new ImportError(`${name}:${affinity.line}: affinity: '${affinity.value.slice(0, 40)}' is not a CPU list (0,5,8-11)`);
  const hugepages = v.get('hugepages');
  const spec: VmSpec = {
    name: label,
    vcpus: vcpus(v, name),
    ...memory(v, name),
    pin: pin ? { value: pin, note: `affinity: ${affinity?.value}` } : undefined,
    memoryLocked: hugepages ? `hugepages: ${hugepages.value}: huge pages are never swapped` : undefined,
    nested: nested(v, skipped),
    weight: cg.weight,
    cgroup: cg.cgroup,
    cgroupNote: cg.note,
    guest: guest(v, skipped),
    devices: devices(config.entries, v, skipped),
    labels: pveLabels(v, config.description, 'name'),
    notImported: skipped,
  };
  skipped.push(...skippedKeys(config.entries, v), ...sectionsSkipped(config));
  const vm = vmBlock(spec);
  const tcg = v.get('kvm')?.value === '0';
  return { blocks: [tcg ? hypervisorBlock('qemu', vm, { value: 'full', note: "kvm: 0: QEMU's binary translation (TCG), no KVM" }) : hypervisorBlock('kvm', vm)], notImported: [] };
}
