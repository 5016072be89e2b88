/**
 * The SystemReader of a real machine, over node:fs: the live `/`, or a
 * captured tree (`vmx discover --root DIR`) whose `proc/` and `sys/` stand
 * for `/proc` and `/sys`. Here, next to git.ts, because both the CLI and the
 * language server read the machine through it, and core/src/host/ is where
 * the engine touches the host (docs/discover.md).
 *
 * Read-only and bounded: files are opened non-blocking (a FIFO or a device
 * never blocks), only regular files are read, and at most maxFileBytes of
 * them (/proc files report a size of 0, so the cap is counted while
 * reading). Under a captured tree no path leaves it: symlinks are resolved
 * and a path whose real location is outside the tree is refused. Every
 * failure is a reason, never a throw.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { posix, resolve as resolvePath, sep } from 'node:path';
import { SystemEntry, SystemList, SystemRead, SystemReader } from './system';

/** 4 MiB: /proc/cpuinfo of a 512-thread machine is about 1.5 MiB; mountinfo of a busy node well below. */
export const MAX_SYSTEM_FILE_BYTES = 4 * 1024 * 1024;
/** Directory entries read at most (a /proc of 100,000 processes is not a topology). */
export const MAX_SYSTEM_DIR_ENTRIES = 100_000;

/** One read buffer for every file (reads are synchronous): most files are a line, and a fresh 64 KiB each cost more than the reading. */
const CHUNK = Buffer.allocUnsafe(64 * 1024);

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'I/O error',
  ESRCH: 'the process is gone',
  ENOTDIR: 'not a directory',
  EISDIR: 'a directory, not a file',
  ELOOP: 'a symlink loop',
  EINVAL: 'invalid argument',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
};

/** The few words a failed system call is reported with. */
export function systemReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && REASONS[code]) return REASONS[code];
  return code ? code.toLowerCase() : String((e as Error)?.message ?? e);
}

/**
 * Why `root`, meant as a captured tree (`vmx discover --root`, vmx/discover's
 * `root`), cannot be read as one, or undefined: the one wording the CLI and
 * the server give (`no such directory`, `not a directory (…)`, a reason).
 */
export function capturedTreeProblem(root: string): string | undefined {
  try {
    return statSync(root).isDirectory() ? undefined : 'not a directory (a captured tree holds proc/ and sys/)';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : systemReason(e);
  }
}

export interface NodeSystemOptions {
  /** The folder that stands for `/` (default: `/`, the live machine). */
  root?: string;
  maxFileBytes?: number;
}

export class NodeSystemReader implements SystemReader {
  readonly description: string;
  private readonly root: string | undefined;
  private readonly maxFileBytes: number;

  constructor(options: NodeSystemOptions = {}) {
    const root = options.root === undefined || resolvePath(options.root) === '/' ? undefined : realpathSync.native(resolvePath(options.root));
    this.root = root;
    this.description = root ?? '/';
    this.maxFileBytes = options.maxFileBytes ?? MAX_SYSTEM_FILE_BYTES;
  }

  /** The local path for a machine path, all symlinks resolved; under a root, only when it stays inside. */
  private real(path: string): { path: string } | { reason: string } {
    const local = this.local(path);
    // The live machine has nothing to stay inside: the path as it is, no resolving (a system call saved per file).
    if (this.root === undefined) return { path: local };
    let real: string;
    try {
      // The native realpath(3): one system call, where the JS one lstats every component (2,000 containers: 2.5 s of 3).
      real = realpathSync.native(local);
    } catch (e) {
      return { reason: this.danglingReason(local, e) };
    }
    return this.inside(real) ? { path: real } : { reason: 'a symlink leading outside the captured tree' };
  }

  /** The path of the entry itself (its parent resolved, the entry not followed), for readLink and exists. */
  private entry(path: string): { path: string } | { reason: string } {
    const normal = posix.normalize('/' + path);
    if (this.root === undefined) return { path: normal };
    if (normal === '/') return this.real('/');
    const parent = this.real(posix.dirname(normal));
    if ('reason' in parent) return parent;
    return { path: parent.path + (parent.path.endsWith(sep) ? '' : sep) + posix.basename(normal) };
  }

  private local(path: string): string {
    const normal = posix.normalize('/' + path);
    return this.root === undefined ? normal : this.root + (normal === '/' ? '' : normal);
  }

  private inside(real: string): boolean {
    return this.root === undefined || real === this.root || real.startsWith(this.root + sep);
  }

  /** ENOENT on a path that is itself a symlink: say it dangles, which is what a reader of the comment needs. */
  private danglingReason(local: string, e: unknown): string {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') {
      try {
        if (lstatSync(local).isSymbolicLink()) return 'a dangling symlink';
      } catch {
        // Not there at all: the plain reason.
      }
    }
    return systemReason(e);
  }

  readFile(path: string): SystemRead {
    const r = this.real(path);
    if ('reason' in r) return { ok: false, reason: r.reason };
    let fd: number;
    try {
      fd = openSync(r.path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      return { ok: false, reason: systemReason(e) };
    }
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) return { ok: false, reason: 'a directory, not a file' };
      if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const n = readSync(fd, CHUNK, 0, CHUNK.length, null);
        if (n === 0) break;
        total += n;
        if (total > this.maxFileBytes) return { ok: false, reason: `larger than ${this.maxFileBytes} bytes` };
        chunks.push(Buffer.from(CHUNK.subarray(0, n)));
      }
      return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
    } catch (e) {
      return { ok: false, reason: systemReason(e) };
    } finally {
      closeSync(fd);
    }
  }

  readDir(path: string): SystemList {
    const r = this.real(path);
    if ('reason' in r) return { ok: false, reason: r.reason };
    try {
      const dirents = readdirSync(r.path, { withFileTypes: true });
      if (dirents.length > MAX_SYSTEM_DIR_ENTRIES) return { ok: false, reason: `more than ${MAX_SYSTEM_DIR_ENTRIES} entries` };
      const entries: SystemEntry[] = dirents.map((d) => ({ name: d.name, type: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'link' : 'other' }));
      return { ok: true, entries: entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
    } catch (e) {
      return { ok: false, reason: systemReason(e) };
    }
  }

  readLink(path: string): SystemRead {
    const r = this.entry(path);
    if ('reason' in r) return { ok: false, reason: r.reason };
    try {
      return { ok: true, text: readlinkSync(r.path, 'utf8') };
    } catch (e) {
      // readlink(2) says EINVAL for a path that is no link.
      return { ok: false, reason: (e as NodeJS.ErrnoException)?.code === 'EINVAL' ? 'not a symbolic link' : systemReason(e) };
    }
  }

  exists(path: string): boolean {
    const r = this.entry(path);
    if ('reason' in r) return false;
    try {
      lstatSync(r.path);
      return true;
    } catch {
      return false;
    }
  }
}
