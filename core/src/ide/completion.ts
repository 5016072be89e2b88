/**
 * Completion that knows where it is, from a cheap scan of the text around the
 * cursor (never a re-analysis): kinds allowed in the enclosing block,
 * attributes not yet set, values after `=`, units after a number, names in
 * container("…")/volume("…"), pattern parameters, block snippets with their
 * required attributes.
 */
import { AttributeSpec, attributeSpec, childKinds, kindSpec, KindSpec, PATTERNS, patternSpec, REFERENCE_CALLS, UNIT_DOCS, UNIT_KINDS, UnitKind } from '../schema';
import { Span } from '../syntax/ast';
import { blockBody, childLabels, enclosingBlocks, identifierBefore, isNameChar, lineStartBefore, ScannedBlock } from './text-scan';

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
 * How far back before the cursor the value patterns (units, lists, call
 * arguments) look. The regular expressions that read a value are not linear
 * on every input; on a window of this size their worst case stays in the
 * milliseconds, whatever the length of the line. A value longer than this is
 * completed from its last characters.
 */
const VALUE_WINDOW = 2048;

export function completeAt(text: string, offset: number): CompletionEntry[] {
  const lineStart = lineStartBefore(text, offset);
  const prefix = text.slice(lineStart, offset);
  const scan = scanPrefix(prefix);
  if (scan.comment) return [];
  const blocks = enclosingBlocks(text, offset);
  const inner = blocks[blocks.length - 1];

  // Inside a string: only container("…") / volume("…") names.
  const ref = referenceCallBefore(prefix);
  if (ref) return referenceNames(text, blocks, ref.callee, offset - ref.typed.length, offset);
  if (scan.string) return [];

  // Item boundary: after `{`, `;` or at line start.
  const segment = prefix.slice(Math.max(prefix.lastIndexOf('{'), prefix.lastIndexOf(';'), prefix.lastIndexOf('}')) + 1);
  const word = identifierTail(segment);
  const replace = { start: offset - word.length, end: offset };

  const assignment = assignmentIn(segment);
  if (assignment && inner) return valueCompletions(inner, assignment.name, assignment.value.slice(-VALUE_WINDOW), offset);

  // Anchored at the start and without nested repetition: linear.
  const header = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s+([A-Za-z_][A-Za-z0-9_-]*)?$/.exec(segment);
  if (header) {
    const spec = kindSpec(header[1]);
    if (spec?.label.t === 'enum') {
      const docs = spec.label.valueDocs;
      return spec.label.values.map((v) => ({ label: v, kind: 'value' as const, detail: `${spec.name} ${v}`, documentation: docs[v], insertText: v, replace }));
    }
    return [];
  }
  if (!/^\s*[A-Za-z0-9_.-]*$/.test(segment)) return [];
  if (!inner) {
    return [
      { label: 'topology', kind: 'snippet', detail: 'topology block', documentation: kindSpec('topology')!.doc, insertText: 'topology ${1:name} {\n\t$0\n}', snippet: true, replace },
      { label: 'import', kind: 'keyword', detail: 'import another .vmx file', insertText: 'import "${1:file.vmx}"', snippet: true, replace },
    ];
  }
  return itemCompletions(text, inner, replace);
}

/** One pass over the line before the cursor: does it end inside a string, or in a comment? */
function scanPrefix(prefix: string): { string: boolean; comment: boolean } {
  let inside = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (inside) {
      if (c === '\\') i++;
      else if (c === '"') inside = false;
    } else if (c === '"') inside = true;
    else if (c === '#' || (c === '/' && prefix[i + 1] === '/')) return { string: false, comment: true };
  }
  return { string: inside, comment: false };
}

/** `container("na|` or `volume( "na|`: the callee and the name typed so far (after the last quote). */
function referenceCallBefore(prefix: string): { callee: string; typed: string } | undefined {
  const quote = prefix.lastIndexOf('"');
  if (quote < 0) return undefined;
  let i = quote;
  while (i > 0 && /\s/.test(prefix[i - 1])) i--;
  const paren = i - 1;
  if (prefix[paren] !== '(') return undefined;
  for (const callee of ['container', 'volume']) {
    const start = paren - callee.length;
    // `\b(container|volume)\(`: the callee is a whole word (myvolume( is not volume().
    if (start >= 0 && prefix.startsWith(callee, start) && !/\w/.test(prefix[start - 1] ?? '')) return { callee, typed: prefix.slice(quote + 1) };
  }
  return undefined;
}

/** The partial name before the cursor: the longest tail that is an identifier (`[A-Za-z_][A-Za-z0-9_.-]*`), or ''. */
function identifierTail(segment: string): string {
  const id = identifierBefore(segment, segment.length, isNameChar);
  return id && id.start + id.name.length === segment.length ? id.name : '';
}

/** `name = value…` in the item before the cursor: the first `=` preceded by a name. */
function assignmentIn(segment: string): { name: string; value: string } | undefined {
  for (let eq = segment.indexOf('='); eq >= 0; eq = segment.indexOf('=', eq + 1)) {
    const name = identifierBefore(segment, eq, isNameChar);
    if (!name) continue;
    let v = eq + 1;
    while (v < segment.length && /\s/.test(segment[v])) v++;
    return { name: name.name, value: segment.slice(v) };
  }
  return undefined;
}

function itemCompletions(text: string, inner: ScannedBlock, replace: Span): CompletionEntry[] {
  const spec = kindSpec(inner.kind);
  if (!spec) return [];
  const body = blockBody(text, inner.open);
  const out: CompletionEntry[] = [];
  for (const a of spec.attributes) {
    if (body.attributes.has(a.name) || a.aliasOf) continue;
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
  for (const k of childKinds(inner.kind, inner.label)) {
    if (k.single && body.children.some((c) => c.kind === k.name)) continue;
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

function valueCompletions(inner: ScannedBlock, name: string, valueText: string, offset: number): CompletionEntry[] {
  const spec = attributeSpec(inner.kind, name);
  if (!spec) return [];
  const t = spec.type;

  // Inside a call's argument list: pattern parameters, or their values.
  const call = openCall(valueText);
  if (call) {
    const pattern = patternSpec(call.callee);
    if (!pattern) return [];
    const argText = call.argText;
    const paramValue = /([A-Za-z_]\w*)\s*=\s*([^,]*)$/.exec(argText);
    if (paramValue) {
      const p = pattern.parameters.find((x) => x.name === paramValue[1]);
      if (!p) return [];
      const unit: UnitKind = p.unit === 'time' ? 'time' : p.unit === 'ratio' ? 'ratio' : t.t === 'pattern' ? t.unit : 'count';
      return unitCompletions(paramValue[2], unit, offset);
    }
    const partial = /[A-Za-z_]\w*$|$/.exec(argText)![0];
    const used = new Set([...argText.matchAll(/([A-Za-z_]\w*)\s*=/g)].map((m) => m[1]));
    return pattern.parameters
      .filter((p) => !used.has(p.name) && !pattern.variadicPairs)
      .map((p, i) => ({ label: p.name, kind: 'parameter' as const, detail: pattern.signature, documentation: p.doc, insertText: `${p.name} = `, replace: { start: offset - partial.length, end: offset }, sortText: String(i) }));
  }

  // In a list: known names.
  if (t.t === 'names' && /\[[^\]]*$/.test(valueText)) {
    const partial = /[A-Za-z_][A-Za-z0-9_]*$|$/.exec(valueText)![0];
    const present = new Set(valueText.split(/[^A-Za-z0-9_]+/).filter(Boolean));
    return t.known
      .filter((k) => !present.has(k) || k === partial)
      .map((k) => ({ label: t.upper ? k.toUpperCase() : k, kind: 'value' as const, documentation: spec.valueDocs?.[k], insertText: t.upper ? k.toUpperCase() : k, replace: { start: offset - partial.length, end: offset } }));
  }

  // After a number: the units of the expected kind.
  const unitKind: UnitKind | undefined = t.t === 'quantity' || t.t === 'pattern' ? t.unit : t.t === 'ioLimit' ? 'rate' : undefined;
  if (/-?(?:\d+(?:\.\d*)?|\.\d+)[A-Za-z%]*$/.test(valueText)) {
    if (!unitKind) return [];
    const units = unitCompletions(valueText, unitKind, offset);
    if (t.t === 'ioLimit') units.push(...unitCompletions(valueText, 'iops', offset));
    return units;
  }
  if (/[^\s\w"-]\s*$/.test(valueText) && valueText.trim() !== '') return [];

  const partial = /[A-Za-z_][A-Za-z0-9_-]*$|$/.exec(valueText)![0];
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

function unitCompletions(valueText: string, kind: UnitKind, offset: number): CompletionEntry[] {
  const m = /(-?(?:\d+(?:\.\d*)?|\.\d+))([A-Za-z%]*)$/.exec(valueText);
  if (!m) return [];
  const typed = m[2];
  return Object.keys(UNIT_KINDS[kind].units)
    .filter((u) => u !== '')
    .map((u, i) => ({ label: u, kind: 'unit' as const, detail: UNIT_DOCS[u], insertText: u, replace: { start: offset - typed.length, end: offset }, sortText: String(i).padStart(2, '0') }));
}

/** The innermost call still open in the value text: `burst(base = 1, pe` → burst, "base = 1, pe". */
function openCall(valueText: string): { callee: string; argText: string } | undefined {
  let depth = 0;
  for (let i = valueText.length - 1; i >= 0; i--) {
    const c = valueText[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '[') depth = Math.max(0, depth - 1);
    else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = identifierBefore(valueText, i);
      if (!callee) return undefined;
      return { callee: callee.name, argText: valueText.slice(i + 1) };
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
function referenceNames(text: string, blocks: ScannedBlock[], callee: string, start: number, offset: number): CompletionEntry[] {
  const end = offset;
  const kernels = blocks.filter((b) => b.kind === 'host' || b.kind === 'vm' || b.kind === 'partition');
  const own = blocks.filter((b) => b.kind === 'container').pop();
  const pod = blocks.filter((b) => b.kind === 'pod').pop();
  const names: { name: string; where: string }[] = [];
  const scopes = callee === 'container' ? kernels.slice(-1) : [...(pod ? [pod] : []), ...[...kernels].reverse()];
  for (const k of scopes) {
    for (const n of childLabels(text, k.open, callee, callee === 'container' ? CGROUP_LEVELS : [])) {
      if (callee === 'container' && n === own?.label) continue;
      if (!names.some((x) => x.name === n)) names.push({ name: n, where: `${k.kind} ${k.label ?? ''}`.trim() });
    }
  }
  return names.map((n, i) => ({ label: n.name, kind: 'reference' as const, detail: `${callee} in ${n.where}`, insertText: n.name, replace: { start, end }, sortText: String(i).padStart(4, '0') }));
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
