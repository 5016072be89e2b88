import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSensitivePath, normalisePath } from '../../core/src/checks/mounts';
import { assertAllFixesRoundTrip, container, expectCodes, expectOne, host, lineOf, withCode } from './helpers';

const mount = (name: string, source: string, extra = '') => `mount ${name} {\n  source = ${source}\n  target = "/data"\n  ${extra}\n}`;
const vm = (name: string, body = '') => `vm ${name} {\n  vcpus = 2\n  memory = 4GiB\n  guest linux {}\n${body}\n}`;

test('VMX210: every sensitive path of §4 is an error on the source attribute read-write, a warning read-only (a socket stays an error)', () => {
  const sockets = ['/var/run/docker.sock', '/run/containerd/containerd.sock'];
  for (const p of ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker', ...sockets]) {
    const rw = host(container('c', mount('m', JSON.stringify(p))));
    assert.equal(expectOne(rw, 'VMX210', lineOf(rw, 'source =')).severity, 'error', p);
    const ro = host(container('c', mount('m', JSON.stringify(p), 'mode = ro')));
    assert.equal(expectOne(ro, 'VMX210', lineOf(ro, 'source =')).severity, sockets.includes(p) ? 'error' : 'warning', p);
  }
});

test('VMX210: written differently, below /proc and /sys, or through a volume', () => {
  for (const p of ['/etc/', '//etc', '/srv/../etc', '/proc/sys', '/sys/fs/cgroup', '/run/docker.sock']) {
    assert.ok(isSensitivePath(p), p);
  }
  const t = host(`volume conf { path = "/etc" }\n` + container('c', mount('m', 'volume("conf")', 'type = volume')));
  const d = expectOne(t, 'VMX210', lineOf(t, 'source ='));
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'path = "/etc"'));
});

test('VMX210 near miss: ordinary data directories and files under /etc', () => {
  assert.equal(normalisePath('/srv//data/'), '/srv/data');
  for (const p of ['/srv/data', '/etc/nginx/nginx.conf', '/var/lib/postgresql', '/usrdata', '/devices']) assert.ok(!isSensitivePath(p), p);
  expectCodes(host(container('c', mount('m', '"/srv/data"'))), []);
});

test('VMX211: one source rw in two containers: each writer reported, related to the others; the fix keeps one writer', () => {
  const t = host([container('a', mount('m', '"/srv/shared"')), container('b', mount('m', '"/srv/shared/"', 'mode = rw')), container('r', mount('m', '"/srv/shared"', 'mode = ro'))].join('\n'));
  const ds = withCode(t, 'VMX211');
  assert.deepEqual(ds.map((d) => d.range.start.line), [lineOf(t, 'source = "/srv/shared"'), lineOf(t, 'source = "/srv/shared/"')]);
  assert.equal(ds[0].severity, 'warning');
  assert.deepEqual(ds[0].related?.map((r) => r.range.start.line), [lineOf(t, 'source = "/srv/shared/"'), lineOf(t, 'source = "/srv/shared"', 1)]);
  assert.equal(assertAllFixesRoundTrip(t, 'VMX211'), 2);
});

test('VMX211: a volume mounted rw by three containers', () => {
  const t = host(`volume v {}\n` + ['a', 'b', 'c'].map((n) => container(n, mount('m', 'volume("v")', 'type = volume'))).join('\n'));
  assert.equal(withCode(t, 'VMX211').length, 3);
  assert.equal(assertAllFixesRoundTrip(t, 'VMX211'), 3);
});

test('VMX211 near miss: two containers sharing a ro mount, one writer and one reader, the same path on two kernels', () => {
  expectCodes(host([container('a', mount('m', '"/srv/s"', 'mode = ro')), container('b', mount('m', '"/srv/s"', 'mode = ro'))].join('\n')), []);
  expectCodes(host([container('a', mount('m', '"/srv/s"')), container('b', mount('m', '"/srv/s"', 'mode = ro'))].join('\n')), []);
  expectCodes(host(`hypervisor kvm {\n${vm('v', container('a', mount('m', '"/srv/s"')))}\n}\n` + container('b', mount('m', '"/srv/s"'))), []);
});

test('VMX212: a container in a VM mounting a host volume, on source, related to the volume', () => {
  const t = host(`volume shared { path = "/srv/shared" }\nhypervisor kvm {\n${vm('v', container('c', mount('m', 'volume("shared")', 'type = volume')))}\n}`);
  const d = expectOne(t, 'VMX212', lineOf(t, 'source = volume'));
  assert.equal(d.severity, 'error');
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'volume shared'));
  expectCodes(t, ['VMX212']);
});

test('VMX212 near miss: the VM declares its own volume of the same name', () => {
  expectCodes(host(`volume shared {}\nhypervisor kvm {\n${vm('v', 'volume shared {}\n' + container('c', mount('m', 'volume("shared")', 'type = volume')))}\n}`), []);
});
