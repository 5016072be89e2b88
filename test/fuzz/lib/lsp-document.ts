/**
 * The client's copy of a document, kept as the LSP specification says an
 * editor keeps it — written here independently of the server's code and of
 * vscode-languageserver-textdocument, so the two can be compared.
 *
 * - Lines end at `\r\n`, `\n` or `\r` (one break each); positions are
 *   0-based lines and UTF-16 code units.
 * - A position whose character is past the end of its line means the end
 *   of the line (before the line break); a line past the last line means
 *   the end of the document (the specification's clamping). A negative line
 *   or character (not a `uinteger`, so outside the specification) is taken
 *   as 0, as the server documents (docs/protocol.md, Document synchronisation).
 * - A change `{ range, text }` replaces the range, the changes of one
 *   notification apply one after another; `{ text }` replaces everything.
 *   A range whose end comes before its start is taken in order.
 */
import { createHash } from 'node:crypto';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Change {
  range?: Range;
  text: string;
}

/** Offsets where each line starts, and each line's length without its break. */
export interface Lines {
  starts: number[];
  lengths: number[];
}

export function linesOf(text: string): Lines {
  const starts = [0];
  const lengths: number[] = [];
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    lengths.push(i - lineStart);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    lineStart = i + 1;
    starts.push(lineStart);
  }
  lengths.push(text.length - lineStart);
  return { starts, lengths };
}

/** The offset a position means, clamped as the specification says. */
export function offsetAt(text: string, lines: Lines, p: Position): number {
  if (p.line < 0) return 0;
  if (p.line >= lines.starts.length) return text.length;
  const character = Math.min(Math.max(0, p.character), lines.lengths[p.line]);
  return lines.starts[p.line] + character;
}

/** Whether a position names a place in the text as it is: a line it has, a character up to that line's end. */
export function isInside(lines: Lines, p: Position): boolean {
  return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.starts.length && p.character >= 0 && p.character <= lines.lengths[p.line];
}

/** A range inside the text, start not after end. */
export function rangeInside(lines: Lines, r: Range): boolean {
  if (!isInside(lines, r.start) || !isInside(lines, r.end)) return false;
  return r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
}

/** One change applied to a text. */
export function applyChange(text: string, change: Change): string {
  if (!change.range) return change.text;
  const lines = linesOf(text);
  let start = offsetAt(text, lines, change.range.start);
  let end = offsetAt(text, lines, change.range.end);
  if (start > end) [start, end] = [end, start];
  return text.slice(0, start) + change.text + text.slice(end);
}

/** What `vmx/documentState` says of the server's copy, computed for ours. */
export function stateOf(text: string): { length: number; lineCount: number; sha256: string } {
  return { length: text.length, lineCount: linesOf(text).starts.length, sha256: createHash('sha256').update(Buffer.from(text, 'utf16le')).digest('hex') };
}

/** A document as the client has it, with the text of every version it had (to check what is published for one). */
export class ClientDocument {
  private readonly history = new Map<number, Lines>();
  constructor(
    readonly uri: string,
    public text: string,
    public version = 1,
  ) {
    this.history.set(version, linesOf(text));
  }

  /** Apply the changes of one didChange (in order); returns the new version. */
  change(changes: Change[]): number {
    for (const c of changes) this.text = applyChange(this.text, c);
    this.version++;
    this.history.set(this.version, linesOf(this.text));
    return this.version;
  }

  lines(version = this.version): Lines | undefined {
    return this.history.get(version);
  }

  /** Forget versions older than `version` (memory stays bounded in long runs). */
  forgetBefore(version: number): void {
    for (const v of this.history.keys()) if (v < version) this.history.delete(v);
  }
}
