/**
 * Code actions: the quick fixes computed with the checks (Diagnostic.fixes),
 * matched to the diagnostics in the request by code and range; and, for a
 * VMware configuration (VMX001), its conversion into a topology.
 *
 * What the client gets depends on what it declares (LSP 3.17):
 * - `codeActionLiteralSupport`: CodeAction literals; else Command[] (each
 *   fix as the server's `vmx.applyEdit` command, which applies it with
 *   workspace/applyEdit);
 * - `resolveSupport.properties` with 'edit': the actions without their
 *   edit, filled by codeAction/resolve (the conversion of a whole VMware
 *   file is only computed when it is chosen).
 */
import { CodeAction, CodeActionKind, Command, Diagnostic as LspDiagnostic, Range, TextEdit } from 'vscode-languageserver';
import { convertVmware } from '../../../core/src/ide/convert-vmware';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { ServerContext } from '../context';
import { APPLY_EDIT_COMMAND } from './commands';
import { insideDocument, toLspDiagnostic } from './diagnostics';

export const CONVERT_VMWARE_TITLE = 'Convert this VMware .vmx into a topology vm';

function sameRange(a: LspDiagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** What codeAction/resolve needs to compute an action's edit again. */
interface ActionData {
  uri: string;
  version: number;
  range: Range;
  diagnostic: LspDiagnostic;
  title: string;
}

function isActionData(v: unknown): v is ActionData {
  const d = v as ActionData;
  return typeof d === 'object' && d !== null && typeof d.uri === 'string' && Number.isInteger(d.version) && typeof d.title === 'string' && typeof d.diagnostic === 'object' && d.diagnostic !== null && typeof d.range === 'object' && d.range !== null;
}

/** The actions for the requested diagnostics, each with its edit computed only when `withEdits`. */
function actionsFor(ctx: ServerContext, uri: string, range: Range, diagnostics: LspDiagnostic[], withEdits: (title: string) => boolean): CodeAction[] {
  // As published (clamped into the document), so the client's copies match them.
  const doc = ctx.workspace.document(uri);
  const all: Diagnostic[] = ctx.analyzer.diagnosticsOf(uri, ctx.workspace.openUris());
  const current = doc ? insideDocument(all, doc).kept : all;
  const requested = diagnostics.length ? diagnostics : current.filter((d) => d.range.start.line <= range.end.line && d.range.end.line >= range.start.line).map(toLspDiagnostic);
  const out: CodeAction[] = [];
  for (const rd of requested) {
    const d = current.find((x) => x.code === rd.code && sameRange(x.range, rd.range));
    if (!d) continue;
    for (const fix of d.fixes ?? []) {
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [rd], isPreferred: fix.preferred };
      if (withEdits(fix.title)) {
        const changes: Record<string, TextEdit[]> = {};
        for (const e of fix.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
        action.edit = { changes };
      }
      out.push(action);
    }
    if (d.code === 'VMX001' && doc) {
      const action: CodeAction = { title: CONVERT_VMWARE_TITLE, kind: CodeActionKind.RefactorRewrite, diagnostics: [rd], isPreferred: true };
      if (withEdits(CONVERT_VMWARE_TITLE)) action.edit = { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, newText: convertVmware(doc.getText()) }] } };
      out.push(action);
    }
  }
  return out;
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(({ textDocument, range, context }): (CodeAction | Command)[] => {
    const uri = textDocument.uri;
    const lazy = ctx.client?.codeActionResolveEdit === true;
    const literals = ctx.client?.codeActionLiterals ?? true;
    let out = actionsFor(ctx, uri, range, context.diagnostics ?? [], () => !lazy || !literals);
    if (context.only && context.only.length) out = out.filter((a) => context.only!.some((k) => a.kind === k || a.kind?.startsWith(`${k}.`)));
    if (!literals) return out.map((a): Command => ({ title: a.title, command: APPLY_EDIT_COMMAND, arguments: [a.edit] }));
    if (lazy) {
      const version = ctx.workspace.version(uri);
      for (const a of out) a.data = { uri, version, range, diagnostic: a.diagnostics![0], title: a.title } satisfies ActionData;
    }
    return out;
  });

  ctx.connection.onCodeActionResolve((action: CodeAction): CodeAction => {
    const data = action.data;
    // Not one of ours, or the document changed since: the edit cannot be given for the text the client had.
    if (!isActionData(data) || ctx.workspace.version(data.uri) !== data.version) return action;
    const found = actionsFor(ctx, data.uri, data.range, [data.diagnostic], (title) => title === data.title).find((a) => a.title === data.title && a.edit);
    return found ? { ...action, edit: found.edit } : action;
  });
}
