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

/** A queue whose runs cost `cost.ms` of busy thread each, and the runs it made. */
function costed(ms: number) {
  const cost = { ms };
  const runs: string[] = [];
  const q = new Coalescer((u) => {
    runs.push(u);
    busy(cost.ms);
  }, () => 1);
  return { q, runs, cost };
}

/** `keys` edits of root 'a', `gap` ms apart (`edited`: as didChange queues them). */
async function typeKeys(q: Coalescer, keys: number, gap: number, edited = true): Promise<void> {
  for (let i = 0; i < keys; i++) {
    q.add(['a'], edited);
    await sleep(gap);
  }
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

test("a slow run that is no edit's (an open, a settings change) does not make edits wait once an edit's run is timed", async () => {
  const { q, runs, cost } = costed(80);
  // The open: 80 ms, cold and whole-file.
  q.add(['a']);
  await sleep(200);
  // One edit after a pause: its run costs 5 ms, as an edit's run does once the file is analysed
  // (the open's 80 ms are under 200: this first edit runs at once, and is timed).
  cost.ms = 5;
  q.add(['a'], true);
  await sleep(150);
  assert.equal(runs.length, 2);
  // Edits 30 ms apart, each run 5 ms: every one runs (the 80 ms open no longer says runs are slow).
  await typeKeys(q, 5, 30);
  assert.equal(runs.length, 7);
  // A settings change re-analyses everything (80 ms) but is no edit: the edits typed right after it still run each.
  cost.ms = 80;
  q.add(['a']);
  await sleep(90);
  cost.ms = 5;
  await typeKeys(q, 5, 30);
  assert.equal(runs.length, 13);
});


test("but an edit whose own run is slow still makes the next edits wait for a pause", async () => {
  // The contrast to the test above: the same 80 ms run, from an edit this time, is what typing costs now.
  const { q, runs, cost } = costed(5);
  q.add(['a'], true);
  await sleep(60);
  cost.ms = 80;
  q.add(['a'], true);
  // Typing goes on right after that run.
  await sleep(90);
  assert.equal(runs.length, 2);
  cost.ms = 5;
  await typeKeys(q, 5, 30);
  assert.equal(runs.length, 2);
  await sleep(300);
  assert.equal(runs.length, 3);
});


test('when runs are long, even the first edit after a pause waits for the next keystroke before running', async () => {
  const { q, runs } = costed(60);
  q.add(['a'], true);
  await sleep(100);
  assert.equal(runs.length, 1);
  // A long pause, then a burst of three keystrokes 30 ms apart: run at once, the first would hold the next two.
  await sleep(300);
  await typeKeys(q, 3, 30);
  assert.equal(runs.length, 1);
  // The burst over: the newest state runs, once.
  await sleep(200);
  assert.equal(runs.length, 2);
});


test('a timer that fires late (the thread was held) waits once more before running, so input read meanwhile goes first', async () => {
  const runs: number[] = [];
  const q = new Coalescer(() => runs.push(performance.now()), () => 20);
  const t0 = performance.now();
  q.add(['a']);
  // The thread is held for 150 ms: the 20 ms timer fires 130 ms late.
  busy(150);
  await sleep(10);
  assert.equal(runs.length, 0, 'not run at the late firing');
  await sleep(60);
  assert.equal(runs.length, 1);
  assert.ok(runs[0] - t0 >= 160, `ran ${Math.round(runs[0] - t0)} ms after the edit: 150 held, then a second wait (20 ms, timers may fire a little early)`);
  // An edit that arrives in that second wait (as the input read after the stall would) re-arms as usual: one run, of it.
  q.add(['a']);
  busy(150);
  await sleep(5);
  q.add(['a']);
  await sleep(100);
  assert.equal(runs.length, 2);
});

test('a timer whose wait the thread spent busy (not late: a worker\'s results arriving) waits once more before running', async () => {
  // An edit's run is timed at 200 ms, so the next edit waits for a 150 ms pause.
  const { q, runs } = costed(200);
  q.add(['a'], true);
  await sleep(250);
  assert.equal(runs.length, 1);
  runs.length = 0;
  const t0 = performance.now();
  q.add(['a'], true);
  // 30 ms into the wait, the thread is held for 125 ms (until 155): the timer, due at 150, fires only ~5 ms late.
  await sleep(30);
  busy(125);
  await sleep(20);
  assert.deepEqual(runs, [], `ran ${Math.round(performance.now() - t0)} ms after the edit, right after the thread was held`);
  // The edit read after the hold re-arms as usual, and its state runs once, after a real pause.
  q.add(['a'], true);
  await sleep(400);
  assert.equal(runs.length, 1);
});

test("while only an open's run is known, a short one (under 200 ms) does not hold the first edit, which runs at once and is timed", async () => {
  const { q, runs, cost } = costed(120);
  // The open: 120 ms, cold and whole-file.
  q.add(['a']);
  await sleep(200);
  assert.equal(runs.length, 1);
  // The first keystroke after a pause runs without waiting for the next (its 10 ms are then what typing costs).
  cost.ms = 10;
  q.add(['a'], true);
  await sleep(40);
  assert.equal(runs.length, 2, 'the first edit ran at once');
  // A long open (300 ms) still makes the first edit wait for a pause: its run could hold the keystrokes after it.
  const slow = costed(300);
  slow.q.add(['a']);
  await sleep(400);
  slow.cost.ms = 10;
  slow.q.add(['a'], true);
  await sleep(40);
  assert.equal(slow.runs.length, 1, 'the first edit after a 300 ms open waits');
  await sleep(300);
  assert.equal(slow.runs.length, 2);
});
