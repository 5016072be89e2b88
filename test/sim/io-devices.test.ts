/**
 * I/O per device and volumes on a named disk, from first principles,
 * through `vmx simulate --format json` / `vmx check` as processes. CPU costs
 * are hand-derived from params.ts: IO_CPU_PER_BIT emulated 1 CPU per Gbit/s,
 * virtio 1 per 10 Gbit/s, direct 1 per 50 Gbit/s; IO_CPU_PER_OP emulated
 * 50 µs, virtio 10 µs; the VM's guest work × 1.03 (hardware mode).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, lineOf, simulateJson, vmx, writeTopology } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);

/** A KVM host (io = virtio) with one VM doing 0.5 CPU of work and the I/O given, with the devices given. */
const vmWith = (devices: string, io: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8  features = [vmx] }
    hypervisor kvm {
      io = virtio
      vm v {
        vcpus = 4  memory = 4GiB  memory_locked = true
        ${devices}
        workload { cpu = 0.5  ${io} }
      }
    }
  }
}
`;
const guest = 0.5 * 1.03;

test('a passthrough GPU does not make the VM’s virtio network cheap', () => {
  // 1 Gbit/s through the paravirtual NIC: 1e9 / 10e9 = 0.1 CPU, whatever the GPU is (before: direct, 0.02).
  const v = entity(simulateJson(vmWith('device gpu0 { type = gpu  access = direct }  device net0 { type = nic  access = paravirtual }', 'network = 1Gbps')), 'h/v');
  close(v.cpu.demand.mean, guest + 0.1, 1e-6, 'virtio NIC beside a passthrough GPU');
});

test('an emulated NIC costs more than virtio, an SR-IOV one less', () => {
  // 1 Gbit/s: emulated 1 CPU, SR-IOV (direct) 1e9 / 50e9 = 0.02 CPU.
  const emulated = entity(simulateJson(vmWith('device e1000 { type = nic  access = emulated }', 'network = 1Gbps')), 'h/v');
  close(emulated.cpu.demand.mean, guest + 1, 1e-6, 'emulated NIC');
  const sriov = entity(simulateJson(vmWith('device vf0 { type = nic  access = sriov }', 'network = 1Gbps')), 'h/v');
  close(sriov.cpu.demand.mean, guest + 0.02, 1e-6, 'SR-IOV NIC');
});

test('disk I/O goes through the disk device, network through the NIC: each at its own cost', () => {
  // 20,000 IOPS through an emulated disk: 20,000 × 50 µs = 1 CPU; 1 Gbit/s through an SR-IOV NIC: 0.02 CPU.
  const v = entity(simulateJson(vmWith('device ide0 { type = disk  access = emulated }  device vf0 { type = nic  access = sriov }', 'iops = 20000  network = 1Gbps')), 'h/v');
  close(v.cpu.demand.mean, guest + 1 + 0.02, 1e-6, 'emulated disk + SR-IOV NIC');
});

test('without a device of the kind, the hypervisor’s io decides (virtio)', () => {
  // A GPU only: 20,000 IOPS × 10 µs = 0.2 CPU; 1 Gbit/s / 10 Gbit/s = 0.1 CPU.
  const v = entity(simulateJson(vmWith('device gpu0 { type = gpu  access = direct }', 'iops = 20000  network = 1Gbps')), 'h/v');
  close(v.cpu.demand.mean, guest + 0.2 + 0.1, 1e-6, 'hypervisor io');
});

test('two NICs share the network I/O evenly: the mean of their costs', () => {
  // Half of 1 Gbit/s emulated (0.5 CPU) and half SR-IOV (0.01 CPU).
  const v = entity(simulateJson(vmWith('device a { type = nic  access = emulated }  device b { type = nic  access = sriov }', 'network = 1Gbps')), 'h/v');
  close(v.cpu.demand.mean, guest + 0.51, 1e-6, 'two NICs');
});

const twoDisks = (disk: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8 }
    disk nvme { iops = 400k }
    disk hdd { iops = 900 }
    volume data { path = "/srv/data"  ${disk} }
    container db {
      cgroup { memory.max = 1GiB  pids.max = 10 }
      mount m { type = volume  source = volume("data")  target = "/var/lib/db" }
      workload { iops = 1500 }
    }
  }
}
`;

test('a volume on the HDD saturates the HDD beside an idle NVMe (VMX408 on the HDD’s line)', () => {
  const text = twoDisks('disk = "hdd"');
  const r = simulateJson(text);
  const db = entity(r, 'h/db');
  close(db.io!.iops.demand, 1500, 1e-6, 'asked');
  close(db.io!.iops.granted, 900, 1e-6, 'granted: the HDD’s 900 IOPS');
  const f = r.findings.filter((x) => x.code === 'VMX408');
  assert.equal(f.length, 1, JSON.stringify(f));
  assert.equal(f[0].range.start.line, lineOf(text, 'disk hdd'));
  assert.match(f[0].message, /disk hdd saturated for 100% of the run: 1500 IOPS wanted against 900/);
});

test('the same volume without `disk` on a host with two disks loads the pool: 1500 of 400,900 IOPS, no finding', () => {
  const r = simulateJson(twoDisks(''));
  close(entity(r, 'h/db').io!.iops.granted, 1500, 1e-6, 'granted');
  assert.ok(!r.findings.some((x) => x.code === 'VMX408'));
});

test('a volume naming a disk the host does not have is VMX106 on its disk line', () => {
  const text = twoDisks('disk = "hddd"');
  const r = vmx(['check', '--format', 'json', writeTopology(text)]);
  const out = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; message: string; range: { start: { line: number } } }[] }[] };
  const list = out.files.flatMap((f) => f.diagnostics);
  const d = list.find((x) => x.code === 'VMX106');
  assert.ok(d, r.stdout);
  assert.equal(d.range.start.line, lineOf(text, 'disk = "hddd"'));
  assert.match(d.message, /no disk 'hddd' on host h: did you mean 'hdd'\?/);
});
