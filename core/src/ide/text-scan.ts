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

/** Mask of a line: which characters are code (not inside a string or a line comment). */
function codeEnd(line: string): { end: number; strings: [number, number][] } {
  const strings: [number, number][] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const s = i;
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      strings.push([s, i]);
    } else if (c === '#' || (c === '/' && line[i + 1] === '/')) {
      return { end: i, strings };
    }
  }
  return { end: line.length, strings };
}

function inStrings(strings: [number, number][], i: number): boolean {
  for (const [s, e] of strings) if (i >= s && i <= e) return true;
  return false;
}

const HEADER = /([A-Za-z_][A-Za-z0-9_.-]*)(?:\s+("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*))?\s*$/;

/** The blocks around `offset`, outermost first, found by scanning backwards. */
export function enclosingBlocks(text: string, offset: number): ScannedBlock[] {
  const out: ScannedBlock[] = [];
  let depth = 0;
  let lineEnd = offset;
  while (lineEnd >= 0) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd);
    const { end, strings } = codeEnd(line);
    for (let i = end - 1; i >= 0; i--) {
      const c = line.charCodeAt(i);
      if (c !== 123 && c !== 125) continue; // { }
      if (inStrings(strings, i)) continue;
      if (c === 125) depth++;
      else if (depth > 0) depth--;
      else {
        const m = HEADER.exec(line.slice(0, i));
        if (m) out.push({ kind: m[1], label: m[2]?.replace(/^"|"$/g, ''), open: lineStart + i });
        else out.push({ kind: '', open: lineStart + i });
      }
    }
    if (lineStart === 0) break;
    lineEnd = lineStart - 1;
  }
  return out.reverse();
}

export interface BodyContents {
  attributes: Set<string>;
  children: { kind: string; label?: string }[];
}

/** Attribute names and child blocks written directly in the block opened at `open`. */
export function blockBody(text: string, open: number): BodyContents {
  const attributes = new Set<string>();
  const children: { kind: string; label?: string }[] = [];
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
        if (w2 !== undefined && /^[A-Za-z_]/.test(w2) && w2 !== '=' && !isValueStart(words, last - 2)) children.push({ kind: w2, label: w1?.replace(/^"|"$/g, '') });
        else if (w1 !== undefined) children.push({ kind: w1 });
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

/** Names of the direct child blocks of one kind (containers of a kernel, volumes…). */
export function childLabels(text: string, open: number, kind: string): string[] {
  return blockBody(text, open)
    .children.filter((c) => c.kind === kind && c.label)
    .map((c) => c.label!);
}
