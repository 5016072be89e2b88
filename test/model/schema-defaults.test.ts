/**
 * Defaults come from the schema (core/src/schema/kinds.ts, read through
 * schema/defaults.ts): what the model applies to an attribute left out is
 * what docs/language.md and hover say, including the defaults a block's
 * label implies. Expected values are the hypervisors' and guests' own
 * (type 1 runs on the hardware, VirtualBox is a program on a host OS; KVM
 * guests use virtio, Hyper-V children VMBus; Windows cannot be
 * paravirtualized).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeDefault, attributeSpec, describeDefault } from '../../core/src/schema';
import { check, codes, inHost } from '../helpers';

function hypervisorOf(kind: string, body = '') {
  const r = check(inHost(`    hypervisor ${kind} {\n${body}      vm v { vcpus = 1; memory = 1GiB; guest linux {} }\n    }\n`));
  return r.model!.hosts[0].hypervisor!;
}

test('a hypervisor\u2019s type and I/O path left out are the ones its kind implies', () => {
  const expected: Record<string, [1 | 2, string]> = {
    kvm: [1, 'virtio'],
    xen: [1, 'virtio'],
    hyperv: [1, 'vmbus'],
    esxi: [1, 'emulated'],
    virtualbox: [2, 'emulated'],
    'vmware-workstation': [2, 'emulated'],
    qemu: [2, 'emulated'],
  };
  for (const [kind, [type, io]] of Object.entries(expected)) {
    const hv = hypervisorOf(kind);
    assert.equal(hv.type, type, `${kind} type`);
    assert.equal(hv.io, io, `${kind} io`);
  }
  // Written values win over the implied ones.
  assert.equal(hypervisorOf('kvm', '      io = emulated\n').io, 'emulated');
});

test('a guest\u2019s paravirt left out follows its kind: Linux and FreeBSD can be, Windows cannot', () => {
  const guestOf = (g: string) => check(inHost(`    hypervisor xen {\n      vm v { vcpus = 1; memory = 1GiB; guest ${g} }\n    }\n`)).model!.vms[0].guest!;
  assert.equal(guestOf('linux {}').paravirt, true);
  assert.equal(guestOf('freebsd {}').paravirt, true);
  assert.equal(guestOf('windows {}').paravirt, false);
  assert.equal(guestOf('linux { paravirt = false }').paravirt, false);
});

test('VMX203 compares a written type with the type the schema implies for the kind', () => {
  assert.ok(codes(check(inHost('    hypervisor virtualbox {\n      type = 1\n    }\n', '    os linux {}\n'))).includes('VMX203'));
  assert.ok(!codes(check(inHost('    hypervisor virtualbox {\n      type = 2\n    }\n', '    os linux {}\n'))).includes('VMX203'));
  assert.equal(attributeDefault('hypervisor', 'type', { label: 'esxi' }), 1);
  assert.equal(attributeDefault('hypervisor', 'type', { label: 'qemu' }), 2);
});

test('the doc text of a label-dependent default is written from the same table the model applies', () => {
  assert.equal(describeDefault(attributeSpec('hypervisor', 'io')!), 'implied by the kind: virtio for kvm and xen; vmbus for hyperv; emulated otherwise');
  assert.equal(describeDefault(attributeSpec('guest', 'paravirt')!), 'implied by the kind: true for linux and freebsd; false for windows');
});
