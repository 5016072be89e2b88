/**
 * Documentation in the format the client reads (LSP 3.17 `MarkupKind`):
 * markdown when the client lists it in `contentFormat` /
 * `documentationFormat`, else plain text — the markdown of the core's doc
 * texts with its syntax taken out (emphasis, code spans and fences,
 * headings, links, escapes), the words and line structure kept.
 */
import { MarkupContent, MarkupKind } from 'vscode-languageserver';

/** What a client's format list (`hover.contentFormat`, `…documentationFormat`) allows: markdown unless it lists only others. */
export function prefersMarkdown(formats: unknown): boolean {
  // LSP: the client's preferred format comes first. No list (older clients): markdown, as before.
  if (!Array.isArray(formats) || formats.length === 0) return true;
  const first = formats.find((f) => f === MarkupKind.Markdown || f === MarkupKind.PlainText);
  return first === MarkupKind.Markdown;
}

export function markup(markdown: string, asMarkdown: boolean): MarkupContent {
  return asMarkdown ? { kind: MarkupKind.Markdown, value: markdown } : { kind: MarkupKind.PlainText, value: toPlainText(markdown) };
}

/** Markdown → plain text: the words without the syntax. */
export function toPlainText(md: string): string {
  return md
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .map((line) =>
      line
        .replace(/^(\s*)#{1,6}\s+/, '$1')
        .replace(/^(\s*)[-*+]\s+/, '$1• ')
        .replace(/!?\[([^\]]*)\]\(([^)]*)\)/g, '$1')
        .replace(/`+([^`]*)`+/g, '$1')
        .replace(/(\*\*|__)(?=\S)([^*]*?\S)\1/g, '$2')
        .replace(/(^|[^\w*])[*_](?=\S)([^*_]*?\S)[*_](?=[^\w*]|$)/g, '$1$2')
        .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1'),
    )
    .join('\n');
}
