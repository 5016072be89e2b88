/**
 * THE table of model parameters. Every figure the engine uses that is not
 * written in the topology lives here, with where it comes from; the table
 * in docs/simulation.md mirrors it. Where the literature gives a range, the
 * value is a round figure inside it — the simulation is for spotting
 * contention, not for predicting benchmark scores.
 */
import { DEFAULT_THRESHOLDS } from '../config';
import { attributeDefault } from '../schema';

/** CFS bandwidth period (cgroup v2 `cpu.max` default period; kernel Documentation/scheduler/sched-bwc.rst): one definition, in the schema. */
export { CFS_PERIOD } from '../schema/conversions';

/**
 * Extra CPU a VM burns per unit of guest work, by virtualization mode.
 * - hardware (VT-x/AMD-V + EPT/NPT): a few % on CPU-bound work — Adams & Agesen,
 *   "A Comparison of Software and Hardware Techniques for x86 Virtualization", ASPLOS 2006;
 *   VMware, "Performance Evaluation of Intel EPT Hardware Assist", 2009.
 * - para (Xen PV): within a few % of native on SPEC CPU, more on OS-heavy work —
 *   Barham et al., "Xen and the Art of Virtualization", SOSP 2003.
 * - full (binary translation / trap-and-emulate): ~10–20% on system-heavy work —
 *   Adams & Agesen 2006 (BT), Barham et al. 2003 (VMware Workstation figures).
 * - tcg (QEMU without KVM, pure emulation): 5–10× slower — Bellard, "QEMU, a Fast and
 *   Portable Dynamic Translator", USENIX ATC 2005.
 */
export const CPU_OVERHEAD = { hardware: 0.03, para: 0.05, full: 0.15, tcg: 4.0 } as const;

/**
 * Work one physical core does with all its SMT threads busy, in cores (1 with
 * one thread busy). Intel gives Hyper-Threading "up to 30%" more throughput
 * (Marr et al., "Hyper-Threading Technology Architecture and
 * Microarchitecture", Intel Technology Journal 6(1), 2002); measured SPEC
 * CPU rate gains are 15–30% (Bulpin & Pratt, "Multiprogramming Performance of
 * the Pentium 4 with Hyper-Threading", WDDD 2004). We take 1.25: two busy
 * sibling threads give 1.25 cores, each running at 0.625 of a core.
 */
export const SMT_CORE_CAPACITY = 1.25;

/** Nested virtualization: every exit of the inner guest is handled by two hypervisors — Ben-Yehuda et al., "The Turtles Project", OSDI 2010 (6–14% on CPU-bound work). */
export const NESTED_OVERHEAD = 0.1;

/**
 * Host CPU time per guest I/O operation, by I/O path (seconds of one CPU).
 * - emulated (e.g. QEMU IDE/e1000): several VM exits per request, ~50 µs —
 *   Russell, "virtio: Towards a De-Facto Standard for Virtual I/O Devices", OSR 2008;
 *   Har'El et al., "Efficient and Scalable Paravirtual I/O System (ELVIS)", USENIX ATC 2013.
 * - virtio: one notification per batch, ~10 µs — Russell 2008; ELVIS 2013.
 * - vmbus (Hyper-V synthetic devices through the parent partition): ~12 µs —
 *   Microsoft, "Hyper-V Architecture" (VSP/VSC over VMBus), learn.microsoft.com.
 * - direct (device assignment, SR-IOV/DDA): ~2 µs, interrupts only — Dong et al.,
 *   "High Performance Network Virtualization with SR-IOV", HPCA 2010.
 */
export const IO_CPU_PER_OP = { emulated: 50e-6, virtio: 10e-6, vmbus: 12e-6, direct: 2e-6 } as const;

/** Host CPU per bit of network or disk throughput (CPUs per bit/s): emulated NICs reach ~1 Gbit/s on a whole core, virtio ~10 Gbit/s (Russell 2008; ELVIS 2013). */
export const IO_CPU_PER_BIT = { emulated: 1 / 1e9, virtio: 1 / 10e9, vmbus: 1 / 8e9, direct: 1 / 50e9 } as const;

/**
 * Container runtime overhead on CPU work: runc/crun are plain processes (0);
 * Kata runs each pod in a lightweight VM (hardware virtualization, as above);
 * gVisor intercepts system calls in a user-space kernel — gVisor docs,
 * "Performance Guide" (gvisor.dev/docs/architecture_guide/performance), ~10%
 * on syscall-heavy work.
 */
export const RUNTIME_OVERHEAD = { runc: 0, crun: 0, kata: 0.03, gvisor: 0.1 } as const;

/**
 * Slowdown of a VM whose memory the host has swapped out: a fraction f of its
 * memory on disk runs its CPU work at 1 / (1 + SWAP_SLOWDOWN · f). An
 * engineering assumption (page faults to disk are 10³–10⁵× slower than RAM,
 * but only the touched part of the swapped memory faults); stated, not sourced.
 */
export const SWAP_SLOWDOWN = 5;

/** After an OOM kill the container (or guest workload) restarts after this delay, its workload from the beginning (Kubernetes restartPolicy: Always, first back-off of 10 s; Docker --restart=always restarts at once — we take 1 s). */
export const RESTART_DELAY = 1;

/** An unset `io.weight` / VM I/O weight (cgroup v2 default): the schema's default, written there once. */
export const DEFAULT_IO_WEIGHT = attributeDefault('cgroup', 'io.weight') as number;

/** The guest's own processes (a VM's workload block) form one group of the default weight beside its containers: the schema's `cpu.weight` default. */
export const GUEST_SYSTEM_WEIGHT = attributeDefault('cgroup', 'cpu.weight') as number;

/** Upper bound on periods simulated per run: defined with the run settings (model/timing.ts), which the model's limit check shares. */
export { MAX_TICKS } from '../model/timing';

/**
 * Host memory, per hypervisor (docs/simulation.md, "Memory per hypervisor").
 * Hyper-V never pages a running guest out (Smart Paging only covers a
 * restart: Microsoft, "Hyper-V Dynamic Memory Overview" / "Smart Paging",
 * learn.microsoft.com); Xen has no host swap of guest memory (a domain's
 * pages are allocated from the hypervisor heap: Xen Project wiki, "Xen
 * Memory Management"; xenpaging is experimental and off by default); ESXi
 * swaps a guest to its .vswp file only when the host has swap (VMware,
 * "Understanding Memory Resource Management in VMware vSphere", host
 * swapping). KVM and type 2 hosts back guest RAM with ordinary process
 * memory, which the host kernel swaps (kernel Documentation/admin-guide/mm).
 */
export const NEVER_SWAPS_GUESTS: ReadonlySet<string> = new Set(['hyperv', 'xen']);
/** ESXi swaps guest memory only when the host has swap (`swap` > 0 on the host). */
export const SWAPS_ONLY_WITH_HOST_SWAP: ReadonlySet<string> = new Set(['esxi']);

/**
 * What a guest's own kernel and base system hold, by guest kind: the floor
 * of a ballooned VM's need (its workloads come on top). The vendors'
 * minimum RAM for a server install without a desktop: Debian 12
 * installation guide §3.4 (256 MB; FreeBSD's handbook gives the same for
 * a minimal install), Windows Server 2022 Server Core system requirements
 * (512 MB). A VM without a `guest` block counts as Linux.
 */
export const GUEST_KERNEL_FOOTPRINT = { linux: 256 * 2 ** 20, freebsd: 256 * 2 ** 20, windows: 512 * 2 ** 20 } as const;

/**
 * A ballooned VM is given its need plus this buffer, within memory_min…
 * memory_max, while the host has room: Hyper-V Dynamic Memory's "memory
 * buffer", default 20% (Microsoft, "Hyper-V Dynamic Memory Configuration
 * Guide"). Under host pressure the balloons inflate: the free memory is
 * shared equally, none below its need or its memory_min.
 */
export const BALLOON_BUFFER = 0.2;

/**
 * Smallest host swap of VM memory worth a VMX406: the larger of this and
 * the `hostSwapFraction` threshold of the host's RAM (its default is
 * MIN_REPORTED_SWAP_FRACTION, 1%; core/src/config.ts). With the default
 * vm.swappiness (60) the kernel swaps idle anonymous pages out even without
 * real pressure (kernel
 * Documentation/admin-guide/sysctl/vm.rst, swappiness), so a few tens of MiB
 * swapped are routine, not a finding.
 */
export const MIN_REPORTED_SWAP = 64 * 2 ** 20;
export const MIN_REPORTED_SWAP_FRACTION = DEFAULT_THRESHOLDS.hostSwapFraction;
