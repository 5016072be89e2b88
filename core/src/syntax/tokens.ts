/**
 * Token types of the .vmx language (DESIGN §3). Quantities are lexed as one
 * NUMBER token with the unit glued on (`4GiB`, `500m`, `10ms`); the resolver
 * splits and checks the unit, so a wrong unit gets a VMX103 that names the
 * expected kind instead of an opaque lexing error.
 */
import { createToken, Lexer, TokenType } from 'chevrotain';
import { NAME_SOURCE, NUMBER_SOURCE, STRING_SOURCE, UNTERMINATED_STRING_SOURCE } from './token-patterns';

/**
 * Category of the tokens that can never start an item. Inside a block the
 * parser consumes one such token as a stray with one error, instead of
 * letting the error unwind and drop the enclosing block.
 */
export const Stray = createToken({ name: 'Stray', pattern: Lexer.NA });
/** Category of the tokens a block takes as its label (valid ones and the ones it explains: `vm 1.5 {`): one CONSUME instead of an OR of five. */
export const LabelLike = createToken({ name: 'LabelLike', label: 'a label', pattern: Lexer.NA });
/** Category of an attribute's name: a name, or a string (a label key). */
export const NameLike = createToken({ name: 'NameLike', label: 'a name', pattern: Lexer.NA });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF\u00A0]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /(?:#|\/\/)[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments', line_breaks: true });
/** `/*` with no end: reported as a syntax error, swallows the rest of the file. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'comments', line_breaks: true });

export const StringLiteral = createToken({ categories: [Stray, LabelLike, NameLike], name: 'String', label: 'a string', pattern: new RegExp(STRING_SOURCE) });
/** A string cut by the end of the line: one error, then lexing goes on. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', label: 'a string', pattern: new RegExp(UNTERMINATED_STRING_SOURCE) });

export const NumberLiteral = createToken({ categories: [Stray, LabelLike],
  name: 'Number',
  label: 'a number',
  pattern: new RegExp(NUMBER_SOURCE),
});

export const Identifier = createToken({
  categories: [LabelLike, NameLike],
  name: 'Identifier',
  label: 'a name',
  pattern: new RegExp(NAME_SOURCE),
});
export const Import = createToken({ name: 'Import', label: "'import'", pattern: /import/, longer_alt: Identifier });
export const True = createToken({ categories: [Stray, LabelLike], name: 'True', label: "'true'", pattern: /true/, longer_alt: Identifier });
export const False = createToken({ categories: [Stray, LabelLike], name: 'False', label: "'false'", pattern: /false/, longer_alt: Identifier });

export const LBrace = createToken({ categories: [Stray], name: 'LBrace', label: "'{'", pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', label: "'}'", pattern: /\}/ });
export const LBracket = createToken({ categories: [Stray], name: 'LBracket', label: "'['", pattern: /\[/ });
export const RBracket = createToken({ categories: [Stray], name: 'RBracket', label: "']'", pattern: /\]/ });
export const LParen = createToken({ categories: [Stray], name: 'LParen', label: "'('", pattern: /\(/ });
export const RParen = createToken({ categories: [Stray], name: 'RParen', label: "')'", pattern: /\)/ });
export const Equals = createToken({ categories: [Stray], name: 'Equals', label: "'='", pattern: /=/ });
export const Comma = createToken({ name: 'Comma', label: "','", pattern: /,/ });
export const Semicolon = createToken({ name: 'Semicolon', label: "';'", pattern: /;/ });
export const DotDot = createToken({ categories: [Stray], name: 'DotDot', label: "'..'", pattern: /\.\./ });

export const allTokens: TokenType[] = [
  Stray,
  LabelLike,
  NameLike,
  WhiteSpace,
  BlockComment,
  UnterminatedComment,
  LineComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  DotDot,
  Import,
  True,
  False,
  Identifier,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Equals,
  Comma,
  Semicolon,
];
