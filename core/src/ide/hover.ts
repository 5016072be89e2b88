/**
 * Hover texts: the schema's documentation for kinds, attributes, enum values,
 * units and patterns; the privilege model for entities and privilege-bearing
 * attributes; simulated figures when a simulation result exists.
 */
import { Entity, Model, ResolvedBlock, SourceFile } from '../model/types';
import { attributeSpec, AttributeSpec, CFS_PERIOD, describeDefault, formatBytes, formatCpus, formatPercent, formatSeconds, kindSpec, LimitNature, parseCpuMaxString, patternSpec, REFERENCE_CALLS, UNIT_DOCS, UNIT_KINDS } from '../schema';
import { EntityResult, SimulationResult } from '../sim/types';
import { AttributeNode, BlockNode, Span, ValueNode } from '../syntax/ast';
import { resolvedBlock } from './model-index';
import { contains, nodePathAt } from './node-at';
import { PlacementText, hypervisorPlacement, namespaceText, placementOf, processPlacement } from './placement';
import { cgroupFacts, labelsLine, qosLine } from './cgroup-facts';
import { Container, NamespaceName, NAMESPACE_NAMES } from '../model/types';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const NATURE_TEXT: Record<LimitNature, string> = {
  share: '**A share, not a limit**: work-conserving — it only matters under contention, and an idle group’s share goes to the busy ones.',
  'hard-limit': '**A hard limit**: the kernel enforces it even when the machine is idle.',
  throttle: '**A throttle**: above it the group is slowed and reclaimed, but nothing is killed.',
  protection: '**A protection, not a limit**: memory below it is kept from reclaim.',
  placement: '**Placement**: where the tasks may run, not how much.',
};

/** Attributes whose hover adds the privilege model's answer. */
const PRIVILEGE_ATTRIBUTES = new Set(['ring', 'virtualization', 'privileged', 'runtime', 'user', 'capabilities', 'type', 'nested', 'io', 'dda', 'access', 'role', 'paravirt']);

export function hoverAt(file: SourceFile, model: Model | undefined, offset: number, sim?: SimulationResult): HoverResult | undefined {
  const path = nodePathAt(file.ast, offset);
  const block = path.blocks[path.blocks.length - 1];
  if (path.importNode) {
    const p = path.importNode.path;
    return p ? { markdown: `Imports \`${p.value}\` (relative to this file): its topology blocks join this one.`, span: path.importNode } : undefined;
  }
  if (path.attribute && block) return attributeHover(path.attribute, block, model, offset, path.values, sim);
  if (block && path.item === block) return blockHover(block, model, offset, sim);
  return undefined;
}

function blockHover(block: BlockNode, model: Model | undefined, offset: number, sim?: SimulationResult): HoverResult | undefined {
  const spec = kindSpec(block.kind);
  if (!spec) return undefined;
  if (block.label && contains(block.label, offset) && spec.label.t === 'enum') {
    const doc = spec.label.valueDocs[block.label.text];
    if (doc) return { markdown: `**${block.kind} ${block.label.text}** — ${doc}`, span: block.label };
  }
  const parts = [`**${block.kind}**${block.label ? ` \`${block.label.text}\`` : ''} — ${spec.summary}`, spec.doc];
  const resolved = resolvedBlock(model, block);
  const entity = resolved?.entity;
  // `labels { … }` and `requests { … }`: what the block's entity carries.
  if ((block.kind === 'labels' || block.kind === 'requests') && resolved?.parent?.entity) {
    const owner = resolved.parent.entity;
    const line = block.kind === 'labels' ? labelsLine(owner.labels) : cgroupFacts(owner).find((l) => l.startsWith('**cpu.weight**'));
    if (line) parts.push(`${owner.kind} \`${owner.id}\`: ${line}`);
  }
  if (model && block.kind === 'hypervisor' && resolved?.parent?.entity?.kind === 'host') {
    const hv = resolved.parent.entity.hypervisor;
    if (hv) parts.push(placementLines(hypervisorPlacement(model, hv)));
  }
  if (model && block.kind === 'process' && resolved?.parent?.entity?.kind === 'container') {
    const c = resolved.parent.entity;
    const p = c.processes.find((x) => x.block === resolved);
    if (p) parts.push(placementLines(processPlacement(model, p, c)));
  }
  if (entity && model) {
    parts.push(`**Id** \`${entity.id}\`\n\n${placementLines(placementOf(model, entity))}`);
    const facts = cgroupFacts(entity);
    if (facts.length) parts.push(facts.join('\n\n'));
    const figures = sim && entityFigures(sim.entities.find((e) => e.id === entity.id));
    if (figures) parts.push(figures);
  }
  return { markdown: parts.join('\n\n'), span: { start: block.kindSpan.start, end: block.label?.end ?? block.kindSpan.end } };
}

function placementLines(p: PlacementText): string {
  return [`- **Ring:** ${p.ring}`, `- **Kernel:** ${p.kernel}`, `- **Isolation boundary:** ${p.boundary}`, '', p.why].join('\n');
}

/** One line of simulated figures for an entity, or undefined without a result. */
export function entityFigures(r: EntityResult | undefined): string | undefined {
  if (!r) return undefined;
  const bits = [`CPU granted mean ${fmt(r.cpu.granted.mean)} / demand ${fmt(r.cpu.demand.mean)} (p95 ${fmt(r.cpu.granted.p95)})`];
  if (r.cpu.steal !== null) bits.push(`steal ${formatPercent(r.cpu.steal)}`);
  if (r.cpu.throttled !== null) bits.push(`throttled ${formatPercent(r.cpu.throttled)}`);
  bits.push(`memory p95 ${formatBytes(r.memory.used.p95)}${r.memory.limit !== null ? ` of ${formatBytes(r.memory.limit)}` : ''}`);
  if (r.memory.swapped.max > 0) bits.push(`swapped max ${formatBytes(r.memory.swapped.max)}`);
  if (r.pids.failedForks > 0) bits.push(`${r.pids.failedForks} failed forks`);
  for (const ev of r.events.slice(0, 3)) bits.push(`${ev.type} at ${fmt(ev.t)}s`);
  return `**Simulated:** ${bits.join(' · ')}`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function attributeHover(attr: AttributeNode, block: BlockNode, model: Model | undefined, offset: number, values: ValueNode[], sim?: SimulationResult): HoverResult | undefined {
  const spec = attributeSpec(block.kind, attr.name);
  if (!spec) return undefined;
  const inner = values[values.length - 1];
  if (inner && !contains(attr.nameSpan, offset)) {
    const v = valueHover(spec, inner, values, offset);
    if (v) return v;
  }
  const parts = [`**${attr.name}** (${block.kind}) — ${spec.summary}`, spec.doc];
  const facts: string[] = [];
  facts.push(`Type: ${typeText(spec)}`);
  const byDefault = describeDefault(spec);
  if (byDefault) facts.push(`Default: ${byDefault}`);
  if (spec.min !== undefined || spec.max !== undefined) facts.push(`Range: ${spec.min ?? '−∞'}${spec.minExclusive ? ' (exclusive)' : ''} … ${spec.max ?? '∞'}`);
  if (spec.aliasOf) facts.push(`cgroup v1 alias of \`${spec.aliasOf}\``);
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  if (spec.nature) parts.push(NATURE_TEXT[spec.nature]);
  const resolved = resolvedBlock(model, block);
  const entity = owningEntity(resolved);
  if (entity?.kind === 'pod' && attr.name === 'qos') parts.push(qosLine(entity));
  if (entity && model && (PRIVILEGE_ATTRIBUTES.has(attr.name) || block.kind === 'namespaces')) parts.push(privilegeText(model, resolved!, attr.name, block.kind, entity));
  if (entity && sim && (spec.nature || block.kind === 'workload')) {
    const figures = entityFigures(sim.entities.find((e) => e.id === entity.id));
    if (figures) parts.push(figures);
  }
  return { markdown: parts.join('\n\n'), span: attr.nameSpan };
}

function privilegeText(model: Model, block: ResolvedBlock, name: string, kind: string, e: Entity): string {
  if (kind === 'namespaces' && e.kind === 'container' && (NAMESPACE_NAMES as string[]).includes(name)) {
    return `**Isolation:** ${namespaceText(model, e as Container, name as NamespaceName)}`;
  }
  if (kind === 'process' && e.kind === 'container') {
    const p = e.processes.find((x) => x.block === block);
    if (p) {
      const t = processPlacement(model, p, e);
      return `**Privilege:** ${t.ring} of ${t.kernel}. ${t.why} Isolation boundary: ${t.boundary}.`;
    }
  }
  if (kind === 'hypervisor' && e.kind === 'host' && e.hypervisor) {
    const t = hypervisorPlacement(model, e.hypervisor);
    return `**Privilege:** the hypervisor runs in ${t.ring}; ${t.why}`;
  }
  const p = placementOf(model, e);
  return `**Privilege:** ${e.kind} \`${e.id}\` runs in ${p.ring}, on ${p.kernel}. Isolation boundary: ${p.boundary}. ${p.why}`;
}

function owningEntity(b: ResolvedBlock | undefined): Entity | undefined {
  for (let x = b; x; x = x.parent) if (x.entity) return x.entity;
  return undefined;
}

function valueHover(spec: AttributeSpec, v: ValueNode, values: ValueNode[], offset: number): HoverResult | undefined {
  if (v.type === 'ident' || v.type === 'string') {
    const word = v.type === 'ident' ? v.name : v.value;
    const doc = spec.valueDocs?.[word];
    if (doc) return { markdown: `**${word}** — ${doc}`, span: v };
  }
  if (v.type === 'number') {
    if (v.unit && UNIT_DOCS[v.unit]) return { markdown: `\`${v.raw}\`: ${v.value} ${UNIT_DOCS[v.unit]}${normalisedText(spec, v)}`, span: v };
    // A plain integer where a size is expected is bytes, as the kernel writes them.
    if (v.unit === '' && spec.type.t === 'quantity' && spec.type.unit === 'size' && Number.isInteger(v.value)) return { markdown: `\`${v.raw}\`: bytes = ${formatBytes(v.value)}`, span: v };
    return undefined;
  }
  if (v.type === 'string' && spec.type.t === 'quantity' && spec.type.kernelString === 'cpu.max') {
    const parsed = parseCpuMaxString(v.value);
    if (parsed) {
      const quota = isFinite(parsed.cpus) ? `${Math.round(parsed.cpus * parsed.period * 1e6)} µs of CPU time` : 'no quota (`max`)';
      return { markdown: `The kernel's \`cpu.max\`: ${quota} per ${Math.round(parsed.period * 1e6)} µs period = ${formatCpus(parsed.cpus)}${parsed.period !== CFS_PERIOD ? ` (a ${formatSeconds(parsed.period)} period instead of the default ${formatSeconds(CFS_PERIOD)})` : ''}`, span: v };
    }
  }
  const call = [...values].reverse().find((x) => x.type === 'call');
  if (call && call.type === 'call' && contains(call.calleeSpan, offset)) {
    const pattern = patternSpec(call.callee);
    if (pattern) return { markdown: `\`${pattern.signature}\` — ${pattern.doc}\n\n${pattern.parameters.map((p) => `- \`${p.name}\`: ${p.doc}`).join('\n')}`, span: call.calleeSpan };
    const ref = REFERENCE_CALLS.find((r) => r.name === call.callee);
    if (ref) {
      const doc = call.callee === 'container' && spec.valueDocs?.container ? spec.valueDocs.container : ref.doc;
      return { markdown: `**${call.callee}("…")** — ${doc}`, span: call.calleeSpan };
    }
  }
  if (v.type === 'string' && call && call.type === 'call' && (call.callee === 'container' || call.callee === 'volume')) {
    return { markdown: `Refers to ${call.callee} \`${v.value}\` (${call.callee === 'container' ? 'on the same kernel' : "in the container's pod, then this kernel, then outwards to the host"}). Go to definition to jump there.`, span: v };
  }
  return undefined;
}

function normalisedText(spec: AttributeSpec, v: { value: number; unit: string }): string {
  const t = spec.type;
  const kind = t.t === 'quantity' || t.t === 'pattern' ? t.unit : undefined;
  if (!kind) return '';
  const factor = UNIT_KINDS[kind].units[v.unit];
  if (factor === undefined) return '';
  const n = v.value * factor;
  if (kind === 'size') return ` = ${formatBytes(n)} (${n.toLocaleString('en-US')} bytes)`;
  if (kind === 'cpu') return ` = ${formatCpus(n)}`;
  return ` = ${Number(n.toPrecision(6))} ${UNIT_KINDS[kind].normalised}`;
}

function typeText(spec: AttributeSpec): string {
  const t = spec.type;
  switch (t.t) {
    case 'quantity':
      return `${UNIT_KINDS[t.unit].noun} (e.g. \`${UNIT_KINDS[t.unit].example}\`)${t.unlimited ? ', or `max` for no limit' : ''}`;
    case 'pattern':
      return `${UNIT_KINDS[t.unit].noun} or a pattern (\`burst(…)\`, \`ramp(…)\`, \`sine(…)\`, \`steps(…)\`)`;
    case 'enum':
      return t.values.map((v) => `\`${v}\``).join(' | ') + (t.orString ? ' | a string' : '');
    case 'names':
      return `a list of names${t.known.length ? ` (${t.known.slice(0, 8).map((v) => `\`${v}\``).join(', ')}${t.known.length > 8 ? ', …' : ''})` : ''}`;
    case 'cpus':
      return 'logical CPUs: an integer, a range `0..3` or a list';
    case 'namespace':
      return '`private` | `host` | `container("name")`';
    case 'mountSource':
      return 'a path string or `volume("name")`';
    case 'user':
      return '`root`, a user name, a string or a UID';
    case 'ioLimit':
      return 'a data rate and/or an I/O rate';
    case 'path':
      return 'an absolute path string';
    default:
      return t.t;
  }
}

