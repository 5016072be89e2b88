/**
 * The tree around the cursor while the user types (issue 13 point 2:
 * completion and signature help "answer from the last good tree plus the
 * edited block — never wait for a full analysis").
 *
 * Given the last whole-file tree (whose offsets are those of an older text),
 * the edits made since and the current text, only the part of the current
 * text around the cursor is parsed, with the recovering parser: the block
 * of the outer two levels (a top-level block, or a host inside a topology)
 * that holds the cursor, mapped through the edits; or, when the cursor is
 * between blocks or in one whose braces or header were edited, the gap
 * between the nearest untouched neighbours. So a keystroke costs what the
 * edited block costs, whatever the size of the file, and a half-typed block
 * (an open `{`, a missing `}`, `name =` with no value) is read as the parser
 * reads it.
 */
import { BlockNode, FileNode, ItemNode, LabelNode, Span } from '../syntax/ast';
import { DEFAULT_MAX_DEPTH, parse, parseBlockAt, parseWithRecovery } from '../syntax/parser';
import { TextEdit } from './reparse';

/** A block around the cursor as completion reads it: its kind, label and what is written directly in it. */
export interface Scope {
  kind: string;
  label?: LabelNode;
  items: readonly ItemNode[];
}

export interface CursorTree {
  /**
   * The blocks around the cursor, outermost first. Those above the parsed
   * region come from the old tree, with the region's items in place of the
   * old ones it covers; their other items keep the old text's offsets (only
   * their kinds, names and labels are meant to be read).
   */
  scopes: Scope[];
  /** What was parsed: its items, comments and errors, in offsets of the current text. */
  region: FileNode;
  /** The range of the current text that was parsed, or 'file' (for tests and stats). */
  parsed: Span | 'file';
}

/** Levels searched for the block to parse: 0 = the file's items, 1 = their children (hosts of a topology). */
const LEVELS = 2;

/**
 * The tree around `offset` of `text`. `base` is the last whole-file tree
 * and `edits` (in order, each in offsets of the text the previous one left)
 * lead from its text to `text`; without a base the whole text is parsed.
 */
export function treeAround(base: FileNode | undefined, edits: readonly TextEdit[], text: string, offset: number, maxDepth = DEFAULT_MAX_DEPTH): CursorTree {
  if (!base) {
    const tree = parse(text, { maxDepth });
    return { scopes: scopesIn(tree.items, offset), region: tree, parsed: 'file' };
  }
  const edit = composeEdits(edits);
  const map = new Mapping(edit);
  const outer: { block: BlockNode; scope: Scope }[] = [];
  let items: readonly ItemNode[] = base.items;
  let lo = 0;
  let hi = text.length;
  for (let level = 0; ; level++) {
    const inside = items.find((b): b is BlockNode => b.type === 'block' && map.intact(b) && map.start(b.openBrace) < offset && offset <= map.start(b.closeBrace!));
    if (inside && level + 1 < LEVELS) {
      outer.push({ block: inside, scope: { kind: inside.kind, label: inside.label, items: inside.items } });
      items = inside.items;
      lo = map.start(inside.openBrace) + 1;
      hi = map.start(inside.closeBrace!);
      continue;
    }
    const range = inside ? { start: map.start(inside.start), end: map.start(inside.closeBrace!) + 1 } : gap(items, map, offset, lo, hi);
    const region = parseRegion(text, range, maxDepth - level, inside !== undefined);
    // The innermost outer block reads the region's items in place of the old ones it covers.
    const last = outer[outer.length - 1];
    if (last) last.scope.items = [...items.filter((i) => map.end(i.end) <= range.start), ...region.items, ...items.filter((i) => map.start(i.start) >= range.end)];
    return { scopes: [...outer.map((o) => o.scope), ...scopesIn(region.items, offset)], region, parsed: range };
  }
}

/** The blocks of `items` (and theirs) whose braces hold `offset`; a block left open holds everything after its '{'. */
export function scopesIn(items: readonly ItemNode[], offset: number): BlockNode[] {
  const out: BlockNode[] = [];
  for (let level: readonly ItemNode[] | undefined = items; level; ) {
    const b: BlockNode | undefined = level.find((i): i is BlockNode => i.type === 'block' && i.openBrace < offset && (i.closeBrace === undefined || offset <= i.closeBrace));
    if (!b) break;
    out.push(b);
    level = b.items;
  }
  return out;
}

/** Between the nearest neighbours the edit left untouched, within `[lo, hi)`. */
function gap(items: readonly ItemNode[], map: Mapping, offset: number, lo: number, hi: number): Span {
  let start = lo;
  let end = hi;
  for (const i of items) {
    if (map.touches(i)) continue;
    const s = map.start(i.start);
    const e = map.end(i.end);
    if (e <= offset) start = Math.max(start, e);
    else if (s >= offset) end = Math.min(end, s);
  }
  return { start, end };
}

/** `text[range]` parsed: as one block when its braces balance, else with the recovering parser; offsets in `text`. */
function parseRegion(text: string, range: Span, maxDepth: number, block: boolean): FileNode {
  const file = (items: ItemNode[], rest: Pick<FileNode, 'comments' | 'errors'>): FileNode => ({ type: 'file', start: range.start, end: range.end, items, ...rest });
  const one = block ? parseBlockAt(text, range.start, range.end, { maxDepth }) : undefined;
  if (one) return file([one.block], one);
  const tree = parseWithRecovery(text.slice(range.start, range.end), maxDepth);
  shiftInPlace(tree, range.start);
  return file(tree.items, tree);
}

const OFFSET_KEYS = new Set(['start', 'end', 'openBrace', 'closeBrace']);

/** Moves every offset of a freshly parsed tree (nodes, comments, errors and their fixes) by `by`. */
function shiftInPlace(value: unknown, by: number): void {
  if (Array.isArray(value)) {
    for (const v of value) shiftInPlace(v, by);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' && OFFSET_KEYS.has(k)) o[k] = v + by;
    else if (typeof v === 'object') shiftInPlace(v, by);
  }
}

/**
 * One edit that covers a sequence of them, in offsets of the first text:
 * everything outside `[start, end)` is unchanged by the sequence. Edits far
 * apart make a wide one; the region parsed is then wider, never wrong.
 */
export function composeEdits(edits: readonly TextEdit[]): TextEdit | undefined {
  let acc: TextEdit | undefined;
  for (const e of edits) {
    if (!acc) {
      acc = { ...e };
      continue;
    }
    const delta = acc.length - (acc.end - acc.start);
    // e is in offsets of the text acc left: back to the first text's offsets.
    const back = (p: number, side: 'start' | 'end'): number => (p <= acc!.start ? p : p >= acc!.start + acc!.length ? p - delta : side === 'start' ? acc!.start : acc!.end);
    const start = Math.min(acc.start, back(e.start, 'start'));
    const end = Math.max(acc.end, back(e.end, 'end'));
    const total = delta + e.length - (e.end - e.start);
    acc = { start, end, length: end - start + total };
  }
  return acc;
}

/** Old-text offsets → current-text offsets through one covering edit. */
class Mapping {
  private readonly delta: number;

  constructor(private readonly edit: TextEdit | undefined) {
    this.delta = edit ? edit.length - (edit.end - edit.start) : 0;
  }

  /** Where the node or character that starts at `p` (a '}' too) starts now; one inside the edit moves to the edit's start. */
  start(p: number): number {
    const e = this.edit;
    return !e || p < e.end ? (e && p > e.start ? e.start : p) : p + this.delta;
  }

  /** Where a node that ends at `p` ends now (an end inside the edit moves to the end of what was typed). */
  end(p: number): number {
    const e = this.edit;
    return !e || p <= e.start ? p : p >= e.end ? p + this.delta : e.start + e.length;
  }

  /** The edit touches the item's text or its edges (typing right before or after a word continues it). */
  touches(i: Span): boolean {
    const e = this.edit;
    return !!e && e.start <= i.end && e.end >= i.start;
  }

  /** A closed block whose header and braces the edit left alone: the edit is before, after, or strictly inside its braces. */
  intact(b: BlockNode): boolean {
    if (b.closeBrace === undefined) return false;
    const e = this.edit;
    return !e || e.end < b.start || e.start > b.closeBrace + 1 || (e.start > b.openBrace && e.end <= b.closeBrace);
  }
}

/**
 * The edit that turns `before` into `after`: their common beginning and end
 * are left out. Compared a chunk at a time (native string comparison), so a
 * keystroke in a 3 MB text costs well under a millisecond; undefined when
 * the texts are equal.
 */
export function changedRange(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  const head = commonLength(before, after, max, (s, i, n) => s.slice(i, i + n), (s, i) => s.charCodeAt(i));
  const tail = commonLength(
    before,
    after,
    max - head,
    (s, i, n) => s.slice(s.length - i - n, s.length - i),
    (s, i) => s.charCodeAt(s.length - 1 - i),
  );
  return { start: head, end: before.length - tail, length: after.length - tail - head };
}

const CHUNK = 4096;

/** How many characters `a` and `b` share, counted from one side, at most `max`. */
function commonLength(a: string, b: string, max: number, chunk: (s: string, i: number, n: number) => string, at: (s: string, i: number) => number): number {
  let i = 0;
  while (i + CHUNK <= max && chunk(a, i, CHUNK) === chunk(b, i, CHUNK)) i += CHUNK;
  while (i < max && at(a, i) === at(b, i)) i++;
  return i;
}

/**
 * Where `offset` of the new text was in the old one, for the edit between
 * them (`changedRange(old, new)`); undefined inside what the edit wrote.
 */
export function oldOffset(edit: TextEdit | undefined, offset: number): number | undefined {
  if (!edit || offset < edit.start) return offset;
  if (offset >= edit.start + edit.length) return offset - edit.length + edit.end;
  return undefined;
}

/** A span of the old text in the new one; undefined when the edit touched it. */
export function newSpan(edit: TextEdit | undefined, span: Span): Span | undefined {
  if (!edit || span.end <= edit.start) return span;
  if (span.start < edit.end) return undefined;
  const delta = edit.length - (edit.end - edit.start);
  return { start: span.start + delta, end: span.end + delta };
}
