/** Core diagnostics → LSP diagnostics, and the guard that keeps published ranges inside the document. */
import { Diagnostic as LspDiagnostic, DiagnosticSeverity, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, Severity } from '../../../core/src/diagnostics/types';

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

/** `p` names a place in the document: a line it has, a character from 0 to that line's length. */
function isInside(doc: TextDocument, p: Position): boolean {
  const back = doc.positionAt(doc.offsetAt(p));
  return back.line === p.line && back.character === p.character;
}

/**
 * The last guard before publishing: every range must lie inside the
 * document the client has at this version. A diagnostic that starts
 * outside it (a bug upstream: it is counted, so the caller can log it) is
 * dropped; one that only ends past the end is cut at the document's end.
 */
export function insideDocument<T extends Located>(diagnostics: T[], doc: TextDocument): { kept: T[]; dropped: number } {
  const kept: T[] = [];
  let dropped = 0;
  for (const d of diagnostics) {
    const { start, end } = d.range;
    if (!isInside(doc, start) || doc.offsetAt(end) < doc.offsetAt(start)) {
      dropped++;
      continue;
    }
    kept.push(isInside(doc, end) ? d : { ...d, range: { start, end: doc.positionAt(doc.offsetAt(end)) } });
  }
  return { kept, dropped };
}
