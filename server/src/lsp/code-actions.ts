/**
 * Code actions: the quick fixes computed with the checks (Diagnostic.fixes),
 * matched to the diagnostics in the request by code and range; and, for a
 * VMware configuration (VMX001), its conversion into a topology.
 */
import { CodeAction, CodeActionKind, Diagnostic as LspDiagnostic, TextEdit } from 'vscode-languageserver';
import { convertVmware } from '../../../core/src/ide/convert-vmware';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { ServerContext } from '../context';
import { insideDocument, toLspDiagnostic } from './diagnostics';

export const CONVERT_VMWARE_TITLE = 'Convert this VMware .vmx into a topology vm';

function sameRange(a: LspDiagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(({ textDocument, range, context }): CodeAction[] => {
    const uri = textDocument.uri;
    // As published (clamped into the document), so the client's copies match them.
    const doc = ctx.workspace.document(uri);
    const all: Diagnostic[] = ctx.analyzer.diagnosticsOf(uri, ctx.workspace.openUris());
    const current = doc ? insideDocument(all, doc).kept : all;
    const requested = context.diagnostics.length
      ? context.diagnostics
      : current.filter((d) => d.range.start.line <= range.end.line && d.range.end.line >= range.start.line).map(toLspDiagnostic);
    const out: CodeAction[] = [];
    for (const rd of requested) {
      const d = current.find((x) => x.code === rd.code && sameRange(x.range, rd.range));
      if (!d) continue;
      for (const fix of d.fixes ?? []) {
        const changes: Record<string, TextEdit[]> = {};
        for (const e of fix.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [rd], isPreferred: fix.preferred, edit: { changes } });
      }
      if (d.code === 'VMX001') {
        const doc = ctx.workspace.document(uri);
        if (!doc) continue;
        out.push({
          title: CONVERT_VMWARE_TITLE,
          kind: CodeActionKind.RefactorRewrite,
          diagnostics: [rd],
          isPreferred: true,
          edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: convertVmware(doc.getText()) }] } },
        });
      }
    }
    if (context.only && context.only.length) return out.filter((a) => context.only!.some((k) => a.kind?.startsWith(k)));
    return out;
  });
}
