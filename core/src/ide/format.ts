/**
 * The formatter: canonical indentation (two spaces per level of `{`, `[`,
 * `(`) and spacing, comments kept, blank-line groups kept (runs collapsed to
 * one blank line), line breaks kept in the document's style (CRLF stays
 * CRLF). It only rewrites the whitespace between
 * tokens, so it cannot change meaning; files with syntax errors are left
 * alone. Formatting twice gives the same text.
 */
import { IToken } from 'chevrotain';
import { tokenize } from '../syntax/lexer';
import { parse } from '../syntax/parser';
import { Span } from '../syntax/ast';

export interface FormatOptions {
  indent?: string;
}

export interface FormatEdit {
  span: Span;
  newText: string;
}

interface Piece {
  start: number;
  end: number;
  type: string;
}

const OPEN = new Set(['LBrace', 'LBracket', 'LParen']);
const CLOSE = new Set(['RBrace', 'RBracket', 'RParen']);
const WORD = new Set(['Identifier', 'Number', 'String', 'True', 'False', 'Import']);

/** Whitespace edits that format the text; empty when it is already formatted or has syntax errors. */
export function formatEdits(text: string, options: FormatOptions = {}, range?: Span): FormatEdit[] {
  const indentUnit = options.indent ?? '  ';
  const lexed = tokenize(text);
  if (lexed.errors.length > 0 || parse(text).errors.length > 0) return [];
  const pieces: Piece[] = lexed.tokens.map((t: IToken) => ({ start: t.startOffset, end: t.startOffset + t.image.length, type: t.tokenType.name }));
  for (const c of lexed.comments) pieces.push({ start: c.start, end: c.end, type: c.block ? 'BlockComment' : 'LineComment' });
  pieces.sort((a, b) => a.start - b.start);

  const eol = lineEnding(text);
  const edits: FormatEdit[] = [];
  const emit = (start: number, end: number, ws: string): void => {
    if (text.slice(start, end) === ws) return;
    if (range && (end < range.start || start > range.end)) return;
    edits.push({ span: { start, end }, newText: ws });
  };
  let depth = 0;
  let prev: Piece | undefined;
  for (const p of pieces) {
    const gapStart = prev ? prev.end : 0;
    const gap = text.slice(gapStart, p.start);
    const newlines = countNewlines(gap);
    if (CLOSE.has(p.type)) depth = Math.max(0, depth - 1);
    if (!prev) emit(0, p.start, '');
    else if (newlines > 0) emit(gapStart, p.start, (newlines > 1 ? eol + eol : eol) + indentUnit.repeat(depth));
    else emit(gapStart, p.start, spaceBetween(prev, p) ? ' ' : '');
    if (OPEN.has(p.type)) depth++;
    prev = p;
  }
  if (prev) emit(prev.end, text.length, eol);
  else emit(0, text.length, '');
  return edits;
}

/** The formatted text (applies `formatEdits`). */
export function formatText(text: string, options: FormatOptions = {}): string {
  const edits = formatEdits(text, options);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/** The document's line break: its first one (CRLF, CR or LF), LF when it has none. Mixed files take the first. */
function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr < 0 || (lf >= 0 && lf < cr)) return '\n';
  return text[cr + 1] === '\n' ? '\r\n' : '\r';
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** Canonical spacing on one line: `a = b`, `x { y }`, `f(a, b)`, `[1, 2]`, `0..3`, `a; b`. */
function spaceBetween(a: Piece, b: Piece): boolean {
  if (b.type === 'LineComment' || b.type === 'BlockComment' || a.type === 'BlockComment') return true;
  if (b.type === 'Comma' || b.type === 'Semicolon') return false;
  if (a.type === 'Comma' || a.type === 'Semicolon') return true;
  if (a.type === 'DotDot' || b.type === 'DotDot') return false;
  if (b.type === 'LParen') return !WORD.has(a.type) || a.type !== 'Identifier';
  if (a.type === 'LParen' || a.type === 'LBracket' || b.type === 'RParen' || b.type === 'RBracket') return false;
  if (a.type === 'LBrace' || b.type === 'RBrace' || b.type === 'LBrace') return true;
  if (a.type === 'Equals' || b.type === 'Equals') return true;
  return true;
}
