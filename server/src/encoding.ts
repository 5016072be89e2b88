/**
 * Position encodings (LSP 3.17 `general.positionEncodings` /
 * `capabilities.positionEncoding`). The server and the core count
 * characters in UTF-16 code units; with a client that negotiated UTF-8,
 * `character` is a count of UTF-8 bytes in its line. The conversion
 * happens here, at the edge: request positions on the way in
 * (guard-params.ts, text-sync.ts for document changes), every place of an
 * answer or a notification on the way out (ranges and positions, also in
 * `relatedInformation`, `changes`, `relatedDocuments`, semantic tokens).
 */
import { ServerContext } from './context';

interface Position {
  line: number;
  character: number;
}

/** The text of a line (without its break) of a document the server holds, open or on disk. */
export type LineText = (line: number) => string | undefined;

export function lineTextOf(ctx: Pick<ServerContext, 'workspace'>, uri: string): LineText {
  const doc = ctx.workspace.document(uri);
  if (doc) {
    return (line) => {
      if (line < 0 || line >= doc.lineCount) return undefined;
      return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
    };
  }
  const file = ctx.workspace.get(uri);
  if (!file) return () => undefined;
  return (line) => {
    if (line < 0 || line >= file.lines.lineCount) return undefined;
    const start = file.lines.lineStart(line);
    const next = line + 1 < file.lines.lineCount ? file.lines.lineStart(line + 1) : file.text.length;
    return file.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  };
}

/** UTF-8 bytes of the first `units` UTF-16 code units of `text`. */
export function utf16ToUtf8(text: string, units: number): number {
  let bytes = 0;
  const n = Math.min(units, text.length);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: one code point, four bytes (a position inside the pair counts the whole pair).
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes + Math.max(0, units - text.length);
}

/** UTF-16 code units of the first `bytes` UTF-8 bytes of `text` (a count inside a character ends before it). */
export function utf8ToUtf16(text: string, bytes: number): number {
  let b = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (b + size > bytes) break;
    b += size;
    i += pair ? 2 : 1;
  }
  // Past the line's end: kept past it (the LSP's "the line's end"; clamping happens after).
  return i === text.length ? i + Math.max(0, bytes - b) : i;
}

function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}

/** A position of `uri` from the client's encoding into UTF-16. */
export function decodePosition(ctx: ServerContext, uri: string, p: Position): Position {
  if (ctx.client?.positionEncoding !== 'utf-8') return p;
  const text = lineTextOf(ctx, uri)(p.line);
  return text === undefined ? p : { line: p.line, character: utf8ToUtf16(text, p.character) };
}

/** Request params about `uri`: `position`, `range`, `positions` (and a code action's diagnostics' ranges) into UTF-16. */
export function decodeParams(ctx: ServerContext, uri: string, params: Record<string, unknown>): Record<string, unknown> {
  if (ctx.client?.positionEncoding !== 'utf-8') return params;
  const line = lineTextOf(ctx, uri);
  const dec = (p: Position): Position => {
    const text = line(p.line);
    return text === undefined ? p : { line: p.line, character: utf8ToUtf16(text, p.character) };
  };
  const decRange = (r: unknown): unknown => (typeof r === 'object' && r !== null && isPosition((r as { start: unknown }).start) && isPosition((r as { end: unknown }).end) ? { ...(r as object), start: dec((r as { start: Position }).start), end: dec((r as { end: Position }).end) } : r);
  const out = { ...params };
  if (isPosition(params.position)) out.position = dec(params.position);
  if (params.range) out.range = decRange(params.range);
  if (Array.isArray(params.positions)) out.positions = params.positions.map((p) => (isPosition(p) ? dec(p) : p));
  const context = params.context as { diagnostics?: unknown[] } | undefined;
  if (context && Array.isArray(context.diagnostics)) out.context = { ...context, diagnostics: context.diagnostics.map((d) => (typeof d === 'object' && d !== null ? { ...d, range: decRange((d as { range: unknown }).range) } : d)) };
  return out;
}

/**
 * Every place of an answer (or notification) into the client's encoding;
 * `uri` is the document it is about. Subtrees naming another document
 * (`uri`, `targetUri`, `textDocument.uri`, the keys of `changes` and
 * `relatedDocuments`) are converted with that document's text. Returns a
 * converted copy: answers share objects with cached analyses, which must
 * stay in UTF-16.
 */
export function encodePlaces<T>(ctx: ServerContext, value: T, uri: string): T {
  if (ctx.client?.positionEncoding !== 'utf-8') return value;
  const lines = new Map<string, LineText>();
  const lineOf = (u: string): LineText => {
    let l = lines.get(u);
    if (!l) lines.set(u, (l = lineTextOf(ctx, u)));
    return l;
  };
  const enc = (u: string, p: Position): Position => {
    const text = lineOf(u)(p.line);
    return text === undefined ? { line: p.line, character: p.character } : { line: p.line, character: utf16ToUtf8(text, p.character) };
  };
  const walk = (v: unknown, u: string): unknown => {
    if (Array.isArray(v)) return typeof v[0] === 'number' ? v : v.map((x) => walk(x, u));
    if (typeof v !== 'object' || v === null) return v;
    // Class instances (a ResponseError a handler returns) are not answer data: kept as they are.
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const o = v as Record<string, unknown>;
    let here = u;
    if (typeof o.uri === 'string') here = o.uri;
    if (typeof o.targetUri === 'string') here = o.targetUri;
    if (typeof o.textDocument === 'object' && o.textDocument !== null && typeof (o.textDocument as { uri?: unknown }).uri === 'string') here = (o.textDocument as { uri: string }).uri;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const x = o[k];
      // A round trip's data (codeAction/resolve, completionItem/resolve) stays in the server's own terms.
      if (k === 'data') out[k] = x;
      else if (isPosition(x)) out[k] = enc(k === 'originSelectionRange' ? u : here, x);
      else if ((k === 'changes' || k === 'relatedDocuments') && typeof x === 'object' && x !== null && !Array.isArray(x)) {
        const m: Record<string, unknown> = {};
        for (const [docUri, sub] of Object.entries(x as Record<string, unknown>)) m[docUri] = walk(sub, docUri);
        out[k] = m;
      } else if (k === 'originSelectionRange') out[k] = walk(x, u);
      else out[k] = typeof x === 'object' && x !== null ? walk(x, here) : x;
    }
    return out;
  };
  return walk(value, uri) as T;
}

/** Semantic tokens (relative: Δline, Δstart, length, …) of `uri` into the client's encoding. */
export function encodeSemanticTokens(ctx: ServerContext, uri: string, data: number[]): number[] {
  if (ctx.client?.positionEncoding !== 'utf-8') return data;
  const line = lineTextOf(ctx, uri);
  const out = data.slice();
  let l = 0;
  let start16 = 0;
  let prevStart8 = 0;
  let text = line(0) ?? '';
  for (let i = 0; i + 5 <= data.length; i += 5) {
    if (data[i] !== 0) {
      l += data[i];
      start16 = data[i + 1];
      text = line(l) ?? '';
      prevStart8 = 0;
    } else start16 += data[i + 1];
    const s8 = utf16ToUtf8(text, start16);
    const e8 = utf16ToUtf8(text, start16 + data[i + 2]);
    out[i + 1] = s8 - prevStart8;
    out[i + 2] = e8 - s8;
    prevStart8 = s8;
  }
  return out;
}
