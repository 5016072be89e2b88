/**
 * What hovers say about the §3.1 parts of an entity: its labels, a group's
 * or pod's place in the cgroup tree, a pod's QoS class (derived or written)
 * and the namespaces its containers share, a container's pod and where its
 * CPU weight comes from. Read from the model; nothing re-derived here but
 * the derived QoS a written `qos` is compared with.
 */
import { visibleText } from '../diagnostics/visible-text';
import { POD_SHARED } from '../isolation';
import { derivedQos } from '../model/qos';
import { Cgroup, Container, Entity, Pod } from '../model/types';
import { formatBytes, formatCpus } from '../schema';

/** `**Labels** app = "web" · tier = "1"`, or undefined without labels. Long lists are cut. */
export function labelsLine(labels: Record<string, string>): string | undefined {
  const keys = Object.keys(labels);
  if (keys.length === 0) return undefined;
  const shown = keys.slice(0, 12).map((k) => `\`${code(k)}\` = \`${code(JSON.stringify(labels[k]))}\``);
  const more = keys.length > 12 ? ` · and ${keys.length - 12} more` : '';
  return `**Labels** ${shown.join(' · ')}${more}`;
}

/** User text inside a markdown code span: invisible characters escaped, backticks kept from closing it. */
function code(text: string): string {
  const t = visibleText(text.length > 80 ? text.slice(0, 80) + '…' : text);
  return t.replace(/`/g, 'ˋ');
}

export function qosLine(pod: Pod): string {
  const derived = derivedQos(pod.containers);
  if (!pod.qosDeclared) return `**QoS** \`${pod.qos}\` — derived from its containers' requests and limits (Kubernetes' rules)`;
  const agrees = derived === pod.qos ? 'its containers’ requests and limits agree' : `its containers’ requests and limits would make it \`${derived}\``;
  return `**QoS** \`${pod.qos}\` — as written; ${agrees}`;
}

function weightLine(cg: Cgroup): string | undefined {
  if (cg.weightSource === 'requests') return `**cpu.weight** ${cg.cpuWeight}, from its CPU requests (kubelet: ${cg.shares} shares; runc: weight ${cg.cpuWeight})`;
  if (cg.weightSource === 'cpu.shares') return `**cpu.weight** ${cg.cpuWeight}, from cpu.shares = ${cg.shares}`;
  return undefined;
}

function podLines(pod: Pod): string[] {
  const shared = [...POD_SHARED, ...(pod.sharePid ? ['pid'] : [])].join(', ');
  const lines = [`**cgroup** \`${code(pod.path)}\` on ${pod.parent ? `group \`${code(pod.parent.name)}\`` : 'the kernel root'}`, qosLine(pod)];
  lines.push(`**Namespaces** its ${pod.containers.length} container${pod.containers.length === 1 ? '' : 's'} share ${shared} with each other (the pause container's), not with the host`);
  return lines;
}

function containerLines(c: Container): string[] {
  const lines: string[] = [];
  if (c.pod) lines.push(`**Pod** \`${code(c.pod.name)}\` (${c.pod.qos}): shares its ${[...POD_SHARED, ...(c.pod.sharePid ? ['pid'] : [])].join(', ')} namespaces`);
  else if (c.parent) lines.push(`**cgroup** in group \`${code(c.parent.path)}\``);
  if (c.requests.cpu !== undefined || c.requests.memory !== undefined) {
    const bits = [c.requests.cpu !== undefined ? formatCpus(c.requests.cpu) : undefined, c.requests.memory !== undefined ? `${formatBytes(c.requests.memory)} memory` : undefined].filter(Boolean);
    lines.push(`**Requests** ${bits.join(', ')}`);
  }
  const w = weightLine(c.cgroup);
  if (w) lines.push(w);
  return lines;
}

/** The §3.1 facts of an entity for its hover: empty when it has none. */
export function cgroupFacts(e: Entity): string[] {
  const out: string[] = [];
  if (e.kind === 'group') {
    out.push(`**cgroup path** \`${code(e.path)}\`: ${e.groups.length} group${e.groups.length === 1 ? '' : 's'}, ${e.pods.length} pod${e.pods.length === 1 ? '' : 's'}, ${e.containers.length} container${e.containers.length === 1 ? '' : 's'} directly beneath`);
  } else if (e.kind === 'pod') out.push(...podLines(e));
  else if (e.kind === 'container') out.push(...containerLines(e));
  if (e.kind === 'pod' || e.kind === 'group') {
    const w = weightLine(e.cgroup);
    if (w) out.push(w);
  }
  const labels = labelsLine(e.labels);
  if (labels) out.push(labels);
  return out;
}
