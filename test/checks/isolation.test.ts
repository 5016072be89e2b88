import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../core/src/analyze';
import { isolationModel } from '../../core/src/isolation';
import { Container, Model, Vm } from '../../core/src/model/types';
import { createSourceFile } from '../../core/src/source';
import { container, host, URI } from './helpers';

function model(text: string): Model {
  const root = createSourceFile(URI, text);
  const m = analyze(root, { get: () => undefined }).model;
  assert.ok(m);
  return m;
}

const vm = (name: string, body = '') => `vm ${name} {\n vcpus = 2 memory = 4GiB\n guest linux {}\n${body}\n}`;
const byName = <T extends { name: string }>(list: T[], name: string): T => list.find((x) => x.name === name)!;

test('bare host: its kernel in ring 0 on the hardware; its containers in ring 3 of it', () => {
  const m = model(host(container('c')));
  const iso = isolationModel(m);
  const h = iso.entity(m.hosts[0]);
  assert.deepEqual([h.ring, h.mode, h.boundary], [0, 'native', 'hardware']);
  const c = iso.entity(m.containers[0]);
  assert.deepEqual([c.ring, c.mode, c.boundary, c.kernel], [3, 'native', 'container-namespaces', m.hosts[0].kernel]);
  assert.match(c.explanation, /ring 3 of the host OS of h/);
  assert.equal(isolationModel(m), iso, 'cached per model');
});

test('KVM with hardware virtualization: host kernel in VMX root, guest kernel in ring 0 non-root, its containers ring 3 non-root', () => {
  const m = model(host(`os linux {}\nhypervisor kvm {\n${vm('v', container('c'))}\n}`));
  const iso = isolationModel(m);
  const hv = iso.hypervisor(m.hosts[0].hypervisor!);
  assert.deepEqual([hv.type, hv.placement, hv.ring, hv.mode], [1, 'bare-metal', 0, 'vmx-root']);
  assert.deepEqual([iso.entity(m.hosts[0]).mode, iso.entity(m.hosts[0]).boundary], ['vmx-root', 'hypervisor']);
  const g = iso.entity(m.vms[0]);
  assert.deepEqual([g.ring, g.mode, g.boundary, g.kernel], [0, 'vmx-non-root', 'hardware-vm', m.vms[0].kernel]);
  const c = iso.entity(m.containers[0]);
  assert.deepEqual([c.ring, c.mode, c.boundary, c.kernel], [3, 'vmx-non-root', 'container-namespaces', m.vms[0].kernel]);
});

test('rings per virtualization mode: para → ring 3 deprivileged, full → ring 1 (binary translation), QEMU TCG → emulated', () => {
  const para = model(host(`hypervisor xen {\n virtualization = para\n${vm('v')}\n}`));
  assert.deepEqual(pick(isolationModel(para).entity(para.vms[0])), [3, 'deprivileged', 'paravirtualized-vm']);
  const full = model(host(`hypervisor esxi {\n virtualization = full\n${vm('v')}\n}`));
  assert.deepEqual(pick(isolationModel(full).entity(full.vms[0])), [1, 'deprivileged', 'emulated-vm']);
  const tcg = model(host(`os linux {}\nhypervisor qemu {\n virtualization = full\n${vm('v')}\n}`));
  assert.deepEqual(pick(isolationModel(tcg).entity(tcg.vms[0])), [3, 'emulated', 'emulated-vm']);
  assert.equal(isolationModel(tcg).hypervisor(tcg.hosts[0].hypervisor!).driver, undefined);
});

function pick(p: { ring: number; mode: string; boundary: string }) {
  return [p.ring, p.mode, p.boundary];
}

test('type 2: a host process in ring 3 with a ring 0 driver in VMX root; the host OS stays native', () => {
  const m = model(host(`os linux {}\nhypervisor virtualbox {\n${vm('v')}\n}`));
  const iso = isolationModel(m);
  const hv = iso.hypervisor(m.hosts[0].hypervisor!);
  assert.deepEqual([hv.type, hv.placement, hv.ring, hv.boundary, hv.driver], [2, 'host-process', 3, 'host-process', { ring: 0, mode: 'vmx-root' }]);
  assert.match(hv.explanation, /vboxdrv/);
  assert.deepEqual(pick(iso.entity(m.hosts[0])), [0, 'native', 'hardware']);
});

test('Hyper-V: parent and child partitions; the host OS is the parent partition', () => {
  const m = model(host(`os windows {}\nhypervisor hyperv {\n partition root { role = parent vcpus = 2 memory = 4GiB }\n partition web { vcpus = 2 memory = 4GiB }\n}`));
  const iso = isolationModel(m);
  assert.equal(iso.entity(byName(m.vms, 'root') as Vm).boundary, 'hyperv-parent-partition');
  assert.equal(iso.entity(byName(m.vms, 'web') as Vm).boundary, 'hyperv-child-partition');
  assert.equal(iso.entity(m.hosts[0]).boundary, 'hyperv-parent-partition');
});

test('sandboxed runtimes: Kata in its own VM, gVisor behind a user-space kernel; privileged root is the sandbox\'s', () => {
  const m = model(host(`hypervisor kvm {\n${vm('v', 'nested = true\n' + container('k', 'runtime = kata') + '\n' + container('g', 'runtime = gvisor'))}\n}`));
  const iso = isolationModel(m);
  const k = byName(m.containers, 'k');
  const g = byName(m.containers, 'g');
  assert.deepEqual(pick(iso.entity(k)), [3, 'vmx-non-root', 'kata-vm']);
  assert.equal(iso.entity(g).boundary, 'gvisor-sandbox');
  assert.match(iso.container(k).rootOf, /Kata's VM/);
  assert.match(iso.container(g).rootOf, /gVisor/);
});

test('a declared ring 0 process still runs in ring 3, and the explanation says why', () => {
  const m = model(host(container('c', 'process p { ring = 0 }')));
  const c = m.containers[0];
  const p = isolationModel(m).process(c.processes[0], c);
  assert.equal(p.ring, 3);
  assert.match(p.explanation, /declares ring 0/);
});

test('namespaces: joins followed to the owner, sharing listed, host sharing inherited, loops detected', () => {
  const m = model(
    host(
      [
        container('web', 'namespaces { net = host }'),
        container('proxy', 'namespaces { net = container("web") ipc = container("side") }'),
        container('side', 'namespaces { ipc = private }'),
        container('x', 'namespaces { uts = container("y") }'),
        container('y', 'namespaces { uts = container("x") }'),
      ].join('\n'),
    ),
  );
  const iso = isolationModel(m);
  const c = (n: string): Container => byName(m.containers, n);
  const net = iso.namespace(c('proxy'), 'net');
  assert.deepEqual([net.kind, net.withHost, net.via.map((o) => o.name)], ['host', true, ['web']]);
  assert.deepEqual(net.sharedWith.map((o) => o.name), ['web']);
  const ipc = iso.namespace(c('proxy'), 'ipc');
  assert.deepEqual([ipc.kind, ipc.owner?.name, ipc.withHost], ['container', 'side', false]);
  assert.deepEqual(iso.namespace(c('side'), 'ipc').sharedWith.map((o) => o.name), ['proxy']);
  assert.equal(iso.namespace(c('x'), 'uts').kind, 'cycle');
  assert.deepEqual(iso.namespace(c('web'), 'pid').kind, 'own');
  assert.equal(iso.container(c('web')).rootOnKernel, false, 'user 1000 is not root');
});
