/**
 * Position → syntax path: the blocks around an offset, and the attribute,
 * value, call and call argument under it. Items are sorted by offset, so
 * each level is a binary search — hovering in a 100k-line file stays cheap.
 */
import { AttributeNode, BlockNode, CallArgument, CallValue, FileNode, ImportNode, ItemNode, Span, ValueNode } from '../syntax/ast';

export interface NodePath {
  /** Enclosing blocks, outermost first (the block whose header is under the offset included). */
  blocks: BlockNode[];
  /** The item directly under the offset inside the innermost block (or at top level). */
  item?: ItemNode;
  attribute?: AttributeNode;
  importNode?: ImportNode;
  /** Values from the attribute's value down to the innermost one under the offset. */
  values: ValueNode[];
  /** Innermost call and argument under the offset (pattern or reference call). */
  call?: CallValue;
  argument?: CallArgument;
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** The item whose span contains `offset` (end inclusive, so a cursor right after a word still counts). */
export function itemAt(items: ItemNode[], offset: number): ItemNode | undefined {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const it = items[mid];
    if (offset < it.start) hi = mid - 1;
    else if (offset > it.end) lo = mid + 1;
    else {
      // Adjacent items may share a boundary offset: prefer the one that starts here.
      const next = items[mid + 1];
      return next && next.start === offset ? next : it;
    }
  }
  return undefined;
}

export function nodePathAt(ast: FileNode, offset: number): NodePath {
  const path: NodePath = { blocks: [], values: [] };
  let items = ast.items;
  for (;;) {
    const it = itemAt(items, offset);
    if (!it) return path;
    if (it.type === 'block') {
      path.blocks.push(it);
      // Inside the body: descend; on the header: stop here.
      if (offset > it.openBrace && (it.closeBrace === undefined || offset <= it.closeBrace)) {
        items = it.items;
        continue;
      }
      path.item = it;
      return path;
    }
    path.item = it;
    if (it.type === 'import') path.importNode = it;
    else {
      path.attribute = it;
      if (it.value) descendValue(it.value, offset, path);
    }
    return path;
  }
}

function descendValue(v: ValueNode, offset: number, path: NodePath): void {
  if (!contains(v, offset)) return;
  path.values.push(v);
  if (v.type === 'list') {
    for (const x of v.items) if (contains(x, offset)) return descendValue(x, offset, path);
  } else if (v.type === 'range') {
    if (contains(v.from, offset)) path.values.push(v.from);
    else if (contains(v.to, offset)) path.values.push(v.to);
  } else if (v.type === 'call') {
    path.call = v;
    for (const a of v.args) {
      if (contains(a, offset)) {
        path.argument = a;
        return descendValue(a.value, offset, path);
      }
    }
  }
}
