/** Signature help for workload patterns: `burst(` shows its parameters, the one being typed highlighted. */
import { IToken } from 'chevrotain';
import { CursorTree } from '../incremental/edited-tree';
import { patternSpec, PatternSpec } from '../schema';
import { Comma, Identifier, LBracket, LParen, RBracket, RParen } from '../syntax/tokens';
import { is, isWord, lineBefore } from './line-tokens';

export interface SignatureInfo {
  pattern: PatternSpec;
  /** Index into pattern.parameters of the parameter being written. */
  active: number;
}

/**
 * Looks back from the cursor, over the tokens of its line, for an open
 * pattern call. `around` (the tree around the cursor, edited-tree.ts) tells
 * when the cursor is in a block comment opened on an earlier line.
 */
export function signatureAt(text: string, offset: number, around?: CursorTree): SignatureInfo | undefined {
  const line = lineBefore(text, offset);
  if (line.comment || line.openString !== undefined) return undefined;
  if (around?.region.comments.some((c) => c.start < offset && offset < c.end)) return undefined;
  const tokens = line.tokens;
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (is(t, RParen) || is(t, RBracket)) depth++;
    else if (is(t, LBracket) && depth > 0) depth--;
    else if (is(t, LParen)) {
      if (depth > 0) {
        depth--;
        continue;
      }
      const pattern = isWord(tokens[i - 1]) ? patternSpec(tokens[i - 1].image) : undefined;
      return pattern && { pattern, active: activeParameter(pattern, tokens.slice(i + 1)) };
    }
  }
  return undefined;
}

/** The parameter named by the argument being written (`base = |`), else the one at its position. */
function activeParameter(p: PatternSpec, args: IToken[]): number {
  if (p.variadicPairs) return 0;
  const commas: number[] = [];
  let depth = 0;
  args.forEach((t, i) => {
    if (is(t, LParen) || is(t, LBracket)) depth++;
    else if (is(t, RParen) || is(t, RBracket)) depth--;
    else if (is(t, Comma) && depth === 0) commas.push(i);
  });
  const first = args[(commas[commas.length - 1] ?? -1) + 1];
  const byName = is(first, Identifier) ? p.parameters.findIndex((x) => x.name === first.image) : -1;
  if (byName >= 0) return byName;
  return Math.min(commas.length, p.parameters.length - 1);
}
