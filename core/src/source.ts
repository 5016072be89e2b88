/** A source file: text parsed once, with its line index. */
import { SourceFile } from './model/types';
import { parse } from './syntax/parser';
import { LineIndex } from './text/line-index';
import { DEFAULT_LIMITS } from './config';
import { FileNode } from './syntax/ast';

/** Strip a UTF-8 byte order mark: it is not part of the text. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function createSourceFile(uri: string, text: string, maxNestingDepth = DEFAULT_LIMITS.maxNestingDepth, maxFileSize = DEFAULT_LIMITS.maxFileSize): SourceFile {
  const ast: FileNode =
    text.length > maxFileSize
      ? { type: 'file', items: [], comments: [], errors: [], start: 0, end: text.length }
      : parse(text, { maxDepth: maxNestingDepth });
  return { uri, text, ast, lines: new LineIndex(text), imports: [] };
}
