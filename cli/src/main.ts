/**
 * The `vmx` command line (DESIGN §7, docs/cli.md): a thin adapter over the core.
 * Exit codes: 0 no errors, 1 findings (at or above `check --fail-on`, error
 * by default; unformatted files for `fmt --check`), 2 usage error or
 * unreadable file (one line on stderr, never a stack trace). Every command
 * answers --help; its usage text is in help.ts.
 */
import { visibleText } from '../../core/src/diagnostics/visible-text';
import { runCheck } from './commands/check';
import { runDiff } from './commands/diff';
import { runSimulate } from './commands/simulate';
import { runFmt } from './commands/fmt';
import { runImport } from './commands/import';
import { runDiscover } from './commands/discover';
import { runDrift } from './commands/drift';
import { CliError, Output, VERSION } from './files';
import { wantsHelp } from './args';
import { COMMAND_HELP, USAGE } from './help';

export function main(argv: string[], out: Output): number {
  const [command, ...rest] = argv;
  // `vmx check --help`: each command's own usage, before its options are parsed.
  if (command !== undefined && Object.hasOwn(COMMAND_HELP, command) && wantsHelp(rest)) {
    out.stdout(COMMAND_HELP[command] + '\n');
    return 0;
  }
  try {
    switch (command) {
      case 'check':
        return runCheck(rest, out);
      case 'simulate':
        return runSimulate(rest, out);
      case 'fmt':
        return runFmt(rest, out);
      case 'diff':
        return runDiff(rest, out);
      case 'import':
        return runImport(rest, out);
      case 'discover':
        return runDiscover(rest, out);
      case 'drift':
        return runDrift(rest, out);
      // Each command lives in commands/<name>.ts and is dispatched here.
      case '--version':
      case '-v':
        out.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        // `vmx help COMMAND` is `vmx COMMAND --help` (a command may print its own usage, as diff does).
        if (command === 'help' && rest[0] !== undefined && !rest[0].startsWith('-') && rest[0] !== 'help') return main([rest[0], '--help'], out);
        out.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command '${command}' (see vmx --help)`);
    }
  } catch (e) {
    const message = e instanceof CliError ? e.message : (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : `internal error: ${(e as Error).message ?? e}`;
    // One line, shown escaped: a file name given on the command line can hold ESC sequences too.
    out.stderr(`vmx: ${visibleText(message.split('\n')[0])}\n`);
    return 2;
  }
}
