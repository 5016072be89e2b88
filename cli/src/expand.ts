/**
 * FILE|DIR arguments: a directory stands for every `*.vmx` file below it,
 * recursively, sorted (by code unit, so the order is the same everywhere),
 * skipping `node_modules` and folders whose name starts with a dot.
 * Symbolic links to folders are not followed (no loops, no escaping the
 * tree); links to files are taken. A directory without .vmx files is a
 * usage error: `vmx check src/` in a CI job must not pass by checking nothing.
 */
import { Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './files';
import { STDIN_ARG } from './inputs';

function isDirectory(path: string): boolean {
  if (path === STDIN_ARG) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading the FILE reports why it cannot be read
  }
}

function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new CliError(`cannot read folder '${dir}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      walk(p, out);
    } else if (e.name.endsWith('.vmx')) {
      if (e.isFile()) out.push(p);
      else if (e.isSymbolicLink()) {
        try {
          if (statSync(p).isFile()) out.push(p);
        } catch {
          // a dangling link is not a topology file
        }
      }
    }
  }
}

/** The FILE arguments with each directory replaced by its .vmx files, sorted; a file named twice counts once. */
export function expandArguments(args: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of args) {
    let files = [a];
    if (isDirectory(a)) {
      files = [];
      walk(a, files);
      files.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      if (files.length === 0) throw new CliError(`no .vmx files in '${a}' (node_modules and dot-folders are skipped)`);
    }
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
  }
  return out;
}
