/**
 * Semantic tokens from the syntax tree: block kinds, labels (entities as
 * declarations), attribute names, enum values, numbers, strings, pattern and
 * reference calls, call parameters and comments. Encoded as LSP wants them
 * (relative line/character deltas), for the whole file or a range.
 */
import { isEntityKind, kindSpec } from '../schema';
import { FileNode, ItemNode, Span, ValueNode } from '../syntax/ast';
import { LineIndex } from '../text/line-index';

export const TOKEN_TYPES = ['keyword', 'class', 'property', 'enumMember', 'number', 'string', 'function', 'parameter', 'comment', 'variable', 'type'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;

type TokenType = (typeof TOKEN_TYPES)[number];
const TYPE_INDEX = new Map<string, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;

interface Raw {
  start: number;
  end: number;
  type: number;
  mods: number;
}

export function semanticTokens(ast: FileNode, lines: LineIndex, range?: Span): number[] {
  const raw: Raw[] = [];
  const push = (s: Span, type: TokenType, mods = 0): void => {
    if (range && (s.end < range.start || s.start > range.end)) return;
    raw.push({ start: s.start, end: s.end, type: TYPE_INDEX.get(type)!, mods });
  };
  const overlaps = (s: Span): boolean => !range || (s.end >= range.start && s.start <= range.end);

  const value = (v: ValueNode): void => {
    switch (v.type) {
      case 'number':
        return push(v, 'number');
      case 'string':
        return push(v, 'string');
      case 'boolean':
        return push(v, 'keyword');
      case 'ident':
        return push(v, 'enumMember');
      case 'range':
        push(v.from, 'number');
        return push(v.to, 'number');
      case 'list':
        return v.items.forEach(value);
      case 'call':
        push(v.calleeSpan, 'function', DEFAULT_LIBRARY);
        for (const a of v.args) {
          if (a.nameSpan) push(a.nameSpan, 'parameter');
          value(a.value);
        }
    }
  };
  const walk = (items: ItemNode[]): void => {
    for (const it of items) {
      if (!overlaps(it)) continue;
      if (it.type === 'import') {
        push({ start: it.start, end: it.start + 6 }, 'keyword');
        if (it.path) push(it.path, 'string');
      } else if (it.type === 'attribute') {
        push(it.nameSpan, 'property');
        if (it.value) value(it.value);
      } else {
        const spec = kindSpec(it.kind);
        push(it.kindSpan, spec ? 'keyword' : 'variable');
        if (it.label) {
          if (spec?.label.t === 'enum') push(it.label, 'enumMember');
          else push(it.label, isEntityKind(it.kind) ? 'class' : 'variable', DECLARATION);
        }
        walk(it.items);
      }
    }
  };
  walk(ast.items);
  for (const c of ast.comments) {
    if (lines.lineOf(c.start) === lines.lineOf(c.end)) push(c, 'comment');
  }
  raw.sort((a, b) => a.start - b.start);
  return encode(raw, lines);
}

function encode(raw: Raw[], lines: LineIndex): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of raw) {
    const p = lines.position(t.start);
    const length = t.end - t.start;
    if (length <= 0) continue;
    const dl = p.line - prevLine;
    data.push(dl, dl === 0 ? p.character - prevChar : p.character, length, t.type, t.mods);
    prevLine = p.line;
    prevChar = p.character;
  }
  return data;
}
