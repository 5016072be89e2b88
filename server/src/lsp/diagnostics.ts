/** Core diagnostics → LSP diagnostics. */
import { Diagnostic as LspDiagnostic, DiagnosticSeverity } from 'vscode-languageserver';
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
