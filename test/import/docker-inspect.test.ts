// vmx import of `docker inspect` output through the real CLI and the core:
// a normal pair (nginx with limits, a log shipper in its network namespace)
// and a privileged Docker-in-Docker container (test/fixtures/import/
// docker-inspect/, shaped as Docker 27 writes them) become topologies that
// check without schema errors, with the findings on the right container,
// every limit exact, a container:<id> network resolved to its name, and
// every set field either mapped or listed; bad input is one line, exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, importTopology } from '../../core/src/import';
import { formatText } from '../../core/src/ide/format';
import { hardwareLines } from '../../core/src/import/like';
import { ImportError } from '../../core/src/import/types';
import { check, runCli } from '../helpers';
import { blockText, container, FIXTURES, findings, has, hasNot, importCli, LIKE, model, noSchemaErrors, mutated, notImportedLines, refused, write } from './docker-oci-helpers';

const fixture = (name: string) => join(FIXTURES, 'docker-inspect', name);
const MiB = 1024 ** 2;

/** A minimal inspected container: what Docker always writes, with `hostConfig` merged in. */
function inspected(name: string, id: string, hostConfig: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Record<string, unknown> {
  return { Id: id, Name: `/${name}`, State: { Status: 'running' }, HostConfig: { NetworkMode: 'bridge', CpuShares: 0, Memory: 0, ...hostConfig }, Config: { Image: 'alpine:3.20', Hostname: id.slice(0, 12), ...config }, Mounts: [] };
}

function importJson(value: unknown, name = 'inspect.json'): string {
  const r = runCli(['import', write(name, JSON.stringify(value)), '--like', LIKE]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('a normal container: Memory, MemorySwap, MemoryReservation, NanoCpus, CpuShares, CpusetCpus, PidsLimit, CapDrop and its mounts, exactly', () => {
  const { text, stderr } = importCli(fixture('normal.json'));
  const web = blockText(text, 'container web');
  assert.match(web, /image = "nginx:1\.27\.0"/);
  assert.match(web, /cap_drop = \[NET_RAW\]/);
  assert.match(web, /memory\.max = 512MiB/);
  // MemorySwap 1 GiB is memory + swap: 512 MiB of swap.
  assert.match(web, /memory\.swap\.max = 512MiB/);
  assert.match(web, /memory\.low = 256MiB/);
  // NanoCpus 1500000000 = 1.5 CPUs, written in milli-CPUs.
  assert.match(web, /cpu\.max = 1500m/);
  const m = model(text);
  const w = container(m, 'web');
  assert.equal(w.cgroup.cpuMax, 1.5);
  assert.equal(w.cgroup.memoryMax, 512 * MiB);
  assert.equal(w.cgroup.memorySwapMax, 512 * MiB);
  assert.equal(w.cgroup.memoryLow, 256 * MiB);
  assert.equal(w.cgroup.shares, 512);
  assert.deepEqual(w.cgroup.cpuset, [2, 3]);
  assert.equal(w.cgroup.pidsMax, 200);
  assert.deepEqual(w.labels, { 'com.example.tier': 'frontend', maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' });
  // Mounts (what the runtime made) win over Binds (the request): each mount once.
  assert.deepEqual(w.mounts.map((x) => [x.type, x.target, x.mode]), [['bind', '/usr/share/nginx/html', 'ro'], ['volume', '/var/cache/nginx', 'rw']]);
  // Docker's own volume storage is a comment, not a path (it is no bind of /var/lib/docker).
  assert.match(text, /# Docker's local volume storage: \/var\/lib\/docker\/volumes\/web-cache\/_data\n\s+volume web-cache \{\n\s+\}/);
  const shipper = container(m, 'log-shipper');
  // CpuQuota 50000 per the default CpuPeriod 100000 = 0.5 CPU.
  assert.equal(shipper.cgroup.cpuMax, 0.5);
  assert.match(blockText(text, 'container log-shipper'), /cpu\.max = 500m/);
  assert.equal(shipper.cgroup.memorySwapMax, Infinity);
  assert.equal(shipper.cgroup.pidsMax, Infinity, 'PidsLimit -1 is unlimited');
  assert.equal(shipper.user?.uid, 1000);
  const net = shipper.namespaces.net;
  assert.ok(net.mode === 'container' && net.name === 'web', 'container:<id of web> is written with web’s name');
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX217', 'log-shipper', /seccomp = unconfined/);
  has(fs, 'VMX216', 'log-shipper', /net = container\("web"\)/);
  has(fs, 'VMX309', 'log-shipper');
  hasNot(fs, 'VMX210', 'web');
  hasNot(fs, 'VMX222', 'web');
  hasNot(fs, 'VMX308', 'web');
  // web: Args, Config.Cmd, Config.Entrypoint, Config.Env, Config.ExposedPorts, Config.StopSignal, HostConfig.PortBindings, HostConfig.RestartPolicy, Path;
  // log-shipper: Args, Config.Cmd, Config.Env, Config.StopSignal, Config.User (its group), Path. Defaults (LogConfig json-file, ShmSize 64 MiB, Docker's masked paths) say nothing.
  assert.deepEqual(notImportedLines(web).map((l) => l.split(' — ')[0].replace('# not imported: ', '')), ['Args', 'Config.Cmd', 'Config.Entrypoint', 'Config.Env', 'Config.ExposedPorts', 'Config.StopSignal', 'HostConfig.PortBindings', 'HostConfig.RestartPolicy', 'Path']);
  assert.equal(notImportedLines(text).length, 15);
  assert.match(stderr, /1 file \(docker-inspect\); 15 fields not imported/);
});

test('a privileged Docker-in-Docker container: VMX207, host pid and cgroup namespaces (VMX208), label=disable as spc_t, AppArmor unconfined', () => {
  const { text } = importCli(fixture('privileged.json'));
  const dind = blockText(text, 'container ci-dind');
  assert.match(dind, /privileged = true\n\s+apparmor = unconfined\n\s+selinux = "spc_t"/);
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX207', 'ci-dind', /privileged = true/);
  has(fs, 'VMX208', 'ci-dind', /pid = host/);
  has(fs, 'VMX208', 'ci-dind', /cgroup = host/);
  hasNot(fs, 'VMX210', 'ci-dind');
  const m = model(text);
  const c = container(m, 'ci-dind');
  assert.deepEqual(c.mounts.map((x) => [x.type, x.target]), [['bind', '/certs/client'], ['volume', '/var/lib/docker']]);
  assert.match(dind, /# an anonymous volume \(created by Docker for this container\)\n\s+mount var-lib-docker \{/);
  assert.deepEqual(notImportedLines(text).map((l) => l.split(' — ')[0].replace('# not imported: ', '')), ['Config.Entrypoint', 'Config.Env', 'Config.StopSignal', 'HostConfig.RestartPolicy', 'Path']);
});

test('CpuQuota with a period other than 100 ms is kept as the kernel writes it; a container:<id> outside the input is a note, not a reference', () => {
  const text = importJson([
    inspected('batch', 'a'.repeat(64), { CpuQuota: 150000, CpuPeriod: 50000, NetworkMode: `container:${'f'.repeat(64)}`, CapAdd: ['SYS_ADMIN'], Devices: [{ PathOnHost: '/dev/ttyUSB0', PathInContainer: '/dev/ttyUSB0', CgroupPermissions: 'rwm' }] }),
  ]);
  const batch = blockText(text, 'container batch');
  assert.match(batch, /cpu\.max = "150000 50000"/);
  assert.match(batch, /# not imported: HostConfig\.NetworkMode — joins the net namespace of container f{64}, which is not in this input/);
  assert.match(batch, /devices = \["\/dev\/ttyUSB0"\]/);
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX215', 'batch', /SYS_ADMIN/);
  has(fs, 'VMX219', 'batch', /ttyUSB0/);
  assert.equal(container(model(text), 'batch').cgroup.cpuMax, 3);
});

test('one object (the Engine API’s /containers/{id}/json) is read too; two containers of one name stay two', () => {
  assert.equal(detectFormat({ name: 'x.json', text: JSON.stringify(inspected('solo', 'b'.repeat(64))) }), 'docker-inspect');
  const text = importJson([inspected('twin', 'c'.repeat(64)), inspected('twin', 'd'.repeat(64), { NetworkMode: 'host' })]);
  assert.match(text, /container twin \{/);
  assert.match(text, /container twin-2 \{/);
  has(findings(text), 'VMX208', 'twin-2', /net = host/);
});

test('the core and the CLI give the same text, twice the same bytes, formatted', () => {
  const file = fixture('normal.json');
  const first = importCli(file).text;
  assert.equal(importCli(file).text, first);
  const core = importTopology([{ name: file, text: readFileSync(file, 'utf8') }], { hardware: hardwareLines(readFileSync(LIKE, 'utf8'), LIKE), hardwareSource: LIKE });
  assert.equal(core.text, first);
  assert.equal(core.notImported, 15);
  assert.equal(formatText(first), first);
});

test('bad input: malformed JSON, JSON of another shape, a 50 MB file, binary garbage — one line, exit 2', () => {
  refused(['import', write('broken.json', '[{"Id": "abc", "HostConfig": {"Memory": 5')], /not a format vmx import reads/);
  refused(['import', '--from', 'docker-inspect', write('broken2.json', '[{"Id": "abc", "HostConfig": {"Memory": 5')], /broken2\.json: not valid JSON/);
  refused(['import', '--from', 'docker-inspect', write('other.json', '[{"Id": "abc"}]')], /not docker inspect output/);
  refused(['import', write('big.json', `[${JSON.stringify(inspected('big', 'e'.repeat(64), { Dns: Array.from({ length: 1 }, () => 'x'.repeat(50 * 1024 * 1024)) }))}]`)], /larger than 32 MiB; refused/);
  refused(['import', write('garbage.json', Buffer.from([0x5b, 0x7b, 0x00, 0xde, 0xad, 0xbe, 0xef]))], /binary data/);
});

test('odd values anywhere in the fixtures: never a crash, never a syntax or type error in the output (a value that cannot be read is listed)', () => {
  for (const name of ['normal.json', 'privileged.json']) {
    const value = JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown;
    for (let seed = 1; seed <= 60; seed++) {
      const text = JSON.stringify(mutated(value, seed));
      let out: string;
      try {
        out = importTopology([{ name, text }], { from: 'docker-inspect', hardware: ['memory = 64GiB', 'cpu { cores = 16 }'] }).text;
      } catch (e) {
        assert.ok(e instanceof ImportError, `${name} seed ${seed}: ${(e as Error).stack}`);
        continue;
      }
      const bad = check(out).diagnostics.filter((d) => /^VMX10[0-3]$/.test(d.code));
      assert.deepEqual(bad.map((d) => d.message), [], `${name} seed ${seed}`);
    }
  }
});
