/** Reading topology files from disk for the CLI: a SourceProvider over the file system. */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolvePath, relative } from 'node:path';
import { SourceProvider } from '../../core/src/model/imports';
import { SourceFile } from '../../core/src/model/types';
import { createSourceFile, stripBom } from '../../core/src/source';
import { CheckConfig } from '../../core/src/config';

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

export function readTopologyFile(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `cannot read '${path}': no such file` : `cannot read '${path}': ${code ?? (e as Error).message}`);
  }
  if (stat.isDirectory()) throw new CliError(`cannot read '${path}': it is a directory (give .vmx files)`);
  try {
    return decode(readFileSync(path));
  } catch (e) {
    throw new CliError(`cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(resolvePath(path)).href;
}

/** How a URI is shown: relative to the working directory when below it. */
export function displayPath(uri: string, given = new Map<string, string>()): string {
  const g = given.get(uri);
  if (g !== undefined) return g;
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
    let file: SourceFile | null = null;
    try {
      const path = fileURLToPath(uri);
      if (!statSync(path).isDirectory()) file = this.add(uri, decode(readFileSync(path)));
    } catch {
      file = null;
    }
    this.cache.set(uri, file);
    return file ?? undefined;
  }
}
