/**
 * Walking every key of an input object so that none is dropped in silence
 * (DESIGN §7.1): each key of a mapping is mapped (a handler), not imported
 * (listed with a reason), or informational (ignored, and documented as such
 * on the format's page). A key the table does not know is listed too. The
 * compose, `docker inspect` and OCI importers share this one walker.
 */
import { NotImported } from '../tree';
import { isRecord } from '../yaml-input';

/** A key whose value is read into the topology. */
export type MapField = (value: unknown, field: string) => void;
/** What a table says about one key. */
export type FieldRule = MapField | { why: string } | typeof INFORMATIONAL;

/** Keys that describe the run, not the configuration (ids, timestamps, state): ignored, and listed on the format's doc page. */
export const INFORMATIONAL = Symbol('informational');

export const notImported = (why: string): { why: string } => ({ why });

/** A value a handler cannot read: the walker lists the field with the message instead of failing the import. */
export class FieldError extends Error {}

export interface WalkOptions {
  /** Skip values that carry nothing (null, '', 0, false, [], {}): `docker inspect` writes every field, set or not. */
  skipEmpty?: boolean;
  /** Why a key the table does not know is not imported. */
  unknownWhy?: string;
}

export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isRecord(v) && Object.keys(v).length === 0;
}

/** `prefix.key`, or `key` at the top. */
export function fieldName(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * Classifies every key of `object` by `rules`, calling handlers for mapped
 * ones and adding the rest to `out`. Keys are visited in sorted order, so
 * the comments come out the same whatever order the input had.
 */
export function walkFields(object: Record<string, unknown>, rules: Record<string, FieldRule>, out: NotImported[], prefix: string, options: WalkOptions = {}): void {
  for (const key of Object.keys(object).sort()) {
    const value = object[key];
    const field = fieldName(prefix, key);
    if (options.skipEmpty && isEmptyValue(value)) continue;
    const rule = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
    if (rule === INFORMATIONAL) continue;
    if (rule === undefined) {
      out.push({ field, why: key.startsWith('x-') ? 'an extension field (x-*): for other tools' : (options.unknownWhy ?? 'unknown to vmx import') });
    } else if (typeof rule === 'function') {
      try {
        rule(value, field);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        out.push({ field, why: `unreadable: ${e.message}` });
      }
    } else out.push({ field, why: rule.why });
  }
}

// Typed readers for handlers: a wrong type is a FieldError, which lists the field.

export function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new FieldError(`expected a string, found ${describe(v)}`);
}

export function asNumber(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v.trim())) return Number(v.trim());
  throw new FieldError(`expected a number, found ${describe(v)}`);
}

/** A whole number (a count, bytes, a UID): a fraction is a FieldError. */
export function asInteger(v: unknown): number {
  const n = asNumber(v);
  if (!Number.isSafeInteger(n)) throw new FieldError(`expected a whole number, found ${n}`);
  return n;
}

/** A UID as the kernel takes it (0–4294967294). */
export function asUid(v: unknown): number {
  const n = asInteger(v);
  if (n < 0 || n > 4294967294) throw new FieldError(`UID ${n} is outside 0–4294967294`);
  return n;
}

export function asBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new FieldError(`expected true or false, found ${describe(v)}`);
}

export function asRecord(v: unknown): Record<string, unknown> {
  if (isRecord(v)) return v;
  throw new FieldError(`expected a mapping, found ${describe(v)}`);
}

export function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new FieldError(`expected a list, found ${describe(v)}`);
}

export function asStringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return asList(v).map(asString);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return String(v);
}
