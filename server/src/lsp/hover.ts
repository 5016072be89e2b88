/** textDocument/hover → core hover texts. */
import { Hover } from 'vscode-languageserver';
import { markup } from '../markup';
import { hoverAt } from '../../../core/src/ide/hover';
import { at, ServerContext, toRange } from '../context';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(({ textDocument, position }): Hover | null => {
    const a = at(ctx, textDocument.uri, position);
    if (!a) return null;
    const h = hoverAt(a.file, a.analysis.result.model, a.offset, ctx.simulations.result(textDocument.uri));
    // Markdown only to clients that list it first in hover.contentFormat (LSP 3.17 MarkupKind); plain text otherwise.
    return h ? { contents: markup(h.markdown, ctx.client?.hoverMarkdown ?? true), range: toRange(a.file, h.span) } : null;
  });
}
