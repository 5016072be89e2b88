/**
 * The machine `vmx discover` and `vmx drift` read: the live `/`, or
 * `--root DIR`, a captured tree whose `proc/` and `sys/` stand for /proc and
 * /sys. The reader itself is core/src/host/node-system.ts (the language
 * server uses the same one); this checks the flag and turns a bad DIR
 * into one line.
 */
import { statSync } from 'node:fs';
import { NodeSystemReader } from '../../core/src/host/node-system';
import { SystemReader } from '../../core/src/host/system';
import { visibleText } from '../../core/src/diagnostics/visible-text';
import { CliError } from './files';

export function systemReaderFor(root: string | undefined): SystemReader {
  if (root === undefined) return new NodeSystemReader();
  if (root === '') throw new CliError('--root needs a directory');
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (e) {
    throw new CliError(`--root ${visibleText(root)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : ((e as NodeJS.ErrnoException).code ?? 'cannot be read')}`);
  }
  if (!isDir) throw new CliError(`--root ${visibleText(root)}: not a directory (a captured tree holds proc/ and sys/)`);
  return new NodeSystemReader({ root });
}
