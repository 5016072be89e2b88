/**
 * The server's view of the files: open documents (their editor text wins,
 * kept incrementally) plus files read from disk when something imports
 * them. A document is parsed at most once per version.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { CheckConfig, defaultConfig } from '../../core/src/config';
import { SourceProvider } from '../../core/src/model/imports';
import { FileIdentities, readLocalFile } from '../../core/src/host/local-files';
import { SourceFile } from '../../core/src/model/types';
import { createSourceFile, stripBom } from '../../core/src/source';
import { applyChanges, OffsetEdit } from './text-sync';

interface OpenDocument {
  doc: TextDocument;
  parsed?: SourceFile;
}

export class Workspace implements SourceProvider {
  private readonly open = new Map<string, OpenDocument>();
  private readonly disk = new Map<string, { mtime: number; file: SourceFile | null }>();
  private readonly identities = new FileIdentities();
  config: CheckConfig = defaultConfig();

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    this.open.set(uri, { doc: TextDocument.create(uri, languageId, version, stripBom(text)) });
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
    this.open.set(uri, { doc: entry.doc });
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
      entry.parsed ??= createSourceFile(uri, entry.doc.getText(), this.config.limits.maxNestingDepth, this.config.limits.maxFileSize);
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

  /** Forget parsed disk files (they changed on disk, or the limits changed). */
  invalidateDisk(uri?: string): void {
    if (uri) this.disk.delete(uri);
    else this.disk.clear();
    if (!uri) this.identities.clear();
    if (!uri) for (const e of this.open.values()) e.parsed = undefined;
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
