/** The container security fields of DESIGN §3.1 (schema, model, VMX103), through the public check helper and the model. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../core/src/analyze';
import { effectiveCapabilities, KERNEL_CAPABILITIES, PSS_BASELINE_CAPABILITIES, RUNTIME_DEFAULT_CAPABILITIES } from '../../core/src/isolation/capabilities';
import { attributeSpec } from '../../core/src/schema';
import { createSourceFile } from '../../core/src/source';
import { check, container, host, lineOf, URI } from './helpers';

function model(text: string) {
  const root = createSourceFile(URI, text);
  return analyze(root, { get: (uri) => (uri === URI ? root : undefined) }, {}).model!;
}

test('the new container fields are accepted with their defaults in the model', () => {
  const m = model(host(container('c')));
  const c = m.containers[0];
  assert.deepEqual(
    { capDrop: c.capDrop, seccomp: c.seccomp, apparmor: c.apparmor, selinux: c.selinux, nnp: c.noNewPrivileges, ro: c.readOnlyRootfs, devices: c.devices, platform: c.platform },
    { capDrop: [], seccomp: 'runtime-default', apparmor: 'runtime-default', selinux: undefined, nnp: false, ro: false, devices: [], platform: 'linux' },
  );
});

test('the new container fields flow into the model as written', () => {
  const t = host(container('c', 'cap_drop = [all]\ncap_add = [cap_net_bind_service]\nseccomp = "/etc/seccomp/app.json"\napparmor = unconfined\nselinux = "container_t"\nno_new_privileges = true\nread_only_rootfs = true\ndevices = ["/dev/fuse"]\nplatform = windows\nmount m { source = "/srv" target = "/srv" propagation = rslave }'));
  const c = model(t).containers[0];
  assert.deepEqual(c.capDrop, ['ALL']);
  assert.deepEqual(c.capabilities, ['NET_BIND_SERVICE'], 'cap_add is the capabilities attribute, CAP_ prefix and case normalised');
  assert.equal(c.seccomp, '/etc/seccomp/app.json');
  assert.equal(c.apparmor, 'unconfined');
  assert.equal(c.selinux, 'container_t');
  assert.equal(c.noNewPrivileges, true);
  assert.equal(c.readOnlyRootfs, true);
  assert.deepEqual(c.devices, ['/dev/fuse']);
  assert.equal(c.platform, 'windows');
  assert.equal(c.mounts[0].propagation, 'rslave');
  assert.deepEqual(check(t).filter((d) => d.code.startsWith('VMX1')), []);
});

test('mount propagation defaults to private; device access accepts sriov', () => {
  const m = model(host(container('c', 'mount m { source = "/srv" target = "/srv" }')));
  assert.equal(m.containers[0].mounts[0].propagation, 'private');
  assert.equal(attributeSpec('mount', 'propagation')!.default, 'private');
  const t = `topology t {\n  host h {\n    memory = 64GiB\n    cpu { cores = 8 features = [vmx] }\n    hypervisor kvm {\n      vm v {\n        vcpus = 2\n        memory = 4GiB\n        device nic0 { access = sriov }\n      }\n    }\n  }\n}\n`;
  assert.equal(model(t).vms[0].devices[0].access, 'sriov');
  assert.deepEqual(check(t).filter((d) => d.code === 'VMX103'), []);
});

test('VMX103: an unknown capability in cap_add or cap_drop, with did-you-mean', () => {
  for (const attr of ['capabilities', 'cap_add', 'cap_drop']) {
    const t = host(container('c', `${attr} = [SYS_ADMN]`));
    const ds = check(t).filter((d) => d.code === 'VMX103');
    assert.equal(ds.length, 1, attr);
    assert.equal(ds[0].range.start.line, lineOf(t, 'SYS_ADMN'));
    assert.match(ds[0].message, /did you mean 'SYS_ADMIN'\?/);
  }
});

test('VMX103 near miss: every kernel capability, with or without CAP_, any case, and ALL', () => {
  const t = host(container('c', `cap_drop = [ALL, ${KERNEL_CAPABILITIES.map((c, i) => (i % 2 ? `cap_${c.toLowerCase()}` : c)).join(', ')}]`));
  assert.deepEqual(check(t).filter((d) => d.code === 'VMX103'), []);
});

test('VMX103: seccomp, apparmor and platform keywords; other strings are profiles', () => {
  const bad = host(container('c', 'seccomp = unconfind\nplatform = macos'));
  const ds = check(bad).filter((d) => d.code === 'VMX103');
  assert.equal(ds.length, 2);
  assert.match(ds[0].message, /did you mean 'unconfined'/);
  assert.deepEqual(check(host(container('c', 'seccomp = "profiles/app.json"\napparmor = "my-profile"'))).filter((d) => d.code === 'VMX103'), []);
});

test('capability sets as DESIGN §3.1 and the Pod Security Standards write them', () => {
  assert.equal(KERNEL_CAPABILITIES.length, 41);
  assert.deepEqual([...RUNTIME_DEFAULT_CAPABILITIES], 'AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_CHROOT'.split(' '));
  assert.deepEqual([...PSS_BASELINE_CAPABILITIES], 'AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT'.split(' '));
});

test('effective capabilities: (default ∪ cap_add) − cap_drop, ALL and privileged', () => {
  const eff = (privileged: boolean, add: string[], drop: string[]) => [...effectiveCapabilities({ privileged, add, drop }).set].sort();
  assert.deepEqual(eff(false, [], []), [...RUNTIME_DEFAULT_CAPABILITIES].sort());
  assert.deepEqual(eff(false, ['SYS_TIME'], ['NET_RAW', 'MKNOD']), [...RUNTIME_DEFAULT_CAPABILITIES.filter((c) => c !== 'NET_RAW' && c !== 'MKNOD'), 'SYS_TIME'].sort());
  assert.deepEqual(eff(false, [], ['ALL']), []);
  assert.deepEqual(eff(false, ['NET_BIND_SERVICE'], ['ALL']), ['NET_BIND_SERVICE']);
  assert.equal(eff(false, ['ALL'], []).length, 41);
  assert.deepEqual(eff(false, ['ALL'], ['SYS_ADMIN']).includes('SYS_ADMIN'), false);
  assert.equal(eff(true, [], ['ALL']).length, 41, 'privileged holds every capability whatever is dropped');
  const e = effectiveCapabilities({ privileged: false, add: ['SYS_TIME'], drop: ['NET_RAW'] });
  assert.deepEqual(e.added, ['SYS_TIME']);
  assert.equal(e.keptDefaults.includes('NET_RAW'), false);
});

test('devices: the host side of Docker’s host:container:permissions, and a device path that holds a colon itself', async () => {
  const { hostDevicePath } = await import('../../core/src/checks/security');
  assert.equal(hostDevicePath('/dev/sda:/dev/xvda:rwm'), '/dev/sda');
  assert.equal(hostDevicePath('/dev/ttyUSB0:/dev/ttyUSB0'), '/dev/ttyUSB0');
  assert.equal(hostDevicePath('/dev/fuse:rw'), '/dev/fuse');
  assert.equal(hostDevicePath('/dev/char/10:232'), '/dev/char/10:232');
  assert.equal(hostDevicePath('/dev/char/10:232:/dev/kvm'), '/dev/char/10:232');
  assert.equal(hostDevicePath('/dev/kvm'), '/dev/kvm');
});
