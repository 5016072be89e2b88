/**
 * libvirt's memory units (https://libvirt.org/formatdomain.html#memory-allocation):
 * `b`/`bytes`; `KB`, `MB`, `GB`, `TB` are powers of 1000; `k`/`KiB`, `M`/`MiB`,
 * `G`/`GiB`, `T`/`TiB` powers of 1024; no unit is KiB. The letter's case does
 * not matter (libvirt's virScaleInteger); P and E are read the same way.
 * Exact: the result is whole bytes, or undefined for anything else.
 */
const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

function unitFactor(unit: string): number | undefined {
  if (unit.trim() === '') return 1024;
  const u = unit.trim();
  if (/^(b|bytes)$/i.test(u)) return 1;
  const m = /^([kmgtpe])(ib|b)?$/i.exec(u);
  if (!m) return undefined;
  const power = POWERS[m[1].toLowerCase()];
  return m[2] !== undefined && m[2].toLowerCase() === 'b' ? 1000 ** power : 1024 ** power;
}

/** `value` in `unit` as bytes; undefined when the value is not a whole number or the unit is not libvirt's. */
export function libvirtBytes(value: string, unit: string | undefined): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const factor = unitFactor(unit ?? '');
  if (factor === undefined) return undefined;
  const bytes = Number(value.trim()) * factor;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
