/** Document symbols (hierarchical outline) and workspace symbols (entities and named blocks of every open topology). */
import { DocumentSymbol, LSPErrorCodes, ResponseError, SymbolInformation, SymbolKind as LspSymbolKind } from 'vscode-languageserver';
import { documentSymbols, OutlineSymbol, SymbolKind, workspaceSymbols } from '../../../core/src/ide/symbols';
import { SourceFile } from '../../../core/src/model/types';
import { ServerContext, toRange } from '../context';

const KIND: Record<SymbolKind, LspSymbolKind> = {
  namespace: LspSymbolKind.Namespace,
  class: LspSymbolKind.Class,
  object: LspSymbolKind.Object,
  struct: LspSymbolKind.Struct,
  property: LspSymbolKind.Property,
  module: LspSymbolKind.Module,
  event: LspSymbolKind.Event,
  field: LspSymbolKind.Field,
  package: LspSymbolKind.Package,
};

/** Above this, the outline lists blocks only: attributes would triple its size for little use. */
const OUTLINE_ATTRIBUTES_MAX_LINES = 20_000;

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] | SymbolInformation[] => {
    const file = ctx.workspace.get(textDocument.uri);
    if (!file) return [];
    const outline = documentSymbols(file.ast, { attributes: file.lines.lineCount <= OUTLINE_ATTRIBUTES_MAX_LINES });
    // A client without hierarchicalDocumentSymbolSupport reads SymbolInformation[] (LSP 3.17): the tree flattened, parents as containerName.
    if (!(ctx.client?.hierarchicalSymbols ?? true)) {
      const flat: SymbolInformation[] = [];
      const visit = (s: OutlineSymbol, container?: string): void => {
        const name = s.name || '(unnamed)';
        flat.push({ name, kind: KIND[s.kind], location: { uri: textDocument.uri, range: toRange(file, s.span) }, ...(container ? { containerName: container } : {}) });
        for (const c of s.children) visit(c, name);
      };
      for (const s of outline) visit(s);
      return flat;
    }
    const convert = (s: OutlineSymbol): DocumentSymbol => ({
      name: s.name || '(unnamed)',
      detail: s.detail,
      kind: KIND[s.kind],
      range: toRange(file, s.span),
      selectionRange: toRange(file, s.selection),
      children: s.children.map(convert),
    });
    return outline.map(convert);
  });

  ctx.connection.onWorkspaceSymbol(async ({ query }, token): Promise<SymbolInformation[]> => {
    const out: SymbolInformation[] = [];
    const seen = new Set<string>();
    let since = performance.now();
    for (const uri of ctx.workspace.openUris()) {
      // Every open root may need an analysis: between long ones, let a $/cancelRequest in (LSP: answer RequestCancelled).
      if (performance.now() - since > 10) {
        await new Promise((r) => setImmediate(r));
        since = performance.now();
      }
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace/symbol cancelled');
      if (!ctx.workspace.isOpen(uri)) continue;
      const model = ctx.analyzer.get(uri)?.result.model;
      if (!model) continue;
      for (const s of workspaceSymbols(model, query)) {
        const key = `${s.uri}#${s.span.start}`;
        const file: SourceFile | undefined = model.files.get(s.uri);
        if (seen.has(key) || !file) continue;
        seen.add(key);
        out.push({ name: s.name, kind: KIND[s.kind], containerName: s.container, location: { uri: s.uri, range: toRange(file, s.span) } });
        if (out.length >= 1000) return out;
      }
    }
    return out;
  });
}
