/**
 * A host compiled for the engine: its scheduling tree flattened into
 * arrays (parents before children), every figure the engine needs taken
 * from the model once. Hosts never interact, so each is planned and run on
 * its own — memory stays bounded by the largest host, not the topology.
 */
import { attributeDefault } from '../schema';
import { Cgroup, Container, Device, Entity, Group, Host, Pattern, Pod, Vm, Workload } from '../model/types';
import { CPU_OVERHEAD, DEFAULT_IO_WEIGHT, GUEST_SYSTEM_WEIGHT, IO_CPU_PER_BIT, IO_CPU_PER_OP, NESTED_OVERHEAD, RUNTIME_OVERHEAD, SMT_CORE_CAPACITY, GUEST_KERNEL_FOOTPRINT, NEVER_SWAPS_GUESTS, SWAPS_ONLY_WITH_HOST_SWAP } from './params';

export const enum NodeKind {
  Host = 0,
  Vm = 1,
  Container = 2,
  /** A VM's own workload (the guest's processes outside containers): a leaf under the VM. */
  GuestSystem = 3,
  /** A level of the cgroup tree, a `group` or a `pod`: no work of its own, its cgroup bounds everything beneath it. */
  Group = 4,
}

export type IoPath = keyof typeof IO_CPU_PER_OP;

/** What the engine reads of a workload: the model's, without its block (plain data, structured-clone safe, for worker threads). */
export type EngineWorkload = Omit<Workload, 'block'>;

/** The part of a plan the engine runs on: typed arrays and plain data only, so it can be sent to a worker. */
export interface EnginePlan {
  host: { memory: number; swap: number };
  n: number;
  kind: Uint8Array;
  parent: Int32Array;
  /** Children of node i: childList[childStart[i] .. childStart[i + 1]). */
  childStart: Int32Array;
  childList: Int32Array;
  /** Nodes are in depth-first order: node i's subtree is i .. subtreeEnd[i] - 1. */
  subtreeEnd: Int32Array;
  /** 1 for nodes of the host OS's kernel (not inside a VM): host-level swap, and cpu.shares on a `cgroup = v1` host. */
  hostKernel: Uint8Array;
  /** The entity (index into `entities`) a node reports as; the guest-system leaf reports into its VM. */
  entityOf: Int32Array;
  /** Number of entities (the host, its VMs, groups, pods and containers). */
  entityCount: number;
  /** Entity ids, for the messages that name another entity (a group's OOM kill names the container killed). */
  entityIds: string[];
  cpuWeight: Float64Array;
  ioWeight: Float64Array;
  /** cpu.max in CPUs (Infinity when unset) and cpu.max.burst in CPU-seconds. */
  quota: Float64Array;
  burst: Float64Array;
  /** Most CPUs a node can run on at once: vCPUs (∩ pin) for a VM, cpuset size for a container. */
  cpuCap: Float64Array;
  /** 1 + CPU overhead per unit of work (virtualization for VMs, runtime for containers). */
  overhead: Float64Array;
  /** VMs: host CPU per disk operation and per bit of disk throughput (through its disk devices), per bit of network (its NICs). */
  ioCpuPerOp: Float64Array;
  ioCpuPerBit: Float64Array;
  netCpuPerBit: Float64Array;
  /** Host disks by index: IOPS and bits/s (Infinity when not declared). */
  diskCapIops: Float64Array;
  diskCapBits: Float64Array;
  /** Per host disk: the containers whose I/O loads it (volumes with `disk`, several disks); the rest load the pool. */
  diskMembers: Int32Array[];
  memMax: Float64Array;
  memHigh: Float64Array;
  memMin: Float64Array;
  memLow: Float64Array;
  swapMax: Float64Array;
  pidsMax: Float64Array;
  ioMaxIops: Float64Array;
  ioMaxBits: Float64Array;
  /** VMs: vRAM, locked, whether anything inside declares memory demand. */
  vmMemory: Float64Array;
  vmLocked: Uint8Array;
  vmHasMemoryDemand: Uint8Array;
  /** VMs: ballooned (`balloon = true`); its memory_min (vmMemory is then its memory_max); its guest kernel's own footprint (params.ts). */
  vmBalloon: Uint8Array;
  /** VMs that must find their memory in RAM to start (never swapped, on a type 1 hypervisor; a type 2 host OS lends its own memory: VMX410). */
  vmMustFit: Uint8Array;
  vmMemoryMin: Float64Array;
  vmGuestKernel: Float64Array;
  /** VMs: the memory they start with (a ballooned VM's `memory`, its startup RAM: docs/language.md). */
  vmStartMemory: Float64Array;
  /** Leaves: their workload (undefined: no demand). */
  workload: (EngineWorkload | undefined)[];
  /** Leaves: processes from `process` blocks, used when the workload has no `processes`. */
  declaredProcesses: Float64Array;
  /** Host-level CPU restriction (pin / cpuset): component id, or -1 when a node may run anywhere. */
  component: Int32Array;
  /** Per component: its CPU count and its members. */
  componentSize: number[];
  componentMembers: Int32Array[];
  /** Per component: the physical cores its CPUs lie on (SMT siblings share one). */
  componentCores: number[];
  /** Nodes whose memory is accounted in the host kernel (host containers at any depth of its groups, top-level VMs). */
  hostMemoryNodes: Int32Array;
  /** VMs, innermost first (guest kernels are resolved bottom-up). */
  vmsInnermostFirst: Int32Array;
  logicalCpus: number;
  /** Physical cores (sockets × cores); logical CPU x lies on core x mod physicalCores (Linux's x86 numbering: siblings n and n + cores). */
  physicalCores: number;
  /** Work each busy SMT thread beyond the first of a core adds, in cores (0 without SMT); see smtCapacity. */
  smtGain: number;
  reserved: number;
  diskIops: number;
  diskBits: number;
  nicBits: number;
  /** Per entity: the node it reports from (the guest-system leaf excluded). */
  nodeOfEntity: Int32Array;
}

/** A planned host: the engine's plan plus the model objects results and findings point back to. */
export interface HostPlan extends EnginePlan {
  host: Host;
  entities: Entity[];
  /** cpu.max of an entity's own group, in CPUs (Infinity when unset). */
  quotaOf(entity: object): number;
}

/** The engine's part of a plan, without the model objects (for a worker thread). */
export function portablePlan(p: HostPlan): EnginePlan {
  const { host, entities, quotaOf, workload, ...arrays } = p;
  void entities;
  void quotaOf;
  return {
    ...arrays,
    host: { memory: host.memory, swap: host.swap },
    workload: workload.map((w) => (w ? { start: w.start, stop: w.stop, cpu: w.cpu, memory: w.memory, processes: w.processes, iops: w.iops, io: w.io, network: w.network } : undefined)),
  };
}

function overheadOfVm(vm: Vm): number {
  const hv = vm.hypervisor;
  const mode = hv.virtualization === 'hardware' ? CPU_OVERHEAD.hardware : hv.virtualization === 'para' ? CPU_OVERHEAD.para : hv.kind === 'qemu' ? CPU_OVERHEAD.tcg : CPU_OVERHEAD.full;
  return 1 + mode + (vm.outerVm ? NESTED_OVERHEAD : 0);
}

/** A device's I/O path: its `access` (sriov is direct assignment of a virtual function); paravirtual is the hypervisor's own (VMBus on Hyper-V, else virtio). */
function pathOfDevice(vm: Vm, d: Device): IoPath {
  if (d.access === 'direct' || d.access === 'sriov') return 'direct';
  if (d.access === 'emulated') return 'emulated';
  return vm.hypervisor.io === 'vmbus' ? 'vmbus' : 'virtio';
}

/**
 * Host CPU per unit of one kind of a VM's I/O: network through its `nic`
 * devices, disk through its `disk` devices, split evenly among them (the
 * mean of their costs); with no device of that type, the hypervisor's `io`.
 */
function ioCostOf(vm: Vm, type: 'nic' | 'disk', table: Record<IoPath, number>): number {
  let sum = 0;
  let count = 0;
  for (const d of vm.devices) {
    if (d.type !== type) continue;
    sum += table[pathOfDevice(vm, d)];
    count++;
  }
  return count ? sum / count : table[vm.hypervisor.io];
}

/**
 * The host disk a container's I/O loads: the disk of the first volume it
 * mounts that names one. Only on a host with several disks (with one, that
 * disk is the pool); -1: the pool of all the host's disks.
 */
function diskOfContainer(host: Host, c: Container): number {
  if (host.disks.length < 2) return -1;
  for (const m of c.mounts) {
    const disk = m.source?.kind === 'volume' ? m.source.target?.disk : undefined;
    if (disk) return host.disks.indexOf(disk);
  }
  return -1;
}

/**
 * The host never swaps this VM's memory out: locked (`memory_locked`),
 * pinned for DMA by VFIO (a device with `access = direct` or `sriov`), or on a
 * hypervisor that never pages a running guest (params.ts, NEVER_SWAPS_GUESTS).
 * Hugepage backing has no attribute in the language yet.
 */
export function neverSwapped(vm: Vm, hostSwap: number): boolean {
  if (vm.memoryLocked || vm.devices.some((d) => d.access === 'direct' || d.access === 'sriov')) return true;
  const kind = vm.hypervisor.kind;
  return NEVER_SWAPS_GUESTS.has(kind) || (SWAPS_ONLY_WITH_HOST_SWAP.has(kind) && !(hostSwap > 0));
}

function hasMemoryDemand(vm: Vm): boolean {
  return !!vm.workload?.memory || vm.containers.some((c) => !!c.workload?.memory) || vm.vms.some(hasMemoryDemand);
}

/** The schema's defaults (core/src/schema/kinds.ts) for a node that sets no weight, and for a VM whose weight did not resolve. */
const DEFAULT_CPU_WEIGHT = attributeDefault('cgroup', 'cpu.weight') as number;
const DEFAULT_VM_WEIGHT = attributeDefault('vm', 'weight') as number;

const finiteOr = (v: number | undefined, d: number) => (typeof v === 'number' && !Number.isNaN(v) ? v : d);

/** A planned node before the arrays: what it is and where it hangs. */
interface Planned {
  kind: NodeKind;
  parent: number;
  vm?: Vm;
  container?: Container;
  level?: Group | Pod;
}

/**
 * Nodes depth-first, parents before children, each subtree contiguous:
 * a kernel's owner, then its cgroup tree — the containers at its root, its
 * groups and pods with everything beneath them. A kernel's `containers`
 * list holds every container of that kernel, so only the root ones
 * (without a cgroup parent) are taken here; the others come with their level.
 */
function nodeOrder(host: Host): Planned[] {
  const order: Planned[] = [{ kind: NodeKind.Host, parent: -1 }];
  const addLevel = (level: Group | Pod, parent: number) => {
    const self = order.length;
    order.push({ kind: NodeKind.Group, parent, level });
    if (level.kind === 'group') {
      for (const g of level.groups ?? []) addLevel(g, self);
      for (const pod of level.pods ?? []) addLevel(pod, self);
    }
    for (const c of level.containers) order.push({ kind: NodeKind.Container, parent: self, container: c });
  };
  const addCgroupTree = (owner: Host | Vm, self: number) => {
    for (const c of owner.containers) if (!c.parent) order.push({ kind: NodeKind.Container, parent: self, container: c });
    for (const g of owner.groups ?? []) addLevel(g, self);
    for (const pod of owner.pods ?? []) addLevel(pod, self);
  };
  const addVm = (vm: Vm, parent: number) => {
    const self = order.length;
    order.push({ kind: NodeKind.Vm, parent, vm });
    if (vm.workload) order.push({ kind: NodeKind.GuestSystem, parent: self, vm });
    addCgroupTree(vm, self);
    for (const inner of vm.vms) addVm(inner, self);
  };
  for (const vm of host.hypervisor?.vms ?? []) addVm(vm, 0);
  addCgroupTree(host, 0);
  return order;
}

/** The v2 weight a kernel schedules by — on a `cgroup = v1` kernel, cpu.shares: raw when known, else the weight in shares (100 ≙ 1024, as the kernel maps them). */
function weightOf(cgroup: Cgroup | undefined, v2Weight: number, v1: boolean): number {
  if (!v1) return v2Weight;
  return cgroup?.shares ?? (v2Weight * 1024) / 100;
}

/** Physical cores of the host: sockets × cores, at most its logical CPUs. */
function physicalCoresOf(host: Host): number {
  const logical = Math.max(1, finiteOr(host.cpu.logical, 1));
  const cores = Math.max(1, finiteOr(host.cpu.sockets, 1) * finiteOr(host.cpu.cores, 1));
  return Math.min(cores, logical);
}

function smtGainOf(host: Host): number {
  const threads = finiteOr(host.cpu.threads, 1);
  return threads > 1 ? (SMT_CORE_CAPACITY - 1) / (threads - 1) : 0;
}

export function planHost(host: Host): HostPlan {
  const order = nodeOrder(host);
  const v1 = host.os?.cgroup === 'v1';

  const n = order.length;
  // The 18 per-node number arrays share one buffer: one allocation per host, and one buffer to copy when the plan goes to a worker.
  const numbers = new Float64Array(18 * n);
  const ints = new Int32Array(6 * n);
  const bytes = new Uint8Array(4 * n);
  let taken = 0;
  const f64 = (fill = 0) => numbers.subarray(n * taken, n * ++taken).fill(fill);
  const p: HostPlan = {
    host,
    n,
    kind: bytes.subarray(0, n),
    parent: ints.subarray(0, n),
    childStart: ints.subarray(n, 2 * n + 1),
    childList: ints.subarray(2 * n + 1, 3 * n),
    entityOf: ints.subarray(3 * n, 4 * n),
    subtreeEnd: ints.subarray(5 * n, 6 * n),
    hostKernel: bytes.subarray(3 * n, 4 * n),
    entityCount: 0,
    entityIds: [],
    entities: [host],
    cpuWeight: f64(DEFAULT_CPU_WEIGHT),
    ioWeight: f64(DEFAULT_IO_WEIGHT),
    quota: f64(Infinity),
    burst: f64(0),
    cpuCap: f64(Infinity),
    overhead: f64(1),
    ioCpuPerOp: f64(0),
    ioCpuPerBit: f64(0),
    netCpuPerBit: new Float64Array(n),
    diskCapIops: Float64Array.from(host.disks, (d) => d.iops ?? Infinity),
    diskCapBits: Float64Array.from(host.disks, (d) => d.bandwidth ?? Infinity),
    diskMembers: [],
    memMax: f64(Infinity),
    memHigh: f64(Infinity),
    memMin: f64(0),
    memLow: f64(0),
    swapMax: f64(Infinity),
    pidsMax: f64(Infinity),
    ioMaxIops: f64(Infinity),
    ioMaxBits: f64(Infinity),
    vmMemory: f64(0),
    vmLocked: bytes.subarray(n, 2 * n),
    vmHasMemoryDemand: bytes.subarray(2 * n, 3 * n),
    vmBalloon: new Uint8Array(n),
    vmMustFit: new Uint8Array(n),
    vmMemoryMin: new Float64Array(n),
    vmGuestKernel: new Float64Array(n),
    vmStartMemory: new Float64Array(n),
    workload: new Array(n).fill(undefined),
    declaredProcesses: f64(0),
    component: ints.subarray(4 * n, 5 * n).fill(-1),
    componentSize: [],
    componentMembers: [],
    componentCores: [],
    hostMemoryNodes: new Int32Array(0),
    vmsInnermostFirst: new Int32Array(0),
    nodeOfEntity: new Int32Array(0),
    logicalCpus: Math.max(1, finiteOr(host.cpu.logical, 1)),
    physicalCores: physicalCoresOf(host),
    smtGain: smtGainOf(host),
    reserved: host.os ? finiteOr(host.os.reserved, 0) : 0,
    diskIops: host.disks.some((d) => d.iops !== undefined) ? host.disks.reduce((s, d) => s + (d.iops ?? 0), 0) : Infinity,
    diskBits: host.disks.some((d) => d.bandwidth !== undefined) ? host.disks.reduce((s, d) => s + (d.bandwidth ?? 0), 0) : Infinity,
    nicBits: host.nics.some((d) => d.bandwidth !== undefined) ? host.nics.reduce((s, d) => s + (d.bandwidth ?? 0), 0) : Infinity,
    quotaOf(entity: object) {
      const node = nodeOf.get(entity);
      return node === undefined ? Infinity : this.quota[node];
    },
  };
  const nodeOf = new Map<object, number>();
  p.entityOf[0] = 0;
  p.hostKernel[0] = 1;
  const entityIndex = new Map<object, number>([[host, 0]]);
  const childCount = new Int32Array(n);
  const hostMemory: number[] = [];
  const vms: number[] = [];
  const restrictions: { node: number; cpus: number[] }[] = [];
  const onDisk: number[][] = [];
  /** Node i's kernel: 0 for the host OS, else its innermost VM's node. */
  const kernelNode = new Int32Array(n);
  const addEntity = (i: number, entity: Entity) => {
    p.entityOf[i] = p.entities.length;
    entityIndex.set(entity, p.entities.length);
    nodeOf.set(entity, i);
    p.entities.push(entity);
  };

  for (let i = 0; i < n; i++) {
    const o = order[i];
    p.kind[i] = o.kind;
    p.parent[i] = o.parent;
    if (o.parent >= 0) {
      childCount[o.parent]++;
      kernelNode[i] = p.kind[o.parent] === NodeKind.Vm ? o.parent : kernelNode[o.parent];
      p.hostKernel[i] = kernelNode[i] === 0 ? 1 : 0;
    }
    if (o.kind === NodeKind.Vm) {
      const vm = o.vm!;
      addEntity(i, vm);
      const v2Weight = vm.cgroup?.block?.attributes.has('cpu.weight') ? vm.cgroup.cpuWeight : finiteOr(vm.weight, DEFAULT_VM_WEIGHT);
      p.cpuWeight[i] = weightOf(vm.cgroup, v2Weight, v1 && p.hostKernel[i] === 1);
      if (vm.cgroup) applyCgroup(p, i, vm.cgroup);
      const vcpus = Math.max(1, finiteOr(vm.vcpus, 1));
      const pins = !vm.outerVm && vm.pin ? vm.pin.filter((c) => c < p.logicalCpus) : [];
      p.cpuCap[i] = pins.length ? Math.min(vcpus, pins.length) : vcpus;
      if (pins.length) restrictions.push({ node: i, cpus: pins });
      p.overhead[i] = overheadOfVm(vm);
      p.ioCpuPerOp[i] = ioCostOf(vm, 'disk', IO_CPU_PER_OP);
      p.ioCpuPerBit[i] = ioCostOf(vm, 'disk', IO_CPU_PER_BIT);
      p.netCpuPerBit[i] = ioCostOf(vm, 'nic', IO_CPU_PER_BIT);
      p.vmMemory[i] = Math.max(0, finiteOr(vm.balloon ? vm.memoryMax : vm.memory, 0));
      p.vmBalloon[i] = vm.balloon ? 1 : 0;
      p.vmMemoryMin[i] = vm.balloon ? Math.min(p.vmMemory[i], Math.max(0, finiteOr(vm.memoryMin, 0))) : p.vmMemory[i];
      p.vmStartMemory[i] = vm.balloon ? Math.min(p.vmMemory[i], Math.max(p.vmMemoryMin[i], finiteOr(vm.memory, p.vmMemory[i]))) : p.vmMemory[i];
      p.vmGuestKernel[i] = GUEST_KERNEL_FOOTPRINT[(vm.guest?.kind ?? 'linux') as keyof typeof GUEST_KERNEL_FOOTPRINT] ?? GUEST_KERNEL_FOOTPRINT.linux;
      // vmLocked: memory the host never swaps (memory_locked, VFIO-pinned, or a hypervisor that never pages a running guest out).
      p.vmLocked[i] = neverSwapped(vm, host.swap) ? 1 : 0;
      p.vmMustFit[i] = p.vmLocked[i] && vm.hypervisor.type === 1 ? 1 : 0;
      p.vmHasMemoryDemand[i] = hasMemoryDemand(vm) ? 1 : 0;
      vms.push(i);
      if (o.parent === 0) hostMemory.push(i);
    } else if (o.kind === NodeKind.GuestSystem) {
      p.entityOf[i] = entityIndex.get(o.vm!)!;
      p.cpuWeight[i] = GUEST_SYSTEM_WEIGHT;
      p.workload[i] = o.vm!.workload;
    } else if (o.kind === NodeKind.Group) {
      const level = o.level!;
      addEntity(i, level);
      applyCgroup(p, i, level.cgroup);
      p.cpuWeight[i] = weightOf(level.cgroup, level.cgroup.cpuWeight, v1 && p.hostKernel[i] === 1);
      capByCpuset(p, i, level.cgroup.cpuset, kernelNode[i]);
    } else if (o.kind === NodeKind.Container) {
      const c = o.container!;
      addEntity(i, c);
      applyCgroup(p, i, c.cgroup);
      p.cpuWeight[i] = weightOf(c.cgroup, c.cgroup.cpuWeight, v1 && p.hostKernel[i] === 1);
      p.overhead[i] = 1 + (RUNTIME_OVERHEAD[c.runtime] ?? 0);
      p.workload[i] = c.workload;
      p.declaredProcesses[i] = c.processes.reduce((s, pr) => s + finiteOr(pr.count, 1), 0);
      const disk = diskOfContainer(host, c);
      if (disk >= 0) (onDisk[disk] ??= []).push(i);
      const cpuset = c.cgroup.cpuset;
      if (cpuset?.length && o.parent === 0) {
        // A host container at the root competes with pinned VMs for its CPUs: a component (planComponents).
        const inHost = cpuset.filter((x) => x < p.logicalCpus);
        if (inHost.length) {
          restrictions.push({ node: i, cpus: inHost });
          p.cpuCap[i] = inHost.length;
        }
      } else capByCpuset(p, i, cpuset, kernelNode[i]);
      if (p.hostKernel[i]) hostMemory.push(i);
    }
  }
  // CSR children lists.
  for (let i = 0; i < n; i++) p.childStart[i + 1] = p.childStart[i] + childCount[i];
  const fill = p.childStart.slice(0, n);
  for (let i = 1; i < n; i++) p.childList[fill[p.parent[i]]++] = i;
  for (let i = 0; i < n; i++) p.subtreeEnd[i] = i + 1;
  for (let i = n - 1; i >= 1; i--) if (p.subtreeEnd[i] > p.subtreeEnd[p.parent[i]]) p.subtreeEnd[p.parent[i]] = p.subtreeEnd[i];
  p.hostMemoryNodes = Int32Array.from(hostMemory);
  p.entityCount = p.entities.length;
  p.entityIds = p.entities.map((e) => e.id);
  p.nodeOfEntity = new Int32Array(p.entities.length);
  for (let i = 1; i < n; i++) if (p.kind[i] !== NodeKind.GuestSystem) p.nodeOfEntity[p.entityOf[i]] = i;
  p.vmsInnermostFirst = Int32Array.from(vms.reverse());
  planComponents(p, restrictions);
  p.diskMembers = host.disks.map((_, d) => Int32Array.from(onDisk[d] ?? []));
  return p;
}

/**
 * cpuset.cpus below the top of a kernel's tree: a cap on how many CPUs the
 * node runs on at once — the host's CPUs it names, or its VM's vCPUs. (Only a
 * host container at the root joins a pinning component: see docs/simulation.md.)
 */
function capByCpuset(p: HostPlan, i: number, cpuset: number[] | undefined, kernel: number): void {
  if (!cpuset?.length) return;
  if (kernel === 0) {
    const inHost = cpuset.filter((x) => x < p.logicalCpus).length;
    if (inHost) p.cpuCap[i] = inHost;
  } else {
    const vcpus = p.cpuCap[kernel];
    p.cpuCap[i] = Math.max(1, cpuset.filter((x) => x < vcpus).length);
  }
}

function applyCgroup(p: HostPlan, i: number, g: Cgroup): void {
  p.quota[i] = g.cpuMax > 0 ? g.cpuMax : Infinity;
  // cpu.max.burst is time at the quota's rate: burst seconds × quota CPUs… the kernel takes it in µs of CPU time, so does the schema (seconds of CPU time).
  p.burst[i] = finiteOr(g.cpuMaxBurst, 0);
  p.ioWeight[i] = finiteOr(g.ioWeight, DEFAULT_IO_WEIGHT);
  p.memMax[i] = g.memoryMax;
  p.memHigh[i] = g.memoryHigh;
  p.memMin[i] = finiteOr(g.memoryMin, 0);
  p.memLow[i] = finiteOr(g.memoryLow, 0);
  p.swapMax[i] = g.memorySwapMax;
  p.pidsMax[i] = g.pidsMax;
  p.ioMaxIops[i] = g.ioMax?.iops ?? Infinity;
  p.ioMaxBits[i] = g.ioMax?.bandwidth ?? Infinity;
}

/**
 * Pinned VMs and cpuset-restricted host containers whose CPU sets overlap
 * (or hold two SMT threads of one core) form a component: they are first shared among themselves on the
 * component's CPUs, then compete with everyone else (see docs/simulation.md).
 */
function planComponents(p: HostPlan, restrictions: { node: number; cpus: number[] }[]): void {
  if (restrictions.length === 0) return;
  // Joined by physical core, not logical CPU: work on one SMT thread slows its sibling (smtCapacity).
  const owner = new Map<number, number>(); // core → restriction index (union-find root)
  const root = restrictions.map((_, k) => k);
  const find = (k: number): number => (root[k] === k ? k : (root[k] = find(root[k])));
  restrictions.forEach((r, k) => {
    for (const cpu of r.cpus) {
      const core = cpu % p.physicalCores;
      const other = owner.get(core);
      if (other === undefined) owner.set(core, k);
      else root[find(k)] = find(other);
    }
  });
  const ids = new Map<number, number>();
  const cpusOf: Set<number>[] = [];
  const members: number[][] = [];
  restrictions.forEach((r, k) => {
    const rootK = find(k);
    let id = ids.get(rootK);
    if (id === undefined) {
      id = cpusOf.length;
      ids.set(rootK, id);
      cpusOf.push(new Set());
      members.push([]);
    }
    for (const cpu of r.cpus) cpusOf[id].add(cpu);
    members[id].push(r.node);
    p.component[r.node] = id;
  });
  p.componentSize = cpusOf.map((s) => s.size);
  p.componentCores = cpusOf.map((s) => new Set([...s].map((cpu) => cpu % p.physicalCores)).size);
  p.componentMembers = members.map((m) => Int32Array.from(m));
}

export function patternOf(w: Workload | undefined, key: 'cpu' | 'memory' | 'processes' | 'iops' | 'io' | 'network'): Pattern | undefined {
  return w?.[key];
}
