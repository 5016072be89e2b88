/**
 * Pull diagnostics (LSP 3.17 `textDocument/diagnostic`, `workspace/diagnostic`),
 * for clients that declare `textDocument.diagnostic`; the others get
 * `textDocument/publishDiagnostics` (server.ts), never both.
 *
 * A document report holds the diagnostics located in the document (as
 * published otherwise: importers' findings about it and the last
 * simulation's included) and, in `relatedDocuments`, the reports of the
 * other open documents its analysis involves: the open files it imports
 * and the open files that import it, for clients that declare
 * `relatedDocumentSupport` (the others are asked to refresh when an
 * importer's or an import's diagnostics change). The workspace report covers every
 * open document. A `resultId` is a hash of the report's items: a request
 * whose `previousResultId` matches gets `{ kind: 'unchanged' }`.
 */
import { createHash } from 'node:crypto';
import { Diagnostic as LspDiagnostic, DocumentDiagnosticReportKind, FullDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport } from 'vscode-languageserver';
import { ServerContext } from '../context';

type Report = FullDocumentDiagnosticReport | UnchangedDocumentDiagnosticReport;

function resultIdOf(items: LspDiagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(items)).digest('hex').slice(0, 16);
}

export function registerPullDiagnostics(ctx: ServerContext, diagnosticsFor: (uri: string) => LspDiagnostic[], generation: () => number): void {
  /**
   * The last report of each document, kept while nothing changed (the
   * generation counts every change that can alter diagnostics): VS Code
   * pulls workspace diagnostics every two seconds.
   */
  const cache = new Map<string, { generation: number; version: number; items: LspDiagnostic[]; resultId: string }>();
  const current = (uri: string): { items: LspDiagnostic[]; resultId: string } => {
    const g = generation();
    const version = ctx.workspace.version(uri);
    const hit = cache.get(uri);
    if (hit && hit.generation === g && hit.version === version) return hit;
    const items = diagnosticsFor(uri);
    const entry = { generation: g, version, items, resultId: resultIdOf(items) };
    cache.set(uri, entry);
    for (const u of cache.keys()) if (!ctx.workspace.isOpen(u)) cache.delete(u);
    return entry;
  };
  const report = (uri: string, previous?: string): Report => {
    const { items, resultId } = current(uri);
    return previous === resultId ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  };

  ctx.connection.languages.diagnostics.on(({ textDocument, previousResultId }) => {
    const uri = textDocument.uri;
    const main = report(uri, previousResultId);
    const open = ctx.workspace.openUris();
    const related = new Set<string>();
    // Open files this one imports…
    for (const dep of ctx.analyzer.get(uri)?.deps ?? []) if (dep !== uri && ctx.workspace.isOpen(dep)) related.add(dep);
    // …and open files that import it.
    for (const a of ctx.analyzer.rootsContaining(uri, open)) if (a.uri !== uri) related.add(a.uri);
    // Only to clients that declare relatedDocumentSupport (VS Code does not: it is asked to refresh instead).
    if (!ctx.client?.diagnosticRelated || related.size === 0 || main.kind !== DocumentDiagnosticReportKind.Full) return main;
    const relatedDocuments: Record<string, Report> = {};
    for (const r of related) relatedDocuments[r] = report(r);
    return { ...main, relatedDocuments };
  });

  ctx.connection.languages.diagnostics.onWorkspace(({ previousResultIds }) => {
    const previous = new Map((Array.isArray(previousResultIds) ? previousResultIds : []).map((p) => [p.uri, p.value]));
    return {
      items: ctx.workspace.openUris().map((uri) => ({ uri, version: ctx.workspace.version(uri), ...report(uri, previous.get(uri)) })),
    };
  });
}
