/**
 * ResolvedBlock tree → typed model: hosts, hypervisors, VMs, partitions,
 * containers, with defaults (including the ones implied by other values)
 * applied and entity ids assigned.
 */
import { attributeDefault, CFS_PERIOD, cpuToShares, sharesToWeight } from '../schema';
import { derivedQos } from './qos';
import {
  attr,
  Cgroup,
  CgroupParent,
  Container,
  Cpu,
  Entity,
  Group,
  Guest,
  Host,
  Hypervisor,
  Kernel,
  Mount,
  NAMESPACE_NAMES,
  NamespaceName,
  NamespaceSetting,
  Pod,
  Process,
  Requests,
  ResolvedBlock,
  SimulationSettings,
  UserSetting,
  Vm,
  Volume,
  Workload,
} from './types';

/** Value as written, else the schema's default (which may depend on the block's label). */
function get<T>(block: ResolvedBlock | undefined, key: string, kind: string): T {
  const v = attr<T>(block, key);
  if (v !== undefined) return v;
  return attributeDefault(kind, key, block) as T;
}

function children(block: ResolvedBlock, kind: string): ResolvedBlock[] {
  return block.children.filter((c) => c.valid && c.kind === kind);
}

function child(block: ResolvedBlock, kind: string): ResolvedBlock | undefined {
  return block.children.find((c) => c.valid && c.kind === kind);
}

const HARDWARE_FEATURES = ['vmx', 'svm'];

export interface BuiltModel {
  hosts: Host[];
  vms: Vm[];
  containers: Container[];
  groups: Group[];
  pods: Pod[];
  entities: Entity[];
  simulation: SimulationSettings;
}

export function buildModel(topologies: ResolvedBlock[]): BuiltModel {
  const out: BuiltModel = { hosts: [], vms: [], containers: [], groups: [], pods: [], entities: [], simulation: simulationOf(undefined) };
  for (const topology of topologies) {
    const sim = child(topology, 'simulate');
    if (sim && !out.simulation.block) out.simulation = simulationOf(sim);
    for (const hb of children(topology, 'host')) buildHost(hb, out);
  }
  return out;
}

/** The run settings a `simulate` block writes, the schema's defaults for the rest (and for a file without one). */
function simulationOf(sim: ResolvedBlock | undefined): SimulationSettings {
  const settings: SimulationSettings = { duration: get(sim, 'duration', 'simulate'), step: get(sim, 'step', 'simulate'), seed: get(sim, 'seed', 'simulate') };
  if (sim) settings.block = sim;
  return settings;
}

function cpuOf(block: ResolvedBlock | undefined): Cpu {
  const sockets = get<number>(block, 'sockets', 'cpu');
  // `cores` is required: missing (VMX108), the model stands in one core (isUnknown says the figure is none).
  const cores = attr<number>(block, 'cores') ?? 1;
  const threads = get<number>(block, 'threads', 'cpu');
  return { block, sockets, cores, threads, logical: sockets * cores * threads, frequency: attr<number>(block, 'frequency'), features: get<string[]>(block, 'features', 'cpu') };
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
    labels: labelsOf(hb),
    containers: [],
    volumes: [],
    groups: [],
    pods: [],
    allVms: [],
    allContainers: [],
  } as unknown as Host;
  host.host = host;
  host.kernel = {
    owner: host,
    os: host.os?.kind ?? 'linux',
    containers: host.containers,
    volumes: host.volumes,
    groups: host.groups,
    pods: host.pods,
    hardwareVirtualization: cpu.features.some((f) => HARDWARE_FEATURES.includes(f)),
  };
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
      // The kind stands in for a missing label (VMX108) here too, so its implied defaults follow it.
      type: attr<1 | 2>(hvBlock, 'type') ?? (attributeDefault('hypervisor', 'type', { label: kind }) as 1 | 2),
      virtualization: get(hvBlock, 'virtualization', 'hypervisor'),
      io: attr<Hypervisor['io']>(hvBlock, 'io') ?? (attributeDefault('hypervisor', 'io', { label: kind }) as Hypervisor['io']),
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
  buildTenants(hb, { host, kernel: host.kernel, id: name, path: '' }, out);
}

function buildVm(vb: ResolvedBlock, host: Host, hv: Hypervisor, outerVm: Vm | undefined, outerKernel: Kernel, out: BuiltModel): Vm {
  const name = vb.label ?? '';
  const id = `${outerVm ? outerVm.id : host.id}/${name}`;
  const guestBlock = child(vb, 'guest');
  const guest: Guest | undefined = guestBlock
    ? { kind: guestBlock.label ?? 'linux', block: guestBlock, kernel: attr<string>(guestBlock, 'kernel'), paravirt: get<boolean | undefined>(guestBlock, 'paravirt', 'guest') ?? true }
    : undefined;
  const nested = get<boolean>(vb, 'nested', vb.kind);
  const balloon = get<boolean>(vb, 'balloon', vb.kind);
  const memory = attr<number>(vb, 'memory') ?? (balloon ? attr<number>(vb, 'memory_max') : undefined) ?? 0;
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
    memory,
    balloon,
    memoryMin: (balloon ? attr<number>(vb, 'memory_min') : undefined) ?? memory,
    memoryMax: (balloon ? attr<number>(vb, 'memory_max') : undefined) ?? memory,
    pin: attr<number[]>(vb, 'pin'),
    memoryLocked: get<boolean>(vb, 'memory_locked', vb.kind),
    nested,
    weight: get<number>(vb, 'weight', vb.kind),
    guest,
    devices: children(vb, 'device').map((b) => ({ name: b.label ?? '', block: b, access: get(b, 'access', 'device'), type: get(b, 'type', 'device') })),
    workload: workloadOf(child(vb, 'workload')),
    cgroup: child(vb, 'cgroup') ? cgroupOf(child(vb, 'cgroup')) : undefined,
    labels: labelsOf(vb),
    containers: [],
    volumes: [],
    groups: [],
    pods: [],
    vms: [],
  } as unknown as Vm;
  vm.kernel = {
    owner: vm,
    os: guest?.kind ?? 'linux',
    containers: vm.containers,
    volumes: vm.volumes,
    groups: vm.groups,
    pods: vm.pods,
    outer: outerKernel,
    hardwareVirtualization: nested && hv.virtualization === 'hardware' && outerKernel.hardwareVirtualization,
  };
  vb.entity = vm;
  host.allVms.push(vm);
  out.vms.push(vm);
  out.entities.push(vm);
  for (const b of children(vb, 'volume')) vm.volumes.push(buildVolume(b, vm.kernel));
  buildTenants(vb, { host, kernel: vm.kernel, id, path: '' }, out);
  for (const b of children(vb, 'vm')) vm.vms.push(buildVm(b, host, hv, vm, vm.kernel, out));
  return vm;
}

function buildVolume(b: ResolvedBlock, kernel: Kernel, pod?: Pod): Volume {
  return { name: b.label ?? '', block: b, kernel, pod, path: attr<string>(b, 'path'), size: attr<number>(b, 'size'), diskName: attr<string>(b, 'disk') };
}

/** Where a group, pod or container is built: its kernel, the id and cgroup path of what holds it, its group. */
interface Place {
  host: Host;
  kernel: Kernel;
  /** The id of the enclosing entity (host, VM, group or pod). */
  id: string;
  /** Group (and pod) labels from the top of the kernel, '' at the top. */
  path: string;
  parent?: CgroupParent;
}

/**
 * The containers, groups and pods of a kernel owner's (or a group's) block,
 * in document order. Every container lands in the kernel's list, however
 * deep it is nested, so every consumer of `kernel.containers` sees it.
 */
function buildTenants(b: ResolvedBlock, place: Place, out: BuiltModel, into?: Group): void {
  for (const c of b.children) {
    if (!c.valid) continue;
    if (c.kind === 'container') {
      const container = buildContainer(c, place, out);
      into?.containers.push(container);
    } else if (c.kind === 'group') {
      const g = buildGroup(c, place, out);
      (into ? into.groups : place.kernel.groups).push(g);
    } else if (c.kind === 'pod') {
      const p = buildPod(c, place, out);
      (into ? into.pods : place.kernel.pods).push(p);
    }
  }
}

function pathOf(place: Place, name: string): string {
  return place.path ? `${place.path}/${name}` : name;
}

function buildGroup(gb: ResolvedBlock, place: Place, out: BuiltModel): Group {
  const name = gb.label ?? '';
  const g: Group = {
    kind: 'group',
    id: `${place.id}/${name}`,
    name,
    block: gb,
    host: place.host,
    kernel: place.kernel,
    parent: place.parent as Group | undefined,
    cgroup: cgroupOf(child(gb, 'cgroup')),
    path: pathOf(place, name),
    labels: labelsOf(gb),
    groups: [],
    pods: [],
    containers: [],
  };
  gb.entity = g;
  out.groups.push(g);
  out.entities.push(g);
  buildTenants(gb, { host: place.host, kernel: place.kernel, id: g.id, path: g.path, parent: g }, out, g);
  return g;
}

function buildPod(pb: ResolvedBlock, place: Place, out: BuiltModel): Pod {
  const name = pb.label ?? '';
  const declared = attr<Pod['qos']>(pb, 'qos');
  const pod = {
    kind: 'pod',
    id: `${place.id}/${name}`,
    name,
    block: pb,
    host: place.host,
    kernel: place.kernel,
    parent: place.parent as Group | undefined,
    path: pathOf(place, name),
    sharePid: get<boolean>(pb, 'share_pid', 'pod'),
    qosDeclared: declared !== undefined,
    labels: labelsOf(pb),
    volumes: [],
    containers: [],
  } as unknown as Pod;
  pb.entity = pod;
  out.pods.push(pod);
  out.entities.push(pod);
  for (const b of children(pb, 'volume')) pod.volumes.push(buildVolume(b, place.kernel, pod));
  const inside: Place = { host: place.host, kernel: place.kernel, id: pod.id, path: pod.path, parent: pod };
  for (const b of children(pb, 'container')) pod.containers.push(buildContainer(b, inside, out));
  pod.qos = declared ?? derivedQos(pod.containers);
  pod.cgroup = cgroupOf(child(pb, 'cgroup'), podCpuRequest(pod.containers));
  return pod;
}

/**
 * The CPU a pod requests, as the kubelet sizes the pod's cgroup: the sum of
 * its containers' requests. A pod requesting nothing gets MinShares
 * (cpuToShares(0) = 2), as a BestEffort pod does on a node.
 */
function podCpuRequest(containers: Container[]): number {
  let sum = 0;
  for (const c of containers) sum += kubeCpuRequest(c.requests, c.cgroup.cpuMax, true) ?? 0;
  return sum;
}

/**
 * The CPU request the kubelet converts to a cgroup weight. Written
 * `requests.cpu` anywhere; in a pod, Kubernetes' defaulting too: a request
 * left out is the CPU limit (cpu.max), and no request at all is 0 (MinShares).
 * Outside a pod nothing is requested unless written (a plain container keeps weight 100).
 */
export function kubeCpuRequest(requests: Requests, cpuMax: number, inPod: boolean): number | undefined {
  if (requests.cpu !== undefined) return requests.cpu;
  if (!inPod) return undefined;
  return Number.isFinite(cpuMax) ? cpuMax : 0;
}

/** `labels { … }` of a block: key → value, the values that validated as strings. */
function labelsOf(b: ResolvedBlock): Record<string, string> {
  const lb = child(b, 'labels');
  if (!lb) return NO_LABELS;
  const out: Record<string, string> = {};
  for (const a of lb.attributes.values()) if (typeof a.value === 'string') out[a.key] = a.value;
  return out;
}

/** Shared by every block without labels (frozen: 13k containers need not carry 13k empty objects). */
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * A cgroup's settings with defaults. `requestedCpus`: the CPUs Kubernetes
 * requests for it (a container's `requests.cpu`, a pod's sum), the source of
 * the weight when neither cpu.weight nor cpu.shares is written.
 */
export function cgroupOf(b: ResolvedBlock | undefined, requestedCpus?: number): Cgroup {
  const g = <T>(k: string) => get<T>(b, k, 'cgroup');
  const weight = b?.attributes.get('cpu.weight');
  const fromShares = weight?.name === 'cpu.shares' && typeof weight.raw === 'number' ? weight.raw : undefined;
  const requestShares = weight || requestedCpus === undefined ? undefined : cpuToShares(requestedCpus);
  const maxAttr = b?.attributes.get('cpu.max');
  return {
    block: b,
    cpuWeight: requestShares !== undefined ? sharesToWeight(requestShares) : g<number>('cpu.weight'),
    shares: fromShares ?? requestShares,
    weightSource: requestShares !== undefined ? 'requests' : weight && weight.value !== undefined ? (fromShares !== undefined ? 'cpu.shares' : 'cpu.weight') : 'default',
    cpuMax: g<number>('cpu.max'),
    cpuPeriod: maxAttr?.period !== undefined && maxAttr.period !== CFS_PERIOD ? maxAttr.period : undefined,
    cpuMaxBurst: g<number>('cpu.max.burst'),
    cpuset: attr<number[]>(b, 'cpuset.cpus'),
    memoryMax: g<number>('memory.max'),
    memoryHigh: g<number>('memory.high'),
    memoryLow: g<number>('memory.low'),
    memoryMin: g<number>('memory.min'),
    memorySwapMax: g<number>('memory.swap.max'),
    pidsMax: g<number>('pids.max'),
    ioWeight: g<number>('io.weight'),
    ioMax: g('io.max'),
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


function requestsOf(b: ResolvedBlock | undefined): Requests {
  if (!b) return NO_REQUESTS;
  return { block: b, cpu: attr<number>(b, 'cpu'), memory: attr<number>(b, 'memory') };
}

const NO_REQUESTS: Requests = Object.freeze({}) as Requests;

function buildContainer(cb: ResolvedBlock, place: Place, out: BuiltModel): Container {
  const { host, kernel } = place;
  const name = cb.label ?? '';
  const requests = requestsOf(child(cb, 'requests'));
  const cgroupBlock = child(cb, 'cgroup');
  const requestedCpus = kubeCpuRequest(requests, get<number>(cgroupBlock, 'cpu.max', 'cgroup'), place.parent?.kind === 'pod');
  const nsBlock = child(cb, 'namespaces');
  const namespaces = {} as Record<NamespaceName, NamespaceSetting>;
  for (const n of NAMESPACE_NAMES) {
    namespaces[n] = get<NamespaceSetting>(nsBlock, n, 'namespaces');
  }
  const user = get<UserSetting>(cb, 'user', 'container');
  const c: Container = {
    kind: 'container',
    id: `${place.id}/${name}`,
    name,
    block: cb,
    host,
    kernel,
    parent: place.parent,
    pod: place.parent?.kind === 'pod' ? place.parent : undefined,
    requests,
    labels: labelsOf(cb),
    runtime: get(cb, 'runtime', 'container'),
    image: attr<string>(cb, 'image'),
    user,
    privileged: get(cb, 'privileged', 'container'),
    capabilities: get<string[]>(cb, 'capabilities', 'container'),
    capDrop: get<string[]>(cb, 'cap_drop', 'container'),
    seccomp: get(cb, 'seccomp', 'container'),
    apparmor: get(cb, 'apparmor', 'container'),
    selinux: attr<string>(cb, 'selinux'),
    noNewPrivileges: get(cb, 'no_new_privileges', 'container'),
    readOnlyRootfs: get(cb, 'read_only_rootfs', 'container'),
    devices: get<string[]>(cb, 'devices', 'container'),
    platform: get(cb, 'platform', 'container'),
    namespaces,
    namespacesBlock: nsBlock,
    cgroup: cgroupOf(cgroupBlock, requestedCpus),
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
  kernel.containers.push(c);
  host.allContainers.push(c);
  out.containers.push(c);
  out.entities.push(c);
  return c;
}
