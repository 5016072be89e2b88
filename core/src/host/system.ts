/**
 * The one interface through which discovery reads a machine (`vmx
 * discover`, `vmx drift`, the editor's "discover this machine"). Paths are
 * absolute paths of the machine as it sees itself (`/proc/cpuinfo`,
 * `/sys/fs/cgroup/cpu.max`); an implementation may serve them from `/` or
 * from a captured tree. Nothing here throws: a file that cannot be read is
 * a reason in a few words ("permission denied", "no such file", "the
 * process is gone"), which discovery turns into a comment. Core reads
 * machines only through this interface; the Node implementation is
 * node-system.ts.
 */

/** A file's text, or why there is none. */
export type SystemRead = { ok: true; text: string } | { ok: false; reason: string };

export type SystemEntryType = 'file' | 'dir' | 'link' | 'other';

export interface SystemEntry {
  name: string;
  type: SystemEntryType;
}

/** A directory's entries (sorted by name), or why there are none. */
export type SystemList = { ok: true; entries: SystemEntry[] } | { ok: false; reason: string };

export interface SystemReader {
  /** The text of a file, bounded in size (a /proc file is read with a cap). */
  readFile(path: string): SystemRead;
  /** The entries of a directory, sorted by name. */
  readDir(path: string): SystemList;
  /** The target of a symbolic link, not followed (`net:[4026531992]` for /proc/PID/ns/net). */
  readLink(path: string): SystemRead;
  /** Whether something exists at the path (the link itself for a symlink). */
  exists(path: string): boolean;
  /** What the reader reads, for the output's header: `/` or the captured tree's folder. */
  readonly description: string;
}

/** Join absolute machine paths: `joinPath('/proc', '1', 'ns')` → `/proc/1/ns`. */
export function joinPath(...parts: string[]): string {
  return ('/' + parts.join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}
