/**
 * Namespaces after following joins: `net = container("web")` where web has
 * `net = host` is sharing the host's network. Chains are followed to the
 * container that owns the namespace (or to the host's), loops are detected.
 */
import { Container, NamespaceName } from '../model/types';
import { NamespaceShare } from './types';

type Resolved = Omit<NamespaceShare, 'sharedWith'>;

/** Follow `container("x")` joins from `c` for one namespace. */
export function followNamespace(c: Container, name: NamespaceName): Resolved {
  const via: Container[] = [];
  const seen = new Set<Container>([c]);
  let current = c;
  for (;;) {
    const setting = current.namespaces[name];
    if (setting.mode === 'host') return { name, kind: 'host', via, withHost: true };
    if (setting.mode === 'private') return current === c ? { name, kind: 'own', owner: c, via, withHost: false } : { name, kind: 'container', owner: current, via, withHost: false };
    // An unresolved join (VMX106, already reported) behaves as private: nothing more is known.
    const next = setting.target;
    if (!next) return current === c ? { name, kind: 'own', owner: c, via, withHost: false } : { name, kind: 'container', owner: current, via, withHost: false };
    if (seen.has(next)) return { name, kind: 'cycle', via: [...via, next], withHost: false };
    seen.add(next);
    via.push(next);
    current = next;
  }
}

/** Identity of a namespace instance on one kernel: the owning container, the kernel's own, or none (a loop). */
export function instanceKey(share: Resolved): Container | 'host' | undefined {
  if (share.kind === 'host') return 'host';
  return share.owner;
}
