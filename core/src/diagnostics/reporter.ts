/** Collects diagnostics from offsets in a source file, converting to LSP ranges once. */
import { Span } from '../syntax/ast';
import { Range } from '../text/line-index';
import { defaultSeverity } from './codes';
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

/**
 * One line whatever the file holds: a label or string with a line break is
 * shown escaped, and a word of hundreds of characters (a megabyte-long
 * name) is cut, so a message stays readable and small.
 */
function oneLine(message: string): string {
  return message.replace(/\S{240,}/g, (w) => `${w.slice(0, 120)}…`).replace(/\r\n|[\r\n\u2028\u2029]/g, (c) => (c === '\r\n' ? '\\r\\n' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16)}`));
}
