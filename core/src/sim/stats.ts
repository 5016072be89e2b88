/** Summaries (mean, p95, max) and down-sampled series of per-period samples. */
import { Summary } from './types';

/** Round to 6 decimals: readable JSON, and cheap (this runs a million times in a large run). */
const round = (v: number) => (isFinite(v) ? Math.round(v * 1e6) / 1e6 : v);

/**
 * Summary of the `count` samples `a[from + j * stride]`. p95 is the nearest-rank 95th
 * percentile, found by quickselect on a copy; a constant series (the
 * common case) skips the selection.
 */
export function summarize(a: Float64Array, from: number, count: number, stride: number, scratch: Float64Array, bytes = false): Summary {
  if (count <= 0) return { mean: 0, p95: 0, max: 0 };
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  const end = from + count * stride;
  for (let k = from; k < end; k += stride) {
    const v = a[k];
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  let p95 = max;
  if (min !== max) {
    const rank = Math.ceil(0.95 * count) - 1;
    const s = scratch.subarray(0, count);
    for (let j = 0, k = from; j < count; j++, k += stride) s[j] = a[k];
    p95 = select(s, rank);
  }
  // Bytes are whole; other figures keep 6 significant digits (readable, and stable across platforms).
  if (bytes) return { mean: Math.round(sum / count), p95: Math.round(p95), max: Math.round(max) };
  return { mean: round(sum / count), p95: round(p95), max: round(max) };
}

/** k-th smallest (0-based) by Hoare quickselect, in place. */
function select(s: Float64Array, k: number): number {
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const pivot = s[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (s[i] < pivot) i++;
      while (s[j] > pivot) j--;
      if (i <= j) {
        const t = s[i];
        s[i] = s[j];
        s[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return s[k];
  }
  return s[k];
}

export function sum(a: Float64Array, from: number, count: number, stride: number): number {
  let t = 0;
  const end = from + count * stride;
  for (let k = from; k < end; k += stride) t += a[k];
  return t;
}

/** Mean of each of `points` equal buckets of the samples (ratio: Σ num / Σ den per bucket). */
export function downsample(num: Float64Array, from: number, count: number, stride: number, points: number, den?: Float64Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < points; b++) {
    const lo = Math.floor((b * count) / points);
    const hi = Math.max(lo + 1, Math.floor(((b + 1) * count) / points));
    let n = 0;
    let d = 0;
    for (let k = lo; k < hi && k < count; k++) {
      n += num[from + k * stride];
      d += den ? den[from + k * stride] : 1;
    }
    out.push(d > 0 ? round(n / d) : 0);
  }
  return out;
}

export { round };
