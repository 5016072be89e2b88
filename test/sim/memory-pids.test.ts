/**
 * Memory, pids and host memory from first principles, through
 * `vmx simulate --format json` as a process. Event times are located
 * inside a period by bisection to 1 µs: tolerance 1e-5 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, hostWith, lineOf, simulateJson } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);

test('a linear memory ramp hits memory.max at the computed time: an OOM kill, then a restart', () => {
  // 0 → 2 GiB over 20 s crosses 1 GiB at 10 s; started at 5 s it crosses at 15 s. Restarted 1 s later, the
  // ramp begins again: the next kill is 11 s after the first (restart at 16 s + 10 s = 26 s).
  const text = hostWith(`
    container leak {
      cgroup { memory.max = 1GiB  pids.max = 10 }
      workload { memory = ramp(from = 0GiB, to = 2GiB, over = 20s)  start = 5s }
    }`);
  const r = simulateJson(text, ['--duration', '30s']);
  const kills = entity(r, 'h/leak').events.filter((e) => e.type === 'oom-kill');
  assert.equal(kills.length, 2);
  close(kills[0].t, 15, 1e-5, 'first kill');
  close(kills[1].t, 26, 1e-5, 'second kill');
  const f = r.findings.find((x) => x.code === 'VMX405');
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(f.range.start.line, lineOf(text, 'memory.max'));
  assert.match(f.message, /OOM kill at 15\.00 s/);
  assert.equal(r.status, 1, 'an error-severity finding makes the exit status 1');
  assert.ok(entity(r, 'h/leak').memory.used.max <= 1024 ** 3);
});

test('fork failures appear exactly when process demand exceeds pids.max', () => {
  // steps: 50 processes, then 150 from 20 s against pids.max 100: 50 forks fail, the first at 20 s.
  const text = hostWith(`
    container forky {
      cgroup { pids.max = 100  memory.max = 1GiB }
      workload { processes = steps([0s, 50], [20s, 150]) }
    }
    container ramped {
      cgroup { pids.max = 100  memory.max = 1GiB }
      workload { processes = ramp(from = 0, to = 200, over = 20s) }
    }`);
  const r = simulateJson(text);
  const forky = entity(r, 'h/forky');
  assert.equal(forky.pids.failedForks, 50);
  close(forky.pids.firstFailure!, 20, 1e-5, 'first failure');
  // The ramp wants its 101st process at 200 × t / 20 = 101, t = 10.1 s; it ends at 200: 100 failures.
  const ramped = entity(r, 'h/ramped');
  assert.equal(ramped.pids.failedForks, 100);
  close(ramped.pids.firstFailure!, 10.1, 1e-5, 'ramp first failure');
  const f = r.findings.find((x) => x.code === 'VMX407' && x.range.start.line === lineOf(text, 'pids.max'));
  assert.ok(f, 'VMX407 on the pids.max line of forky');
  assert.match(f.message, /50 forks failed, first at 20\.00 s: up to 150 processes wanted against pids\.max 100/);
});

test('no failed forks while demand stays at pids.max', () => {
  const r = simulateJson(hostWith(`    container ok { cgroup { pids.max = 100  memory.max = 1GiB } workload { processes = 100 } }`));
  assert.equal(entity(r, 'h/ok').pids.failedForks, 0);
  assert.ok(!r.findings.some((x) => x.code === 'VMX407'));
});

test('memory.high throttles, it does not cap: usage stays above it, slowed, without a kill (VMX404)', () => {
  // The host has no swap: reclaim cannot push anonymous memory out, so the 2 GiB stay charged above memory.high 1 GiB (cgroup-v2.rst).
  const text = hostWith(`    container c { cgroup { memory.high = 1GiB  memory.max = 4GiB } workload { memory = 2GiB  cpu = 1 } }`, 2);
  const r = simulateJson(text);
  const c = entity(r, 'h/c');
  assert.equal(c.memory.used.max, 2 * 1024 ** 3);
  assert.ok(!c.events.some((e) => e.type === 'oom-kill'));
  // Half the working set resident: the work runs at half speed.
  close(c.cpu.granted.mean, 0.5, 1e-6, 'slowed CPU');
  const f = r.findings.find((x) => x.code === 'VMX404');
  assert.ok(f);
  assert.equal(f.range.start.line, lineOf(text, 'memory.high'));
  assert.match(f.message, /usage above memory\.high 1\.00 GiB .*reclaimed and slowed/);
});

const overcommitted = (locked: boolean, swap = locked ? '0GiB' : '8GiB') => `topology t {
  host h {
    memory = 8GiB
    swap = ${swap}
    cpu { cores = 4  features = [vmx] }
    hypervisor kvm {
      vm a { vcpus = 1  memory = 6GiB  memory_locked = ${locked}  workload { cpu = 1 } }
      vm b { vcpus = 1  memory = 6GiB  memory_locked = ${locked}  workload { cpu = 1 } }
    }
  }
}
`;

test('host overcommit swaps unlocked VM memory, in proportion, and slows the VMs (VMX406)', () => {
  // 12 GiB of vRAM on 8 GiB: 4 GiB swapped, 2 GiB of each VM; a third of each VM out ⇒ CPU ÷ (1 + 5/3).
  const r = simulateJson(overcommitted(false));
  for (const id of ['h/a', 'h/b']) {
    const vm = entity(r, id);
    assert.equal(vm.memory.swapped.max, 2 * 1024 ** 3);
    close(vm.cpu.granted.mean, 1.03 / (1 + 5 / 3), 1e-5, `${id} granted`);
  }
  // One finding for one cause: on the host, the two VMs as related information (was one per VM).
  const swaps = r.findings.filter((x) => x.code === 'VMX406');
  assert.equal(swaps.length, 1);
  assert.equal(swaps[0].range.start.line, lineOf(overcommitted(false), 'host h'));
  assert.deepEqual(swaps[0].related?.map((x) => x.message.split(':')[0]), ['h/a', 'h/b']);
  assert.ok(!r.findings.some((x) => x.code === 'VMX410'));
});

test('with unlocked memory and no swap, the host runs out (VMX410 on the host line)', () => {
  // 6 + 6 GiB of guest RAM (a guest's page cache fills it) on 8 GiB without swap: 4 GiB that nothing can take.
  const text = overcommitted(false, '0GiB');
  const r = simulateJson(text, ['--severity', 'VMX305=warning']);
  const f = r.findings.find((x) => x.code === 'VMX410');
  assert.ok(f);
  assert.equal(f.range.start.line, lineOf(text, 'host h'));
  assert.match(f.message, /exhausted at 0\.00 s: 12\.0 GiB needed against 8\.00 GiB of RAM/);
  assert.ok(entity(r, 'h').events.some((e) => e.type === 'host-memory-exhausted'));
});

test('locked memory on KVM that does not fit: the second VM does not start (VMX411), the host does not run out', () => {
  // a locks its 6 GiB at start; b's 6 GiB more would need 12 GiB of RAM on 8: b is refused at t = 0 (was VMX410: "the host runs out").
  const text = overcommitted(true);
  // Locked memory beyond the host is a static error (VMX304); vmx simulate runs only files without errors.
  const r = simulateJson(text, ['--severity', 'VMX304=warning']);
  const f = r.findings.filter((x) => x.code === 'VMX411');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, lineOf(text, 'vm b'));
  assert.match(f[0].message, /does not start at 0\.00 s: 6\.00 GiB needed, 2\.00 GiB of the host's 8\.00 GiB free and its memory is locked/);
  assert.ok(!r.findings.some((x) => x.code === 'VMX410' || x.code === 'VMX406'));
  assert.equal(entity(r, 'h/b').memory.used.max, 0);
  assert.equal(entity(r, 'h/b').cpu.granted.max, 0);
  assert.equal(entity(r, 'h/a').memory.used.max, 6 * 1024 ** 3);
});

test('a type 2 hypervisor draws VM memory from the host OS beside os.reserved', () => {
  const r = simulateJson(`topology t {
  host laptop {
    memory = 16GiB
    cpu { cores = 4  features = [vmx] }
    os linux { reserved = 4GiB }
    hypervisor virtualbox {
      vm dev { vcpus = 2  memory = 14GiB  memory_locked = true  workload { cpu = 1 } }
    }
  }
}
`, ['--severity', 'VMX304=warning', '--severity', 'VMX305=warning']); // static errors by design: simulate them anyway
  assert.ok(r.findings.some((x) => x.code === 'VMX410' && /18\.0 GiB needed/.test(x.message) && /type 2/.test(x.message)));
});
