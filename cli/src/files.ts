/** Reading topology files from disk for the CLI: a SourceProvider over the file system. */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { SourceProvider } from '../../core/src/model/imports';
import { SourceFile } from '../../core/src/model/types';
import { createSourceFile, stripBom } from '../../core/src/source';
import { CheckConfig } from '../../core/src/config';
import { FileIdentities, LocalReadOptions, readLocalFile } from '../../core/src/host/local-files';
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

export interface DiskSourcesOptions {
  /** Imports whose real path lies outside this folder are refused (`--import-root`); without it, any local file. */
  importRoot?: string;
}

/**
 * Parses each file once; imported files are read on demand. A file's
 * identity is its real path (`canonicalUri`), so every spelling of it — a
 * symlink, a linked folder — is read and parsed once.
 */
export class DiskSources implements SourceProvider {
  private readonly cache = new Map<string, SourceFile | null>();
  private readonly identities = new FileIdentities();
  private readonly canonicalUris = new Map<string, string>();
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly config: CheckConfig,
    private readonly options: DiskSourcesOptions = {},
  ) {}

  /** A file given on the command line: known by its own URI and by its real path (an import may reach it either way). */
  add(uri: string, text: string): SourceFile {
    const file = createSourceFile(uri, text, this.config.limits.maxNestingDepth, this.config.limits.maxFileSize);
    this.cache.set(uri, file);
    this.cache.set(this.canonicalUri(uri), file);
    return file;
  }

  /** The name of the file `uri` reaches: the first spelling seen of its real path (the given FILE for a root). */
  canonicalUri(uri: string): string {
    let name = this.canonicalUris.get(uri);
    if (name === undefined) this.canonicalUris.set(uri, (name = this.identities.canonical(uri)));
    return name;
  }

  /** A file already read (never reads one). */
  peek(uri: string): SourceFile | undefined {
    return this.cache.get(uri) ?? undefined;
  }

  whyNotRead(uri: string): string | undefined {
    return this.failures.get(uri);
  }

  get(uri: string): SourceFile | undefined {
    const cached = this.cache.get(uri);
    if (cached !== undefined) return cached ?? undefined;
    // Regular local files only, size-checked before reading, inside the import root (core/src/host/local-files.ts).
    const read = readLocalFile(uri, this.readOptions());
    const file: SourceFile | null = read.ok ? this.add(uri, read.text) : null;
    // "no such file" keeps the core's own message, which says where paths are looked for.
    if (!read.ok && read.reason !== 'no such file') this.failures.set(uri, read.reason);
    this.cache.set(uri, file);
    return file ?? undefined;
  }

  private readOptions(): LocalReadOptions {
    const root = this.options.importRoot;
    return {
      maxFileSize: this.config.limits.maxFileSize,
      roots: root === undefined ? undefined : [root],
      rootsName: `the import root ${root}; pass --import-root to allow it`,
    };
  }
}
