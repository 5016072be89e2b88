/**
 * The topology tree an importer or discovery builds: blocks, attributes and
 * the fields that were not imported, with the reason. It is printed as
 * topology text (print.ts) and then formatted by the editor's formatter, so
 * an import is always our own syntax, never a second writer of it.
 */

import { sizeLiteral } from '../schema/units';

/** A value as it will be written. `raw` is a number or quantity already in our syntax (`512MiB`, `0.5`, `0..3`). */
export type TreeValue =
  | { t: 'string'; value: string }
  | { t: 'word'; value: string }
  | { t: 'raw'; text: string }
  | { t: 'list'; items: TreeValue[] }
  | { t: 'call'; name: string; args: TreeValue[] };

export interface TreeAttribute {
  name: string;
  value: TreeValue;
  /** A short comment written after the value (where it came from, a conversion). */
  note?: string;
}

/** A field of the input that has no place in the topology, and why: written as `# not imported: FIELD — why`. */
export interface NotImported {
  field: string;
  why: string;
}

export interface TreeBlock {
  kind: string;
  /** An identifier, a number (a Proxmox VMID) or any string (quoted when it is not an identifier). */
  label?: string | number;
  /** Comment lines written above the block's header. */
  comments?: string[];
  attributes: TreeAttribute[];
  children: TreeBlock[];
  /** Fields of the input this block came from that were not imported. */
  notImported?: NotImported[];
  /** Comment lines written inside the block, after its attributes (unreadable parts of a discovery). */
  innerComments?: string[];
  /** Topology text copied as it is (hardware taken from `--like FILE`), written after the attributes. */
  verbatim?: string[];
}

export const str = (value: string): TreeValue => ({ t: 'string', value });
export const word = (value: string): TreeValue => ({ t: 'word', value });
export const raw = (text: string): TreeValue => ({ t: 'raw', text });
export const num = (value: number): TreeValue => ({ t: 'raw', text: formatNumber(value) });
export const bool = (value: boolean): TreeValue => ({ t: 'word', value: value ? 'true' : 'false' });
export const list = (items: TreeValue[]): TreeValue => ({ t: 'list', items });

export function block(kind: string, label?: string | number, attributes: TreeAttribute[] = [], children: TreeBlock[] = []): TreeBlock {
  return { kind, label, attributes, children };
}

export function attr(name: string, value: TreeValue, note?: string): TreeAttribute {
  return note === undefined ? { name, value } : { name, value, note };
}

/** A number as our syntax writes it: no exponent, no trailing zeros (`0.5`, `1073741824`). */
export function formatNumber(value: number): string {
  // String() writes integers below 1e21 exactly as toLocaleString does; toLocaleString costs ~0.1 ms a call here (Intl), 1.2 s of a 2,000-object kubectl List import.
  if (Number.isInteger(value) && Math.abs(value) < 1e21 && !Object.is(value, -0)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 });
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 9 });
}

/** Bytes exactly, as the language writes them (schema/units.ts `sizeLiteral`); unlimited is `max`. */
export function exactBytes(bytes: number): TreeValue {
  return Number.isFinite(bytes) ? raw(sizeLiteral(bytes)) : word('max');
}

/** CPUs exactly: whole CPUs as a number, fractions as milli-CPUs when exact (`500m`), else the decimal. */
export function exactCpus(cpus: number): TreeValue {
  if (!Number.isFinite(cpus)) return word('max');
  if (Number.isInteger(cpus)) return raw(formatNumber(cpus));
  const milli = cpus * 1000;
  if (Math.abs(milli - Math.round(milli)) < 1e-9) return raw(`${Math.round(milli)}m`);
  return raw(formatNumber(cpus));
}
