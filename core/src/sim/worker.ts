/**
 * What a simulation worker does with a batch of planned hosts
 * (simulateParallel): run each plan and reduce it to its outcome. Sim only:
 * the input is already a plan, so nothing here parses or checks. The thread
 * entry is core/src/sim-worker.ts.
 */
import { runHost } from './engine';
import { outcomeOf } from './outcome';
import { HostsReply, HostsRequest } from './protocol';
import { RecordPool } from './record';

const pool = new RecordPool();

/** Run a batch of planned hosts and reduce each to its outcome (simulateParallel). */
export function runBatch(request: HostsRequest): HostsReply {
  const { settings, points } = request;
  let scratch = new Float64Array(settings.ticks);
  const outcomes = request.plans.map((plan) => {
    const rec = pool.take(plan.entityCount, settings.ticks);
    runHost(plan, rec, settings);
    if (scratch.length < settings.ticks) scratch = new Float64Array(settings.ticks);
    return outcomeOf(plan, rec, points, scratch);
  });
  pool.trim();
  return { type: 'hosts-done', batch: request.batch, outcomes };
}
