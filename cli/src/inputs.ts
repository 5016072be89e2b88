/**
 * What the CLI accepts as FILE: a path, or `-` for standard input (shown
 * as `<stdin>`, imports relative to the working directory). Everything else
 * — a missing file, a directory, a glob the shell passed on unexpanded
 * because nothing matched, an unreadable file — is a one-line error
 * (exit 2), never a stack trace.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS } from '../../core/src/config';

/** The argument that means standard input. */
export const STDIN_ARG = '-';
/** How standard input is named in output. */
export const STDIN_NAME = '<stdin>';
/** Its URI: a file in the working directory, so `import "x.vmx"` resolves next to where vmx runs. */
export function stdinUri(): string {
  return pathToFileURL(resolvePath(STDIN_NAME)).href;
}

export class InputError extends Error {}

/**
 * The most the CLI reads of one input: four times the default
 * limits.maxFileSize. Anything longer is over the file-size limit anyway
 * (VMX111, not checked); `yes | vmx check -` must not fill the memory.
 */
export const MAX_INPUT_BYTES = 4 * DEFAULT_LIMITS.maxFileSize;

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

/**
 * How a FILE argument is opened. A FIFO or a device given as FILE is read
 * as a stream, deliberately, so it is opened blocking (waiting for its
 * writer). A regular file is opened O_NONBLOCK: should the path be swapped
 * for a FIFO after it was looked at, the open cannot wait forever.
 */
function openFlags(path: string): number | string {
  return statSync(path).isFile() ? constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) : 'r';
}

/** The bytes of a FILE argument (`-` = standard input), or an InputError. */
export function readInputBytes(path: string): Buffer {
  if (path === STDIN_ARG) return readStream(0);
  const problem = problemWith(path);
  if (problem) throw new InputError(problem);
  try {
    const fd = openSync(path, openFlags(path));
    try {
      const st = fstatSync(fd);
      // A FIFO or a device (`vmx check <(…)`) has no size: read it as a stream.
      if (!st.isFile()) return readStream(fd);
      // At most MAX_INPUT_BYTES + 1: enough to know the file is over the size limit.
      const buf = Buffer.alloc(Math.min(st.size, MAX_INPUT_BYTES) + 1);
      let n = 0;
      for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'EACCES' ? `cannot read '${path}': permission denied` : code === 'EISDIR' ? `cannot read '${path}': it is a directory (give .vmx files)` : `cannot read '${path}': ${code ?? (e as Error).message}`);
  }
}

/**
 * All of a stream (standard input, a FIFO), up to MAX_INPUT_BYTES + 1. A
 * loop of reads rather than readFileSync: a non-blocking pipe answers
 * EAGAIN until its writer has written, and that must mean "wait", not "empty".
 */
function readStream(fd: number): Buffer {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (code === 'EOF' || code === 'EBADF') break; // no standard input at all: an empty file
      throw new InputError(`cannot read standard input: ${code ?? (e as Error).message}`);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** The URI a FILE argument is analysed under. */
export function inputUri(path: string): string {
  return path === STDIN_ARG ? stdinUri() : pathToFileURL(resolvePath(path)).href;
}

/** How a FILE argument is shown in output. */
export function inputName(path: string): string {
  return path === STDIN_ARG ? STDIN_NAME : path;
}
