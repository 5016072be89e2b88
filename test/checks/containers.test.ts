import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllFixesRoundTrip, check, container, expectCodes, expectOne, host, lineOf, withCode } from './helpers';

test('VMX206: a process with ring < 3 in a container, on its ring attribute', () => {
  const t = host(container('c', 'process p { ring = 0 }'));
  const d = expectOne(t, 'VMX206', lineOf(t, 'ring = 0'));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /ring 3/);
  assert.equal(assertAllFixesRoundTrip(t, 'VMX206'), 1);
});

test('VMX206 near miss: ring 3 (and the default) stay silent', () => {
  expectCodes(host(container('c', 'process p { ring = 3 }\nprocess q { count = 2 }')), []);
});

test('VMX207: privileged container is a warning on the privileged attribute, with a fix', () => {
  const t = host(container('c', 'privileged = true'));
  const d = expectOne(t, 'VMX207', lineOf(t, 'privileged = true'));
  assert.equal(d.severity, 'warning');
  assert.equal(assertAllFixesRoundTrip(t, 'VMX207'), 1);
});

test('VMX207 is information under kata and gvisor', () => {
  for (const runtime of ['kata', 'gvisor']) {
    const t = host(container('c', `runtime = ${runtime}\nprivileged = true`));
    assert.equal(expectOne(t, 'VMX207', lineOf(t, 'privileged')).severity, 'information');
  }
});

test('VMX207 near miss: privileged = false', () => {
  expectCodes(host(container('c', 'privileged = false')), []);
});

test('VMX208: pid, net, ipc, uts, mnt, cgroup = host each warn on their attribute; fix makes it private', () => {
  for (const ns of ['pid', 'net', 'ipc', 'uts', 'mnt', 'cgroup']) {
    const t = host(container('c', `namespaces { ${ns} = host }`));
    const d = expectOne(t, 'VMX208', lineOf(t, `${ns} = host`));
    assert.equal(d.severity, 'warning');
    const cut = t.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    assert.equal(cut, `${ns} = host`);
    assert.equal(assertAllFixesRoundTrip(t, 'VMX208'), 1);
  }
});

test('VMX208 follows joins transitively: joining a container on the host network is on the host network', () => {
  const t = host([container('a', 'namespaces { net = host }'), container('b', 'namespaces { net = container("a") }'), container('c', 'namespaces { net = container("b") }')].join('\n'));
  const ds = withCode(t, 'VMX208');
  assert.deepEqual(ds.map((d) => d.range.start.line).sort((x, y) => x - y), [lineOf(t, 'net = host'), lineOf(t, 'container("a")'), lineOf(t, 'container("b")')]);
  const c = ds.find((d) => d.range.start.line === lineOf(t, 'container("b")'))!;
  assert.match(c.message, /b → a/);
  assert.equal(c.related?.length, 2);
  assert.equal(withCode(t, 'VMX216').length, 2);
});

test('VMX208 near miss: user, time = host and a join of a private namespace', () => {
  const t = host([container('a'), container('b', 'namespaces { net = container("a") mnt = private cgroup = private time = host }')].join('\n'));
  assert.equal(withCode(t, 'VMX208').length, 0);
});

test('VMX209: root by default without a user namespace, on the container header', () => {
  const t = host('container c {\n  cgroup { memory.max = 1GiB pids.max = 10 }\n}');
  const d = expectOne(t, 'VMX209', lineOf(t, 'container c'));
  assert.match(d.message, /root/);
  assert.equal(assertAllFixesRoundTrip(t, 'VMX209'), 1);
});

test('VMX209: user = 0 and user = root on the attribute; a root process of a non-root container', () => {
  for (const u of ['0', 'root', '"root"']) {
    const t = host(`container c {\n  user = ${u}\n  cgroup { memory.max = 1GiB pids.max = 10 }\n}`);
    expectOne(t, 'VMX209', lineOf(t, 'user ='));
    assertAllFixesRoundTrip(t, 'VMX209');
  }
  const p = host(container('c', 'process p { user = root }'));
  expectOne(p, 'VMX209', lineOf(p, 'user = root'));
});

test('VMX209 near miss: root with a private user namespace, or a non-root user', () => {
  expectCodes(host('container c {\n  user = root\n  namespaces { user = private }\n  cgroup { memory.max = 1GiB pids.max = 10 }\n}'), []);
  expectCodes(host(container('c')), []);
});

test('VMX215: each dangerous capability warns on its list item', () => {
  const t = host(container('c', 'capabilities = [NET_BIND_SERVICE, SYS_ADMIN, cap_net_raw, CHOWN]'));
  const ds = withCode(t, 'VMX215');
  assert.equal(ds.length, 2);
  const line = t.split('\n')[lineOf(t, 'capabilities')];
  assert.deepEqual(ds.map((d) => line.slice(d.range.start.character, d.range.end.character)), ['SYS_ADMIN', 'cap_net_raw']);
  for (const cap of ['SYS_MODULE', 'SYS_RAWIO', 'SYS_PTRACE', 'SYS_BOOT', 'NET_ADMIN', 'DAC_READ_SEARCH', 'BPF', 'ALL']) {
    assert.equal(withCode(host(container('c', `capabilities = [${cap}]`)), 'VMX215').length, 1, cap);
  }
});

test('VMX215 near miss: harmless capabilities', () => {
  expectCodes(host(container('c', 'capabilities = [NET_BIND_SERVICE, CHOWN, SETUID]')), []);
});

test('VMX216: joining another container is information, related to the joined container', () => {
  const t = host([container('web'), container('side', 'namespaces { net = container("web") }')].join('\n'));
  const d = expectOne(t, 'VMX216', lineOf(t, 'container("web")'));
  assert.equal(d.severity, 'information');
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'container web'));
  expectCodes(t, ['VMX216']);
});

test('VMX216 near miss: private and host namespaces are not joins', () => {
  assert.equal(withCode(host(container('c', 'namespaces { net = private uts = host }')), 'VMX216').length, 0);
});

test('clean containers in a VM produce nothing', () => {
  const hardened = 'cap_drop = [ALL]\nno_new_privileges = true\nread_only_rootfs = true';
  const t = host(`hypervisor kvm {\n vm v {\n vcpus = 2 memory = 4GiB\n guest linux {}\n${container('a', hardened)}\n${container('b', `runtime = gvisor\n${hardened}`)}\n }\n}`);
  expectCodes(t, []);
  assert.deepEqual(check(t), []);
});
