/**
 * The machine `vmx discover` and `vmx drift` read: the live `/`, or
 * `--root DIR`, a captured tree whose `proc/` and `sys/` stand for /proc and
 * /sys. The reader itself is core/src/host/node-system.ts (the language
 * server uses the same one); this checks the flag and turns a bad DIR
 * into one line.
 */
import { capturedTreeProblem, NodeSystemReader } from '../../core/src/host/node-system';
import { SystemReader } from '../../core/src/host/system';
import { visibleText } from '../../core/src/diagnostics/visible-text';
import { CliError } from './files';

export function systemReaderFor(root: string | undefined): SystemReader {
  if (root === undefined) return new NodeSystemReader();
  if (root === '') throw new CliError('--root needs a directory');
  const problem = capturedTreeProblem(root);
  if (problem) throw new CliError(`--root ${visibleText(root)}: ${problem}`);
  return new NodeSystemReader({ root });
}
