/**
 * The `vmx` command line (DESIGN §7): a thin adapter over the core.
 * Exit codes: 0 no errors, 1 at least one error-severity diagnostic,
 * 2 usage error or unreadable file (one line on stderr, never a stack trace).
 */
import { visibleText } from '../../core/src/diagnostics/visible-text';
import { runCheck } from './commands/check';
import { runDiff } from './commands/diff';
import { runSimulate } from './commands/simulate';
import { CliError, Output, VERSION } from './files';

const USAGE = `usage: vmx <command> [options] FILE…

commands:
  check [--format text|json|sarif] [--no-simulate] FILE…
                     report every diagnostic the editor would show
        [--severity CODE=off|hint|information|warning|error]…
        [--threshold NAME=NUMBER]… [--config vmx.config.json]
                     (default: the nearest vmx.config.json above each FILE;
                     its "limits" may only lower the defaults)
        [--limit NAME=NUMBER]…
                     set a limit of docs/limits.md, e.g. maxFileSize=100000000
                     (the only way to raise one)
        [--import-root DIR]
                     imports must lie in DIR, symlinks resolved (default: the
                     git work tree holding each FILE, else its folder);
                     others are refused with VMX109
  simulate [--format text|json] [--duration D] [--seed N] [--series N]
           [--import-root DIR] FILE
                     run the resource simulation and report per entity
                     (D: 30s, 2min or seconds; N series points, default 0)
  diff [--format text|json|markdown] [--duration D] [--seed N] [--all] OLD NEW
  diff --git REF [options] FILE
                     what a change does: findings added and removed, per entity
                     the change in CPU, steal, throttling, memory and headroom
  help               show this help

options:
  --version          print the version
Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file.`;

export function main(argv: string[], out: Output): number {
  const [command, ...rest] = argv;
  // `vmx check --help`: the usage of every command is one short text.
  if ((command === 'check' || command === 'simulate') && (rest.includes('--help') || rest.includes('-h'))) {
    out.stdout(USAGE + '\n');
    return 0;
  }
  try {
    switch (command) {
      case 'check':
        return runCheck(rest, out);
      case 'simulate':
        return runSimulate(rest, out);
      case 'diff':
        return runDiff(rest, out);
      // Each command lives in commands/<name>.ts and is dispatched here.
      case '--version':
      case '-v':
        out.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.stdout(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command '${command}' (try: vmx check FILE…)`);
    }
  } catch (e) {
    const message = e instanceof CliError ? e.message : (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : `internal error: ${(e as Error).message ?? e}`;
    // One line, shown escaped: a file name given on the command line can hold ESC sequences too.
    out.stderr(`vmx: ${visibleText(message.split('\n')[0])}\n`);
    return 2;
  }
}
