/**
 * The resolved model: what the topology means, with units normalised
 * (bytes, CPUs, seconds, hertz, bits/s, IOPS), defaults applied, references
 * resolved and entity ids assigned. Every typed object keeps its `block`,
 * so checks can point at the exact attribute or header it came from.
 *
 * Unknown values: a value written but invalid (VMX103/VMX104, VMX111) is
 * kept as its attribute with `invalid: true` and no value; a required one
 * missing (VMX108) is unknown too. The typed fields below then hold a
 * stand-in (a host's `memory` 0, a container's `memoryMax` Infinity, the
 * schema default) so the model stays total — no check may conclude from a
 * stand-in: ask `isUnknown(block, key)` first (`holdsUnknown` for a subtree).
 */
import { AttributeNode, BlockNode, FileNode, ImportNode, Span } from '../syntax/ast';
import { AttributeSpec, attributeSpec, kindSpec, requiredMissing } from '../schema';
import { LineIndex } from '../text/line-index';
import { AttributeTable } from './attributes';

export interface SourceFile {
  uri: string;
  text: string;
  ast: FileNode;
  lines: LineIndex;
  /** Files this one imports, resolved (missing ones are left out). */
  imports: { node: ImportNode; uri: string }[];
}

/** One attribute as written, validated against the schema. */
export interface ResolvedAttribute {
  /** The name as written (a v1 alias keeps its own name here). */
  name: string;
  /** The canonical (v2) name the value is stored under. */
  key: string;
  spec: AttributeSpec;
  node: AttributeNode;
  /** Normalised value; undefined when it did not validate (already reported). */
  value: unknown;
  /**
   * True when a value was written but did not validate (VMX103/VMX104, or a
   * VMX111 resource guard): the value is *unknown* — neither zero, nor the
   * default, nor absent. Checks skip every conclusion that depends on it.
   */
  invalid?: boolean;
  /** The value as written before a v1 alias converted it (`cpu.shares = 512`: 512; the value is the weight). */
  raw?: unknown;
  /** `cpu.max` written as the kernel's "QUOTA PERIOD": the period, in seconds. */
  period?: number;
}

/** A block as the resolver saw it: schema-checked, in its tree. */
export interface ResolvedBlock {
  kind: string;
  label?: string;
  node: BlockNode;
  file: SourceFile;
  parent?: ResolvedBlock;
  children: ResolvedBlock[];
  /** Attributes by canonical key; the last one written wins. */
  attributes: AttributeTable<ResolvedAttribute>;
  /** The entity this block declares, for host, vm, partition, group, pod and container. */
  entity?: Entity;
  /** False for blocks of unknown kinds or in a wrong place: kept for the outline, skipped by the model. */
  valid: boolean;
}

export type NamespaceName = 'mnt' | 'pid' | 'net' | 'ipc' | 'uts' | 'user' | 'cgroup' | 'time';
export const NAMESPACE_NAMES: NamespaceName[] = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup', 'time'];

export type NamespaceSetting =
  | { mode: 'private' }
  | { mode: 'host' }
  | { mode: 'container'; name: string; nameSpan: Span; target?: Container };

export type MountSource = { kind: 'path'; path: string } | { kind: 'volume'; name: string; nameSpan: Span; target?: Volume };

export type Pattern =
  | { type: 'constant'; value: number }
  | { type: 'burst'; base: number; peak: number; period: number; duty: number }
  | { type: 'ramp'; from: number; to: number; over: number }
  | { type: 'sine'; mean: number; amplitude: number; period: number }
  | { type: 'steps'; points: [number, number][] };

export interface IoLimit {
  /** bits per second */
  bandwidth?: number;
  iops?: number;
}

export interface UserSetting {
  name: string;
  uid?: number;
  isRoot: boolean;
}

/** Where containers and volumes live: the host OS, or a VM's guest OS. */
export interface Kernel {
  /** The entity whose kernel this is. */
  owner: Host | Vm;
  os?: string;
  /** Every container on this kernel, in groups and pods too (document order). */
  containers: Container[];
  /** Volumes of the kernel itself (a pod's own are on the pod). */
  volumes: Volume[];
  /** The groups directly under the kernel's owner (the top of its cgroup tree); nested ones are under them. */
  groups: Group[];
  /** The pods directly under the kernel's owner (not in a group). */
  pods: Pod[];
  /** The kernel this one runs inside (a VM's host or outer VM); undefined for a host. */
  outer?: Kernel;
  /** Hardware virtualization is usable by this kernel (for Kata, nested VMs). */
  hardwareVirtualization: boolean;
}

interface EntityBase {
  /** Labels of entity ancestors and itself joined by '/', e.g. `node-1/db/postgres`, `node-1/kubepods/burstable/pod-web/nginx`. */
  id: string;
  name: string;
  block: ResolvedBlock;
  host: Host;
  /** `labels { … }`: free metadata, key → value (empty when none). */
  labels: Record<string, string>;
}

export interface Cpu {
  block?: ResolvedBlock;
  sockets: number;
  cores: number;
  threads: number;
  logical: number;
  frequency?: number;
  features: string[];
}

export interface Disk {
  name: string;
  block: ResolvedBlock;
  size?: number;
  iops?: number;
  bandwidth?: number;
}

export interface Nic {
  name: string;
  block: ResolvedBlock;
  bandwidth?: number;
}

export interface Os {
  kind: string;
  block: ResolvedBlock;
  kernel?: string;
  cgroup: 'v1' | 'v2';
  reserved: number;
}

export interface Hypervisor {
  kind: string;
  block: ResolvedBlock;
  host: Host;
  type: 1 | 2;
  virtualization: 'full' | 'para' | 'hardware';
  io: 'emulated' | 'virtio' | 'vmbus';
  dda: boolean;
  /** VMs and partitions directly under it. */
  vms: Vm[];
}

export interface Host extends EntityBase {
  kind: 'host';
  memory: number;
  swap: number;
  cpu: Cpu;
  disks: Disk[];
  nics: Nic[];
  os?: Os;
  hypervisor?: Hypervisor;
  kernel: Kernel;
  /** Every container of the host OS, in groups and pods too (the kernel's list). */
  containers: Container[];
  volumes: Volume[];
  /** Top-level groups and pods of the host OS (the kernel's lists). */
  groups: Group[];
  pods: Pod[];
  /** Every VM and partition on the host, nested ones included. */
  allVms: Vm[];
  /** Every container on the host, inside VMs included. */
  allContainers: Container[];
}

export interface Guest {
  kind: string;
  block: ResolvedBlock;
  kernel?: string;
  paravirt: boolean;
}

export interface Device {
  name: string;
  block: ResolvedBlock;
  access: 'emulated' | 'paravirtual' | 'direct' | 'sriov';
  /** What it carries: a VM's network I/O goes through its `nic` devices, its disk I/O through its `disk` devices. */
  type: 'nic' | 'disk' | 'gpu' | 'other';
}

/** Where a cgroup's cpu.weight came from: written, converted from cpu.shares, from requests.cpu (kubelet), or the default. */
export type WeightSource = 'cpu.weight' | 'cpu.shares' | 'requests' | 'default';

export interface Cgroup {
  block?: ResolvedBlock;
  /** cgroup v2 weight (1–10000). */
  cpuWeight: number;
  /**
   * cgroup v1 cpu.shares when known: as written (`cpu.shares`), or the
   * kubelet's from `requests.cpu`. A `cgroup = v1` kernel schedules by these.
   */
  shares?: number;
  weightSource: WeightSource;
  /** CPUs; Infinity when unlimited. */
  cpuMax: number;
  /** The CFS period of cpu.max in seconds, when written and not the kernel's 0.1 (`cpu.max = "25000 50000"`: 0.05). */
  cpuPeriod?: number;
  /** seconds */
  cpuMaxBurst: number;
  cpuset?: number[];
  memoryMax: number;
  memoryHigh: number;
  memoryLow: number;
  memoryMin: number;
  memorySwapMax: number;
  pidsMax: number;
  ioWeight: number;
  ioMax: IoLimit;
}

export interface Workload {
  block: ResolvedBlock;
  cpu?: Pattern;
  memory?: Pattern;
  processes?: Pattern;
  iops?: Pattern;
  io?: Pattern;
  network?: Pattern;
  start: number;
  stop?: number;
}

export interface Vm extends EntityBase {
  kind: 'vm' | 'partition';
  role: 'parent' | 'child';
  hypervisor: Hypervisor;
  /** The VM this one is nested in, if any. */
  outerVm?: Vm;
  vcpus: number;
  memory: number;
  pin?: number[];
  memoryLocked: boolean;
  nested: boolean;
  weight: number;
  guest?: Guest;
  devices: Device[];
  workload?: Workload;
  cgroup?: Cgroup;
  /** `balloon = true`: the footprint moves between memoryMin and memoryMax with demand. */
  balloon: boolean;
  /** bytes; `memory` unless ballooned with `memory_min`. */
  memoryMin: number;
  /** bytes; `memory` unless ballooned with `memory_max`. */
  memoryMax: number;
  kernel: Kernel;
  /** Every container of the guest, in groups and pods too (the kernel's list). */
  containers: Container[];
  volumes: Volume[];
  /** Top-level groups and pods of the guest (the kernel's lists). */
  groups: Group[];
  pods: Pod[];
  vms: Vm[];
}

/** Where a group, pod or container sits in the cgroup tree: a group or a pod, or the kernel's root (undefined). */
export type CgroupParent = Group | Pod;

/**
 * A level of the cgroup hierarchy (a systemd slice, any parent cgroup):
 * its cgroup applies to everything beneath it, level by level.
 */
export interface Group extends EntityBase {
  kind: 'group';
  kernel: Kernel;
  /** The group this one is nested in; undefined at the top of the kernel. */
  parent?: Group;
  /** The group's own cgroup (defaults when no `cgroup` block). */
  cgroup: Cgroup;
  /** Group labels from the top of the kernel down to this one: `kubepods/burstable`. */
  path: string;
  /** Direct children, each in document order. */
  groups: Group[];
  pods: Pod[];
  containers: Container[];
}

export type QosClass = 'guaranteed' | 'burstable' | 'besteffort';

/** A Kubernetes pod: its containers share net, ipc, uts (and pid with share_pid), under its cgroup. */
export interface Pod extends EntityBase {
  kind: 'pod';
  kernel: Kernel;
  /** The group it is in; undefined directly on the kernel. */
  parent?: Group;
  cgroup: Cgroup;
  /** Group labels down to the pod and the pod's: `kubepods/burstable/pod-web`. */
  path: string;
  sharePid: boolean;
  /** As written, else derived from its containers' requests and limits (Kubernetes' rules). */
  qos: QosClass;
  qosDeclared: boolean;
  volumes: Volume[];
  containers: Container[];
}

/** Kubernetes requests of a container (normalised: CPUs, bytes). */
export interface Requests {
  block?: ResolvedBlock;
  cpu?: number;
  memory?: number;
}

export interface Volume {
  name: string;
  block: ResolvedBlock;
  kernel: Kernel;
  /** The pod it belongs to (a pod's `volume`), seen only by that pod's containers first. */
  pod?: Pod;
  path?: string;
  size?: number;
  /** `disk = "name"` as written, and the host disk it names once resolved (references.ts). */
  diskName?: string;
  disk?: Disk;
}

export interface Mount {
  name: string;
  block: ResolvedBlock;
  type: 'bind' | 'volume' | 'tmpfs';
  source?: MountSource;
  target?: string;
  mode: 'ro' | 'rw';
  /** `private` (default), `rslave`, `rshared` (and the non-recursive `shared`, `slave`, the explicit `rprivate`). */
  propagation: string;
}

export interface Process {
  name: string;
  block: ResolvedBlock;
  ring: number;
  count: number;
  user?: UserSetting;
}

export interface Container extends EntityBase {
  kind: 'container';
  kernel: Kernel;
  /** The group or pod it is in (its cgroup parent); undefined directly on the kernel. */
  parent?: CgroupParent;
  /** The pod it belongs to, whose net, ipc, uts (and pid with share_pid) namespaces it shares. */
  pod?: Pod;
  requests: Requests;
  runtime: 'runc' | 'crun' | 'kata' | 'gvisor';
  image?: string;
  user: UserSetting;
  privileged: boolean;
  /** `cap_add` as written (normalised names); what the container holds is isolation/capabilities.ts's effectiveCapabilities. */
  capabilities: string[];
  capDrop: string[];
  /** `runtime-default`, `unconfined`, or a profile path. */
  seccomp: string;
  /** `runtime-default`, `unconfined`, or a profile name. */
  apparmor: string;
  selinux?: string;
  noNewPrivileges: boolean;
  readOnlyRootfs: boolean;
  /** Device nodes passed in (`devices`). */
  devices: string[];
  platform: 'linux' | 'windows';
  namespaces: Record<NamespaceName, NamespaceSetting>;
  namespacesBlock?: ResolvedBlock;
  cgroup: Cgroup;
  mounts: Mount[];
  processes: Process[];
  workload?: Workload;
}

export type Entity = Host | Vm | Container | Group | Pod;
/** The entities that run work of their own (a host's, a VM's, a container's); groups and pods only hold them. */
export type WorkEntity = Host | Vm | Container;

export interface SimulationSettings {
  block?: ResolvedBlock;
  duration: number;
  step: number;
  seed: number;
}

export interface Model {
  root: SourceFile;
  /** Every file of the import graph, by URI (the root included). */
  files: Map<string, SourceFile>;
  topologyName?: string;
  /** Every top-level topology block across the import graph (they form one topology). */
  topologyBlocks: ResolvedBlock[];
  /** Every block, in document order per file. */
  blocks: ResolvedBlock[];
  hosts: Host[];
  vms: Vm[];
  containers: Container[];
  /** Every group and pod, in document order of each kernel. */
  groups: Group[];
  pods: Pod[];
  entities: Entity[];
  entityById: Map<string, Entity>;
  simulation: SimulationSettings;
}

/** The value of an attribute as written (undefined when unset or invalid). */
export function attr<T>(block: ResolvedBlock | undefined, key: string): T | undefined {
  return block?.attributes.get(key)?.value as T | undefined;
}

/**
 * The attribute is written with a value that did not validate: its value is
 * unknown (see ResolvedAttribute.invalid). A check whose conclusion depends
 * on it draws none; `isUnknown(b, 'a', 'b')` is true when any is unknown.
 * A required attribute that is missing (VMX108) is unknown too: the model's
 * stand-in (a host's memory 0, a VM's 1 vCPU) is no figure to compare.
 */
export function isUnknown(block: ResolvedBlock | undefined, ...keys: string[]): boolean {
  if (!block) return false;
  for (const k of keys) {
    const a = block.attributes.get(k);
    if (a ? a.invalid : isRequiredMissing(block, k)) return true;
  }
  return false;
}

/**
 * Some attribute of the block or of a block inside it is unknown (invalid,
 * or required and missing). The
 * simulation skips such a host (its VMs and containers too): figures
 * computed from a guessed value would be findings about a topology nobody
 * wrote; the VMX103/VMX104 on the value is what is reported.
 */
export function holdsUnknown(block: ResolvedBlock): boolean {
  for (const a of block.attributes.values()) if (a.invalid) return true;
  const spec = kindSpec(block.kind);
  if (spec) for (const a of spec.attributes) if (requiredMissing(a, block.attributes)) return true;
  // A required child that is missing (a host without `cpu`, VMX108) is unknown too: its stand-in is no hardware to simulate on.
  if (spec?.requiredChildren) for (const k of spec.requiredChildren) if (!block.children.some((c) => c.kind === k)) return true;
  for (const c of block.children) if (holdsUnknown(c)) return true;
  return false;
}

function isRequiredMissing(block: ResolvedBlock, key: string): boolean {
  const spec = attributeSpec(block.kind, key);
  return spec !== undefined && requiredMissing(spec, block.attributes);
}

/** The node of an attribute as written, for ranges. */
export function attrNode(block: ResolvedBlock | undefined, key: string): AttributeNode | undefined {
  return block?.attributes.get(key)?.node;
}
