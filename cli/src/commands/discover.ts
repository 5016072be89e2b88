/**
 * `vmx discover [-o OUT] [--root DIR] [--host NAME]` (DESIGN §7.1): the live
 * machine (or a captured tree) as a formatted topology, read-only. Parts
 * that cannot be read are comments in the output and counted on stderr;
 * they never fail the command (exit 0). A bad --root: one line, exit 2.
 */
import { writeFileSync } from 'node:fs';
import { discoverTopology } from '../../../core/src/discover';
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { parseCommandArgs } from '../args';
import { CliError, Output } from '../files';
import { systemReaderFor } from '../system-reader';

export function runDiscover(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('discover', args, {
    root: { type: 'string' },
    host: { type: 'string' },
    output: { type: 'string', short: 'o' },
  });
  if (positionals.length) throw new CliError(`discover takes no FILE (unexpected '${visibleText(positionals[0])}'; see vmx discover --help)`);
  if (values.host !== undefined && values.host.trim() === '') throw new CliError('--host needs a name');
  const reader = systemReaderFor(values.root);
  const result = discoverTopology(reader, { hostName: values.host });
  if (values.output !== undefined) {
    try {
      writeFileSync(values.output, result.text);
    } catch (e) {
      throw new CliError(`cannot write '${visibleText(values.output)}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else out.stdout(result.text);
  const n = result.notes.length;
  out.stderr(`vmx discover: read ${visibleText(reader.description)}; ${n} part${n === 1 ? '' : 's'} not read or not mapped${n ? ' (each is a comment in the output)' : ''}\n`);
  return 0;
}
