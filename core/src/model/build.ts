/**
 * ResolvedBlock tree → typed model: hosts, hypervisors, VMs, partitions,
 * containers, with defaults (including the ones implied by other values)
 * applied and entity ids assigned.
 */
import { attributeSpec, kindSpec } from '../schema';
import {
  attr,
  Cgroup,
  Container,
  Cpu,
  Entity,
  Guest,
  Host,
  Hypervisor,
  Kernel,
  Mount,
  NAMESPACE_NAMES,
  NamespaceName,
  NamespaceSetting,
  Process,
  ResolvedBlock,
  SimulationSettings,
  UserSetting,
  Vm,
  Volume,
  Workload,
} from './types';

/** Value as written, else the schema default. */
function get<T>(block: ResolvedBlock | undefined, key: string, kind: string): T {
  const v = attr<T>(block, key);
  if (v !== undefined) return v;
  return attributeSpec(kind, key)?.default as T;
}

function children(block: ResolvedBlock, kind: string): ResolvedBlock[] {
  return block.children.filter((c) => c.valid && c.kind === kind);
}

function child(block: ResolvedBlock, kind: string): ResolvedBlock | undefined {
  return block.children.find((c) => c.valid && c.kind === kind);
}

export const HYPERVISOR_TYPE: Record<string, 1 | 2> = { kvm: 1, xen: 1, hyperv: 1, esxi: 1, virtualbox: 2, 'vmware-workstation': 2, qemu: 2 };
const HYPERVISOR_IO: Record<string, Hypervisor['io']> = { kvm: 'virtio', xen: 'virtio', hyperv: 'vmbus' };
const HARDWARE_FEATURES = ['vmx', 'svm'];

export interface BuiltModel {
  hosts: Host[];
  vms: Vm[];
  containers: Container[];
  entities: Entity[];
  simulation: SimulationSettings;
}

export function buildModel(topologies: ResolvedBlock[]): BuiltModel {
  const out: BuiltModel = { hosts: [], vms: [], containers: [], entities: [], simulation: { duration: 60, step: 0.01, seed: 1 } };
  for (const topology of topologies) {
    const sim = child(topology, 'simulate');
    if (sim && !out.simulation.block) {
      out.simulation = { block: sim, duration: get(sim, 'duration', 'simulate'), step: get(sim, 'step', 'simulate'), seed: get(sim, 'seed', 'simulate') };
    }
    for (const hb of children(topology, 'host')) buildHost(hb, out);
  }
  return out;
}

function cpuOf(block: ResolvedBlock | undefined): Cpu {
  const sockets = get<number>(block, 'sockets', 'cpu') ?? 1;
  const cores = attr<number>(block, 'cores') ?? 1;
  const threads = get<number>(block, 'threads', 'cpu') ?? 1;
  return { block, sockets, cores, threads, logical: sockets * cores * threads, frequency: attr<number>(block, 'frequency'), features: get<string[]>(block, 'features', 'cpu') ?? [] };
}

function buildHost(hb: ResolvedBlock, out: BuiltModel): void {
  const name = hb.label ?? '';
  const cpu = cpuOf(child(hb, 'cpu'));
  const osBlock = child(hb, 'os');
  const host = {
    kind: 'host',
    id: name,
    name,
    block: hb,
    memory: attr<number>(hb, 'memory') ?? 0,
    swap: get<number>(hb, 'swap', 'host'),
    cpu,
    disks: children(hb, 'disk').map((b) => ({ name: b.label ?? '', block: b, size: attr<number>(b, 'size'), iops: attr<number>(b, 'iops'), bandwidth: attr<number>(b, 'bandwidth') })),
    nics: children(hb, 'nic').map((b) => ({ name: b.label ?? '', block: b, bandwidth: attr<number>(b, 'bandwidth') })),
    os: osBlock ? { kind: osBlock.label ?? 'linux', block: osBlock, kernel: attr<string>(osBlock, 'kernel'), cgroup: get<'v1' | 'v2'>(osBlock, 'cgroup', 'os'), reserved: get<number>(osBlock, 'reserved', 'os') } : undefined,
    containers: [],
    volumes: [],
    allVms: [],
    allContainers: [],
  } as unknown as Host;
  host.host = host;
  host.kernel = { owner: host, os: host.os?.kind ?? 'linux', containers: host.containers, volumes: host.volumes, hardwareVirtualization: cpu.features.some((f) => HARDWARE_FEATURES.includes(f)) };
  hb.entity = host;
  out.hosts.push(host);
  out.entities.push(host);

  const hvBlock = child(hb, 'hypervisor');
  if (hvBlock) {
    const kind = hvBlock.label ?? 'kvm';
    const hv: Hypervisor = {
      kind,
      block: hvBlock,
      host,
      type: (attr<number>(hvBlock, 'type') as 1 | 2 | undefined) ?? HYPERVISOR_TYPE[kind] ?? 1,
      virtualization: get(hvBlock, 'virtualization', 'hypervisor'),
      io: attr<Hypervisor['io']>(hvBlock, 'io') ?? HYPERVISOR_IO[kind] ?? 'emulated',
      dda: get(hvBlock, 'dda', 'hypervisor'),
      vms: [],
    };
    host.hypervisor = hv;
    for (const vb of hvBlock.children) {
      if (!vb.valid || (vb.kind !== 'vm' && vb.kind !== 'partition')) continue;
      hv.vms.push(buildVm(vb, host, hv, undefined, host.kernel, out));
    }
  }
  for (const vb of children(hb, 'volume')) host.volumes.push(buildVolume(vb, host.kernel));
  for (const cb of children(hb, 'container')) host.containers.push(buildContainer(cb, host, host.kernel, name, out));
}

function buildVm(vb: ResolvedBlock, host: Host, hv: Hypervisor, outerVm: Vm | undefined, outerKernel: Kernel, out: BuiltModel): Vm {
  const name = vb.label ?? '';
  const id = `${outerVm ? outerVm.id : host.id}/${name}`;
  const guestBlock = child(vb, 'guest');
  const guest: Guest | undefined = guestBlock
    ? { kind: guestBlock.label ?? 'linux', block: guestBlock, kernel: attr<string>(guestBlock, 'kernel'), paravirt: attr<boolean>(guestBlock, 'paravirt') ?? guestBlock.label !== 'windows' }
    : undefined;
  const nested = get<boolean>(vb, 'nested', vb.kind);
  const vm = {
    kind: vb.kind as 'vm' | 'partition',
    id,
    name,
    block: vb,
    host,
    role: vb.kind === 'partition' ? get<'parent' | 'child'>(vb, 'role', 'partition') : 'child',
    hypervisor: hv,
    outerVm,
    vcpus: attr<number>(vb, 'vcpus') ?? 1,
    memory: attr<number>(vb, 'memory') ?? 0,
    pin: attr<number[]>(vb, 'pin'),
    memoryLocked: get<boolean>(vb, 'memory_locked', vb.kind),
    nested,
    weight: get<number>(vb, 'weight', vb.kind),
    guest,
    devices: children(vb, 'device').map((b) => ({ name: b.label ?? '', block: b, access: get(b, 'access', 'device') })),
    workload: workloadOf(child(vb, 'workload')),
    cgroup: child(vb, 'cgroup') ? cgroupOf(child(vb, 'cgroup')) : undefined,
    containers: [],
    volumes: [],
    vms: [],
  } as unknown as Vm;
  vm.kernel = {
    owner: vm,
    os: guest?.kind ?? 'linux',
    containers: vm.containers,
    volumes: vm.volumes,
    outer: outerKernel,
    hardwareVirtualization: nested && hv.virtualization === 'hardware' && outerKernel.hardwareVirtualization,
  };
  vb.entity = vm;
  host.allVms.push(vm);
  out.vms.push(vm);
  out.entities.push(vm);
  for (const b of children(vb, 'volume')) vm.volumes.push(buildVolume(b, vm.kernel));
  for (const b of children(vb, 'container')) vm.containers.push(buildContainer(b, host, vm.kernel, id, out));
  for (const b of children(vb, 'vm')) vm.vms.push(buildVm(b, host, hv, vm, vm.kernel, out));
  return vm;
}

function buildVolume(b: ResolvedBlock, kernel: Kernel): Volume {
  return { name: b.label ?? '', block: b, kernel, path: attr<string>(b, 'path'), size: attr<number>(b, 'size') };
}

export function cgroupOf(b: ResolvedBlock | undefined): Cgroup {
  const g = <T>(k: string) => get<T>(b, k, 'cgroup');
  return {
    block: b,
    cpuWeight: g<number>('cpu.weight'),
    cpuMax: attr<number>(b, 'cpu.max') ?? Infinity,
    cpuMaxBurst: g<number>('cpu.max.burst'),
    cpuset: attr<number[]>(b, 'cpuset.cpus'),
    memoryMax: attr<number>(b, 'memory.max') ?? Infinity,
    memoryHigh: attr<number>(b, 'memory.high') ?? Infinity,
    memoryLow: g<number>('memory.low'),
    memoryMin: g<number>('memory.min'),
    memorySwapMax: attr<number>(b, 'memory.swap.max') ?? Infinity,
    pidsMax: attr<number>(b, 'pids.max') ?? Infinity,
    ioWeight: g<number>('io.weight'),
    ioMax: attr(b, 'io.max') ?? {},
  };
}

function workloadOf(b: ResolvedBlock | undefined): Workload | undefined {
  if (!b) return undefined;
  return {
    block: b,
    cpu: attr(b, 'cpu'),
    memory: attr(b, 'memory'),
    processes: attr(b, 'processes'),
    iops: attr(b, 'iops'),
    io: attr(b, 'io'),
    network: attr(b, 'network'),
    start: get<number>(b, 'start', 'workload'),
    stop: attr<number>(b, 'stop'),
  };
}

/** Defaults from the schema, shared by every container (frozen: 13k containers need not carry 100k copies). */
const DEFAULT_NAMESPACE = Object.fromEntries(
  NAMESPACE_NAMES.map((n) => [n, Object.freeze({ mode: kindSpec('namespaces')!.attributes.find((a) => a.name === n)!.default as 'private' | 'host' })]),
) as Record<NamespaceName, NamespaceSetting>;

function buildContainer(cb: ResolvedBlock, host: Host, kernel: Kernel, parentId: string, out: BuiltModel): Container {
  const name = cb.label ?? '';
  const nsBlock = child(cb, 'namespaces');
  const namespaces = {} as Record<NamespaceName, NamespaceSetting>;
  for (const n of NAMESPACE_NAMES) {
    namespaces[n] = attr<NamespaceSetting>(nsBlock, n) ?? DEFAULT_NAMESPACE[n];
  }
  const user = attr<UserSetting>(cb, 'user') ?? { name: 'root', uid: 0, isRoot: true };
  const c: Container = {
    kind: 'container',
    id: `${parentId}/${name}`,
    name,
    block: cb,
    host,
    kernel,
    runtime: get(cb, 'runtime', 'container'),
    image: attr<string>(cb, 'image'),
    user,
    privileged: get(cb, 'privileged', 'container'),
    capabilities: get<string[]>(cb, 'capabilities', 'container') ?? [],
    capDrop: get<string[]>(cb, 'cap_drop', 'container') ?? [],
    seccomp: get(cb, 'seccomp', 'container'),
    apparmor: get(cb, 'apparmor', 'container'),
    selinux: attr<string>(cb, 'selinux'),
    noNewPrivileges: get(cb, 'no_new_privileges', 'container'),
    readOnlyRootfs: get(cb, 'read_only_rootfs', 'container'),
    devices: get<string[]>(cb, 'devices', 'container') ?? [],
    platform: get(cb, 'platform', 'container'),
    namespaces,
    namespacesBlock: nsBlock,
    cgroup: cgroupOf(child(cb, 'cgroup')),
    mounts: children(cb, 'mount').map(
      (b): Mount => ({
        name: b.label ?? '',
        block: b,
        type: get(b, 'type', 'mount'),
        source: attr(b, 'source'),
        target: attr<string>(b, 'target'),
        mode: get(b, 'mode', 'mount'),
        propagation: get(b, 'propagation', 'mount'),
      }),
    ),
    processes: children(cb, 'process').map((b): Process => ({ name: b.label ?? '', block: b, ring: get(b, 'ring', 'process'), count: get(b, 'count', 'process'), user: attr<UserSetting>(b, 'user') })),
    workload: workloadOf(child(cb, 'workload')),
  };
  cb.entity = c;
  host.allContainers.push(c);
  out.containers.push(c);
  out.entities.push(c);
  return c;
}
