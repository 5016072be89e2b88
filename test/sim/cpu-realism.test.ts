/**
 * SMT capacity and run-queue delay from first principles, through
 * `vmx simulate --format json` as a process. Expected figures are derived
 * by hand from params.ts (SMT_CORE_CAPACITY = 1.25, hardware virtualization
 * overhead 3%) and the formulas of docs/simulation.md; the JSON prints 6
 * significant digits, hence 1e-6.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, lineOf, simulateJson } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);

// 4 cores × 2 threads: logical CPUs 0–7, CPU n and n + 4 are the two threads of core n.
const smtHost = (cpuA: number, cpuB: number) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4  threads = 2 }
    container a { cgroup { cpuset.cpus = ${cpuA} } workload { cpu = 1 } }
    container b { cgroup { cpuset.cpus = ${cpuB} } workload { cpu = 1 } }
  }
}
`;

test('two busy threads of one core give 1.25 cores between them, not 2', () => {
  const r = simulateJson(smtHost(0, 4));
  // One core with both threads busy: SMT_CORE_CAPACITY = 1.25 cores, shared equally (equal weights).
  close(entity(r, 'h/a').cpu.granted.mean, 0.625, 1e-6, 'a');
  close(entity(r, 'h/b').cpu.granted.mean, 0.625, 1e-6, 'b');
  close(entity(r, 'h').cpu.granted.mean, 1.25, 1e-6, 'host');
});

test('the same two threads on different cores run in full', () => {
  const r = simulateJson(smtHost(0, 1));
  close(entity(r, 'h/a').cpu.granted.mean, 1, 1e-9, 'a');
  close(entity(r, 'h/b').cpu.granted.mean, 1, 1e-9, 'b');
  close(entity(r, 'h').cpu.granted.mean, 2, 1e-9, 'host');
});

test('a host whose every thread is busy does the work of cores × 1.25, not of its logical CPUs', () => {
  // 2 cores × 2 threads, 4 containers each wanting 1 CPU, unpinned: 4 runnable threads on 2 cores → 2.5 cores, 0.625 each.
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  threads = 2 }
    container a { workload { cpu = 1 } }
    container b { workload { cpu = 1 } }
    container c { workload { cpu = 1 } }
    container d { workload { cpu = 1 } }
  }
}
`);
  for (const id of ['a', 'b', 'c', 'd']) close(entity(r, `h/${id}`).cpu.granted.mean, 0.625, 1e-6, id);
  close(entity(r, 'h').cpu.granted.mean, 2.5, 1e-6, 'host');
});

test('three busy threads on 2 cores × 2 threads: two run alone on a core, the third shares one (2.25 cores)', () => {
  // 3 runnable threads, 2 cores: 2 + 0.25 × (3 − 2) = 2.25 cores shared by 3 equal containers → 0.75 each.
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  threads = 2 }
    container a { workload { cpu = 1 } }
    container b { workload { cpu = 1 } }
    container c { workload { cpu = 1 } }
  }
}
`);
  close(entity(r, 'h').cpu.granted.mean, 2.25, 1e-6, 'host');
  close(entity(r, 'h/a').cpu.granted.mean, 0.75, 1e-6, 'a');
});

test('a light VM on an oversubscribed host waits for a CPU too: its steal is the run-queue delay', () => {
  // 2 CPUs (no SMT). light: 0.1 CPU of guest work × 1.03 = 0.103; busy1, busy2: 2 vCPUs saturated (2.06 capped at 2).
  // Runnable work asked: 0.103 + 2 + 2 = 4.103 against 2 CPUs. Processor sharing: a runnable vCPU runs 2/4.103
  // of the time, so it waits (4.103 − 2) / 4.103 of its runnable time, however little it asks.
  // Max-min fair shares: light gets its 0.103; busy ones (2 − 0.103) / 2 = 0.9485 each, steal (2 − 0.9485) / 2.
  const text = `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  features = [vmx] }
    hypervisor kvm {
      vm light { vcpus = 1  memory = 1GiB  memory_locked = true  workload { cpu = 0.1 } }
      vm busy1 { vcpus = 2  memory = 1GiB  memory_locked = true  workload { cpu = 2 } }
      vm busy2 { vcpus = 2  memory = 1GiB  memory_locked = true  workload { cpu = 2 } }
    }
  }
}
`;
  const r = simulateJson(text);
  const delay = (4.103 - 2) / 4.103;
  const light = entity(r, 'h/light');
  close(light.cpu.granted.mean, 0.103, 1e-6, 'light granted: all it asks');
  close(light.cpu.steal!, delay, 1e-6, 'light steal');
  assert.ok(light.cpu.steal! > 0.5, 'the light VM waits as a busy one does');
  const busyGrant = (2 - 0.103) / 2;
  close(entity(r, 'h/busy1').cpu.granted.mean, busyGrant, 1e-6, 'busy1 granted');
  close(entity(r, 'h/busy1').cpu.steal!, (2 - busyGrant) / 2, 1e-6, 'busy1 steal');
  const f = r.findings.find((x) => x.code === 'VMX401' && x.range.start.line === lineOf(text, 'vm light'));
  assert.ok(f, 'VMX401 on the light VM too');
  // Runnable = granted / (1 − delay) = 0.103 × 4.103 / 2 = 0.211 vCPUs.
  assert.match(f.message, /runnable but not running 51% of the time \(mean\); runnable 0\.211 vCPUs/);
});

test('a light VM on a host with CPUs to spare has no steal', () => {
  // 0.103 + 2 + 2 = 4.103 CPUs asked on 8: nobody waits.
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8  features = [vmx] }
    hypervisor kvm {
      vm light { vcpus = 1  memory = 1GiB  memory_locked = true  workload { cpu = 0.1 } }
      vm busy1 { vcpus = 2  memory = 1GiB  memory_locked = true  workload { cpu = 2 } }
      vm busy2 { vcpus = 2  memory = 1GiB  memory_locked = true  workload { cpu = 2 } }
    }
  }
}
`);
  assert.equal(entity(r, 'h/light').cpu.steal, 0);
  assert.ok(!r.findings.some((f) => f.code === 'VMX401'));
});

test('a light VM pinned to a contended CPU waits for it, beside VMs pinned elsewhere', () => {
  // CPU 0: light (0.103) and busy (1 vCPU, 1.03 capped at 1): asked 1.103 on 1 CPU → delay 0.103 / 1.103.
  // other, pinned to CPU 1 alone, does not wait. Host: 4 CPUs, so nothing waits at the host level.
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4  features = [vmx] }
    hypervisor kvm {
      vm light { vcpus = 1  pin = [0]  memory = 1GiB  memory_locked = true  workload { cpu = 0.1 } }
      vm busy { vcpus = 1  pin = [0]  memory = 1GiB  memory_locked = true  workload { cpu = 1 } }
      vm other { vcpus = 1  pin = [1]  memory = 1GiB  memory_locked = true  workload { cpu = 0.1 } }
    }
  }
}
`);
  close(entity(r, 'h/light').cpu.steal!, 0.103 / 1.103, 1e-6, 'light steal');
  close(entity(r, 'h/busy').cpu.granted.mean, 1 - 0.103, 1e-6, 'busy granted');
  assert.equal(entity(r, 'h/other').cpu.steal, 0);
});
