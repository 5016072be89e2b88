/**
 * Docker's sizes and CPU amounts, as the Docker CLI and compose read them
 * (go-units RAMInBytes): a number with an optional suffix `b k m g t p`,
 * case-insensitive, optionally followed by `b` or `ib` — every suffix is
 * binary (`512m` = 512 MiB, `1g` = `1gb` = 1 GiB); a bare number is bytes.
 */
import { FieldError } from './fields';

const FACTORS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Bytes of a Docker size (`512m`, `1g`, `1073741824`, a number). */
export function dockerBytes(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  if (typeof v !== 'string') throw new FieldError('expected a size such as 512m or 1g');
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([bkmgtp]?)(?:i?b)?\s*$/i.exec(v);
  if (!m) throw new FieldError(`"${v}" is not a Docker size (a number with b, k, m, g)`);
  return Math.floor(Number(m[1]) * FACTORS[m[2].toLowerCase()]);
}

/** CPUs of compose's `cpus` (`"0.5"`, `2`, `1.25`). */
export function dockerCpus(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new FieldError('expected a number of CPUs such as 0.5 or 2');
  return n;
}

/** The CFS period Docker and the kernel use when none is given (100 ms). */
export const DEFAULT_CFS_PERIOD_US = 100000;
