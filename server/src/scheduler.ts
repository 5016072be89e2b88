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
 * MAX_QUIET_MS) before running. "The last run" is the last edit's once one
 * has been timed: an open's cold whole-file analysis, another document's,
 * or one after a settings change says nothing of what the next keystroke's
 * run costs.
 */
const MAX_QUIET_MS = 150;

export class Coalescer {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Milliseconds the last run took, and when the last edit came. */
  private lastRun = 0;
  private lastAdd = 0;
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
    const gap = now - Math.max(this.lastAdd, this.lastRunEnd);
    this.lastAdd = now;
    this.typing = gap < this.lastRun;
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

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const quiet = this.typing ? Math.min(MAX_QUIET_MS, this.lastRun) : 0;
    this.timer = setTimeout(() => this.run(), Math.max(this.delay(), quiet));
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
