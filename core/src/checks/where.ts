/** Spans and names the checks point at: the offending attribute, else the block header. */
import { Located } from '../diagnostics/reporter';
import { Entity, ResolvedBlock } from '../model/types';
import { blockHeaderSpan, Span } from '../syntax/ast';

export interface Place {
  file: Located;
  span: Span;
}

/** The attribute as written (whole `name = value`), else the block header. */
export function at(block: ResolvedBlock, key?: string): Place {
  const node = key ? block.attributes.get(key)?.node : undefined;
  return { file: block.file, span: node ? { start: node.start, end: node.end } : blockHeaderSpan(block.node) };
}

/** The attribute when written, else undefined. */
export function attrPlace(block: ResolvedBlock | undefined, key: string): Place | undefined {
  const node = block?.attributes.get(key)?.node;
  return node && block ? { file: block.file, span: { start: node.start, end: node.end } } : undefined;
}

export function header(block: ResolvedBlock): Place {
  return { file: block.file, span: blockHeaderSpan(block.node) };
}

/** `vm db`, `container web`, `host node-1`. */
export function title(e: Entity): string {
  return `${e.kind} ${e.name}`;
}

/** A related location entry for the reporter. */
export function related(place: Place, message: string): { file: Located; span: Span; message: string } {
  return { file: place.file, span: place.span, message };
}

/** At most this many related locations per diagnostic: enough to find them, bounded on huge files. */
export const MAX_RELATED = 20;
