/**
 * The import graph: `import "x.vmx"` relative to the importing file. A
 * missing file or a cycle is VMX109 on the import line; each file is read
 * once however often it is imported.
 */
import { Reporter } from '../diagnostics/reporter';
import { ImportNode } from '../syntax/ast';
import { SourceFile } from './types';

/** Gives parsed files by URI; the LSP serves open documents first, the CLI reads the disk. */
export interface SourceProvider {
  get(uri: string): SourceFile | undefined;
}

export const MAX_IMPORTED_FILES = 1000;

/** Resolve an import path against the importing file's URI; undefined when it cannot be (unsaved file). */
export function resolveImportUri(fromUri: string, path: string): string | undefined {
  try {
    const base = new URL(fromUri);
    if (base.protocol !== 'file:') return undefined;
    return new URL(path.replace(/\\/g, '/'), base).href;
  } catch {
    return undefined;
  }
}

/** A URL (`https://…`, `data:…`) or a network share (`//host/…`, `\\\\host\\…`); a Windows drive (`C:\\…`) is local. */
export function isRemoteImport(path: string): boolean {
  if (/^[A-Za-z]:[\\/]/.test(path)) return false;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) || /^[\\/]{2}/.test(path);
}

/** Load the root and everything it imports, depth-first, in a stable order. */
export function loadImportGraph(root: SourceFile, sources: SourceProvider, reporter: Reporter): Map<string, SourceFile> {
  const files = new Map<string, SourceFile>([[root.uri, root]]);
  const onStack = new Set<string>();
  /** The imports being followed, outermost first: a cycle is a suffix of it plus the import that closes it. */
  const following: { file: SourceFile; node: ImportNode }[] = [];

  const visit = (file: SourceFile): void => {
    onStack.add(file.uri);
    file.imports = [];
    for (const item of file.ast.items) {
      if (item.type !== 'import' || !item.path) continue;
      const node: ImportNode = item;
      const path = item.path.value;
      if (isRemoteImport(path)) {
        reporter.report('VMX109', file, node, `import "${path}" is not read: imports are local files, relative to this file, never URLs or network shares (docs/security.md)`);
        continue;
      }
      const uri = resolveImportUri(file.uri, path);
      if (!uri) {
        reporter.report('VMX109', file, node, `cannot resolve import "${path}": the file has not been saved, so there is no folder to look in`);
        continue;
      }
      if (onStack.has(uri)) {
        reportCycle(file, node, uri);
        continue;
      }
      let target = files.get(uri);
      if (!target) {
        if (files.size >= MAX_IMPORTED_FILES) {
          reporter.report('VMX109', file, node, `too many imported files (more than ${MAX_IMPORTED_FILES}); "${path}" is not loaded`);
          continue;
        }
        target = sources.get(uri);
        if (!target) {
          reporter.report('VMX109', file, node, `import not found: "${path}" does not exist or cannot be read (paths are relative to this file)`);
          continue;
        }
        files.set(uri, target);
        following.push({ file, node });
        visit(target);
        following.pop();
      }
      file.imports.push({ node, uri });
    }
    onStack.delete(file.uri);
  };
  /**
   * Report the cycle on every import in it, naming the whole chain, so it
   * shows in whichever of its files is open.
   */
  const reportCycle = (file: SourceFile, node: ImportNode, backTo: string): void => {
    const start = following.findIndex((e) => e.file.uri === backTo);
    const edges = [...following.slice(start < 0 ? following.length : start), { file, node }];
    const chain = [...edges.map((e) => baseName(e.file.uri)), baseName(backTo)].join(' → ');
    for (const e of edges) reporter.report('VMX109', e.file, e.node, `import cycle: ${chain}; remove one of these imports`);
  };

  visit(root);
  return files;
}

function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
