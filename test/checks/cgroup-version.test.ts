/**
 * cgroup v1 against v2 (issue 12, point 2; core/src/checks/cgroup-version.ts):
 * memory.high and memory.min have no cgroup v1 equivalent, so on a host with
 * `os { cgroup = v1 }` they are VMX103 on the whole attribute, related to the
 * `cgroup = v1` line; every setting v1 has a mechanism for is accepted on
 * both versions, and v1 aliases are accepted on v2 without a word.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers';
import { assertFixRoundTrips, check, container, host, lineOf } from './helpers';

const V1 = '    os linux { cgroup = v1 }\n';
const V2 = '    os linux { cgroup = v2 }\n';

/** The whole text a single-line range covers. */
function covered(text: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string {
  assert.equal(d.range.start.line, d.range.end.line);
  return text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

/** A container with the cgroup settings on their own line, so each attribute's line is known. */
function withSettings(os: string, settings: string): string {
  return host(`${os}container web {\n  user = 1000\n  cgroup {\n    memory.max = 1GiB\n    pids.max = 100\n    ${settings}\n  }\n}`);
}

function versionErrors(text: string) {
  return check(text).filter((d) => d.code === 'VMX103');
}

test('memory.high on a cgroup v1 host: VMX103 on the attribute, naming what v1 has instead and why the group is OOM-killed', () => {
  const text = withSettings(V1, 'memory.high = 768MiB');
  const ds = versionErrors(text);
  assert.equal(ds.length, 1, ds.map((d) => d.message).join('\n'));
  const d = ds[0];
  assert.equal(d.severity, 'error');
  assert.equal(covered(text, d), 'memory.high = 768MiB');
  assert.match(d.message, /^memory\.high of container web is a cgroup v2 setting with no cgroup v1 equivalent, and host h runs cgroup v1: /);
  assert.match(d.message, /memory\.soft_limit_in_bytes/);
  assert.match(d.message, /OOM-killed there/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'cgroup = v1'));
  assert.equal(d.related?.[0].message, 'host h: cgroup = v1');
  assert.deepEqual(d.fixes ?? [], [], 'nothing in v1 does what memory.high does: no mechanical fix');
});

test('memory.min on a cgroup v1 host: VMX103 naming memory.soft_limit_in_bytes, fixed by writing it as memory.low', () => {
  const text = withSettings(V1, 'memory.min = 256MiB');
  const ds = versionErrors(text);
  assert.equal(ds.length, 1);
  const d = ds[0];
  assert.equal(covered(text, d), 'memory.min = 256MiB');
  assert.match(d.message, /no hard memory protection; its nearest is the best-effort memory\.soft_limit_in_bytes, written memory\.low here/);
  assert.equal(d.fixes?.[0].title, 'Write it as memory.low (memory.soft_limit_in_bytes on cgroup v1)');
  const fixed = assertFixRoundTrips(text, d, d.fixes![0]);
  assert.match(fixed, /^ {4}memory\.low = 256MiB$/m);
  assert.deepEqual(versionErrors(fixed), []);
});

test('memory.min beside a written memory.low: no rename offered (it would set memory.low twice)', () => {
  const text = withSettings(V1, 'memory.low = 512MiB\n    memory.min = 256MiB');
  const d = versionErrors(text);
  assert.equal(d.length, 1);
  assert.equal(covered(text, d[0]), 'memory.min = 256MiB');
  assert.deepEqual(d[0].fixes ?? [], []);
});

test('the same memory.high and memory.min on a cgroup v2 host, and with no os block (v2 by default): accepted', () => {
  for (const os of [V2, '']) {
    const text = withSettings(os, 'memory.high = 768MiB\n    memory.min = 256MiB');
    assert.deepEqual(versionErrors(text).map((d) => d.message), []);
  }
});

test('settings cgroup v1 has a mechanism for are accepted on v1 and v2: memory.low, memory.swap.max, cpu.weight, cpu.max, cpu.max.burst, io.max, io.weight, cpuset.cpus, and the v1 aliases', () => {
  const settings = [
    'memory.low = 512MiB', // memory.soft_limit_in_bytes
    'memory.swap.max = 0', // memory.memsw.limit_in_bytes = memory.limit_in_bytes
    'cpu.weight = 200', // cpu.shares
    'cpu.max = 1.5', // cpu.cfs_quota_us / cpu.cfs_period_us
    'cpu.max.burst = 50ms', // cpu.cfs_burst_us (Linux 5.14, both hierarchies)
    'io.max = [200MBps, 5000iops]', // blkio.throttle.*_device
    'io.weight = 300', // blkio.weight
    'cpuset.cpus = 0..3',
  ];
  for (const os of [V1, V2]) {
    for (const s of settings) assert.deepEqual(versionErrors(withSettings(os, s)).map((d) => d.message), [], `${s} on ${os.trim()}`);
    for (const alias of ['cpu.shares = 2048', 'cpu.cfs_quota_us = 50000']) {
      const text = host(`${os}container web {\n  user = 1000\n  cgroup { memory.limit_in_bytes = 1GiB pids.max = 100 ${alias} }\n}`);
      assert.deepEqual(check(text).filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code}: ${d.message}`), [], `${alias} on ${os.trim()}`);
    }
  }
});

test('groups, pods and the host\'s VMs live in the v1 host kernel: each level\'s memory.high is flagged, with its own name', () => {
  const text = host(`${V1}group kubepods {\n  cgroup { memory.high = 6GiB }\n  pod web {\n    cgroup { memory.min = 1GiB }\n${container('nginx')}\n  }\n}\nhypervisor kvm {\n  vm db {\n    vcpus = 2\n    memory = 4GiB\n    cgroup { memory.high = 3GiB }\n  }\n}`);
  const ds = versionErrors(text);
  assert.deepEqual(ds.map((d) => covered(text, d)).sort(), ['memory.high = 3GiB', 'memory.high = 6GiB', 'memory.min = 1GiB']);
  assert.ok(ds.some((d) => d.message.startsWith('memory.high of group kubepods ')));
  assert.ok(ds.some((d) => d.message.startsWith('memory.min of pod web ')));
  assert.ok(ds.some((d) => d.message.startsWith('memory.high of vm db ')));
});

test('a container inside a VM on a v1 host runs in the guest\'s kernel, whose cgroup version is not the host\'s: not flagged', () => {
  const text = host(`${V1}hypervisor kvm {\n  vm app {\n    vcpus = 2\n    memory = 4GiB\n    container web {\n      user = 1000\n      cgroup { memory.max = 1GiB pids.max = 100 memory.high = 768MiB }\n    }\n  }\n}`);
  assert.deepEqual(versionErrors(text).map((d) => d.message), []);
});

test('vmx check through the CLI: a v1 host with memory.high exits 1 with the VMX103 (and vmx simulate refuses to simulate it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-cgv-'));
  try {
    const file = join(dir, 'v1.vmx');
    writeFileSync(file, withSettings(V1, 'memory.high = 768MiB'));
    const r = runCli(['check', '--no-simulate', '--format', 'json', file]);
    assert.equal(r.status, 1, r.stderr);
    const ds = JSON.parse(r.stdout).files[0].diagnostics.filter((d: { code: string }) => d.code === 'VMX103');
    assert.equal(ds.length, 1);
    // 0-based: topology, host, memory, cpu, os, container, user, cgroup {, memory.max, pids.max, then memory.high on line 10 at character 4.
    assert.deepEqual(ds[0].range, { start: { line: 10, character: 4 }, end: { line: 10, character: 24 } });
    assert.equal(runCli(['simulate', file]).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs/checks.md: the cgroup v1 example under VMX103 reports exactly that VMX103', () => {
  const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
  const example = /```vmx\n(topology legacy \{[\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(example, 'the v1 example is missing from docs/checks.md');
  const ds = check(example).filter((d) => d.severity === 'error' || d.severity === 'warning');
  assert.deepEqual(ds.map((d) => `${d.code} ${covered(example, d)}`), ['VMX103 memory.high = 768MiB']);
});
