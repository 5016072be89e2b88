/**
 * The tokens of the line before the cursor, as the lexer reads them: what
 * completion and signature help need to know about the text being typed
 * (the word before the cursor, an `=`, an open call or list, an open string)
 * comes from the language's own token definitions, never a second copy of
 * its name and number patterns.
 */
import { IToken, TokenType } from 'chevrotain';
import { tokenize } from '../syntax/lexer';
import { False, Identifier, Import, StringLiteral, True } from '../syntax/tokens';

/** The tokens a word being typed can be: `tr` is a name, `true` a keyword; both are words to complete. */
const WORD_TOKENS: readonly TokenType[] = [Identifier, Import, True, False];

export interface LineBefore {
  /** Offset of the line's start in the text. */
  lineStart: number;
  /** The line's text up to the cursor. */
  text: string;
  /** Its tokens, offsets in `text`. */
  tokens: IToken[];
  /** Offsets (in `text`) of the characters the lexer could not read. */
  errorStarts: number[];
  /** The cursor is in a comment. */
  comment: boolean;
  /** The cursor is in a string left open: the offset (in `text`) of its quote. */
  openString?: number;
}

/** Offset where the line holding `offset` starts. At offset 0 it is 0, whatever the text starts with. */
export function lineStartBefore(text: string, offset: number): number {
  // lastIndexOf clamps a negative fromIndex to 0, so at offset 0 it would find a '\n' at 0 itself.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineBefore(text: string, offset: number): LineBefore {
  const lineStart = lineStartBefore(text, offset);
  const line = text.slice(lineStart, offset);
  const lexed = tokenize(line);
  // A line comment runs to the cursor; a block comment does when it is not closed.
  const comment = lexed.comments.some((c) => !c.block || !(c.text.length >= 4 && c.text.endsWith('*/')));
  const last = lexed.tokens[lexed.tokens.length - 1];
  // The lexer closes a string cut by the end of the line with a '"' of its own: one character past the cursor.
  const openString = last && last.tokenType === StringLiteral && last.startOffset + last.image.length === line.length + 1 ? last.startOffset : undefined;
  const errorStarts = lexed.errors.filter((e) => !(openString !== undefined && e.start === openString)).map((e) => e.start);
  return { lineStart, text: line, tokens: lexed.tokens, errorStarts, comment, openString };
}

export const isWord = (t: IToken | undefined): boolean => t !== undefined && WORD_TOKENS.includes(t.tokenType);
export const is = (t: IToken | undefined, type: TokenType): boolean => t !== undefined && t.tokenType === type;
/** The token's end (exclusive) in the line. */
export const endOf = (t: IToken): number => t.startOffset + t.image.length;
