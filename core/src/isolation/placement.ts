/**
 * Rings and CPU modes per virtualization mode and hypervisor kind
 * (docs/isolation.md has the table). Pure functions of the model.
 */
import { kernelName } from '../model/references';
import { Container, Group, Host, Hypervisor, Kernel, Pod, Vm } from '../model/types';
import { BOUNDARY_TEXT, CpuMode, HypervisorPlacement, Placement } from './types';

const HV_NAMES: Record<string, string> = {
  kvm: 'KVM',
  xen: 'Xen',
  hyperv: 'Hyper-V',
  esxi: 'ESXi',
  virtualbox: 'VirtualBox',
  'vmware-workstation': 'VMware Workstation',
  qemu: 'QEMU',
};

export function hypervisorName(hv: Hypervisor): string {
  return HV_NAMES[hv.kind] ?? hv.kind;
}

const TYPE2_DRIVERS: Record<string, string> = { virtualbox: 'vboxdrv', 'vmware-workstation': 'vmmon', qemu: 'kvm' };

export function hypervisorPlacement(hv: Hypervisor): HypervisorPlacement {
  const name = hypervisorName(hv);
  const hardware = hv.virtualization === 'hardware';
  const rootMode: CpuMode = hardware ? 'vmx-root' : 'native';
  if (hv.type === 1) {
    const where = hv.kind === 'kvm' ? `KVM turns the Linux kernel of ${hv.host.name} into the hypervisor` : `${name} runs directly on the hardware of ${hv.host.name}`;
    return {
      type: 1,
      placement: 'bare-metal',
      kernelName: hv.kind === 'kvm' ? kernelName(hv.host.kernel) : `${name} on ${hv.host.name}`,
      kernel: hv.kind === 'kvm' ? hv.host.kernel : undefined,
      ring: 0,
      mode: rootMode,
      boundary: 'hypervisor',
      explanation: `${where}: type 1, ring 0${hardware ? ' in VMX root mode ("ring -1"): guest kernels run in ring 0 of non-root mode below it' : `, with guest kernels deprivileged (${hv.virtualization === 'para' ? 'paravirtualization' : 'full virtualization'})`}.`,
    };
  }
  const tcg = hv.kind === 'qemu' && !hardware;
  return {
    type: 2,
    placement: 'host-process',
    kernel: hv.host.kernel,
    kernelName: kernelName(hv.host.kernel),
    ring: 3,
    mode: 'native',
    boundary: 'host-process',
    driver: tcg ? undefined : { ring: 0, mode: rootMode },
    explanation: tcg
      ? `QEMU without KVM (TCG) is an ordinary program in ring 3 of ${kernelName(hv.host.kernel)}: it translates every guest instruction, so it needs no kernel driver. Type 2.`
      : `${name} is a program in ring 3 of ${kernelName(hv.host.kernel)} with a ring 0 driver (${TYPE2_DRIVERS[hv.kind] ?? 'its kernel module'})${hardware ? ' that enters VMX root mode to run guests' : ''}. Type 2: its VMs' memory comes out of the host OS's memory.`,
  };
}

/** The host OS kernel: plain ring 0, unless a type 1 hypervisor sits under it. */
export function hostPlacement(host: Host): Placement {
  const hv = host.hypervisor;
  const kernel = host.kernel;
  const name = kernelName(kernel);
  const base = { kernel, kernelName: name };
  if (!hv || hv.type === 2) {
    return { ...base, ring: 0, mode: 'native', boundary: 'hardware', explanation: `${name} runs in ring 0 on the hardware${hv ? `; ${hypervisorName(hv)} is a program on it` : ''}.` };
  }
  const hardware = hv.virtualization === 'hardware';
  switch (hv.kind) {
    case 'kvm':
      return { ...base, ring: 0, mode: hardware ? 'vmx-root' : 'native', boundary: 'hypervisor', explanation: `${name} is the hypervisor: KVM runs in it, in ring 0${hardware ? ' of VMX root mode' : ''}.` };
    case 'hyperv':
      return {
        ...base,
        ring: 0,
        mode: hardware ? 'vmx-non-root' : 'native',
        boundary: 'hyperv-parent-partition',
        explanation: `With Hyper-V, ${name} is the management OS of the parent partition: ring 0${hardware ? ' of VMX non-root mode' : ''}, above the hypervisor, which isolates it from the child partitions.`,
      };
    case 'xen':
      return hardware
        ? { ...base, ring: 0, mode: 'vmx-non-root', boundary: 'hardware-vm', explanation: `With Xen, ${name} is dom0, the privileged domain (PVH): ring 0 of VMX non-root mode.` }
        : { ...base, ring: 3, mode: 'deprivileged', boundary: 'paravirtualized-vm', explanation: `With Xen PV, ${name} is dom0, a paravirtualized kernel: ring 3 on x86-64 (ring 1 on 32-bit), calling Xen through hypercalls.` };
    default:
      return { ...base, ring: 0, mode: hardware ? 'vmx-root' : 'native', boundary: 'hypervisor', explanation: `${name} is ${hypervisorName(hv)}'s own kernel, in ring 0${hardware ? ' of VMX root mode' : ''}.` };
  }
}

/** The guest kernel of a VM or partition. */
export function vmPlacement(vm: Vm): Placement {
  const hv = vm.hypervisor;
  const kernel = vm.kernel;
  const name = kernelName(kernel);
  const hardwareAvailable = vm.outerVm !== undefined || hv.host.kernel.hardwareVirtualization;
  const partition = vm.kind === 'partition' || hv.kind === 'hyperv';
  const vmBoundary = (b: Placement['boundary']): Placement['boundary'] => (partition ? (vm.role === 'parent' ? 'hyperv-parent-partition' : 'hyperv-child-partition') : b);
  const nestedNote = vm.outerVm ? ` Nested inside ${vm.outerVm.kind} ${vm.outerVm.name}${vm.outerVm.kernel.hardwareVirtualization ? ', which exposes VT-x/AMD-V to its guest' : ', which does not expose hardware virtualization (VMX213)'}.` : '';
  const partitionNote = partition ? ` It is the ${vm.role === 'parent' ? 'parent (root) partition: management OS, device drivers and VSPs' : 'child partition: devices through VSCs over VMBus to the parent, unless assigned with DDA'}.` : '';
  switch (hv.virtualization) {
    case 'hardware':
      return {
        kernel,
        kernelName: name,
        ring: 0,
        mode: 'vmx-non-root',
        boundary: vmBoundary('hardware-vm'),
        explanation: `${name} runs in ring 0 of VMX non-root mode: ${hypervisorName(hv)} keeps VMX root mode, so a failing guest cannot bring the real ring 0 down${hardwareAvailable ? '' : ' — but the CPU lacks vmx/svm (VMX201)'}.${partitionNote}${nestedNote}`,
      };
    case 'para':
      return {
        kernel,
        kernelName: name,
        ring: 3,
        mode: 'deprivileged',
        boundary: vmBoundary('paravirtualized-vm'),
        explanation: `${name} is paravirtualized: it calls ${hypervisorName(hv)} through hypercalls instead of executing privileged instructions, and runs in ring 3 on x86-64 (ring 1 on 32-bit).${partitionNote}${nestedNote}`,
      };
    default:
      if (hv.kind === 'qemu') {
        return { kernel, kernelName: name, ring: 3, mode: 'emulated', boundary: vmBoundary('emulated-vm'), explanation: `${name} is emulated: QEMU's TCG translates its instructions inside a ring 3 process of the host OS, so its "ring 0" is never the CPU's.${nestedNote}` };
      }
      return {
        kernel,
        kernelName: name,
        ring: 1,
        mode: 'deprivileged',
        boundary: vmBoundary('emulated-vm'),
        explanation: `${name} runs deprivileged in ring 1 (full virtualization): ${hypervisorName(hv)} translates or traps its privileged instructions and emulates them.${partitionNote}${nestedNote}`,
      };
  }
}

/** The mode user code of a kernel runs in: the kernel's own (ring 3 of VMX non-root in a hardware VM, and so on). */
function userMode(kernelPlacement: Placement): Placement['mode'] {
  return kernelPlacement.mode === 'deprivileged' ? 'deprivileged' : kernelPlacement.mode;
}

export function containerPlacement(c: Container, kernelPlacement: Placement): Placement {
  const name = kernelName(c.kernel);
  switch (c.runtime) {
    case 'kata':
      return {
        kernel: c.kernel,
        kernelName: `the guest kernel of Kata's VM on ${name}`,
        ring: 3,
        mode: 'vmx-non-root',
        boundary: 'kata-vm',
        explanation: `Kata runs ${c.name} in a lightweight VM with its own guest kernel: its processes are in ring 3 of that kernel, in VMX non-root mode, not on ${name}${c.kernel.hardwareVirtualization ? '' : ' — which needs hardware virtualization this kernel does not have (VMX214)'}.`,
      };
    case 'gvisor':
      return {
        kernel: c.kernel,
        kernelName: `gVisor's user-space kernel on ${name}`,
        ring: 3,
        mode: userMode(kernelPlacement),
        boundary: 'gvisor-sandbox',
        explanation: `gVisor intercepts ${c.name}'s system calls with its Sentry, a user-space kernel in ring 3 of ${name}: the real kernel sees a small surface.`,
      };
    default:
      return {
        kernel: c.kernel,
        kernelName: name,
        ring: 3,
        mode: userMode(kernelPlacement),
        boundary: 'container-namespaces',
        explanation: `${c.name}'s processes are ordinary processes in ring 3 of ${name}, shared with every other container there; namespaces limit what they see, cgroups what they use (${c.runtime}).`,
      };
  }
}

/**
 * A group or pod is no code of its own: a level of its kernel's cgroup tree
 * (a pod's also holds the namespaces its containers share). What runs in
 * it runs as that kernel's containers do.
 */
export function cgroupLevelPlacement(e: Group | Pod, kernelPlacement: Placement): Placement {
  const name = kernelName(e.kernel);
  const what =
    e.kind === 'pod'
      ? `Pod ${e.name} is a cgroup of ${name} (\`${e.path}\`) around its containers, which share its network, IPC and UTS namespaces${e.sharePid ? ' and its PID namespace' : ''} — with each other, not with the host`
      : `Group ${e.name} is a level of the cgroup tree of ${name} (\`${e.path}\`): its weights and limits apply to everything beneath it`;
  return { kernel: e.kernel, kernelName: name, ring: 3, mode: userMode(kernelPlacement), boundary: 'container-namespaces', explanation: `${what}; their processes run in ring 3 of ${name}.` };
}

export function kernelOf(k: Kernel): string {
  return kernelName(k);
}

export { BOUNDARY_TEXT };
