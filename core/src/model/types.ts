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
import { AttributeSpec, attributeSpec, kindSpec } from '../schema';
import { LineIndex } from '../text/line-index';

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
  attributes: Map<string, ResolvedAttribute>;
  /** The entity this block declares, for host, vm, partition and container. */
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
  containers: Container[];
  volumes: Volume[];
  /** The kernel this one runs inside (a VM's host or outer VM); undefined for a host. */
  outer?: Kernel;
  /** Hardware virtualization is usable by this kernel (for Kata, nested VMs). */
  hardwareVirtualization: boolean;
}

interface EntityBase {
  /** Labels of entity ancestors and itself joined by '/', e.g. `node-1/db/postgres`. */
  id: string;
  name: string;
  block: ResolvedBlock;
  host: Host;
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
  containers: Container[];
  volumes: Volume[];
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
}

export interface Cgroup {
  block?: ResolvedBlock;
  cpuWeight: number;
  /** CPUs; Infinity when unlimited. */
  cpuMax: number;
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
  kernel: Kernel;
  containers: Container[];
  volumes: Volume[];
  vms: Vm[];
}

export interface Volume {
  name: string;
  block: ResolvedBlock;
  kernel: Kernel;
  path?: string;
  size?: number;
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

export type Entity = Host | Vm | Container;

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
    if (a ? a.invalid : attributeSpec(block.kind, k)?.required) return true;
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
  if (spec) for (const a of spec.attributes) if (a.required && !block.attributes.has(a.name)) return true;
  for (const c of block.children) if (holdsUnknown(c)) return true;
  return false;
}

/** The node of an attribute as written, for ranges. */
export function attrNode(block: ResolvedBlock | undefined, key: string): AttributeNode | undefined {
  return block?.attributes.get(key)?.node;
}
