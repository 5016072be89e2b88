/** Container hardening rules VMX217–VMX225, the extended VMX208/VMX210/VMX219, folding into VMX207, Windows containers (DESIGN §4, issue 11). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSensitivePath, RUNTIME_SOCKETS, SENSITIVE_EXACT, SENSITIVE_TREES } from '../../core/src/checks/mounts';
import { deviceRisk, HARMLESS_DEVICES, VMX215_CAPABILITIES } from '../../core/src/checks/security';
import { assertAllFixesRoundTrip, check, container, expectOne, host, lineOf, withCode } from './helpers';

/** A container that draws no hardening reminder of its own (VMX222–VMX224). */
const HARDENED = 'cap_drop = [ALL]\nno_new_privileges = true\nread_only_rootfs = true';
const hardened = (name: string, body = '', cgroup = '') => container(name, `${HARDENED}\n${body}`, cgroup);
const mount = (name: string, source: string, extra = '') => `mount ${name} {\n  source = ${source}\n  target = "/data"\n  ${extra}\n}`;
const show = (text: string) => check(text).map((d) => `${d.code} ${d.range.start.line}: ${d.message}`).join('\n');
const text = (t: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) => t.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);

test('a hardened container draws nothing', () => {
  assert.deepEqual(check(host(hardened('c'))), []);
});

test('VMX217: seccomp/apparmor unconfined and selinux spc_t, each on its attribute, with a fix for the first two', () => {
  const t = host(hardened('c', 'seccomp = unconfined\napparmor = unconfined\nselinux = "spc_t"'));
  const ds = withCode(t, 'VMX217');
  assert.deepEqual(ds.map((d) => d.range.start.line), [lineOf(t, 'seccomp'), lineOf(t, 'apparmor'), lineOf(t, 'selinux')]);
  assert.ok(ds.every((d) => d.severity === 'warning'));
  assert.equal(text(t, ds[0]), 'seccomp = unconfined');
  assert.equal(assertAllFixesRoundTrip(t, 'VMX217'), 2);
});

test('VMX217 near miss: runtime-default, a profile path, a profile name, container_t', () => {
  const t = host(hardened('c', 'seccomp = "profiles/app.json"\napparmor = "my-app"\nselinux = "container_t"'));
  assert.deepEqual(check(t), []);
});

test('VMX218: propagation rshared (and shared) on the attribute; fix private round-trips', () => {
  for (const p of ['rshared', 'shared']) {
    const t = host(hardened('c', mount('m', 'volume("v")', `type = volume propagation = ${p}`)) + '\nvolume v { path = "/srv/v" }');
    const d = expectOne(t, 'VMX218', lineOf(t, 'propagation'));
    assert.equal(d.severity, 'warning');
    assert.equal(text(t, d), `propagation = ${p}`);
    assert.equal(assertAllFixesRoundTrip(t, 'VMX218'), 1);
  }
});

test('VMX218 near miss: private (default), rslave', () => {
  for (const extra of ['', 'propagation = rslave', 'propagation = private']) {
    assert.equal(withCode(host(hardened('c', mount('m', 'volume("v")', `type = volume ${extra}`)) + '\nvolume v { path = "/srv/v" }'), 'VMX218').length, 0);
  }
});

test('VMX219: devices and /dev bind mounts; warning, error for block devices and /dev/mem, /dev/kmem, /dev/port', () => {
  const t = host(hardened('c', `devices = ["/dev/dri/renderD128", "/dev/sda", "/dev/mem", "/dev/fuse", "/dev/nvme0n1"]\n${mount('k', '"/dev/kmem"')}\n${mount('u', '"/dev/ttyUSB0"')}`));
  const ds = withCode(t, 'VMX219');
  const byPath = Object.fromEntries(ds.map((d) => [/\/dev\/[\w/]+/.exec(d.message)![0], d.severity]));
  assert.deepEqual(byPath, { '/dev/dri/renderD128': 'warning', '/dev/sda': 'error', '/dev/mem': 'error', '/dev/nvme0n1': 'error', '/dev/kmem': 'error', '/dev/ttyUSB0': 'warning' }, show(t));
  assert.equal(text(t, ds.find((d) => d.message.includes('/dev/sda'))!), '"/dev/sda"', 'on the list item');
  assert.equal(text(t, ds.find((d) => d.message.includes('/dev/kmem'))!), 'source = "/dev/kmem"', 'on the mount source');
  assert.equal(withCode(t, 'VMX210').length + withCode(t, 'VMX220').length, 0, 'device nodes are VMX219 only');
});

test('VMX219 near miss: the allowed device nodes, as devices and as bind mounts', () => {
  const allowed = ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/tty', '/dev/fuse', '/dev/net/tun'];
  assert.deepEqual([...HARMLESS_DEVICES].sort(), [...allowed].sort());
  const t = host(hardened('c', `devices = [${allowed.map((p) => JSON.stringify(p)).join(', ')}]\n${allowed.map((p, i) => mount(`m${i}`, JSON.stringify(p))).join('\n')}`));
  assert.deepEqual(check(t), []);
  assert.equal(deviceRisk('/dev/sdb1'), 'block');
  assert.equal(deviceRisk('/dev/port'), 'memory');
});

test('VMX210 still owns /dev itself', () => {
  const t = host(hardened('c', mount('m', '"/dev"')));
  expectOne(t, 'VMX210', lineOf(t, 'source'));
  assert.equal(withCode(t, 'VMX219').length, 0);
});

test('VMX220: any other host-path bind mount is information on its source', () => {
  const t = host(hardened('c', mount('m', '"/srv/www"', 'mode = ro')));
  const d = expectOne(t, 'VMX220', lineOf(t, 'source'));
  assert.equal(d.severity, 'information');
  assert.equal(text(t, d), 'source = "/srv/www"');
});

test('VMX220 near miss: volumes, tmpfs, and sensitive paths (VMX210 says more)', () => {
  const t = host(hardened('c', `${mount('v', 'volume("v")', 'type = volume')}\nmount t { type = tmpfs target = "/tmp" }\n${mount('e', '"/etc"', 'mode = ro')}`) + '\nvolume v { path = "/srv/v" }');
  assert.equal(withCode(t, 'VMX220').length, 0, show(t));
});

test('VMX221: an added capability outside the PSS Baseline set and not VMX215, on the list item', () => {
  const t = host(hardened('c', 'capabilities = [SYS_TIME, cap_mac_admin, CHOWN, SYS_ADMIN]'));
  const ds = withCode(t, 'VMX221');
  assert.deepEqual(ds.map((d) => text(t, d)), ['SYS_TIME', 'cap_mac_admin']);
  assert.ok(ds.every((d) => d.severity === 'information'));
  assert.equal(withCode(t, 'VMX215').length, 1, 'SYS_ADMIN is VMX215 only');
});

test('VMX221 near miss: Baseline capabilities, one dropped again, and ALL (VMX215)', () => {
  assert.equal(withCode(host(hardened('c', 'capabilities = [NET_BIND_SERVICE, KILL]')), 'VMX221').length, 0);
  assert.equal(withCode(host(container('c', 'capabilities = [SYS_TIME]\ncap_drop = [SYS_TIME]')), 'VMX221').length, 0);
  assert.equal(withCode(host(container('c', 'capabilities = [ALL, SYS_TIME]')), 'VMX221').length, 0);
});

test('VMX215 reads the effective set: a dangerous capability dropped again is not held', () => {
  assert.equal(withCode(host(container('c', 'capabilities = [SYS_PTRACE]\ncap_drop = [SYS_PTRACE]')), 'VMX215').length, 0);
  assert.equal(withCode(host(container('c', 'cap_add = [SYS_PTRACE]')), 'VMX215').length, 1);
});

test('VMX222: NET_RAW kept from the default set, on the header or cap_drop; both fixes round-trip', () => {
  const t = host(container('c'));
  const d = expectOne(t, 'VMX222', lineOf(t, 'container c'));
  assert.equal(d.severity, 'information');
  assert.equal(assertAllFixesRoundTrip(t, 'VMX222'), 2);
  const written = host(container('c', 'cap_drop = [MKNOD]'));
  const w = expectOne(written, 'VMX222', lineOf(written, 'cap_drop'));
  assert.equal(w.fixes?.[0].edits[0].newText, '[MKNOD, NET_RAW]');
  assert.equal(assertAllFixesRoundTrip(written, 'VMX222'), 2);
});

test('VMX222 near miss: NET_RAW or ALL dropped; NET_RAW added explicitly is VMX215 instead', () => {
  assert.equal(withCode(host(container('c', 'cap_drop = [NET_RAW]')), 'VMX222').length, 0);
  assert.equal(withCode(host(container('c', 'cap_drop = [all]\ncap_add = [NET_BIND_SERVICE]')), 'VMX222').length, 0);
  const t = host(container('c', 'capabilities = [NET_RAW]'));
  assert.equal(withCode(t, 'VMX222').length, 0);
  assert.equal(withCode(t, 'VMX215').length, 1);
});

test('VMX223: no_new_privileges = false, on the attribute or the header; fix round-trips', () => {
  const t = host(container('c', 'no_new_privileges = false'));
  const d = expectOne(t, 'VMX223', lineOf(t, 'no_new_privileges'));
  assert.equal(d.severity, 'information');
  assert.equal(assertAllFixesRoundTrip(t, 'VMX223'), 1);
  const unset = host(container('c'));
  expectOne(unset, 'VMX223', lineOf(unset, 'container c'));
  assert.equal(assertAllFixesRoundTrip(unset, 'VMX223'), 1);
  assert.equal(withCode(host(container('c', 'no_new_privileges = true')), 'VMX223').length, 0);
});

test('VMX224: writable root filesystem is a hint; fix read_only_rootfs = true round-trips', () => {
  const t = host(container('c'));
  const d = expectOne(t, 'VMX224', lineOf(t, 'container c'));
  assert.equal(d.severity, 'hint');
  assert.equal(assertAllFixesRoundTrip(t, 'VMX224'), 1);
  assert.equal(withCode(host(container('c', 'read_only_rootfs = true')), 'VMX224').length, 0);
});

test('VMX225: image without a tag or tagged latest, on image', () => {
  for (const image of ['nginx', 'nginx:latest', 'registry.example.com:5000/team/app', 'ghcr.io/org/app:latest']) {
    const t = host(hardened('c', `image = "${image}"`));
    const d = expectOne(t, 'VMX225', lineOf(t, 'image'));
    assert.equal(d.severity, 'information');
  }
});

test('VMX225 near miss: a version tag, a registry port with a tag, a digest', () => {
  for (const image of ['nginx:1.27', 'registry.example.com:5000/team/app:2.1', 'nginx@sha256:0123456789abcdef']) {
    assert.equal(withCode(host(hardened('c', `image = "${image}"`)), 'VMX225').length, 0, image);
  }
});

test('VMX208 extended: mnt and cgroup shared with the host', () => {
  for (const ns of ['mnt', 'cgroup']) {
    const t = host(hardened('c', `namespaces { ${ns} = host }`));
    const d = expectOne(t, 'VMX208', lineOf(t, `${ns} = host`));
    assert.equal(d.severity, 'warning');
  }
  assert.equal(withCode(host(hardened('c', 'namespaces { mnt = private cgroup = private }')), 'VMX208').length, 0);
});

test('VMX210 path list, exactly as §4 writes it', () => {
  assert.deepEqual([...SENSITIVE_EXACT].sort(), ['/', '/boot', '/dev', '/etc', '/etc/gshadow', '/etc/shadow', '/etc/sudoers', '/lib', '/proc', '/run', '/sys', '/usr', '/var/lib/docker']);
  assert.deepEqual([...RUNTIME_SOCKETS].sort(), ['/run/containerd/containerd.sock', '/run/crio/crio.sock', '/run/docker.sock', '/run/k3s/containerd/containerd.sock', '/run/podman/podman.sock']);
  assert.deepEqual([...SENSITIVE_TREES].sort(), ['/boot', '/etc/kubernetes', '/proc', '/root', '/run/containerd', '/sys', '/var/lib/containerd', '/var/lib/docker', '/var/lib/kubelet']);
  const flagged = [
    '/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker', '/var/run/docker.sock', '/run/containerd/containerd.sock',
    '/run', '/var/run', '/run/crio/crio.sock', '/var/run/crio/crio.sock', '/run/podman/podman.sock', '/run/k3s/containerd/containerd.sock',
    '/run/containerd/io.containerd.runtime.v2.task', '/var/lib/kubelet/pods', '/var/lib/containerd/io.containerd.content.v1.content', '/etc/kubernetes/admin.conf', '/root/.ssh',
    '/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/proc/1/root', '/sys/fs/cgroup', '/boot/grub', '/var/lib/docker/volumes',
  ];
  for (const p of flagged) assert.ok(isSensitivePath(p), `${p} is flagged`);
  const notFlagged = ['/etc/nginx/nginx.conf', '/etc/passwd', '/usr/share/zoneinfo', '/lib/modules', '/run/xtables.lock', '/var/run/secrets', '/var/lib/postgresql', '/srv/data', '/rootfs', '/dev/fuse'];
  for (const p of notFlagged) assert.ok(!isSensitivePath(p), `${p} is not flagged`);
  assert.equal(VMX215_CAPABILITIES.size, 10);
});

test('VMX210 severity: rw error, ro warning (no more than privileged), a runtime socket an error even ro', () => {
  const rw = host(hardened('c', mount('m', '"/etc"')));
  assert.equal(expectOne(rw, 'VMX210', lineOf(rw, 'source')).severity, 'error');
  const ro = host(hardened('c', mount('m', '"/etc"', 'mode = ro')));
  assert.equal(expectOne(ro, 'VMX210', lineOf(ro, 'source')).severity, 'warning');
  const sock = host(hardened('c', mount('m', '"/run/crio/crio.sock"', 'mode = ro')));
  assert.equal(expectOne(sock, 'VMX210', lineOf(sock, 'source')).severity, 'error');
  const priv = host(hardened('p', 'privileged = true'));
  assert.equal(expectOne(priv, 'VMX207', lineOf(priv, 'privileged')).severity, 'warning');
});

test('VMX211 near miss: a well-known shared lock file (/run/xtables.lock) shared rw', () => {
  const t = host([hardened('a', mount('x', '"/run/xtables.lock"')), hardened('b', mount('x', '"/var/run/xtables.lock"'))].join('\n'));
  assert.equal(withCode(t, 'VMX211').length, 0, show(t));
});

test('regression: VMX210 inside a guest names the guest OS, not the host', () => {
  const t = host(`hypervisor kvm {\n vm db {\n vcpus = 2 memory = 4GiB\n guest linux {}\n${hardened('c', mount('m', '"/var/run/docker.sock"'))}\n }\n}`);
  const d = expectOne(t, 'VMX210', lineOf(t, 'source'));
  assert.match(d.message, /of the guest OS of vm db/);
  assert.match(d.message, /root on the guest OS of vm db/);
  assert.doesNotMatch(d.message, /on the host\b/);
});

test('messages name the kernel at risk: a privileged container in a guest is root of the guest OS', () => {
  const t = host(`hypervisor kvm {\n vm db {\n vcpus = 2 memory = 4GiB\n guest linux {}\n${hardened('c', 'privileged = true')}\n${hardened('d', 'seccomp = unconfined')}\n }\n}`);
  assert.match(withCode(t, 'VMX207')[0].message, /root on the guest OS of vm db/);
  assert.match(withCode(t, 'VMX217')[0].message, /the guest OS of vm db/);
});

test('folding: a privileged container reports VMX207 only, with what it implies as related information', () => {
  const t = host(`container p {\n  privileged = true\n  capabilities = [SYS_ADMIN, SYS_TIME]\n  devices = ["/dev/sda"]\n  seccomp = unconfined\n  cgroup { memory.max = 1GiB pids.max = 100 }\n${mount('d', '"/dev/mem"')}\n}`);
  const ds = check(t);
  assert.deepEqual(ds.map((d) => d.code), ['VMX207'], show(t));
  const related = ds[0].related!.map((r) => `${/^includes (VMX\d{3})/.exec(r.message)![1]} ${r.range.start.line}`);
  assert.deepEqual(related.sort(), [
    `VMX209 ${lineOf(t, 'container p')}`,
    `VMX215 ${lineOf(t, 'SYS_ADMIN')}`,
    `VMX217 ${lineOf(t, 'seccomp')}`,
    `VMX219 ${lineOf(t, '/dev/mem')}`,
    `VMX219 ${lineOf(t, '/dev/sda')}`,
    `VMX221 ${lineOf(t, 'SYS_TIME')}`,
    `VMX222 ${lineOf(t, 'container p')}`,
    `VMX223 ${lineOf(t, 'container p')}`,
    `VMX224 ${lineOf(t, 'container p')}`,
  ].sort());
  // Fixing the VMX207 reports what remains on its own, and nothing else.
  assert.equal(assertAllFixesRoundTrip(t, 'VMX207'), 1);
});

test('folding near miss: a privileged container that is otherwise hardened has nothing folded', () => {
  const t = host(hardened('p', 'privileged = true'));
  assert.deepEqual(check(t).map((d) => [d.code, d.related ?? []]), [['VMX207', []]]);
});

test('Windows containers get no Linux-only findings (namespaces, capabilities, seccomp, root, Linux mounts, VMX309)', () => {
  const t = host(`container w {\n  platform = windows\n  privileged = true\n  capabilities = [SYS_ADMIN, SYS_TIME]\n  seccomp = unconfined\n  devices = ["/dev/sda"]\n  namespaces { pid = host net = host }\n  cgroup { memory.max = 1GiB }\n${mount('e', '"/etc"')}\n${mount('s', '"/srv"', 'propagation = rshared')}\n}`);
  assert.deepEqual(check(t), [], show(t));
});

test('Windows containers: VMX308 and VMX225 still apply', () => {
  const t = host('container w {\n  platform = windows\n  image = "mcr.microsoft.com/windows/servercore"\n}');
  assert.deepEqual(check(t).map((d) => d.code).sort(), ['VMX225', 'VMX308']);
});

test('regression: VMX309 is not reported on a Windows container, and still is on a Linux one', () => {
  assert.equal(withCode(host('container w {\n  platform = windows\n  cgroup { memory.max = 1GiB }\n}'), 'VMX309').length, 0);
  assert.equal(withCode(host('container l {\n  user = 1000\n  cgroup { memory.max = 1GiB }\n}'), 'VMX309').length, 1);
});

test('regression: VMX205 is not reported on an SR-IOV virtual function, and still is on a direct device', () => {
  const hv = (access: string) => `topology t {\n  host h {\n    memory = 64GiB\n    cpu { cores = 8 features = [vmx] }\n    hypervisor hyperv {\n      partition root { role = parent vcpus = 2 memory = 4GiB }\n      partition child {\n        vcpus = 2\n        memory = 4GiB\n        device vf { access = ${access} }\n      }\n    }\n  }\n}\n`;
  assert.equal(withCode(hv('sriov'), 'VMX205').length, 0, show(hv('sriov')));
  assert.equal(withCode(hv('direct'), 'VMX205').length, 1);
});

test('an invalid value is unknown: no hardening conclusion drawn from it', () => {
  const t = host(container('c', 'cap_drop = [3]\nno_new_privileges = 3\nread_only_rootfs = 3'));
  assert.deepEqual(check(t).map((d) => d.code).sort(), ['VMX103', 'VMX103', 'VMX103']);
});
