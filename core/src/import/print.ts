/**
 * Prints a topology tree as topology text and formats it with the editor's
 * formatter. Labels that are not identifiers are quoted; strings are escaped
 * the way the lexer reads them; comments never carry a line break.
 */
import { formatText } from '../ide/format';
import { NotImported, TreeAttribute, TreeBlock, TreeValue } from './tree';
import { IS_NAME, IS_NAME_SEGMENT, KEYWORDS } from '../syntax/token-patterns';

/** The formatter's indentation unit (core/src/ide/format.ts's default). */
const INDENT = '  ';

/** A string literal our lexer reads back as `value`. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`;
}

/** A comment's text on one line: line breaks and control characters become spaces. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

export function labelText(label: string | number): string {
  if (typeof label === 'number') return String(label);
  return IS_NAME_SEGMENT.test(label) && !KEYWORDS.includes(label) ? label : quote(label);
}

/** An attribute name: dotted identifiers as they are (`cpu.max`), anything else quoted (a `labels` key such as "app.kubernetes.io/name"). */
export function attributeName(name: string): string {
  return IS_NAME.test(name) ? name : quote(name);
}

export function valueText(v: TreeValue): string {
  switch (v.t) {
    case 'string':
      return quote(v.value);
    case 'word':
    case 'raw':
      return v.t === 'word' ? v.value : v.text;
    case 'list':
      return `[${v.items.map(valueText).join(', ')}]`;
    case 'call':
      return `${v.name}(${v.args.map(valueText).join(', ')})`;
  }
}

export function notImportedLine(n: NotImported): string {
  return `# not imported: ${commentText(n.field)} — ${commentText(n.why)}`;
}

function attributeLine(a: TreeAttribute): string {
  const line = `${attributeName(a.name)} = ${valueText(a.value)}`;
  return a.note === undefined ? line : `${line} # ${commentText(a.note)}`;
}

function printBlock(b: TreeBlock, out: string[], depth: number): void {
  const pad = INDENT.repeat(depth);
  const inner = INDENT.repeat(depth + 1);
  for (const c of b.comments ?? []) out.push(`${pad}# ${commentText(c)}`);
  out.push(b.label === undefined ? `${pad}${b.kind} {` : `${pad}${b.kind} ${labelText(b.label)} {`);
  for (const a of b.attributes) out.push(inner + attributeLine(a));
  for (const line of b.verbatim ?? []) out.push(inner + line.trim());
  for (const n of b.notImported ?? []) out.push(inner + notImportedLine(n));
  for (const c of b.innerComments ?? []) out.push(`${inner}# ${commentText(c)}`);
  for (const child of b.children) printBlock(child, out, depth + 1);
  out.push(`${pad}}`);
}

/**
 * The tree as formatted topology text, with `header` comment lines on top.
 * The printer writes the formatter's layout itself (two spaces a level, one
 * item a line: the tests check formatText(output) === output), so a
 * 2,000-pod import is not parsed again only to be re-indented; text copied
 * verbatim (--like hardware, which may span lines) goes through the formatter.
 */
export function printTopology(root: TreeBlock, header: string[] = []): string {
  const out: string[] = header.map((h) => `# ${commentText(h)}`);
  printBlock(root, out, 0);
  const text = out.join('\n') + '\n';
  return hasVerbatim(root) ? formatText(text) : text;
}

function hasVerbatim(b: TreeBlock): boolean {
  return (b.verbatim?.length ?? 0) > 0 || b.children.some(hasVerbatim);
}

/** Every NotImported in the tree, depth first (the count `vmx import` prints on stderr). */
export function countNotImported(b: TreeBlock): number {
  return (b.notImported?.length ?? 0) + b.children.reduce((n, c) => n + countNotImported(c), 0);
}
