/**
 * Incremental reparse (issue 13, point 2): after an edit inside one block of
 * the outer two levels (a top-level block, or a host inside a topology),
 * only that block's new text is parsed (syntax/parser.ts parseBlockAt) and
 * spliced into the previous tree; the rest of the tree is reused, shifted
 * by the edit's length change. Whenever that could differ from parsing the
 * whole file, the whole file is parsed:
 * - the previous tree had syntax errors (the whole-file repair of a missing
 *   '}' reads every block's indentation, unclosed.ts);
 * - the edit is not strictly inside one closed block's braces;
 * - the block's new text does not balance its braces (parseBlockAt says so),
 *   or has syntax errors.
 * The result equals `parse(newText)` (test/incremental/reparse.test.ts
 * checks it on random edit sequences).
 */
import { BlockNode, CommentNode, FileNode, ItemNode, SyntaxError } from '../syntax/ast';
import { DEFAULT_MAX_DEPTH, parse, parseBlockAt } from '../syntax/parser';

/** One edit in offsets of the old text: `[start, end)` replaced by `length` characters. */
export interface TextEdit {
  start: number;
  end: number;
  length: number;
}

export interface Reparse {
  tree: FileNode;
  /** The block range of the new text that was parsed, or 'file' (for tests and the server's stats). */
  parsed: { start: number; end: number } | 'file';
}

/** Levels searched for the innermost enclosing block: 0 = the file's items, 1 = their children (hosts of a topology). */
const LEVELS = 2;

export function reparse(old: FileNode, newText: string, edit: TextEdit, maxDepth = DEFAULT_MAX_DEPTH): Reparse {
  return reparseBlock(old, newText, edit, maxDepth) ?? { tree: parse(newText, { maxDepth }), parsed: 'file' };
}

/**
 * The new tree from one block's parse, or undefined when that could differ
 * from parsing the whole file (the conditions above) — cheap to ask: it
 * gives up before parsing anything when `old` has errors or the edit is not
 * inside one block.
 */
export function reparseBlock(old: FileNode, newText: string, edit: TextEdit, maxDepth = DEFAULT_MAX_DEPTH): Reparse | undefined {
  if (old.errors.length > 0) return undefined;
  const path = enclosing(old.items, edit, LEVELS);
  if (path.length === 0) return undefined;
  const block = path[path.length - 1];
  const delta = edit.length - (edit.end - edit.start);
  const end = block.closeBrace! + 1 + delta;
  const fresh = parseBlockAt(newText, block.start, end, { maxDepth: maxDepth - (path.length - 1) });
  // A block with syntax errors: the whole-file parse may repair them with what it reads elsewhere (a '}' left
  // unmatched, a header that lost its '{': unclosed.ts), which one block's parse cannot see. Found by the
  // server's property test (test/incremental/workspace.test.ts): `container ;i-1 {` plus `..` in one host.
  if (!fresh || fresh.errors.length > 0) return undefined;
  const shifted = (n: number): number => (n >= edit.end ? n + delta : n);
  const tree: FileNode = {
    type: 'file',
    start: 0,
    end: newText.length,
    items: spliceItems(old.items, path, 0, fresh.block, shifted),
    comments: [...old.comments.filter((c) => c.end <= block.start).map((c) => shiftNode(c, shifted)), ...fresh.comments, ...old.comments.filter((c) => c.start > block.closeBrace!).map((c) => shiftNode(c, shifted))],
    errors: fresh.errors as SyntaxError[],
  };
  return { tree, parsed: { start: block.start, end } };
}

/** The chain of closed blocks (outermost first) whose braces strictly contain the edit, at most `levels` deep. */
function enclosing(items: ItemNode[], edit: TextEdit, levels: number): BlockNode[] {
  for (const item of items) {
    if (item.type !== 'block' || item.closeBrace === undefined) continue;
    if (!(edit.start > item.openBrace && edit.end <= item.closeBrace)) continue;
    return levels > 1 ? [item, ...enclosing(item.items, edit, levels - 1)] : [item];
  }
  return [];
}

/** `items` with the block at the end of `path` (from `depth`) replaced by `fresh`, the others shifted. */
function spliceItems(items: ItemNode[], path: BlockNode[], depth: number, fresh: BlockNode, shifted: (n: number) => number): ItemNode[] {
  const target = path[depth];
  return items.map((item) => {
    if (item !== target) return shiftNode(item, shifted);
    if (depth === path.length - 1) return fresh;
    // An enclosing block: its header is before the edit, its '}' and end after it.
    return { ...target, end: shifted(target.end), closeBrace: shifted(target.closeBrace!), items: spliceItems(target.items, path, depth + 1, fresh, shifted) };
  });
}

/** A copy of a node with every offset moved by `shifted` (the old tree stays as it was: the previous analysis may still read it). */
function shiftNode<T extends ItemNode | CommentNode>(node: T, shifted: (n: number) => number): T {
  // Wholly before the edit: nothing moves, the node is shared.
  if (shifted(node.end) === node.end && shifted(node.start) === node.start) return node;
  return copyShifted(node, shifted);
}

/**
 * Every node after the edit is copied, so this runs over most of a big
 * file's tree on each edit: a spread copy (V8 clones the object's shape in
 * one step) and a `for…in` over it, not Object.entries (an array of pairs
 * per node made the copy cost more than parsing the whole file again).
 */
function copyShifted<T>(value: T, shifted: (n: number) => number): T {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? copyShifted(v, shifted) : v)) as T;
  const out = { ...value } as Record<string, unknown>;
  for (const k in out) {
    const v = out[k];
    if (typeof v === 'number') {
      if (k === 'start' || k === 'end' || k === 'openBrace' || k === 'closeBrace') out[k] = shifted(v);
    } else if (typeof v === 'object' && v !== null) out[k] = copyShifted(v, shifted);
  }
  return out as T;
}
