/**
 * textDocument/hover → core hover texts. Answered from the document's
 * current analysis when there is one; while a person types (an edit made
 * it stale and the next is not made yet) from the last analysis, for text
 * the edits since left alone, and from the tree around the cursor for the
 * text they wrote (schema docs: the model of that text is not made yet) —
 * never by analysing the file for one hover (issue 13).
 */
import { Hover, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { changedRange, newSpan, oldOffset } from '../../../core/src/incremental/edited-tree';
import { hoverAt, HoverResult } from '../../../core/src/ide/hover';
import { sourceFileOf } from '../../../core/src/source';
import { Analysis } from '../analysis';
import { markup } from '../markup';
import { at, ServerContext, toRange } from '../context';
import { cursorTrees } from './cursor-trees';

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(({ textDocument, position }): Hover | null => {
    const uri = textDocument.uri;
    const doc = ctx.workspace.document(uri);
    const last = ctx.analyzer.last(uri);
    if (doc && last && !ctx.analyzer.peek(uri)) return answer(ctx, whileTyping(ctx, uri, doc, last, position), doc);
    const a = at(ctx, uri, position);
    if (!a) return null;
    const h = hoverAt(a.file, a.analysis.result.model, a.offset, ctx.simulations.result(uri));
    return h ? { contents: contents(ctx, h), range: toRange(a.file, h.span) } : null;
  });
}

/** Markdown only to clients that list it first in hover.contentFormat (LSP 3.17 MarkupKind); plain text otherwise. */
function contents(ctx: ServerContext, h: HoverResult): Hover['contents'] {
  return markup(h.markdown, ctx.client?.hoverMarkdown ?? true);
}

/** A hover while the analysis is stale: its span in the current text. */
function whileTyping(ctx: ServerContext, uri: string, doc: TextDocument, last: Analysis, position: Position): HoverResult | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const edit = changedRange(last.file.text, text);
  const before = oldOffset(edit, offset);
  if (before !== undefined) {
    const h = hoverAt(last.file, last.result.model, before, ctx.simulations.result(uri));
    const span = h && newSpan(edit, h.span);
    if (h && span) return { markdown: h.markdown, span };
  }
  // In (or against) what was typed: the block around the cursor, as the parser reads it now.
  const around = cursorTrees(ctx).at(uri, offset);
  if (!around) return undefined;
  const file = sourceFileOf(uri, text, around.region, ctx.workspace.config.limits.maxFileSize);
  return hoverAt(file, undefined, offset);
}

/** The hover with its span as a range of the document's current text. */
function answer(ctx: ServerContext, h: HoverResult | undefined, doc: TextDocument): Hover | null {
  return h ? { contents: contents(ctx, h), range: { start: doc.positionAt(h.span.start), end: doc.positionAt(h.span.end) } } : null;
}
