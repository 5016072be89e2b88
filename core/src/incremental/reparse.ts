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
import { BlockNode, CommentNode, FileNode, ItemNode, SyntaxError, ValueNode } from '../syntax/ast';
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
  const tree: FileNode = {
    type: 'file',
    start: 0,
    end: newText.length,
    items: spliceItems(old.items, path, 0, fresh.block, edit, delta),
    comments: [...old.comments.filter((c) => c.end <= block.start), ...fresh.comments, ...old.comments.filter((c) => c.start > block.closeBrace!).map((c) => shiftComment(c, delta))],
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
function spliceItems(items: ItemNode[], path: BlockNode[], depth: number, fresh: BlockNode, edit: TextEdit, delta: number): ItemNode[] {
  const target = path[depth];
  return items.map((item) => {
    if (item !== target) return item.start >= edit.end ? shiftItem(item, delta) : item;
    if (depth === path.length - 1) return fresh;
    // An enclosing block: its header is before the edit, its '}' and end after it.
    return { ...target, end: target.end + delta, closeBrace: target.closeBrace! + delta, items: spliceItems(target.items, path, depth + 1, fresh, edit, delta) };
  });
}

/*
 * Every node after the edit is copied with its offsets moved by `delta`
 * (the old tree stays as it was: the previous analysis may still read it);
 * a node wholly before the edit is shared. This runs over most of a big
 * file's tree on each edit, so each node type has its own copier that moves
 * its offset fields by name (no walk over every key of every node). Each
 * copy is a bare spread at its own site, then stores: one shared spread
 * site sees every node shape and goes megamorphic, and a literal that
 * spreads and then names a field the spread made (`{ ...node, start }`)
 * takes V8's slow path — either made this copy slower than the generic one.
 * The switches are exhaustive over the node types: a new one does not
 * compile until it is shifted here.
 */

function shiftItem(node: ItemNode, d: number): ItemNode {
  switch (node.type) {
    case 'block': {
      const c = { ...node };
      c.start += d;
      c.end += d;
      c.kindSpan = { start: node.kindSpan.start + d, end: node.kindSpan.end + d };
      if (node.label) {
        const label = { ...node.label };
        label.start += d;
        label.end += d;
        c.label = label;
      }
      c.items = node.items.map((i) => shiftItem(i, d));
      c.openBrace += d;
      if (c.closeBrace !== undefined) c.closeBrace += d;
      return c;
    }
    case 'attribute': {
      const c = { ...node };
      c.start += d;
      c.end += d;
      c.nameSpan = { start: node.nameSpan.start + d, end: node.nameSpan.end + d };
      if (node.value) c.value = shiftValue(node.value, d);
      return c;
    }
    case 'import': {
      const c = { ...node };
      c.start += d;
      c.end += d;
      if (node.path) c.path = shiftValue(node.path, d);
      return c;
    }
    default:
      return unreachable(node);
  }
}

function shiftValue<T extends ValueNode>(value: T, d: number): T;
function shiftValue(value: ValueNode, d: number): ValueNode {
  switch (value.type) {
    case 'number': {
      const c = { ...value };
      c.start += d;
      c.end += d;
      return c;
    }
    case 'string':
    case 'boolean':
    case 'ident': {
      const c = { ...value };
      c.start += d;
      c.end += d;
      return c;
    }
    case 'range': {
      const c = { ...value };
      c.start += d;
      c.end += d;
      c.from = shiftValue(value.from, d);
      c.to = shiftValue(value.to, d);
      return c;
    }
    case 'list': {
      const c = { ...value };
      c.start += d;
      c.end += d;
      c.items = value.items.map((v) => shiftValue(v, d));
      return c;
    }
    case 'call': {
      const c = { ...value };
      c.start += d;
      c.end += d;
      c.calleeSpan = { start: value.calleeSpan.start + d, end: value.calleeSpan.end + d };
      c.argsSpan = { start: value.argsSpan.start + d, end: value.argsSpan.end + d };
      c.args = value.args.map((a) => {
        const arg = { ...a };
        arg.start += d;
        arg.end += d;
        if (a.nameSpan) arg.nameSpan = { start: a.nameSpan.start + d, end: a.nameSpan.end + d };
        arg.value = shiftValue(a.value, d);
        return arg;
      });
      return c;
    }
    default:
      return unreachable(value);
  }
}

function shiftComment(comment: CommentNode, d: number): CommentNode {
  const c = { ...comment };
  c.start += d;
  c.end += d;
  return c;
}

function unreachable(x: never): never {
  throw new Error(`reparse: no shift for ${JSON.stringify(x)}`);
}
