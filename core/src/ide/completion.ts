/**
 * Completion that knows where it is, from the tree around the cursor
 * (incremental/edited-tree.ts: the last whole-file tree plus the edited
 * block, never a re-analysis) and the tokens of the line before it: kinds
 * allowed in the enclosing block, attributes not yet set, values after `=`,
 * units after a number, names in container("…")/volume("…"), pattern
 * parameters, block snippets with their required attributes.
 */
import { IToken } from 'chevrotain';
import { CursorTree, Scope, treeAround } from '../incremental/edited-tree';
import { AttributeSpec, attributeSpec, childKinds, kindSpec, KindSpec, PATTERNS, patternSpec, REFERENCE_CALLS, UNIT_DOCS, UNIT_KINDS, UnitKind } from '../schema';
import { ItemNode, Span } from '../syntax/ast';
import { Comma, Equals, Identifier, LBrace, LBracket, LParen, NumberLiteral, RBrace, RBracket, RParen, Semicolon, StringLiteral } from '../syntax/tokens';
import { endOf, is, isWord, LineBefore, lineBefore } from './line-tokens';

export type CompletionKind = 'keyword' | 'block' | 'property' | 'value' | 'unit' | 'reference' | 'function' | 'parameter' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet (with ${1:…} placeholders) when `snippet` is set. */
  insertText: string;
  snippet?: boolean;
  /** The text it replaces (the partial word before the cursor). */
  replace: Span;
  sortText?: string;
}

/**
 * Completions at `offset`. `around` is the tree around the cursor (the
 * server passes the last tree plus the edited block); without it the text
 * is parsed.
 */
export function completeAt(text: string, offset: number, around?: CursorTree): CompletionEntry[] {
  const line = lineBefore(text, offset);
  if (line.comment) return [];
  const tree = around ?? treeAround(undefined, [], text, offset);
  // A block comment opened on an earlier line.
  if (tree.region.comments.some((c) => c.start < offset && offset < c.end)) return [];
  const scopes = tree.scopes;
  const inner = scopes[scopes.length - 1];

  // Inside a string: only container("…") / volume("…") names.
  if (line.openString !== undefined) {
    const callee = referenceCallee(line.tokens);
    return callee ? referenceNames(scopes, callee, line.lineStart + line.openString + 1, offset) : [];
  }

  // The item before the cursor: the tokens after the last `{`, `;` or `}` of the line.
  const segment = itemTokens(line.tokens);
  const segmentStart = segment.length > 0 ? segment[0].startOffset : line.text.length;
  const word = wordBefore(line, segment);
  const replace = { start: offset - word.length, end: offset };

  const eq = segment.findIndex((t, i) => is(t, Equals) && isWord(segment[i - 1]));
  if (eq > 0 && inner) return valueCompletions(inner, segment[eq - 1].image, segment.slice(eq + 1), line, offset);
  if (line.errorStarts.some((e) => e >= segmentStart && !(word.endsWith('.') && e === line.text.length - 1))) return [];

  // `kind |` or `kind la|`: an enum label.
  const header = segment.length === 2 ? word !== '' && is(segment[0], Identifier) && is(segment[1], Identifier) : segment.length === 1 && is(segment[0], Identifier) && word === '';
  if (header) {
    const spec = kindSpec(segment[0].image);
    if (spec?.label.t === 'enum') {
      const docs = spec.label.valueDocs;
      return spec.label.values.map((v) => ({ label: v, kind: 'value' as const, detail: `${spec.name} ${v}`, documentation: docs[v], insertText: v, replace }));
    }
    return [];
  }
  if (segment.length > 1 || (segment.length === 1 && word === '')) return [];
  if (!inner) {
    return [
      { label: 'topology', kind: 'snippet', detail: 'topology block', documentation: kindSpec('topology')!.doc, insertText: 'topology ${1:name} {\n\t$0\n}', snippet: true, replace },
      { label: 'import', kind: 'keyword', detail: 'import another .vmx file', insertText: 'import "${1:file.vmx}"', snippet: true, replace },
    ];
  }
  return itemCompletions(inner, replace);
}

/** Tokens after the last `{`, `;` or `}`. */
function itemTokens(tokens: IToken[]): IToken[] {
  let i = tokens.length;
  while (i > 0 && !is(tokens[i - 1], LBrace) && !is(tokens[i - 1], RBrace) && !is(tokens[i - 1], Semicolon)) i--;
  return tokens.slice(i);
}

/** The word that ends at the cursor ('' after a space or a symbol); a name being typed with its trailing '.' (`cpu.`) included. */
function wordBefore(line: LineBefore, segment: IToken[]): string {
  const last = segment[segment.length - 1];
  if (!isWord(last)) return '';
  const end = endOf(last);
  if (end === line.text.length) return last.image;
  return end === line.text.length - 1 && line.text.endsWith('.') && line.errorStarts.includes(end) ? `${last.image}.` : '';
}

/** `container("na|` or `volume( "na|`: the callee of the open string's call, when it is one of those. */
function referenceCallee(tokens: IToken[]): string | undefined {
  const n = tokens.length;
  if (!is(tokens[n - 2], LParen) || !is(tokens[n - 3], Identifier)) return undefined;
  const callee = tokens[n - 3].image;
  return REFERENCE_CALLS.some((r) => r.name === callee) ? callee : undefined;
}

function itemCompletions(inner: Scope, replace: Span): CompletionEntry[] {
  const spec = kindSpec(inner.kind);
  if (!spec) return [];
  // The item under the cursor is the one being typed (`memory|` reads as an attribute without value): not yet set.
  const written = inner.items.filter((i) => !(i.start < replace.end && replace.end <= i.end));
  const attributes = new Set(written.filter((i) => i.type === 'attribute').map((i) => i.name));
  const children = written.filter((i) => i.type === 'block');
  const out: CompletionEntry[] = [];
  for (const a of spec.attributes) {
    if (attributes.has(a.name) || a.aliasOf) continue;
    out.push({
      label: a.name,
      kind: 'property',
      detail: a.summary,
      documentation: a.doc,
      insertText: `${a.name} = ${valueSnippet(a)}`,
      snippet: true,
      replace,
      sortText: `${a.required ? '0' : '1'}${a.name}`,
    });
  }
  for (const k of childKinds(inner.kind, inner.label?.text)) {
    if (k.single && children.some((c) => c.kind === k.name)) continue;
    out.push({ label: k.name, kind: 'block', detail: k.summary, documentation: k.doc, insertText: blockSnippet(k), snippet: true, replace, sortText: `2${k.name}` });
  }
  return out;
}

/** A block with its label placeholder and its required attributes and children. */
export function blockSnippet(k: KindSpec): string {
  let n = 1;
  const label = k.label.t === 'none' ? '' : k.label.t === 'enum' ? ` \${${n++}|${k.label.values.join(',')}|}` : ` \${${n++}:name}`;
  const lines: string[] = [];
  for (const a of k.attributes) if (a.required) lines.push(`\t${a.name} = ${valueSnippet(a, n++)}`);
  for (const c of k.requiredChildren ?? []) {
    const cs = kindSpec(c);
    const req = cs?.attributes.filter((a) => a.required) ?? [];
    lines.push(`\t${c} {${req.map((a) => ` ${a.name} = \${${n++}:${exampleValue(a)}}`).join(';')} }`);
  }
  lines.push('\t$0');
  return `${k.name}${label} {\n${lines.join('\n')}\n}`;
}

function valueSnippet(a: AttributeSpec, n = 1): string {
  const t = a.type;
  if (t.t === 'enum') return `\${${n}|${t.values.join(',')}|}`;
  if (t.t === 'boolean') return `\${${n}|true,false|}`;
  if (t.t === 'string' || t.t === 'path') return `"\${${n}}"`;
  return `\${${n}:${exampleValue(a)}}`;
}

function exampleValue(a: AttributeSpec): string {
  const t = a.type;
  if (t.t === 'quantity' || t.t === 'pattern') return UNIT_KINDS[t.unit].example.split(/[ ,]/)[0];
  if (t.t === 'integer') return String(a.min !== undefined && a.min > 0 ? a.min : typeof a.default === 'number' ? a.default : 1);
  if (t.t === 'cpus') return '0..3';
  if (t.t === 'names') return `[${t.known[0] ?? ''}]`;
  return '';
}

function valueCompletions(inner: Scope, name: string, tokens: IToken[], line: LineBefore, offset: number): CompletionEntry[] {
  const spec = attributeSpec(inner.kind, name);
  if (!spec) return [];
  const t = spec.type;
  const atCursor = (tok: IToken | undefined): boolean => tok !== undefined && endOf(tok) === line.text.length;
  const last = tokens[tokens.length - 1];
  const partialWord = (tokens: IToken[]): string => {
    const w = tokens[tokens.length - 1];
    return isWord(w) && atCursor(w) ? w.image : '';
  };

  // Inside a call's argument list: pattern parameters, or their values.
  const call = openCall(tokens);
  if (call) {
    const pattern = patternSpec(call.callee);
    if (!pattern) return [];
    const args = call.args;
    // `name = value` after the last ',': the value of that parameter.
    const current = args.slice(lastIndex(args, (x) => is(x, Comma)) + 1);
    const eq = lastIndex(current, (x, i) => is(x, Equals) && is(current[i - 1], Identifier));
    if (eq > 0) {
      const p = pattern.parameters.find((x) => x.name === current[eq - 1].image);
      if (!p) return [];
      const unit: UnitKind = p.unit === 'time' ? 'time' : p.unit === 'ratio' ? 'ratio' : t.t === 'pattern' ? t.unit : 'count';
      return unitCompletions(current.slice(eq + 1), line, unit, offset);
    }
    const partial = partialWord(args);
    const used = new Set(args.filter((x, i) => is(x, Identifier) && is(args[i + 1], Equals)).map((x) => x.image));
    return pattern.parameters
      .filter((p) => !used.has(p.name) && !pattern.variadicPairs)
      .map((p, i) => ({ label: p.name, kind: 'parameter' as const, detail: pattern.signature, documentation: p.doc, insertText: `${p.name} = `, replace: { start: offset - partial.length, end: offset }, sortText: String(i) }));
  }

  // In a list: known names.
  if (t.t === 'names' && lastIndex(tokens, (x) => is(x, LBracket)) > lastIndex(tokens, (x) => is(x, RBracket))) {
    const partial = partialWord(tokens);
    const present = new Set(tokens.filter(isWord).map((x) => x.image));
    return t.known
      .filter((k) => !present.has(k) || k === partial)
      .map((k) => ({ label: t.upper ? k.toUpperCase() : k, kind: 'value' as const, documentation: spec.valueDocs?.[k], insertText: t.upper ? k.toUpperCase() : k, replace: { start: offset - partial.length, end: offset } }));
  }

  // After a number: the units of the expected kind.
  const unitKind: UnitKind | undefined = t.t === 'quantity' || t.t === 'pattern' ? t.unit : t.t === 'ioLimit' ? 'rate' : undefined;
  if (is(last, NumberLiteral) && atCursor(last)) {
    if (!unitKind) return [];
    const units = unitCompletions(tokens, line, unitKind, offset);
    if (t.t === 'ioLimit') units.push(...unitCompletions(tokens, line, 'iops', offset));
    return units;
  }
  // After a symbol (`)`, `,`, `..`) or a character the language does not know, nothing is a value.
  const lastError = line.errorStarts[line.errorStarts.length - 1];
  if ((last && !isWord(last) && !is(last, StringLiteral) && !is(last, NumberLiteral)) || (lastError !== undefined && (!last || lastError >= endOf(last)))) return [];

  const partial = partialWord(tokens);
  const replace = { start: offset - partial.length, end: offset };
  const out: CompletionEntry[] = [];
  const value = (v: string, doc?: string): void => void out.push({ label: v, kind: 'value', documentation: doc, insertText: v, replace });
  switch (t.t) {
    case 'enum':
      for (const v of t.values) value(v, spec.valueDocs?.[v]);
      break;
    case 'boolean':
      value('true');
      value('false');
      break;
    case 'namespace':
      value('private', spec.valueDocs?.private);
      value('host', spec.valueDocs?.host);
      out.push({ label: 'container("…")', kind: 'reference', documentation: spec.valueDocs?.container, insertText: 'container("$1")', snippet: true, replace });
      break;
    case 'mountSource':
      out.push({ label: 'volume("…")', kind: 'reference', documentation: REFERENCE_CALLS[1].doc, insertText: 'volume("$1")', snippet: true, replace });
      out.push({ label: '"/path"', kind: 'value', documentation: 'A path of the container’s kernel.', insertText: '"/${1:path}"', snippet: true, replace });
      break;
    case 'user':
      value('root', 'The superuser (UID 0).');
      break;
    case 'pattern':
      for (const p of PATTERNS) {
        out.push({ label: `${p.name}(…)`, kind: 'function', detail: p.signature, documentation: p.doc, insertText: patternSnippet(p.name, spec), snippet: true, replace });
      }
      break;
    case 'quantity':
      if (t.unlimited) value('max', 'No limit.');
      break;
    case 'names':
      out.push({ label: '[…]', kind: 'value', insertText: '[$1]', snippet: true, replace });
      break;
  }
  if (spec.valueSnippet && t.t !== 'pattern') out.push({ label: spec.valueSnippet.replace(/\$\{\d+:([^}]*)\}/g, '$1'), kind: 'snippet', insertText: spec.valueSnippet, snippet: true, replace });
  return out;
}

function patternSnippet(name: string, spec: AttributeSpec): string {
  if (spec.valueSnippet?.startsWith(`${name}(`)) return spec.valueSnippet;
  const p = patternSpec(name)!;
  if (p.variadicPairs) return `${name}([\${1:0s}, \${2:1}], [\${3:30s}, \${4:2}])`;
  const example = spec.type.t === 'pattern' ? UNIT_KINDS[spec.type.unit].example.split(/[ ,]/)[0] : '1';
  return `${name}(${p.parameters.map((x, i) => `${x.name} = \${${i + 1}:${x.unit === 'time' ? '10s' : x.unit === 'ratio' ? '20%' : example}}`).join(', ')})`;
}

/** Units after the number that ends at the cursor (`4G|` → the size units, replacing `G`). */
function unitCompletions(value: IToken[], line: LineBefore, kind: UnitKind, offset: number): CompletionEntry[] {
  const n = value[value.length - 1];
  if (!is(n, NumberLiteral) || endOf(n) !== line.text.length) return [];
  const typed = unitOf(n.image);
  return Object.keys(UNIT_KINDS[kind].units)
    .filter((u) => u !== '')
    .map((u, i) => ({ label: u, kind: 'unit' as const, detail: UNIT_DOCS[u], insertText: u, replace: { start: offset - typed.length, end: offset }, sortText: String(i).padStart(2, '0') }));
}

/** The unit glued to a number token: its letters and '%' after the last digit (`4GiB` → GiB, `1e3` → ''). */
function unitOf(image: string): string {
  let i = image.length;
  while (i > 0 && !(image.charCodeAt(i - 1) >= 48 && image.charCodeAt(i - 1) <= 57)) i--;
  return image.slice(i);
}

/** Index of the last token that satisfies `test`, or -1. */
function lastIndex(tokens: IToken[], test: (t: IToken, i: number) => boolean): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (test(tokens[i], i)) return i;
  return -1;
}

/** The innermost call still open in the value: `burst(base = 1, pe` → burst and the tokens after its '('. */
function openCall(value: IToken[]): { callee: string; args: IToken[] } | undefined {
  let depth = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const t = value[i];
    if (is(t, RParen) || is(t, RBracket)) depth++;
    else if (is(t, LBracket)) depth = Math.max(0, depth - 1);
    else if (is(t, LParen)) {
      if (depth > 0) {
        depth--;
        continue;
      }
      return isWord(value[i - 1]) ? { callee: value[i - 1].image, args: value.slice(i + 1) } : undefined;
    }
  }
  return undefined;
}

/** Blocks between a kernel and its containers (DESIGN §3.1): a kernel's containers are found inside them too. */
const CGROUP_LEVELS = ['group', 'pod'];

/**
 * Names for container("…") and volume("…"): containers of the same kernel
 * (in its groups and pods too), volumes of the container's pod, then of
 * this kernel and those around it.
 */
function referenceNames(scopes: Scope[], callee: string, start: number, offset: number): CompletionEntry[] {
  const end = offset;
  const kernels = scopes.filter((b) => b.kind === 'host' || b.kind === 'vm' || b.kind === 'partition');
  const own = scopes.filter((b) => b.kind === 'container').pop();
  const pod = scopes.filter((b) => b.kind === 'pod').pop();
  const names: { name: string; where: string }[] = [];
  const scopesToRead = callee === 'container' ? kernels.slice(-1) : [...(pod ? [pod] : []), ...[...kernels].reverse()];
  for (const k of scopesToRead) {
    for (const n of childLabels(k.items, callee, callee === 'container' ? CGROUP_LEVELS : [])) {
      if (callee === 'container' && n === own?.label?.text) continue;
      if (!names.some((x) => x.name === n)) names.push({ name: n, where: `${k.kind} ${k.label?.text ?? ''}`.trim() });
    }
  }
  return names.map((n, i) => ({ label: n.name, kind: 'reference' as const, detail: `${callee} in ${n.where}`, insertText: n.name, replace: { start, end }, sortText: String(i).padStart(4, '0') }));
}

/** Levels of `through` blocks looked into (groups in groups…), bounded. */
const MAX_THROUGH_DEPTH = 8;

/** Labels of the child blocks of one kind, and with `through`, of those inside child blocks of those kinds too (a kernel's containers in its groups and pods). */
function childLabels(items: readonly ItemNode[], kind: string, through: readonly string[], depth = 0): string[] {
  const out: string[] = [];
  for (const c of items) {
    if (c.type !== 'block') continue;
    if (c.kind === kind && c.label) out.push(c.label.text);
    else if (through.includes(c.kind) && depth < MAX_THROUGH_DEPTH) out.push(...childLabels(c.items, kind, through, depth + 1));
  }
  return out;
}

/**
 * A snippet as plain text, for clients without snippet support: each
 * placeholder becomes its default (`${1:name}` → `name`, `${1|a,b|}` → `a`,
 * `$1`, `${1}` and `$0` → nothing), and a block is written on one line
 * (`process name { target = "" }`). One line because such clients insert
 * completion text as it is, and Vim's completion writes a line break in it
 * as a NUL byte.
 */
export function snippetToPlainText(snippet: string): string {
  const text = snippet
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
  if (!text.includes('\n')) return text;
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  let out = '';
  for (const l of lines) {
    if (out === '') out = l;
    else out += out.endsWith('{') || l.startsWith('}') ? ` ${l}` : `; ${l}`;
  }
  return out;
}
