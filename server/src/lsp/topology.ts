/** vmx/topology: the tree the topology view shows, with where each thing runs and its worst finding. */
import { Diagnostic, Severity } from '../../../core/src/diagnostics/types';
import { isolationModel, BOUNDARY_TEXT, Placement } from '../../../core/src/isolation';
import { Container, Group, Host, Kernel, Model, Pod, ResolvedBlock, Vm } from '../../../core/src/model/types';
import { blockHeaderSpan } from '../../../core/src/syntax/ast';
import { TopologyNode } from '../../../core/src/protocol';

export type { TopologyNode };

const RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };

export function topologyTree(model: Model, diagnostics: Diagnostic[]): TopologyNode[] {
  const iso = isolationModel(model);
  const where = (b: ResolvedBlock) => ({ uri: b.file.uri, range: b.file.lines.range(blockHeaderSpan(b.node).start, blockHeaderSpan(b.node).end) });
  /** Worst severity of the diagnostics inside a block's text. */
  const worst = (b: ResolvedBlock): Severity | null => {
    const r = b.file.lines.range(b.node.start, b.node.end);
    let best: Severity | null = null;
    for (const d of diagnostics) {
      if (d.uri !== b.file.uri || d.range.start.line < r.start.line || d.range.start.line > r.end.line) continue;
      if (!best || RANK[d.severity] > RANK[best]) best = d.severity;
    }
    return best;
  };
  const placed = (p: Placement) => ({ ring: p.ring, kernel: p.kernelName, boundary: BOUNDARY_TEXT[p.boundary] });
  /** Labels only when there are some: most boxes carry none. */
  const labelled = (labels: Record<string, string>) => (Object.keys(labels).length ? { labels } : {});
  const container = (c: Container): TopologyNode => ({
    id: c.id,
    kind: 'container',
    name: c.name,
    ...where(c.block),
    ...placed(iso.entity(c)),
    severity: worst(c.block),
    detail: `${c.runtime}${c.image ? ` · ${c.image}` : ''}${c.privileged ? ' · privileged' : ''}`,
    ...labelled(c.labels),
    children: [],
  });
  const pod = (p: Pod): TopologyNode => ({
    id: p.id,
    kind: 'pod',
    name: p.name,
    ...where(p.block),
    ...placed(iso.entity(p)),
    severity: worst(p.block),
    detail: `${p.qos}${p.qosDeclared ? '' : ' (derived)'} · shares net, ipc, uts${p.sharePid ? ', pid' : ''}`,
    ...labelled(p.labels),
    children: p.containers.map(container),
  });
  const group = (g: Group): TopologyNode => ({
    id: g.id,
    kind: 'group',
    name: g.name,
    ...where(g.block),
    ...placed(iso.entity(g)),
    severity: worst(g.block),
    detail: `cgroup ${g.path}`,
    ...labelled(g.labels),
    children: [...g.groups.map(group), ...g.pods.map(pod), ...g.containers.map(container)],
  });
  /** What a kernel runs: its cgroup tree (groups, pods), then the containers directly on it. */
  const tenants = (k: Kernel): TopologyNode[] => [...k.groups.map(group), ...k.pods.map(pod), ...k.containers.filter((c) => !c.parent).map(container)];
  const vm = (v: Vm): TopologyNode => ({
    id: v.id,
    kind: v.kind,
    name: v.name,
    ...where(v.block),
    ...placed(iso.entity(v)),
    severity: worst(v.block),
    detail: `${v.vcpus} vCPUs · ${(v.memory / 2 ** 30).toFixed(1)} GiB${v.balloon ? ` (balloon ${(v.memoryMin / 2 ** 30).toFixed(1)}–${(v.memoryMax / 2 ** 30).toFixed(1)})` : ''}${v.guest ? ` · ${v.guest.kind}` : ''}`,
    ...labelled(v.labels),
    children: [...tenants(v.kernel), ...v.vms.map(vm)],
  });
  const host = (h: Host): TopologyNode => {
    const children: TopologyNode[] = [];
    if (h.hypervisor) {
      const hv = h.hypervisor;
      children.push({ id: `${h.id}/hypervisor`, kind: 'hypervisor', name: hv.kind, ...where(hv.block), ...placed(iso.hypervisor(hv)), severity: worst(hv.block), detail: `type ${hv.type} · ${hv.virtualization}`, children: hv.vms.map(vm) });
    }
    children.push(...tenants(h.kernel));
    return { id: h.id, kind: 'host', name: h.name, ...where(h.block), ...placed(iso.entity(h)), severity: worst(h.block), detail: `${h.cpu.logical} CPUs · ${(h.memory / 2 ** 30).toFixed(1)} GiB`, ...labelled(h.labels), children };
  };
  return model.hosts.map(host);
}
