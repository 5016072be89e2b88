/**
 * The import graph: `import "x.vmx"` relative to the importing file. A
 * missing file, a file that is not a topology or a cycle is VMX109 on the
 * import line; each file is loaded once however often, and however, it is
 * imported (its identity is the provider's canonical URI: the real path).
 * The graph is bounded: at most MAX_IMPORTED_FILES files and
 * limits.maxImportedBytes characters (VMX111), and a bounded number of
 * cycle reports however many cycles there are.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS, Limits } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { ImportNode } from '../syntax/ast';
import { startsLikeTopology } from '../source';
import { SourceFile } from './types';

/** Gives parsed files by URI; the LSP serves open documents first, the CLI reads the disk. */
export interface SourceProvider {
  get(uri: string): SourceFile | undefined;
  /**
   * The URI every spelling of one file shares — on a disk, the file's real
   * path with symlinks followed — so that `a.vmx`, a symlink to it and
   * `sub/../a.vmx` are one file, loaded once. Without it, URIs are
   * compared as they are (after the path is normalised).
   */
  canonicalUri?(uri: string): string;
  /** Why get(uri) gave nothing, as a clause ("is outside the import root /x"), when the provider knows. */
  whyNotRead?(uri: string): string | undefined;
}

export const MAX_IMPORTED_FILES = 1000;
/** Characters that would be URL syntax in a URL, and are not in an import path: worth a hint when the file is missing. */
const URL_LOOKING = /[?#%]/;
/** Files of a cycle named in its message; a longer cycle is shortened with "…". */
export const MAX_CYCLE_CHAIN_NAMES = 8;
/** Cycle reports on the imports of one file; beyond it, one summary line. */
export const MAX_CYCLE_REPORTS_PER_FILE = 10;
/**
 * Cycles reported on every import they run through (so whichever of their
 * files is open shows them); cycles found after these are reported only on
 * the import that closes them, which bounds the work to the import lines.
 */
const MAX_CYCLES_ON_EVERY_IMPORT = 100;

/**
 * Resolve an import path against the importing file's URI; undefined when
 * it cannot be (an unsaved file). An import path is a file path, not a
 * URL: `?`, `#` and `%` are characters of a file name (`small.vmx?1` is a
 * file of that name), `.`, `..` and repeated `/` are normalised.
 */
export function resolveImportUri(fromUri: string, path: string): string | undefined {
  let fromPath: string;
  try {
    const base = new URL(fromUri);
    if (base.protocol !== 'file:') return undefined;
    fromPath = fileURLToPath(base);
  } catch {
    return undefined;
  }
  return pathToFileURL(resolvePath(dirname(fromPath), path.replace(/\\/g, '/'))).href;
}

/** A URL (`https://…`, `data:…`) or a network share (`//host/…`, `\\\\host\\…`); a Windows drive (`C:\\…`) is local. */
export function isRemoteImport(path: string): boolean {
  if (/^[A-Za-z]:[\\/]/.test(path)) return false;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) || /^[\\/]{2}/.test(path);
}

/** Load the root and everything it imports, depth-first, in a stable order; keyed by each file's URI. */
export function loadImportGraph(root: SourceFile, sources: SourceProvider, reporter: Reporter, limits: Pick<Limits, 'maxImportedBytes'> = DEFAULT_LIMITS): Map<string, SourceFile> {
  return new ImportGraphLoader(sources, reporter, limits.maxImportedBytes).load(root);
}

/** An import being followed: `node` in `file`. */
interface Edge {
  file: SourceFile;
  node: ImportNode;
}

/** The cycle reports of one file: the first few in full, then only counted. */
interface CycleReports {
  shown: { node: ImportNode; message: string }[];
  firstHidden?: ImportNode;
  hidden: number;
}

class ImportGraphLoader {
  /** Loaded files by canonical URI, in load order. */
  private readonly loaded = new Map<string, SourceFile>();
  /** Files being visited, by canonical URI → their depth (index into `following` of the edge that leaves them). */
  private readonly onStack = new Map<string, number>();
  /** The imports being followed, outermost first: a cycle is a suffix of it plus the import that closes it. */
  private readonly following: Edge[] = [];
  private importedChars = 0;
  private budgetReached = false;
  private cyclesFound = 0;
  /** Imports already reported as part of a cycle: each import is named in one cycle report at most. */
  private readonly inReportedCycle = new Set<ImportNode>();
  private readonly cycleReports = new Map<SourceFile, CycleReports>();

  constructor(
    private readonly sources: SourceProvider,
    private readonly reporter: Reporter,
    private readonly maxImportedChars: number,
  ) {}

  load(root: SourceFile): Map<string, SourceFile> {
    const rootKey = this.canonical(root.uri);
    this.loaded.set(rootKey, root);
    this.visit(root, rootKey);
    this.reportCycles();
    return new Map([...this.loaded.values()].map((f) => [f.uri, f]));
  }

  private canonical(uri: string): string {
    return this.sources.canonicalUri?.(uri) ?? uri;
  }

  private visit(file: SourceFile, key: string): void {
    this.onStack.set(key, this.following.length);
    file.imports = [];
    for (const item of file.ast.items) if (item.type === 'import' && item.path) this.follow(file, item);
    this.onStack.delete(key);
  }

  private follow(file: SourceFile, node: ImportNode): void {
    const path = node.path!.value;
    if (isRemoteImport(path)) {
      this.reporter.report('VMX109', file, node, `import "${shown(path)}" is not read: imports are local files, relative to this file, never URLs or network shares (docs/security.md)`);
      return;
    }
    const uri = resolveImportUri(file.uri, path);
    if (!uri) {
      this.reporter.report('VMX109', file, node, `cannot resolve import "${shown(path)}": the file has not been saved, so there is no folder to look in`);
      return;
    }
    const key = this.canonical(uri);
    if (this.onStack.has(key)) {
      this.noteCycle(file, node, key);
      return;
    }
    const target = this.loaded.get(key) ?? this.loadNew({ file, node }, path, key);
    if (target) file.imports.push({ node, uri: target.uri });
  }

  /** Read, vet and visit a file not loaded yet; undefined (reported on the import) when it is not loaded. */
  private loadNew(edge: Edge, path: string, key: string): SourceFile | undefined {
    const { file, node } = edge;
    if (this.loaded.size >= MAX_IMPORTED_FILES) {
      this.reporter.report('VMX109', file, node, `too many imported files (more than ${MAX_IMPORTED_FILES}); "${shown(path)}" is not loaded`);
      return undefined;
    }
    if (this.budgetReached) {
      this.reporter.report('VMX111', file, node, `import "${shown(path)}" is not loaded: the files imported so far already reach the limit of ${this.maxImportedChars} characters (limits.maxImportedBytes)`);
      return undefined;
    }
    const target = this.sources.get(key);
    if (!target) {
      this.reportUnreadable(file, node, path, key);
      return undefined;
    }
    // Checked on the raw text, before the file is parsed: nothing of a key or a password file ever reaches a message.
    if (!startsLikeTopology(target.text)) {
      this.reporter.report('VMX109', file, node, `import "${shown(path)}" is not loaded: the file does not look like a topology file (it does not start with an import or a block such as 'topology'); its content is not read`);
      return undefined;
    }
    if (this.importedChars + target.text.length > this.maxImportedChars) {
      this.budgetReached = true;
      this.reporter.report('VMX111', file, node, `import "${shown(path)}" is not loaded: with its ${target.text.length} characters the imported files would exceed the limit of ${this.maxImportedChars} characters (limits.maxImportedBytes)`);
      return undefined;
    }
    this.importedChars += target.text.length;
    this.loaded.set(key, target);
    this.following.push(edge);
    this.visit(target, key);
    this.following.pop();
    return target;
  }

  private reportUnreadable(file: SourceFile, node: ImportNode, path: string, key: string): void {
    const why = this.sources.whyNotRead?.(key);
    this.reporter.report(
      'VMX109',
      file,
      node,
      why ? `cannot import "${shown(path)}": ${why}` : `import not found: "${shown(path)}" does not exist or cannot be read (paths are relative to this file${URL_LOOKING.test(path) ? "; '?', '#' and '%' are part of a file name, not URL syntax" : ''})`,
    );
  }

  /** `node` in `file` leads back to `backToKey`, a file being visited: a cycle. */
  private noteCycle(file: SourceFile, node: ImportNode, backToKey: string): void {
    const start = this.onStack.get(backToKey)!;
    const message = `import cycle: ${this.chain(start, file)}; remove one of these imports`;
    this.cyclesFound++;
    // The import that closes the cycle always; the others of the cycle while few cycles have been found.
    this.addCycleReport(file, node, message);
    if (this.cyclesFound > MAX_CYCLES_ON_EVERY_IMPORT) return;
    for (let i = start; i < this.following.length; i++) this.addCycleReport(this.following[i].file, this.following[i].node, message);
  }

  /** `a → b → … (n more) → z → a`: the files from depth `start` to `last`, and back. */
  private chain(start: number, last: SourceFile): string {
    const files = this.following.length - start + 1;
    const fileAt = (i: number) => (start + i < this.following.length ? this.following[start + i].file : last);
    const names: string[] = [];
    if (files <= MAX_CYCLE_CHAIN_NAMES) {
      for (let i = 0; i < files; i++) names.push(baseName(fileAt(i).uri));
    } else {
      for (let i = 0; i < MAX_CYCLE_CHAIN_NAMES - 1; i++) names.push(baseName(fileAt(i).uri));
      names.push(`… (${files - MAX_CYCLE_CHAIN_NAMES} more)`, baseName(last.uri));
    }
    names.push(names[0]);
    return names.join(' → ');
  }

  private addCycleReport(file: SourceFile, node: ImportNode, message: string): void {
    if (this.inReportedCycle.has(node)) return;
    this.inReportedCycle.add(node);
    let reports = this.cycleReports.get(file);
    if (!reports) this.cycleReports.set(file, (reports = { shown: [], hidden: 0 }));
    if (reports.shown.length < MAX_CYCLE_REPORTS_PER_FILE) reports.shown.push({ node, message });
    else {
      reports.firstHidden ??= node;
      reports.hidden++;
    }
  }

  /** Each file's cycle reports, at most MAX_CYCLE_REPORTS_PER_FILE of them, then one summary. */
  private reportCycles(): void {
    for (const [file, reports] of this.cycleReports) {
      for (const r of reports.shown) this.reporter.report('VMX109', file, r.node, r.message);
      if (reports.firstHidden) {
        this.reporter.report('VMX109', file, reports.firstHidden, `…and ${reports.hidden} more import${reports.hidden === 1 ? '' : 's'} of this file closing or running through import cycles (not listed; fix the cycles above first)`);
      }
    }
  }
}

/** Characters of an import path a message repeats: enough to recognise it, without echoing a megabyte-long string. */
const SHOWN_PATH_CHARS = 200;

function shown(path: string): string {
  return path.length > SHOWN_PATH_CHARS ? path.slice(0, SHOWN_PATH_CHARS) + '…' : path;
}

function baseName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Each import that names a loaded file by another spelling than the file's
 * URI (a symlink, `./x/../a.vmx`): [spelling, the file's URI]. For the
 * simulation worker, which re-analyses the files it is sent and cannot
 * look at the disk to tell which is which.
 */
export function importAliases(model: { files: Map<string, SourceFile> }): [string, string][] {
  const aliases: [string, string][] = [];
  for (const file of model.files.values()) {
    for (const imp of file.imports) {
      const spelled = imp.node.path ? resolveImportUri(file.uri, imp.node.path.value) : undefined;
      if (spelled && spelled !== imp.uri) aliases.push([spelled, imp.uri]);
    }
  }
  return aliases;
}
