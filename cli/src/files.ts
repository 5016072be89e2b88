/** Reading topology files from disk for the CLI: a SourceProvider over the file system. */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { SourceProvider } from '../../core/src/model/imports';
import { SourceFile } from '../../core/src/model/types';
import { createSourceFile, stripBom } from '../../core/src/source';
import { CheckConfig } from '../../core/src/config';
import { readLocalFile } from '../../core/src/model/local-files';
import { InputError, inputName, inputUri, readInputBytes } from './inputs';

export class CliError extends Error {}

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
}

/** Decode bytes as UTF-8; invalid sequences become U+FFFD and the file is still checked. */
export function decode(bytes: Buffer): string {
  return stripBom(bytes.toString('utf8'));
}

/** A FILE argument's text (`-` = standard input; see inputs.ts); a one-line CliError when it cannot be read. */
export function readTopologyFile(path: string): string {
  try {
    return decode(readInputBytes(path));
  } catch (e) {
    throw new CliError(e instanceof InputError ? e.message : `cannot read '${path}': ${(e as Error).message}`);
  }
}

export function pathToUri(path: string): string {
  return inputUri(path);
}

/** How a URI is shown: relative to the working directory when below it. */
export function displayPath(uri: string, given = new Map<string, string>()): string {
  const g = given.get(uri);
  if (g !== undefined) return inputName(g);
  if (!uri.startsWith('file:')) return uri;
  const abs = fileURLToPath(uri);
  const rel = relative(process.cwd(), abs);
  return rel.startsWith('..') ? abs : rel;
}

/** Parses each file once; imported files are read on demand. */
export class DiskSources implements SourceProvider {
  private readonly cache = new Map<string, SourceFile | null>();

  constructor(private readonly config: CheckConfig) {}

  add(uri: string, text: string): SourceFile {
    const file = createSourceFile(uri, text, this.config.limits.maxNestingDepth, this.config.limits.maxFileSize);
    this.cache.set(uri, file);
    return file;
  }

  get(uri: string): SourceFile | undefined {
    const cached = this.cache.get(uri);
    if (cached !== undefined) return cached ?? undefined;
    // Regular local files only, size-checked before reading (core/src/model/local-files.ts).
    const read = readLocalFile(uri, { maxFileSize: this.config.limits.maxFileSize });
    const file: SourceFile | null = read.ok ? this.add(uri, read.text) : null;
    this.cache.set(uri, file);
    return file ?? undefined;
  }
}
