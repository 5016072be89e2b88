/** Semantic tokens, full and range. */
import { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../../core/src/ide/semantic-tokens';
import { ServerContext } from '../context';
import { encodeSemanticTokens } from '../encoding';
import { clampSemanticTokens } from '../places';

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** Tokens never run past their line's end (places.ts says why they could). */
function inLines(ctx: ServerContext, uri: string, data: number[]): number[] {
  const doc = ctx.workspace.document(uri);
  return encodeSemanticTokens(ctx, uri, doc ? clampSemanticTokens(data, doc) : data);
}

export function registerSemanticTokens(ctx: ServerContext): void {
  ctx.connection.languages.semanticTokens.on(({ textDocument }): SemanticTokens => {
    const file = ctx.workspace.get(textDocument.uri);
    return { data: file ? inLines(ctx, textDocument.uri, semanticTokens(file.ast, file.lines)) : [] };
  });
  ctx.connection.languages.semanticTokens.onRange(({ textDocument, range }): SemanticTokens => {
    const file = ctx.workspace.get(textDocument.uri);
    if (!file) return { data: [] };
    return { data: inLines(ctx, textDocument.uri, semanticTokens(file.ast, file.lines, { start: file.lines.offset(range.start), end: file.lines.offset(range.end) })) };
  });
}
