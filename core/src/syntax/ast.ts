/**
 * The syntax tree. Every node carries the offsets of its text (`start`
 * inclusive, `end` exclusive); `LineIndex` turns offsets into LSP positions
 * only when something (a diagnostic, a hover) needs them, which keeps the
 * tree small and the parser fast on 100k-line files.
 */

export interface Span {
  start: number;
  end: number;
}

export interface FileNode extends Span {
  type: 'file';
  items: ItemNode[];
  comments: CommentNode[];
  /** Syntax errors found while scanning and parsing (VMX100). */
  errors: SyntaxError[];
}

export type ItemNode = ImportNode | BlockNode | AttributeNode;

export interface ImportNode extends Span {
  type: 'import';
  /** The path as written, undefined when the string is missing. */
  path?: StringValue;
}

/** A block's label: a name (`web`), a string (`"my vm"`, quoted) or a whole number (`101`, as Proxmox names VMs; text "101", not quoted). */
export interface LabelNode extends Span {
  text: string;
  quoted: boolean;
}

export interface BlockNode extends Span {
  type: 'block';
  kind: string;
  kindSpan: Span;
  label?: LabelNode;
  items: ItemNode[];
  /** Offset of `{`; the header is kindSpan.start..openBrace+1. */
  openBrace: number;
  /** Offset of `}`, undefined when the block is not closed. */
  closeBrace?: number;
}

export interface AttributeNode extends Span {
  type: 'attribute';
  /** The name as written; a quoted one (`"app.kubernetes.io/name"`, only valid in labels) unquoted. */
  name: string;
  nameSpan: Span;
  /** The name was written as a string: a label key. Absent (not false) otherwise, so trees of plain files stay as they were. */
  quoted?: true;
  /** Undefined when the value is missing (already reported as VMX100). */
  value?: ValueNode;
}

export type ValueNode =
  | NumberValue
  | StringValue
  | BooleanValue
  | IdentValue
  | RangeValue
  | ListValue
  | CallValue;

export interface NumberValue extends Span {
  type: 'number';
  /** The numeric part as written (no unit). */
  value: number;
  /** The unit glued to the number (`GiB`, `m`, `%`), '' when bare. */
  unit: string;
  raw: string;
}

export interface StringValue extends Span {
  type: 'string';
  value: string;
}

export interface BooleanValue extends Span {
  type: 'boolean';
  value: boolean;
}

export interface IdentValue extends Span {
  type: 'ident';
  name: string;
}

export interface RangeValue extends Span {
  type: 'range';
  from: NumberValue;
  to: NumberValue;
}

export interface ListValue extends Span {
  type: 'list';
  items: ValueNode[];
}

export interface CallArgument extends Span {
  name?: string;
  nameSpan?: Span;
  value: ValueNode;
}

export interface CallValue extends Span {
  type: 'call';
  callee: string;
  calleeSpan: Span;
  args: CallArgument[];
  /** Span of the parenthesised argument list, `(` to `)` inclusive. */
  argsSpan: Span;
}

export interface CommentNode extends Span {
  text: string;
  block: boolean;
}

export interface SyntaxError extends Span {
  message: string;
  /** A mechanical repair (`16 GiB` → `16GiB`, a missing `}`), as offset edits; the pipeline turns it into a quick fix. */
  fix?: SyntaxFix;
}

export interface SyntaxFix {
  title: string;
  edits: { start: number; end: number; newText: string }[];
}

/** Header range of a block: kind and label, the part a diagnostic points at. */
export function blockHeaderSpan(block: BlockNode): Span {
  return { start: block.kindSpan.start, end: block.label ? block.label.end : block.kindSpan.end };
}
