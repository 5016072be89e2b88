/**
 * Reading an imported file from the local disk, safely (docs/security.md,
 * "Imports"): only `file:` URIs without a host (no network, no UNC
 * shares), only regular files after following symlinks (no devices, FIFOs
 * or sockets: `import "/dev/zero"` must not read forever), no larger than
 * limits.maxFileSize (checked before reading), and — when the front end
 * knows its workspace folders — only inside them, symlinks resolved.
 * Bytes are decoded as UTF-8 (invalid sequences become U+FFFD), a BOM is
 * dropped.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, Stats, statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A failure's reason is a few words: "no such file", "a directory", "outside the workspace folders". */
export type LocalRead = { ok: true; text: string } | { ok: false; reason: string };

export interface LocalReadOptions {
  maxFileSize: number;
  /** Workspace folders (file: URIs or paths); when given, files outside them are refused. */
  roots?: string[];
  /** What the roots are called in the reason a file outside them is refused with (default: "the workspace folders"). */
  rootsName?: string;
}

/** A local path for the URI, or why there is none. */
export function localPath(uri: string): { path?: string; reason?: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { reason: 'not a valid URI' };
  }
  if (url.protocol !== 'file:') return { reason: `only local files are read, not ${url.protocol.replace(/:$/, '')}: URIs` };
  if (url.host !== '' && url.host !== 'localhost') return { reason: `only local files are read, not files on the network host '${url.host}'` };
  try {
    return { path: fileURLToPath(url) };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

function rootPath(root: string): string | undefined {
  try {
    const p = root.startsWith('file:') ? fileURLToPath(root) : root;
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The file: URI of the real path behind `uri` (symlinks followed, `.` and
 * `..` resolved): every spelling of one file gives the same answer. The
 * URI itself when there is no such file (yet).
 */
export function realFileUri(uri: string): string {
  const { path } = localPath(uri);
  if (!path) return uri;
  try {
    return pathToFileURL(realpathSync(path)).href;
  } catch {
    return uri;
  }
}

/**
 * One name per file: the first spelling seen of each real path. Every
 * spelling that reaches the file (a symlink, a linked folder) is then
 * known by that one name — the one the user's own paths led to, rather
 * than a real path they may never have written.
 */
export class FileIdentities {
  private readonly nameByRealUri = new Map<string, string>();

  /** The name of the file `uri` reaches; `uri` itself the first time its real path is seen. */
  canonical(uri: string): string {
    const real = realFileUri(uri);
    let name = this.nameByRealUri.get(real);
    if (name === undefined) this.nameByRealUri.set(real, (name = uri));
    return name;
  }

  clear(): void {
    this.nameByRealUri.clear();
  }
}

/** Why a path could not be followed to a file, in a few words. */
const PATH_PROBLEMS: Record<string, string> = {
  ELOOP: 'a symlink loop',
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the path is too long',
  ERR_INVALID_ARG_VALUE: 'not a valid path',
  ERR_INVALID_ARG_TYPE: 'not a valid path',
};

function realPathProblem(e: unknown): LocalRead {
  const code = (e as NodeJS.ErrnoException).code;
  return { ok: false, reason: (code && PATH_PROBLEMS[code]) ?? code ?? 'unreadable' };
}

/** Why a file of this type is not read, or undefined for a regular file. */
function notRegular(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  return 'not a regular file';
}

/**
 * O_NONBLOCK: the type is checked before the file is opened, but a path
 * can be swapped for a FIFO in between, and opening a FIFO without it
 * waits for a writer forever. On a regular file it changes nothing.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function readLocalFile(uri: string, options: LocalReadOptions): LocalRead {
  const { path, reason } = localPath(uri);
  if (!path) return { ok: false, reason: reason! };
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(path);
    st = statSync(real);
  } catch (e) {
    return realPathProblem(e);
  }
  if (options.roots?.length) {
    const roots = options.roots.map(rootPath).filter((r): r is string => r !== undefined);
    if (roots.length && !roots.some((r) => inside(real, r))) return { ok: false, reason: `outside ${options.rootsName ?? 'the workspace folders'}` };
  }
  // Before opening: a FIFO, a device or a socket is never opened at all.
  const special = notRegular(st);
  if (special) return { ok: false, reason: special };
  if (st.size > options.maxFileSize) return { ok: false, reason: tooLarge(options.maxFileSize) };
  let fd: number | undefined;
  try {
    fd = openSync(real, OPEN_FLAGS);
    return readOpenFile(fd, options.maxFileSize);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'a directory' : code ?? 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(maxFileSize: number): string {
  return `larger than limits.maxFileSize (${maxFileSize} bytes)`;
}

/** The text of an open file, checked again through the descriptor (the path may have changed since it was looked at). */
function readOpenFile(fd: number, maxFileSize: number): LocalRead {
  const st = fstatSync(fd);
  const special = notRegular(st);
  if (special) return { ok: false, reason: special };
  if (st.size > maxFileSize) return { ok: false, reason: tooLarge(maxFileSize) };
  // Read at most what fstat promised (+1 to notice growth): a file that grows while read cannot run away.
  const buf = Buffer.alloc(st.size + 1);
  let n = 0;
  while (n < buf.length) {
    const r = readSync(fd, buf, n, buf.length - n, n);
    if (r === 0) break;
    n += r;
  }
  if (n > maxFileSize) return { ok: false, reason: tooLarge(maxFileSize) };
  const text = buf.subarray(0, n).toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
