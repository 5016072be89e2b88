/**
 * Places the server sends back lie inside the document the client has
 * (LSP: a line it has, a character up to that line's length). Offsets the
 * core converts are right almost always; the exceptions are offsets that
 * fall between the CR and the LF of a CRLF (a token that ends on the CR,
 * an unterminated string before a CRLF), which the core's line index gives
 * as one past the line's end. Every answer goes through `clampPlaces`
 * (guard-params.ts) and every publication through `insideDocument`
 * (lsp/diagnostics.ts), so no provider can send such a place.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';

interface Position {
  line: number;
  character: number;
}

function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}

/** The place a position means in the document: a character past its line's end is the end (before the break). */
export function clampPosition(doc: TextDocument, p: Position): Position {
  return doc.positionAt(doc.offsetAt(p));
}

/** The position names a place of the document as it is (no clamping needed). */
export function isInside(doc: TextDocument, p: Position): boolean {
  const back = clampPosition(doc, p);
  return back.line === p.line && back.character === p.character;
}

function clampInPlace(doc: TextDocument, holder: Record<string, unknown>, key: string): void {
  const p = holder[key] as Position;
  if (!isInside(doc, p)) holder[key] = clampPosition(doc, p);
}

/**
 * Clamp, in place, every position of an answer about `uri` into `doc`:
 * ranges (`start`/`end`) and `position`s anywhere in it. Subtrees about
 * other documents (a `uri`/`targetUri` that is not ours, another file's
 * WorkspaceEdit changes) are left alone; arrays of numbers (semantic
 * tokens) are not walked.
 */
export function clampPlaces(value: unknown, doc: TextDocument, uri: string): void {
  if (Array.isArray(value)) {
    if (typeof value[0] === 'number') return;
    for (const x of value) clampPlaces(x, doc, uri);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const o = value as Record<string, unknown>;
  if ((typeof o.uri === 'string' && o.uri !== uri) || (typeof o.targetUri === 'string' && o.targetUri !== uri)) return;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if ((key === 'start' || key === 'end' || key === 'position') && isPosition(v)) clampInPlace(doc, o, key);
    else if (key === 'changes' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const ours = (v as Record<string, unknown>)[uri];
      if (ours) clampPlaces(ours, doc, uri);
    } else if (typeof v === 'object' && v !== null) clampPlaces(v, doc, uri);
  }
}

/**
 * Semantic tokens (relative encoding, 5 numbers each) cut at their line's
 * end: a token may not run over a line break (LSP), and a string token
 * ending on the CR of a CRLF would.
 */
export function clampSemanticTokens(data: number[], doc: TextDocument): number[] {
  let line = 0;
  let character = 0;
  for (let i = 0; i + 5 <= data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const lineEnd = doc.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - doc.offsetAt({ line, character: 0 });
    if (character + data[i + 2] > lineEnd) data[i + 2] = Math.max(0, lineEnd - character);
  }
  return data;
}
