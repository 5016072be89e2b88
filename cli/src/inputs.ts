/**
 * What the CLI accepts as FILE: a path, or `-` for standard input (shown
 * as `<stdin>`, imports relative to the working directory). Everything else
 * — a missing file, a directory, a glob the shell passed on unexpanded
 * because nothing matched, an unreadable file — is a one-line error
 * (exit 2), never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The argument that means standard input. */
export const STDIN_ARG = '-';
/** How standard input is named in output. */
export const STDIN_NAME = '<stdin>';
/** Its URI: a file in the working directory, so `import "x.vmx"` resolves next to where vmx runs. */
export function stdinUri(): string {
  return pathToFileURL(resolvePath(STDIN_NAME)).href;
}

export class InputError extends Error {}

const GLOB_CHARS = /[*?[\]{}]/;

/** Why a FILE argument cannot be read, in one line; undefined when it can. */
function problemWith(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && GLOB_CHARS.test(path)) return `no file matches '${path}'`;
    if (code === 'ENOENT') return `cannot read '${path}': no such file`;
    if (code === 'ELOOP') return `cannot read '${path}': too many levels of symbolic links (a symlink loop)`;
    if (code === 'EACCES') return `cannot read '${path}': permission denied`;
    if (code === 'ENOTDIR') return `cannot read '${path}': a part of the path is not a directory`;
    return `cannot read '${path}': ${code ?? (e as Error).message}`;
  }
  if (stat.isDirectory()) return `cannot read '${path}': it is a directory (give .vmx files)`;
  if (!stat.isFile() && !stat.isFIFO() && !stat.isCharacterDevice()) return `cannot read '${path}': not a regular file`;
  return undefined;
}

/** The bytes of a FILE argument (`-` = standard input), or an InputError. */
export function readInputBytes(path: string): Buffer {
  if (path === STDIN_ARG) {
    try {
      return readFileSync(0);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // No standard input at all (closed, or a terminal in a non-blocking mode): read as empty.
      if (code === 'EAGAIN' || code === 'EOF' || code === 'EBADF') return Buffer.alloc(0);
      throw new InputError(`cannot read standard input: ${code ?? (e as Error).message}`);
    }
  }
  const problem = problemWith(path);
  if (problem) throw new InputError(problem);
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'EACCES' ? `cannot read '${path}': permission denied` : code === 'EISDIR' ? `cannot read '${path}': it is a directory (give .vmx files)` : `cannot read '${path}': ${code ?? (e as Error).message}`);
  }
}

/** The URI a FILE argument is analysed under. */
export function inputUri(path: string): string {
  return path === STDIN_ARG ? stdinUri() : pathToFileURL(resolvePath(path)).href;
}

/** How a FILE argument is shown in output. */
export function inputName(path: string): string {
  return path === STDIN_ARG ? STDIN_NAME : path;
}
