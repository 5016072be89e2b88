/**
 * Apply LSP text edits to a text — for quick-fix round-trip tests, and for
 * anything (the CLI, the server) that applies a fix without an editor.
 * Edits are applied from the end so earlier offsets stay valid; edits of
 * other documents are left to the caller (pass `uri` to pick one document).
 */
import { TextEdit } from '../diagnostics/types';
import { LineIndex } from './line-index';

export function applyEdits(text: string, edits: TextEdit[], uri?: string): string {
  const lines = new LineIndex(text);
  const spans = edits
    .filter((e) => uri === undefined || e.uri === uri)
    .map((e, i) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = text;
  let limit = Infinity;
  for (const s of spans) {
    if (s.end > limit) throw new Error('overlapping text edits');
    out = out.slice(0, s.start) + s.newText + out.slice(s.end);
    limit = s.start;
  }
  return out;
}
