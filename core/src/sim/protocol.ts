/** Messages between a front end and the simulation worker (sim-worker.ts; plans run in sim/worker.ts, files as text in analysis-worker.ts). Plain data: structured-clone safe. */
import { CheckConfig } from '../config';
import { Diagnostic } from '../diagnostics/types';
import { HostOutcome } from './outcome';
import { EnginePlan } from './plan';
import { EntitySeries, SimulationResult } from './types';
import { intern } from '../text/intern';

/** A batch of planned hosts for a worker to run (simulateParallel). */
export interface HostsRequest {
  type: 'hosts';
  batch: number;
  plans: EnginePlan[];
  settings: { duration: number; tick: number; ticks: number; starvationGrantedFraction: number };
  points: number;
}

export interface HostsReply {
  type: 'hosts-done';
  batch: number;
  outcomes: HostOutcome[];
}

export interface WorkerRequest {
  type: 'run';
  /** The file to simulate, and every file it may import (by URI). */
  rootUri: string;
  files: { uri: string; text: string }[];
  /**
   * Import spellings that name a file of `files` by another URI (a symlink,
   * `sub/../a.vmx`): [spelling, the file's URI]. The worker cannot look at
   * the disk, so the front end that resolved the imports says which is which.
   */
  aliases?: [string, string][];
  config: CheckConfig;
  options: { duration?: number; seed?: number; step?: number; seriesPoints?: number };
}

export type WorkerReply =
  | { type: 'progress'; fraction: number }
  /** `diagnostics`: every diagnostic of the file, VMX4xx included, after suppressions and severities. */
  | { type: 'done'; result: SimulationResult; diagnostics: Diagnostic[] }
  | { type: 'error'; message: string };

/**
 * A worker's reply as compact as the worker made it. V8's structured-clone
 * deserializer gives every array object elements: each point of a series
 * arrives as a pointer to a boxed double, 24 bytes instead of 8 (with a
 * 100k-line file open, the simulation's series took 126 MB of the server's
 * heap). `map` copies a series into an array of unboxed doubles. Every
 * receiver of a worker's reply calls this first. The entities' URIs are
 * interned (text/intern.ts).
 */
export function received<R extends HostsReply | WorkerReply>(reply: R): R {
  if (reply.type === 'hosts-done') for (const o of reply.outcomes) for (const f of o.figures) if (f.series) f.series = unboxed(f.series);
  if (reply.type === 'done') {
    for (const e of reply.result.entities) {
      // A new copy of the file's URI came with each of thousands of entities.
      e.uri = intern(e.uri);
      if (e.series) e.series = unboxed(e.series);
    }
  }
  return reply;
}

const copy = (xs: number[]): number[] => xs.map((x) => x);

function unboxed(s: EntitySeries): EntitySeries {
  return { cpuDemand: copy(s.cpuDemand), cpuGranted: copy(s.cpuGranted), steal: copy(s.steal), throttled: copy(s.throttled), memoryUsed: copy(s.memoryUsed), swapped: copy(s.swapped) };
}
