/**
 * Suppression comments (line comments, `#` or `//`, the directive first):
 *
 * - `# vmx-ignore VMX208 VMX209` silences those codes on the next line when
 *   the comment stands alone on its line, or on its own line when it ends a
 *   line of code. Without codes it silences every code there.
 * - `# vmx-ignore-next-block VMX308 VMX309` silences those codes in the
 *   block that starts on the next line that is not only a comment (from its
 *   header to its closing brace).
 * - `# vmx-ignore-file VMX309` silences those codes in the whole file.
 *
 * The block and file forms need codes: without them they silence nothing
 * (a file-wide "ignore everything" would hide every future problem).
 * Words after the codes are a free-form reason. Syntax errors and limits
 * (VMX100, VMX111) cannot be silenced, nor the hygiene diagnostics below.
 *
 * Hygiene, reported once per analysis for its root file (core/src/analyze.ts
 * calls `hygiene`, so the CLI and the editor show the same):
 * VMX113 (warning) on a code that does not exist, or on a block/file
 * comment without codes; VMX114 (hint) on a suppression that silenced
 * nothing ("nothing to ignore here"), with a quick fix that removes it.
 * Whether a suppression was used is only judged when every stage that could
 * report its codes ran: simulation codes (VMX4xx) and code-less comments
 * only with the simulation, nothing at all when a stage failed or the file
 * has syntax errors.
 */
import { codeInfo, CODES } from './diagnostics/codes';
import { Reporter } from './diagnostics/reporter';
import { Fix } from './diagnostics/types';
import { SourceFile } from './model/types';
import { BlockNode, ItemNode, Span } from './syntax/ast';

const DIRECTIVE = /^(?:#|\/\/)[ \t]*vmx-ignore(-next-block|-file)?(?![\w-])(.*)$/s;
const CODE_WORD = /[A-Za-z0-9_]+/g;

/** Codes a comment cannot silence: syntax errors, limits and internal errors, and the hygiene codes themselves. */
export const UNSUPPRESSIBLE = new Set(['VMX100', 'VMX111', 'VMX113', 'VMX114']);

type Scope = 'line' | 'next-block' | 'file';

interface Directive {
  scope: Scope;
  comment: Span;
  /** Known codes with where they are written; empty with `all` for a code-less `vmx-ignore`. */
  codes: { code: string; span: Span }[];
  unknown: { text: string; span: Span }[];
  all: boolean;
  /** Lines covered (0-based, inclusive); undefined for the file form, or when no block follows. */
  from?: number;
  to?: number;
  /** The line a next-block comment looked at, for the message. */
  target?: number;
  used: Set<string>;
  usedAll: boolean;
}

export interface HygieneOptions {
  /** The simulation ran: VMX4xx suppressions (and code-less ones) can be judged. */
  simulated: boolean;
  /** Every stage ran on a file without syntax errors: unused suppressions can be judged at all. */
  complete: boolean;
}

export interface Suppressions {
  /** Whether `code` at `line` is silenced; records the use. */
  isSuppressed(code: string, line: number): boolean;
  /** VMX113 and VMX114 for this file's suppression comments. */
  hygiene(reporter: Reporter, options: HygieneOptions): void;
}

export function suppressions(file: SourceFile): Suppressions {
  const directives = parseDirectives(file);
  const byLine = new Map<number, Directive[]>();
  const wide: Directive[] = [];
  for (const d of directives) {
    if (d.scope === 'line' && d.from !== undefined) {
      const list = byLine.get(d.from);
      if (list) list.push(d);
      else byLine.set(d.from, [d]);
    } else if (d.scope !== 'line') wide.push(d);
  }
  const covers = (d: Directive, code: string) => d.all || d.codes.some((c) => c.code === code);
  const inScope = (d: Directive, line: number) => d.scope === 'file' || (d.from !== undefined && d.to !== undefined && line >= d.from && line <= d.to);
  return {
    isSuppressed(code: string, line: number): boolean {
      if (UNSUPPRESSIBLE.has(code)) return false;
      let hit = false;
      for (const d of [...(byLine.get(line) ?? []), ...wide]) {
        if (!covers(d, code) || !inScope(d, line)) continue;
        hit = true;
        if (d.all) d.usedAll = true;
        else d.used.add(code);
      }
      return hit;
    },
    hygiene(reporter: Reporter, options: HygieneOptions): void {
      for (const d of directives) reportDirective(file, d, reporter, options);
    },
  };
}

function parseDirectives(file: SourceFile): Directive[] {
  const out: Directive[] = [];
  for (const c of file.ast.comments) {
    if (c.block) continue;
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const scope: Scope = m[1] === '-next-block' ? 'next-block' : m[1] === '-file' ? 'file' : 'line';
    const restStart = c.start + c.text.length - m[2].length;
    const codes: Directive['codes'] = [];
    const unknown: Directive['unknown'] = [];
    for (const w of m[2].matchAll(CODE_WORD)) {
      // Words that start with VMX (any case) are codes, known or not (a typo must not become "ignore everything"); other words are the reason.
      if (!/^vmx\w+$/i.test(w[0])) continue;
      const span = { start: restStart + w.index!, end: restStart + w.index! + w[0].length };
      const code = w[0].toUpperCase();
      if (codeInfo(code)) codes.push({ code, span });
      else unknown.push({ text: w[0], span });
    }
    const d: Directive = { scope, comment: { start: c.start, end: c.end }, codes, unknown, all: scope === 'line' && codes.length === 0 && unknown.length === 0, used: new Set(), usedAll: false };
    const line = file.lines.position(c.start).line;
    if (scope === 'line') {
      const alone = file.text.slice(file.lines.lineStart(line), c.start).trim() === '';
      d.from = d.to = alone ? line + 1 : line;
    } else if (scope === 'next-block') {
      d.target = nextCodeLine(file, line);
      const block = d.target === undefined ? undefined : blockStartingOn(file, file.ast.items, d.target);
      if (block) {
        d.from = d.target;
        d.to = file.lines.position(Math.max(block.start, block.end - 1)).line;
      }
    }
    out.push(d);
  }
  return out;
}

/** The first line after `line` that is not only a comment (undefined past the end). */
function nextCodeLine(file: SourceFile, line: number): number | undefined {
  const commentLines = new Set<number>();
  for (const c of file.ast.comments) {
    const l = file.lines.position(c.start).line;
    if (file.text.slice(file.lines.lineStart(l), c.start).trim() === '' && file.lines.position(c.end).line === l) commentLines.add(l);
  }
  const count = file.lines.lineCount;
  for (let l = line + 1; l < count; l++) if (!commentLines.has(l)) return l;
  return undefined;
}

/** The outermost block whose header starts on `line`. */
function blockStartingOn(file: SourceFile, items: ItemNode[], line: number): BlockNode | undefined {
  for (const item of items) {
    if (item.type !== 'block') continue;
    const start = file.lines.position(item.start).line;
    if (start === line) return item;
    const end = file.lines.position(Math.max(item.start, item.end - 1)).line;
    if (start < line && line <= end) {
      const inner = blockStartingOn(file, item.items, line);
      if (inner) return inner;
    }
  }
  return undefined;
}

const NAME: Record<Scope, string> = { line: 'vmx-ignore', 'next-block': 'vmx-ignore-next-block', file: 'vmx-ignore-file' };

function reportDirective(file: SourceFile, d: Directive, reporter: Reporter, options: HygieneOptions): void {
  for (const u of d.unknown) {
    const close = closeCode(u.text);
    reporter.report('VMX113', file, u.span, `unknown code ${u.text} in ${NAME[d.scope]}: it silences nothing${close ? ` (did you mean ${close}?)` : ''}; the codes are listed in docs/checks.md`);
  }
  if (d.scope !== 'line' && d.codes.length === 0 && d.unknown.length === 0) {
    reporter.report('VMX113', file, d.comment, `${NAME[d.scope]} needs the codes to silence, e.g. # ${NAME[d.scope]} VMX309: without them it silences nothing`);
    return;
  }
  if (!options.complete) return;
  const where =
    d.scope === 'file'
      ? 'in this file'
      : d.scope === 'next-block'
        ? d.from === undefined
          ? d.target === undefined
            ? 'and no block follows'
            : `and no block starts on line ${d.target + 1}`
          : `in the block on line ${d.from + 1}`
        : `on line ${d.from! + 1}`;
  if (d.all) {
    if (!options.simulated || d.usedAll) return;
    reporter.report('VMX114', file, d.comment, `nothing to ignore here: no diagnostic ${where}`, { fixes: [removal(file, d)] });
    return;
  }
  const judged = d.codes.filter((c) => options.simulated || !isSimulationCode(c.code));
  const unused = judged.filter((c) => !d.used.has(c.code));
  if (unused.length === 0) return;
  const names = [...new Set(unused.map((c) => c.code))];
  const reason = names.some((c) => UNSUPPRESSIBLE.has(c)) ? ` (${names.filter((c) => UNSUPPRESSIBLE.has(c)).join(', ')} cannot be silenced)` : '';
  const whole = unused.length === d.codes.length && d.unknown.length === 0;
  reporter.report('VMX114', file, d.comment, `nothing to ignore here: no ${names.join(' or ')} ${where}${reason}`, whole ? { fixes: [removal(file, d)] } : {});
}

function isSimulationCode(code: string): boolean {
  return code >= 'VMX400' && code < 'VMX500';
}

/** A code one slip away from `text` (VMX2O8, VMX20, VMX2088). */
function closeCode(text: string): string | undefined {
  const upper = text.toUpperCase();
  const near = (a: string, b: string) => {
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    let j = 0;
    while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
    return Math.max(a.length, b.length) - i - j <= 1;
  };
  return CODES.find((c) => near(upper, c.code))?.code;
}

/** Removes the comment: its whole line when it stands alone, else the comment and the spaces before it. */
function removal(file: SourceFile, d: Directive): Fix {
  const line = file.lines.position(d.comment.start).line;
  const lineStart = file.lines.lineStart(line);
  const alone = file.text.slice(lineStart, d.comment.start).trim() === '';
  let start = d.comment.start;
  let end = d.comment.end;
  if (alone) {
    start = lineStart;
    end = line + 1 < file.lines.lineCount ? file.lines.lineStart(line + 1) : d.comment.end;
  } else {
    while (start > lineStart && (file.text[start - 1] === ' ' || file.text[start - 1] === '\t')) start--;
  }
  return { title: `Remove the unused ${NAME[d.scope]}`, edits: [{ uri: file.uri, range: file.lines.range(start, end), newText: '' }], preferred: true };
}
