/**
 * Real cgroup v1 groups for the kernel comparison tests: created under
 * `vmx-kernel-<pid>/` of each controller's hierarchy, removed afterwards
 * (tasks killed first: a cgroup with tasks cannot be removed).
 *
 * Only cgroup v1 is handled: the tests compare the simulator's `cgroup = v1`
 * semantics (raw cpu.shares, memory.limit_in_bytes, pids.max) with the
 * kernel that implements them. On a v2-only host, or without root, or with
 * a read-only cgroupfs, `unavailable()` says why and the tests skip.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CGROUP_ROOT = '/sys/fs/cgroup';
export type Controller = 'cpu' | 'cpuacct' | 'cpuset' | 'memory' | 'pids' | 'blkio';

/** Why the kernel comparison cannot run here, or undefined when it can. */
export function unavailable(controllers: Controller[]): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}): no cgroups`;
  if (process.getuid?.() !== 0) return 'not root: creating cgroups needs root';
  for (const c of controllers) {
    const dir = join(CGROUP_ROOT, c);
    if (!existsSync(join(dir, 'tasks'))) {
      return existsSync(join(CGROUP_ROOT, 'cgroup.controllers')) ? 'cgroup v2 (unified) host: these tests compare the cgroup v1 semantics' : `no cgroup v1 ${c} hierarchy at ${dir}`;
    }
  }
  // Writable? Try to create and remove a probe group in the first controller.
  const probe = join(CGROUP_ROOT, controllers[0], `vmx-kernel-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (e) {
    return `cannot create a cgroup in ${join(CGROUP_ROOT, controllers[0])}: ${(e as Error).message}`;
  }
  return undefined;
}

/** One test's groups: paths relative to `vmx-kernel-<pid>/<name>/` in each controller. */
export class V1Groups {
  private readonly made: string[] = [];
  readonly base: string;
  constructor(name: string) {
    this.base = `vmx-kernel-${process.pid}/${name}`;
  }

  path(controller: Controller, group = ''): string {
    return join(CGROUP_ROOT, controller, this.base, group);
  }

  /** Create `group` (and the parents it needs) in `controller`; settings written in order (they may depend on one another, memsw after memory). */
  make(controller: Controller, group: string, settings: [string, string | number][] = []): string {
    const dir = this.path(controller, group);
    // Record every level created, outermost first, so cleanup removes innermost first.
    const parts = join(this.base, group).split('/');
    for (let i = 1; i <= parts.length; i++) {
      const p = join(CGROUP_ROOT, controller, ...parts.slice(0, i));
      if (!existsSync(p)) {
        mkdirSync(p);
        this.made.push(p);
        // A new v1 cpuset starts with no CPUs and no memory nodes, and takes no task until given some: inherit the parent's.
        if (controller === 'cpuset') for (const f of ['cpuset.cpus', 'cpuset.mems']) writeFileSync(join(p, f), readFileSync(join(p, '..', f), 'utf8').trim());
      }
    }
    for (const [file, value] of settings) writeFileSync(join(dir, file), String(value));
    return dir;
  }

  /** Move a whole process (every thread) into the group. */
  enter(controller: Controller, group: string, pid: number): void {
    writeFileSync(join(this.path(controller, group), 'cgroup.procs'), String(pid));
  }

  read(controller: Controller, group: string, file: string): string {
    return readFileSync(join(this.path(controller, group), file), 'utf8').trim();
  }

  /** Kill what is left in the groups and remove them, innermost first. Never throws: cleanup must not hide the test's result. */
  remove(): void {
    for (const dir of [...this.made].reverse()) {
      try {
        for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      } catch {
        /* no such group */
      }
    }
    const deadline = Date.now() + 5000;
    for (const dir of [...this.made].reverse()) {
      for (;;) {
        try {
          rmdirSync(dir);
          break;
        } catch (e) {
          // EBUSY while killed tasks are still exiting: wait a little, bounded.
          if ((e as NodeJS.ErrnoException).code !== 'EBUSY' || Date.now() > deadline) break;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
    }
    // The per-process parent vmx-kernel-<pid>, when no other test still uses it.
    for (const c of ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'blkio'] as Controller[]) {
      const parent = join(CGROUP_ROOT, c, `vmx-kernel-${process.pid}`);
      try {
        if (existsSync(parent) && readdirSync(parent, { withFileTypes: true }).every((d) => !d.isDirectory())) rmdirSync(parent);
      } catch {
        /* still in use */
      }
    }
  }
}
