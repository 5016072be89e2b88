/**
 * Discovery on THIS machine's real cgroups (cgroup v1, as root): the test
 * makes its own hierarchy under each of the cpu, memory, pids and cpuset
 * controllers — vmx-test-PID/demo.slice/docker-<64 hex>.scope — sets limits
 * on the scope, puts a real `sleep` into it, runs the built `vmx discover`
 * against `/`, and finds the container with exactly those values; then
 * `vmx drift` of that output finds nothing about it, and one changed limit
 * is one VMX503. Everything made is removed afterwards (the process killed,
 * the deepest cgroups first). Not root, or no writable v1 hierarchy: the
 * test fails in CI (where it must run) and elsewhere is skipped saying why.
 */
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { labelText } from '../../core/src/import/print';
import { requireKernel, runCli } from '../helpers';
import { blockLines, entityIds } from './helpers';

const CG = '/sys/fs/cgroup';
const CONTROLLERS = ['cpu', 'memory', 'pids', 'cpuset'];
const BASE = `vmx-test-${process.pid}`;
// A letter first, so the 12-character name is an identifier, as most are.
const ID = 'a' + randomBytes(32).toString('hex').slice(1);
const SHORT = ID.slice(0, 12);
const SCOPE = `${BASE}/demo.slice/docker-${ID}.scope`;
const LEVELS = [BASE, `${BASE}/demo.slice`, SCOPE];

function whyNot(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux: no cgroups';
  if (process.getuid?.() !== 0) return 'not root: cannot create cgroups';
  if (existsSync(`${CG}/cgroup.controllers`)) return 'cgroup v2 machine: this test writes the v1 files (cfs_quota_us, limit_in_bytes) of cgroup v1 hierarchies';
  const missing = CONTROLLERS.filter((c) => !existsSync(`${CG}/${c}/cgroup.procs`));
  if (missing.length) return `no cgroup v1 hierarchy for ${missing.join(', ')} under ${CG}`;
  return undefined;
}

function write(ctrl: string, path: string, file: string, value: string): void {
  writeFileSync(`${CG}/${ctrl}/${path}/${file}`, value);
}

function removeAll(): void {
  for (const ctrl of CONTROLLERS) {
    for (const level of [...LEVELS].reverse()) {
      const dir = `${CG}/${ctrl}/${level}`;
      // A killed process leaves its cgroup a moment later: a few tries.
      for (let i = 0; i < 50 && existsSync(dir); i++) {
        try {
          rmdirSync(dir);
        } catch {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
    }
  }
}

test('real cgroups (v1): a docker-like scope with its limits and its process is discovered exactly, and drifts only where the file is changed', async (t) => {
  requireKernel(whyNot());
  let sleeper: ChildProcess | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'vmx-real-cgroups-'));
  try {
    try {
      for (const ctrl of CONTROLLERS) for (const level of LEVELS) mkdirSync(`${CG}/${ctrl}/${level}`);
    } catch (e) {
      requireKernel(`cgroups not writable: ${(e as NodeJS.ErrnoException).code}`);
      throw e;
    }
    // cpuset needs CPUs and memory nodes at every level before a process may join.
    const mems = readFileSync(`${CG}/cpuset/cpuset.mems`, 'utf8').trim();
    const cpus = readFileSync(`${CG}/cpuset/cpuset.cpus`, 'utf8').trim();
    for (const level of LEVELS) {
      write('cpuset', level, 'cpuset.cpus', level === SCOPE ? '0' : cpus);
      write('cpuset', level, 'cpuset.mems', mems);
    }
    write('cpu', SCOPE, 'cpu.cfs_period_us', '100000');
    write('cpu', SCOPE, 'cpu.cfs_quota_us', '50000');
    write('cpu', SCOPE, 'cpu.shares', '512');
    write('memory', SCOPE, 'memory.limit_in_bytes', '268435456');
    write('pids', SCOPE, 'pids.max', '64');
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((resolve, reject) => sleeper!.once('spawn', resolve).once('error', reject));
    for (const ctrl of CONTROLLERS) write(ctrl, SCOPE, 'cgroup.procs', String(sleeper.pid));

    const r = runCli(['discover']);
    assert.equal(r.status, 0, r.stderr);
    // The machine itself: the kernel's MemTotal in exact KiB, cgroup v1 (whyNot checked there is no v2 root).
    const kb = Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    const memory = kb % 1024 ** 2 === 0 ? `${kb / 1024 ** 2}GiB` : kb % 1024 === 0 ? `${kb / 1024}MiB` : `${kb}KiB`;
    assert.match(r.stdout, new RegExp(`^    memory = ${memory}$`, 'm'));
    assert.match(r.stdout, /^ {6}cgroup = v1$/m);
    const c = blockLines(r.stdout, `container ${labelText(SHORT)} {`);
    // 50000 / 100000 µs = 0.5 CPU; 268435456 B = 256 MiB; shares written raw on v1; the scope's own cpuset.
    for (const line of ['cpu.max = 500m', 'cpu.shares = 512', 'memory.max = 256MiB', 'pids.max = 64', 'cpuset.cpus = "0"', 'user = root', 'engine = "docker"', `id = "${ID}"`, `cgroup = "/${SCOPE}"`])
      assert.ok(c.includes(line), `${line} in:\n${c.join('\n')}`);
    // Nested as in the tree: group vmx-test-PID → group demo.slice → the container. The levels without limits carry none.
    const id = entityIds(r.stdout).find((e) => e.endsWith(`/${BASE}/demo.slice/${SHORT}`));
    assert.ok(id, `no entity …/${BASE}/demo.slice/${SHORT}`);
    assert.ok(!blockLines(r.stdout, 'group "demo.slice" {').slice(0, 4).includes('cgroup {'), 'demo.slice has its parent\'s cpuset: nothing to write');

    // Drift: the machine against its own discovery says nothing about the test's cgroups…
    const file = join(tmp, 'live.vmx');
    writeFileSync(file, r.stdout);
    const ours = (out: string) => (JSON.parse(out).files[0].diagnostics as { code: string; message: string; range: { start: { line: number } } }[]).filter((d) => d.message.includes(BASE));
    const same = runCli(['drift', '--format', 'json', file]);
    assert.ok(same.status === 0 || same.status === 1, same.stderr);
    assert.deepEqual(ours(same.stdout), []);
    // …and one changed limit is one VMX503 with both values, on its line.
    const changed = r.stdout.replace('pids.max = 64', 'pids.max = 65');
    writeFileSync(file, changed);
    const drift = ours(runCli(['drift', '--format', 'json', file]).stdout);
    assert.equal(drift.length, 1, JSON.stringify(drift));
    assert.equal(drift[0].code, 'VMX503');
    assert.match(drift[0].message, /cgroup pids\.max is 65 in the file, 64 on the live host/);
    assert.equal(drift[0].range.start.line, changed.split('\n').findIndex((l) => l.trim() === 'pids.max = 65'));
  } finally {
    if (sleeper && sleeper.exitCode === null) {
      const gone = new Promise((resolve) => sleeper!.once('exit', resolve));
      sleeper.kill('SIGKILL');
      await gone;
    }
    removeAll();
    rmSync(tmp, { recursive: true, force: true });
    for (const ctrl of CONTROLLERS) assert.ok(!existsSync(`${CG}/${ctrl}/${BASE}`), `${CG}/${ctrl}/${BASE} removed`);
  }
});
