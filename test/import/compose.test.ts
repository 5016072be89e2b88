// vmx import of docker-compose files through the real CLI and the core:
// realistic stacks (test/fixtures/import/compose/: a host-network stack with
// cap_add, a CI runner on the Docker socket, a monitoring stack, a v2 file
// with mem_limit/cpus/cpu_shares and a v3 file with deploy.resources) become
// topologies that check without syntax or schema errors, carry the findings
// the stacks deserve on the right container, keep every value exactly and
// list every unmapped key; bad input is one line and exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTopology, detectFormat } from '../../core/src/import';
import { formatText } from '../../core/src/ide/format';
import { dockerBytes } from '../../core/src/import/formats/docker-units';
import { hardwareLines } from '../../core/src/import/like';
import { parse } from 'yaml';
import { ImportError } from '../../core/src/import/types';
import { check, runCli } from '../helpers';
import { blockText, container, FIXTURES, findings, has, hasNot, importCli, LIKE, model, noSchemaErrors, mutated, notImportedLines, refused, write, yamlBomb } from './docker-oci-helpers';

const COMPOSE = join(FIXTURES, 'compose');
const fixture = (name: string) => join(COMPOSE, name);
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

test('Docker sizes are binary, a bare number is bytes', () => {
  assert.equal(dockerBytes('512m'), 512 * MiB);
  assert.equal(dockerBytes('1g'), GiB);
  assert.equal(dockerBytes('1G'), GiB);
  assert.equal(dockerBytes('1gb'), GiB);
  assert.equal(dockerBytes('128M'), 128 * MiB);
  assert.equal(dockerBytes('1.5g'), 1536 * MiB);
  assert.equal(dockerBytes('64k'), 65536);
  assert.equal(dockerBytes('1073741824'), GiB);
  assert.equal(dockerBytes(2048), 2048);
  assert.throws(() => dockerBytes('lots'));
});

test('v2 limits: mem_limit, memswap_limit, mem_reservation, cpus, cpu_shares, cpuset, pids_limit, quota and period, exactly', () => {
  const { text, stderr } = importCli(fixture('v2-limits.yml'));
  const web = blockText(text, 'container web');
  assert.match(web, /memory\.max = 512MiB/);
  // memswap_limit 1g is memory + swap: 1 GiB − 512 MiB of swap.
  assert.match(web, /memory\.swap\.max = 512MiB/);
  assert.match(web, /memory\.low = 256MiB/);
  assert.match(web, /cpu\.max = 500m/);
  assert.match(web, /cpu\.shares = 512/);
  assert.match(web, /cpuset\.cpus = "0-1"/);
  assert.match(web, /pids\.max = 100/);
  const m = model(text);
  const w = container(m, 'web');
  assert.equal(w.cgroup.memoryMax, 512 * MiB);
  assert.equal(w.cgroup.memorySwapMax, 512 * MiB);
  assert.equal(w.cgroup.memoryLow, 256 * MiB);
  assert.equal(w.cgroup.cpuMax, 0.5);
  assert.equal(w.cgroup.shares, 512);
  assert.deepEqual(w.cgroup.cpuset, [0, 1]);
  assert.equal(w.cgroup.pidsMax, 100);
  assert.equal(w.noNewPrivileges, true);
  assert.equal(w.seccomp, 'unconfined');
  const cache = container(m, 'cache');
  assert.equal(cache.cgroup.memoryMax, GiB);
  // No memswap_limit: Docker gives as much swap as memory (MemorySwap = 2 × Memory).
  assert.equal(cache.cgroup.memorySwapMax, GiB);
  // cpu_quota 50000 per cpu_period 50000 µs: one CPU, over a 50 ms period kept as written.
  assert.match(blockText(text, 'container cache'), /cpu\.max = "50000 50000"/);
  assert.equal(cache.cgroup.cpuMax, 1);
  assert.equal(cache.cgroup.cpuPeriod, 0.05);
  // blkio weight 500 → io.weight 1 + 490 × 9999 / 990 = 4950.
  assert.equal(cache.cgroup.ioWeight, 4950);
  const net = cache.namespaces.net;
  assert.ok(net.mode === 'container' && net.name === 'web' && net.target?.name === 'web');
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX217', 'web', /seccomp = unconfined/);
  has(fs, 'VMX216', 'cache', /net = container\("web"\)/);
  has(fs, 'VMX216', 'cache', /ipc = container\("web"\)/);
  hasNot(fs, 'VMX308', 'web');
  hasNot(fs, 'VMX309', 'web');
  has(fs, 'VMX309', 'cache');
  assert.deepEqual(notImportedLines(text), ['# not imported: ports — networking is not modelled: a topology has namespaces, not addresses or ports']);
  assert.match(stderr, /1 file \(compose\); 1 field not imported/);
});

test('v3 deploy.resources: limits → cgroup, reservations → memory.low and requests; runsc → gvisor; label=disable → spc_t', () => {
  const { text } = importCli(fixture('v3-deploy.yml'));
  const api = blockText(text, 'container api');
  assert.match(api, /cpu\.max = 1500m/);
  assert.match(api, /memory\.max = 1GiB/);
  assert.match(api, /pids\.max = 200/);
  assert.match(api, /memory\.low = 128MiB/);
  assert.match(api, /requests \{\s+cpu = 250m\s+\}/);
  assert.match(api, /# not imported: deploy\.replicas — /);
  assert.match(api, /# not imported: healthcheck — /);
  const m = model(text);
  const a = container(m, 'api');
  assert.equal(a.cgroup.cpuMax, 1.5);
  assert.equal(a.cgroup.memoryMax, GiB);
  assert.equal(a.cgroup.memoryLow, 128 * MiB);
  assert.equal(a.cgroup.pidsMax, 200);
  assert.equal(a.requests.cpu, 0.25);
  assert.match(api, /user = 1000\n/);
  assert.deepEqual(a.capDrop, ['ALL']);
  assert.deepEqual(a.capabilities, ['NET_BIND_SERVICE']);
  assert.equal(a.readOnlyRootfs, true);
  assert.equal(a.noNewPrivileges, true);
  assert.equal(a.apparmor, 'runtime-default');
  assert.deepEqual(a.mounts.map((x) => [x.type, x.target]), [['tmpfs', '/tmp']]);
  const w = container(m, 'worker');
  assert.equal(w.runtime, 'gvisor');
  assert.equal(w.selinux, 'spc_t');
  assert.equal(w.cgroup.memoryMax, 256 * MiB);
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX217', 'worker', /selinux = "spc_t"/);
  hasNot(fs, 'VMX209', 'api');
  hasNot(fs, 'VMX222', 'api');
  hasNot(fs, 'VMX223', 'api');
  hasNot(fs, 'VMX224', 'api');
});

test('network_mode host and cap_add: VMX208 and VMX215 on the container that asks for them', () => {
  const { text, stderr } = importCli(fixture('host-network.yml'));
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX208', 'pihole', /net = host/);
  hasNot(fs, 'VMX208', 'wireguard');
  has(fs, 'VMX215', 'pihole', /NET_ADMIN/);
  has(fs, 'VMX215', 'wireguard', /SYS_MODULE/);
  // /lib/modules:ro is a read-only bind.
  assert.match(blockText(text, 'mount lib-modules'), /source = "\/lib\/modules"\n\s+target = "\/lib\/modules"\n\s+mode = ro/);
  // pihole: container_name, environment, restart; wireguard: container_name, environment, ports, restart, sysctls.
  assert.deepEqual(notImportedLines(blockText(text, 'container pihole')).map((l) => l.split(' — ')[0]), ['# not imported: container_name', '# not imported: environment', '# not imported: restart']);
  assert.deepEqual(notImportedLines(blockText(text, 'container wireguard')).map((l) => l.split(' — ')[0]), ['# not imported: container_name', '# not imported: environment', '# not imported: ports', '# not imported: restart', '# not imported: sysctls']);
  assert.match(stderr, /; 8 fields not imported/);
});

test('a CI runner on the Docker socket: VMX210; named volumes become host volumes, a local bind volume keeps its path; x-* keys are listed', () => {
  const { text } = importCli(fixture('ci-runner.yml'));
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX210', 'gitlab-runner', /source = "\/var\/run\/docker\.sock"/);
  hasNot(fs, 'VMX210', 'dind-cache');
  assert.match(text, /volume runner-config \{\n\s+\}/);
  assert.match(blockText(text, 'volume registry-data'), /path = "\/srv\/registry"/);
  assert.match(blockText(text, 'mount runner-config'), /source = volume\("runner-config"\)/);
  assert.match(blockText(text, 'container gitlab-runner'), /labels \{\n\s+com\.example\.role = "ci"\n\s+com\.example\.team = "platform"\n\s+\}/);
  assert.match(blockText(text, 'container gitlab-runner'), /# not imported: x-backup — an extension field/);
  assert.match(text, /# not imported: x-common — an extension field/);
  assert.doesNotMatch(text, /version/, 'version is meaningless and ignored');
  const m = model(text);
  assert.deepEqual(container(m, 'gitlab-runner').labels, { 'com.example.role': 'ci', 'com.example.team': 'platform' });
});

test('a monitoring stack: node-exporter shares pid and net with the host and mounts / read-only (rslave); cAdvisor is privileged; ./prometheus is resolved against the file', () => {
  const { text } = importCli(fixture('monitoring.yml'));
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX208', 'node-exporter', /pid = host/);
  has(fs, 'VMX208', 'node-exporter', /net = host/);
  has(fs, 'VMX210', 'node-exporter', /source = "\/"/);
  has(fs, 'VMX207', 'cadvisor', /privileged = true/);
  has(fs, 'VMX210', 'cadvisor', /source = "\/var\/lib\/docker"/);
  const node = blockText(text, 'mount host');
  assert.match(node, /mode = ro\n\s+propagation = rslave/);
  const prom = blockText(text, 'container prometheus');
  assert.ok(prom.includes(`# source ./prometheus, relative to the compose file\n      mount etc-prometheus {\n        type = bind\n        source = "${join(COMPOSE, 'prometheus')}"`), prom);
  assert.match(text, /# not imported: networks — networks are not modelled/);
  const m = model(text);
  assert.deepEqual(container(m, 'cadvisor').devices, ['/dev/kmsg']);
});

test('the core and the CLI give the same text; twice the same bytes; the output is formatted and reads back to the same model', () => {
  const file = fixture('v3-deploy.yml');
  const first = importCli(file).text;
  const second = importCli(file).text;
  assert.equal(first, second);
  const core = importTopology([{ name: file, text: readFileSync(file, 'utf8') }], { hardware: hardwareLines(readFileSync(LIKE, 'utf8'), LIKE), hardwareSource: LIKE });
  assert.equal(core.text, first);
  assert.equal(core.notImported, notImportedLines(first).length);
  assert.equal(formatText(first), first);
  const a = model(first).containers.map((c) => ({ name: c.name, cgroup: { ...c.cgroup, block: undefined }, caps: c.capabilities, drop: c.capDrop, user: c.user }));
  const b = model(formatText(first)).containers.map((c) => ({ name: c.name, cgroup: { ...c.cgroup, block: undefined }, caps: c.capabilities, drop: c.capDrop, user: c.user }));
  assert.deepEqual(a, b);
});

test('JSON compose files are detected too; a YAML file without services is not compose', () => {
  assert.equal(detectFormat({ name: 'c.json', text: '{"services": {"web": {"image": "nginx:1.27"}}}' }), 'compose');
  assert.throws(() => detectFormat({ name: 'v.yml', text: 'version: "3"\nvolumes:\n  data: {}\n' }), /not a format vmx import reads/);
  refused(['import', write('no-services.yml', 'version: "3"\nvolumes:\n  data: {}\n')], /not a format vmx import reads/);
  refused(['import', '--from', 'compose', write('no-services-2.yml', 'version: "3"\nvolumes:\n  data: {}\n')], /no services mapping; not a compose file/);
});

test('bad input: malformed YAML, a YAML bomb, a 50 MB file, binary garbage — one line, exit 2, nothing written', () => {
  refused(['import', write('broken.yml', 'services:\n  web:\n    image: [nginx\n    ports: "80\n')], /broken\.yml.*not valid YAML/);
  refused(['import', write('bomb.yml', yamlBomb('services:\n  web:\n    image: nginx'))], /bomb\.yml: refused/);
  const big = write('big.yml', 'services:\n  web:\n    image: nginx\n' + `# ${'x'.repeat(1022)}\n`.repeat(50 * 1024));
  refused(['import', big], /larger than 32 MiB; refused/);
  refused(['import', write('garbage.yml', Buffer.from([0x73, 0x65, 0x72, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x9c]))], /binary data/);
  refused(['import', '-'], /not a format vmx import reads/, '\u0001\u0002 services? no');
});

test('a service of an unreadable shape is listed, not fatal; unknown keys are listed with why', () => {
  const path = write('odd.yml', 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: lots\n    frobnicate: 3\n  empty:\n');
  const r = runCli(['import', path]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /# not imported: mem_limit — unreadable: "lots" is not a Docker size/);
  assert.match(r.stdout, /# not imported: frobnicate — unknown to vmx import/);
  assert.match(r.stdout, /container empty \{\n\s+\}/);
});

test('odd values anywhere in the fixtures: never a crash, never a syntax or type error in the output (a value that cannot be read is listed)', () => {
  for (const name of ['host-network.yml', 'ci-runner.yml', 'monitoring.yml', 'v2-limits.yml', 'v3-deploy.yml']) {
    const value = parse(readFileSync(fixture(name), 'utf8')) as unknown;
    for (let seed = 1; seed <= 40; seed++) {
      const text = JSON.stringify(mutated(value, seed));
      let out: string;
      try {
        out = importTopology([{ name, text }], { from: 'compose', hardware: ['memory = 64GiB', 'cpu { cores = 16 }'] }).text;
      } catch (e) {
        assert.ok(e instanceof ImportError, `${name} seed ${seed}: ${(e as Error).stack}`);
        continue;
      }
      const bad = check(out).diagnostics.filter((d) => /^VMX10[0-3]$/.test(d.code));
      assert.deepEqual(bad.map((d) => d.message), [], `${name} seed ${seed}`);
    }
  }
});

test('the remaining keys: devices, kata, windows platform, container: by container_name, userns_mode and cgroup host, seccomp and AppArmor profiles, label:type, an anonymous volume', () => {
  const path = write(
    'misc.yml',
    [
      'services:',
      '  zigbee:',
      '    image: koenkk/zigbee2mqtt:1.39.1',
      '    container_name: z2m',
      '    devices:',
      '      - /dev/ttyUSB0:/dev/ttyACM0',
      '    runtime: kata-runtime',
      '    userns_mode: host',
      '    cgroup: host',
      '    security_opt:',
      '      - seccomp:/etc/docker/seccomp/z2m.json',
      '      - apparmor:unconfined',
      '      - label:type:svirt_sandbox_file_t',
      '    volumes:',
      '      - /app/data',
      '  sidecar:',
      '    image: busybox:1.36.1',
      '    network_mode: container:z2m',
      '    pid: service:zigbee',
      '  win:',
      '    image: mcr.microsoft.com/windows/nanoserver:ltsc2022',
      '    platform: windows/amd64',
      '',
    ].join('\n'),
  );
  const { text } = importCli(path);
  const m = model(text);
  const z = container(m, 'zigbee');
  assert.deepEqual(z.devices, ['/dev/ttyUSB0'], 'the host side of HOST:CONTAINER');
  assert.equal(z.runtime, 'kata');
  assert.equal(z.namespaces.user.mode, 'host');
  assert.equal(z.namespaces.cgroup.mode, 'host');
  assert.equal(z.seccomp, '/etc/docker/seccomp/z2m.json');
  assert.equal(z.apparmor, 'unconfined');
  assert.equal(z.selinux, 'svirt_sandbox_file_t');
  const anon = z.mounts.find((x) => x.target === '/app/data');
  assert.ok(anon && anon.type === 'volume' && anon.source?.kind === 'volume' && anon.source.name === 'zigbee-anonymous-app-data');
  assert.match(text, /# an anonymous volume of zigbee at \/app\/data, created by Docker\n\s+volume zigbee-anonymous-app-data \{/);
  const s = container(m, 'sidecar');
  assert.ok(s.namespaces.net.mode === 'container' && s.namespaces.net.name === 'zigbee', 'container:z2m is the service whose container_name is z2m');
  assert.ok(s.namespaces.pid.mode === 'container' && s.namespaces.pid.name === 'zigbee');
  assert.equal(container(m, 'win').platform, 'windows');
  const fs = findings(text);
  noSchemaErrors(fs);
  has(fs, 'VMX219', 'zigbee', /ttyUSB0/);
  has(fs, 'VMX217', 'zigbee', /apparmor = unconfined/);
  has(fs, 'VMX208', 'zigbee', /cgroup = host/);
});
