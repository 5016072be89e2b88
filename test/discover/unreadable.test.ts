/**
 * What discovery cannot read is a comment where it would have gone, never a
 * failure (exit 0): a dangling symlink and a directory where a file is
 * expected (root reads through chmod 000, so those are how a test makes a
 * file unreadable even as root), a symlink out of the captured tree, a FIFO
 * (must not block), a file beyond the size cap, garbage in /proc/cpuinfo,
 * an empty tree. A --root that is no directory is one line and exit 2.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { MAX_SYSTEM_FILE_BYTES } from '../../core/src/host/node-system';
import { runCli } from '../helpers';
import { blockLines, K8S } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-discover-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DOCKER = '3f6c1f0b9b2e4d5a8c7e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e';

/** A fresh copy of the kubeadm tree (symlinks copied as links). */
function copy(name: string): string {
  const root = join(dir, name);
  cpSync(K8S, root, { recursive: true, verbatimSymlinks: true });
  return root;
}

test('a dangling symlink and a directory where a file is expected: comments in the container block, exit 0', () => {
  const root = copy('dangling');
  rmSync(join(root, 'proc/2301/status'));
  symlinkSync('status.gone', join(root, 'proc/2301/status'));
  const memMax = join(root, `sys/fs/cgroup/system.slice/docker-${DOCKER}.scope/memory.max`);
  rmSync(memMax);
  mkdirSync(memMax);
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0, r.stderr);
  const c = blockLines(r.stdout, 'container "3f6c1f0b9b2e" {');
  assert.ok(c.includes('# not readable: /proc/2301/status — a dangling symlink'), c.join('\n'));
  assert.ok(c.includes(`# not readable: /sys/fs/cgroup/system.slice/docker-${DOCKER}.scope/memory.max — a directory, not a file`), c.join('\n'));
  // What was readable is still there; what was not is not guessed.
  assert.ok(c.includes('cpu.max = "25000 50000"') && c.includes('pids.max = 100'));
  assert.ok(!c.some((l) => l.startsWith('memory.max') || l.startsWith('user =')));
  assert.match(r.stderr, /2 parts not read or not mapped/);
});

test('a symlink leading out of the captured tree is not followed', () => {
  const root = copy('escape');
  rmSync(join(root, 'proc/meminfo'));
  symlinkSync('/proc/meminfo', join(root, 'proc/meminfo'));
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0);
  const host = blockLines(r.stdout, 'host worker-1 {');
  // The host's own lines are the ones before its first child block.
  assert.deepEqual(host.slice(0, host.indexOf('cpu {')), ['# not readable: /proc/meminfo — a symlink leading outside the captured tree'], 'the live machine\'s memory is not read through the link');
});

test('a FIFO where /proc/meminfo should be does not block; a file beyond the cap is refused', () => {
  const root = copy('fifo');
  rmSync(join(root, 'proc/meminfo'));
  execFileSync('mkfifo', [join(root, 'proc/meminfo')]);
  writeFileSync(join(root, 'proc/cpuinfo'), 'processor\t: 0\n'.repeat(Math.ceil((MAX_SYSTEM_FILE_BYTES + 1) / 14)));
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0);
  assert.ok(r.stdout.includes('# not readable: /proc/meminfo — not a regular file'));
  assert.ok(r.stdout.includes(`# not readable: /proc/cpuinfo — larger than ${MAX_SYSTEM_FILE_BYTES} bytes`));
});

test('garbage in /proc/cpuinfo is a comment in the cpu block', () => {
  const root = copy('garbage');
  writeFileSync(join(root, 'proc/cpuinfo'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x7b, 0x7d, 0x23, 0x0a, 0x80, 0x81]));
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0);
  assert.deepEqual(blockLines(r.stdout, 'cpu {'), ['# /proc/cpuinfo: no processor entries']);
  // The rest of the machine is still discovered.
  assert.ok(r.stdout.includes('container c0ffee00c0ff {'));
});

test('an empty tree: a topology whose comments say what could not be read, exit 0', () => {
  const root = join(dir, 'empty');
  mkdirSync(root);
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0, r.stderr);
  for (const line of ['# not readable: /proc/cpuinfo — no such file', '# not readable: /proc/meminfo — no such file', '# not readable: /proc/sys/kernel/osrelease — no such file', '# not readable: /proc — no such file', '# no cgroup hierarchy found under /sys/fs/cgroup (neither cgroup.controllers nor cpu, memory, pids or cpuset hierarchies)'])
    assert.ok(r.stdout.includes(line), `${line} in\n${r.stdout}`);
  assert.match(r.stdout, /^topology discovered \{$/m);
});

test('--root a file, or missing: one line on stderr, exit 2, nothing written', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  for (const root of [file, join(dir, 'missing')]) {
    const r = runCli(['discover', '--root', root]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^vmx: --root .*: (not a directory|no such directory)/);
  }
  const extra = runCli(['discover', 'somefile']);
  assert.equal(extra.status, 2);
  assert.match(extra.stderr, /discover takes no FILE/);
});

test('namespace links that cannot be read: one comment per reason, the namespaces named together', () => {
  const root = copy('ns');
  for (const ns of ['net', 'ipc']) {
    rmSync(join(root, `proc/2301/ns/${ns}`));
    mkdirSync(join(root, `proc/2301/ns/${ns}`));
  }
  rmSync(join(root, 'proc/2301/ns/uts'));
  symlinkSync('../../../../outside', join(root, 'proc/2301/ns/uts'));
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0);
  const c = blockLines(r.stdout, 'container "3f6c1f0b9b2e" {');
  assert.ok(c.includes('# not readable: /proc/2301/ns/{net,ipc} — not a symbolic link'), c.join('\n'));
  // A link is read, not followed: where it points does not matter; `../../../../outside` is not an inode name, so uts is unknown, not a note.
  assert.ok(!c.some((l) => l.includes('/ns/uts')));
  assert.match(r.stderr, /1 part not read/);
});
