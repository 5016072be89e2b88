/**
 * Memory realism (DESIGN §5, issue 12): per-hypervisor memory, ballooned
 * VMs, guest footprint, memory.high as reclaim-and-slow, the OOM peak at the
 * limit, VMX411/VMX412, one VMX406 per host, and figures at the time the
 * message names. Every expected figure is derived by hand in the comment
 * beside it, through `vmx simulate --format json` as a process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entity, hostWith, lineOf, simulateJson } from './helpers';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);
// Two 40 GiB VMs on a 64 GiB host: the static overcommit check (VMX305) is an error by design; simulate anyway.
const ANYWAY = ['--severity', 'VMX305=warning', '--severity', 'VMX304=warning'];

/** A 64 GiB host with 32 GiB of swap and two 40 GiB guests under `hypervisor` (Hyper-V: partitions beside a 4 GiB parent). */
function twoGuests(hypervisor: string, opts: { swap?: string; aExtra?: string; bExtra?: string } = {}): string {
  const hyperv = hypervisor === 'hyperv';
  const kind = hyperv ? 'partition' : 'vm';
  return `topology t {
  host h {
    memory = 64GiB
    swap = ${opts.swap ?? '32GiB'}
    cpu { cores = 16  features = [vmx] }
    hypervisor ${hypervisor} {
${hyperv ? '      partition root { role = parent  vcpus = 2  memory = 4GiB }\n' : ''}      ${kind} a { vcpus = 2  memory = 40GiB ${opts.aExtra ?? ''} workload { cpu = 1 } }
      ${kind} b { vcpus = 2  memory = 40GiB ${opts.bExtra ?? ''} workload { cpu = 1 } }
    }
  }
}
`;
}

for (const [hv, why] of [
  ['hyperv', 'Hyper-V never pages a running partition out'],
  ['xen', 'Xen has no host swap of domain memory'],
] as const) {
  test(`${hv}: 40 + 40 GiB on 64 GiB — the second guest does not start (VMX411 at t = 0) and nothing swaps, swap or not (${why})`, () => {
    // Held at start: (Hyper-V: the 4 GiB parent) + a's 40 GiB ≤ 64; b's 40 more would need 80 (84) GiB: b is refused.
    const text = twoGuests(hv);
    const r = simulateJson(text, ANYWAY);
    const refused = r.findings.filter((f) => f.code === 'VMX411');
    assert.equal(refused.length, 1);
    assert.equal(refused[0].severity, 'error');
    assert.equal(refused[0].range.start.line, lineOf(text, ' b {'));
    const free = hv === 'hyperv' ? '20.0 GiB' : '24.0 GiB'; // 64 − 4 − 40, 64 − 40
    assert.match(refused[0].message, new RegExp(`does not start at 0\\.00 s: 40\\.0 GiB needed, ${free} of the host's 64\\.0 GiB free and ${hv} never swaps`));
    assert.ok(!r.findings.some((f) => f.code === 'VMX406' || f.code === 'VMX410'));
    assert.equal(entity(r, 'h').memory.swapped.max, 0);
    assert.equal(entity(r, 'h/a').memory.used.max, 40 * GiB);
    assert.equal(entity(r, 'h/b').memory.used.max, 0);
    assert.equal(entity(r, 'h/b').cpu.granted.max, 0, 'a VM that did not start runs nothing');
    assert.ok(entity(r, 'h/b').events.some((e) => e.type === 'vm-not-started' && e.t === 0));
    assert.ok(entity(r, 'h/a').cpu.granted.mean > 0.9);
  });
}

test('ESXi swaps guests only with host swap: without it like Hyper-V (VMX411), with it like KVM (VMX406)', () => {
  const without = simulateJson(twoGuests('esxi', { swap: '0GiB' }), ANYWAY);
  assert.equal(without.findings.filter((f) => f.code === 'VMX411').length, 1);
  assert.equal(entity(without, 'h/b').memory.used.max, 0);
  const withSwap = simulateJson(twoGuests('esxi'), ANYWAY);
  assert.ok(!withSwap.findings.some((f) => f.code === 'VMX411'));
  // 80 GiB on 64: 16 GiB swapped, 8 GiB of each (the two are alike).
  assert.equal(entity(withSwap, 'h/a').memory.swapped.max, 8 * GiB);
  assert.equal(entity(withSwap, 'h/b').memory.swapped.max, 8 * GiB);
});

test('KVM with 32 GiB of swap: 40 + 40 GiB both run, 16 GiB swapped, one VMX406 on the host listing both VMs', () => {
  // 80 GiB of guest RAM on 64: 16 GiB to swap (≤ 32), shared in proportion to what each holds: 8 GiB of each.
  // Each VM has 8/40 = 1/5 of its memory out: its work runs at 1 / (1 + 5 · 1/5) = 1/2 (SWAP_SLOWDOWN 5), × 1.03 hardware overhead.
  const text = twoGuests('kvm');
  const r = simulateJson(text, ANYWAY);
  assert.ok(!r.findings.some((f) => f.code === 'VMX411' || f.code === 'VMX410'));
  for (const id of ['h/a', 'h/b']) {
    assert.equal(entity(r, id).memory.swapped.max, 8 * GiB);
    assert.equal(entity(r, id).memory.used.max, 32 * GiB);
    close(entity(r, id).cpu.granted.mean, 1.03 / 2, 1e-6, `${id} granted`);
  }
  const swaps = r.findings.filter((f) => f.code === 'VMX406');
  assert.equal(swaps.length, 1, 'one finding for one cause');
  assert.equal(swaps[0].range.start.line, lineOf(text, 'host h'));
  assert.match(swaps[0].message, /host swapping from 0\.00 s: the host swaps out up to 16\.0 GiB of VM memory \(2 VMs: h\/a, h\/b\)/);
  assert.deepEqual(swaps[0].related?.map((x) => [x.message, x.range.start.line]), [
    ['h/a: up to 8.00 GiB swapped out, from 0.00 s', lineOf(text, 'vm a')],
    ['h/b: up to 8.00 GiB swapped out, from 0.00 s', lineOf(text, 'vm b')],
  ]);
});

test('KVM: a memory_locked VM is never swapped — its 40 GiB fit at start, the other VM takes all 16 GiB of swap', () => {
  // b locks 40 GiB ≤ 64 at start (admitted); a is the only swappable memory: 80 − 64 = 16 GiB of a's out.
  const r = simulateJson(twoGuests('kvm', { bExtra: 'memory_locked = true' }), ANYWAY);
  assert.equal(entity(r, 'h/b').memory.swapped.max, 0);
  assert.equal(entity(r, 'h/b').memory.used.max, 40 * GiB);
  assert.equal(entity(r, 'h/a').memory.swapped.max, 16 * GiB);
  const swaps = r.findings.filter((f) => f.code === 'VMX406');
  assert.equal(swaps.length, 1);
  assert.deepEqual(swaps[0].related?.map((x) => x.message.split(':')[0]), ['h/a']);
  assert.ok(!r.findings.some((f) => f.code === 'VMX411'));
});

test('KVM: a VM with a directly assigned device is pinned (VFIO), as if locked', () => {
  // Same as memory_locked: b's device pins all 40 GiB; a takes the 16 GiB of swap.
  const r = simulateJson(twoGuests('kvm', { bExtra: 'device gpu { access = direct }' }), ANYWAY);
  assert.equal(entity(r, 'h/b').memory.swapped.max, 0);
  assert.equal(entity(r, 'h/a').memory.swapped.max, 16 * GiB);
  // Both pinned: a locks 40 GiB, b's 40 GiB does not fit beside it.
  const both = simulateJson(twoGuests('kvm', { aExtra: 'memory_locked = true', bExtra: 'device nic { access = sriov }' }), ANYWAY);
  const refused = both.findings.filter((f) => f.code === 'VMX411');
  assert.equal(refused.length, 1);
  assert.match(refused[0].message, /a directly assigned device pins its memory \(VFIO\)/);
  assert.ok(!both.findings.some((f) => f.code === 'VMX406'));
});

test('ballooned partitions 2 × (min 8, max 40 GiB) wanting 30 GiB each on 64 GiB Hyper-V: both run, the balloons settle at 31 GiB each', () => {
  // Each need: 30 GiB + 256 MiB guest kernel (Linux) = 30.25 GiB; given need × 1.2 = 36.3 GiB (≤ 40) while there is room.
  // 2 + 36.3 + 36.3 > 64: the balloons inflate to the equal level λ with 2λ = 64 − 2 (the parent) → λ = 31 GiB, above each floor 30.25.
  // At start: 2 + 16 + 16 GiB (each starts at its `memory`) ≤ 64: both start.
  const text = `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 16  features = [vmx] }
    hypervisor hyperv {
      partition root { role = parent  vcpus = 2  memory = 2GiB }
      partition a { vcpus = 2  balloon = true  memory = 16GiB  memory_min = 8GiB  memory_max = 40GiB  workload { memory = 30GiB } }
      partition b { vcpus = 2  balloon = true  memory = 16GiB  memory_min = 8GiB  memory_max = 40GiB  workload { memory = 30GiB } }
    }
  }
}
`;
  const r = simulateJson(text, ANYWAY);
  assert.ok(!r.findings.some((f) => f.code === 'VMX411' || f.code === 'VMX410' || f.code === 'VMX406' || f.code === 'VMX405'));
  for (const id of ['h/a', 'h/b']) {
    close(entity(r, id).memory.used.max, 31 * GiB, 1, `${id} balloon`);
    close(entity(r, id).memory.used.mean, 31 * GiB, 1, `${id} balloon (mean)`);
  }
  close(entity(r, 'h').memory.used.max, 64 * GiB, 1, 'host');
  assert.equal(entity(r, 'h').memory.swapped.max, 0);
});

test('a ballooned VM with room keeps its need plus the 20% buffer, within memory_max', () => {
  // Need 4 GiB + 256 MiB = 4.25 GiB; × 1.2 = 5.1 GiB, between memory_min 2 GiB and memory_max 16 GiB; the host has room.
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4  features = [vmx] }
    hypervisor kvm {
      vm v { vcpus = 2  balloon = true  memory = 8GiB  memory_min = 2GiB  memory_max = 16GiB  workload { memory = 4GiB } }
    }
  }
}
`);
  close(entity(r, 'h/v').memory.used.max, 4.25 * 1.2 * GiB, 1, 'footprint');
});

test('guest footprint: a 100 MiB container never makes a 16 GiB VM smaller on the host (its page cache fills its RAM)', () => {
  const vm = (inside: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4  features = [vmx] }
    hypervisor kvm {
      vm v { vcpus = 2  memory = 16GiB ${inside} }
    }
  }
}
`;
  const without = simulateJson(vm(''));
  const withSmall = simulateJson(vm('container c { cgroup { memory.max = 200MiB } workload { memory = 100MiB } }'));
  assert.equal(entity(without, 'h/v').memory.used.max, 16 * GiB);
  assert.equal(entity(withSmall, 'h/v').memory.used.mean, 16 * GiB, 'all of it, all the run');
  assert.ok(entity(withSmall, 'h/v').memory.used.max >= entity(without, 'h/v').memory.used.max);
  assert.equal(entity(withSmall, 'h/v/c').memory.used.max, 100 * MiB);
});

test('memory.high 3 GiB + memory.max 4 GiB under a ramp 2 → 5 GiB over 60 s: above 3 GiB (VMX404), killed at 40 s with peak 4 GiB', () => {
  // Demand 2 + 3t/60 GiB: passes memory.high (3 GiB) at t = 20 s — reclaimed and slowed, not capped (no swap on the host) —
  // and reaches memory.max (4 GiB) at 2 + 3t/60 = 4 → t = 40 s: the OOM kill, the peak the limit. Restarted at 41 s from 2 GiB,
  // it would pass 3 GiB again at 61 s: after the 60 s run. Above memory.high: 20 → 40 s, a third of the run.
  const text = hostWith(`
    container c {
      cgroup { memory.high = 3GiB  memory.max = 4GiB  pids.max = 10 }
      workload { memory = ramp(from = 2GiB, to = 5GiB, over = 60s)  cpu = 0.5 }
    }`);
  const r = simulateJson(text, ['--duration', '60s']);
  const c = entity(r, 'h/c');
  const kills = c.events.filter((e) => e.type === 'oom-kill');
  assert.equal(kills.length, 1);
  close(kills[0].t, 40, 1e-5, 'kill time');
  assert.equal(c.memory.used.max, 4 * GiB, 'the peak at the kill is memory.max');
  assert.ok(c.memory.used.p95 > 3 * GiB, 'usage goes above memory.high');
  const high = c.events.find((e) => e.type === 'memory-high');
  close(high!.t, 20, 1e-5, 'memory.high crossed');
  const f404 = r.findings.find((f) => f.code === 'VMX404');
  assert.ok(f404);
  assert.equal(f404.range.start.line, lineOf(text, 'memory.high'));
  assert.match(f404.message, /usage above memory\.high 3\.00 GiB for 33% of the run, from 20\.00 s, reclaimed and slowed/);
  const f405 = r.findings.find((f) => f.code === 'VMX405');
  assert.ok(f405);
  assert.match(f405.message, /OOM kill at 40\.00 s: usage reached memory\.max 4\.00 GiB;/);
});

test('a 150 → 250 MiB step under memory.max 200 MiB: killed at the step, the peak reported is 200 MiB (the kernel’s memory.peak), not 150', () => {
  const text = hostWith(`
    container s {
      cgroup { memory.max = 200MiB  pids.max = 10 }
      workload { memory = steps([0s, 150MiB], [5s, 250MiB]) }
    }`);
  const r = simulateJson(text, ['--duration', '5.5s']);
  const s = entity(r, 'h/s');
  close(s.events.find((e) => e.type === 'oom-kill')!.t, 5, 1e-5, 'kill');
  assert.equal(s.memory.used.max, 200 * MiB);
});

test('a container swapping at memory.max (memory.swap.max room, host swap): VMX412 while swap lasts, VMX405 only when it runs out', () => {
  // Demand 0.5 + 2t/20 GiB: reaches memory.max 1 GiB at t = 5 s (swapping from then: VMX412), and memory.max + memory.swap.max
  // = 2 GiB at 0.5 + t/10 = 2 → t = 15 s: the OOM kill. Between them it runs, swapped up to 1 GiB.
  const text = hostWith(`
    container cache {
      cgroup { memory.max = 1GiB  memory.swap.max = 1GiB  pids.max = 10 }
      workload { memory = ramp(from = 0.5GiB, to = 2.5GiB, over = 20s) }
    }`, 1, 'swap = 8GiB');
  const r = simulateJson(text, ['--duration', '15.5s']);
  const c = entity(r, 'h/cache');
  const f412 = r.findings.filter((f) => f.code === 'VMX412');
  assert.equal(f412.length, 1);
  assert.equal(f412[0].severity, 'warning');
  assert.equal(f412[0].range.start.line, lineOf(text, 'memory.swap.max'));
  assert.match(f412[0].message, /swapping at memory\.max 1\.00 GiB from 5\.00 s/);
  close(c.events.find((e) => e.type === 'swap-at-max')!.t, 5, 1e-5, 'swap start');
  close(c.events.find((e) => e.type === 'oom-kill')!.t, 15, 1e-5, 'kill when swap is used up');
  assert.equal(c.memory.used.max, 1 * GiB);
  assert.ok(c.memory.swapped.max <= 1 * GiB && c.memory.swapped.max > 0.98 * GiB);
  // Before 15 s no VMX405 would be due: the same ramp stopped at 14 s is VMX412 alone.
  const early = simulateJson(text, ['--duration', '14s']);
  assert.ok(early.findings.some((f) => f.code === 'VMX412'));
  assert.ok(!early.findings.some((f) => f.code === 'VMX405'));
});

test('VMX410 gives the need at the time it names, not the later peak', () => {
  // 8 GiB, no swap, a host container ramping 0 → 16 GiB over 100 s (no limit): need > 8 GiB from t = 50 s.
  // Memory is resolved once per 100 ms period with the period's end value, reported at its start: the first period over is
  // [50.0, 50.1] s, its need 16 · 50.1/100 = 8.016 GiB → "8.02 GiB"; the peak, 16 GiB at 100 s, is "later".
  const text = `topology t {
  host h {
    memory = 8GiB
    cpu { cores = 2 }
    container grow { workload { memory = ramp(from = 0GiB, to = 16GiB, over = 100s) } }
  }
}
`;
  const r = simulateJson(text, ['--duration', '100s']);
  const f = r.findings.find((x) => x.code === 'VMX410');
  assert.ok(f);
  assert.match(f.message, /host memory exhausted at 50\.00 s: 8\.02 GiB needed against 8\.00 GiB of RAM and 0 B of swap, up to 16\.0 GiB later/);
  const event = entity(r, 'h').events.find((e) => e.type === 'host-memory-exhausted')!;
  assert.equal(event.t, 50);
  assert.match(event.detail!, /^8\.02 GiB needed/);
});

test('host swap below the larger of 64 MiB and 1% of RAM is not worth a VMX406', () => {
  // 40 + 24.5 GiB on 64 GiB: 512 MiB swapped; 1% of 64 GiB is 655 MiB > 512 MiB → no finding, though the result shows the swap.
  const r = simulateJson(twoGuests('kvm').replace('vm b { vcpus = 2  memory = 40GiB', 'vm b { vcpus = 2  memory = 24.5GiB'), ANYWAY);
  close(entity(r, 'h/a').memory.swapped.max + entity(r, 'h/b').memory.swapped.max, 512 * MiB, 1, 'swapped');
  assert.ok(!r.findings.some((f) => f.code === 'VMX406'));
  // The fraction is a threshold setting: at 0.5%, 328 MiB < 512 MiB, so the same swap is reported; 64 MiB stays the floor.
  const lower = simulateJson(twoGuests('kvm').replace('vm b { vcpus = 2  memory = 40GiB', 'vm b { vcpus = 2  memory = 24.5GiB'), [...ANYWAY, '--threshold', 'hostSwapFraction=0.005']);
  assert.match(lower.findings.find((f) => f.code === 'VMX406')?.message ?? '', /up to 512 MiB of VM memory/);
});
