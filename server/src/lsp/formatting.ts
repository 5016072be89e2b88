/** Document and range formatting through the core formatter (whitespace edits only). */
import { TextEdit } from 'vscode-languageserver';
import { formatEdits } from '../../../core/src/ide/format';
import { ServerContext } from '../context';

export function registerFormatting(ctx: ServerContext): void {
  const run = (uri: string, tabSize: number, insertSpaces: boolean, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): TextEdit[] => {
    const doc = ctx.workspace.document(uri);
    if (!doc) return [];
    const indent = insertSpaces ? ' '.repeat(Math.max(1, Math.min(8, tabSize || 2))) : '\t';
    const span = range ? { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) } : undefined;
    return formatEdits(doc.getText(), { indent }, span).map((e) => ({ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }));
  };
  ctx.connection.onDocumentFormatting(({ textDocument, options }) => run(textDocument.uri, options.tabSize, options.insertSpaces));
  ctx.connection.onDocumentRangeFormatting(({ textDocument, options, range }) => run(textDocument.uri, options.tabSize, options.insertSpaces, range));
}
