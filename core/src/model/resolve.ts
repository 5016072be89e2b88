/**
 * Resolution: import graph → schema-checked block tree → typed model →
 * references. Every structural diagnostic (VMX101–VMX110) comes from here.
 */
import { DEFAULT_LIMITS, Limits } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { checkBalloons } from './balloon';
import { buildModel } from './build';
import { loadImportGraph, SourceProvider } from './imports';
import { checkEntityIds, resolveReferences, resolveVolumeDisks } from './references';
import { StructureChecker } from './structure';
import { Model, ResolvedBlock, SourceFile } from './types';

export function resolve(root: SourceFile, sources: SourceProvider, reporter: Reporter, limits: Limits = DEFAULT_LIMITS): Model {
  const files = loadImportGraph(root, sources, reporter, limits);
  const structure = new StructureChecker(reporter, limits);
  const topologyBlocks: ResolvedBlock[] = [];
  for (const file of files.values()) structure.checkFile(file, topologyBlocks);
  const built = buildModel(topologyBlocks);
  resolveReferences(built.containers, built.containers, reporter);
  resolveVolumeDisks(built.hosts, reporter);
  checkBalloons(built.vms, reporter);
  const entityById = checkEntityIds(built.entities, reporter);
  const rootTopology = topologyBlocks.find((b) => b.file === root) ?? topologyBlocks[0];
  return {
    root,
    files,
    topologyName: rootTopology?.label,
    topologyBlocks,
    blocks: structure.blocks,
    ...built,
    entityById,
  };
}
