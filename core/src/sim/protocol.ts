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

/** The six series of an entity, in the order they are packed. */
const SERIES_FIELDS = ['cpuDemand', 'cpuGranted', 'steal', 'throttled', 'memoryUsed', 'swapped'] as const satisfies readonly (keyof EntitySeries)[];

/** An entity's series in transit: where its six series start in the reply's `seriesData`, and their lengths. */
interface PackedSeries {
  at: number;
  lengths: number[];
}

/** The series of a reply, each an EntitySeries or (in transit) a PackedSeries in its place. */
function seriesHolders(reply: HostsReply | WorkerReply): { series?: EntitySeries }[] {
  if (reply.type === 'hosts-done') return reply.outcomes.flatMap((o) => o.figures);
  if (reply.type === 'done') return reply.result.entities;
  return [];
}

/**
 * A reply as the worker posts it: every series of it in one Float64Array,
 * transferred, not copied. The structured clone of plain arrays made the
 * receiving thread deserialize each point as a boxed number and then copy
 * it unboxed — with the 100k-line file, a whole-file result (≈ 8,000
 * entities, 9.6 million points) held the server's thread ≈ 800 ms when it
 * arrived, in the middle of a person's typing (bench/typing: completion
 * p95 at 100k lines 560–875 ms in a third of the runs).
 */
export function posted<R extends HostsReply | WorkerReply>(reply: R): { message: R; transfer: ArrayBuffer[] } {
  const holders = seriesHolders(reply).filter((h) => h.series);
  if (holders.length === 0) return { message: reply, transfer: [] };
  let total = 0;
  for (const h of holders) for (const f of SERIES_FIELDS) total += h.series![f].length;
  const data = new Float64Array(total);
  let at = 0;
  for (const h of holders) {
    const packed: PackedSeries = { at, lengths: [] };
    for (const f of SERIES_FIELDS) {
      const xs = h.series![f];
      data.set(xs, at);
      at += xs.length;
      packed.lengths.push(xs.length);
    }
    (h as { series?: unknown }).series = packed;
  }
  return { message: Object.assign(reply, { seriesData: data }), transfer: [data.buffer] };
}

/**
 * A worker's reply as the engine made it: the series unpacked from the
 * reply's Float64Array into arrays of unboxed doubles (what the engine's
 * own arrays are: 8 bytes a point), and the entities' URIs interned
 * (text/intern.ts) — a new copy of the file's URI came with each entity.
 * Every receiver of a worker's reply calls this first.
 */
export function received<R extends HostsReply | WorkerReply>(reply: R): R {
  // Every entity's series, in one go.
  for (const _points of unpackAll(reply)) continue;
  if (reply.type === 'done') for (const e of reply.result.entities) e.uri = intern(e.uri);
  return reply;
}

/** Points unpacked per turn of the event loop by receivedInSlices: a millisecond or two of work. */
const POINTS_PER_SLICE = 200_000;

/**
 * received(), with the series unpacked a slice at a time, each in its own
 * turn of the event loop: for the server, whose thread answers a person's
 * keystrokes meanwhile (a whole-file result of the 100k-line file is 9.6
 * million points, ≈ 150 ms to unpack in one go).
 */
export async function receivedInSlices<R extends HostsReply | WorkerReply>(reply: R): Promise<R> {
  let points = 0;
  for (const n of unpackAll(reply)) {
    points += n;
    if (points >= POINTS_PER_SLICE) {
      points = 0;
      await new Promise((r) => setImmediate(r));
    }
  }
  return received(reply);
}

/** Unpacks the reply's series from its `seriesData` in place, one entity at a time, yielding the points of each. */
function* unpackAll(reply: HostsReply | WorkerReply): Generator<number> {
  const data = (reply as { seriesData?: Float64Array }).seriesData;
  if (!data) return;
  delete (reply as { seriesData?: Float64Array }).seriesData;
  for (const h of seriesHolders(reply)) {
    if (!h.series) continue;
    const p = h.series as unknown as PackedSeries;
    h.series = unpacked(p, data);
    yield p.lengths.reduce((a, b) => a + b, 0);
  }
}

function unpacked(p: PackedSeries, data: Float64Array): EntitySeries {
  const out = {} as EntitySeries;
  let at = p.at;
  SERIES_FIELDS.forEach((f, i) => {
    // Sized once and filled with a fraction first, so the array's elements are doubles from the start: no
    // growing copies (push) and no change of element kind on the first fraction — half the time, and the garbage.
    const n = p.lengths[i];
    const xs = new Array<number>(n).fill(0.5);
    for (let k = 0; k < n; k++) xs[k] = data[at + k];
    at += n;
    out[f] = xs;
  });
  return out;
}
