import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllFixesRoundTrip, container, expectCodes, expectOne, host, lineOf, withCode } from './helpers';

const kvm = (vms: string, hv = '') => `hypervisor kvm {\n${hv}\n${vms}\n}`;
const vm = (name: string, body = '') => `vm ${name} {\n  vcpus = 2\n  memory = 4GiB\n  guest linux {}\n${body}\n}`;

test('VMX201: hardware virtualization (the default) without vmx/svm, on the hypervisor header; three fixes round-trip', () => {
  const t = host(kvm(vm('a')), 'cores = 8');
  const d = expectOne(t, 'VMX201', lineOf(t, 'hypervisor kvm'));
  assert.equal(d.severity, 'error');
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'cpu {'));
  assert.equal(assertAllFixesRoundTrip(t, 'VMX201'), 3);
});

test('VMX201: written virtualization = hardware is the range; an existing features list is extended', () => {
  const t = host(kvm(vm('a'), 'virtualization = hardware'), 'cores = 8 features = [avx2]');
  const d = expectOne(t, 'VMX201', lineOf(t, 'virtualization = hardware'));
  assert.equal(d.fixes?.[0].edits[0].newText, '[avx2, vmx]');
  assertAllFixesRoundTrip(t, 'VMX201');
});

test('VMX201 near miss: svm counts, and full or para virtualization needs neither', () => {
  assert.equal(withCode(host(kvm(vm('a')), 'cores = 8 features = [svm]'), 'VMX201').length, 0);
  assert.equal(withCode(host(kvm(vm('a'), 'virtualization = full'), 'cores = 8'), 'VMX201').length, 0);
  expectCodes(host(`hypervisor xen {\n virtualization = para\n${vm('a')}\n}`, 'cores = 8'), []);
});

test('VMX202: a Windows guest under paravirtualization, on the guest header', () => {
  const t = host(`hypervisor xen {\n  virtualization = para\n  vm w {\n    vcpus = 2 memory = 4GiB\n    guest windows {}\n  }\n}`);
  const d = expectOne(t, 'VMX202', lineOf(t, 'guest windows'));
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'virtualization = para'));
  const explicit = host(`hypervisor xen {\n  virtualization = para\n  vm l {\n    vcpus = 2 memory = 4GiB\n    guest linux { paravirt = false }\n  }\n}`);
  expectOne(explicit, 'VMX202', lineOf(explicit, 'paravirt = false'));
});

test('VMX202 near miss: Windows under hardware virtualization, Linux under para', () => {
  expectCodes(host(`hypervisor xen {\n  vm w {\n    vcpus = 2 memory = 4GiB\n    guest windows {}\n  }\n}`), []);
  expectCodes(host(`hypervisor xen {\n  virtualization = para\n  vm l {\n    vcpus = 2 memory = 4GiB\n    guest linux {}\n  }\n}`), []);
});

test('VMX203: type contradicting the kind, on the type attribute, fix sets the implied type', () => {
  const t = host(`os linux {}\nhypervisor virtualbox {\n  type = 1\n${vm('a')}\n}`);
  expectOne(t, 'VMX203', lineOf(t, 'type = 1'));
  assert.equal(assertAllFixesRoundTrip(t, 'VMX203'), 1);
  const k = host(`hypervisor kvm {\n  type = 2\n}`);
  expectOne(k, 'VMX203', lineOf(k, 'type = 2'));
});

test('VMX203 near miss: the implied type written out', () => {
  expectCodes(host(`os linux {}\nhypervisor virtualbox {\n  type = 2\n${vm('a')}\n}`), []);
  expectCodes(host(`hypervisor esxi {\n  type = 1\n}`), []);
});

test('VMX213: a VM inside a VM without nested = true, on the inner VM header; fix sets nested on the outer', () => {
  const t = host(kvm(vm('outer', vm('inner'))));
  const d = expectOne(t, 'VMX213', lineOf(t, 'vm inner'));
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'vm outer'));
  assert.equal(assertAllFixesRoundTrip(t, 'VMX213'), 1);
});

test('VMX213: nested = true but full virtualization', () => {
  const t = host(kvm(vm('outer', 'nested = true\n' + vm('inner')), 'virtualization = full'));
  assert.match(expectOne(t, 'VMX213', lineOf(t, 'vm inner')).message, /full virtualization/);
});

test('VMX213 near miss: nested = true under hardware virtualization', () => {
  expectCodes(host(kvm(vm('outer', 'nested = true\n' + vm('inner')))), []);
});

test('VMX214: Kata where the kernel has no hardware virtualization, on runtime; nested fix round-trips', () => {
  const t = host(kvm(vm('a', container('k', 'runtime = kata'))));
  const d = expectOne(t, 'VMX214', lineOf(t, 'runtime = kata'));
  assert.equal(d.severity, 'error');
  assert.equal(assertAllFixesRoundTrip(t, 'VMX214'), 2);
  const bare = host(container('k', 'runtime = kata'), 'cores = 4');
  expectOne(bare, 'VMX214', lineOf(bare, 'runtime = kata'));
});

test('VMX214 near miss: a Kata container in a VM with nested = true, and on a host with VT-x', () => {
  expectCodes(host(kvm(vm('a', 'nested = true\n' + container('k', 'runtime = kata')))), []);
  expectCodes(host(container('k', 'runtime = kata')), []);
});

test('VMX213: no nested = true fix when it would not be enough (nothing beneath the outer VM to expose)', () => {
  const t = host(kvm(vm('outer', vm('inner'))), 'cores = 8');
  const d = expectOne(t, 'VMX213', lineOf(t, 'vm inner'));
  assert.equal(d.fixes, undefined);
});
