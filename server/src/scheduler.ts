/**
 * Coalescing work queue for diagnostics: edits mark roots dirty; one timer
 * runs the newest state. An edit that arrives while roots are pending just
 * restarts the timer — typing never builds a queue. Roots are processed one
 * per turn of the event loop, the edited one first, so a new edit (or a
 * completion request) gets in between.
 */
export class Coalescer {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly work: (uri: string) => void,
    /** Delay before running, from how long the last run took. */
    private readonly delay: () => number,
  ) {}

  /** Queue roots; the first ones are done first. */
  add(uris: string[]): void {
    const before = [...this.dirty];
    this.dirty.clear();
    for (const u of uris) this.dirty.add(u);
    for (const u of before) this.dirty.add(u);
    this.arm();
  }

  remove(uri: string): void {
    this.dirty.delete(uri);
  }

  get pending(): number {
    return this.dirty.size;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), this.delay());
  }

  private run(): void {
    this.timer = undefined;
    if (this.running) return;
    const next = this.dirty.values().next();
    if (next.done) return;
    this.dirty.delete(next.value);
    this.running = true;
    try {
      this.work(next.value);
    } finally {
      this.running = false;
    }
    // One root per turn: anything that arrived meanwhile (edits, requests) goes first.
    if (this.dirty.size > 0 && !this.timer) setImmediate(() => this.timer === undefined && this.run());
  }
}
