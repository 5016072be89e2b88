/**
 * Turns the server's `vmx/topology` answer into the tree the view draws, and
 * scores each entity's contention from the latest simulation: the view
 * colours boxes by that score.
 */
import type { EntityResult, SimulationResult, TopologyNode } from '../protocol';

const CHILD_KEYS = ['children', 'roots', 'nodes', 'hosts', 'items'] as const;

/** Accepts an array of roots, `{ roots }`, or a single node; drops anything malformed. */
export function normalizeTopology(raw: unknown, depth = 0): TopologyNode[] {
  if (depth > 64 || raw === null || typeof raw !== 'object') return [];
  if (Array.isArray(raw)) return raw.flatMap((n) => normalizeNode(n, depth));
  const o = raw as Record<string, unknown>;
  if (typeof o.kind === 'string') return normalizeNode(o, depth);
  for (const k of CHILD_KEYS) if (Array.isArray(o[k])) return normalizeTopology(o[k], depth + 1);
  return [];
}

function normalizeNode(raw: unknown, depth: number): TopologyNode[] {
  if (raw === null || typeof raw !== 'object') return [];
  const o = raw as Record<string, unknown>;
  if (typeof o.kind !== 'string') return [];
  const childrenRaw = CHILD_KEYS.map((k) => o[k]).find(Array.isArray) ?? [];
  const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
  return [
    {
      id: typeof o.id === 'string' ? o.id : `${o.kind}:${String(o.name ?? '')}`,
      kind: o.kind,
      name: typeof o.name === 'string' ? o.name : typeof o.label === 'string' ? o.label : '',
      uri: typeof o.uri === 'string' ? o.uri : undefined,
      range: isRange(o.range) ? o.range : undefined,
      ring: typeof o.ring === 'number' ? o.ring : null,
      kernel: str(o.kernel),
      boundary: str(o.boundary),
      severity: o.severity === 'error' || o.severity === 'warning' || o.severity === 'information' || o.severity === 'hint' ? o.severity : null,
      detail: str(o.detail ?? o.description),
      labels: labelsOf(o.labels),
      children: normalizeTopology(childrenRaw, depth + 1),
    },
  ];
}

/** At most this many labels per box, each cut to LABEL_TEXT characters: a hostile answer cannot flood the view. */
const MAX_LABELS = 32;
const LABEL_TEXT = 120;

/** String → string entries only; anything else (a number, a nested object) is dropped. */
function labelsOf(raw: unknown): Record<string, string> | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string' || n >= MAX_LABELS) continue;
    out[k.slice(0, LABEL_TEXT)] = v.slice(0, LABEL_TEXT);
    n++;
  }
  return n ? out : null;
}

function isRange(r: unknown): r is NonNullable<TopologyNode['range']> {
  const x = r as { start?: { line?: unknown }; end?: { line?: unknown } } | null;
  return !!x && typeof x.start?.line === 'number' && typeof x.end?.line === 'number';
}

/** 0 = no contention … 1 = severe, with the reason shown in the box. */
export interface Contention {
  score: number;
  reason: string;
}

export function contentionOf(e: EntityResult): Contention {
  const reasons: Array<[number, string]> = [];
  const oom = e.events.filter((ev) => ev.type === 'oom-kill').length;
  if (oom > 0) reasons.push([1, `${oom} OOM kill${oom > 1 ? 's' : ''}`]);
  if (e.pids.failedForks > 0) reasons.push([0.9, `${e.pids.failedForks} failed forks`]);
  if (e.cpu.steal !== null && e.cpu.steal > 0.01) reasons.push([Math.min(1, e.cpu.steal * 5), `steal ${(e.cpu.steal * 100).toFixed(0)}%`]);
  if (e.cpu.throttled !== null && e.cpu.throttled > 0.01) reasons.push([Math.min(1, e.cpu.throttled * 3), `throttled ${(e.cpu.throttled * 100).toFixed(0)}%`]);
  if (e.cpu.demand.mean > 0) {
    const starved = 1 - e.cpu.granted.mean / e.cpu.demand.mean;
    if (starved > 0.05) reasons.push([Math.min(1, starved * 2), `gets ${((1 - starved) * 100).toFixed(0)}% of CPU demand`]);
  }
  if (e.memory.swapped.max > 0) reasons.push([0.7, 'swapped']);
  if (e.memory.high && e.memory.used.max >= e.memory.high * 0.999) reasons.push([0.5, 'at memory.high']);
  if (reasons.length === 0) return { score: 0, reason: 'no contention' };
  reasons.sort((a, b) => b[0] - a[0]);
  return { score: reasons[0][0], reason: reasons.map((r) => r[1]).join(', ') };
}

export function contentionById(result: SimulationResult | undefined): Record<string, Contention> {
  const out: Record<string, Contention> = {};
  for (const e of result?.entities ?? []) out[e.id] = contentionOf(e);
  return out;
}

/** Finds a node by id (depth-first). */
export function findNode(roots: TopologyNode[], id: string): TopologyNode | undefined {
  for (const n of roots) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}
