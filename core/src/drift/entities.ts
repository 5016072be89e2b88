/**
 * The entities below a host, as drift matches them: every group, pod,
 * container, vm and partition block with its id relative to the host
 * (`kubepods.slice/kubepods-burstable.slice/<uid>/<container>`), its parent
 * entity, and the names it can also be known by (a container's full id
 * label, a pod's uid label).
 */
import { ResolvedBlock } from '../model/types';
import { Span } from '../syntax/ast';

/** A block's header: `container web {`. */
export function headerSpan(b: ResolvedBlock): Span {
  return { start: b.node.kindSpan.start, end: b.node.openBrace + 1 };
}

/** How an entity is named in a message: `container web` (with its path when it is nested). */
export function entityName(e: DriftEntity): string {
  return `${e.kind} ${e.id}`;
}

export const ENTITY_KINDS = new Set(['group', 'pod', 'container', 'vm', 'partition']);
/** Blocks that are not entities but hold some (a hypervisor holds VMs). */
const HOLDERS = new Set(['hypervisor']);

export interface DriftEntity {
  kind: string;
  /** Labels from below the host down to this entity, joined by `/`. */
  id: string;
  name: string;
  block: ResolvedBlock;
  parent?: DriftEntity;
  /** Other names it is matched by: the full container id, the pod uid. */
  aliases: string[];
}

/** A label of the block's `labels` child (a string value). */
export function labelValue(block: ResolvedBlock, key: string): string | undefined {
  const labels = block.children.find((c) => c.kind === 'labels');
  const v = labels?.attributes.get(key)?.value;
  return typeof v === 'string' ? v : undefined;
}

export function hostEntities(host: ResolvedBlock): DriftEntity[] {
  const out: DriftEntity[] = [];
  const walk = (b: ResolvedBlock, prefix: string, parent: DriftEntity | undefined): void => {
    for (const c of b.children) {
      if (HOLDERS.has(c.kind)) walk(c, prefix, parent);
      if (!ENTITY_KINDS.has(c.kind) || c.label === undefined) continue;
      const id = prefix ? `${prefix}/${c.label}` : c.label;
      const aliases = [labelValue(c, 'id'), labelValue(c, 'uid')].filter((v): v is string => v !== undefined);
      const e: DriftEntity = { kind: c.kind === 'partition' ? 'vm' : c.kind, id, name: c.label, block: c, parent, aliases };
      out.push(e);
      walk(c, id, e);
    }
  };
  walk(host, '', undefined);
  return out;
}

/**
 * Declared → live pairs: by id first; then a container (or pod) by name,
 * full id or uid when exactly one live one answers to it — a file may put a
 * container directly on its host that the machine runs in a slice.
 */
export function matchEntities(declared: DriftEntity[], live: DriftEntity[]): Map<DriftEntity, DriftEntity> {
  const pairs = new Map<DriftEntity, DriftEntity>();
  const taken = new Set<DriftEntity>();
  const liveById = new Map(live.map((e) => [`${e.kind}:${e.id}`, e]));
  for (const d of declared) {
    const l = liveById.get(`${d.kind}:${d.id}`);
    if (l && !taken.has(l)) {
      pairs.set(d, l);
      taken.add(l);
    }
  }
  for (const d of declared) {
    if (pairs.has(d) || (d.kind !== 'container' && d.kind !== 'pod' && d.kind !== 'vm')) continue;
    const names = new Set([d.name, ...d.aliases]);
    const candidates = live.filter((l) => !taken.has(l) && l.kind === d.kind && (names.has(l.name) || l.aliases.some((a) => names.has(a) || (d.kind === 'container' && a.startsWith(d.name) && d.name.length >= 12 && /^[0-9a-f]+$/.test(d.name)))));
    if (candidates.length === 1) {
      pairs.set(d, candidates[0]);
      taken.add(candidates[0]);
    }
  }
  return pairs;
}
