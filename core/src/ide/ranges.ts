/** Folding ranges (blocks, multi-line lists and comments) and selection ranges (syntax path, innermost first). */
import { FileNode, ItemNode, Span, ValueNode } from '../syntax/ast';
import { LineIndex } from '../text/line-index';
import { nodePathAt } from './node-at';

export interface Fold {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'imports';
}

export function foldingRanges(ast: FileNode, lines: LineIndex): Fold[] {
  const out: Fold[] = [];
  const add = (start: number, end: number, kind?: Fold['kind']): void => {
    const s = lines.lineOf(start);
    const e = lines.lineOf(end);
    if (e > s) out.push(kind ? { startLine: s, endLine: e, kind } : { startLine: s, endLine: e });
  };
  const walk = (items: ItemNode[]): void => {
    for (const it of items) {
      if (it.type === 'block') {
        // Fold up to the line before `}` so the closing brace stays visible.
        const close = it.closeBrace ?? it.end;
        const s = lines.lineOf(it.start);
        const e = lines.lineOf(close) - (it.closeBrace !== undefined ? 1 : 0);
        if (e > s) out.push({ startLine: s, endLine: e });
        walk(it.items);
      } else if (it.type === 'attribute' && it.value && (it.value.type === 'list' || it.value.type === 'call')) {
        add(it.value.start, it.value.end);
      }
    }
  };
  walk(ast.items);
  const imports = ast.items.filter((i) => i.type === 'import');
  if (imports.length > 1) add(imports[0].start, imports[imports.length - 1].end, 'imports');
  // Runs of line comments and block comments.
  let runStart = -1;
  let runEnd = -1;
  let prevLine = -2;
  for (const c of ast.comments) {
    if (c.block) {
      add(c.start, c.end, 'comment');
      continue;
    }
    const line = lines.lineOf(c.start);
    if (line === prevLine + 1 && runStart >= 0) runEnd = c.end;
    else {
      if (runStart >= 0) add(runStart, runEnd, 'comment');
      runStart = c.start;
      runEnd = c.end;
    }
    prevLine = line;
  }
  if (runStart >= 0) add(runStart, runEnd, 'comment');
  return out;
}

/** Nested spans around an offset, innermost first: value, argument, attribute, block body, block… file. */
export function selectionSpans(ast: FileNode, offset: number): Span[] {
  const path = nodePathAt(ast, offset);
  const spans: Span[] = [];
  for (const b of path.blocks) {
    spans.push({ start: b.start, end: b.end });
    if (b.closeBrace !== undefined && offset > b.openBrace && offset <= b.closeBrace) spans.push({ start: b.openBrace + 1, end: b.closeBrace });
  }
  if (path.item && path.item.type !== 'block') spans.push({ start: path.item.start, end: path.item.end });
  if (path.attribute && offsetIn(path.attribute.nameSpan, offset)) spans.push(path.attribute.nameSpan);
  for (const v of path.values as ValueNode[]) spans.push({ start: v.start, end: v.end });
  if (path.argument) spans.push({ start: path.argument.start, end: path.argument.end });
  const last = path.blocks[path.blocks.length - 1];
  if (last && path.item === last && offsetIn(last.kindSpan, offset)) spans.push(last.kindSpan);
  if (last && path.item === last && last.label && offsetIn(last.label, offset)) spans.push(last.label);
  // Sort outermost first, drop duplicates, then reverse.
  const uniq = spans.filter((s, i) => spans.findIndex((x) => x.start === s.start && x.end === s.end) === i).sort((a, b) => a.start - b.start || b.end - a.end);
  const nested = uniq.filter((s, i) => uniq.slice(0, i).every((o) => o.start <= s.start && o.end >= s.end));
  return [...nested].reverse();
}

function offsetIn(s: Span, o: number): boolean {
  return o >= s.start && o <= s.end;
}
