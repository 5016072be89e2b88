/** Syntax node → resolved block, built once per model and kept with it. */
import { Model, ResolvedBlock } from '../model/types';
import { BlockNode } from '../syntax/ast';

const cache = new WeakMap<Model, Map<BlockNode, ResolvedBlock>>();

export function resolvedBlock(model: Model | undefined, node: BlockNode | undefined): ResolvedBlock | undefined {
  if (!model || !node) return undefined;
  let index = cache.get(model);
  if (!index) {
    index = new Map(model.blocks.map((b) => [b.node, b]));
    cache.set(model, index);
  }
  return index.get(node);
}
