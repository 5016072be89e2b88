/**
 * Names that refer to blocks: `container("x")` (namespaces) and
 * `volume("x")` (mount sources). Find the target under a position, its
 * references, and rename them together. Spans include no quotes: a rename
 * replaces the name inside the string.
 */
import { Container, Model, ResolvedBlock, SourceFile, Volume } from '../model/types';
import { Span } from '../syntax/ast';
import { resolvedBlock } from './model-index';
import { contains, nodePathAt } from './node-at';
import { NAME_SEGMENT_SOURCE, WHOLE_NUMBER_SOURCE } from '../syntax/token-patterns';

export interface Location {
  uri: string;
  span: Span;
}

export interface Target {
  kind: 'container' | 'volume' | 'entity';
  block: ResolvedBlock;
  /** The label as declared. */
  declaration: Location;
  name: string;
}

/** Span of a name inside a quoted label or string: the text without the quotes. */
function inner(span: Span, quoted: boolean): Span {
  return quoted ? { start: span.start + 1, end: span.end - 1 } : span;
}

function declarationOf(block: ResolvedBlock): Location | undefined {
  const label = block.node.label;
  if (!label) return undefined;
  return { uri: block.file.uri, span: inner(label, label.quoted) };
}

/** What the position names: a block label, or a reference string. */
export function targetAt(file: SourceFile, model: Model, offset: number): Target | undefined {
  const path = nodePathAt(file.ast, offset);
  const block = path.blocks[path.blocks.length - 1];
  if (block && path.item === block && block.label && contains(block.label, offset)) {
    const rb = resolvedBlock(model, block);
    const decl = rb && declarationOf(rb);
    if (!rb || !decl) return undefined;
    const kind = rb.kind === 'container' ? 'container' : rb.kind === 'volume' ? 'volume' : rb.entity ? 'entity' : undefined;
    return kind ? { kind, block: rb, declaration: decl, name: block.label.text } : undefined;
  }
  for (const ref of allReferences(model)) {
    if (ref.location.uri === file.uri && contains(ref.location.span, offset)) {
      const decl = declarationOf(ref.target.block);
      if (!decl) return undefined;
      return { kind: 'kind' in ref.target ? 'container' : 'volume', block: ref.target.block, declaration: decl, name: ref.target.name };
    }
  }
  return undefined;
}

interface Reference {
  location: Location;
  target: Container | Volume;
}

const cache = new WeakMap<Model, Reference[]>();

/** Every resolved reference of the model. */
export function allReferences(model: Model): Reference[] {
  let refs = cache.get(model);
  if (refs) return refs;
  refs = [];
  for (const c of model.containers) {
    for (const setting of Object.values(c.namespaces)) {
      if (setting.mode !== 'container' || !setting.target) continue;
      const file = c.namespacesBlock?.file ?? c.block.file;
      refs.push({ location: { uri: file.uri, span: inner(setting.nameSpan, file.text[setting.nameSpan.start] === '"') }, target: setting.target });
    }
    for (const m of c.mounts) {
      if (m.source?.kind !== 'volume' || !m.source.target) continue;
      const s = m.source.nameSpan;
      refs.push({ location: { uri: m.block.file.uri, span: inner(s, m.block.file.text[s.start] === '"') }, target: m.source.target });
    }
  }
  cache.set(model, refs);
  return refs;
}

export function referencesTo(model: Model, target: Target, includeDeclaration: boolean): Location[] {
  const out: Location[] = includeDeclaration ? [target.declaration] : [];
  for (const r of allReferences(model)) if (r.target.block === target.block) out.push(r.location);
  return out;
}

/** A name: a word starting with a letter or '_', or a whole number (`vm 101`, a Proxmox VMID). */
export const NAME_PATTERN = new RegExp(`^(?:${NAME_SEGMENT_SOURCE}|${WHOLE_NUMBER_SOURCE})$`);

/** Edits that rename the target and every reference to it; an error message when the new name is not valid. */
export function renameEdits(model: Model, target: Target, newName: string): { edits: (Location & { newText: string })[] } | { error: string } {
  // RegExp.test would read undefined as the valid name "undefined" (and ['x'] as "x").
  if (typeof newName !== 'string') return { error: 'the new name must be a string' };
  if (!NAME_PATTERN.test(newName)) return { error: `'${newName}' is not a valid name: use letters, digits, '_' and '-', starting with a letter or '_', or a whole number` };
  const siblings = target.block.parent?.children ?? [];
  if (siblings.some((s) => s !== target.block && s.kind === target.block.kind && s.label === newName)) {
    return { error: `there is already a ${target.block.kind} named '${newName}' here` };
  }
  return { edits: referencesTo(model, target, true).map((l) => ({ ...l, newText: newName })) };
}
