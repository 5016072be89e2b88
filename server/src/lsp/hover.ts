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
import { Span } from '../../../core/src/syntax/ast';
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
    return h ? { contents: markup(h.markdown, ctx.client?.hoverMarkdown ?? true), range: toRange(a.file, h.span) } : null;
  });
}

/** A hover while the analysis is stale: its span in the current text. */
function whileTyping(ctx: ServerContext, uri: string, doc: TextDocument, last: NonNullable<ReturnType<ServerContext['analyzer']['last']>>, position: Position): HoverResult | undefined {
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

function answer(ctx: ServerContext, h: HoverResult | undefined, doc: TextDocument): Hover | null {
  if (!h) return null;
  const range = (s: Span) => ({ start: doc.positionAt(s.start), end: doc.positionAt(s.end) });
  return { contents: markup(h.markdown, ctx.client?.hoverMarkdown ?? true), range: range(h.span) };
}
