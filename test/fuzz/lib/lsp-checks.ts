/**
 * What the LSP specification says about the places in answers: every range
 * and position the server returns for a document lies inside the document
 * as the client had it when it asked (a line it has, a character up to that
 * line's length, start not after end). Returns the violations as text.
 */
import { isInside, Lines, Position, Range, rangeInside } from './lsp-document';

function isPositionShape(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}

function isRangeShape(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && isPositionShape((v as Range).start) && isPositionShape((v as Range).end);
}

/** The text (its lines) of each document the client has open, as it was when it asked; undefined for others. */
export type LinesOf = (uri: string) => Lines | undefined;

/**
 * Every range (`{ start, end }`) and position (`position`) in an answer,
 * walked generically: hovers, symbols, selection ranges, links, edits,
 * code actions, lenses, inlay hints, locations, the simulation's entities
 * and findings. A `uri` or `targetUri` (a location, a topology node, a
 * finding) or a WorkspaceEdit's `changes` key switches to that document's
 * lines; places in documents the client does not have open are skipped.
 */
function walk(v: unknown, uri: string, lines: Lines, path: string, out: string[], linesOf: LinesOf): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, uri, lines, `${path}[${i}]`, out, linesOf));
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  const o = v as Record<string, unknown>;
  for (const key of ['uri', 'targetUri']) {
    const other = o[key];
    if (typeof other !== 'string' || other === uri) continue;
    const theirs = linesOf(other);
    if (!theirs) return;
    [uri, lines] = [other, theirs];
  }
  if (isRangeShape(v)) {
    if (!rangeInside(lines, v)) out.push(`${path} ${JSON.stringify(v)}`);
    return;
  }
  for (const [k, x] of Object.entries(o)) {
    if (k === 'changes' && typeof x === 'object' && x !== null && !Array.isArray(x)) {
      for (const [u, edits] of Object.entries(x)) {
        const theirs = u === uri ? lines : linesOf(u);
        if (theirs) walk(edits, u, theirs, `${path}.changes[${u}]`, out, linesOf);
      }
      continue;
    }
    if (k === 'position' && isPositionShape(x)) {
      if (!isInside(lines, x)) out.push(`${path}.position ${JSON.stringify(x)}`);
      continue;
    }
    walk(x, uri, lines, `${path}.${k}`, out, linesOf);
  }
}

/** Folding ranges: lines the document has, start not after end. */
function foldingProblems(result: unknown, lines: Lines): string[] {
  const out: string[] = [];
  for (const [i, r] of (Array.isArray(result) ? result : []).entries()) {
    const { startLine, endLine } = r as { startLine: number; endLine: number };
    if (!(startLine >= 0 && endLine >= startLine && endLine < lines.starts.length)) out.push(`folding[${i}] ${JSON.stringify(r)}`);
  }
  return out;
}

/** Semantic tokens (relative encoding): each token on a line the document has, within that line. */
function tokenProblems(result: unknown, lines: Lines): string[] {
  const data = (result as { data?: number[] } | null)?.data ?? [];
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 5 <= data.length; i += 5) {
    const [dl, dc, length] = [data[i], data[i + 1], data[i + 2]];
    line += dl;
    character = dl === 0 ? character + dc : dc;
    if (line >= lines.starts.length || character + length > lines.lengths[line]) out.push(`token ${i / 5} at ${line}:${character} length ${length}`);
  }
  if (data.length % 5 !== 0) out.push(`semantic token data length ${data.length} is not a multiple of 5`);
  return out;
}

/** Document symbols: a symbol's selectionRange lies in its range (the specification's rule), recursively. */
function symbolProblems(result: unknown, path = 'symbol'): string[] {
  const out: string[] = [];
  for (const [i, s] of (Array.isArray(result) ? result : []).entries()) {
    const { range, selectionRange, children } = s as { range?: Range; selectionRange?: Range; children?: unknown[] };
    if (range && selectionRange && !(before(range.start, selectionRange.start) && before(selectionRange.end, range.end))) out.push(`${path}[${i}] selectionRange outside range`);
    if (children) out.push(...symbolProblems(children, `${path}[${i}].children`));
  }
  return out;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Everything wrong with the places in an answer to `method` about `uri`, for the texts the client had. */
export function placeProblems(method: string, result: unknown, uri: string, linesOf: LinesOf): string[] {
  const lines = linesOf(uri);
  if (!lines) return [`no text for ${uri}`];
  if (method === 'textDocument/foldingRange') return foldingProblems(result, lines);
  if (method.startsWith('textDocument/semanticTokens')) return tokenProblems(result, lines);
  const out: string[] = [];
  walk(result, uri, lines, method, out, linesOf);
  if (method === 'textDocument/documentSymbol') out.push(...symbolProblems(result));
  return out;
}

/** Published diagnostics (and their related places in this document) inside the document at their version. */
export function diagnosticProblems(diagnostics: { range: Range; code?: unknown; relatedInformation?: unknown[] }[], uri: string, lines: Lines): string[] {
  const out: string[] = [];
  for (const d of diagnostics) if (!rangeInside(lines, d.range)) out.push(`${String(d.code)} ${JSON.stringify(d.range)}`);
  walk(
    diagnostics.map((d) => d.relatedInformation ?? []),
    uri,
    lines,
    'relatedInformation',
    out,
    () => undefined,
  );
  return out;
}
