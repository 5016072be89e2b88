/**
 * How much to fuzz. `npm test` runs the CI-sized batch (scale 1, a fresh
 * seed each run, printed on failure by fast-check); `npm run fuzz` sets
 * VMX_FUZZ_SCALE for longer runs and VMX_FUZZ_SEED to replay one.
 */
import fc from 'fast-check';

const scale = Number(process.env.VMX_FUZZ_SCALE ?? '1');
const seedText = process.env.VMX_FUZZ_SEED;

export const FUZZ_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;

/** Runs for one property: the CI count times the scale. */
export function runs(ci: number): number {
  return Math.max(1, Math.round(ci * FUZZ_SCALE));
}

/** fast-check parameters: fixed seed when asked, else random (reported on failure). */
export function params<T>(numRuns: number): fc.Parameters<T> {
  const p: fc.Parameters<T> = { numRuns, endOnFailure: false };
  if (seedText !== undefined && seedText !== '') p.seed = Number(seedText);
  return p;
}

/** Count inputs across properties, so a run can say how many it tried. */
export const counted = { inputs: 0 };
