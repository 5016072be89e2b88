/** Walks of the cgroup tree of a kernel: its groups and pods, however deeply nested. */
import { Container, Group, Kernel, Pod } from './types';

/** Every group and pod on the kernel, depth first in document order (a group before what it holds). */
export function cgroupLevels(kernel: Kernel): (Group | Pod)[] {
  const out: (Group | Pod)[] = [];
  const walk = (g: Group): void => {
    out.push(g);
    for (const child of g.groups) walk(child);
    for (const p of g.pods) out.push(p);
  };
  for (const g of kernel.groups) walk(g);
  for (const p of kernel.pods) out.push(p);
  return out;
}

/** The groups and pods around a container (or a group or pod), innermost first. */
export function enclosing(e: Container | Group | Pod): (Group | Pod)[] {
  const out: (Group | Pod)[] = [];
  for (let p: Group | Pod | undefined = e.parent; p; p = p.parent) out.push(p);
  return out;
}
