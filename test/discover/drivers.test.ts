/**
 * The cgroupfs driver's names (kubelet: /kubepods/burstable/pod<uid>/<id>;
 * docker: /docker/<id>), CRI-O and rootless podman under a user slice, on a
 * minimal cgroup v2 tree the test writes itself: each becomes the entity it
 * is, at its place, with the QoS class its parent names.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers';
import { blockLines, entityIds } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'vmx-drivers-'));
after(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const D = 'd'.repeat(64);
const UID = '11111111-2222-3333-4444-555555555555';

test('cgroupfs kubelet and docker, CRI-O, rootless podman: entities at their places', () => {
  put('proc/sys/kernel/hostname', 'node\n');
  put('proc/cpuinfo', 'processor\t: 0\n');
  put('proc/meminfo', 'MemTotal: 4194304 kB\n');
  put('sys/fs/cgroup/cgroup.controllers', 'cpu memory pids\n');
  for (const [path, files] of [
    ['kubepods', {}],
    ['kubepods/burstable', { 'cpu.weight': '50' }],
    [`kubepods/burstable/pod${UID}`, { 'memory.max': '1073741824' }],
    [`kubepods/burstable/pod${UID}/${A}`, { 'memory.max': '536870912' }],
    ['docker', {}],
    [`docker/${B}`, { 'pids.max': '50' }],
    ['system.slice', {}],
    [`system.slice/crio-${C}.scope`, { 'cpu.max': '100000 100000' }],
    ['user.slice/user-1000.slice/user@1000.service/user.slice', {}],
    [`user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${D}.scope`, { 'memory.high': '268435456' }],
  ] as [string, Record<string, string>][]) {
    put(`sys/fs/cgroup/${path}/cgroup.procs`, '');
    for (const [f, v] of Object.entries(files)) put(`sys/fs/cgroup/${path}/${f}`, `${v}\n`);
  }
  // The CRI-O container's process under SELinux: spc_t (super-privileged) is written; the podman one's container_t is the default.
  put(`sys/fs/cgroup/system.slice/crio-${C}.scope/cgroup.procs`, '700\n');
  put('proc/700/status', 'Uid:\t0\t0\t0\t0\nCapEff:\t00000000a80425fb\nSeccomp:\t2\n');
  put('proc/700/attr/current', 'system_u:system_r:spc_t:s0\0');
  put(`sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${D}.scope/cgroup.procs`, '701\n');
  put('proc/701/status', 'Uid:\t1000\t1000\t1000\t1000\nCapEff:\t00000000a80425fb\nSeccomp:\t2\n');
  put('proc/701/attr/current', 'unconfined_u:system_r:container_t:s0:c1,c2');
  const r = runCli(['discover', '--root', root]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(blockLines(r.stdout, `container ${C.slice(0, 12)} {`).includes('selinux = "spc_t"'));
  assert.ok(!blockLines(r.stdout, `container ${D.slice(0, 12)} {`).some((l) => l.startsWith('selinux')));
  const ids = entityIds(r.stdout);
  for (const id of [`node/kubepods/burstable/${UID}/${A.slice(0, 12)}`, `node/docker/${B.slice(0, 12)}`, `node/system.slice/${C.slice(0, 12)}`, `node/user.slice/user-1000.slice/user@1000.service/user.slice/${D.slice(0, 12)}`])
    assert.ok(ids.includes(id), `${id} in\n${ids.join('\n')}`);
  // A pod below the cgroupfs driver's burstable/ is burstable; each level keeps its own limit.
  const pod = blockLines(r.stdout, `pod "${UID}" {`);
  assert.ok(pod.includes('qos = burstable') && pod.includes('memory.max = 1GiB'));
  assert.ok(blockLines(r.stdout, `container ${A.slice(0, 12)} {`).includes('memory.max = 512MiB'));
  assert.ok(blockLines(r.stdout, 'group burstable {').includes('cpu.weight = 50'));
  assert.ok(blockLines(r.stdout, `container ${C.slice(0, 12)} {`).includes('cpu.max = 1'));
  assert.ok(blockLines(r.stdout, `container ${D.slice(0, 12)} {`).includes('memory.high = 256MiB'));
  for (const [name, engine] of [[A, 'containerd'], [B, 'docker'], [C, 'cri-o'], [D, 'podman']]) assert.ok(blockLines(r.stdout, `container ${name.slice(0, 12)} {`).includes(`engine = "${engine}"`), engine);
  // No process in any of them: said once per container, nothing guessed.
  assert.ok(blockLines(r.stdout, `container ${B.slice(0, 12)} {`).includes('# no process in this cgroup: namespaces, user, capabilities and mounts unknown'));
});

test('two container ids with the same first 12 characters: each named by the shortest prefix that tells them apart', () => {
  const tree = mkdtempSync(join(tmpdir(), 'vmx-prefix-'));
  try {
    const at = (path: string, text: string) => {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    };
    at('sys/fs/cgroup/cgroup.controllers', 'cpu memory pids\n');
    // Three ids equal in their first 14 characters, two of them in their first 15; a fourth differs at once and keeps its 12.
    const ids = ['0123456789abcde' + '1'.repeat(49), '0123456789abcdf' + '2'.repeat(49), '0123456789abcde' + '3'.repeat(49), 'f'.repeat(64)];
    for (const id of ids) at(`sys/fs/cgroup/system.slice/docker-${id}.scope/cgroup.procs`, '');
    const r = runCli(['discover', '--root', tree]);
    assert.equal(r.status, 0);
    const names = entityIds(r.stdout).filter((id) => id.startsWith('discovered/system.slice/')).map((id) => id.slice('discovered/system.slice/'.length));
    // 0123456789abcde1… and 0123456789abcde3… first differ at character 16; the …f2… one is among them, so all three take 16.
    assert.deepEqual(names.sort(), ['0123456789abcde1', '0123456789abcde3', '0123456789abcdf2', 'ffffffffffff']);
    const c = runCli(['check', '--no-simulate', '--format', 'json', '-'], { input: r.stdout });
    assert.ok(!JSON.parse(c.stdout).files[0].diagnostics.some((d: { code: string }) => d.code === 'VMX105'), 'no duplicate names');
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
});
