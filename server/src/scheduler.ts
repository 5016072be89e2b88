/**
 * Coalescing work queue for diagnostics: edits mark roots dirty; one timer
 * runs the newest state. An edit that arrives while roots are pending just
 * restarts the timer — typing never builds a queue. Roots are processed one
 * per turn of the event loop, the edited one first, so a new edit (or a
 * completion request) gets in between.
 *
 * A run blocks the event loop for as long as it takes: when runs take
 * longer than the gap between two edits, running between keystrokes would
 * hold every keystroke's completion request behind a whole analysis of a
 * text already outdated (the typing benchmark, bench/typing.bench.ts,
 * measured 5.9 s completion p95 at 2k lines that way). Then the timer
 * waits for a pause in typing as long as the last run took (at most
 * MAX_QUIET_MS) before running — after any edit when runs are long
 * (LONG_RUN_MS; COLD_LONG_RUN_MS while only an open's run is known), since
 * the next keystroke is then likely to come while the run holds the
 * thread. "The last run" is the last edit's once one
 * has been timed: an open's cold whole-file analysis, another document's,
 * or one after a settings change says nothing of what the next keystroke's
 * run costs.
 */
import { performance as loop } from 'node:perf_hooks';

const MAX_QUIET_MS = 150;
/**
 * A run longer than this is waited for even on the first edit after a
 * pause: started at a burst's first keystroke, it holds the completions of
 * the keystrokes that follow (the typing benchmark's second burst at 100k
 * lines: completion p95 401 ms when the first keystroke ran at once).
 */
const LONG_RUN_MS = 50;
/**
 * Until an edit's run has been timed, the last run is an open's: cold (the
 * JIT not warm) and whole-file, several times what an edit's run costs (2k
 * lines: 100 ms against 15–40). Under this, the first edit runs at once
 * instead of waiting for a pause, so its own cost is timed from the first
 * keystroke on (bench/typing at 2k lines, first burst: settle 130–140 ms,
 * the pause waited for the open's 100 ms).
 */
const COLD_LONG_RUN_MS = 200;
/** How late a timer may fire, or how long the thread may be busy while it waits, before the thread counts as held (see onTimer). */
const LATE_MS = 50;

export class Coalescer {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Milliseconds the last run took, and when the last edit came. */
  private lastRun = 0;
  private lastAdd = 0;
  private lastEditAdd = -Infinity;
  private lastRunEnd = 0;

  constructor(
    private readonly work: (uri: string) => void,
    /** Delay before running, from how long the last run took. */
    private readonly delay: () => number,
  ) {}

  /**
   * Queue roots; the first ones are done first. `edited`: they changed by
   * an edit, so their run's duration is what the next keystroke's run will
   * cost; the first run of an opened file (a cold, whole-file analysis) or
   * one after a settings change is no measure of that once an edit's run
   * has been seen.
   */
  add(uris: string[], edited = false): void {
    if (edited) for (const u of uris) this.edited.add(u);
    const now = performance.now();
    // From the last edit or the end of the last run, whichever is later: an edit that waited behind a run is typing too.
    // An edit before any edit's run is timed: from the last edit only, since the runs so far (an open's) were nobody's typing.
    const gap = now - (edited && !this.editRunSeen ? this.lastEditAdd : Math.max(this.lastAdd, this.lastRunEnd));
    this.lastAdd = now;
    if (edited) this.lastEditAdd = now;
    this.typing = gap < this.lastRun || this.lastRun > (this.editRunSeen ? LONG_RUN_MS : COLD_LONG_RUN_MS);
    const before = [...this.dirty];
    this.dirty.clear();
    for (const u of uris) this.dirty.add(u);
    for (const u of before) this.dirty.add(u);
    this.arm();
  }

  remove(uri: string): void {
    this.dirty.delete(uri);
    this.edited.delete(uri);
  }

  get pending(): number {
    return this.dirty.size;
  }

  /** The last two edits came closer together than a run takes. */
  private typing = false;
  /** Queued roots that changed by an edit, and whether an edit's run has been timed yet. */
  private readonly edited = new Set<string>();
  private editRunSeen = false;
  /** When the armed timer should fire, the event loop's use when it was armed, and whether it was already put off once. */
  private due = 0;
  private armedUse = loop.eventLoopUtilization();
  private lateOnce = false;

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const quiet = this.typing ? Math.min(MAX_QUIET_MS, this.lastRun) : 0;
    const wait = Math.max(this.delay(), quiet);
    this.due = performance.now() + wait;
    this.armedUse = loop.eventLoopUtilization();
    this.timer = setTimeout(() => this.onTimer(wait), wait);
  }

  /**
   * The thread was held while the timer waited — it fired late, or the
   * event loop was busy for a good part of the wait (a garbage collection,
   * a long request, a simulation's results arriving from its worker): the
   * keystrokes sent meanwhile may still be unread, and Node runs due timers
   * before it reads input, so running now would analyse a text already
   * outdated while the client waits. Once, wait again as long (reading the
   * input first, whose edits re-arm the timer). Lateness alone missed the
   * worker's results: 130 ms of unboxing in a 150 ms wait fires the timer
   * only 10 ms late, and the typing benchmark's completion p95 at 20k lines
   * then went from 16–22 ms to 275–350 ms in about half the runs.
   */
  private onTimer(wait: number): void {
    const late = performance.now() - this.due > LATE_MS;
    const busy = loop.eventLoopUtilization(this.armedUse).active > LATE_MS;
    if (!this.lateOnce && (late || busy)) {
      this.lateOnce = true;
      this.due = performance.now() + wait;
      this.armedUse = loop.eventLoopUtilization();
      this.timer = setTimeout(() => this.onTimer(wait), wait);
      return;
    }
    this.lateOnce = false;
    this.run();
  }

  private run(): void {
    this.timer = undefined;
    if (this.running) return;
    const next = this.dirty.values().next();
    if (next.done) return;
    this.dirty.delete(next.value);
    const edited = this.edited.delete(next.value);
    this.running = true;
    const t0 = performance.now();
    try {
      this.work(next.value);
    } finally {
      this.running = false;
      this.lastRunEnd = performance.now();
      if (edited || !this.editRunSeen) this.lastRun = this.lastRunEnd - t0;
      if (edited) this.editRunSeen = true;
    }
    // One root per turn: anything that arrived meanwhile (edits, requests) goes first.
    if (this.dirty.size > 0 && !this.timer) setImmediate(() => this.timer === undefined && this.run());
  }
}
