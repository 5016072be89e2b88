/**
 * The run settings of a simulation (duration, step, seed, period), derived
 * from the model's `simulate` block, the front end's options and the limits.
 * It lives in the model layer, not in sim/, because the model's own limit
 * check (limits.ts, VMX111 "too many steps") needs the same answer the
 * simulator uses, and the model must never import the simulator
 * (ARCHITECTURE.md, "Architecture invariants"). sim/index.ts re-exports it.
 */
import { CheckConfig } from '../config';
import { attributeSpec } from '../schema';
import { CFS_PERIOD } from '../schema/conversions';
import { Model } from './types';

/** Upper bound on periods simulated per run: longer runs use proportionally longer periods (bounded time and memory). */
export const MAX_TICKS = 100_000;

/** What a front end may override (the CLI's --duration, --step, --seed). */
export interface RunOverrides {
  duration?: number;
  step?: number;
  seed?: number;
}

/** The schema's default of a `simulate` attribute: the one place it is written (core/src/schema/kinds.ts). */
function simulateDefault(name: 'duration' | 'step' | 'seed'): number {
  return attributeSpec('simulate', name)!.default as number;
}

const positive = (v: unknown, d: number) => (typeof v === 'number' && isFinite(v) && v > 0 ? v : d);

/** Run settings: the period is the CFS period, longer only when a run would exceed the step budget. */
export function timing(model: Model, config: CheckConfig, options: RunOverrides) {
  const duration = positive(options.duration, positive(model.simulation.duration, simulateDefault('duration')));
  const step = positive(options.step, positive(model.simulation.step, simulateDefault('step')));
  const seed = typeof options.seed === 'number' && isFinite(options.seed) ? options.seed : (model.simulation.seed ?? simulateDefault('seed'));
  const limits = config.limits as unknown as Record<string, number | undefined>;
  const maxTicks = Math.min(MAX_TICKS, limits.maxSimulationSteps ?? Infinity);
  const entities = Math.max(1, model.entities.length);
  const workBound = Math.max(1, Math.floor((limits.maxSimulationWork ?? Infinity) / entities));
  let tick = Math.min(CFS_PERIOD, duration);
  const budget = Math.min(maxTicks, workBound);
  if (duration / tick > budget) tick = duration / budget;
  const ticks = Math.max(1, Math.ceil(duration / tick - 1e-9));
  return { duration, step, seed, tick, ticks };
}
