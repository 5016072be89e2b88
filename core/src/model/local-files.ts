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
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LocalRead = { ok: true; text: string } | { ok: false; reason: string };

export interface LocalReadOptions {
  maxFileSize: number;
  /** Workspace folders (file: URIs or paths); when given, files outside them are refused. */
  roots?: string[];
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

export function readLocalFile(uri: string, options: LocalReadOptions): LocalRead {
  const { path, reason } = localPath(uri);
  if (!path) return { ok: false, reason: reason! };
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ELOOP' ? 'a symlink loop' : code === 'ENOENT' ? 'no such file' : code ?? 'unreadable' };
  }
  if (options.roots?.length) {
    const roots = options.roots.map(rootPath).filter((r): r is string => r !== undefined);
    if (roots.length && !roots.some((r) => inside(real, r))) return { ok: false, reason: 'outside the workspace folders' };
  }
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: st.isDirectory() ? 'a directory' : 'not a regular file' };
    if (st.size > options.maxFileSize) return { ok: false, reason: `larger than limits.maxFileSize (${options.maxFileSize} bytes)` };
    // Read at most what fstat promised (+1 to notice growth): a file that grows while read cannot run away.
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    if (n > options.maxFileSize) return { ok: false, reason: `larger than limits.maxFileSize (${options.maxFileSize} bytes)` };
    const text = buf.subarray(0, n).toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'a directory' : code ?? 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
