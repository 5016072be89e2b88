/**
 * Which block is missing its '}'? When a '}' is missing in the middle of a
 * file, braces alone cannot tell: every later '}' closes the wrong block and
 * the block left open at the end of the file is the outermost one. This
 * module reads the hint people do give — indentation — off a tree the
 * Chevrotain parser built, and names the block whose body is left by a
 * following line:
 *
 *  - a line at the block header's indentation that is not a `}`, or at an
 *    enclosing block's indentation, once the body has lines indented deeper
 *    than the header; or right after the header, a sibling block at its
 *    indentation (`container db {` under an empty `container web {`), where
 *    the header is indented deeper than its parent's;
 *  - or the block's own `}` (as braces matched it) indented like an
 *    enclosing block's header, less than this block's header.
 *
 * The earliest such line wins (the innermost block on a tie). The parser then
 * parses again, closing that block before that line, so later siblings keep
 * their parents. Only files already reported as having a block open at the
 * end are looked at: a valid file is parsed once. A file without
 * consistent indentation gives no hint: the error stays at the end-of-file.
 */
import { IToken, tokenMatcher } from 'chevrotain';
import { LineIndex } from '../text/line-index';
import { BlockNode, ItemNode, SyntaxError } from './ast';
import { excerpt } from './excerpt';
import { Comma, Equals, False, Identifier, LBrace, LBracket, LParen, NumberLiteral, RBrace, StringLiteral, True } from './tokens';

export interface UnclosedHint {
  /** Offset of the unclosed block's '{'. */
  openBrace: number;
  /** Offset of the first token of the line the block ends before. */
  closeBefore: number;
  /** The error, on the block's header, with a fix inserting the '}'. */
  error: SyntaxError;
}

/** The first token of a line holding tokens. */
interface TokenLine {
  line: number;
  lineStart: number;
  /** Offset of the line's first token. */
  offset: number;
  /** Spaces and tabs before the first non-blank character. */
  indent: number;
  token: number;
}

interface Candidate {
  block: BlockNode;
  at: TokenLine;
  header: TokenLine;
  depth: number;
}

export function findUnclosedBlock(text: string, tokens: IToken[], items: ItemNode[], done: ReadonlyMap<number, UnclosedHint>): UnclosedHint | undefined {
  const lines = new LineIndex(text);
  const tokenLines = firstTokens(text, tokens, lines);
  if (tokenLines.length === 0) return undefined;
  let best: Candidate | undefined;

  const visit = (nodes: ItemNode[], ancestors: number[], depth: number): void => {
    for (const item of nodes) {
      if (item.type !== 'block') continue;
      const header = tokenLines[lastAtOrBefore(tokenLines, item.kindSpan.start)];
      if (!done.has(item.openBrace)) {
        const at = violation(item, header.indent, ancestors, tokens, tokenLines, text.length);
        if (at && (!best || at.line < best.at.line || (at.line === best.at.line && depth > best.depth))) best = { block: item, at, header, depth };
      }
      if (item.items.length) visit(item.items, [...ancestors, header.indent], depth + 1);
    }
  };
  visit(items, [], 0);
  return best && hintFor(best, text, tokens, lines);
}

/** The first line that leaves `block`'s body by indentation, if any. */
function violation(block: BlockNode, indent: number, ancestors: number[], tokens: IToken[], tokenLines: TokenLine[], textEnd: number): TokenLine | undefined {
  const end = block.closeBrace ?? textEnd;
  let established = false;
  for (let i = lastAtOrBefore(tokenLines, block.openBrace) + 1; i < tokenLines.length && tokenLines[i].offset <= end; i++) {
    const l = tokenLines[i];
    if (tokenMatcher(tokens[l.token], RBrace)) {
      if (l.offset === block.closeBrace) return l.indent < indent && ancestors.includes(l.indent) ? l : undefined;
      if (l.indent > indent) established = true;
      continue;
    }
    if (l.indent > indent) {
      established = true;
      continue;
    }
    // A sibling block right after the header counts where indentation is in use: the header is indented deeper than its parent's.
    const sibling = l.indent === indent && ancestors.length > 0 && indent > ancestors[ancestors.length - 1] && startsBlock(tokens, l.token);
    if ((established || sibling) && (l.indent === indent || ancestors.includes(l.indent))) return l;
    // A line at or left of the header before the body showed its indentation: no hint for this block.
    return undefined;
  }
  return undefined;
}

function startsBlock(tokens: IToken[], i: number): boolean {
  if (!tokenMatcher(tokens[i], Identifier)) return false;
  const next = tokens[i + 1];
  if (next && tokenMatcher(next, LBrace)) return true;
  const isLabel = next && [Identifier, StringLiteral, NumberLiteral, True, False].some((t) => tokenMatcher(next, t));
  return !!isLabel && tokens[i + 2] !== undefined && tokenMatcher(tokens[i + 2], LBrace);
}

function hintFor(c: Candidate, text: string, tokens: IToken[], lines: LineIndex): UnclosedHint {
  const { block, at, header } = c;
  const what = headerText(block);
  const leftBy = excerpt(lineStartText(text, tokens, at, lines));
  const headerIndent = text.slice(header.lineStart, header.lineStart + header.indent);
  const eol = lineBreakBefore(text, at.lineStart);
  const where = at.indent < header.indent ? 'at its indentation or less' : 'at its indentation';
  return {
    openBrace: block.openBrace,
    closeBefore: at.offset,
    error: {
      start: block.kindSpan.start,
      end: block.label ? block.label.end : block.kindSpan.end,
      message: `'${what}' on line ${header.line + 1} is not closed: the next line ${where}, line ${at.line + 1}, starts '${leftBy}'; add '}' before it`,
      fix: { title: `Add '}' before line ${at.line + 1}`, edits: [{ start: at.lineStart, end: at.lineStart, newText: `${headerIndent}}${eol}` }] },
    },
  };
}

/** A block's header as messages quote it: `container web {`. */
function headerText(block: BlockNode): string {
  const label = block.label ? ` ${block.label.quoted ? JSON.stringify(block.label.text) : block.label.text}` : '';
  return `${excerpt(block.kind + label)} {`;
}

/** What a line starts with, as a message names it: its tokens up to a '{' (`container db`), or `}`. */
function lineStartText(text: string, tokens: IToken[], at: TokenLine, lines: LineIndex): string {
  const nextLine = at.line + 1 < lines.lineCount ? lines.lineStart(at.line + 1) : text.length;
  let i = at.token;
  let end = tokens[i].startOffset + tokens[i].image.length;
  if (tokenMatcher(tokens[i], LBrace) || tokenMatcher(tokens[i], RBrace)) return text.slice(at.offset, end);
  while (i + 1 < tokens.length && tokens[i + 1].startOffset < nextLine && !tokenMatcher(tokens[i + 1], LBrace)) {
    i++;
    end = tokens[i].startOffset + tokens[i].image.length;
  }
  return text.slice(at.offset, Math.min(end, nextLine)).replace(/[\r\n]+/g, ' ');
}

function lineBreakBefore(text: string, lineStart: number): string {
  if (text.charCodeAt(lineStart - 1) === 13) return '\r';
  return text.charCodeAt(lineStart - 2) === 13 ? '\r\n' : '\n';
}

function firstTokens(text: string, tokens: IToken[], lines: LineIndex): TokenLine[] {
  const out: TokenLine[] = [];
  let lastLine = -1;
  for (let i = 0; i < tokens.length; i++) {
    const offset = tokens[i].startOffset;
    const line = lines.lineOf(offset);
    if (line === lastLine) continue;
    lastLine = line;
    const lineStart = lines.lineStart(line);
    let indent = 0;
    for (let c = text.charCodeAt(lineStart); c === 32 || c === 9; c = text.charCodeAt(lineStart + ++indent));
    out.push({ line, lineStart, offset, indent, token: i });
  }
  return out;
}

/** Index of the last token line starting at or before `offset` (0 when none does). */
function lastAtOrBefore(tokenLines: TokenLine[], offset: number): number {
  let lo = 0;
  let hi = tokenLines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tokenLines[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The mirror case: a '}' too many closes a block early, and the '}' at the
 * end of the file matches nothing. The '}' taken for the extra one is the
 * first that follows, with nothing between, the '}' of the block's last
 * child and is on that '}''s line (`} }`) or on a line of its own indented
 * like it — while the block it closes began on another line. Returned as the
 * error for that '}', which the parser then consumes as a stray.
 */
export function findExtraBrace(text: string, tokens: IToken[], items: ItemNode[], done: ReadonlyMap<number, SyntaxError>): SyntaxError | undefined {
  const lines = new LineIndex(text);
  const tokenLines = firstTokens(text, tokens, lines);
  if (tokenLines.length === 0) return undefined;
  let best: { close: number; child: BlockNode; block: BlockNode } | undefined;
  const visit = (nodes: ItemNode[]): void => {
    for (const item of nodes) {
      if (item.type !== 'block') continue;
      const close = item.closeBrace;
      const last = item.items[item.items.length - 1];
      if (close !== undefined && !done.has(close) && last?.type === 'block' && last.closeBrace !== undefined && (!best || close < best.close)) {
        const i = tokenAt(tokens, close);
        const closeLine = lines.lineOf(close);
        const childCloseLine = lines.lineOf(last.closeBrace);
        if (i > 0 && tokens[i - 1].startOffset === last.closeBrace && closeLine !== lines.lineOf(item.kindSpan.start)) {
          const own = tokenLines[lastAtOrBefore(tokenLines, close)];
          const childOwn = tokenLines[lastAtOrBefore(tokenLines, last.closeBrace)];
          if (closeLine === childCloseLine || (own.offset === close && own.indent === childOwn.indent)) best = { close, child: last, block: item };
        }
      }
      if (item.items.length) visit(item.items);
    }
  };
  visit(items);
  if (!best) return undefined;
  const { close, child, block } = best;
  const line = lines.lineOf(close);
  const lineStart = lines.lineStart(line);
  const nextLine = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
  // Alone on its line: the fix removes the line.
  const alone = text.slice(lineStart, close).trim() === '' && text.slice(close + 1, nextLine).trim() === '';
  const removal = alone ? { start: lineStart, end: nextLine } : { start: text.charCodeAt(close - 1) === 32 && text.slice(lineStart, close).trim() !== '' ? close - 1 : close, end: close + 1 };
  return {
    start: close,
    end: close + 1,
    message: `one '}' too many: '${headerText(child)}' on line ${lines.lineOf(child.kindSpan.start) + 1} is closed by the '}' before it, so this one would close '${headerText(block)}' (line ${lines.lineOf(block.kindSpan.start) + 1}) early; remove it`,
    fix: { title: "Remove the extra '}'", edits: [{ ...removal, newText: '' }] },
  };
}

/** Index of the token starting at `offset` (tokens are in order). */
function tokenAt(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return tokens[lo]?.startOffset === offset ? lo : -1;
}

/**
 * A header that lost its '{' (the file then has one '}' too many): a line
 * `kind` or `kind label` and nothing else, not a value or a list item (the
 * token before it ends an item), with the next line indented deeper and not
 * the rest of the header; or `kind label name = … }` on one line. The first
 * such line; `at` is where the '{' goes (after the label).
 */
export function findMissingOpen(text: string, tokens: IToken[], done: ReadonlyMap<number, SyntaxError>): { at: number; error: SyntaxError } | undefined {
  const lines = new LineIndex(text);
  const tokenLines = firstTokens(text, tokens, lines);
  for (let li = 0; li + 1 < tokenLines.length; li++) {
    const l = tokenLines[li];
    const next = tokenLines[li + 1];
    const i = l.token;
    const n = next.token - i;
    if (!tokenMatcher(tokens[i], Identifier)) continue;
    const prev = tokens[i - 1];
    if (prev && [Equals, Comma, LBracket, LParen].some((t) => tokenMatcher(prev, t))) continue;
    const attributeAt = (k: number): boolean => tokenMatcher(tokens[k], Identifier) && tokens[k + 1] !== undefined && tokenMatcher(tokens[k + 1], Equals);
    // `namespaces net = …` is `namespaces` then an attribute; `process backend count = …` has a label first.
    const labelled = n >= 2 && isLabel(tokens[i + 1]) && !(n >= 4 && attributeAt(i + 1));
    let sameLine = false;
    if (n === 1 || (n === 2 && labelled)) {
      if (next.indent <= l.indent) continue;
      // `host h1` then `{` (or `h1 {`) on the next line is a valid header.
      const after = tokens[next.token];
      if (tokenMatcher(after, LBrace) || (isLabel(after) && tokens[next.token + 1] && tokenMatcher(tokens[next.token + 1], LBrace))) continue;
    } else {
      const k = labelled ? i + 2 : i + 1;
      if (!(n >= 4 && attributeAt(k) && tokenMatcher(tokens[next.token - 1], RBrace))) continue;
      sameLine = true;
    }
    const last = tokens[labelled ? i + 1 : i];
    const at = last.startOffset + last.image.length;
    if (done.has(at)) continue;
    const what = excerpt(text.slice(tokens[i].startOffset, at));
    return {
      at,
      error: {
        start: tokens[i].startOffset,
        end: at,
        message: sameLine ? `'${what}' has no '{' before its items: write ${what} { … }` : `'${what}' has no '{', and the lines below are indented inside it: add '{' at the end of the line`,
        fix: { title: "Add '{'", edits: [{ start: at, end: at, newText: ' {' }] },
      },
    };
  }
  return undefined;
}

function isLabel(t: IToken | undefined): boolean {
  return t !== undefined && [Identifier, StringLiteral, NumberLiteral].some((tt) => tokenMatcher(t, tt));
}
