/** textDocument/hover → core hover texts. */
import { Hover, MarkupKind } from 'vscode-languageserver';
import { hoverAt } from '../../../core/src/ide/hover';
import { at, ServerContext, toRange } from '../context';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(({ textDocument, position }): Hover | null => {
    const a = at(ctx, textDocument.uri, position);
    if (!a) return null;
    const h = hoverAt(a.file, a.analysis.result.model, a.offset, ctx.simulations.result(textDocument.uri));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(a.file, h.span) } : null;
  });
}
