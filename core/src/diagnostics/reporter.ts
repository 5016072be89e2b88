/** Collects diagnostics from offsets in a source file, converting to LSP ranges once. */
import { Span } from '../syntax/ast';
import { Range } from '../text/line-index';
import { defaultSeverity } from './codes';
import { visibleText } from './visible-text';
import { Diagnostic, Fix, RelatedLocation, Severity } from './types';

/** What the reporter needs of a file: its URI and a way to turn offsets into positions. */
export interface Located {
  uri: string;
  lines: { range(start: number, end: number): Range };
}

export interface ReportExtras {
  related?: { file: Located; span: Span; message: string }[];
  fixes?: Fix[];
  severity?: Severity;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(code: string, file: Located, span: Span, message: string, extras: ReportExtras = {}): Diagnostic {
    const d: Diagnostic = {
      code,
      severity: extras.severity ?? defaultSeverity(code),
      message: oneLine(message),
      uri: file.uri,
      range: file.lines.range(span.start, span.end),
    };
    if (extras.related?.length) {
      d.related = extras.related.map((r): RelatedLocation => ({ uri: r.file.uri, range: r.file.lines.range(r.span.start, r.span.end), message: oneLine(r.message) }));
    }
    if (extras.fixes?.length) d.fixes = extras.fixes;
    this.diagnostics.push(d);
    return d;
  }
}

/** A word this long is cut in messages, to its first CUT_TO characters. */
const LONG_WORD = 240;
const CUT_TO = 120;

/**
 * One line whatever the file holds, and nothing in it that acts on a
 * terminal or a reader: line breaks, ESC sequences, bidi controls and
 * zero-width characters in a label are shown escaped (visible-text.ts), and
 * a word of hundreds of characters (a megabyte-long name) is cut, so a
 * message stays readable, small and safe to print — in text, JSON and SARIF.
 */
function oneLine(message: string): string {
  return visibleText(cutLongWords(message));
}

/**
 * Every run of LONG_WORD or more non-space characters cut to CUT_TO and `…`.
 * A hand scan: the regex /\S{240,}/ overflowed the stack on an 8 MB name.
 */
function cutLongWords(message: string): string {
  let out = '';
  let copied = 0;
  let wordStart = 0;
  for (let i = 0; i <= message.length; i++) {
    if (i < message.length && !isWhiteSpace(message.charCodeAt(i))) continue;
    if (i - wordStart >= LONG_WORD) {
      out += `${message.slice(copied, wordStart + CUT_TO)}…`;
      copied = i;
    }
    wordStart = i + 1;
  }
  return copied === 0 ? message : out + message.slice(copied);
}

/** The characters of the regex class \s. */
function isWhiteSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
