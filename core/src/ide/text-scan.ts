/**
 * Cheap scans of raw text, for completion while the user types: the text is
 * often broken mid-edit, and re-parsing a 20k-line file on every keystroke
 * would be too slow. They skip strings and comments and count braces.
 */

export interface ScannedBlock {
  kind: string;
  label?: string;
  /** Offset of the block's `{`. */
  open: number;
}

/** Offset where the line holding `offset` starts. At offset 0 it is 0, whatever the text starts with. */
export function lineStartBefore(text: string, offset: number): number {
  // lastIndexOf clamps a negative fromIndex to 0, so at offset 0 it would find a '\n' at 0 itself.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

interface LineCode {
  /** Offsets (in the line) of the `{` and `}` that are code: outside strings and before a line comment. */
  braces: number[];
  /** Closing-quote offset → opening-quote offset of every terminated string. */
  stringStarts: Map<number, number>;
}

/** One forward pass over a line: its code braces and its strings. */
function lineCode(line: string): LineCode {
  const braces: number[] = [];
  const stringStarts = new Map<number, number>();
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const s = i;
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      if (i < line.length) stringStarts.set(i, s);
    } else if (c === '#' || (c === '/' && line[i + 1] === '/')) {
      break;
    } else if (c === '{' || c === '}') {
      braces.push(i);
    }
  }
  return { braces, stringStarts };
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_');
/** Characters of a label word: letters, digits, `_`, `-`. */
const isLabelChar = (c: string | undefined): boolean => isIdentStart(c) || (c !== undefined && ((c >= '0' && c <= '9') || c === '-'));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** Characters of a kind or attribute name: a label word's, and `.` (cpu.weight). */
export const isNameChar = (c: string | undefined): boolean => isLabelChar(c) || c === '.';

/**
 * The identifier that ends at `end` (after optional white space), scanning
 * backwards: `[A-Za-z_][chars]*` where `chars` says which characters may
 * follow the first one. Linear, unlike an unanchored regex ending in `\s*$`,
 * which is quadratic on a long line.
 */
export function identifierBefore(text: string, end: number, chars: (c: string | undefined) => boolean = isLabelChar): { name: string; start: number } | undefined {
  let e = end;
  while (e > 0 && isSpace(text[e - 1])) e--;
  let s = e;
  while (s > 0 && chars(text[s - 1])) s--;
  // The leftmost start a regex would pick: the first letter or `_` of the run.
  while (s < e && !isIdentStart(text[s])) s++;
  return s < e ? { name: text.slice(s, e), start: s } : undefined;
}

/** A block header `kind [label]` ending at `end` of the line (the offset of its `{`), as the text reads. */
function headerBefore(line: string, end: number, stringStarts: Map<number, number>): { kind: string; label?: string } | undefined {
  let e = end;
  while (e > 0 && isSpace(line[e - 1])) e--;
  const labelStart = stringStarts.get(e - 1) ?? wordStart(line, e, isLabelChar);
  // A label is quoted, a name, or a number (`vm 101`, a Proxmox VMID).
  if (labelStart < e && (line[labelStart] === '"' || isIdentStart(line[labelStart]) || isDigit(line[labelStart])) && isSpace(line[labelStart - 1])) {
    const kind = identifierBefore(line, labelStart, isNameChar);
    if (kind && kind.start + kind.name.length < labelStart) return { kind: kind.name, label: line.slice(labelStart, e).replace(/^"|"$/g, '') };
  }
  const kind = identifierBefore(line, e, isNameChar);
  return kind && kind.start + kind.name.length === e ? { kind: kind.name } : undefined;
}

/** Start of the run of `chars` characters that ends at `end`. */
function wordStart(text: string, end: number, chars: (c: string | undefined) => boolean): number {
  let s = end;
  while (s > 0 && chars(text[s - 1])) s--;
  return s;
}

/** The blocks around `offset`, outermost first, found by scanning backwards. */
export function enclosingBlocks(text: string, offset: number): ScannedBlock[] {
  const out: ScannedBlock[] = [];
  let depth = 0;
  let lineEnd = offset;
  for (;;) {
    const lineStart = lineStartBefore(text, lineEnd);
    const line = text.slice(lineStart, lineEnd);
    const { braces, stringStarts } = lineCode(line);
    for (let b = braces.length - 1; b >= 0; b--) {
      const i = braces[b];
      if (line[i] === '}') depth++;
      else if (depth > 0) depth--;
      else {
        const header = headerBefore(line, i, stringStarts);
        out.push(header ? { kind: header.kind, label: header.label, open: lineStart + i } : { kind: '', open: lineStart + i });
      }
    }
    if (lineStart === 0) break;
    // The previous line ends at the '\n' before this one: strictly earlier, so the scan always ends.
    lineEnd = lineStart - 1;
  }
  return out.reverse();
}

export interface BodyContents {
  attributes: Set<string>;
  /** `open`: the offset of the child's '{'. */
  children: { kind: string; label?: string; open: number }[];
}

/** Attribute names and child blocks written directly in the block opened at `open`. */
export function blockBody(text: string, open: number): BodyContents {
  const attributes = new Set<string>();
  const children: { kind: string; label?: string; open: number }[] = [];
  let depth = 0;
  let i = open + 1;
  const n = text.length;
  let wordStart = -1;
  const words: string[] = [];
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      const s = i;
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (depth === 0) words.push(text.slice(s, i + 1));
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    const isWord = /[A-Za-z0-9_.\-%]/.test(c);
    if (isWord) {
      if (wordStart < 0) wordStart = i;
      i++;
      continue;
    }
    if (wordStart >= 0) {
      if (depth === 0) words.push(text.slice(wordStart, i));
      wordStart = -1;
    }
    if (c === '{') {
      if (depth === 0) {
        const last = words.length;
        const w1 = words[last - 1];
        const w2 = words[last - 2];
        if (w2 !== undefined && /^[A-Za-z_]/.test(w2) && w2 !== '=' && !isValueStart(words, last - 2)) children.push({ kind: w2, label: w1?.replace(/^"|"$/g, ''), open: i });
        else if (w1 !== undefined) children.push({ kind: w1, open: i });
      }
      depth++;
      words.length = 0;
    } else if (c === '}') {
      if (depth === 0) break;
      depth--;
      words.length = 0;
    } else if (c === '=' && depth === 0) {
      const w = words[words.length - 1];
      if (w) attributes.add(w);
      words.push('=');
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === ';' || c === ',') words.push(c);
    i++;
  }
  return { attributes, children };
}

function isValueStart(words: string[], index: number): boolean {
  return words[index - 1] === '=';
}

/** Levels of `through` blocks looked into (groups in groups…): each level scans its body again, so bounded. */
const MAX_THROUGH_DEPTH = 8;

/**
 * Names of the child blocks of one kind (containers of a kernel, volumes…),
 * and with `through`, of those inside child blocks of those kinds too (a
 * kernel's containers in its groups and pods).
 */
export function childLabels(text: string, open: number, kind: string, through: readonly string[] = [], depth = 0): string[] {
  const out: string[] = [];
  for (const c of blockBody(text, open).children) {
    if (c.kind === kind && c.label) out.push(c.label);
    else if (through.includes(c.kind) && depth < MAX_THROUGH_DEPTH) for (const n of childLabels(text, c.open, kind, through, depth + 1)) out.push(n);
  }
  return out;
}
