/**
 * One way to write a KVM-family VM, whatever it came from: libvirt domain
 * XML or a Proxmox qemu-server config (Proxmox runs KVM through QEMU, as
 * libvirt does). Importers fill a VmSpec with values already in our units
 * (bytes, CPUs, CPU numbers) and a note saying where each came from; vmBlock
 * writes the attributes the schema names (core/src/schema/kinds.ts, `vm`),
 * leaving out what equals the default.
 */
import { CgroupSpec, cgroupBlock, labelsBlock } from '../container';
import { attr, block, bool, exactBytes, NotImported, num, TreeAttribute, TreeBlock, word } from '../tree';
import { attributeSpec } from '../../schema';
import { cpuSetValue } from './libvirt-cpuset';

/** The most vCPUs a `vm` may have: the schema's bound (a config beyond it is refused, not written as an error). */
export const MAX_VCPUS = attributeSpec('vm', 'vcpus')?.max ?? 4096;

export type DeviceAccess = 'emulated' | 'paravirtual' | 'direct' | 'sriov';

export interface DeviceSpec {
  name: string;
  access: DeviceAccess;
  /** What the device is in the input (`virtio disk, /var/lib/libvirt/images/web.qcow2`). */
  note: string;
}

/** A value and where it came from (the note written after it). */
export interface Noted<T> {
  value: T;
  note?: string;
}

export interface VmSpec {
  name: string | number;
  comments?: string[];
  vcpus: Noted<number>;
  /** Bytes: the memory the VM starts with. */
  memory: Noted<number>;
  /** Dynamic memory (a balloon): the footprint moves between min and max (DESIGN §3.1); bytes. */
  balloon?: { min?: number; max?: number; note: string };
  pin?: Noted<number[]>;
  /** Why the memory is locked (hugepages, mlock); absent when it is not. */
  memoryLocked?: string;
  /** Why hardware virtualization is exposed to the guest; absent when it is not. */
  nested?: string;
  weight?: Noted<number>;
  cgroup?: CgroupSpec;
  /** Where the cgroup's values came from (a comment above the cgroup block). */
  cgroupNote?: string;
  guest?: Noted<'linux' | 'windows' | 'freebsd'>;
  devices: DeviceSpec[];
  labels?: Record<string, string>;
  notImported: NotImported[];
}

/** The hypervisor kinds a KVM-family import writes (DESIGN §3: `hypervisor` labels). */
export type HypervisorKind = 'kvm' | 'qemu' | 'xen' | 'hyperv' | 'virtualbox';

export function vmBlock(spec: VmSpec, kind: 'vm' | 'partition' = 'vm'): TreeBlock {
  const a: TreeAttribute[] = [attr('vcpus', num(spec.vcpus.value), spec.vcpus.note), attr('memory', exactBytes(spec.memory.value), spec.memory.note)];
  if (spec.balloon) {
    a.push(attr('balloon', bool(true), spec.balloon.note));
    if (spec.balloon.min !== undefined) a.push(attr('memory_min', exactBytes(spec.balloon.min)));
    if (spec.balloon.max !== undefined) a.push(attr('memory_max', exactBytes(spec.balloon.max)));
  }
  if (spec.pin) a.push(attr('pin', cpuSetValue(spec.pin.value), spec.pin.note));
  if (spec.memoryLocked) a.push(attr('memory_locked', bool(true), spec.memoryLocked));
  if (spec.nested) a.push(attr('nested', bool(true), spec.nested));
  if (spec.weight) a.push(attr('weight', num(spec.weight.value), spec.weight.note));
  const guest = spec.guest ? [block('guest', spec.guest.value)] : [];
  if (spec.guest?.note) guest[0].comments = [spec.guest.note];
  const cgroup = cgroupBlock(spec.cgroup);
  if (cgroup.length && spec.cgroupNote) cgroup[0].comments = [spec.cgroupNote];
  const children: TreeBlock[] = [
    ...guest,
    ...labelsBlock(spec.labels),
    ...cgroup,
    ...spec.devices.map((d) => block('device', d.name, [attr('access', word(d.access), d.note)])),
  ];
  const b = block(kind, spec.name, a, children);
  if (spec.comments?.length) b.comments = spec.comments;
  if (spec.notImported.length) b.notImported = spec.notImported;
  return b;
}

/** A hypervisor block holding one VM; `virtualization` written only when it is not the default (`hardware`). */
export function hypervisorBlock(kind: HypervisorKind, vm: TreeBlock, virtualization?: { value: 'full' | 'para'; note: string }): TreeBlock {
  const a = virtualization ? [attr('virtualization', word(virtualization.value), virtualization.note)] : [];
  return block('hypervisor', kind, a, [vm]);
}
