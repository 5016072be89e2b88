/**
 * A worker's reply crosses the thread with its series in one transferred
 * Float64Array (sim/protocol.ts posted/received): the structured clone of
 * plain arrays made the receiving thread deserialize every point as a boxed
 * number (≈ 800 ms for a whole-file result of the 100k-line file).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { posted, received, receivedInSlices, WorkerReply } from '../../core/src/sim/protocol';
import { EntitySeries, SimulationResult } from '../../core/src/sim/types';

const series = (k: number): EntitySeries => ({
  cpuDemand: [0.5 * k, 1.25, -0, 3],
  cpuGranted: [0.5, 1, 2, 2.75],
  steal: [],
  throttled: [0, 0.5, 1, 0.25],
  memoryUsed: [1073741824, 1073741825.5, 2 ** 40, Number.MAX_SAFE_INTEGER],
  swapped: [],
});

function reply(): WorkerReply {
  const entity = (id: string, s?: EntitySeries) => ({ id, uri: 'file:///t.vmx', series: s }) as unknown as SimulationResult['entities'][number];
  const result = { version: 1, duration: 1, step: 0.01, seed: 1, entities: [entity('a', series(1)), entity('b'), entity('c', series(2))], findings: [], times: [0, 1, 2, 3] } as SimulationResult;
  return { type: 'done', result, diagnostics: [] };
}

test('posted() packs every series of a reply into one transferred buffer, and received() gives back what the engine made', () => {
  const original = reply();
  const { message, transfer } = posted(reply());
  assert.equal(transfer.length, 1);
  assert.equal(transfer[0].byteLength, 8 * (4 * 4 * 2), 'four non-empty series of four points, for two entities');
  // What the other thread gets: the message cloned, its buffer moved.
  const arrived = structuredClone(message, { transfer });
  assert.equal(transfer[0].byteLength, 0, 'transferred, not copied');
  const back = received(arrived);
  assert.deepEqual(back, original);
  assert.ok(Object.is((back as Extract<WorkerReply, { type: 'done' }>).result.entities[0].series!.cpuDemand[2], -0), 'bit for bit: -0 stays -0');
});

test('the series received are arrays of unboxed doubles', () => {
  setFlagsFromString('--allow-natives-syntax');
  const unboxedDoubles = new Function('a', 'return %HasDoubleElements(a)') as (a: number[]) => boolean;
  const { message, transfer } = posted(reply());
  const back = received(structuredClone(message, { transfer })) as Extract<WorkerReply, { type: 'done' }>;
  for (const e of back.result.entities) if (e.series) for (const xs of [e.series.cpuDemand, e.series.memoryUsed]) assert.ok(unboxedDoubles(xs));
});

test('a reply without series (progress, an error, seriesPoints 0) is posted as it is', () => {
  const progress: WorkerReply = { type: 'progress', fraction: 0.5 };
  assert.deepEqual(posted(progress), { message: { type: 'progress', fraction: 0.5 }, transfer: [] });
});

test('receivedInSlices() gives what received() gives, and lets the event loop turn while it unpacks a big reply', async () => {
  const big = (): WorkerReply => {
    const r = reply() as Extract<WorkerReply, { type: 'done' }>;
    const points = Array.from({ length: 200 }, (_, i) => i / 7);
    const s: EntitySeries = { cpuDemand: points, cpuGranted: points, steal: [], throttled: points, memoryUsed: points, swapped: [] };
    // 1,000 entities of 800 points: 800,000 points, four slices of 200,000.
    r.result.entities = Array.from({ length: 1000 }, (_, i) => ({ ...r.result.entities[0], id: `e${i}`, series: structuredClone(s) }));
    return r;
  };
  const expected = received((() => { const { message, transfer } = posted(big()); return structuredClone(message, { transfer }); })());
  const { message, transfer } = posted(big());
  let turns = 0;
  const ticking = setInterval(() => turns++, 0);
  const back = await receivedInSlices(structuredClone(message, { transfer }));
  clearInterval(ticking);
  assert.deepEqual(back, expected);
  assert.ok(turns >= 1, `the event loop turned ${turns} times while unpacking`);
});
