/**
 * I/O from first principles, through `vmx simulate --format json` as a
 * process: disk IOPS shared by io.weight, io.max as a hard cap, and the host
 * CPU that emulated and virtio I/O cost. Tolerance 1e-6 (6-decimal output).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, lineOf, simulateJson } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);

test('a saturated disk is shared by io.weight; io.max caps a group below its share', () => {
  // 10k IOPS; a (weight 300) and b (100) each want 8000: 7500 and 2500. c wants 2000 under io.max 1000.
  // With c capped at 1000, a and b share 9000 by 3:1 → 6750 and 2250; 17k IOPS reach the disk.
  const text = `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8 }
    disk nvme { iops = 10k }
    container a { cgroup { io.weight = 300  memory.max = 1GiB  pids.max = 10 } workload { iops = 8000 } }
    container b { cgroup { io.weight = 100  memory.max = 1GiB  pids.max = 10 } workload { iops = 8000 } }
    container c { cgroup { io.max = 1000iops  memory.max = 1GiB  pids.max = 10 } workload { iops = 2000 } }
  }
}
`;
  const r = simulateJson(text);
  close(entity(r, 'h/a').io!.iops.granted, 6750, 1e-6, 'a');
  close(entity(r, 'h/b').io!.iops.granted, 2250, 1e-6, 'b');
  close(entity(r, 'h/c').io!.iops.granted, 1000, 1e-6, 'c');
  close(entity(r, 'h/c').io!.iops.demand, 2000, 1e-6, 'c asked');
  const disk = r.findings.find((f) => f.code === 'VMX408' && f.range.start.line === lineOf(text, 'disk nvme'));
  assert.ok(disk, 'disk saturation on the disk line');
  assert.match(disk.message, /disk saturated for 100% of the run: 17\.0k IOPS wanted against 10\.0k/);
  const capped = r.findings.find((f) => f.code === 'VMX408' && f.range.start.line === lineOf(text, 'io.max'));
  assert.ok(capped, 'io.max throttling on the io.max line');
});

test('emulated I/O costs the host more CPU than virtio for the same IOPS', () => {
  // 20,000 IOPS: emulated 50 µs each = 1 CPU, virtio 10 µs = 0.2 CPU, on top of 0.5 CPU of guest work × 1.03.
  const host = (io: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8  features = [vmx] }
    hypervisor kvm {
      io = ${io}
      vm v { vcpus = 4  memory = 4GiB  memory_locked = true  workload { cpu = 0.5  iops = 20000 } }
    }
  }
}
`;
  const emulated = entity(simulateJson(host('emulated')), 'h/v');
  const virtio = entity(simulateJson(host('virtio')), 'h/v');
  close(emulated.cpu.demand.mean, 0.5 * 1.03 + 1.0, 1e-6, 'emulated');
  close(virtio.cpu.demand.mean, 0.5 * 1.03 + 0.2, 1e-6, 'virtio');
  close(emulated.io!.iops.granted, 20000, 1e-6, 'no disk declared: unlimited');
});

test('a saturated NIC is reported on its line (VMX409)', () => {
  const text = `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8 }
    nic eth0 { bandwidth = 1Gbps }
    container a { cgroup { memory.max = 1GiB  pids.max = 10 } workload { network = 800Mbps } }
    container b { cgroup { memory.max = 1GiB  pids.max = 10 } workload { network = burst(base = 0Mbps, peak = 800Mbps, period = 10s, duty = 50%) } }
  }
}
`;
  const r = simulateJson(text);
  // Saturated while b bursts: half the run. Shared equally: a gets 500 Mbps then, 800 otherwise.
  close(entity(r, 'h/a').io!.network.granted, (0.5 * 500e6 + 0.5 * 800e6), 1e-3, 'a network');
  const f = r.findings.find((x) => x.code === 'VMX409');
  assert.ok(f);
  assert.equal(f.range.start.line, lineOf(text, 'nic eth0'));
  assert.match(f.message, /NIC saturated for 50% of the run/);
});
