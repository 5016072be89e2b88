/** The outline (hierarchical document symbols) and workspace symbols. */
import { Model } from '../model/types';
import { isEntityKind, kindSpec } from '../schema';
import { BlockNode, FileNode, ItemNode, Span } from '../syntax/ast';

export type SymbolKind = 'namespace' | 'class' | 'object' | 'struct' | 'property' | 'module' | 'event' | 'field' | 'package';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  span: Span;
  selection: Span;
  children: OutlineSymbol[];
}

const KIND_SYMBOL: Record<string, SymbolKind> = {
  topology: 'namespace',
  host: 'class',
  hypervisor: 'module',
  vm: 'object',
  partition: 'object',
  container: 'struct',
  // A cgroup level holds pods and containers as a module holds members; a pod is one unit of containers.
  group: 'module',
  pod: 'object',
  workload: 'event',
  import: 'package',
};

export interface OutlineOptions {
  /** List attributes under their block (off for huge files: the outline is for finding blocks). */
  attributes?: boolean;
}

export function documentSymbols(ast: FileNode, options: OutlineOptions = {}): OutlineSymbol[] {
  return symbolsOf(ast.items, options.attributes !== false);
}

function symbolsOf(items: ItemNode[], attributes: boolean): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const it of items) {
    if (it.type === 'block') out.push(blockSymbol(it, attributes));
    else if (it.type === 'import' && it.path) out.push({ name: `import "${it.path.value}"`, detail: '', kind: 'package', span: it, selection: it.path, children: [] });
  }
  return out;
}

function blockSymbol(b: BlockNode, withAttributes: boolean): OutlineSymbol {
  const spec = kindSpec(b.kind);
  const attributes: OutlineSymbol[] = [];
  for (const it of b.items) {
    if (withAttributes && it.type === 'attribute') attributes.push({ name: it.name, detail: '', kind: 'property', span: it, selection: it.nameSpan, children: [] });
  }
  return {
    name: b.label ? b.label.text : b.kind,
    detail: b.label ? b.kind : (spec?.summary ?? ''),
    kind: KIND_SYMBOL[b.kind] ?? (isEntityKind(b.kind) ? 'object' : 'field'),
    span: { start: b.start, end: b.end },
    selection: b.label ?? b.kindSpan,
    children: [...symbolsOf(b.items, withAttributes), ...(isEntityKind(b.kind) || b.kind === 'topology' ? [] : attributes)],
  };
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  container: string;
  uri: string;
  span: Span;
}

/** Entities and named blocks of a model whose name or id matches the query (case-insensitive subsequence). */
export function workspaceSymbols(model: Model, query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  for (const b of model.blocks) {
    if (!b.label || b.kind === 'os' || b.kind === 'guest') continue;
    const id = b.entity?.id ?? b.label;
    if (q && !subsequence(q, id.toLowerCase())) continue;
    const parentId = idOf(b.parent);
    out.push({ name: b.entity ? b.entity.id : b.label, kind: KIND_SYMBOL[b.kind] ?? 'field', container: parentId ? `${b.kind} in ${parentId}` : b.kind, uri: b.file.uri, span: b.node.label ?? b.node.kindSpan });
  }
  return out;
}

function idOf(b: { entity?: { id: string }; label?: string; kind: string; parent?: unknown } | undefined): string {
  return b?.entity?.id ?? b?.label ?? '';
}

function subsequence(q: string, s: string): boolean {
  let i = 0;
  for (let j = 0; j < s.length && i < q.length; j++) if (s[j] === q[i]) i++;
  return i === q.length;
}
