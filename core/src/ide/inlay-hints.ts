/**
 * Inlay hints from a simulation result: beside hard limits (`cpu.max`,
 * `memory.max`, `memory.high`, `pids.max`) and entity headers, the simulated
 * figures that matter for them: `cpu.max = 2 ⟵ p95 1.9 · throttled 34%`.
 */
import { Model, ResolvedBlock, SourceFile } from '../model/types';
import { formatBytes, formatPercent } from '../schema';
import { EntityResult, SimulationResult } from '../sim/types';
import { Span } from '../syntax/ast';

export interface InlayHint {
  offset: number;
  label: string;
  tooltip?: string;
}

export function inlayHints(file: SourceFile, model: Model, sim: SimulationResult, range?: Span): InlayHint[] {
  const byId = new Map(sim.entities.map((e) => [e.id, e]));
  const out: InlayHint[] = [];
  const inRange = (o: number): boolean => !range || (o >= range.start && o <= range.end);
  for (const e of model.entities) {
    const r = byId.get(e.id);
    if (!r || e.block.file !== file) continue;
    const header = e.block.node.label ?? e.block.node.kindSpan;
    if (inRange(header.end)) out.push({ offset: e.block.node.openBrace + 1, label: `⟵ ${entityLine(r)}`, tooltip: `Simulated figures of ${e.id}` });
    const cgroup = e.block.children.find((c) => c.kind === 'cgroup');
    if (cgroup) limitHints(cgroup, r, out, inRange);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function entityLine(r: EntityResult): string {
  const bits = [`cpu ${n(r.cpu.granted.mean)}/${n(r.cpu.demand.mean)}`];
  if (r.cpu.steal !== null) bits.push(`steal ${formatPercent(r.cpu.steal)}`);
  bits.push(`mem p95 ${formatBytes(r.memory.used.p95)}`);
  if (r.events.length) bits.push(`${r.events.length} event${r.events.length > 1 ? 's' : ''}`);
  return bits.join(' · ');
}

function limitHints(cgroup: ResolvedBlock, r: EntityResult, out: InlayHint[], inRange: (o: number) => boolean): void {
  const at = (key: string): number | undefined => {
    const a = cgroup.attributes.get(key);
    return a && inRange(a.node.end) ? a.node.end : undefined;
  };
  const cpuMax = at('cpu.max');
  if (cpuMax !== undefined) out.push({ offset: cpuMax, label: `⟵ p95 ${n(r.cpu.granted.p95)}${r.cpu.throttled !== null ? ` · throttled ${formatPercent(r.cpu.throttled)}` : ''}` });
  const memMax = at('memory.max');
  const oom = r.events.filter((e) => e.type === 'oom-kill');
  if (memMax !== undefined) out.push({ offset: memMax, label: `⟵ p95 ${formatBytes(r.memory.used.p95)}${oom.length ? ` · OOM ×${oom.length} (first ${n(oom[0].t)}s)` : ''}` });
  const memHigh = at('memory.high');
  if (memHigh !== undefined) out.push({ offset: memHigh, label: `⟵ max ${formatBytes(r.memory.used.max)}` });
  const pids = at('pids.max');
  if (pids !== undefined) out.push({ offset: pids, label: `⟵ ${r.pids.failedForks} failed forks` });
}

function n(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
