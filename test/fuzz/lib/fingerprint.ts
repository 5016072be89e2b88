/**
 * What a file means, independent of layout: every block (kind, label,
 * validated attribute values) in document order, and the diagnostics by
 * code and message. Formatting must not change it; ranges and offsets are
 * left out on purpose.
 */
import { AnalysisResult } from '../../../core/src/analyze';

const SKIP = new Set(['nameSpan', 'target', 'span', 'start', 'end']);

function stable(value: unknown): string {
  return JSON.stringify(value, (k, v) => (SKIP.has(k) ? undefined : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

export function meaning(result: AnalysisResult): string[] {
  const out: string[] = [];
  for (const b of result.model?.blocks ?? []) {
    const attrs = [...b.attributes.values()].map((a) => `${a.name}=${stable(a.value)}`).join(' ');
    out.push(`${b.kind}${b.label !== undefined ? ` ${JSON.stringify(b.label)}` : ''} valid=${b.valid} ${attrs}`);
  }
  for (const e of result.model?.entities ?? []) out.push(`entity ${e.kind} ${e.id}`);
  return out;
}

/** Diagnostics without positions: code and message, sorted. */
export function findings(result: AnalysisResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
}
