/** Core diagnostics → LSP diagnostics, and the guard that keeps published ranges inside the document. */
import { Diagnostic as LspDiagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, Severity } from '../../../core/src/diagnostics/types';
import { clampPosition, isInside } from '../places';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'vmx',
    message: d.message,
  };
  if (d.related?.length) out.relatedInformation = d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  if (d.fixes?.length) out.data = { fixes: d.fixes.length };
  return out;
}

type Located = Pick<LspDiagnostic, 'range'>;

/**
 * The last guard before publishing: every range must lie inside the
 * document the client has at this version. A diagnostic that starts on a
 * line the document does not have (a bug upstream: it is counted, so the
 * caller can log it) or ends before it starts is dropped; a character past
 * a line's end is that line's end (places.ts says how that happens).
 */
export function insideDocument<T extends Located>(diagnostics: T[], doc: TextDocument): { kept: T[]; dropped: number } {
  const kept: T[] = [];
  let dropped = 0;
  for (const d of diagnostics) {
    const { start, end } = d.range;
    if (start.line < 0 || start.line >= doc.lineCount || doc.offsetAt(end) < doc.offsetAt(start)) {
      dropped++;
      continue;
    }
    if (isInside(doc, start) && isInside(doc, end)) kept.push(d);
    else kept.push({ ...d, range: { start: clampPosition(doc, start), end: clampPosition(doc, end) } });
  }
  return { kept, dropped };
}
