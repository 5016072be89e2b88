/**
 * How much to fuzz. `npm test` runs the CI-sized batch (scale 1, a fixed
 * seed); `npm run fuzz` sets VMX_FUZZ_SCALE for longer runs and
 * VMX_FUZZ_SEED (fresh each run, or given to replay one).
 */
import fc from 'fast-check';

const scale = Number(process.env.VMX_FUZZ_SCALE ?? '1');
const seedText = process.env.VMX_FUZZ_SEED;

export const FUZZ_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;

/** Runs for one property: the CI count times the scale. */
export function runs(ci: number): number {
  return Math.max(1, Math.round(ci * FUZZ_SCALE));
}

/**
 * The CI batch (`npm test`) uses a fixed seed: a gate must give the same
 * answer for the same code. `npm run fuzz` passes a fresh seed each run
 * (printed first) to explore; a failure found there is replayed with it.
 */
const CI_SEED = 20261122;

/** fast-check parameters: the given seed, else the CI seed (reported on failure either way). */
export function params<T>(numRuns: number): fc.Parameters<T> {
  return { numRuns, endOnFailure: false, seed: seedText !== undefined && seedText !== '' ? Number(seedText) : CI_SEED };
}

/** Count inputs across properties, so a run can say how many it tried. */
export const counted = { inputs: 0 };
