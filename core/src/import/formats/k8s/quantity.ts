/**
 * Kubernetes resource quantities (`500m`, `1.5`, `512Mi`, `1G`, `129e6`),
 * read exactly as the API server reads them: a decimal number with a binary
 * (`Ki`…`Ei`), decimal (`n u m k M G T P E`) or exponent (`e6`) suffix, kept
 * as a fraction of big integers so `0.1 + 0.2` CPUs is 300m, not 300.00…04m.
 * Values are then rounded UP, as Kubernetes' `Value()` and `MilliValue()` do.
 */

/** A non-negative rational number: num / den. */
export interface Quantity {
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, bigint> = { Ki: 2n ** 10n, Mi: 2n ** 20n, Gi: 2n ** 30n, Ti: 2n ** 40n, Pi: 2n ** 50n, Ei: 2n ** 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|[numkMGTPE])?$/;
/** Exponents beyond this would make huge big integers from a short string. */
const MAX_EXPONENT = 40;
/** Above 2^53 a value is not a resource anyone has, and no longer an exact JavaScript number. */
const MAX_VALUE = 2n ** 53n;

export const ZERO: Quantity = { num: 0n, den: 1n };

/** The quantity a manifest value means, or a reason it is not one. Numbers are read as YAML/JSON gave them. */
export function parseQuantity(value: unknown): Quantity | { error: string } {
  const text = typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined) return { error: 'not a quantity (a string such as "500m" or "512Mi")' };
  const m = QUANTITY.exec(text);
  if (!m || text.length > 64) return { error: `"${text.slice(0, 40)}" is not a Kubernetes quantity` };
  if (m[1] === '-') return { error: `"${text}" is negative` };
  const [whole, fraction = ''] = m[2].split('.');
  let num = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  let den = 1n;
  const suffix = m[3] ?? '';
  if (suffix in BINARY) num *= BINARY[suffix];
  else if (/^[eE][+-]?[0-9]/.test(suffix)) exponent += Number(suffix.slice(1));
  else exponent += DECIMAL[suffix];
  if (Math.abs(exponent) > MAX_EXPONENT) return { error: `"${text}" is out of range` };
  if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den = 10n ** BigInt(-exponent);
  if (num / den >= MAX_VALUE) return { error: `"${text}" is out of range` };
  return { num, den };
}

export function isQuantity(q: Quantity | { error: string }): q is Quantity {
  return 'num' in q;
}

/** JSON numbers as the decimal text Kubernetes would read (`1e+21` → `1e21`). */
function numberText(n: number): string {
  return String(n).replace('e+', 'e');
}

export function add(a: Quantity, b: Quantity): Quantity {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function compare(a: Quantity, b: Quantity): number {
  const d = a.num * b.den - b.num * a.den;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

export function max(a: Quantity, b: Quantity): Quantity {
  return compare(a, b) >= 0 ? a : b;
}

export function isZero(q: Quantity): boolean {
  return q.num === 0n;
}

/** ⌈q × scale⌉ as a number: Kubernetes' `Value()` (scale 1, bytes) and `MilliValue()` (scale 1000, milli-CPUs). */
export function ceilScaled(q: Quantity, scale: bigint): number {
  const n = q.num * scale;
  const whole = n / q.den;
  return Number(n % q.den === 0n ? whole : whole + 1n);
}

export const bytesOf = (q: Quantity): number => ceilScaled(q, 1n);
export const milliOf = (q: Quantity): number => ceilScaled(q, 1000n);
