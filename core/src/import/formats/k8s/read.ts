/**
 * Reading manifest values without trusting their types: a manifest is user
 * input, so `containers: 3` or `hostNetwork: "yes"` must give a not-imported
 * line, never a crash.
 */
import { isRecord } from '../../yaml-input';

export type Json = Record<string, unknown>;

export function rec(v: unknown): Json | undefined {
  return isRecord(v) ? v : undefined;
}

export function records(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** A string, or a number written where a string was meant (YAML reads `name: 1` as a number). */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(text).filter((s): s is string => s !== undefined) : [];
}

export function flag(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function integer(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/** Label and annotation maps: string values only (Kubernetes allows nothing else). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(rec(v) ?? {})) {
    const s = text(value);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** A name as a label our syntax can write: unique among `taken`, suffixed `-2`, `-3`… (the framework's scheme). */
export function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
  taken.add(name);
  return name;
}

/** Fields of `o` that should be booleans but are not: listed rather than read as false. */
export function notBooleans(o: Json, keys: string[], prefix = ''): { field: string; why: string }[] {
  return keys.filter((k) => o[k] !== undefined && typeof o[k] !== 'boolean').map((k) => ({ field: `${prefix}${k}`, why: `${JSON.stringify(o[k])?.slice(0, 40)} is not true or false` }));
}

/** A field that should be a list but is not. */
export function notList(o: Json, key: string, prefix = ''): { field: string; why: string }[] {
  return o[key] !== undefined && !Array.isArray(o[key]) ? [{ field: `${prefix}${key}`, why: 'not a list' }] : [];
}

/**
 * A Kubernetes name as a topology name: Kubernetes allows letters, digits,
 * `-` and `.`; anything else (a `/`, which separates entity ids) becomes `-`.
 * An empty name takes the fallback.
 */
export function safeName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '').trim().replace(/[^A-Za-z0-9._-]/g, '-');
  return cleaned === '' || /^-+$/.test(cleaned) ? fallback : cleaned;
}
