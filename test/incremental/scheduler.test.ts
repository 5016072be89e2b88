/**
 * The Coalescer waits for a pause in typing when its runs are slower than
 * the gap between edits (server/src/scheduler.ts): a slow run between two
 * keystrokes would hold the next keystroke's requests behind it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Coalescer } from '../../server/src/scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Blocks the thread for `ms`, as an analysis does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('with 60 ms runs, edits 10 ms apart run nothing until typing pauses, then run once', async () => {
  const runs: string[] = [];
  const q = new Coalescer((u) => {
    runs.push(u);
    busy(60);
  }, () => 1);
  // The first edit after a pause runs at once: nothing tells yet that runs are slow.
  q.add(['a']);
  await sleep(100);
  assert.deepEqual(runs, ['a']);
  // Now a run is known to take 60 ms, and the next edit comes ~40 ms after it ended: 15 edits
  // 10 ms apart (each gap shorter than a run) run nothing.
  for (let i = 0; i < 15; i++) {
    q.add(['a']);
    await sleep(10);
  }
  assert.deepEqual(runs, ['a']);
  // A pause as long as a run (60 ms, under the 150 ms cap): the newest state runs, once.
  await sleep(300);
  assert.deepEqual(runs, ['a', 'a']);
});

test('with fast runs, every edit runs after the given delay (no waiting for a pause)', async () => {
  let runs = 0;
  const q = new Coalescer(() => runs++, () => 1);
  for (let i = 0; i < 5; i++) {
    q.add(['a']);
    await sleep(15);
  }
  assert.equal(runs, 5);
});
