/**
 * textDocument/completion: a cheap scan of the current text (no analysis,
 * no parse), so it stays fast on 20k-line files while typing.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import { CompletionKind, completeAt, snippetToPlainText } from '../../../core/src/ide/completion';
import { ServerContext } from '../context';

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

export function registerCompletion(ctx: ServerContext): void {
  ctx.connection.onCompletion(({ textDocument, position }): CompletionItem[] => {
    const doc = ctx.workspace.document(textDocument.uri);
    if (!doc) return [];
    const offset = doc.offsetAt(position);
    // Snippets only to clients that declare snippetSupport; the others get their plain text (LSP 3.17, InsertTextFormat).
    const snippets = ctx.snippetSupport === true;
    return completeAt(doc.getText(), offset).map((e) => ({
      label: e.label,
      kind: KIND[e.kind],
      detail: e.detail,
      documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
      insertTextFormat: e.snippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: { start: doc.positionAt(e.replace.start), end: doc.positionAt(e.replace.end) }, newText: e.snippet && !snippets ? snippetToPlainText(e.insertText) : e.insertText },
      sortText: e.sortText,
    }));
  });
}
