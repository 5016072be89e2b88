/**
 * Comparing one setting of a declared entity with the live one: resolved
 * (normalised) values, so `memory.max = 1GiB` equals the kernel's
 * 1073741824, `cpu.shares = 512` equals the weight it converts to, and an
 * absent attribute stands for its schema default. The text of a value is
 * shown as each file writes it.
 */
import { attributeDefault, CFS_PERIOD } from '../schema';
import { ResolvedAttribute, ResolvedBlock } from '../model/types';

function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Lists compare as sets (capabilities, CPUs); objects field by field; numbers with a rounding margin. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = (v: unknown) => JSON.stringify(v);
    const as = [...new Set(a.map(key))].sort();
    const bs = [...new Set(b.map(key))].sort();
    return as.length === bs.length && as.every((v, i) => v === bs[i]);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    // A user: root is root however written; else the uid when both know one, else the name.
    if ('isRoot' in ao && 'isRoot' in bo) {
      if (ao.isRoot || bo.isRoot) return ao.isRoot === bo.isRoot;
      if (ao.uid !== undefined && bo.uid !== undefined) return ao.uid === bo.uid;
      return ao.name === bo.name;
    }
    // A namespace: its mode, and for a joined one the container's name.
    if ('mode' in ao && 'mode' in bo) return ao.mode === bo.mode && ao.name === bo.name;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)].filter((k) => !k.endsWith('Span') && k !== 'target'));
    return [...keys].every((k) => sameValue(ao[k], bo[k]));
  }
  return a === b;
}

export interface Side {
  attribute?: ResolvedAttribute;
  value: unknown;
}

/** The attribute's value, or its kind's default when it is not written. */
export function sideOf(block: ResolvedBlock | undefined, kind: string, key: string): Side {
  const a = block?.attributes.get(key);
  if (a && !a.invalid) return { attribute: a, value: a.value };
  // The schema's default in the resolved shape (a user, a namespace mode, ∞ for an unset limit): the model's own.
  return { value: attributeDefault(kind, key, block) };
}

/** `cpu.max` written as "QUOTA PERIOD" keeps its period; the CPUs alone do not say the same limit. */
export function samePeriod(a: Side, b: Side): boolean {
  return (a.attribute?.period ?? CFS_PERIOD) === (b.attribute?.period ?? CFS_PERIOD);
}

/** How a side reads in a message: the value as written (`1GiB`; `cpu.shares = 512` for an alias), or "not set". */
export function sideText(side: Side, fileText: (a: ResolvedAttribute) => string): string {
  const a = side.attribute;
  if (!a) return 'not set';
  const text = fileText(a);
  return a.name === a.key ? text : `${a.name} = ${text}`;
}

/** The value of an attribute as its file writes it. */
export function writtenValue(a: ResolvedAttribute, text: string): string {
  const v = a.node.value;
  return v ? text.slice(v.start, v.end) : '';
}
