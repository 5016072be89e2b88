/**
 * Namespaces after following joins: `net = container("web")` where web has
 * `net = host` is sharing the host's network. Chains are followed to the
 * container that owns the namespace (or to the host's), loops are detected.
 *
 * A pod's containers share its network, IPC and UTS namespaces (the pause
 * container's), and PID with `share_pid = true`: there a namespace not set
 * to `host` or to another container's is the pod's — shared with the other
 * containers of the pod, never with the host. That is the pod's design, so
 * it is no join (VMX216) and no host sharing (VMX208).
 */
import { Container, NamespaceName, Pod } from '../model/types';

/** The namespaces every container of a pod shares; `pid` only with share_pid. */
export const POD_SHARED: readonly NamespaceName[] = ['net', 'ipc', 'uts'];

/** The pod whose `name` namespace the container is in by being its member, if any. */
export function podNamespace(c: Container, name: NamespaceName): Pod | undefined {
  const pod = c.pod;
  if (!pod) return undefined;
  return POD_SHARED.includes(name) || (name === 'pid' && pod.sharePid) ? pod : undefined;
}
import { NamespaceShare } from './types';

export type Resolved = Omit<NamespaceShare, 'sharedWith'>;

/** Follow `container("x")` joins from `c` for one namespace. */
export function followNamespace(c: Container, name: NamespaceName): Resolved {
  const via: Container[] = [];
  const seen = new Set<Container>([c]);
  let current = c;
  for (;;) {
    const setting = current.namespaces[name];
    if (setting.mode === 'host') return { name, kind: 'host', via, withHost: true };
    if (setting.mode === 'private') {
      const pod = podNamespace(current, name);
      if (pod) return { name, kind: 'pod', pod, via, withHost: false };
      return current === c ? { name, kind: 'own', owner: c, via, withHost: false } : { name, kind: 'container', owner: current, via, withHost: false };
    }
    // An unresolved join (VMX106, already reported) behaves as private: nothing more is known.
    const next = setting.target;
    if (!next) return current === c ? { name, kind: 'own', owner: c, via, withHost: false } : { name, kind: 'container', owner: current, via, withHost: false };
    if (seen.has(next)) return { name, kind: 'cycle', via: [...via, next], withHost: false };
    seen.add(next);
    via.push(next);
    current = next;
  }
}

/** Identity of a namespace instance on one kernel: the owning container or pod, the kernel's own, or none (a loop). */
export function instanceKey(share: Resolved): Container | Pod | 'host' | undefined {
  if (share.kind === 'host') return 'host';
  if (share.kind === 'pod') return share.pod;
  return share.owner;
}
