/** Semantic tokens, full and range. */
import { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../core/src/ide/semantic-tokens';
import { ServerContext } from '../context';

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

export function registerSemanticTokens(ctx: ServerContext): void {
  ctx.connection.languages.semanticTokens.on(({ textDocument }): SemanticTokens => {
    const file = ctx.workspace.get(textDocument.uri);
    return { data: file ? semanticTokens(file.ast, file.lines) : [] };
  });
  ctx.connection.languages.semanticTokens.onRange(({ textDocument, range }): SemanticTokens => {
    const file = ctx.workspace.get(textDocument.uri);
    if (!file) return { data: [] };
    return { data: semanticTokens(file.ast, file.lines, { start: file.lines.offset(range.start), end: file.lines.offset(range.end) }) };
  });
}
