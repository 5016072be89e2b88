// vmx import of OCI runtime-spec config.json through the real CLI and the
// core: `runc spec`'s default config and a hardened one (test/fixtures/
// import/oci/<bundle>/config.json) become one container named after the
// bundle, read by the runtime spec's rules: an absent namespace type is the
// host's, no linux.seccomp is no filter, memory.swap is memory + swap, the
// default proc/sysfs/devpts/mqueue/cgroup mounts are plumbing. Bad input is
// one line, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTopology } from '../../core/src/import';
import { formatText } from '../../core/src/ide/format';
import { hardwareLines } from '../../core/src/import/like';
import { ociContainerName } from '../../core/src/import/formats/oci';
import { ImportError } from '../../core/src/import/types';
import { check, runCli } from '../helpers';
import { blockText, container, FIXTURES, findings, has, hasNot, importCli, LIKE, model, noSchemaErrors, mutated, notImportedLines, refused, write } from './docker-oci-helpers';

const fixture = (bundle: string) => join(FIXTURES, 'oci', bundle, 'config.json');
const MiB = 1024 ** 2;

function importOci(config: Record<string, unknown>, name = 'web.json'): string {
  const r = runCli(['import', write(name, JSON.stringify(config)), '--like', LIKE]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const MINIMAL = { ociVersion: '1.2.0', process: { user: { uid: 1000, gid: 1000 }, args: ['sh'], cwd: '/' }, root: { path: 'rootfs' }, linux: { namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }], seccomp: { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] } } };

test('runc spec’s default config: its three capabilities as cap_drop = [ALL] + capabilities; no seccomp is unconfined (VMX217); the time namespace is the host’s; plumbing mounts left out', () => {
  const { text, stderr } = importCli(fixture('runc-default'));
  const c = blockText(text, 'container runc-default');
  assert.match(c, /user = 0\n\s+capabilities = \[AUDIT_WRITE, KILL, NET_BIND_SERVICE\]\n\s+cap_drop = \[ALL\]\n\s+seccomp = unconfined\n\s+no_new_privileges = true\n\s+read_only_rootfs = true/);
  assert.match(c, /namespaces \{\n\s+time = host\n\s+\}/);
  assert.doesNotMatch(c, /mount /, 'proc, /dev, devpts, shm, mqueue, sysfs and cgroup are the runtime’s plumbing');
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX217', 'runc-default', /seccomp = unconfined/);
  has(fs, 'VMX209', 'runc-default', /user = 0/);
  hasNot(fs, 'VMX208', 'runc-default');
  hasNot(fs, 'VMX222', 'runc-default');
  const m = container(model(text), 'runc-default');
  assert.deepEqual(m.capabilities, ['AUDIT_WRITE', 'KILL', 'NET_BIND_SERVICE']);
  assert.deepEqual(m.capDrop, ['ALL']);
  // linux.maskedPaths, linux.readonlyPaths, process.args, capabilities.permitted and .ambient, process.cwd, .env, .rlimits, process.user.gid.
  assert.deepEqual(notImportedLines(c).map((l) => l.split(' — ')[0].replace('# not imported: ', '')).sort(), ['linux.maskedPaths', 'linux.readonlyPaths', 'process.args', 'process.capabilities.ambient', 'process.capabilities.permitted', 'process.cwd', 'process.env', 'process.rlimits', 'process.user.gid']);
  assert.match(stderr, /1 file \(oci\); 9 fields not imported/);
});

test('a hardened config: user namespace, its own seccomp profile, limits exactly (swap = memory+swap − memory, quota/period), a read-only bind, hooks listed', () => {
  const { text } = importCli(fixture('hardened'));
  const c = blockText(text, 'container hardened');
  assert.match(c, /cpu\.max = "25000 50000"/);
  assert.match(c, /memory\.swap\.max = 0\n/);
  assert.match(c, /# not imported: hooks — hooks run programs on the host/);
  assert.match(c, /# not imported: linux\.resources\.devices\[1\] — allows device c 10:229 \(rwm\)/);
  assert.match(c, /# not imported: mounts\[5\]\.options — nosuid, nodev, noexec, size=16m on \/tmp: mount options are not modelled/);
  assert.match(text, /# seccomp: the config's own profile \(default action SCMP_ACT_ERRNO, 1 syscall rule\), written as runtime-default/);
  const m = container(model(text), 'hardened');
  assert.equal(m.user?.uid, 1000);
  assert.deepEqual(m.capabilities, ['NET_BIND_SERVICE']);
  assert.deepEqual(m.capDrop, ['ALL']);
  assert.equal(m.seccomp, 'runtime-default');
  assert.equal(m.apparmor, 'api-restricted');
  assert.equal(m.selinux, 'container_t');
  assert.equal(m.noNewPrivileges, true);
  assert.equal(m.readOnlyRootfs, true);
  assert.deepEqual(m.devices, ['/dev/fuse']);
  assert.equal(m.namespaces.user.mode, 'private');
  assert.equal(m.namespaces.net.mode, 'private');
  assert.equal(m.cgroup.memoryMax, 256 * MiB);
  assert.equal(m.cgroup.memoryLow, 128 * MiB);
  assert.equal(m.cgroup.memorySwapMax, 0);
  assert.equal(m.cgroup.cpuMax, 0.5);
  assert.equal(m.cgroup.cpuPeriod, 0.05);
  assert.equal(m.cgroup.shares, 512);
  assert.deepEqual(m.cgroup.cpuset, [2, 3]);
  assert.equal(m.cgroup.pidsMax, 64);
  assert.deepEqual(m.labels, { 'com.example.owner': 'payments', 'org.opencontainers.image.ref.name': 'api:4.2.0' });
  assert.deepEqual(m.mounts.map((x) => [x.type, x.target, x.mode]), [['bind', '/etc/api', 'ro'], ['tmpfs', '/tmp', 'rw']]);
  const fs = findings(text);
  noSchemaErrors(fs);
  hasNot(fs, 'VMX217', 'hardened');
  hasNot(fs, 'VMX209', 'hardened');
  hasNot(fs, 'VMX208', 'hardened');
  has(fs, 'VMX220', 'hardened', /source = "\/srv\/api\/config"/);
});

test('no linux.namespaces: every namespace is the host’s (VMX208); /proc/1/ns/* is the host’s; another path is a note', () => {
  const bare = importOci({ ociVersion: '1.0.2', process: { user: { uid: 0, gid: 0 } }, linux: {} }, 'bare.json');
  const fs = findings(bare);
  noSchemaErrors(fs);
  for (const ns of ['pid', 'net', 'ipc', 'uts', 'mnt']) has(fs, 'VMX208', 'bare', new RegExp(`${ns} = host`));
  const joined = importOci({ ...MINIMAL, linux: { ...MINIMAL.linux, namespaces: [{ type: 'pid' }, { type: 'network', path: '/proc/1/ns/net' }, { type: 'ipc', path: '/var/run/netns/other' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }] } }, 'joined.json');
  has(findings(joined), 'VMX208', 'joined', /net = host/);
  assert.match(joined, /# not imported: linux\.namespaces\.ipc — joins the namespace at \/var\/run\/netns\/other/);
});

test('memory.swap -1 is unlimited; cpu quota over the default period is CPUs; the bounding set beyond the default is capabilities', () => {
  const text = importOci({ ...MINIMAL, process: { ...MINIMAL.process, capabilities: { bounding: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE', 'CAP_SYS_ADMIN'] } }, linux: { ...MINIMAL.linux, resources: { memory: { limit: 536870912, swap: -1 }, cpu: { quota: 150000, period: 100000 } } } });
  const c = container(model(text), 'web');
  assert.equal(c.cgroup.memorySwapMax, Infinity);
  assert.equal(c.cgroup.cpuMax, 1.5);
  assert.deepEqual(c.capabilities, ['SYS_ADMIN']);
  assert.deepEqual(c.capDrop, []);
  has(findings(text), 'VMX215', 'web', /SYS_ADMIN/);
});

test('the container’s name: the bundle folder, the file’s name, the hostname, else container', () => {
  assert.equal(ociContainerName('bundles/redis/config.json', 'ignored'), 'redis');
  assert.equal(ociContainerName('/var/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc123/config.json', undefined), 'abc123');
  assert.equal(ociContainerName('web.json', 'x'), 'web');
  assert.equal(ociContainerName('<stdin>', 'api'), 'api');
  assert.equal(ociContainerName('<stdin>', undefined), 'container');
  const r = runCli(['import', '-', '--like', LIKE], { input: JSON.stringify({ ...MINIMAL, hostname: 'from-stdin' }) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /container from-stdin \{/);
});

test('the core and the CLI give the same text, twice the same bytes, formatted', () => {
  const file = fixture('hardened');
  const first = importCli(file).text;
  assert.equal(importCli(file).text, first);
  const core = importTopology([{ name: file, text: readFileSync(file, 'utf8') }], { hardware: hardwareLines(readFileSync(LIKE, 'utf8'), LIKE), hardwareSource: LIKE });
  assert.equal(core.text, first);
  assert.equal(core.notImported, notImportedLines(first).length);
  assert.equal(formatText(first), first);
});

test('bad input: malformed JSON, JSON without ociVersion, a 50 MB file, binary garbage — one line, exit 2', () => {
  refused(['import', '--from', 'oci', write('broken.json', '{"ociVersion": "1.0.2", "process": {')], /broken\.json: not valid JSON/);
  refused(['import', '--from', 'oci', write('no-version.json', '{"process": {}}')], /no ociVersion; not an OCI runtime config/);
  refused(['import', write('big.json', JSON.stringify({ ociVersion: '1.0.2', annotations: { a: 'x'.repeat(50 * 1024 * 1024) } }))], /larger than 32 MiB; refused/);
  refused(['import', write('garbage.json', Buffer.from([0x7b, 0x00, 0x01, 0xff]))], /binary data/);
});

test('odd values anywhere in the fixtures: never a crash, never a syntax or type error in the output (a value that cannot be read is listed)', () => {
  for (const bundle of ['runc-default', 'hardened']) {
    const value = JSON.parse(readFileSync(fixture(bundle), 'utf8')) as unknown;
    for (let seed = 1; seed <= 60; seed++) {
      const text = JSON.stringify(mutated(value, seed));
      let out: string;
      try {
        out = importTopology([{ name: `${bundle}/config.json`, text }], { from: 'oci', hardware: ['memory = 64GiB', 'cpu { cores = 16 }'] }).text;
      } catch (e) {
        assert.ok(e instanceof ImportError, `${bundle} seed ${seed}: ${(e as Error).stack}`);
        continue;
      }
      const bad = check(out).diagnostics.filter((d) => /^VMX10[0-3]$/.test(d.code));
      assert.deepEqual(bad.map((d) => d.message), [], `${bundle} seed ${seed}`);
    }
  }
});
