/**
 * `vmx import [--from FORMAT] [--host NAME] [--like FILE.vmx] [-o OUT] FILE…`
 * (DESIGN §7.1): the files users already have → one formatted topology on
 * one host. The importers are pure (core/src/import); this adapter reads the
 * inputs, writes the result (standard output without -o) and says on stderr
 * how many fields were not imported. Unreadable or unrecognised input: one
 * line on stderr, exit 2, nothing written.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { importTopology, ImportError, IMPORT_FORMATS, ImportFormat, ImportInput, MAX_IMPORT_BYTES } from '../../../core/src/import';
import { hardwareLines } from '../../../core/src/import/like';
import { parseCommandArgs } from '../args';
import { CliError, decode, Output } from '../files';
import { InputError, inputName, readInputBytes, STDIN_ARG } from '../inputs';

function readInput(path: string): ImportInput {
  let bytes: Buffer;
  try {
    bytes = readInputBytes(path);
  } catch (e) {
    throw new CliError(e instanceof InputError ? e.message : `cannot read '${path}': ${(e as Error).message}`);
  }
  if (bytes.length > MAX_IMPORT_BYTES) throw new CliError(`${inputName(path)}: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; refused (vmx import reads configuration files, not data)`);
  if (bytes.includes(0)) throw new CliError(`${inputName(path)}: binary data, not a configuration file`);
  // Relative paths inside the file (a compose file's ./data) are relative to its folder; standard input's to the working directory.
  const dir = path === STDIN_ARG ? process.cwd() : dirname(resolvePath(path));
  return { name: inputName(path), text: decode(bytes), dir };
}

function parseFormat(from: string | undefined): ImportFormat | undefined {
  if (from === undefined) return undefined;
  if (!(IMPORT_FORMATS as string[]).includes(from)) throw new CliError(`--from ${from}: not a format; one of ${IMPORT_FORMATS.join(', ')}`);
  return from as ImportFormat;
}

export function runImport(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('import', args, {
    from: { type: 'string' },
    host: { type: 'string' },
    like: { type: 'string' },
    output: { type: 'string', short: 'o' },
  });
  if (positionals.length === 0) throw new CliError('import needs at least one FILE, or - for standard input (see vmx import --help)');
  const from = parseFormat(values.from);
  if (values.host !== undefined && values.host.trim() === '') throw new CliError('--host needs a name');
  const inputs = positionals.map(readInput);
  try {
    const like = values.like === undefined ? undefined : readInput(values.like);
    const result = importTopology(inputs, {
      from,
      host: values.host,
      hardware: like ? hardwareLines(like.text, like.name) : undefined,
      hardwareSource: like?.name,
    });
    if (values.output !== undefined) {
      try {
        writeFileSync(values.output, result.text);
      } catch (e) {
        throw new CliError(`cannot write '${values.output}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    } else out.stdout(result.text);
    const n = result.notImported;
    out.stderr(`vmx import: ${inputs.length} file${inputs.length === 1 ? '' : 's'} (${result.formats.join(', ')}); ${n} field${n === 1 ? '' : 's'} not imported${n ? ' (each is a "# not imported:" comment)' : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ImportError) throw new CliError(e.message);
    throw e;
  }
}
