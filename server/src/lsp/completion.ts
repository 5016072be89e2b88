/**
 * textDocument/completion: from the tree around the cursor (the last tree
 * plus the edited block, cursor-trees.ts; never an analysis), so a
 * keystroke costs what the edited block costs at every file size. The
 * documentation, in the format the client reads, is filled lazily by
 * completionItem/resolve (the item's `data` says where it was asked) for
 * clients that declare `completionItem.resolveSupport` for it, else sent
 * in the items.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import { CompletionKind, completeAt, snippetToPlainText } from '../../../core/src/ide/completion';
import { ServerContext } from '../context';
import { cursorTrees } from './cursor-trees';
import { markup } from '../markup';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  block: CompletionItemKind.Module,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  unit: CompletionItemKind.Unit,
  reference: CompletionItemKind.Reference,
  function: CompletionItemKind.Function,
  parameter: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
};

/** What completionItem/resolve needs to find an item's documentation again. */
interface ItemData {
  uri: string;
  version: number;
  offset: number;
  index: number;
}

function isItemData(v: unknown): v is ItemData {
  const d = v as ItemData;
  return typeof d === 'object' && d !== null && typeof d.uri === 'string' && Number.isInteger(d.version) && Number.isInteger(d.offset) && Number.isInteger(d.index);
}

export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion(({ textDocument, position }): CompletionItem[] => {
    const doc = ctx.workspace.document(textDocument.uri);
    if (!doc) return [];
    const offset = doc.offsetAt(position);
    // Snippets only to clients that declare snippetSupport; the others get their plain text (LSP 3.17, InsertTextFormat).
    const snippets = ctx.snippetSupport === true;
    // Lazily (completionItem/resolve) to clients that declare resolveSupport for it; in the item for the
    // others, which may never resolve (Vim's omnifunc does not).
    const lazy = ctx.client?.completionResolveDocumentation === true;
    const md = ctx.client?.completionMarkdown ?? true;
    const around = cursorTrees(ctx).at(textDocument.uri, offset);
    if (!around) return [];
    return completeAt(doc.getText(), offset, around).map((e, index) => ({
      label: e.label,
      kind: KIND[e.kind],
      detail: e.detail,
      insertTextFormat: e.snippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: { start: doc.positionAt(e.replace.start), end: doc.positionAt(e.replace.end) }, newText: e.snippet && !snippets ? snippetToPlainText(e.insertText) : e.insertText },
      sortText: e.sortText,
      documentation: e.documentation && !lazy ? markup(e.documentation, md) : undefined,
      data: e.documentation ? ({ uri: textDocument.uri, version: doc.version, offset, index } satisfies ItemData) : undefined,
    }));
  });

  ctx.connection.onCompletionResolve((item: CompletionItem): CompletionItem => {
    const data = item.data;
    if (!isItemData(data)) return item;
    const doc = ctx.workspace.document(data.uri);
    // The document changed since: the list it came from is gone, the item stays as it was.
    if (!doc || doc.version !== data.version) return item;
    const around = cursorTrees(ctx).at(data.uri, data.offset);
    const e = around && completeAt(doc.getText(), data.offset, around)[data.index];
    if (!e || e.label !== item.label || !e.documentation) return item;
    return { ...item, documentation: markup(e.documentation, ctx.client?.completionMarkdown ?? true) };
  });
}
