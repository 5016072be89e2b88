/**
 * The name and number patterns, for code that reads text outside the lexer
 * (completion, signature help, rename, the TextMate grammar generator): the
 * one definition is the token's (tokens.ts), read from there, never written
 * again (test/architecture/patterns.test.ts). A file of its own so tokens.ts
 * stays the lexer's.
 */
import { TokenType } from 'chevrotain';
import { False, Identifier, Import, NumberLiteral, True } from './tokens';

export const IDENTIFIER = Identifier.PATTERN as RegExp;
export const NUMBER = NumberLiteral.PATTERN as RegExp;
/** A whole string that is one name (`cpu.weight`, `node-1`). */
export const WHOLE_IDENTIFIER = new RegExp(`^(?:${IDENTIFIER.source})$`);
/** A whole string that is one number, its unit included (`4GiB`, `-1.5e3`). */
export const WHOLE_NUMBER = new RegExp(`^(?:${NUMBER.source})$`);
/** The tokens a word being typed can be: `tr` is a name, `true` a keyword; both are words to complete. */
export const WORD_TOKENS: readonly TokenType[] = [Identifier, Import, True, False];
