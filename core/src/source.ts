/** A source file: text parsed once, on first use, with its line index. */
import { SourceFile } from './model/types';
import { parse } from './syntax/parser';
import { LineIndex } from './text/line-index';
import { DEFAULT_LIMITS } from './config';
import { FileNode } from './syntax/ast';
import { kindSpec } from './schema';
import { NAME_SEGMENT_SOURCE, NAME_SOURCE, STRING_SOURCE } from './syntax/token-patterns';

/** Strip a UTF-8 byte order mark: it is not part of the text. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The tree is built when first asked for, not here: an imported file that
 * turns out not to be a topology (a key, /etc/shadow) is refused before
 * its content is ever parsed, so no diagnostic can quote it.
 */
export function createSourceFile(uri: string, text: string, maxNestingDepth = DEFAULT_LIMITS.maxNestingDepth, maxFileSize = DEFAULT_LIMITS.maxFileSize): SourceFile {
  return sourceFileOf(uri, text, () => parse(text, { maxDepth: maxNestingDepth }), maxFileSize);
}

/**
 * A source file whose tree comes from elsewhere: already parsed, or built
 * on first use by `tree` (the server's incremental reparse of an edited
 * document, server/src/workspace.ts). The tree must be what `parse(text)`
 * gives. Past `maxFileSize` the file has no items, whatever `tree` is, and
 * `tree` is never called (the pipeline reports the size, VMX111).
 */
export function sourceFileOf(uri: string, text: string, tree: FileNode | (() => FileNode), maxFileSize = DEFAULT_LIMITS.maxFileSize): SourceFile {
  let ast: FileNode | undefined =
    text.length > maxFileSize ? { type: 'file', items: [], comments: [], errors: [], start: 0, end: text.length } : typeof tree === 'function' ? undefined : tree;
  const once = (): FileNode => (ast ??= (tree as () => FileNode)());
  return {
    uri,
    text,
    get ast() {
      return once();
    },
    lines: new LineIndex(text),
    imports: [],
  };
}

const BLANKS = /\s*/y;

/** The offset of the first character that is neither blank nor inside a comment (`#`, `//`, `/* … *\/`). */
function firstTokenOffset(text: string): number {
  let i = 0;
  while (i < text.length) {
    BLANKS.lastIndex = i;
    BLANKS.exec(text);
    i = BLANKS.lastIndex;
    if (i >= text.length) break;
    if (text[i] === '#' || text.startsWith('//', i)) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return i;
      i = close + 2;
    } else break;
  }
  return i;
}

const IMPORT_START = /import\s+"/y;
/** `kind label {` or `kind "label" {` or `kind {`, as the grammar's block rule reads it. */
const BLOCK_START = new RegExp(`(${NAME_SEGMENT_SOURCE})\\s*(?:${NAME_SOURCE}\\s*|${STRING_SOURCE}\\s*)?\\{`, 'y');
/** How far into the file the first item is looked for: a header is short. */
const HEADER_WINDOW = 4096;

/**
 * Whether a file starts like a topology: its first item (after blanks and
 * comments) is an `import "…"` or the header of a block of a kind the
 * schema knows. An empty file, or one of comments only, does too. Anything
 * else (an SSH key, /etc/shadow, a VMware .vmx, a .env file) is not parsed
 * as an import.
 */
export function startsLikeTopology(text: string): boolean {
  const at = firstTokenOffset(text);
  if (at >= text.length) return true;
  const head = text.slice(at, at + HEADER_WINDOW);
  IMPORT_START.lastIndex = 0;
  if (IMPORT_START.test(head)) return true;
  BLOCK_START.lastIndex = 0;
  const m = BLOCK_START.exec(head);
  return m !== null && kindSpec(m[1]) !== undefined;
}
