/** `--format json`: the shape of DESIGN §7, exactly. */
import { Diagnostic } from '../../core/src/diagnostics/types';

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: Diagnostic['range'];
  related: { path: string; range: Diagnostic['range']; message: string }[];
}

export function toJsonDiagnostic(d: Diagnostic, pathOf: (uri: string) => string): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: d.range,
    related: (d.related ?? []).map((r) => ({ path: pathOf(r.uri), range: r.range, message: r.message })),
  };
}

export function formatJson(entries: { path: string; diagnostics: Diagnostic[] }[], pathOf: (uri: string) => string): string {
  return JSON.stringify({ version: 1, files: entries.map((e) => ({ path: e.path, diagnostics: e.diagnostics.map((d) => toJsonDiagnostic(d, pathOf)) })) }, null, 2) + '\n';
}
