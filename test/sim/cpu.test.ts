/**
 * CPU sharing from first principles, through `vmx simulate --format json`
 * run as a process. Tolerances: fluid-model shares are exact, but the JSON
 * prints 6 significant digits, hence 1e-6 (1e-5 for thirds); steal carries the hardware-virtualization overhead of
 * 3% on top of a saturated vCPU, which does not change a capped share (1e-6).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, hostWith, lineOf, simulateJson } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);

test('two saturated containers with weights 200:100 on one CPU get 2/3 and 1/3', () => {
  const r = simulateJson(
    hostWith(`
    container a { cgroup { cpu.weight = 200 } workload { cpu = 1 } }
    container b { cgroup { cpu.weight = 100 } workload { cpu = 1 } }`),
  );
  close(entity(r, 'h/a').cpu.granted.mean, 2 / 3, 1e-5, 'a');
  close(entity(r, 'h/b').cpu.granted.mean, 1 / 3, 1e-5, 'b');
  close(entity(r, 'h').cpu.granted.mean, 1, 1e-9, 'host');
});

test("an idle group's share flows to the busy one, and comes back when it wakes", () => {
  // b is idle for the first 30 s (steps), then saturated: a has the CPU alone, then half of it.
  const r = simulateJson(
    hostWith(`
    container a { workload { cpu = 1 } }
    container b { workload { cpu = steps([0s, 0], [30s, 1]) } }`),
  );
  const a = entity(r, 'h/a');
  close(a.cpu.granted.max, 1, 1e-9, 'a alone');
  close(a.cpu.granted.mean, (30 * 1 + 30 * 0.5) / 60, 1e-6, 'a mean');
  close(entity(r, 'h/b').cpu.granted.mean, (30 * 0.5) / 60, 1e-6, 'b mean');
});

test('cpu.max = 0.5 never exceeds half a CPU and reports throttling on the cpu.max line', () => {
  const text = hostWith(`
    container capped {
      cgroup { cpu.max = 0.5 }
      workload { cpu = 2 }
    }`, 4);
  const r = simulateJson(text);
  const c = entity(r, 'h/capped');
  assert.ok(c.cpu.granted.max <= 0.5 + 1e-9, `granted max ${c.cpu.granted.max}`);
  close(c.cpu.granted.mean, 0.5, 1e-9, 'granted');
  assert.equal(c.cpu.throttled, 1);
  const f = r.findings.find((x) => x.code === 'VMX402');
  assert.ok(f, 'VMX402 reported');
  assert.equal(f.range.start.line, lineOf(text, 'cpu.max'));
  assert.match(f.message, /throttled in 100% of periods; demand p95 2 CPUs against cpu.max 0.5 CPUs/);
});

test("a burst pattern's throttled fraction matches the arithmetic", () => {
  // Peak 3 CPUs for 20% of every 10 s against cpu.max 2: throttled in exactly the peak periods, 20%.
  // Granted = 0.8 × 0.5 + 0.2 × 2 = 0.8 CPUs; demand = 0.8 × 0.5 + 0.2 × 3 = 1.0.
  const r = simulateJson(hostWith(`    container c { cgroup { cpu.max = 2 } workload { cpu = burst(base = 0.5, peak = 3, period = 10s, duty = 20%) } }`, 4));
  const c = entity(r, 'h/c');
  close(c.cpu.throttled!, 0.2, 1e-9, 'throttled');
  close(c.cpu.granted.mean, 0.8, 1e-6, 'granted');
  close(c.cpu.demand.mean, 1.0, 1e-6, 'demand');
  assert.ok(r.findings.some((f) => f.code === 'VMX402' && /throttled in 20% of periods/.test(f.message)));
});

test('cpu.max.burst lets accumulated quota absorb part of each peak', () => {
  // Quota 0.2 CPU-s per period; the peak wants 0.3: a full 1 s bucket covers 10 peak periods of 20.
  // The first cycle starts with an empty bucket (20 throttled), the 5 others 10 each: 70 of 600 periods.
  const r = simulateJson(hostWith(`    container c { cgroup { cpu.max = 2  cpu.max.burst = 1s } workload { cpu = burst(base = 0.5, peak = 3, period = 10s, duty = 20%) } }`, 4));
  close(entity(r, 'h/c').cpu.throttled!, 70 / 600, 1e-6, 'throttled');
});

const vmHost = (pinA: string, pinB: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  features = [vmx, ept] }
    hypervisor kvm {
      vm a { vcpus = 1  memory = 1GiB  pin = ${pinA}  memory_locked = true  workload { cpu = 1 } }
      vm b { vcpus = 1  memory = 1GiB  pin = ${pinB}  memory_locked = true  workload { cpu = 1 } }
    }
  }
}
`;

test('two 1-vCPU VMs pinned to the same CPU get half each, with 50% steal', () => {
  const text = vmHost('0', '0');
  const r = simulateJson(text);
  for (const id of ['h/a', 'h/b']) {
    const vm = entity(r, id);
    close(vm.cpu.granted.mean, 0.5, 1e-6, `${id} granted`);
    close(vm.cpu.steal!, 0.5, 1e-6, `${id} steal`);
  }
  const f = r.findings.filter((x) => x.code === 'VMX401');
  assert.equal(f.length, 2);
  assert.equal(f[0].range.start.line, lineOf(text, 'vm a'));
  assert.match(f[0].message, /runnable but not running 50% of the time/);
});

test('pinned apart, the same two VMs run in full with no steal', () => {
  const r = simulateJson(vmHost('0', '1'));
  for (const id of ['h/a', 'h/b']) {
    close(entity(r, id).cpu.granted.mean, 1, 1e-9, `${id} granted`);
    assert.equal(entity(r, id).cpu.steal, 0);
  }
  assert.ok(!r.findings.some((x) => x.code === 'VMX401'));
});

test('containers inside a VM share its vCPUs by weight, and the VM is capped by its vCPU count', () => {
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8  features = [vmx] }
    hypervisor kvm {
      vm v {
        vcpus = 2  memory = 8GiB  memory_locked = true
        container x { cgroup { cpu.weight = 300 } workload { cpu = 4 } }
        container y { cgroup { cpu.weight = 100 } workload { cpu = 4 } }
      }
    }
  }
}
`);
  // The VM gets its 2 vCPUs (8 free host CPUs: no steal); inside, 2 / 1.03 CPUs of guest work split 3:1.
  const guest = 2 / 1.03;
  close(entity(r, 'h/v').cpu.granted.mean, 2, 1e-9, 'vm');
  close(entity(r, 'h/v').cpu.steal!, 0, 1e-9, 'steal');
  close(entity(r, 'h/v/x').cpu.granted.mean, (guest * 3) / 4, 1e-5, 'x');
  close(entity(r, 'h/v/y').cpu.granted.mean, guest / 4, 1e-5, 'y');
});
