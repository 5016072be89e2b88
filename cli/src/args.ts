/**
 * Argument parsing for every command: node:util's parseArgs, with its
 * errors turned into one line that names the option and points at the
 * command's own help ("unknown option '--frobnicate' (see vmx check --help)").
 */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { CliError } from './files';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options every command that analyses takes for its configuration
 * (docs/cli.md): severities, thresholds, the config file, the profile,
 * limits and the import root. One definition, spread into each command's.
 */
export const CONFIGURATION_OPTIONS = {
  severity: { type: 'string', multiple: true, default: [] as string[] },
  threshold: { type: 'string', multiple: true, default: [] as string[] },
  config: { type: 'string' },
  profile: { type: 'string' },
  limit: { type: 'string', multiple: true, default: [] as string[] },
  'import-root': { type: 'string' },
} as const;

export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new CliError(`${argumentProblem(e)} (see vmx ${command} --help)`);
  }
}

/** parseArgs' error in a few words: its messages are long and suggest `--` even for typos. */
function argumentProblem(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = String(err.message ?? e);
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option ?? message}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(message)) return `option '${option}' needs a value`;
      if (/does not take an argument/.test(message)) return `option '${option}' takes no value`;
      return message.split('\n')[0];
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument: ${message.split('\n')[0]}`;
    default:
      throw e;
  }
}

/** Whether the command line asks for help: `-h` or `--help` before a `--`. */
export function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}
