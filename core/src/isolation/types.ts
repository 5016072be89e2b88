/**
 * The privilege and isolation model: where everything in a topology runs —
 * which kernel, which x86 ring, which CPU mode, behind which isolation
 * boundary, and which namespaces it shares with whom. Checks and hovers
 * read this; nothing else re-derives it.
 */
import { Container, Entity, Hypervisor, Kernel, NamespaceName, Pod, Process } from '../model/types';

/**
 * The CPU mode code runs in:
 * - `native`: plain protection rings, no virtualization layer under it;
 * - `vmx-root` / `vmx-non-root`: Intel VT-x / AMD-V root and guest modes;
 * - `deprivileged`: a guest kernel moved out of ring 0 by binary translation or paravirtualization, running natively;
 * - `emulated`: instructions translated by QEMU's TCG inside a user process.
 */
export type CpuMode = 'native' | 'vmx-root' | 'vmx-non-root' | 'deprivileged' | 'emulated';

/** What separates a piece of code from the rest of the machine. */
export type Boundary =
  | 'hardware'
  | 'hypervisor'
  | 'host-process'
  | 'hardware-vm'
  | 'paravirtualized-vm'
  | 'emulated-vm'
  | 'hyperv-parent-partition'
  | 'hyperv-child-partition'
  | 'container-namespaces'
  | 'kata-vm'
  | 'gvisor-sandbox';

export const BOUNDARY_TEXT: Record<Boundary, string> = {
  hardware: 'the physical machine',
  hypervisor: 'the hypervisor itself',
  'host-process': 'a process of the host OS (type 2 hypervisor)',
  'hardware-vm': 'a hardware-virtualized VM',
  'paravirtualized-vm': 'a paravirtualized VM',
  'emulated-vm': 'a fully virtualized (binary-translated or emulated) VM',
  'hyperv-parent-partition': 'the Hyper-V parent (root) partition',
  'hyperv-child-partition': 'a Hyper-V child partition',
  'container-namespaces': 'Linux namespaces and cgroups on a shared kernel',
  'kata-vm': "Kata Containers' lightweight VM (its own guest kernel)",
  'gvisor-sandbox': "gVisor's user-space kernel (system calls intercepted)",
};

/** Where code runs. `ring` is the real x86 ring the CPU is in while running it. */
export interface Placement {
  /** The kernel whose ring 0 it is (or whose processes it is); undefined for code under every kernel (a type 1 hypervisor). */
  kernel?: Kernel;
  /** Human name of that kernel: "the host OS of node-1", "the guest OS of vm db". */
  kernelName: string;
  ring: 0 | 1 | 2 | 3;
  mode: CpuMode;
  boundary: Boundary;
  /** One or two sentences: where it runs and why. */
  explanation: string;
}

/** Where a hypervisor itself runs. */
export interface HypervisorPlacement extends Placement {
  type: 1 | 2;
  /** Type 1 runs on the hardware; type 2 is a host process with a ring 0 driver. */
  placement: 'bare-metal' | 'host-process';
  /** Type 2 only: its ring 0 kernel driver (vboxdrv, vmmon, kvm), which enters VMX root mode under hardware virtualization. */
  driver?: { ring: 0; mode: CpuMode };
}

/** One namespace of a container, after following joins transitively. */
export interface NamespaceShare {
  name: NamespaceName;
  /**
   * `own`: the container's private namespace; `host`: the kernel's initial one;
   * `container`: the private namespace of `owner`, joined (possibly through other containers);
   * `cycle`: joins that loop without an owner (the runtime cannot start these);
   * `pod`: the namespace of `pod` (its pause container's), shared by its containers.
   */
  kind: 'own' | 'host' | 'container' | 'cycle' | 'pod';
  /** The container whose private namespace this is (`own`: itself; `container`: the end of the chain). */
  owner?: Container;
  /** `pod`: the pod whose namespace it is. */
  pod?: Pod;
  /** The containers followed, in order, from the one that joined (excluded) to the owner (included). */
  via: Container[];
  /** Other containers of the same kernel in the same namespace instance. */
  sharedWith: Container[];
  /** The namespace is the kernel's own: shared with the host (or guest) OS and everything else using `host`. */
  withHost: boolean;
}

export interface ContainerIsolation {
  /** Where the container's processes run. */
  processes: Placement;
  /** The kernel it is root of when privileged (the sandbox's under Kata and gVisor). */
  rootOf: string;
  namespaces: Record<NamespaceName, NamespaceShare>;
  /** Root of the shared kernel unless a private user namespace maps it away. */
  rootOnKernel: boolean;
}

export interface IsolationModel {
  /** Hosts (the host OS kernel), VMs and partitions (their guest kernel), containers (their processes), groups and pods (levels of their kernel's cgroup tree). */
  entity(e: Entity): Placement;
  hypervisor(h: Hypervisor): HypervisorPlacement;
  /** A container's declared process: always ring 3 of its kernel, whatever `ring` says. */
  process(p: Process, c: Container): Placement;
  container(c: Container): ContainerIsolation;
  /** A container's namespace after following joins. */
  namespace(c: Container, name: NamespaceName): NamespaceShare;
}
