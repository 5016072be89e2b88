/**
 * `vmx fmt [--check] FILE|DIR…`: the editor's formatter (core/src/ide/format.ts,
 * the one the server's formatting provider calls, with its default two-space
 * indent) over files. Rewrites in place, keeping the line endings (the
 * formatter keeps the file's own) and a UTF-8 byte order mark; `--check`
 * writes nothing and lists the files that are not formatted (exit 1). `-`
 * formats standard input to standard output.
 *
 * A file is never rewritten when the rewrite could lose something: with
 * syntax errors (the formatter only formats what parses), with bytes that
 * are not UTF-8, or beyond limits.maxFileSize — one line on stderr each,
 * exit 2 once every other file is done. Every FILE is read before any is
 * written, so an unreadable argument changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../core/src/config';
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { formatText } from '../../../core/src/ide/format';
import { tokenize } from '../../../core/src/syntax/lexer';
import { parse } from '../../../core/src/syntax/parser';
import { LineIndex } from '../../../core/src/text/line-index';
import { parseCommandArgs } from '../args';
import { expandArguments } from '../expand';
import { CliError, Output } from '../files';
import { InputError, inputName, readInputBytes, STDIN_ARG } from '../inputs';

const BOM = '\ufeff';

interface Input {
  path: string;
  bytes: Buffer;
}

/** Why `text` cannot be formatted, in one line; undefined when it can. */
function refusal(bytes: Buffer, text: string): string | undefined {
  if (bytes.length > DEFAULT_LIMITS.maxFileSize) return `larger than ${DEFAULT_LIMITS.maxFileSize} bytes (limits.maxFileSize); not formatted`;
  if (!Buffer.from(text, 'utf8').equals(bytes)) return 'not valid UTF-8; not formatted';
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const lexed = tokenize(body);
  const errors = lexed.errors.length > 0 ? lexed.errors : parse(body).errors;
  if (errors.length > 0) {
    const e = errors[0];
    const where = new LineIndex(body).position(e.start);
    return `syntax error${errors.length > 1 ? 's' : ''} (line ${where.line + 1}: ${e.message}); not formatted`;
  }
  return undefined;
}

export function runFmt(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('fmt', args, { check: { type: 'boolean', default: false } });
  if (positionals.length === 0) throw new CliError('fmt needs at least one FILE or DIR, or - for standard input (see vmx fmt --help)');
  const inputs: Input[] = expandArguments(positionals).map((path) => {
    try {
      return { path, bytes: readInputBytes(path) };
    } catch (e) {
      throw new CliError(e instanceof InputError ? e.message : `cannot read '${path}': ${(e as Error).message}`);
    }
  });
  let refused = false;
  let unformatted = false;
  for (const { path, bytes } of inputs) {
    const text = bytes.toString('utf8');
    const why = refusal(bytes, text);
    if (why) {
      out.stderr(`vmx: ${visibleText(inputName(path))}: ${visibleText(why)}\n`);
      refused = true;
      continue;
    }
    const bom = text.startsWith(BOM) ? BOM : '';
    const formatted = bom + formatText(text.slice(bom.length));
    if (values.check) {
      if (formatted !== text) {
        out.stdout(`${visibleText(inputName(path))}\n`);
        unformatted = true;
      }
    } else if (path === STDIN_ARG) {
      out.stdout(formatted);
    } else if (formatted !== text) {
      try {
        writeFileSync(path, formatted);
      } catch (e) {
        out.stderr(`vmx: cannot write '${visibleText(path)}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        refused = true;
        continue;
      }
      out.stdout(`formatted ${visibleText(path)}\n`);
    }
  }
  return refused ? 2 : unformatted ? 1 : 0;
}
