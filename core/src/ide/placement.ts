/**
 * The privilege model as the editor explains it, read from the isolation
 * model (core/src/isolation): for an entity, hypervisor, process or
 * namespace — which ring and CPU mode, which kernel, which boundary.
 */
import { BOUNDARY_TEXT, CpuMode, isolationModel, Placement as IsolationPlacement } from '../isolation';
import { Container, Entity, Hypervisor, Model, NamespaceName, Process } from '../model/types';

export interface PlacementText {
  ring: string;
  kernel: string;
  boundary: string;
  why: string;
}

const MODE_TEXT: Record<CpuMode, string> = {
  native: '',
  'vmx-root': ' in VMX root mode',
  'vmx-non-root': ' of VMX non-root mode (hardware virtualization)',
  deprivileged: ', deprivileged (binary translation or paravirtualization)',
  emulated: ', emulated by QEMU TCG inside a user process',
};

export function describe(p: IsolationPlacement): PlacementText {
  return { ring: `ring ${p.ring}${MODE_TEXT[p.mode]}`, kernel: p.kernelName, boundary: BOUNDARY_TEXT[p.boundary], why: p.explanation };
}

export function placementOf(model: Model, e: Entity): PlacementText {
  return describe(isolationModel(model).entity(e));
}

export function hypervisorPlacement(model: Model, hv: Hypervisor): PlacementText {
  return describe(isolationModel(model).hypervisor(hv));
}

export function processPlacement(model: Model, p: Process, c: Container): PlacementText {
  return describe(isolationModel(model).process(p, c));
}

/** One sentence on a container's namespace after following joins. */
export function namespaceText(model: Model, c: Container, name: NamespaceName): string {
  const share = isolationModel(model).namespace(c, name);
  const others = share.sharedWith.map((o) => o.name);
  const withOthers = others.length ? ` Shared with ${others.map((o) => `\`${o}\``).join(', ')}.` : '';
  switch (share.kind) {
    case 'host':
      return `The ${name} namespace of ${c.name} is the kernel's initial one: shared with the host (or guest) OS and everything else using \`host\`.${withOthers}`;
    case 'own':
      return `The ${name} namespace of ${c.name} is its own (private).${withOthers}`;
    case 'pod':
      return `The ${name} namespace of ${c.name} is pod \`${share.pod?.name}\`'s (its pause container's), shared by the pod's containers and not with the host.${withOthers}`;
    case 'container':
      return `The ${name} namespace of ${c.name} is the one of container \`${share.owner?.name}\`${share.via.length > 1 ? ` (through ${share.via.map((v) => v.name).join(' → ')})` : ''}.${withOthers}`;
    default:
      return `The ${name} namespace joins form a loop (${share.via.map((v) => v.name).join(' → ')}): no container owns it and the runtime cannot start these containers.`;
  }
}
