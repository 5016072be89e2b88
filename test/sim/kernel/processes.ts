/**
 * The processes the kernel comparison runs inside its cgroups: busy loops,
 * a memory ramp, a forker. Each starts outside the groups and waits; the
 * test moves it in (so everything it then does is charged to the group) and
 * tells it to go. Lines on stdout are the protocol.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** A process with its stdout split into lines, and a way to wait for one. */
export class Child {
  readonly lines: string[] = [];
  private waiters: { match: RegExp; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: bigint }>;

  constructor(readonly proc: ChildProcess) {
    let buffer = '';
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => (w.match.test(line) ? (w.resolve(line), false) : true));
      }
    });
    // The exit time is taken at once, on the same monotonic clock a child reports its start with (process.hrtime).
    this.exited = once(proc, 'exit').then(([code, signal]) => ({ code, signal, at: process.hrtime.bigint() }));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  line(match: RegExp, timeoutMs = 20_000): Promise<string> {
    const seen = this.lines.find((l) => match.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${match} within ${timeoutMs} ms; got: ${this.lines.join(' | ')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  send(text: string): void {
    this.proc.stdin!.write(text);
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}

/** One busy loop: a shell spinning on `:`, one runnable task that never sleeps. */
export function busyLoop(): Child {
  return new Child(spawn('sh', ['-c', 'while :; do :; done'], { stdio: ['ignore', 'pipe', 'inherit'] }));
}

export const MiB = 1 << 20;

/**
 * A ramp of `mibPerTick` MiB every `tickMs` ms, by the wall clock: after the
 * go line, chunk k is allocated and written (every page touched, so it is
 * charged) at k × tickMs, and a late wake-up catches up at once — the
 * staircase follows the clock, not the scheduler. Prints `start <hrtime ns>`,
 * then `chunk <k> <hrtime ns>` once chunk k is written (stdout to a pipe is
 * synchronous on Linux, so the line is out before the next chunk is touched).
 */
export function memoryRamp(tickMs: number, mibPerTick = 1): Child {
  const script = `
const chunks = [];
process.stdin.once('data', () => {
  const t0 = process.hrtime.bigint();
  process.stdout.write('start ' + t0 + '\\n');
  const tick = () => {
    const due = Number((process.hrtime.bigint() - t0) / ${tickMs * 1e6}n) * ${mibPerTick};
    while (chunks.length < due) {
      const b = Buffer.allocUnsafe(${MiB});
      b.fill(1 + (chunks.length % 255));
      chunks.push(b);
      process.stdout.write('chunk ' + chunks.length + ' ' + process.hrtime.bigint() + '\\n');
    }
    setTimeout(tick, 1);
  };
  tick();
});
process.stdout.write('ready\\n');
`;
  return new Child(spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
}

/**
 * A single-threaded forker (perl: one task, fork(2)'s errors returned to it):
 * after the go line, `count` forks, each child exec'ing `sleep 30`; prints
 * `ok` or `fail <errno name>` per fork, then kills its children and prints
 * `done`. (A shell will not do: dash exits at the first failed fork, bash
 * retries each one for 15 s.)
 */
export function forker(count: number): Child {
  const script = `
$| = 1;
print "ready\\n";
<STDIN>;
my @kids;
for my $i (1..${count}) {
  my $pid = fork;
  if (!defined $pid) { print "fail ", ($!{EAGAIN} ? "EAGAIN" : "errno " . ($! + 0)), "\\n"; }
  elsif ($pid == 0) { exec 'sleep', '30'; exit 127; }
  else { push @kids, $pid; print "ok\\n"; }
}
kill 'KILL', @kids;
waitpid($_, 0) for @kids;
print "done\\n";
`;
  return new Child(spawn('perl', ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
}
