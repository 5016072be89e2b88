/**
 * The import root (`--import-root DIR`): the folder an import's real path
 * must lie in. By default the git work tree that holds the checked file —
 * found by looking for `.git` (a folder, or the file of a worktree or
 * submodule) upwards, without running git — or else the file's folder, so
 * `import "/etc/shadow"` or `import "../../.ssh/id_ed25519"` in a cloned
 * repository is refused (docs/security.md).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError } from './files';
import { STDIN_ARG } from './inputs';

/** The folder a FILE argument's imports are resolved from: its own, or the working directory for standard input. */
function folderOf(filePath: string): string {
  return filePath === STDIN_ARG ? process.cwd() : dirname(resolve(filePath));
}

/** The nearest folder at or above `dir` with a `.git` entry; undefined outside any work tree. */
export function gitWorkTree(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** The import root of a FILE argument: `--import-root` when given, else its git work tree, else its folder. */
export function importRootFor(filePath: string, flag?: string): string {
  if (flag !== undefined) return resolve(flag);
  const folder = folderOf(filePath);
  return gitWorkTree(folder) ?? folder;
}

/** `--import-root DIR` must name a folder: a typo must not silently allow everything or nothing. */
export function checkImportRootFlag(flag: string | undefined): string | undefined {
  if (flag === undefined) return undefined;
  let st;
  try {
    st = statSync(flag);
  } catch {
    throw new CliError(`--import-root '${flag}': no such folder`);
  }
  if (!st.isDirectory()) throw new CliError(`--import-root '${flag}': not a folder`);
  return resolve(flag);
}
