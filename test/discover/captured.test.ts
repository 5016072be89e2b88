/**
 * `vmx discover --root DIR` on the two captured trees of
 * test/fixtures/discover (hand-written proc/ and sys/ files; the figures
 * below are derived by hand from those files, see the comments). The real
 * CLI, then the real resolver and `vmx check` on its output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverTopology } from '../../core/src/discover';
import { NodeSystemReader } from '../../core/src/host/node-system';
import { runCli } from '../helpers';
import { blockLines, DOCKER_V1, entityIds, K8S } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-discover-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const k8s = runCli(['discover', '--root', K8S]);
const v1 = runCli(['discover', '--root', DOCKER_V1]);

const POD1 = '6b1d3c52-8f4e-4a7b-9c0d-1e2f3a4b5c6d';
const POD2 = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';

test('kubeadm worker (cgroup v2): exit 0, every file read', () => {
  assert.equal(k8s.status, 0, k8s.stderr);
  assert.match(k8s.stderr, /0 parts not read or not mapped/);
  assert.doesNotMatch(k8s.stdout, /not readable/);
});

test('kubeadm worker: hardware — 8 processors of 1 socket × 4 cores × 2 threads, MemTotal 32827412 kB exactly, no swap, kernel, v2', () => {
  const host = blockLines(k8s.stdout, 'host worker-1 {');
  assert.ok(host.includes('memory = 32827412KiB'));
  assert.ok(!host.some((l) => l.startsWith('swap')), 'SwapTotal 0 is the default, not written');
  assert.deepEqual(blockLines(k8s.stdout, 'cpu {'), ['cores = 4', 'threads = 2', 'features = [vmx, ept, vpid, avx, avx2, avx512, aes, sse4_2, smep, smap]']);
  assert.deepEqual(blockLines(k8s.stdout, 'os linux {'), ['kernel = "5.15.0-91-generic"', 'cgroup = v2']);
});

test('kubeadm worker: the libvirt VM from its QEMU command line and its machine.slice scope', () => {
  const vm = blockLines(k8s.stdout, 'vm win11 {');
  // -smp 4,…; -m size=8388608k = 8 GiB; -overcommit mem-lock=on; scope cpu.max "200000 100000" = 2 CPUs; -device vfio-pci,id=hostdev0.
  for (const line of ['vcpus = 4', 'memory = 8GiB', 'memory_locked = true', 'cpu.max = 2', 'cpuset.cpus = "4-7"', 'device hostdev0 {', 'access = direct']) assert.ok(vm.includes(line), `${line} in ${vm.join(' | ')}`);
  assert.ok(blockLines(k8s.stdout, 'hypervisor kvm {').includes('vm win11 {'), '/dev/kvm present: hypervisor kvm');
});

test('kubeadm worker: the burstable pod and its containerd container, nested as kubelet nests their cgroups', () => {
  const ids = entityIds(k8s.stdout);
  const pod = `worker-1/kubepods.slice/kubepods-burstable.slice/${POD1}`;
  assert.ok(ids.includes(pod), ids.join('\n'));
  assert.ok(ids.includes(`${pod}/c0ffee00c0ff`));
  assert.ok(ids.includes(`worker-1/kubepods.slice/kubepods-besteffort.slice/${POD2}/fedcba098765`));
  // The pause containers are the pods' sandboxes: not workloads.
  assert.ok(!ids.some((id) => id.endsWith('/aa11bb22cc33') || id.endsWith('/1234567890ab')));
  // Services and sessions without limits are no entities; the slice holding a limited user is.
  assert.ok(!ids.some((id) => /containerd\.service|kubelet\.service|session-3|init\.scope/.test(id)));
  assert.ok(ids.includes('worker-1/user.slice/user-1000.slice'));
  const p = blockLines(k8s.stdout, `pod "${POD1}" {`);
  for (const line of ['qos = burstable', 'cpu.weight = 10', 'cpu.max = 500m', 'memory.max = 256MiB']) assert.ok(p.includes(line), line);
  assert.ok(p.some((l) => l.startsWith('# sandbox (pause) container aa11bb22cc33 not shown')));
  const c = blockLines(k8s.stdout, 'container c0ffee00c0ff {');
  // cpu.max "50000 100000" = 0.5 CPU; memory.max 268435456 = 256 MiB; Uid 1000; CapEff 0 = nothing of the default set; NoNewPrivs 1.
  for (const line of ['user = 1000', 'cap_drop = [ALL]', 'no_new_privileges = true', 'cpu.weight = 10', 'cpu.max = 500m', 'memory.max = 256MiB', 'pids.max = 1024',
    'id = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"', 'engine = "containerd"', 'mount log {', 'source = "/var/log"', 'target = "/var/log"', 'propagation = rslave'])
    assert.ok(c.includes(line), `${line} in ${c.join(' | ')}`);
  // etc-hosts, termination-log (kubelet) and hostname (containerd sandbox) are the runtime's, counted not shown; the service-account tmpfs is the container's own.
  assert.ok(c.includes('# 3 runtime-managed mounts not shown (hosts, hostname, resolv.conf, kubelet and runtime volumes)'));
  assert.ok(!c.some((l) => l.includes('serviceaccount')));
});

test('kubeadm worker: the besteffort agent on the host network, with NET_ADMIN, unconfined, the containerd socket mapped through the host /run tmpfs', () => {
  const c = blockLines(k8s.stdout, 'container fedcba098765 {');
  // CapEff a80435fb = the default set + bit 12 (NET_ADMIN); Seccomp 0; net ns inode = PID 1's; 0:25 /containerd/containerd.sock with /run = 0:25 on the host.
  // attr/current "unconfined": no AppArmor profile.
  for (const line of ['user = root', 'capabilities = [NET_ADMIN]', 'seccomp = unconfined', 'apparmor = unconfined', 'net = host', 'cpu.weight = 1', 'source = "/run/containerd/containerd.sock"']) assert.ok(c.includes(line), `${line} in ${c.join(' | ')}`);
  assert.ok(!c.includes('pid = host') && !c.includes('ipc = host'), 'only net is the host\'s');
});

test('kubeadm worker: the docker container — a non-default CFS period kept as "QUOTA PERIOD", a bind mapped from /dev/sdb1 at /srv', () => {
  const c = blockLines(k8s.stdout, 'container "3f6c1f0b9b2e" {');
  // io.weight "default 200" (the per-device 8:16 line is not modelled).
  for (const line of ['user = root', 'cpu.max = "25000 50000"', 'memory.max = 512MiB', 'pids.max = 100', 'io.weight = 200', 'engine = "docker"', 'mount html {', 'source = "/srv/www"', 'target = "/usr/share/nginx/html"', 'mode = ro'])
    assert.ok(c.includes(line), `${line} in ${c.join(' | ')}`);
  // The default capability set (CapEff a80425fb) is neither added to nor dropped from; docker-default is the runtime's AppArmor profile.
  assert.ok(!c.some((l) => l.startsWith('capabilities') || l.startsWith('cap_drop') || l.startsWith('apparmor')));
  assert.ok(!blockLines(k8s.stdout, 'container c0ffee00c0ff {').some((l) => l.startsWith('apparmor')), 'cri-containerd.apparmor.d is containerd\'s default');
  assert.ok(entityIds(k8s.stdout).includes('worker-1/system.slice/3f6c1f0b9b2e'));
});

test('docker host (hybrid cgroup v1): hardware, v1 limits joined across the cpu, memory, pids and cpuset hierarchies', () => {
  assert.equal(v1.status, 0, v1.stderr);
  const host = blockLines(v1.stdout, 'host docker-host {');
  assert.ok(host.includes('memory = 8152912KiB') && host.includes('swap = 2097148KiB'));
  assert.deepEqual(blockLines(v1.stdout, 'cpu {'), ['cores = 4', 'features = [svm, npt, avx, avx2, aes, sse4_2, smep, smap, sev]']);
  assert.ok(v1.stdout.includes('# hybrid cgroups: the v1 controllers hold the limits'));
  assert.ok(!v1.stdout.includes('hypervisor'), 'no /dev/kvm, no QEMU: no hypervisor');
  const web = blockLines(v1.stdout, 'container "9a8b7c6d5e4f" {');
  // cfs_quota 150000 / period 100000 = 1.5 CPUs; shares 512 raw on v1; limit_in_bytes 1073741824; Uid 33; CapEff = default − NET_RAW.
  for (const line of ['user = 33', 'cap_drop = [NET_RAW]', 'no_new_privileges = true', 'cpu.shares = 512', 'cpu.max = 1500m', 'cpuset.cpus = "0-1"', 'memory.max = 1GiB', 'pids.max = 200', 'source = "/data/web"', 'mode = ro'])
    assert.ok(web.includes(line), `${line} in ${web.join(' | ')}`);
  assert.ok(web.includes('# /backups on /dev/sdb1 (ext4, device 8:3): the host does not mount this device, so its host path is not known'));
  // devices.list beyond runc's defaults: c 10:232 and b 8:16, named by /sys/dev/…/uevent; c 4:* is a class, not a path.
  assert.ok(web.includes('devices = ["/dev/kvm", "/dev/sdb"]'));
  assert.ok(web.includes("# device rule 'c 4:* rwm' of devices.list: a whole class of devices, not one path"));
});

test('docker host: a privileged container (every capability, every device), the unlimited v1 memory limit left out', () => {
  const p = blockLines(v1.stdout, 'container "5d41402abc4b" {');
  for (const line of ['privileged = true', 'seccomp = unconfined', 'apparmor = unconfined', 'pid = host', 'net = host', 'mount host {', 'source = "/"', 'target = "/host"', 'propagation = rslave', 'source = "/run/docker.sock"', 'target = "/var/run/docker.sock"', 'propagation = rshared'])
    assert.ok(p.includes(line), `${line} in ${p.join(' | ')}`);
  assert.ok(!p.some((l) => l.startsWith('memory.max') || l.startsWith('cgroup {') || l.startsWith('capabilities')), '9223372036854771712 is no limit; privileged says every capability');
});

test('docker host: LXC, a service with a limit as a group; the LXC monitor and services without limits left out', () => {
  const ct = blockLines(v1.stdout, 'container ct1 {');
  // quota 25000 / period 50000: not the 100 ms period, so the kernel's pair; uid 100000 in a user namespace of its own.
  for (const line of ['user = 100000', 'user = private', 'cpu.max = "25000 50000"', 'memory.max = 512MiB', 'engine = "lxc"']) assert.ok(ct.includes(line), line);
  const ids = entityIds(v1.stdout);
  assert.ok(ids.includes('docker-host/system.slice/mysql.service'));
  assert.ok(!ids.some((id) => /docker\.service|lxc\.monitor/.test(id)));
  assert.deepEqual(blockLines(v1.stdout, 'group "mysql.service" {').filter((l) => l.startsWith('memory.max')), ['memory.max = 2GiB']);
});

test('the output checks without syntax, kind, attribute or type errors (VMX100–VMX103), nor any other structural error', () => {
  for (const [name, r] of [['k8s', k8s], ['v1', v1]] as const) {
    const file = join(dir, `${name}.vmx`);
    writeFileSync(file, r.stdout);
    const c = runCli(['check', '--no-simulate', '--format', 'json', file]);
    const found: string[] = JSON.parse(c.stdout).files.flatMap((f: { diagnostics: { code: string }[] }) => f.diagnostics.map((d) => d.code));
    assert.deepEqual(found.filter((code) => /^VMX1(0\d|10)$/.test(code)), [], `${name}: ${found.join(', ')}`);
  }
});

test('deterministic, and the core entry point gives the CLI\'s text', () => {
  assert.equal(runCli(['discover', '--root', K8S]).stdout, k8s.stdout);
  const core = discoverTopology(new NodeSystemReader({ root: K8S }));
  assert.equal(core.text, k8s.stdout);
  assert.deepEqual(core.notes, []);
});

test('-o writes the file, --host names the host', () => {
  const out = join(dir, 'named.vmx');
  const r = runCli(['discover', '--root', DOCKER_V1, '--host', 'node-7', '-o', out]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '');
  assert.ok(entityIds(readFileSync(out, 'utf8')).includes('node-7/docker/9a8b7c6d5e4f'));
});
