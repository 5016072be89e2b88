/** Schema look-ups: every consumer goes through these, never through KINDS directly. */
import { distance } from 'fastest-levenshtein';
import { AttributeLookup, DefaultContext, defaultValue } from './defaults';
import { KINDS } from './kinds';
import { AttributeSpec, KindSpec } from './types';

export * from './types';
export * from './units';
export * from './patterns';
export * from './conversions';
export * from './defaults';
export { KINDS };

const kindByName = new Map<string, KindSpec>(KINDS.map((k) => [k.name, k]));
const attributeByKind = new Map<string, Map<string, AttributeSpec>>(KINDS.map((k) => [k.name, new Map(k.attributes.map((a) => [a.name, a]))]));
const childrenByKind = new Map<string, KindSpec[]>();
for (const k of KINDS) {
  for (const p of k.parents) {
    const list = childrenByKind.get(p) ?? [];
    list.push(k);
    childrenByKind.set(p, list);
  }
}

export function kindSpec(name: string): KindSpec | undefined {
  return kindByName.get(name);
}

export function attributeSpec(kind: string, name: string): AttributeSpec | undefined {
  const spec = attributeByKind.get(kind)?.get(name);
  if (spec) return spec;
  // Kinds whose attribute names are free (`labels`): every name takes the one free spec.
  const free = kindByName.get(kind)?.freeAttributes;
  return free ? { name, type: free.type, summary: free.summary, doc: free.doc } : undefined;
}

/** The default of `kind`'s attribute `name` for `block` (its label may imply it), in the resolved shape: see defaultValue. */
export function attributeDefault(kind: string, name: string, block?: DefaultContext): unknown {
  return defaultValue(attributeSpec(kind, name), block);
}

/** A kind whose attribute names are free (`labels`), where a quoted name (`"app.kubernetes.io/name"`) is allowed. */
export function hasFreeAttributes(kind: string): boolean {
  return kindByName.get(kind)?.freeAttributes !== undefined;
}

/**
 * The attribute is required and missing from `written` (the attributes of
 * a block, by canonical name, with their values): one rule for VMX108 and
 * for the model's "unknown" (a required value missing is unknown). A
 * `requiredUnless` attribute is not missing when all of those are written
 * with a true or non-zero value.
 */
export function requiredMissing(spec: AttributeSpec, written: AttributeLookup): boolean {
  if (!spec.required || written.has(spec.name)) return false;
  if (!spec.requiredUnless) return true;
  return !spec.requiredUnless.every((n) => {
    const v = written.get(n)?.value;
    return v === true || (typeof v === 'number' && v !== 0);
  });
}

/** Kinds that may appear directly in `parent` ('file' for the top level). */
export function childKinds(parent: string, parentLabel?: string): KindSpec[] {
  return (childrenByKind.get(parent) ?? []).filter((k) => {
    const labels = k.parentLabels?.[parent];
    return !labels || parentLabel === undefined || labels.includes(parentLabel);
  });
}

export function isEntityKind(kind: string): boolean {
  return kindByName.get(kind)?.entity === true;
}

/** The closest candidate within a small edit distance, for "did you mean …?". */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}
