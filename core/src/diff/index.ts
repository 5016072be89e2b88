/**
 * `diffTopologies(old, new)`: what a change to a topology does. Pure: it
 * compares two analyses (each with the simulation's findings) and their
 * simulation results; reading the versions is the front end's business.
 *
 * Findings are matched, not compared by place: a finding's identity is its
 * code, its file (relative to the root), the innermost entity whose block
 * holds it, the text it points at and its message — both with the numeric
 * figures taken out. So a finding that only moved lines is unchanged; one
 * whose figures (or severity) changed is "changed", shown old → new. Equal
 * identities pair in the order they appear.
 *
 * Entities are matched by id. Per entity in both: granted CPU (mean, CPUs),
 * steal and throttled (fractions), memory p95 (bytes) and headroom:
 *  - CPU headroom = the most CPU the entity may ever get − granted mean. The
 *    most is: a host's logical CPUs; a VM's vCPUs, fewer when pinned to fewer
 *    CPUs or capped by its cgroup's cpu.max; a container's cpu.max, its
 *    cpuset.cpus count and its kernel's CPUs (the host's logical CPUs, or the
 *    VM's vCPUs), the smallest of them.
 *  - memory headroom = memory limit − memory p95, the limit being the
 *    result's memory.limit (memory.max, a VM's memory, a host's RAM); null
 *    when unlimited.
 * Only entities with a figure changed beyond METRIC_EPSILON are listed,
 * unless `all`. Ordering is deterministic: findings by severity (errors
 * first), code, entity, file, position, message; entities by id.
 */
import type { Diagnostic, Severity } from '../diagnostics/types';
import type { Entity, Model, ResolvedBlock } from '../model/types';
import type { EntityResult } from '../sim/types';
import { ChangedFinding, DiffEntity, DiffFinding, DiffOptions, DiffSide, EntityChange, MetricChange, MetricName, METRICS, TopologyDiff } from './types';

export * from './types';

/** A figure changes when it moves by more than this (or gains or loses a value). */
export const METRIC_EPSILON: Record<MetricName, number> = {
  cpuGranted: 0.001,
  cpuSteal: 0.001,
  cpuThrottled: 0.001,
  memoryP95: 1024 * 1024,
  cpuHeadroom: 0.001,
  memoryHeadroom: 1024 * 1024,
};

const BYTE_METRICS = new Set<MetricName>(['memoryP95', 'memoryHeadroom']);
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
/** At most this much of the text a finding points at takes part in its identity. */
const MAX_ANCHOR = 200;

export function diffTopologies(oldSide: DiffSide, newSide: DiffSide, options: DiffOptions = {}): TopologyDiff {
  const oldFindings = findingsOf(oldSide);
  const newFindings = findingsOf(newSide);

  // Pair equal identities in order of appearance.
  const waiting = new Map<string, Keyed[]>();
  for (const f of oldFindings) {
    const q = waiting.get(f.key);
    if (q) q.push(f);
    else waiting.set(f.key, [f]);
  }
  const added: DiffFinding[] = [];
  const changed: ChangedFinding[] = [];
  let unchanged = 0;
  for (const f of newFindings) {
    const match = waiting.get(f.key)?.shift();
    if (!match) added.push(f.finding);
    else if (match.finding.message !== f.finding.message || match.finding.severity !== f.finding.severity) changed.push({ code: f.finding.code, entity: f.finding.entity, old: match.finding, new: f.finding });
    else unchanged++;
  }
  const removed: DiffFinding[] = [];
  for (const q of waiting.values()) for (const f of q) removed.push(f.finding);
  added.sort(compareFindings);
  removed.sort(compareFindings);
  changed.sort((a, b) => compareFindings(a.new, b.new));

  const entities = diffEntities(oldSide, newSide, options);
  const errorsAdded = added.filter((f) => f.severity === 'error').length + changed.filter((c) => c.new.severity === 'error' && c.old.severity !== 'error').length;
  return {
    version: 1,
    old: sideInfo(oldSide),
    new: sideInfo(newSide),
    summary: {
      findingsAdded: added.length,
      findingsRemoved: removed.length,
      findingsChanged: changed.length,
      findingsUnchanged: unchanged,
      errorsAdded,
      entitiesAdded: entities.added.length,
      entitiesRemoved: entities.removed.length,
      entitiesChanged: entities.changed.filter((e) => e.changed.length > 0).length,
    },
    findings: { added, removed, changed },
    entities,
  };
}

/** True when the diff shows nothing: no finding and no entity added, removed or changed. */
export function isEmptyDiff(d: TopologyDiff): boolean {
  const s = d.summary;
  return s.findingsAdded + s.findingsRemoved + s.findingsChanged + s.entitiesAdded + s.entitiesRemoved + s.entitiesChanged === 0;
}

/** A message or anchor with its numeric figures taken out: `50% of 1.5 CPUs` → `#% of # CPUs`. Digits inside names (`node-1`, `h2`) stay. */
export function withoutFigures(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}_\-/.])[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?/giu, '#');
}

interface Keyed {
  key: string;
  finding: DiffFinding;
}

function sideInfo(side: DiffSide): TopologyDiff['old'] {
  return { uri: side.uri, simulated: side.simulation !== undefined, duration: side.simulation?.duration ?? null, seed: side.simulation?.seed ?? null };
}

function findingsOf(side: DiffSide): Keyed[] {
  const model = side.analysis.model;
  const locate = entityLocator(model);
  const base = folderOf(side.uri);
  return side.analysis.diagnostics.map((d) => {
    const file = model?.files.get(d.uri);
    let anchor = '';
    let entity: string | null = null;
    if (file) {
      const start = file.lines.offset(d.range.start);
      const end = file.lines.offset(d.range.end);
      anchor = file.text.slice(start, Math.min(end, start + MAX_ANCHOR)).replace(/\s+/g, ' ').trim();
      entity = locate(d.uri, start);
    }
    const where = d.uri === side.uri ? '' : d.uri.startsWith(base) ? d.uri.slice(base.length) : d.uri;
    const finding = toFinding(d, entity);
    return { key: [d.code, where, entity ?? '', withoutFigures(anchor), withoutFigures(d.message)].join('\u0000'), finding };
  });
}

function toFinding(d: Diagnostic, entity: string | null): DiffFinding {
  return { code: d.code, severity: d.severity, message: d.message, entity, uri: d.uri, range: d.range };
}

function folderOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? uri : uri.slice(0, slash + 1);
}

/**
 * The innermost entity whose block holds an offset. The last entity block
 * starting at or before the offset is that entity or lies inside it (blocks
 * nest), so the answer is it or one of its ancestors.
 */
function entityLocator(model: Model | undefined): (uri: string, offset: number) => string | null {
  const byFile = new Map<string, ResolvedBlock[]>();
  for (const e of model?.entities ?? []) {
    const b = e.block;
    const list = byFile.get(b.file.uri);
    if (list) list.push(b);
    else byFile.set(b.file.uri, [b]);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.node.start - b.node.start);
  return (uri, offset) => {
    const list = byFile.get(uri);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].node.start <= offset) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let b: ResolvedBlock | undefined = at < 0 ? undefined : list[at]; b; b = b.parent) {
      if (b.entity && b.node.start <= offset && offset <= b.node.end) return b.entity.id;
    }
    return null;
  };
}

function compareFindings(a: DiffFinding, b: DiffFinding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    cmp(a.code, b.code) ||
    cmp(a.entity ?? '', b.entity ?? '') ||
    cmp(a.uri, b.uri) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    cmp(a.message, b.message)
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function diffEntities(oldSide: DiffSide, newSide: DiffSide, options: DiffOptions): TopologyDiff['entities'] {
  const out: TopologyDiff['entities'] = { added: [], removed: [], changed: [] };
  // Without both simulations there are no figures to compare.
  if (!oldSide.simulation || !newSide.simulation) return out;
  const olds = new Map(oldSide.simulation.entities.map((e) => [e.id, e]));
  const news = new Map(newSide.simulation.entities.map((e) => [e.id, e]));
  for (const [id, e] of news) {
    const before = olds.get(id);
    if (!before) {
      out.added.push(entityOf(e));
      continue;
    }
    const oldFigures = figures(before, oldSide.analysis.model);
    const newFigures = figures(e, newSide.analysis.model);
    const metrics = {} as Record<MetricName, MetricChange>;
    const changedNames: MetricName[] = [];
    for (const m of METRICS) {
      const o = oldFigures[m];
      const n = newFigures[m];
      const delta = o === null || n === null ? null : BYTE_METRICS.has(m) ? Math.round(n - o) : round6(n - o);
      metrics[m] = { old: o, new: n, delta };
      if ((o === null) !== (n === null) || (delta !== null && Math.abs(delta) > METRIC_EPSILON[m])) changedNames.push(m);
    }
    if (changedNames.length > 0 || options.all) out.changed.push({ ...entityOf(e), metrics, changed: changedNames });
  }
  for (const [id, e] of olds) if (!news.has(id)) out.removed.push(entityOf(e));
  const byId = (a: { id: string }, b: { id: string }) => cmp(a.id, b.id);
  out.added.sort(byId);
  out.removed.sort(byId);
  out.changed.sort(byId);
  return out;
}

function entityOf(e: EntityResult): DiffEntity {
  return { id: e.id, kind: e.kind, uri: e.uri, range: e.range };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
const finiteOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function figures(e: EntityResult, model: Model | undefined): Record<MetricName, number | null> {
  const granted = e.cpu.granted.mean;
  const p95 = e.memory.used.p95;
  const ceiling = cpuCeiling(model?.entityById.get(e.id), e);
  const limit = finiteOrNull(e.memory.limit);
  return {
    cpuGranted: granted,
    cpuSteal: finiteOrNull(e.cpu.steal),
    cpuThrottled: finiteOrNull(e.cpu.throttled),
    memoryP95: p95,
    cpuHeadroom: ceiling === null ? null : round6(ceiling - granted),
    memoryHeadroom: limit === null ? null : Math.round(limit - p95),
  };
}

/** The most CPU an entity may ever be granted by its own limits (see the module comment). */
function cpuCeiling(entity: Entity | undefined, e: EntityResult): number | null {
  if (!entity) return null;
  const caps: number[] = [];
  if (typeof e.cpu.limit === 'number') caps.push(e.cpu.limit);
  if (entity.kind === 'host') caps.push(entity.cpu.logical);
  else if (entity.kind === 'container') {
    caps.push(entity.cgroup.cpuMax);
    if (entity.cgroup.cpuset && entity.cgroup.cpuset.length > 0) caps.push(entity.cgroup.cpuset.length);
    const owner = entity.kernel.owner;
    caps.push(owner.kind === 'host' ? owner.cpu.logical : owner.vcpus);
  } else if (entity.kind === 'group' || entity.kind === 'pod') {
    caps.push(entity.cgroup.cpuMax); // a group or pod: its own cgroup's quota
  } else {
    caps.push(entity.vcpus);
    if (entity.pin && entity.pin.length > 0) caps.push(entity.pin.length);
    if (entity.cgroup) caps.push(entity.cgroup.cpuMax);
  }
  let least = Infinity;
  for (const c of caps) if (Number.isFinite(c) && c >= 0 && c < least) least = c;
  return Number.isFinite(least) ? least : null;
}
