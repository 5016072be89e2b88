/**
 * `isolationModel(model)`: the one place that says where things run. Built
 * lazily per model (hovers ask about one thing at a time, checks about
 * many), cached for the model's lifetime.
 */
import { Container, Entity, Hypervisor, Model, NAMESPACE_NAMES, NamespaceName, Pod, Process } from '../model/types';
import { followNamespace, instanceKey, Resolved } from './namespaces';
import { cgroupLevelPlacement, containerPlacement, hostPlacement, hypervisorPlacement, vmPlacement } from './placement';
import { ContainerIsolation, HypervisorPlacement, IsolationModel, NamespaceShare, Placement } from './types';

export * from './types';
export { hypervisorName } from './placement';
export { POD_SHARED, podNamespace } from './namespaces';

const cache = new WeakMap<Model, IsolationModel>();

export function isolationModel(model: Model): IsolationModel {
  let m = cache.get(model);
  if (!m) cache.set(model, (m = build()));
  return m;
}

type MembersOf = (c: Container, name: NamespaceName) => Map<Container | Pod | 'host', Container[]>;

/**
 * One namespace of one container. `sharedWith` is computed on first read: checks rarely
 * need it, and on a kernel with thousands of containers sharing the host's user namespace
 * it is a list per container. It is a getter on the class, not a property defined on each
 * share: that made every share a dictionary-mode object with its own closure and context
 * (about 560 bytes each, 24 MB with the 100k-line benchmark file open).
 */
class Share implements NamespaceShare {
  readonly name: NamespaceName;
  readonly kind: NamespaceShare['kind'];
  readonly owner?: Container;
  readonly pod?: Pod;
  readonly via: Container[];
  readonly withHost: boolean;
  readonly #of: Container;
  readonly #membersOf: MembersOf;
  #sharedWith?: Container[];

  constructor(r: Resolved, of: Container, membersOf: MembersOf) {
    this.name = r.name;
    this.kind = r.kind;
    this.owner = r.owner;
    this.pod = r.pod;
    this.via = r.via;
    this.withHost = r.withHost;
    this.#of = of;
    this.#membersOf = membersOf;
  }

  get sharedWith(): Container[] {
    if (!this.#sharedWith) {
      const key = instanceKey(this);
      this.#sharedWith = key === undefined ? [] : (this.#membersOf(this.#of, this.name).get(key) ?? []).filter((o) => o !== this.#of);
    }
    return this.#sharedWith;
  }
}

function build(): IsolationModel {
  const placements = new Map<Entity, Placement>();
  const hypervisors = new Map<Hypervisor, HypervisorPlacement>();
  const containers = new Map<Container, ContainerIsolation>();
  /** Per kernel and namespace: instance → containers in it, computed once per kernel. */
  const instances = new Map<object, Map<NamespaceName, Map<Container | Pod | 'host', Container[]>>>();

  const entity = (e: Entity): Placement => {
    let p = placements.get(e);
    if (p) return p;
    if (e.kind === 'host') p = hostPlacement(e);
    else if (e.kind === 'container') p = containerPlacement(e, entity(e.kernel.owner));
    else if (e.kind === 'group' || e.kind === 'pod') p = cgroupLevelPlacement(e, entity(e.kernel.owner));
    else p = vmPlacement(e);
    placements.set(e, p);
    return p;
  };

  const hypervisor = (h: Hypervisor): HypervisorPlacement => {
    let p = hypervisors.get(h);
    if (!p) hypervisors.set(h, (p = hypervisorPlacement(h)));
    return p;
  };

  const membersOf = (c: Container, name: NamespaceName): Map<Container | Pod | 'host', Container[]> => {
    let byName = instances.get(c.kernel);
    if (!byName) instances.set(c.kernel, (byName = new Map()));
    let members = byName.get(name);
    if (!members) {
      members = new Map();
      for (const other of c.kernel.containers) {
        const key = instanceKey(followNamespace(other, name));
        if (key === undefined) continue;
        const list = members.get(key) ?? [];
        list.push(other);
        members.set(key, list);
      }
      byName.set(name, members);
    }
    return members;
  };

  const namespace = (c: Container, name: NamespaceName): NamespaceShare => new Share(followNamespace(c, name), c, membersOf);
  const container = (c: Container): ContainerIsolation => {
    let iso = containers.get(c);
    if (iso) return iso;
    const namespaces = {} as Record<NamespaceName, NamespaceShare>;
    for (const n of NAMESPACE_NAMES) namespaces[n] = namespace(c, n);
    const processes = entity(c);
    const userNs = namespaces.user;
    iso = {
      processes,
      rootOf: c.runtime === 'kata' ? `the guest kernel of Kata's VM (not ${processes.kernelName.replace(/^the guest kernel of Kata's VM on /, '')})` : c.runtime === 'gvisor' ? "gVisor's user-space kernel (the sandbox)" : processes.kernelName,
      namespaces,
      rootOnKernel: c.user.isRoot && userNs.kind === 'host',
    };
    containers.set(c, iso);
    return iso;
  };

  const process = (p: Process, c: Container): Placement => {
    const base = entity(c);
    const claim = p.ring < 3 ? ` It declares ring ${p.ring}, but ring 0 of that kernel belongs to the kernel, not to a container (VMX206).` : '';
    return { ...base, explanation: `Process ${p.name} of container ${c.name}: ring 3 of ${base.kernelName}.${claim}` };
  };

  return { entity, hypervisor, process, container, namespace };
}
