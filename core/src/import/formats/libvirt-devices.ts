/**
 * A libvirt domain's `<devices>` → the VM's `device` blocks
 * (https://libvirt.org/formatdomain.html#devices): how the guest reaches each
 * disk, NIC and assigned host device (emulated, paravirtual, direct, sriov).
 * Devices that are only for a person at the console, or that have no place in
 * a topology, are listed as not imported, one line per element kind.
 */
import { NotImported } from '../tree';
import { DeviceAccess, DeviceSpec } from './libvirt-vm';
import { child, childrenOf, XmlElement } from './libvirt-xml';

/** Why each device element that maps to nothing is not imported. */
const UNMAPPED_DEVICES: Record<string, string> = {
  emulator: 'the path of the QEMU binary; no place in a topology',
  controller: 'bus controllers; only a SCSI controller’s model is read (it decides whether its disks are paravirtual)',
  input: 'keyboard, mouse and tablet for a person at the console; harmless, no place in a topology',
  graphics: 'a remote display for a person at the console; harmless, no place in a topology',
  video: 'the display adapter; harmless, no place in a topology',
  sound: 'an emulated sound card; no place in a topology',
  audio: 'the audio backend; no place in a topology',
  console: 'a character device (serial console); no place in a topology',
  serial: 'a character device (serial port); no place in a topology',
  parallel: 'a character device (parallel port); no place in a topology',
  channel: 'a host–guest channel (the QEMU guest agent, SPICE); no place in a topology',
  rng: 'an entropy source for the guest; no place in a topology',
  watchdog: 'a guest watchdog; no place in a topology',
  panic: 'a guest panic notifier; no place in a topology',
  tpm: 'a virtual TPM; no place in a topology',
  redirdev: 'USB redirection from a remote client; no place in a topology',
  smartcard: 'a smartcard reader; no place in a topology',
  hub: 'a USB hub; no place in a topology',
  filesystem: 'a host directory shared into the guest (virtiofs or 9p): the guest reads (or writes) that host path; no device or volume models it — check the path by hand',
  iommu: 'the guest’s virtual IOMMU; no place in a topology',
  vsock: 'a host–guest socket; no place in a topology',
  shmem: 'shared memory between host and guest; no place in a topology',
  memory: 'a hot-plugged memory module; the topology has the boot memory only',
  lease: 'a lock-manager lease; no place in a topology',
  crypto: 'a crypto accelerator; no place in a topology',
  pstore: 'persistent storage for guest crash logs; no place in a topology',
};

/** Per-device I/O limits: a VM device has no attribute for them. Shared with the Proxmox importer. */
export const DEVICE_LIMIT_WHY = 'a per-device limit (disk IOPS or bandwidth, NIC rate): a VM device has no attribute for it';

/** NIC models with paravirtual drivers; the others QEMU emulates register by register. */
const PARAVIRTUAL_NIC_MODELS = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional', 'netfront', 'vmxnet3']);
const PARAVIRTUAL_DISK_BUSES = new Set(['virtio', 'xen']);
const PARAVIRTUAL_SCSI_MODELS = new Set(['virtio-scsi', 'virtio-transitional', 'virtio-non-transitional', 'vmpvscsi', 'ibmvscsi']);

export interface DevicesResult {
  devices: DeviceSpec[];
  notImported: NotImported[];
  /** The `<memballoon model>`; libvirt adds a virtio balloon to QEMU domains when none is written. */
  balloonModel: string;
  /** Whether a `<memballoon>` element is written (it is listed when nothing is ballooned). */
  balloonWritten: boolean;
}

function scsiControllerModels(devices: XmlElement): Map<string, string | undefined> {
  const models = new Map<string, string | undefined>();
  for (const c of childrenOf(devices, 'controller')) if (c.attrs.type === 'scsi') models.set(c.attrs.index ?? '0', c.attrs.model);
  return models;
}

function diskSource(disk: XmlElement): string | undefined {
  const s = child(disk, 'source');
  if (!s) return undefined;
  return s.attrs.file ?? s.attrs.dev ?? s.attrs.dir ?? (s.attrs.pool ? `${s.attrs.pool}/${s.attrs.volume ?? ''}` : s.attrs.name ? `${s.attrs.protocol ?? 'network'}:${s.attrs.name}` : undefined);
}

function disk(el: XmlElement, index: number, scsi: Map<string, string | undefined>): DeviceSpec {
  const target = child(el, 'target');
  const bus = target?.attrs.bus ?? 'ide';
  const kind = el.attrs.device ?? 'disk';
  const source = diskSource(el);
  let access: DeviceAccess = PARAVIRTUAL_DISK_BUSES.has(bus) ? 'paravirtual' : 'emulated';
  let how = `${bus} ${kind}`;
  if (bus === 'scsi') {
    const controller = child(el, 'address')?.attrs.controller ?? '0';
    const model = scsi.get(controller);
    access = model !== undefined && PARAVIRTUAL_SCSI_MODELS.has(model) ? 'paravirtual' : 'emulated';
    how = `scsi ${kind} on controller ${controller} (${model ?? 'no model: libvirt’s default, emulated'})`;
  }
  return { name: target?.attrs.dev ?? `disk${index}`, access, note: source ? `${how}, ${source}` : how };
}

function pciAddress(el: XmlElement | undefined): string | undefined {
  // The host's address (under <source>), not the guest's (<address> of the element itself).
  const a = child(child(el, 'source'), 'address');
  if (!a || a.attrs.bus === undefined) return undefined;
  const hex = (v: string | undefined, width: number) => (v ?? '0').replace(/^0x/i, '').padStart(width, '0').toLowerCase();
  return `${hex(a.attrs.domain, 4)}:${hex(a.attrs.bus, 2)}:${hex(a.attrs.slot, 2)}.${hex(a.attrs.function, 1).slice(-1)}`;
}

function nic(el: XmlElement, index: number, domainType: string): DeviceSpec {
  const type = el.attrs.type ?? 'network';
  const mac = child(el, 'mac')?.attrs.address;
  const source = child(el, 'source');
  const via = source?.attrs.bridge ?? source?.attrs.network ?? source?.attrs.dev;
  const where = [via ? `${type} ${via}` : type, mac].filter(Boolean).join(', ');
  if (type === 'hostdev') {
    const address = pciAddress(el);
    return { name: `net${index}`, access: 'sriov', note: `SR-IOV virtual function (<interface type='hostdev'>${address ? ` ${address}` : ''}), ${where}` };
  }
  if (type === 'vhostuser') return { name: `net${index}`, access: 'paravirtual', note: `vhost-user (virtio), ${where}` };
  const model = child(el, 'model')?.attrs.type;
  if (model === undefined) {
    if (domainType === 'xen') return { name: `net${index}`, access: 'paravirtual', note: `Xen netfront (no <model>), ${where}` };
    return { name: `net${index}`, access: 'emulated', note: `no <model>: QEMU’s default NIC (rtl8139 or e1000e), ${where}` };
  }
  return { name: `net${index}`, access: PARAVIRTUAL_NIC_MODELS.has(model) ? 'paravirtual' : 'emulated', note: `${model}, ${where}` };
}

function hostdev(el: XmlElement, index: number): DeviceSpec | NotImported {
  const type = el.attrs.type ?? 'pci';
  if (el.attrs.mode === 'capabilities') return { field: `devices/hostdev (mode='capabilities', ${type})`, why: 'a host device node given to a libvirt-lxc container; not a VM device' };
  if (type === 'pci') {
    const address = pciAddress(el);
    return { name: address ? `pci-${address}` : `hostdev${index}`, access: 'direct', note: 'PCI pass-through (VFIO): the device, and its DMA into all guest memory, belong to the guest' };
  }
  if (type === 'mdev') {
    const uuid = child(el, 'source') && child(child(el, 'source'), 'address')?.attrs.uuid;
    return { name: `mdev${index}`, access: 'sriov', note: `mediated device${uuid ? ` ${uuid}` : ''} (a vGPU slice): direct I/O to a share of a physical device` };
  }
  const usb = child(child(el, 'source'), 'vendor') ? `${child(child(el, 'source'), 'vendor')?.attrs.id ?? ''}:${child(child(el, 'source'), 'product')?.attrs.id ?? ''}` : '';
  return { name: `${type}${index}`, access: 'emulated', note: `${type} pass-through${usb ? ` ${usb}` : ''}: QEMU forwards the host device through an emulated ${type} controller (no DMA from the device)` };
}

/** The devices of a domain; unmapped elements listed once per element kind (with the types seen). */
export function libvirtDevices(devices: XmlElement | undefined, domainType: string): DevicesResult {
  const result: DevicesResult = { devices: [], notImported: [], balloonModel: 'virtio', balloonWritten: false };
  if (!devices) return result;
  const scsi = scsiControllerModels(devices);
  const unmapped = new Map<string, Set<string>>();
  let disks = 0;
  let nics = 0;
  let hostdevs = 0;
  for (const el of devices.children) {
    if (el.name === 'disk') {
      const d = disk(el, disks++, scsi);
      result.devices.push(d);
      const iotune = child(el, 'iotune');
      if (iotune) result.notImported.push({ field: `devices/disk ${d.name} iotune (${iotune.children.map((c) => `${c.name} ${c.text}`).join(', ')})`, why: DEVICE_LIMIT_WHY });
    } else if (el.name === 'interface') {
      const d = nic(el, nics++, domainType);
      result.devices.push(d);
      if (child(el, 'bandwidth')) result.notImported.push({ field: `devices/interface ${d.name} bandwidth`, why: DEVICE_LIMIT_WHY });
    }
    else if (el.name === 'hostdev') {
      const d = hostdev(el, hostdevs++);
      if ('field' in d) result.notImported.push(d);
      else result.devices.push(d);
    } else if (el.name === 'memballoon') {
      result.balloonModel = el.attrs.model ?? 'virtio';
      result.balloonWritten = true;
    }
    else {
      const seen = unmapped.get(el.name) ?? new Set<string>();
      const detail = el.attrs.type ?? el.attrs.model;
      if (detail) seen.add(detail);
      unmapped.set(el.name, seen);
    }
  }
  for (const [tag, details] of unmapped) {
    const detail = details.size ? ` (${[...details].join(', ')})` : '';
    result.notImported.push({ field: `devices/${tag}${detail}`, why: UNMAPPED_DEVICES[tag] ?? 'a device vmx import does not read' });
  }
  uniqueNames(result.devices);
  return result;
}

/** Device names are unique among a VM's devices (VMX105): a repeated target gets a suffix. */
function uniqueNames(devices: DeviceSpec[]): void {
  const seen = new Set<string>();
  for (const d of devices) {
    let name = d.name;
    for (let n = 2; seen.has(name); n++) name = `${d.name}-${n}`;
    seen.add(name);
    d.name = name;
  }
}
