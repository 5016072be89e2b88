/** Folding ranges, selection ranges and document links (imports). */
import { DocumentLink, FoldingRange, SelectionRange } from 'vscode-languageserver';
import { foldingRanges, selectionSpans } from '../../../core/src/ide/ranges';
import { resolveImportUri } from '../../../core/src/model/imports';
import { ServerContext, toRange } from '../context';

export function registerStructure(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges(({ textDocument }): FoldingRange[] => {
    const file = ctx.workspace.get(textDocument.uri);
    return file ? foldingRanges(file.ast, file.lines) : [];
  });

  ctx.connection.onSelectionRanges(({ textDocument, positions }): SelectionRange[] => {
    const file = ctx.workspace.get(textDocument.uri);
    if (!file) return [];
    return positions.map((p) => {
      const spans = selectionSpans(file.ast, file.lines.offset(p));
      let parent: SelectionRange | undefined;
      for (const s of [...spans].reverse()) parent = { range: toRange(file, s), parent };
      return parent ?? { range: { start: p, end: p } };
    });
  });

  ctx.connection.onDocumentLinks(({ textDocument }): DocumentLink[] => {
    const file = ctx.workspace.get(textDocument.uri);
    if (!file) return [];
    const out: DocumentLink[] = [];
    for (const item of file.ast.items) {
      if (item.type !== 'import' || !item.path) continue;
      const target = resolveImportUri(file.uri, item.path.value);
      if (target) out.push({ range: toRange(file, { start: item.path.start + 1, end: item.path.end - 1 }), target, tooltip: 'Open the imported file' });
    }
    return out;
  });
}
