/**
 * THE schema: every block kind and attribute of the language (DESIGN §3),
 * with types, units, defaults, bounds and documentation. Validation,
 * completion, hover, formatting and docs/language.md all read this file;
 * to add an attribute, add it here and nowhere else.
 */
import { CAPABILITY_NAMES } from '../isolation/capabilities';
import { sharesToWeight } from './conversions';
import { byLabel } from './defaults';
import { AttributeSpec, KindSpec } from './types';

const NAMESPACE_DOC =
  "`private` (a namespace of the container's own), `host` (the kernel's initial namespace, shared with the host or guest OS and everything else that uses `host`), or `container(\"name\")` (join that container's namespace).";

function ns(name: string, what: string, def: 'private' | 'host'): AttributeSpec {
  return {
    name,
    type: { t: 'namespace' },
    default: def,
    summary: `${what}`,
    doc: `The ${name} namespace: ${what}. ${NAMESPACE_DOC} Default \`${def}\`.`,
    valueDocs: {
      private: 'A namespace of its own: isolated from the host and from other containers.',
      host: "The kernel's initial namespace: shared with the host (or guest) OS and every other process that uses it.",
      container: 'Join another container\'s namespace: `container("name")`, a container on the same kernel.',
    },
  };
}

/**
 * A host's or VM's memory written as a bare number below 1 MiB is bytes, as
 * the language says, but no machine has 16 bytes of RAM: the unit was left
 * out (`memory = 16` for 16GiB). Refused with a did-you-mean (VMX103).
 */
const MACHINE_MEMORY_FLOOR = 1024 ** 2;

const WORKLOAD_PATTERN_DOC =
  'A plain value is constant; patterns: `constant(x)`, `burst(base = , peak = , period = , duty = )`, `ramp(from = , to = , over = )`, `sine(mean = , amplitude = , period = )`, `steps([t1, v1], [t2, v2], …)`.';

const VM_ATTRIBUTES: AttributeSpec[] = [
  {
    name: 'vcpus',
    type: { t: 'integer' },
    required: true,
    min: 1,
    max: 4096,
    summary: 'Number of virtual CPUs.',
    doc: 'Number of virtual CPUs. A vCPU is a thread the hypervisor schedules on a physical (logical) CPU: it gets at most one CPU’s worth of cycles, and it can be descheduled without the guest knowing — the guest then sees *steal time*. The sum of vCPUs on a host may exceed its logical CPUs (overcommit, VMX301), a single VM should not (VMX310).',
  },
  {
    name: 'memory',
    type: { t: 'quantity', unit: 'size', bareAtLeast: MACHINE_MEMORY_FLOOR },
    required: true,
    requiredUnless: ['balloon', 'memory_max'],
    min: 0,
    minExclusive: true,
    summary: 'Guest RAM (vRAM).',
    doc: 'Guest RAM. Each vRAM page maps to at most one physical page; when the host runs short, the hypervisor swaps vRAM out behind the guest’s back (VMX406) unless `memory_locked = true`. On a type 2 hypervisor it is carved out of the host OS’s memory (VMX305). With `balloon = true` it is the memory the VM starts with, between `memory_min` and `memory_max`; it may then be left out, and is `memory_max`.',
  },
  {
    name: 'balloon',
    type: { t: 'boolean' },
    default: false,
    summary: 'Dynamic memory: the footprint moves between memory_min and memory_max.',
    doc: 'Dynamic memory (a KVM virtio balloon, Hyper-V Dynamic Memory, Proxmox `balloon`): the hypervisor takes memory back from the guest when the host needs it and gives it back with demand, so the VM’s footprint moves between `memory_min` and `memory_max` (default false: the VM holds `memory`). `memory_min` and `memory_max` mean nothing without it (VMX103).',
  },
  {
    name: 'memory_min',
    type: { t: 'quantity', unit: 'size', bareAtLeast: MACHINE_MEMORY_FLOOR },
    min: 0,
    minExclusive: true,
    defaultText: '`memory`',
    summary: 'Least memory a ballooned VM is shrunk to.',
    doc: 'With `balloon = true`: the floor the balloon never reclaims below (Hyper-V’s Minimum RAM, Proxmox’s `balloon`). Default `memory`: the VM may grow but is never shrunk below what it starts with. At most `memory` (VMX104).',
  },
  {
    name: 'memory_max',
    type: { t: 'quantity', unit: 'size', bareAtLeast: MACHINE_MEMORY_FLOOR },
    min: 0,
    minExclusive: true,
    defaultText: '`memory`',
    summary: 'Most memory a ballooned VM grows to.',
    doc: 'With `balloon = true`: the ceiling the VM’s memory grows to with demand (Hyper-V’s Maximum RAM, libvirt’s `<memory>`). Default `memory`; at least `memory` (VMX104).',
  },
  {
    name: 'pin',
    type: { t: 'cpus' },
    summary: 'Logical CPUs the vCPUs are pinned to.',
    doc: 'Logical CPUs (numbered from 0) the vCPUs may run on: an INT, a range `0..3` or a list `[0, 2, 4..7]`. Pinning each vCPU to its own CPU (with locked memory) removes hypervisor-level scheduling — and so steal time. Overlapping pins between VMs (VMX302) make them share those CPUs; fewer pinned CPUs than vCPUs (VMX311) makes the vCPUs share.',
  },
  {
    name: 'memory_locked',
    type: { t: 'boolean' },
    default: false,
    summary: 'Lock vRAM in host memory (never swapped).',
    doc: 'Lock the VM’s memory in physical RAM (`mlock`, huge pages, Hyper-V/ESXi memory reservation): the host never swaps it, so the guest never sees the swap anomalies of two-level memory management. Locked memory must fit in the host (VMX304).',
  },
  {
    name: 'nested',
    type: { t: 'boolean' },
    default: false,
    summary: 'Expose hardware virtualization to the guest (nested virtualization).',
    doc: 'Expose VT-x/AMD-V to the guest so it can run its own hypervisor (VMs inside this VM, or Kata containers). Needs hardware virtualization on the outer level. Without it, a `vm` inside this VM is an error (VMX213) and so is `runtime = kata` (VMX214).',
  },
  {
    name: 'weight',
    type: { t: 'integer' },
    default: 100,
    min: 1,
    max: 10000,
    nature: 'share',
    summary: 'Scheduling weight of the VM against its siblings (a share, not a cap).',
    doc: 'Relative CPU weight of the VM’s vCPUs against the other VMs of the hypervisor (like Xen’s credit weight or a cgroup `cpu.weight`): work-conserving — idle share goes to others. A share, not a limit.',
  },
];

/** The kinds of hypervisor (the label of `hypervisor`): the tables below are keyed by them, so a new kind without a type does not compile. */
const HYPERVISOR_KINDS = ['kvm', 'xen', 'hyperv', 'esxi', 'virtualbox', 'vmware-workstation', 'qemu'] as const;
type HypervisorKind = (typeof HYPERVISOR_KINDS)[number];
const GUEST_KINDS = ['linux', 'windows', 'freebsd'] as const;

/** A hypervisor's type by its kind: type 1 runs on the hardware, type 2 on a host OS (VMX203 compares a written `type` with it). */
const HYPERVISOR_TYPE = { kvm: 1, xen: 1, hyperv: 1, esxi: 1, virtualbox: 2, 'vmware-workstation': 2, qemu: 2 } satisfies Record<HypervisorKind, 1 | 2>;

/** A hypervisor's device I/O path by its kind: virtio on KVM and Xen (netfront/blkfront), VMBus on Hyper-V; the others emulate. */
const HYPERVISOR_IO: Partial<Record<HypervisorKind, 'virtio' | 'vmbus'>> = { kvm: 'virtio', xen: 'virtio', hyperv: 'vmbus' };

/** Whether a guest kernel is paravirtualizable by its kind: Linux (pvops) and FreeBSD (PVH) are, Windows is not (PV drivers only). */
const GUEST_PARAVIRT = { linux: true, freebsd: true, windows: false } satisfies Record<(typeof GUEST_KINDS)[number], boolean>;

const VM_CHILDREN_DOC = 'Children: `guest`, `device`, `workload`, `container`, `volume`, `cgroup`, `group`, `pod`, `labels`, and nested `vm`.';


export const KINDS: KindSpec[] = [
  {
    name: 'topology',
    label: { t: 'name', required: false, what: 'the topology name' },
    parents: ['file'],
    summary: 'A host topology: the hosts, hypervisors, VMs and containers of one deployment.',
    doc: 'The root of a topology file. Holds the `host` blocks and an optional `simulate` block that sets how the resource simulation runs.',
    attributes: [{ name: 'description', type: { t: 'string' }, summary: 'Free text describing the topology.', doc: 'Free text describing the topology; shown in the outline and the results view.' }],
  },
  {
    name: 'simulate',
    label: { t: 'none' },
    parents: ['topology'],
    single: true,
    summary: 'Settings of the resource simulation.',
    doc: 'How the resource simulation runs: for how long (simulated time), with which time step, and which random seed (patterns that use randomness are seeded, so the same file and seed always give the same result).',
    attributes: [
      { name: 'duration', type: { t: 'quantity', unit: 'time' }, default: 60, min: 0, minExclusive: true, summary: 'Simulated time.', doc: 'How much time the simulation covers (default 60s). The CLI’s `--duration` overrides it.' },
      { name: 'step', type: { t: 'quantity', unit: 'time' }, default: 0.01, min: 0.0001, summary: 'Time step of the simulation.', doc: 'The simulation’s time step (default 10ms). CFS bandwidth periods (100ms) are accounted exactly when the step divides the period.' },
      { name: 'seed', type: { t: 'integer' }, default: 1, min: 0, summary: 'Random seed.', doc: 'Seed of the simulation’s random numbers (default 1): same file and seed ⇒ same result.' },
    ],
  },
  {
    name: 'host',
    label: { t: 'name', required: true, what: 'the host name' },
    parents: ['topology'],
    entity: true,
    requiredChildren: ['cpu'],
    summary: 'A physical machine: CPUs, memory, disks, NICs, its OS or hypervisor.',
    doc: 'A physical machine. Its CPUs run in ring 0 (kernel) to ring 3 (user code); whatever runs on it — a host OS with containers, a type 1 hypervisor with VMs, or a type 2 hypervisor on top of the host OS — shares its cores, memory, disks and NICs. Children: `cpu` (required), `disk`, `nic`, `os`, `hypervisor`, `container`, `volume`, `group`, `pod`, `labels`.',
    attributes: [
      { name: 'memory', type: { t: 'quantity', unit: 'size', bareAtLeast: MACHINE_MEMORY_FLOOR }, required: true, min: 0, minExclusive: true, summary: 'Physical RAM.', doc: 'Physical RAM of the host. VMs’ memory, the host OS’s `reserved` memory and containers draw from it; beyond it the host swaps (VMX406) or runs out (VMX410).' },
      { name: 'swap', type: { t: 'quantity', unit: 'size', bareAtLeast: MACHINE_MEMORY_FLOOR }, default: 0, min: 0, summary: 'Swap space.', doc: 'Swap space of the host (default 0). Lets the host overcommit memory — at the price of slowing whatever gets swapped out; VM memory swapped by the host is invisible to the guest (VMX406).' },
    ],
  },
  {
    name: 'cpu',
    label: { t: 'none' },
    parents: ['host'],
    single: true,
    summary: 'The host’s processors: sockets × cores × threads logical CPUs.',
    doc: 'The host’s processors. Logical CPUs = sockets × cores × threads, numbered from 0 (that is what `pin` and `cpuset.cpus` refer to). `features` says whether hardware virtualization is available: `vmx` (Intel VT-x) or `svm` (AMD-V), and `ept`/`npt` for nested paging.',
    attributes: [
      { name: 'sockets', type: { t: 'integer' }, default: 1, min: 1, max: 64, summary: 'CPU sockets.', doc: 'Number of CPU packages (default 1).' },
      { name: 'cores', type: { t: 'integer' }, required: true, min: 1, max: 1024, summary: 'Cores per socket.', doc: 'Physical cores per socket.' },
      { name: 'threads', type: { t: 'integer' }, default: 1, min: 1, max: 8, summary: 'Hardware threads per core (SMT).', doc: 'Hardware threads per core (default 1; 2 with Hyper-Threading/SMT).' },
      { name: 'frequency', type: { t: 'quantity', unit: 'frequency' }, min: 0, minExclusive: true, summary: 'Base clock.', doc: 'Base clock frequency, informational (e.g. `2.9GHz`).' },
      {
        name: 'features',
        type: { t: 'names', known: ['vmx', 'svm', 'ept', 'npt', 'vpid', 'avx', 'avx2', 'avx512', 'aes', 'sse4_2', 'smep', 'smap', 'sev', 'tdx'], open: true },
        default: [],
        summary: 'CPU feature flags (`vmx`, `svm`, `ept`, `npt`, …).',
        doc: 'CPU feature flags, as in `/proc/cpuinfo`. `vmx` (Intel VT-x) or `svm` (AMD-V) is what `virtualization = hardware` needs (VMX201): the hypervisor then runs in VMX root mode ("ring -1") and guest kernels in ring 0 of non-root mode. `ept`/`npt` add nested paging.',
        valueDocs: {
          vmx: 'Intel VT-x: hardware-assisted virtualization (VMX root / non-root modes).',
          svm: 'AMD-V (Secure Virtual Machine): hardware-assisted virtualization.',
          ept: 'Intel Extended Page Tables: nested paging in hardware.',
          npt: 'AMD Nested Page Tables (RVI): nested paging in hardware.',
          vpid: 'Intel Virtual Processor IDs: fewer TLB flushes on VM exits.',
          sev: 'AMD Secure Encrypted Virtualization: encrypted guest memory.',
          tdx: 'Intel Trust Domain Extensions: hardware-isolated guests.',
        },
      },
    ],
  },
  {
    name: 'disk',
    label: { t: 'name', required: true, what: 'the disk name' },
    parents: ['host'],
    summary: 'A disk of the host: size, IOPS and bandwidth.',
    doc: 'A block device of the host. Its IOPS and bandwidth are shared by everything doing I/O on the host — by `io.weight`, capped by `io.max` (VMX408 when saturated).',
    attributes: [
      { name: 'size', type: { t: 'quantity', unit: 'size' }, min: 0, summary: 'Capacity.', doc: 'Capacity of the disk.' },
      { name: 'iops', type: { t: 'quantity', unit: 'iops' }, min: 0, summary: 'I/O operations per second it sustains.', doc: 'Random I/O operations per second the disk sustains (e.g. `200k` for an NVMe SSD, `150` for a 7200 rpm disk).' },
      { name: 'bandwidth', type: { t: 'quantity', unit: 'rate' }, min: 0, summary: 'Sequential throughput.', doc: 'Sequential throughput (e.g. `3GBps`).' },
    ],
  },
  {
    name: 'nic',
    label: { t: 'name', required: true, what: 'the interface name' },
    parents: ['host'],
    summary: 'A network interface of the host.',
    doc: 'A network interface of the host; its bandwidth is shared by the workloads’ network I/O (VMX409 when saturated).',
    attributes: [{ name: 'bandwidth', type: { t: 'quantity', unit: 'rate' }, min: 0, summary: 'Line rate.', doc: 'Line rate of the interface (e.g. `25Gbps`).' }],
  },
  {
    name: 'os',
    label: {
      t: 'enum',
      values: ['linux', 'windows'],
      required: true,
      what: 'the OS kind',
      valueDocs: { linux: 'Linux: namespaces and cgroups, so containers; KVM makes it a type 1 hypervisor.', windows: 'Windows: with Hyper-V enabled it becomes the parent partition.' },
    },
    parents: ['host'],
    single: true,
    summary: 'The host operating system (the kernel containers share).',
    doc: 'The operating system running on the host hardware. Its kernel runs in ring 0 and is the one kernel every container on the host shares; a type 2 hypervisor runs on it as a program with a ring 0 driver, and its VMs’ memory comes out of this OS’s memory beside `reserved`.',
    attributes: [
      { name: 'kernel', type: { t: 'string' }, summary: 'Kernel version.', doc: 'Kernel version, informational (e.g. "6.8").' },
      {
        name: 'cgroup',
        type: { t: 'enum', values: ['v1', 'v2'] },
        default: 'v2',
        summary: 'cgroup version (`v1` or `v2`).',
        doc: 'The cgroup hierarchy the kernel uses (default `v2`, the unified hierarchy). v1 key names (`cpu.shares`, `cpu.cfs_quota_us`, `memory.limit_in_bytes`) are accepted as aliases either way.',
        valueDocs: { v1: 'cgroup v1: one hierarchy per controller (legacy).', v2: 'cgroup v2: the unified hierarchy (default on current distributions).' },
      },
      { name: 'reserved', type: { t: 'quantity', unit: 'size', bareAtLeast: MACHINE_MEMORY_FLOOR }, default: 0, min: 0, summary: 'Memory the OS itself keeps.', doc: 'Memory the host OS keeps for itself (kernel, page cache floor, management agents; default 0). On a type 2 hypervisor, `reserved` + VM memory must fit in the host’s memory (VMX305).' },
    ],
  },
  {
    name: 'hypervisor',
    label: {
      t: 'enum',
      values: [...HYPERVISOR_KINDS],
      required: true,
      what: 'the hypervisor kind',
      valueDocs: {
        kvm: 'KVM: turns the Linux kernel into a type 1 hypervisor; VMs are processes of the host kernel, CPU via VT-x/AMD-V, devices via QEMU or virtio.',
        xen: 'Xen: type 1 hypervisor; dom0 manages the hardware; guests run paravirtualized (PV: guest kernel in ring 1/3) or hardware-virtualized (HVM).',
        hyperv: 'Microsoft Hyper-V: type 1 hypervisor that isolates partitions; the parent partition runs the management OS and the VSPs, child partitions reach devices through VMBus.',
        esxi: 'VMware ESXi: type 1 hypervisor with its own VMkernel.',
        virtualbox: 'Oracle VirtualBox: type 2 hypervisor, a program on the host OS with a ring 0 kernel driver.',
        'vmware-workstation': 'VMware Workstation: type 2 hypervisor on a desktop OS.',
        qemu: 'QEMU without KVM (TCG): type 2, dynamic binary translation; the slowest, runs anything.',
      },
    },
    parents: ['host'],
    single: true,
    summary: 'The hypervisor on the host: its kind, type and virtualization mode.',
    doc: 'The hypervisor that runs the host’s VMs. Type 1 runs on the hardware (KVM, Xen, Hyper-V, ESXi); type 2 runs as a program on a host OS with a kernel driver (VirtualBox, VMware Workstation, QEMU/TCG). It keeps guest kernels from executing real ring 0 operations by full virtualization, paravirtualization or hardware assistance. Children: `vm`, and `partition` under Hyper-V.',
    attributes: [
      {
        name: 'type',
        type: { t: 'integer' },
        ...byLabel(HYPERVISOR_TYPE),
        min: 1,
        max: 2,
        summary: 'Hypervisor type: 1 (bare metal) or 2 (hosted).',
        doc: 'Type 1 runs directly on the hardware; type 2 runs as a program on a host OS (its VMs’ memory comes out of the host OS’s memory). Implied by the kind; writing a contradicting value is an error (VMX203).',
      },
      {
        name: 'virtualization',
        type: { t: 'enum', values: ['full', 'para', 'hardware'] },
        default: 'hardware',
        summary: 'How guest kernels are kept out of real ring 0: `full`, `para` or `hardware`.',
        doc: 'How the hypervisor keeps guest kernels from executing real ring 0 operations (default `hardware`).',
        valueDocs: {
          full: 'Full virtualization (binary translation / trap-and-emulate): the guest kernel is deprivileged to ring 1 and its privileged instructions are emulated. Unmodified guests; the slowest.',
          para: 'Paravirtualization: the guest kernel is modified to make hypercalls instead of privileged instructions (Xen PV: guest kernel in ring 1 on 32-bit, ring 3 on x86-64). Needs a PV-capable guest (Linux; not Windows).',
          hardware: 'Hardware-assisted (Intel VT-x `vmx`, AMD-V `svm`): the hypervisor runs in VMX root mode ("ring -1"), the guest kernel in ring 0 of non-root mode. Near-native CPU; needs the CPU feature.',
        },
      },
      {
        name: 'io',
        type: { t: 'enum', values: ['emulated', 'virtio', 'vmbus'] },
        ...byLabel<'emulated' | 'virtio' | 'vmbus'>(HYPERVISOR_IO, 'emulated'),
        summary: 'Device I/O path: `emulated`, `virtio` or `vmbus`.',
        doc: 'How guests reach devices. Emulated devices (QEMU) trap on every register access; paravirtual drivers (virtio, Xen netfront/blkfront, Hyper-V VSC over VMBus) batch requests through shared memory and cost far less.',
        valueDocs: {
          emulated: 'Emulated hardware (e.g. QEMU’s e1000, IDE): unmodified drivers, a trap per access — the most expensive path.',
          virtio: 'virtio paravirtual drivers: requests batched through shared rings; the standard on KVM.',
          vmbus: 'Hyper-V VMBus: child partitions’ VSCs talk to the parent partition’s VSPs over a shared-memory channel.',
        },
      },
      { name: 'dda', type: { t: 'boolean' }, default: false, summary: 'Discrete Device Assignment enabled.', doc: 'Hyper-V Discrete Device Assignment (PCIe pass-through): lets a child partition own a device directly (`access = direct`) instead of going through VMBus to the parent. Without it a direct device is an error (VMX205).' },
    ],
  },
  {
    name: 'vm',
    label: { t: 'name', required: true, what: 'the VM name' },
    parents: ['hypervisor', 'vm'],
    entity: true,
    summary: 'A virtual machine: vCPUs and vRAM scheduled by the hypervisor, its own guest kernel.',
    doc: `A virtual machine with a fixed number of vCPUs and fixed vRAM. Two levels of scheduling: the hypervisor schedules vCPUs on physical CPUs, the guest schedules its processes on its vCPUs. Its guest kernel is isolated from the host by the hypervisor. ${VM_CHILDREN_DOC}`,
    attributes: VM_ATTRIBUTES,
  },
  {
    name: 'partition',
    label: { t: 'name', required: true, what: 'the partition name' },
    parents: ['hypervisor'],
    parentLabels: { hypervisor: ['hyperv'] },
    entity: true,
    summary: 'A Hyper-V partition: the parent (management OS) or a child (a guest).',
    doc: `A Hyper-V partition: the unit of isolation of the Hyper-V hypervisor. Exactly one parent (root) partition runs the management OS, owns the hardware and hosts the Virtualization Service Providers (VSP); child partitions run guests and reach devices only through their VSCs over VMBus to the parent, unless a device is assigned directly (DDA). ${VM_CHILDREN_DOC}`,
    attributes: [
      {
        name: 'role',
        type: { t: 'enum', values: ['parent', 'child'] },
        default: 'child',
        summary: '`parent` (management OS) or `child` (default).',
        doc: 'The parent partition runs the management OS and owns the hardware; children run guests (default `child`). A Hyper-V host has exactly one parent (VMX204).',
        valueDocs: { parent: 'The root partition: management OS, device drivers and VSPs; creates the child partitions.', child: 'A guest partition: devices only through VSCs over VMBus, unless assigned directly with DDA.' },
      },
      ...VM_ATTRIBUTES,
    ],
  },
  {
    name: 'guest',
    label: {
      t: 'enum',
      values: [...GUEST_KINDS],
      required: true,
      what: 'the guest OS kind',
      valueDocs: { linux: 'Linux guest: can be paravirtualized (pvops), runs containers.', windows: 'Windows guest: cannot be paravirtualized (PV drivers only).', freebsd: 'FreeBSD guest: paravirtualizable (PVH) on Xen.' },
    },
    parents: ['vm', 'partition'],
    single: true,
    summary: 'The guest OS of a VM (its own kernel).',
    doc: 'The operating system inside the VM. Its kernel is the one the VM’s containers share: in ring 0 of VMX non-root mode under hardware virtualization, ring 1 under binary translation, ring 1 or 3 as a Xen PV guest.',
    attributes: [
      { name: 'kernel', type: { t: 'string' }, summary: 'Guest kernel version.', doc: 'Guest kernel version, informational.' },
      { name: 'paravirt', type: { t: 'boolean' }, ...byLabel(GUEST_PARAVIRT), summary: 'Guest kernel is paravirtualized (PV-capable).', doc: 'Whether the guest kernel is modified to make hypercalls (a PV kernel). Needed by `virtualization = para`; Windows cannot be (VMX202).' },
    ],
  },
  {
    name: 'device',
    label: { t: 'name', required: true, what: 'the device name' },
    parents: ['vm', 'partition'],
    summary: 'A device of a VM: emulated, paravirtual or assigned directly.',
    doc: 'A device of the VM or partition, and how the guest reaches it.',
    attributes: [
      {
        name: 'access',
        type: { t: 'enum', values: ['emulated', 'paravirtual', 'direct', 'sriov'] },
        default: 'emulated',
        summary: '`emulated`, `paravirtual`, `direct` (pass-through) or `sriov`.',
        doc: 'How the guest reaches the device (default `emulated`). `direct` assigns the physical device to the guest (PCIe pass-through / Hyper-V DDA): fastest, but the device — and its DMA — belongs to the guest. `sriov` assigns one SR-IOV virtual function of a shared physical device: direct, without DDA (no VMX205).',
        valueDocs: {
          emulated: 'The hypervisor emulates a real device model; every access traps.',
          paravirtual: 'A paravirtual driver (virtio, VMBus VSC) talks to the host through shared memory.',
          direct: 'The physical device is assigned to the guest (pass-through; Hyper-V DDA needs `dda = true`).',
          sriov: 'An SR-IOV virtual function of a physical device, assigned to the guest: direct I/O without owning the whole device, and without DDA.',
        },
      },
      {
        name: 'type',
        type: { t: 'enum', values: ['nic', 'disk', 'gpu', 'other'] },
        default: 'other',
        summary: 'What the device is: `nic`, `disk`, `gpu` or `other`.',
        doc: 'What the device carries, for the simulation: the VM’s network I/O goes through its `nic` devices and its disk I/O through its `disk` devices, each at the host CPU cost of that device’s `access` (emulated > paravirtual > sriov/direct). With no device of a kind, that I/O costs what the hypervisor’s `io` says. `gpu` and `other` carry no network or disk I/O. Default `other`.',
        valueDocs: {
          nic: 'A network interface: the VM’s network I/O goes through it.',
          disk: 'A block device (virtio-blk, SCSI, IDE, NVMe): the VM’s disk I/O goes through it.',
          gpu: 'A GPU or accelerator: no network or disk I/O.',
          other: 'Anything else (USB, serial, …): no network or disk I/O.',
        },
      },
    ],
  },
  {
    name: 'group',
    label: { t: 'name', required: true, what: 'the group name' },
    parents: ['host', 'vm', 'partition', 'group'],
    entity: true,
    summary: 'A level of the cgroup hierarchy (a systemd slice, a parent cgroup).',
    doc: 'A level of the cgroup hierarchy of its kernel: a systemd slice such as `kubepods.slice`, `system.slice`, `machine.slice`, or any parent cgroup. Its `cgroup` weights and limits apply to everything beneath it, level by level, as the kernel applies them: siblings share their parent by weight, and a child never gets more than its parent’s limit. Its id is the path of groups down to it (`node-1/kubepods/burstable`). Children: `cgroup`, `labels`, `group`, `pod`, `container`.',
    attributes: [],
  },
  {
    name: 'pod',
    label: { t: 'name', required: true, what: 'the pod name' },
    parents: ['host', 'vm', 'partition', 'group'],
    entity: true,
    summary: 'A Kubernetes pod: containers sharing network, IPC and UTS, under one cgroup.',
    doc: 'A Kubernetes pod. Its containers share one network, IPC and UTS namespace (the pause container’s) — with each other, not with the host — and the PID namespace too with `share_pid = true`. Its `cgroup` limits the sum of its containers; its `volume`s are found first by its containers’ `volume("…")`. Children: `cgroup`, `labels`, `volume`, `container`.',
    attributes: [
      { name: 'share_pid', type: { t: 'boolean' }, default: false, summary: 'The containers share one PID namespace.', doc: 'Kubernetes `shareProcessNamespace`: the containers of the pod see and can signal each other’s processes (one PID namespace, the pause container’s). Default false: each container has its own.' },
      {
        name: 'qos',
        type: { t: 'enum', values: ['guaranteed', 'burstable', 'besteffort'] },
        defaultText: 'derived from the containers’ requests and limits, as Kubernetes does',
        summary: 'Kubernetes QoS class: `guaranteed`, `burstable` or `besteffort`.',
        doc: 'The pod’s Kubernetes QoS class, which decides its cgroup parent (`kubepods`, `kubepods/burstable`, `kubepods/besteffort`) and its OOM score. Derived when omitted: `guaranteed` when every container has CPU and memory limits (`cpu.max`, `memory.max`) equal to its requests (a request left out is its limit), `besteffort` when no container has any request or limit, `burstable` otherwise.',
        valueDocs: {
          guaranteed: 'Every container’s CPU and memory requests equal its limits: the last to be OOM-killed.',
          burstable: 'Some requests or limits, not all equal: may use more than it requests.',
          besteffort: 'No requests or limits at all: the first to be OOM-killed, CPU weight 2.',
        },
      },
    ],
  },
  {
    name: 'container',
    label: { t: 'name', required: true, what: 'the container name' },
    parents: ['host', 'vm', 'partition', 'group', 'pod'],
    entity: true,
    summary: 'A container: processes of the shared kernel, isolated by namespaces, limited by cgroups.',
    doc: 'OS-level virtualization: the container’s processes run in ring 3 of the kernel of its host OS (or of its VM’s guest OS) — one shared kernel, one level of scheduling. Namespaces decide what it can see, cgroups what it may use. Children: `namespaces`, `cgroup`, `requests`, `labels`, `mount`, `process`, `workload`. In a `pod` it shares the pod’s network, IPC and UTS namespaces (and PID with `share_pid`); in a `group` or `pod` its cgroup is beneath theirs.',
    attributes: [
      {
        name: 'runtime',
        type: { t: 'enum', values: ['runc', 'crun', 'kata', 'gvisor'] },
        default: 'runc',
        summary: 'OCI runtime: `runc` (default), `crun`, `kata`, `gvisor`.',
        doc: 'The OCI runtime that starts the container (default `runc`).',
        valueDocs: {
          runc: 'runc: namespaces and cgroups on the shared kernel (the reference OCI runtime).',
          crun: 'crun: like runc (namespaces and cgroups on the shared kernel), written in C.',
          kata: 'Kata Containers: each container in a lightweight VM with its own kernel — needs hardware virtualization (VMX214).',
          gvisor: 'gVisor (runsc): a user-space kernel intercepts the container’s system calls; the host kernel sees a small surface.',
        },
      },
      { name: 'image', type: { t: 'string' }, summary: 'OCI image reference.', doc: 'The OCI image the container runs (e.g. "postgres:16").' },
      {
        name: 'user',
        type: { t: 'user' },
        default: 'root',
        summary: 'User the processes run as (`root` by default).',
        doc: 'The user the container’s processes run as: `root` (default), a name, or a numeric UID. Root in a container without a private user namespace is root of the shared kernel, limited only by capabilities and seccomp (VMX209).',
      },
      {
        name: 'privileged',
        type: { t: 'boolean' },
        default: false,
        summary: 'Privileged: root on the kernel with every capability.',
        doc: 'A privileged container gets every capability, every device and no seccomp/AppArmor confinement: it is root on the shared kernel and can take over the host (VMX207). Softened under `kata`/`gvisor`, where the "kernel" it is root of is the sandbox’s.',
      },
      {
        name: 'capabilities',
        type: {
          t: 'names',
          upper: true,
          open: false,
          known: [...CAPABILITY_NAMES],
        },
        default: [],
        summary: 'Linux capabilities added to the default set (`cap_add`).',
        doc: 'Linux capabilities added beyond the runtime’s default set (`AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_CHROOT`). Names are the kernel’s, in any case, with or without `CAP_` (`cap_sys_admin` is `SYS_ADMIN`); an unknown name is an error (VMX103). Some of them are root in all but name: `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`, `SYS_BOOT`, `NET_ADMIN`, `NET_RAW`, `DAC_READ_SEARCH`, `BPF`, `ALL` (VMX215); any other outside the Pod Security Standards Baseline set is VMX221.',
        valueDocs: {
          ALL: 'Every capability: equivalent to a privileged container without the device access.',
          SYS_ADMIN: 'The "new root": mount, namespaces, BPF, many ioctls — enough to escape most containers.',
          SYS_MODULE: 'Load kernel modules: runs code in ring 0 of the shared kernel.',
          SYS_RAWIO: 'Raw I/O ports and /dev/mem: reads and writes the host’s memory and devices.',
          SYS_PTRACE: 'Trace any process it can see: with a shared pid namespace, the host’s processes.',
          SYS_BOOT: 'Reboot the machine and load a new kernel (kexec).',
          NET_ADMIN: 'Reconfigure interfaces, routes, firewall: with the host network, the host’s.',
          NET_RAW: 'Raw sockets: spoofing and sniffing on its network.',
          DAC_READ_SEARCH: 'Bypass read permission checks; open_by_handle_at escapes bind mounts (the "shocker" exploit).',
          BPF: 'Load BPF programs into the shared kernel.',
          NET_BIND_SERVICE: 'Bind ports below 1024: harmless, in the default set.',
        },
      },
      {
        name: 'cap_add',
        type: { t: 'names', upper: true, open: false, known: [...CAPABILITY_NAMES] },
        aliasOf: 'capabilities',
        summary: 'Linux capabilities added to the default set (alias of `capabilities`).',
        doc: 'The same as `capabilities`, under Docker’s and Compose’s name.',
      },
      {
        name: 'cap_drop',
        type: { t: 'names', upper: true, open: false, known: [...CAPABILITY_NAMES] },
        default: [],
        summary: 'Linux capabilities dropped from the default set (`ALL` drops every one).',
        doc: 'Capabilities removed from what the container holds: effective = (default ∪ `capabilities`) − `cap_drop`. `ALL` drops every one, and then only what `capabilities` adds is held (`cap_drop = [ALL]` with `capabilities = [NET_BIND_SERVICE]`, the Pod Security Standards Restricted form). Not dropping `NET_RAW` keeps raw sockets (VMX222).',
        valueDocs: {
          ALL: 'Every capability: the container keeps only what `capabilities` adds back.',
          NET_RAW: 'Raw sockets, in the runtime default set: drop it unless the container pings or sniffs.',
        },
      },
      {
        name: 'seccomp',
        type: { t: 'enum', values: ['runtime-default', 'unconfined'], orString: true },
        default: 'runtime-default',
        summary: 'seccomp profile: `runtime-default` (default), `unconfined`, or a profile path.',
        doc: 'The system-call filter: `runtime-default` (the runtime’s profile, default), `unconfined` (none: every system call of the kernel is reachable, VMX217), or the path of a profile in quotes.',
        valueDocs: { 'runtime-default': 'The runtime’s default profile: blocks about 50 rarely needed, dangerous system calls.', unconfined: 'No filter: every system call of the shared kernel is reachable (VMX217).' },
      },
      {
        name: 'apparmor',
        type: { t: 'enum', values: ['runtime-default', 'unconfined'], orString: true },
        default: 'runtime-default',
        summary: 'AppArmor profile: `runtime-default` (default), `unconfined`, or a profile name.',
        doc: 'The AppArmor profile: `runtime-default` (`docker-default` or the runtime’s, default), `unconfined` (no mandatory access control, VMX217), or a profile name in quotes.',
        valueDocs: { 'runtime-default': 'The runtime’s default profile (docker-default).', unconfined: 'No AppArmor confinement (VMX217).' },
      },
      { name: 'selinux', type: { t: 'string' }, summary: 'SELinux type of the container’s processes.', doc: 'The SELinux type label of the container’s processes (e.g. "container_t"). `"spc_t"`, the super-privileged container type, is unconfined (VMX217).' },
      { name: 'no_new_privileges', type: { t: 'boolean' }, default: false, summary: 'Forbid privilege escalation (setuid, file capabilities).', doc: 'Sets the kernel’s no_new_privs flag: setuid binaries and file capabilities cannot raise a process’s privileges (Kubernetes `allowPrivilegeEscalation: false`). Default false (VMX223).' },
      { name: 'read_only_rootfs', type: { t: 'boolean' }, default: false, summary: 'Mount the root filesystem read-only.', doc: 'Mounts the image’s root filesystem read-only: nothing in the container can change its binaries; writable places are mounts (`tmpfs`, volumes). Default false (VMX224).' },
      {
        name: 'devices',
        type: { t: 'names', open: true, known: [] },
        default: [],
        summary: 'Host device nodes passed in ("/dev/…").',
        doc: 'Device nodes of the container’s kernel passed into it (`--device`), as paths in quotes: `["/dev/fuse"]`. Each one is kernel hardware the container reaches (VMX219); block devices and `/dev/mem`, `/dev/kmem`, `/dev/port` are errors.',
      },
      {
        name: 'platform',
        type: { t: 'enum', values: ['linux', 'windows'] },
        default: 'linux',
        summary: '`linux` (default) or `windows`.',
        doc: 'The container’s operating system (default `linux`). A Windows container has no namespaces, cgroups or capabilities: it is limited by job objects, `cpu.max` and `memory.max` only, and the Linux-only checks do not apply to it.',
        valueDocs: { linux: 'A Linux container: namespaces, cgroups, capabilities, seccomp.', windows: 'A Windows container (process or Hyper-V isolation): job objects, no Linux isolation features.' },
      },
    ],
  },
  {
    name: 'namespaces',
    label: { t: 'none' },
    parents: ['container'],
    single: true,
    summary: 'Which Linux namespaces the container has of its own, shares with the host, or joins.',
    doc: `Linux namespaces decide what the container's processes can see. Each is ${NAMESPACE_DOC} Sharing \`pid\`, \`net\`, \`ipc\`, \`uts\`, \`mnt\` or \`cgroup\` with the host removes that isolation (VMX208); joining another container's (VMX216) makes the two one unit.`,
    attributes: [
      ns('mnt', 'the mount table (filesystems it sees)', 'private'),
      ns('pid', 'process IDs (which processes it can see and signal)', 'private'),
      ns('net', 'network interfaces, addresses, ports, routes, firewall', 'private'),
      ns('ipc', 'System V IPC and POSIX message queues, shared memory', 'private'),
      ns('uts', 'host and domain name', 'private'),
      ns('user', 'user and group IDs (root inside mapped to an unprivileged user outside when private)', 'host'),
      ns('cgroup', 'the view of the cgroup hierarchy', 'private'),
      ns('time', 'boot and monotonic clocks', 'private'),
    ],
  },
  {
    name: 'requests',
    label: { t: 'none' },
    parents: ['container'],
    single: true,
    summary: 'Kubernetes requests: the CPU and memory the scheduler reserves.',
    doc: 'The container’s Kubernetes resource requests: what the scheduler reserves for it on the node. Not a limit. `requests.cpu` is the source of the container’s `cpu.weight` when its cgroup sets neither `cpu.weight` nor `cpu.shares` (the kubelet’s conversion: shares = max(2, milli-CPUs × 1024 / 1000); on cgroup v2, weight = 1 + (shares − 2) × 9999 / 262142). Requests and limits decide the pod’s QoS class.',
    attributes: [
      { name: 'cpu', type: { t: 'quantity', unit: 'cpu' }, min: 0, summary: 'CPU requested (`250m`, `1`).', doc: 'CPUs requested (`250m` is a quarter CPU). Sets the CPU weight under contention, not a cap; a cap is `cgroup { cpu.max }`.' },
      { name: 'memory', type: { t: 'quantity', unit: 'size' }, min: 0, summary: 'Memory requested (`256Mi`).', doc: 'Memory requested: what the scheduler counts against the node’s allocatable memory. Not a limit; a limit is `cgroup { memory.max }`.' },
    ],
  },
  {
    name: 'labels',
    label: { t: 'none' },
    parents: ['host', 'vm', 'partition', 'group', 'pod', 'container'],
    single: true,
    summary: 'Free metadata: `KEY = "value"` pairs, never checked.',
    doc: 'Free metadata carried through import, discovery and the JSON outputs: any `KEY = "value"`, KEY a name (`app = "web"`, dotted allowed: `tier.level = "1"`) or a string (`"app.kubernetes.io/name" = "web"`). Values are strings. Nothing is checked or simulated from them.',
    attributes: [],
    freeAttributes: { type: { t: 'string' }, summary: 'A label.', doc: 'A label: free text, in quotes.' },
  },
  {
    name: 'cgroup',
    label: { t: 'none' },
    parents: ['container', 'vm', 'partition', 'group', 'pod'],
    single: true,
    summary: 'cgroup limits: what the group may use (CPU, memory, pids, I/O).',
    doc: 'Control-group settings (cgroup v2 names; v1 names accepted as aliases). Not all are limits: `cpu.weight` and `io.weight` are shares (work-conserving, idle share goes to others), `memory.min`/`memory.low` are protections, `memory.high` throttles; `cpu.max`, `memory.max`, `pids.max`, `io.max` are hard limits.',
    attributes: [
      { name: 'cpu.weight', type: { t: 'integer' }, default: 100, min: 1, max: 10000, nature: 'share', summary: 'CPU share (1–10000, default 100).', doc: 'Proportional CPU share against sibling groups (1–10000, default 100). Work-conserving: it only matters under contention, and an idle group’s share goes to the busy ones. A share, not a limit: it never caps a group that has the CPU to itself. In a container that sets neither it nor `cpu.shares`, `requests.cpu` sets it as the kubelet does (shares = max(2, milli-CPUs × 1024 / 1000), then runc’s weight conversion: 250m is weight 10).' },
      { name: 'cpu.max', type: { t: 'quantity', unit: 'cpu', unlimited: true, kernelString: 'cpu.max' }, min: 0, minExclusive: true, nature: 'hard-limit', summary: 'Hard CPU quota per period (CFS bandwidth).', doc: 'Hard CPU quota: at most this many CPUs’ worth of time per period (100ms). Over it the group is throttled until the next period, even if CPUs are idle (VMX402). `max` = no limit (default). Written as CPUs (`2`, `500m`, `50%`), or as the kernel writes the file: `"QUOTA PERIOD"` in microseconds (`"50000 100000"` is 0.5 CPU; `"max 100000"` or `"max"`, no limit; the period, 1000–1000000 µs, is kept).', valueSnippet: '${1:1}' },
      { name: 'cpu.max.burst', type: { t: 'quantity', unit: 'time' }, default: 0, min: 0, nature: 'hard-limit', summary: 'Unused quota that may carry over (burst).', doc: 'How much unused `cpu.max` quota may accumulate and be spent in later periods (cgroup v2 `cpu.max.burst`, default 0).' },
      { name: 'cpuset.cpus', type: { t: 'cpus' }, nature: 'placement', summary: 'CPUs the group may run on.', doc: 'Logical CPUs the group’s tasks may run on (an INT, a range, a list, or the kernel’s "0-3,8" string). Placement, not a quota.' },
      { name: 'memory.max', type: { t: 'quantity', unit: 'size', unlimited: true }, min: 0, nature: 'hard-limit', summary: 'Hard memory limit: reclaim, then OOM kill.', doc: 'Hard memory limit. Above it the kernel reclaims, and if that fails the OOM killer kills a process of the group (VMX405). `max` = no limit (default). A container without it can take the host’s memory (VMX308).' },
      { name: 'memory.high', type: { t: 'quantity', unit: 'size', unlimited: true }, min: 0, nature: 'throttle', summary: 'Memory throttle point: reclaim and slow down, no OOM.', doc: 'Memory usage throttle limit: above it the group’s allocations are slowed and reclaimed aggressively, but nothing is killed (VMX404). The main mechanism to control a group’s memory without OOM kills.' },
      { name: 'memory.low', type: { t: 'quantity', unit: 'size' }, default: 0, min: 0, nature: 'protection', summary: 'Best-effort memory protection.', doc: 'Best-effort protection: the group’s memory below this is not reclaimed unless there is nothing else to reclaim. A protection, not a limit.' },
      { name: 'memory.min', type: { t: 'quantity', unit: 'size' }, default: 0, min: 0, nature: 'protection', summary: 'Hard memory protection.', doc: 'Hard protection: memory below this is never reclaimed. Overcommitting it (sum above what the parent has, VMX307) makes the kernel OOM-kill elsewhere. A protection, not a limit.' },
      { name: 'memory.swap.max', type: { t: 'quantity', unit: 'size', unlimited: true }, min: 0, nature: 'hard-limit', summary: 'Hard swap limit.', doc: 'Hard limit on the group’s swap usage (`max` by default; `0` disables swap for the group).' },
      { name: 'pids.max', type: { t: 'quantity', unit: 'count', unlimited: true, integer: true }, min: 0, nature: 'hard-limit', summary: 'Hard limit on processes/threads: fork fails beyond it.', doc: 'Hard limit on the number of processes and threads: `fork()`/`clone()` fails with EAGAIN beyond it (VMX407). Stops fork bombs; a container without it can exhaust the host’s PID space (VMX309).' },
      { name: 'io.weight', type: { t: 'integer' }, default: 100, min: 1, max: 10000, nature: 'share', summary: 'I/O share (1–10000, default 100).', doc: 'Proportional I/O share against sibling groups (1–10000, default 100); work-conserving, like `cpu.weight`.' },
      { name: 'io.max', type: { t: 'ioLimit' }, nature: 'hard-limit', summary: 'Hard I/O cap: bandwidth and/or IOPS.', doc: 'Hard I/O limit: a data rate (`200MBps`), an I/O rate (`5000iops`) or both in a list. Over it the group’s I/O is delayed (VMX408).' },
      { name: 'cpu.shares', type: { t: 'integer' }, min: 2, max: 262144, aliasOf: 'cpu.weight', convert: sharesToWeight, nature: 'share', summary: 'cgroup v1 CPU shares (alias of cpu.weight).', doc: 'cgroup v1 CPU shares (2–262144, default 1024), converted to `cpu.weight` as runc does: weight = 1 + (shares − 2) × 9999 / 262142 in whole numbers (1024 shares are weight 39). On a `cgroup = v1` host the simulation uses the shares as written.' },
      { name: 'cpu.cfs_quota_us', type: { t: 'integer' }, min: -1, aliasOf: 'cpu.max', convert: (us) => (us < 0 ? Infinity : us / 100000), nature: 'hard-limit', summary: 'cgroup v1 CFS quota in µs per 100ms (alias of cpu.max).', doc: 'cgroup v1 CFS quota in microseconds per 100ms period (-1 = no limit); `cpu.max` = quota / 100000 CPUs.' },
      { name: 'memory.limit_in_bytes', type: { t: 'quantity', unit: 'size', unlimited: true, bareScale: 1 }, min: 0, aliasOf: 'memory.max', nature: 'hard-limit', summary: 'cgroup v1 memory limit (alias of memory.max).', doc: 'cgroup v1 memory limit, in bytes or with a unit: the same as `memory.max`.' },
    ],
  },
  {
    name: 'volume',
    label: { t: 'name', required: true, what: 'the volume name' },
    parents: ['host', 'vm', 'partition', 'pod'],
    summary: 'A named volume: a directory of this kernel’s filesystem that containers mount.',
    doc: 'A named volume: a directory of the filesystem of the kernel it is declared in (the host OS, or a VM’s guest). Containers mount it with `source = volume("name")`; it cannot cross a VM boundary (VMX212).',
    attributes: [
      { name: 'path', type: { t: 'path' }, summary: 'Directory that backs the volume.', doc: 'The directory backing the volume, on this kernel’s filesystem.' },
      { name: 'size', type: { t: 'quantity', unit: 'size' }, min: 0, summary: 'Capacity.', doc: 'Capacity of the volume.' },
      {
        name: 'disk',
        type: { t: 'string' },
        summary: 'The host `disk` the volume lives on.',
        doc: 'The name of the host’s `disk` block the volume lives on: the I/O of the containers that mount it loads that disk — its `iops` and `bandwidth` — not a pool of all the host’s disks (VMX106 when the host has no such disk). Without it, a volume on a host with one disk is on that disk; with several, its I/O goes to the pool of all of them.',
      },
    ],
  },
  {
    name: 'mount',
    label: { t: 'name', required: true, what: 'the mount name' },
    parents: ['container'],
    summary: 'A mount into the container: bind, volume or tmpfs.',
    doc: 'A filesystem mounted into the container. A bind mount makes a directory of the kernel’s filesystem appear in the container — convenient, and an isolation hole when it is sensitive (VMX210) or writable from several containers (VMX211).',
    attributes: [
      {
        name: 'type',
        type: { t: 'enum', values: ['bind', 'volume', 'tmpfs'] },
        default: 'bind',
        summary: '`bind` (default), `volume` or `tmpfs`.',
        doc: 'What is mounted (default `bind`).',
        valueDocs: { bind: 'A directory of the kernel’s filesystem, seen in the container: changes are shared both ways.', volume: 'A named volume (`source = volume("name")`).', tmpfs: 'Memory-backed scratch space, private to the container.' },
      },
      { name: 'source', type: { t: 'mountSource' }, summary: 'Host path (a string) or `volume("name")`.', doc: 'What is mounted: an absolute path of the container’s kernel (a string), or `volume("name")`. Sensitive paths (`/`, `/etc`, `/proc`, `/sys`, `/var/run/docker.sock`, …) are errors (VMX210), warnings read-only; device nodes (`/dev/…`) are VMX219; any other path is information (VMX220).' },
      { name: 'target', type: { t: 'path' }, required: true, summary: 'Path inside the container.', doc: 'Where the mount appears inside the container.' },
      {
        name: 'mode',
        type: { t: 'enum', values: ['ro', 'rw'] },
        default: 'rw',
        summary: '`ro` or `rw` (default).',
        doc: 'Read-only or read-write (default `rw`). A source mounted `rw` into two or more containers lets each tamper with what the others read (VMX211).',
        valueDocs: { ro: 'Read-only: the container cannot change it.', rw: 'Read-write: the container can change it, and every other mounter sees the change.' },
      },
      {
        name: 'propagation',
        type: { t: 'enum', values: ['private', 'rslave', 'rshared', 'rprivate', 'shared', 'slave'] },
        default: 'private',
        summary: 'Mount propagation: `private` (default), `rslave` or `rshared`.',
        doc: 'Mount propagation (default `private`): `private`, `rslave` or `rshared` (the non-recursive `shared`, `slave` and the explicit `rprivate` are accepted too). `rshared`/`shared` let mounts made inside the container appear on the host (VMX218).',
        valueDocs: {
          private: 'No propagation either way (default).',
          rprivate: 'No propagation either way, recursively.',
          shared: 'Mounts propagate both ways: the container can add mounts the host sees.',
          rshared: 'Mounts propagate both ways, recursively.',
          slave: 'Host mounts propagate into the container, not back.',
          rslave: 'Host mounts propagate into the container, not back, recursively.',
        },
      },
    ],
  },
  {
    name: 'process',
    label: { t: 'name', required: true, what: 'the process name' },
    parents: ['container'],
    summary: 'A process of the container (ring, count, user).',
    doc: 'A process the container runs. Container processes are ordinary processes of the shared kernel: ring 3. Ring 0 is that kernel’s, not the container’s (VMX206).',
    attributes: [
      { name: 'ring', type: { t: 'integer' }, default: 3, min: 0, max: 3, summary: 'CPU protection ring (0–3, default 3).', doc: 'The x86 protection ring the process runs in: 0 is the kernel, 3 user code (default). A container process is always ring 3 of its kernel; anything else is an error (VMX206).' },
      { name: 'count', type: { t: 'quantity', unit: 'count', integer: true }, default: 1, min: 0, summary: 'How many instances.', doc: 'How many instances of the process run (default 1); counts against `pids.max`.' },
      { name: 'user', type: { t: 'user' }, summary: 'User it runs as.', doc: 'The user the process runs as; defaults to the container’s `user`.' },
    ],
  },
  {
    name: 'workload',
    label: { t: 'none' },
    parents: ['vm', 'partition', 'container'],
    single: true,
    summary: 'What the VM or container demands over time (drives the simulation).',
    doc: `The demand the simulation applies to the VM or container. ${WORKLOAD_PATTERN_DOC}`,
    attributes: [
      { name: 'cpu', type: { t: 'pattern', unit: 'cpu' }, summary: 'CPU demand, in CPUs.', doc: `CPU demand in CPUs (\`2\`, \`500m\`, \`150%\`). ${WORKLOAD_PATTERN_DOC}`, valueSnippet: 'burst(base = ${1:0.5}, peak = ${2:2}, period = ${3:10s}, duty = ${4:20%})' },
      { name: 'memory', type: { t: 'pattern', unit: 'size' }, summary: 'Memory demand.', doc: `Memory demand (resident set). ${WORKLOAD_PATTERN_DOC}`, valueSnippet: 'ramp(from = ${1:1GiB}, to = ${2:4GiB}, over = ${3:60s})' },
      { name: 'processes', type: { t: 'pattern', unit: 'count' }, summary: 'Processes/threads wanted.', doc: `Number of processes and threads the workload tries to run (counts against \`pids.max\`). ${WORKLOAD_PATTERN_DOC}` },
      { name: 'iops', type: { t: 'pattern', unit: 'iops' }, summary: 'Disk I/O operations per second.', doc: `Disk I/O operations per second. ${WORKLOAD_PATTERN_DOC}` },
      { name: 'io', type: { t: 'pattern', unit: 'rate' }, summary: 'Disk throughput.', doc: `Disk throughput. ${WORKLOAD_PATTERN_DOC}` },
      { name: 'network', type: { t: 'pattern', unit: 'rate' }, summary: 'Network throughput.', doc: `Network throughput over the host’s NICs. ${WORKLOAD_PATTERN_DOC}` },
      { name: 'start', type: { t: 'quantity', unit: 'time' }, default: 0, min: 0, summary: 'When the demand starts.', doc: 'Simulated time at which the workload starts (default 0s).' },
      { name: 'stop', type: { t: 'quantity', unit: 'time' }, min: 0, summary: 'When the demand stops.', doc: 'Simulated time at which the workload stops (default: the end of the run).' },
    ],
  },
];
