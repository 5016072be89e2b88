/**
 * The server's view of the files: open documents (their editor text wins)
 * plus files read from disk when something imports them. Parsed files are
 * cached by URI and version.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceProvider } from '../../core/src/model/imports';
import { SourceFile } from '../../core/src/model/types';
import { createSourceFile, stripBom } from '../../core/src/source';
import { CheckConfig, defaultConfig } from '../../core/src/config';

interface OpenDocument {
  text: string;
  version: number;
  parsed?: SourceFile;
}

export class Workspace implements SourceProvider {
  private readonly open = new Map<string, OpenDocument>();
  private readonly disk = new Map<string, { mtime: number; file: SourceFile | null }>();
  config: CheckConfig = defaultConfig();

  setOpen(uri: string, text: string, version: number): void {
    this.open.set(uri, { text: stripBom(text), version });
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

  get(uri: string): SourceFile | undefined {
    const doc = this.open.get(uri);
    if (doc) {
      doc.parsed ??= createSourceFile(uri, doc.text, this.config.limits.maxNestingDepth, this.config.limits.maxFileSize);
      return doc.parsed;
    }
    return this.fromDisk(uri);
  }

  private fromDisk(uri: string): SourceFile | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const path = fileURLToPath(uri);
      const st = statSync(path);
      if (st.isDirectory()) return undefined;
      const cached = this.disk.get(uri);
      if (cached && cached.mtime === st.mtimeMs) return cached.file ?? undefined;
      const file = createSourceFile(uri, stripBom(readFileSync(path, 'utf8')), this.config.limits.maxNestingDepth, this.config.limits.maxFileSize);
      this.disk.set(uri, { mtime: st.mtimeMs, file });
      return file;
    } catch {
      return undefined;
    }
  }
}
