/**
 * Incoming document changes, made safe before they touch the text. The LSP
 * says a position past the end of a line means the line's end, and past the
 * last line the document's end; vscode-languageserver-textdocument clamps
 * offsets that way but keeps the raw line numbers for its line table, so a
 * change naming line 2,147,483,646 grows that table to two billion slots
 * (the server dies of heap). Each change is therefore re-expressed with
 * positions inside the document before it is applied, one at a time (each
 * change of a notification applies to the text the previous one left).
 */
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { utf8ToUtf16 } from './encoding';

interface LspPosition {
  line: number;
  character: number;
}

/** An applied change in offsets of the text it applied to: [start, end) became `length` characters. */
export interface OffsetEdit {
  start: number;
  end: number;
  length: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isPosition(v: unknown): v is LspPosition {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
}

/** Changes as the LSP defines them: `{ text }` or `{ range, text }` with whole-number positions. */
export function validChanges(changes: unknown): changes is TextDocumentContentChangeEvent[] {
  if (!Array.isArray(changes)) return false;
  return changes.every((c) => isObject(c) && typeof c.text === 'string' && (c.range === undefined || (isObject(c.range) && isPosition(c.range.start) && isPosition(c.range.end))));
}

/**
 * Apply one change with its range clamped into the document; a reversed
 * range is taken as the same two positions in order (as the library does).
 * Returns the edit in offsets of the text before it.
 */
function applyOne(doc: TextDocument, change: TextDocumentContentChangeEvent, version: number, utf8: boolean): OffsetEdit {
  if (!('range' in change) || change.range === undefined) {
    const edit = { start: 0, end: doc.getText().length, length: change.text.length };
    TextDocument.update(doc, [{ text: change.text }], version);
    return edit;
  }
  // offsetAt clamps as the LSP says: a negative line is the start, a line past the last is the end,
  // a character past a line's end is that end (before its line break). The line table is what needs the
  // clamped positions.
  // A client that negotiated UTF-8 counts bytes of the line (encoding.ts); the document counts UTF-16 code units.
  const at = (p: LspPosition): number => doc.offsetAt(utf8 ? { line: p.line, character: utf8ToUtf16(lineText(doc, p.line), p.character) } : p);
  let start = at(change.range.start);
  let end = at(change.range.end);
  if (start > end) [start, end] = [end, start];
  const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
  TextDocument.update(doc, [{ range, text: change.text }], version);
  return { start, end, length: change.text.length };
}

/** Apply changes in order, each clamped; returns the offset edits in the order applied. */
export function applyChanges(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number, utf8 = false): OffsetEdit[] {
  return changes.map((c) => applyOne(doc, c, version, utf8));
}

/** A line's text without its break ('' past the last line). */
function lineText(doc: TextDocument, line: number): string {
  if (line < 0 || line >= doc.lineCount) return '';
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
}

/**
 * Edits applied one after another (each in offsets of the text the one
 * before it left) as one edit of the text before the first: the smallest
 * range of that text that changed, and its new length. The workspace
 * reparses from the last tree it built with it, however many changes came
 * in between, in one step.
 */
export function composeEdits(edits: OffsetEdit[]): OffsetEdit | undefined {
  if (edits.length === 0) return undefined;
  let { start, end, length } = edits[0];
  for (const e of edits.slice(1)) {
    // In the current text the changed part is [start, start + length); its hull with e, mapped back.
    const changedEnd = start + length;
    const hullStart = Math.min(start, e.start);
    const hullEnd = Math.max(changedEnd, e.end);
    const delta = e.length - (e.end - e.start);
    end = end + (hullEnd - changedEnd);
    start = hullStart;
    length = hullEnd - hullStart + delta;
  }
  return { start, end, length };
}
