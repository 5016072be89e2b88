/**
 * The server's view of the files: open documents (their editor text wins,
 * kept incrementally) plus files read from disk when something imports
 * them. A document is parsed at most once per version, and after an edit
 * from the last tree built for it: only the edited block when the edit
 * stays inside one (core/src/incremental/reparse.ts), else the whole file.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { CheckConfig, defaultConfig } from '../../core/src/config';
import { SourceProvider } from '../../core/src/model/imports';
import { FileIdentities, readLocalFile } from '../../core/src/host/local-files';
import { SourceFile } from '../../core/src/model/types';
import { createSourceFile, sourceFileOf, stripBom } from '../../core/src/source';
import { FileNode } from '../../core/src/syntax/ast';
import { Reparse, reparseBlock } from '../../core/src/incremental/reparse';
import { parse } from '../../core/src/syntax/parser';
import { applyChanges, composeEdits, OffsetEdit } from './text-sync';

/** How a version's tree was had: the range of its text that was parsed, or 'file' (vmx/documentState reports it). */
export type Parsed = Reparse['parsed'];

/**
 * One version of an open document's tree. Built on first use (nothing is
 * parsed for a keystroke no feature asks about), from `from`: the last
 * version whose tree was built and the edits since then as one edit of its
 * text. Only a built tree is reused, so typing ahead of a slow analysis
 * costs one reparse when the next analysis asks, not one per keystroke.
 */
interface Version {
  tree?: FileNode;
  parsed?: Parsed;
  from?: Since;
  /**
   * The last version before this one whose tree had no syntax error, and
   * the edits since it as one edit. While a person types a block, the text
   * is broken most of the time and a tree with errors is never a base for a
   * one-block reparse (reparse.ts); when the block is whole again, the edit
   * since the last error-free tree is still inside that one block.
   */
  clean?: Since;
}

type Built = Version & { tree: FileNode };
/** A built version and the edits since it, composed into one edit of its text. */
interface Since {
  base: Built;
  edit: OffsetEdit;
}

interface OpenDocument {
  doc: TextDocument;
  version: Version;
  parsed?: SourceFile;
}

export class Workspace implements SourceProvider {
  private readonly open = new Map<string, OpenDocument>();
  private readonly disk = new Map<string, { mtime: number; file: SourceFile | null }>();
  private readonly identities = new FileIdentities();
  private checkConfig: CheckConfig = defaultConfig();

  get config(): CheckConfig {
    return this.checkConfig;
  }

  /** New limits that shape trees (maxNestingDepth, maxFileSize) give other trees: nothing built under the old ones is reused. */
  set config(config: CheckConfig) {
    const before = this.checkConfig.limits;
    this.checkConfig = config;
    if (before.maxNestingDepth !== config.limits.maxNestingDepth || before.maxFileSize !== config.limits.maxFileSize) this.dropTrees();
  }

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    this.open.set(uri, { doc: TextDocument.create(uri, languageId, version, stripBom(text)), version: {} });
  }

  /**
   * Applies incremental (or full) changes, their ranges clamped into the
   * document (text-sync.ts); the edits applied, in offsets, or undefined when
   * the document is not open.
   */
  changeDocument(uri: string, changes: TextDocumentContentChangeEvent[], version: number, utf8 = false): OffsetEdit[] | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const edits = applyChanges(entry.doc, changes, version, utf8);
    // The previous SourceFile and its tree stay as they were: an analysis of them may still be read.
    this.open.set(uri, { doc: entry.doc, version: next(entry.version, edits) });
    return edits;
  }

  close(uri: string): void {
    this.open.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  document(uri: string): TextDocument | undefined {
    return this.open.get(uri)?.doc;
  }

  version(uri: string): number {
    return this.open.get(uri)?.doc.version ?? -1;
  }

  /** The parsed file: the open document's current version, or the file on disk. */
  get(uri: string): SourceFile | undefined {
    const entry = this.open.get(uri);
    if (entry) {
      if (!entry.parsed) {
        const text = entry.doc.getText();
        const { maxNestingDepth, maxFileSize } = this.config.limits;
        const version = entry.version;
        entry.parsed = sourceFileOf(uri, text, () => build(version, text, maxNestingDepth), maxFileSize);
      }
      return entry.parsed;
    }
    return this.fromDisk(uri);
  }

  /**
   * Every spelling of one file on disk — a symlink, a linked folder — is
   * one file, named by the first spelling seen, so an import graph loads it
   * once (core/src/model/imports.ts); an open document is known by its own URI.
   */
  canonicalUri(uri: string): string {
    // Asked for the root first: an open root is the name its other spellings then get.
    const name = this.identities.canonical(uri);
    return this.open.has(uri) ? uri : name;
  }

  /** Forget parsed disk files: `uri` changed on disk, or (without one) every file may have. */
  invalidateDisk(uri?: string): void {
    if (uri) this.disk.delete(uri);
    else this.disk.clear();
    if (!uri) this.identities.clear();
  }

  private dropTrees(): void {
    this.disk.clear();
    for (const e of this.open.values()) {
      e.parsed = undefined;
      e.version = {};
    }
  }

  /** How the tree of the current version of `uri` was had, once built (undefined before, or when not open). */
  parsedRange(uri: string): Parsed | undefined {
    return this.open.get(uri)?.version.parsed;
  }

  private fromDisk(uri: string): SourceFile | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const path = fileURLToPath(uri);
      const st = statSync(path);
      // Regular files only: a directory, a device (/dev/zero never ends), a FIFO or a socket is never read.
      if (!st.isFile()) return undefined;
      const cached = this.disk.get(uri);
      if (cached && cached.mtime === st.mtimeMs) return cached.file ?? undefined;
      // Size-checked before reading, network paths refused (core/src/host/local-files.ts, docs/security.md).
      const read = readLocalFile(uri, { maxFileSize: this.config.limits.maxFileSize });
      const file = read.ok ? createSourceFile(uri, read.text, this.config.limits.maxNestingDepth, this.config.limits.maxFileSize) : null;
      this.disk.set(uri, { mtime: st.mtimeMs, file });
      return file ?? undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * The version after `edits`: from the last built tree (`v`'s own, or `v`'s
 * base with its edit composed), and from the last error-free one.
 */
function next(v: Version, edits: OffsetEdit[]): Version {
  if (edits.length === 0) return v;
  const after = (since: Since): Since => ({ base: since.base, edit: composeEdits([since.edit, ...edits])! });
  const own: Since | undefined = v.tree ? { base: v as Built, edit: composeEdits(edits)! } : undefined;
  const from = own ?? (v.from && after(v.from));
  const clean = own && v.tree!.errors.length === 0 ? own : v.clean && after(v.clean);
  return { ...(from ? { from } : {}), ...(clean ? { clean } : {}) };
}

/**
 * Builds `v`'s tree for `text` (what `parse(text)` gives) and keeps it for
 * the versions after it: one block reparsed from the last built tree, else
 * from the last error-free one, else the whole file.
 */
function build(v: Version, text: string, maxDepth: number): FileNode {
  if (v.tree) return v.tree;
  const block = (since: Since | undefined) => since && reparseBlock(since.base.tree, text, since.edit, maxDepth);
  const r = block(v.from) ?? (v.clean?.base !== v.from?.base ? block(v.clean) : undefined) ?? { tree: parse(text, { maxDepth }), parsed: 'file' as const };
  v.tree = r.tree;
  v.parsed = r.parsed;
  // Built: the base (and its tree) is no longer needed by this version; an error-free tree is its own clean base.
  v.from = undefined;
  if (r.tree.errors.length === 0) v.clean = undefined;
  return r.tree;
}
