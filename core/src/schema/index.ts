/** Schema look-ups: every consumer goes through these, never through KINDS directly. */
import { distance } from 'fastest-levenshtein';
import { KINDS } from './kinds';
import { AttributeSpec, KindSpec } from './types';

export * from './types';
export * from './units';
export * from './patterns';
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
  return attributeByKind.get(kind)?.get(name);
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
