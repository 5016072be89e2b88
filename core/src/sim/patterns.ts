/**
 * Workload patterns as functions of pattern time τ (seconds since the
 * workload started): the value at τ, and the exact integral over [a, b].
 * The engine works per CFS period and needs the *average* demand of each
 * period, so it integrates instead of sampling: a burst edge inside a
 * period is accounted to the microsecond, whatever the step.
 */
import { Pattern } from '../model/types';

const TWO_PI = 2 * Math.PI;

/** The pattern's value at pattern time τ ≥ 0 (never negative). */
export function patternAt(p: Pattern, tau: number): number {
  switch (p.type) {
    case 'constant':
      return p.value;
    case 'burst': {
      const phase = tau - Math.floor(tau / p.period) * p.period;
      return phase < p.duty * p.period ? p.peak : p.base;
    }
    case 'ramp':
      if (p.over <= 0 || tau >= p.over) return p.to;
      return p.from + ((p.to - p.from) * tau) / p.over;
    case 'sine':
      return Math.max(0, p.mean + p.amplitude * Math.sin((TWO_PI * tau) / p.period));
    case 'steps': {
      let v = 0;
      for (const [t, value] of p.points) {
        if (t > tau) break;
        v = value;
      }
      return v;
    }
  }
}

/** ∫₀^τ of the pattern (exact except a sine clipped at 0, which is integrated numerically). */
function primitive(p: Pattern, tau: number): number {
  switch (p.type) {
    case 'constant':
      return p.value * tau;
    case 'burst': {
      const high = p.duty * p.period;
      const cycles = Math.floor(tau / p.period);
      const phase = tau - cycles * p.period;
      return p.base * tau + (p.peak - p.base) * (cycles * high + Math.min(phase, high));
    }
    case 'ramp': {
      if (p.over <= 0) return p.to * tau;
      const t = Math.min(tau, p.over);
      const onRamp = p.from * t + ((p.to - p.from) * t * t) / (2 * p.over);
      return onRamp + (tau > p.over ? p.to * (tau - p.over) : 0);
    }
    case 'sine':
      return p.mean * tau + ((p.amplitude * p.period) / TWO_PI) * (1 - Math.cos((TWO_PI * tau) / p.period));
    case 'steps': {
      let sum = 0;
      for (let i = 0; i < p.points.length; i++) {
        const [t, v] = p.points[i];
        if (t >= tau) break;
        const next = i + 1 < p.points.length ? Math.min(p.points[i + 1][0], tau) : tau;
        sum += v * (next - t);
      }
      return sum;
    }
  }
}

/** Mean of the pattern over pattern times [a, b] (a < b). */
export function patternMean(p: Pattern, a: number, b: number): number {
  if (b <= a) return patternAt(p, a);
  if (p.type === 'constant') return p.value;
  if (p.type === 'sine' && p.amplitude > p.mean) return clippedSineMean(p, a, b);
  return Math.max(0, (primitive(p, b) - primitive(p, a)) / (b - a));
}

/** A sine whose trough dips below 0 is clipped there; Simpson's rule on 16 panels is within 0.1% for a period ≥ the interval. */
function clippedSineMean(p: Extract<Pattern, { type: 'sine' }>, a: number, b: number): number {
  const n = 16;
  const h = (b - a) / n;
  let s = patternAt(p, a) + patternAt(p, b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * patternAt(p, a + i * h);
  return (s * h) / 3 / (b - a);
}

/** True when the pattern never changes: the engine can skip re-evaluating it. */
export function isConstant(p: Pattern | undefined): boolean {
  return !p || p.type === 'constant' || (p.type === 'burst' && (p.peak === p.base || p.duty === 0)) || (p.type === 'sine' && p.amplitude === 0);
}

/**
 * The first pattern time in (a, b] at which `value(τ) > limit`, given that
 * it is not above at a and is above at b: bisection to 1 µs. Used for the
 * times of OOM kills and failed forks, which must not be rounded to a period.
 */
export function firstCrossing(value: (tau: number) => number, a: number, b: number, limit: number): number {
  let lo = a;
  let hi = b;
  for (let i = 0; i < 60 && hi - lo > 1e-7; i++) {
    const mid = (lo + hi) / 2;
    if (value(mid) > limit) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * A pattern compiled to one object shape (the model's patterns have five),
 * so the engine's per-period calls stay monomorphic — they run 10⁸ times
 * in a 20,000-host run.
 */
export class CompiledPattern {
  constructor(
    /** 0 constant, 1 burst, 2 ramp, 3 sine, 4 steps */
    readonly kind: number,
    readonly a: number,
    readonly b: number,
    readonly c: number,
    readonly d: number,
    readonly source: Pattern,
  ) {}
}

export function compilePattern(p: Pattern | undefined): CompiledPattern | null {
  if (!p) return null;
  switch (p.type) {
    case 'constant':
      return new CompiledPattern(0, p.value, 0, 0, 0, p);
    case 'burst':
      return isConstant(p) ? new CompiledPattern(0, p.duty === 0 ? p.base : p.peak, 0, 0, 0, p) : new CompiledPattern(1, p.base, p.peak, p.period, p.duty * p.period, p);
    case 'ramp':
      return new CompiledPattern(2, p.from, p.to, p.over, 0, p);
    case 'sine':
      return p.amplitude === 0 ? new CompiledPattern(0, Math.max(0, p.mean), 0, 0, 0, p) : new CompiledPattern(3, p.mean, p.amplitude, p.period, 0, p);
    case 'steps':
      return new CompiledPattern(4, 0, 0, 0, 0, p);
  }
}

/** Patterns whose mean the engine takes as a difference of primitives (and can reuse the previous period's end). */
export function integrable(cp: CompiledPattern): boolean {
  return cp.kind === 2 || cp.kind === 4 || (cp.kind === 3 && cp.b <= cp.a);
}

/** ∫₀^τ of an integrable compiled pattern. */
export function compiledPrimitive(cp: CompiledPattern, tau: number): number {
  return primitive(cp.source, tau);
}

export function compiledAt(cp: CompiledPattern, tau: number): number {
  if (cp.kind === 0) return cp.a;
  if (cp.kind === 2) return cp.c <= 0 || tau >= cp.c ? cp.b : cp.a + ((cp.b - cp.a) * tau) / cp.c;
  return patternAt(cp.source, tau);
}

export function compiledMean(cp: CompiledPattern, a: number, b: number): number {
  if (cp.kind === 0) return cp.a;
  if (b <= a) return compiledAt(cp, a);
  if (cp.kind === 1) {
    // Within one high or low phase (the common case for a period-long interval), no integration is needed.
    const period = cp.c;
    const cycles = Math.floor(a / period);
    const pa = a - cycles * period;
    const pb = b - cycles * period;
    if (pb <= period) {
      if (pb <= cp.d) return cp.b;
      if (pa >= cp.d) return cp.a;
    }
  }
  return patternMean(cp.source, a, b);
}
