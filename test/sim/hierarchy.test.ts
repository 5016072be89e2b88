/**
 * The cgroup hierarchy from first principles (DESIGN §5 "Hierarchy"):
 * `group` and `pod` levels share by weight at every level (raw cpu.shares
 * on a `cgroup = v1` host), and a level's cpu.max, memory.max and pids.max
 * bound the sum of everything beneath it. Through `vmx simulate --format
 * json` run as a process. Every expected figure is derived in the comment
 * above it. Tolerances: the fluid shares are exact, the JSON prints 6
 * significant digits (1e-5 for thirds and other repeating fractions);
 * event times are located inside their period by bisection (1e-5 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { defaultConfig } from '../../core/src/config';
import { Reporter } from '../../core/src/diagnostics/reporter';
import { resolve } from '../../core/src/model/resolve';
import { simulate } from '../../core/src/sim';
import { simulateParallel } from '../../core/src/sim/parallel';
import { createSourceFile } from '../../core/src/source';
import { entity, hostWith, lineOf, simulateJson } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} not within ${tol} of ${expected}`);
const granted = (r: Parameters<typeof entity>[0], id: string) => entity(r, id).cpu.granted.mean;

test('two saturated groups with cpu.weight 200:100 on one CPU get 2/3 and 1/3, and their containers with them', () => {
  // One CPU, both groups saturated: shares 200 / 300 and 100 / 300. Each group holds one container, which gets its group's all.
  const text = hostWith(`
    group a {
      cgroup { cpu.weight = 200 }
      container x { workload { cpu = 1 } }
    }
    group b {
      cgroup { cpu.weight = 100 }
      container y { workload { cpu = 1 } }
    }`);
  const r = simulateJson(text);
  // b gets 1/3 of the 1 CPU it asks, below 50% all the time: starved — one VMX403, on the group (y's is the same fact).
  const starved = r.findings.filter((x) => x.code === 'VMX403');
  assert.deepEqual(
    starved.map((x) => x.range.start.line),
    [lineOf(text, 'group b')],
  );
  close(granted(r, 'h/a'), 2 / 3, 1e-5, 'group a');
  close(granted(r, 'h/a/x'), 2 / 3, 1e-5, 'a/x');
  close(granted(r, 'h/b'), 1 / 3, 1e-5, 'group b');
  close(granted(r, 'h/b/y'), 1 / 3, 1e-5, 'b/y');
  // A group's demand is the sum of its descendants' (1 CPU each here), and it is an entity of its own kind.
  assert.equal(entity(r, 'h/a').kind, 'group');
  // The §7 entity shape, every required field present for a level too (no cpu.max: throttled null; no memory.max: limit null).
  const a = entity(r, 'h/a');
  for (const s of [a.cpu.demand, a.cpu.granted, a.memory.used, a.memory.swapped]) assert.deepEqual(Object.keys(s).sort(), ['max', 'mean', 'p95']);
  assert.equal(a.cpu.steal, null);
  assert.equal(a.cpu.throttled, null);
  assert.equal(a.memory.limit, null);
  assert.equal(a.pids.failedForks, 0);
  assert.deepEqual(a.events, []);
  assert.deepEqual(r.entities.map((e) => e.id), ['h', 'h/a', 'h/a/x', 'h/b', 'h/b/y']);
  close(entity(r, 'h/a').cpu.demand.mean, 1, 1e-9, 'a demand');
  close(granted(r, 'h'), 1, 1e-9, 'host');
});

test('nested groups share level by level: A{A1 100, A2 300} beside B, one CPU, everything saturated', () => {
  // Level 1: A (100) and B (100) share 1 CPU: ½ each. Level 2: A's ½ goes to A1:A2 = 100:300 → ⅛ and ⅜.
  const r = simulateJson(
    hostWith(`
    group A {
      cgroup { cpu.weight = 100 }
      container A1 { cgroup { cpu.weight = 100 } workload { cpu = 1 } }
      container A2 { cgroup { cpu.weight = 300 } workload { cpu = 1 } }
    }
    group B {
      cgroup { cpu.weight = 100 }
      container b { workload { cpu = 1 } }
    }`),
  );
  close(granted(r, 'h/A'), 1 / 2, 1e-6, 'A');
  close(granted(r, 'h/A/A1'), 1 / 8, 1e-6, 'A1');
  close(granted(r, 'h/A/A2'), 3 / 8, 1e-6, 'A2');
  close(granted(r, 'h/B'), 1 / 2, 1e-6, 'B');
  // Not a flat share: flat, A1 : A2 : b = 100 : 300 : 100 would give b 1/5.
  close(entity(r, 'h/A').cpu.demand.mean, 2, 1e-9, 'A demand = A1 + A2');
});

/** A(cpu.shares 2048){A1 512, A2 1536} beside B(1024), one CPU, everything saturated, on a host whose os says `cgroup`. */
const sharesHost = (version: string) =>
  hostWith(
    `
    group A {
      cgroup { cpu.shares = 2048 }
      container A1 { cgroup { cpu.shares = 512 } workload { cpu = 1 } }
      container A2 { cgroup { cpu.shares = 1536 } workload { cpu = 1 } }
    }
    group B {
      cgroup { cpu.shares = 1024 }
      container b { workload { cpu = 1 } }
    }`,
    1,
    `os linux { cgroup = ${version} }`,
  );

test('on a cgroup v1 host siblings share by the raw cpu.shares, exactly', () => {
  // Level 1: 2048 : 1024 → A 2/3, B 1/3. Level 2: A1 : A2 = 512 : 1536 = 1 : 3 → A1 2/3 × 1/4 = 1/6, A2 2/3 × 3/4 = 1/2.
  const r = simulateJson(sharesHost('v1'));
  close(granted(r, 'h/A'), 2 / 3, 1e-5, 'A');
  close(granted(r, 'h/A/A1'), 1 / 6, 1e-5, 'A1');
  close(granted(r, 'h/A/A2'), 1 / 2, 1e-5, 'A2');
  close(granted(r, 'h/B'), 1 / 3, 1e-5, 'B');
});

test('the same file on a cgroup v2 host shares by the converted weights, which are rounded', () => {
  // runc's weight = 1 + ⌊(s − 2) × 9999 / 262142⌋:
  //   2048: 1 + ⌊2046 × 9999 / 262142⌋ = 1 + ⌊78.04⌋ = 79     1024: 1 + ⌊1022 × 9999 / 262142⌋ = 1 + ⌊38.98⌋ = 39
  //    512: 1 + ⌊ 510 × 9999 / 262142⌋ = 1 + ⌊19.45⌋ = 20     1536: 1 + ⌊1534 × 9999 / 262142⌋ = 1 + ⌊58.51⌋ = 59
  // Level 1: A 79/118, B 39/118. Level 2: A1 = 79/118 × 20/79 = 20/118, A2 = 79/118 × 59/79 = 59/118 = 1/2.
  const r = simulateJson(sharesHost('v2'));
  close(granted(r, 'h/A'), 79 / 118, 1e-5, 'A');
  close(granted(r, 'h/A/A1'), 20 / 118, 1e-5, 'A1');
  close(granted(r, 'h/A/A2'), 59 / 118, 1e-5, 'A2');
  close(granted(r, 'h/B'), 39 / 118, 1e-5, 'B');
  // And the difference from v1 is real, not within rounding of the output: B 39/118 = 0.3305 against 1/3.
  assert.ok(Math.abs(granted(r, 'h/B') - 1 / 3) > 1e-3);
});

test('on a v1 host a node without shares counts its weight as the kernel maps it (100 ≙ 1024 shares): a VM beside a container', () => {
  // 2 CPUs. The VM (weight 100, the default) runs 2 saturated vCPUs; the container wants 2 CPUs with cpu.shares 3072.
  // v1: 3072 : 1024 → container 2 × 3/4 = 1.5, VM 0.5.
  // v2: the container's weight is 1 + ⌊3070 × 9999 / 262142⌋ = 1 + ⌊117.10⌋ = 118 against 100 → 2 × 118/218 and 2 × 100/218.
  const body = (version: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  features = [vmx] }
    os linux { cgroup = ${version} }
    hypervisor kvm {
      vm v { vcpus = 2  memory = 4GiB  memory_locked = true  workload { cpu = 2 } }
    }
    container c { cgroup { cpu.shares = 3072 } workload { cpu = 2 } }
  }
}
`;
  const v1 = simulateJson(body('v1'));
  close(granted(v1, 'h/c'), 1.5, 1e-6, 'v1 container');
  close(granted(v1, 'h/v'), 0.5, 1e-6, 'v1 vm');
  const v2 = simulateJson(body('v2'));
  close(granted(v2, 'h/c'), (2 * 118) / 218, 1e-5, 'v2 container');
  close(granted(v2, 'h/v'), (2 * 100) / 218, 1e-5, 'v2 vm');
});

test('requests.cpu become cpu.shares on a v1 host (the kubelet conversion), weights on v2', () => {
  // Requests 1 and 500m: shares ⌊1000 × 1024 / 1000⌋ = 1024 and ⌊500 × 1024 / 1000⌋ = 512 → v1: 2/3 and 1/3.
  // v2: weights 1 + ⌊1022 × 9999 / 262142⌋ = 39 and 1 + ⌊510 × 9999 / 262142⌋ = 20 → 39/59 and 20/59.
  const body = `
    group g {
      container big { requests { cpu = 1 } workload { cpu = 1 } }
      container small { requests { cpu = 500m } workload { cpu = 1 } }
    }`;
  const v1 = simulateJson(hostWith(body, 1, 'os linux { cgroup = v1 }'));
  close(granted(v1, 'h/g/big'), 2 / 3, 1e-5, 'v1 big');
  close(granted(v1, 'h/g/small'), 1 / 3, 1e-5, 'v1 small');
  const v2 = simulateJson(hostWith(body, 1, 'os linux { cgroup = v2 }'));
  close(granted(v2, 'h/g/big'), 39 / 59, 1e-5, 'v2 big');
  close(granted(v2, 'h/g/small'), 20 / 59, 1e-5, 'v2 small');
});

test("a group's cpu.max throttles the sum of its containers, on the group's cpu.max line", () => {
  // 4 CPUs, so the host never binds; the group's quota 1 CPU is shared by two equal containers wanting 1 each: ½ each.
  // The group wants 2 > 1 and uses all of its quota in every period: throttled in 100% of them.
  const text = hostWith(
    `
    group g {
      cgroup { cpu.max = 1 }
      container a { workload { cpu = 1 } }
      container b { workload { cpu = 1 } }
    }`,
    4,
  );
  const r = simulateJson(text);
  close(granted(r, 'h/g'), 1, 1e-9, 'group');
  close(granted(r, 'h/g/a'), 0.5, 1e-9, 'a');
  close(granted(r, 'h/g/b'), 0.5, 1e-9, 'b');
  assert.ok(entity(r, 'h/g').cpu.granted.max <= 1 + 1e-9);
  assert.equal(entity(r, 'h/g').cpu.throttled, 1);
  assert.equal(entity(r, 'h/g').cpu.limit, 1);
  // The containers have no cpu.max of their own: no throttled figure, no finding of theirs.
  assert.equal(entity(r, 'h/g/a').cpu.throttled, null);
  const f = r.findings.filter((x) => x.code === 'VMX402');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, lineOf(text, 'cpu.max'));
  assert.match(f[0].message, /throttled in 100% of periods; demand p95 2 CPUs against cpu.max 1 CPU/);
});

test("inside a capped group an idle container's share goes to the busy one, and comes back when it wakes", () => {
  // Group quota 1 CPU on 4 CPUs. busy wants 1 all along; late is idle for 30 s, then wants 1.
  // First 30 s: busy has the group's 1 CPU alone; then ½ each. busy: (30 × 1 + 30 × ½) / 60 = 0.75; late: 30 × ½ / 60 = 0.25.
  const r = simulateJson(
    hostWith(
      `
    group g {
      cgroup { cpu.max = 1 }
      container busy { workload { cpu = 1 } }
      container late { workload { cpu = steps([0s, 0], [30s, 1]) } }
    }`,
      4,
    ),
  );
  close(granted(r, 'h/g/busy'), 0.75, 1e-6, 'busy');
  close(entity(r, 'h/g/busy').cpu.granted.max, 1, 1e-9, 'busy alone');
  close(granted(r, 'h/g/late'), 0.25, 1e-6, 'late');
  // Throttled only once both run (the first 30 s the group wants exactly its quota, not more): 300 of 600 periods.
  close(entity(r, 'h/g').cpu.throttled!, 0.5, 1e-6, 'throttled');
});

test('work conservation at the nested level: an idle container leaves its share to its sibling, not to the other group', () => {
  // One CPU; A (100) {A1 busy, A2 idle for 30 s} beside B (100) busy. A stays saturated through A1, so A keeps ½:
  // A1 ½ for 30 s, then ¼ (A1 : A2 = 1 : 1); A1 = (30 × ½ + 30 × ¼) / 60 = 0.375, A2 = 30 × ¼ / 60 = 0.125, B = ½.
  const r = simulateJson(
    hostWith(`
    group A {
      container A1 { workload { cpu = 1 } }
      container A2 { workload { cpu = steps([0s, 0], [30s, 1]) } }
    }
    group B {
      container b { workload { cpu = 1 } }
    }`),
  );
  close(granted(r, 'h/A/A1'), 0.375, 1e-6, 'A1');
  close(granted(r, 'h/A/A2'), 0.125, 1e-6, 'A2');
  close(granted(r, 'h/B'), 0.5, 1e-6, 'B');
});

test("a pod's own cgroup cpu.max = 500m bounds its two containers together", () => {
  // 4 CPUs; each container wants 1 CPU; the pod's quota is 0.5 CPU, shared equally (no requests: 2 shares each): 0.25 each.
  const text = hostWith(
    `
    pod web {
      cgroup { cpu.max = 500m }
      container nginx { workload { cpu = 1 } }
      container sidecar { workload { cpu = 1 } }
    }`,
    4,
  );
  const r = simulateJson(text);
  assert.equal(entity(r, 'h/web').kind, 'pod');
  assert.ok(entity(r, 'h/web').cpu.granted.max <= 0.5 + 1e-9);
  close(granted(r, 'h/web'), 0.5, 1e-9, 'pod');
  close(granted(r, 'h/web/nginx'), 0.25, 1e-9, 'nginx');
  close(granted(r, 'h/web/sidecar'), 0.25, 1e-9, 'sidecar');
  assert.equal(r.findings.find((x) => x.code === 'VMX402')?.range.start.line, lineOf(text, 'cpu.max'));
});

test('a cpu.max high in the tree bounds a container three levels below it (kubepods / burstable / pod)', () => {
  // kubepods has cpu.max 1 on 8 CPUs; below it burstable, then pod-a with nginx and app each wanting 2 CPUs.
  // Nothing below kubepods is capped, so the two split its 1 CPU equally: ½ each; the id carries every level.
  const text = hostWith(
    `
    group kubepods {
      cgroup { cpu.max = 1 }
      group burstable {
        pod pod-a {
          container nginx { workload { cpu = 2 } }
          container app { workload { cpu = 2 } }
        }
      }
    }`,
    8,
  );
  const r = simulateJson(text);
  close(granted(r, 'h/kubepods/burstable/pod-a/nginx'), 0.5, 1e-9, 'nginx');
  close(granted(r, 'h/kubepods/burstable/pod-a/app'), 0.5, 1e-9, 'app');
  close(granted(r, 'h/kubepods/burstable'), 1, 1e-9, 'burstable');
  close(entity(r, 'h/kubepods/burstable').cpu.demand.mean, 4, 1e-9, 'burstable demand = 2 + 2');
  assert.equal(entity(r, 'h/kubepods').cpu.throttled, 1);
  assert.equal(entity(r, 'h/kubepods/burstable').cpu.throttled, null);
  // What kubepods' quota holds back is its throttling (one VMX402), not starvation of everything beneath it: each
  // container may ask at most the 1 CPU above it and gets ½ of it, not below 50%; burstable gets all of its 1.
  assert.deepEqual(
    r.findings.filter((x) => x.code.startsWith('VMX4')).map((x) => x.code),
    ['VMX402'],
  );
});

test("a group's memory.max OOM-kills its largest container when the sum reaches it, on the group's memory.max line", () => {
  // memory.max 1 GiB = 1024 MiB; steady holds 400 MiB; grow ramps 300 → 900 MiB over 60 s, i.e. 300 + 10·t MiB.
  // The sum reaches the limit when 400 + 300 + 10·t = 1024: t = 32.4 s. Then grow holds 300 + 324 = 624 MiB > 400 MiB:
  // grow is the largest, the one the OOM killer picks. It restarts 1 s later (33.4 s) from 300 MiB and would reach the limit
  // again 32.4 s after that, at 65.8 s — past the 60 s run: exactly one kill. (A period-accurate engine would be within one
  // 100 ms period of 32.4 s; ours locates the crossing by bisection, hence 1e-5 s.)
  const text = hostWith(`
    group g {
      cgroup { memory.max = 1GiB }
      container steady { workload { memory = 400MiB } }
      container grow { workload { memory = ramp(from = 300MiB, to = 900MiB, over = 60s) } }
    }`);
  const r = simulateJson(text);
  const growKills = entity(r, 'h/g/grow').events.filter((e) => e.type === 'oom-kill');
  assert.equal(growKills.length, 1);
  close(growKills[0].t, 32.4, 1e-5, 'kill time');
  assert.equal(entity(r, 'h/g/steady').events.filter((e) => e.type === 'oom-kill').length, 0, 'steady is not killed');
  const groupKills = entity(r, 'h/g').events.filter((e) => e.type === 'oom-kill');
  assert.equal(groupKills.length, 1);
  close(groupKills[0].t, 32.4, 1e-5, 'group event time');
  // The group's memory is its containers' sum, bounded by its memory.max, which is its limit.
  const g = entity(r, 'h/g');
  assert.equal(g.memory.limit, 1024 ** 3);
  assert.ok(g.memory.used.max <= 1024 ** 3, `group used max ${g.memory.used.max}`);
  // At the start: 400 + 300 MiB.
  assert.ok(g.memory.used.max >= 700 * 1024 ** 2);
  const f = r.findings.filter((x) => x.code === 'VMX405');
  assert.equal(f.length, 1, 'one VMX405, the group’s (not a second one on the container)');
  assert.equal(f[0].range.start.line, lineOf(text, 'memory.max'));
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /^OOM kill at 32\.40 s in this group: 1\.00 GiB charged against memory\.max 1\.00 GiB; the kernel killed h\/g\/grow, its largest user \(624 MiB\)/);
});

test("a group's pids.max bounds its containers' processes together: failed forks on the group's pids.max line", () => {
  // Two containers want 60 processes each from 0 s: 120 against the group's pids.max 100 → 20 forks fail, the first at 0 s.
  // Neither container has a pids.max of its own, so neither fails a fork by itself.
  const text = hostWith(`
    group g {
      cgroup { pids.max = 100 }
      container a { workload { processes = 60 } }
      container b { workload { processes = 60 } }
    }`);
  const r = simulateJson(text);
  const g = entity(r, 'h/g');
  assert.equal(g.pids.failedForks, 20);
  assert.equal(g.pids.firstFailure, 0);
  assert.equal(entity(r, 'h/g/a').pids.failedForks, 0);
  const f = r.findings.filter((x) => x.code === 'VMX407');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, lineOf(text, 'pids.max'));
  assert.match(f[0].message, /20 forks failed, first at 0\.00 s: up to 120 processes wanted against pids\.max 100/);
});

test("a container's own pids.max counts before its group's: what it cannot fork is not charged to the group", () => {
  // a wants 80 under its own pids.max 50 (30 fail in a), so it charges the group 50; b wants 40: 90 ≤ 100, no failure in g.
  // Then b steps to 70 at 20 s: 50 + 70 = 120 against 100 → 20 fail in g, the first at 20 s.
  const r = simulateJson(
    hostWith(`
    group g {
      cgroup { pids.max = 100 }
      container a { cgroup { pids.max = 50 } workload { processes = 80 } }
      container b { workload { processes = steps([0s, 40], [20s, 70]) } }
    }`),
  );
  assert.equal(entity(r, 'h/g/a').pids.failedForks, 30);
  assert.equal(entity(r, 'h/g').pids.failedForks, 20);
  close(entity(r, 'h/g').pids.firstFailure!, 20, 1e-5, 'group first failure');
});

test('containers in groups keep their disk I/O, and a group’s io.max caps their sum', () => {
  // Disk 10k IOPS. Group g (io.max 3000) holds a and b wanting 2000 each: 4000 capped to 3000, shared 1:1 → 1500 each.
  // c beside it wants 2000: 3000 + 2000 ≤ 10k, so nothing else binds.
  const text = `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4 }
    disk nvme { iops = 10k }
    group g {
      cgroup { io.max = 3000iops }
      container a { workload { iops = 2000 } }
      container b { workload { iops = 2000 } }
    }
    container c { workload { iops = 2000 } }
  }
}
`;
  const r = simulateJson(text);
  close(entity(r, 'h/g/a').io!.iops.granted, 1500, 1e-6, 'a');
  close(entity(r, 'h/g/b').io!.iops.granted, 1500, 1e-6, 'b');
  close(entity(r, 'h/g').io!.iops.granted, 3000, 1e-6, 'g');
  close(entity(r, 'h/g').io!.iops.demand, 4000, 1e-6, 'g asked');
  close(entity(r, 'h/c').io!.iops.granted, 2000, 1e-6, 'c');
  assert.ok(r.findings.some((f) => f.code === 'VMX408' && f.range.start.line === lineOf(text, 'io.max')));
});

test('groups inside a VM share the guest’s vCPUs level by level', () => {
  // VM of 2 vCPUs on 8 free CPUs, hardware virtualization: its guest has 2 / 1.03 CPUs of work.
  // Groups x (300) and y (100) each want 4: 3/4 and 1/4 of it; y's two containers split y's share equally.
  const r = simulateJson(`topology t {
  host h {
    memory = 64GiB
    cpu { cores = 8  features = [vmx] }
    hypervisor kvm {
      vm v {
        vcpus = 2  memory = 8GiB  memory_locked = true
        group x {
          cgroup { cpu.weight = 300 }
          container x1 { workload { cpu = 4 } }
        }
        group y {
          cgroup { cpu.weight = 100 }
          container y1 { workload { cpu = 2 } }
          container y2 { workload { cpu = 2 } }
        }
      }
    }
  }
}
`);
  const guest = 2 / 1.03;
  close(granted(r, 'h/v'), 2, 1e-9, 'vm');
  close(granted(r, 'h/v/x/x1'), (guest * 3) / 4, 1e-5, 'x1');
  close(granted(r, 'h/v/y/y1'), guest / 8, 1e-5, 'y1');
  close(granted(r, 'h/v/y/y2'), guest / 8, 1e-5, 'y2');
});

test('levels run in worker threads exactly as in one thread, the killed container named in the finding', async () => {
  // The plan a worker receives carries the levels and the entity ids (a level's OOM message names the container it killed).
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const script = join(mkdtempSync(join(tmpdir(), 'vmx-levels-')), 'sim-worker.cjs');
  buildSync({ entryPoints: [join(root, 'core/src/sim-worker.ts')], outfile: script, bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error' });
  let text = 'topology t {\n  simulate { duration = 40s }\n';
  for (let h = 0; h < 4; h++) {
    text += `  host n${h} {
    memory = 16GiB
    cpu { cores = 2 }
    group kubepods {
      cgroup { cpu.max = 1  memory.max = 1GiB  pids.max = 100 }
      pod p { container a { workload { cpu = 1  memory = 400MiB  processes = 60 } } container b { workload { cpu = 1  memory = ramp(from = 300MiB, to = 900MiB, over = 60s)  processes = 60 } } }
    }
  }\n`;
  }
  const model = resolve(createSourceFile('file:///levels.vmx', text + '}\n'), { get: () => undefined }, new Reporter());
  const parallel = await simulateParallel(model, defaultConfig(), { workerScript: script, workers: 2, batchSize: 1, seriesPoints: 5 });
  const inThread = simulate(model, defaultConfig(), { seriesPoints: 5 });
  assert.deepEqual(parallel, inThread);
  // Per host: host, kubepods, p, a, b.
  assert.equal(parallel.entities.length, 4 * 5);
  const kills = parallel.findings.filter((f) => f.code === 'VMX405');
  assert.equal(kills.length, 4);
  // The same kill as above: 400 + 300 + 10·t = 1024 MiB at t = 32.4 s; b is the larger (624 MiB).
  assert.match(kills[0].message, /OOM kill at 32\.40 s in this group: .* killed n0\/kubepods\/p\/b, its largest user \(624 MiB\)/);
});

test("a guest's OOM killer picks among its containers in groups too", () => {
  // vRAM 1 GiB = 1024 MiB, guest memory not locked. small (at the guest's root) holds 100 MiB; big (in group g) ramps
  // 0 → 2048 MiB over 20 s, i.e. 102.4 MiB/s. The guest is out of memory when 100 + 102.4·t > 1024: t > 9.0234 s.
  // Guest kills are resolved once per period, at its end: the period [9.0, 9.1] ends at 100 + 931.84 = 1031.84 MiB > 1024,
  // the one before at 1021.6 MiB: the kill is at 9.1 s, and big — the most unprotected memory — is the one killed.
  const text = `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4  features = [vmx] }
    hypervisor kvm {
      vm v {
        vcpus = 2  memory = 1GiB
        container small { workload { memory = 100MiB } }
        group g {
          container big { workload { memory = ramp(from = 0GiB, to = 2GiB, over = 20s) } }
        }
      }
    }
  }
}
`;
  const r = simulateJson(text, ['--duration', '10s']);
  const kills = entity(r, 'h/v/g/big').events.filter((e) => e.type === 'oom-kill');
  assert.equal(kills.length, 1);
  close(kills[0].t, 9.1, 1e-6, 'guest kill at the end of its period');
  assert.match(kills[0].detail!, /^guest out of memory/);
  assert.equal(entity(r, 'h/v/small').events.length, 0);
  const f = r.findings.find((x) => x.code === 'VMX405');
  assert.equal(f?.range.start.line, lineOf(text, 'container big'));
});

test("nested memory.max: each level's killer picks the largest in its own subtree", () => {
  // Outer g (memory.max 2 GiB = 2048 MiB) holds b (constant 1536 MiB) and the inner group i (memory.max 1 GiB) with a,
  // which ramps 0 → 2048 MiB over 20 s (102.4 MiB/s).
  // g's sum 1536 + 102.4·t reaches 2048 at t = 5 s: g's killer picks the largest task in g, b (1536 MiB > a's 512 MiB),
  // although a is the one growing — as the kernel's does. i's sum is a alone: it reaches 1024 MiB at t = 10 s, and i's
  // killer can only pick a. (b restarts 1 s after each kill and is killed again while a holds more than 512 MiB.)
  const text = hostWith(`
    group g {
      cgroup { memory.max = 2GiB }
      container b { workload { memory = 1536MiB } }
      group i {
        cgroup { memory.max = 1GiB }
        container a { workload { memory = ramp(from = 0GiB, to = 2GiB, over = 20s) } }
      }
    }`);
  const r = simulateJson(text, ['--duration', '10.5s']);
  close(entity(r, 'h/g/b').events.find((e) => e.type === 'oom-kill')!.t, 5, 1e-5, 'b first killed');
  const aKills = entity(r, 'h/g/i/a').events.filter((e) => e.type === 'oom-kill');
  assert.equal(aKills.length, 1);
  close(aKills[0].t, 10, 1e-5, 'a killed by i');
  assert.match(entity(r, 'h/g').events[0].detail!, /killed h\/g\/b, its largest user \(1\.50 GiB\)/);
  assert.match(entity(r, 'h/g/i').events[0].detail!, /killed h\/g\/i\/a, its largest user \(1\.00 GiB\)/);
  const lines = r.findings.filter((x) => x.code === 'VMX405').map((x) => x.range.start.line);
  const memoryMaxLines = text.split('\n').flatMap((l, n) => (l.includes('memory.max') ? [n] : []));
  assert.deepEqual(lines.sort((x, y) => x - y), memoryMaxLines, 'one VMX405 per level, each on its own memory.max line');
  assert.ok(entity(r, 'h/g').memory.used.max <= 2 * 1024 ** 3);
});
