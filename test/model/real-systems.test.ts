/**
 * DESIGN §3.1 in the model: groups and pods (the cgroup tree, entity ids,
 * containers still on their kernel), pod QoS, requests → cpu.weight (the
 * kubelet's and runc's integer conversions), sizes with Kubernetes' decimal
 * suffixes and plain bytes, the kernel's cpu.max string, ballooned VMs.
 * Every expected figure is worked out by hand in the comment beside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, covered, inHost } from '../helpers';
import { Container, Model } from '../../core/src/model/types';
import { cpuToShares, sharesToWeight } from '../../core/src/schema';

/** Hardened container lines, so the security reminders (VMX222–VMX224) stay out of the way. */
const HARD = 'user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true';

function model(text: string): Model {
  const r = check(text);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), []);
  return r.model!;
}

function container(m: Model, id: string): Container {
  const c = m.containers.find((x) => x.id === id);
  assert.ok(c, `no container ${id} (have ${m.containers.map((x) => x.id).join(', ')})`);
  return c;
}

const NODE = inHost(`    group kubepods {
      cgroup { cpu.weight = 200 }
      group burstable {
        labels { "kubernetes.io/qos" = "burstable" }
        pod pod-web {
          labels { app = "web"; "app.kubernetes.io/name" = "web" }
          container nginx {
            ${HARD}
            requests { cpu = 250m; memory = 64Mi }
            cgroup { cpu.max = 500m; memory.max = 128Mi; pids.max = 100 }
          }
        }
      }
      pod pod-db {
        container pg { ${HARD}; cgroup { cpu.max = 1; memory.max = 1GiB; pids.max = 100 } }
      }
    }
    group system {
      container sshd { ${HARD}; cgroup { memory.max = 64Mi; pids.max = 50 } }
    }
    container plain { ${HARD}; cgroup { memory.max = 64Mi; pids.max = 50 } }`);

test('groups and pods are entities whose ids are the path of labels down to them', () => {
  const m = model(NODE);
  assert.deepEqual(
    m.entities.map((e) => `${e.kind} ${e.id}`),
    [
      'host h1',
      'group h1/kubepods',
      'group h1/kubepods/burstable',
      'pod h1/kubepods/burstable/pod-web',
      'container h1/kubepods/burstable/pod-web/nginx',
      'pod h1/kubepods/pod-db',
      'container h1/kubepods/pod-db/pg',
      'group h1/system',
      'container h1/system/sshd',
      'container h1/plain',
    ],
  );
  assert.ok(m.entityById.get('h1/kubepods/burstable/pod-web/nginx'));
});

test('the model exposes the tree: parents, children, cgroups, paths; every container stays on its kernel', () => {
  const m = model(NODE);
  const host = m.hosts[0];
  assert.deepEqual(host.groups.map((g) => g.name), ['kubepods', 'system']);
  assert.deepEqual(host.pods, [], 'no pod directly on the host');
  const kubepods = host.groups[0];
  assert.equal(kubepods.cgroup.cpuWeight, 200);
  assert.equal(kubepods.parent, undefined);
  assert.deepEqual(kubepods.groups.map((g) => g.path), ['kubepods/burstable']);
  assert.deepEqual(kubepods.pods.map((p) => p.path), ['kubepods/pod-db']);
  const burstable = kubepods.groups[0];
  assert.equal(burstable.parent, kubepods);
  const web = burstable.pods[0];
  assert.equal(web.parent, burstable);
  assert.equal(web.path, 'kubepods/burstable/pod-web');
  const nginx = container(m, 'h1/kubepods/burstable/pod-web/nginx');
  assert.equal(nginx.pod, web);
  assert.equal(nginx.parent, web);
  assert.deepEqual(web.containers, [nginx]);
  const sshd = container(m, 'h1/system/sshd');
  assert.equal(sshd.parent, host.groups[1]);
  assert.equal(sshd.pod, undefined);
  assert.equal(container(m, 'h1/plain').parent, undefined);
  // Every consumer of the kernel's (and the host's) container list sees the nested ones.
  assert.deepEqual(host.kernel.containers.map((c) => c.name), ['nginx', 'pg', 'sshd', 'plain']);
  assert.equal(host.containers, host.kernel.containers);
  assert.equal(host.allContainers.length, 4);
  assert.deepEqual(m.groups.map((g) => g.id), ['h1/kubepods', 'h1/kubepods/burstable', 'h1/system']);
  assert.deepEqual(m.pods.map((p) => p.id), ['h1/kubepods/burstable/pod-web', 'h1/kubepods/pod-db']);
});

test('labels reach the model on every kind that takes them', () => {
  const m = model(NODE);
  assert.deepEqual(m.pods[0].labels, { app: 'web', 'app.kubernetes.io/name': 'web' });
  assert.deepEqual(m.groups[1].labels, { 'kubernetes.io/qos': 'burstable' });
  assert.deepEqual(m.hosts[0].labels, {});
});

test('groups and pods nest in VMs too, on the guest kernel', () => {
  const text = inHost(`    hypervisor kvm {
      vm worker {
        vcpus = 4; memory = 8GiB
        group kubepods { pod p { container c { ${HARD}; cgroup { memory.max = 1GiB; pids.max = 10 } } } }
      }
    }`);
  const m = model(text);
  const c = container(m, 'h1/worker/kubepods/p/c');
  assert.equal(c.kernel, m.vms[0].kernel);
  assert.deepEqual(m.vms[0].containers, [c]);
  assert.deepEqual(m.hosts[0].containers, []);
});

test('a group or pod is only allowed where the schema says (VMX107), and its container needs a name like any', () => {
  const t1 = inHost('    container c { group g { } }');
  assert.ok(codes(check(t1)).includes('VMX107'));
  const t2 = inHost('    pod p { pod q { } }');
  const f = check(t2).diagnostics.find((d) => d.code === 'VMX107');
  assert.ok(f);
  assert.equal(covered(t2, f), 'pod');
  assert.match(f.message, /'pod' is not allowed inside 'pod': it belongs in host, vm, partition, group/);
});

test('pod QoS: guaranteed, burstable and besteffort derived by the kubelet rules; a written qos wins', () => {
  const pod = (body: string) => model(inHost(`    pod p {\n${body}\n    }`)).pods[0];
  const limits = 'cgroup { cpu.max = 500m; memory.max = 256Mi; pids.max = 10 }';
  // Limits without requests: requests default to the limits → equal → guaranteed.
  assert.equal(pod(`      container a { ${HARD}; ${limits} }`).qos, 'guaranteed');
  // Requests equal to the limits, written (250m = "25000 100000"): guaranteed.
  assert.equal(pod(`      container a { ${HARD}; requests { cpu = 250m; memory = 256Mi }; cgroup { cpu.max = "25000 100000"; memory.max = 268435456; pids.max = 10 } }`).qos, 'guaranteed');
  // A request below its limit: burstable.
  assert.equal(pod(`      container a { ${HARD}; requests { cpu = 100m }; ${limits} }`).qos, 'burstable');
  // Requests without limits: burstable.
  assert.equal(pod(`      container a { ${HARD}; requests { cpu = 100m; memory = 64Mi } }`).qos, 'burstable');
  // One guaranteed container and one without anything: burstable.
  assert.equal(pod(`      container a { ${HARD}; ${limits} }\n      container b { ${HARD} }`).qos, 'burstable');
  // Only a CPU limit: not guaranteed (memory has none) → burstable.
  assert.equal(pod(`      container a { ${HARD}; cgroup { cpu.max = 1 } }`).qos, 'burstable');
  // Nothing anywhere: besteffort (a pids.max is no Kubernetes limit).
  const be = pod(`      container a { ${HARD}; cgroup { pids.max = 10 } }\n      container b { ${HARD} }`);
  assert.equal(be.qos, 'besteffort');
  assert.equal(be.qosDeclared, false);
  const declared = pod(`      qos = guaranteed\n      container a { ${HARD} }`);
  assert.equal(declared.qos, 'guaranteed');
  assert.equal(declared.qosDeclared, true);
});

test('requests.cpu → cpu.weight by the kubelet and runc: 250m → 256 shares → 10; 500m → 512 → 20; 100m → 102 → 4', () => {
  // shares = max(2, floor(milli × 1024 / 1000)); weight = 1 + floor((shares − 2) × 9999 / 262142).
  // 250m: 256 shares; 1 + floor(254 × 9999 / 262142) = 1 + floor(9.688) = 10.
  // 500m: 512 shares; 1 + floor(510 × 9999 / 262142) = 1 + floor(19.45) = 20.
  // 100m: 102 shares; 1 + floor(100 × 9999 / 262142) = 1 + floor(3.81) = 4.
  const cases: [string, number, number][] = [
    ['250m', 256, 10],
    ['500m', 512, 20],
    ['100m', 102, 4],
    ['1', 1024, 39],
  ];
  for (const [cpu, shares, weight] of cases) {
    const m = model(inHost(`    container c { ${HARD}; requests { cpu = ${cpu} } }`));
    const g = m.containers[0].cgroup;
    assert.equal(g.shares, shares, `${cpu}: shares`);
    assert.equal(g.cpuWeight, weight, `${cpu}: weight`);
    assert.equal(g.weightSource, 'requests');
    assert.equal(cpuToShares(Number(cpu.replace('m', '')) / (cpu.endsWith('m') ? 1000 : 1)), shares);
    assert.equal(sharesToWeight(shares), weight);
  }
  // MinShares: a request of 1m is 2 shares (1 × 1024 / 1000 = 1, raised to 2), weight 1.
  assert.equal(cpuToShares(0.001), 2);
  assert.equal(sharesToWeight(2), 1);
});

test('cpu.weight or cpu.shares written win over requests; cpu.shares keeps its raw value for v1 hosts', () => {
  const w = model(inHost(`    container c { ${HARD}; requests { cpu = 250m }; cgroup { cpu.weight = 300 } }`)).containers[0].cgroup;
  assert.equal(w.cpuWeight, 300);
  assert.equal(w.weightSource, 'cpu.weight');
  assert.equal(w.shares, undefined);
  const s = model(inHost(`    container c { ${HARD}; requests { cpu = 250m }; cgroup { cpu.shares = 512 } }`)).containers[0].cgroup;
  assert.equal(s.shares, 512);
  assert.equal(s.cpuWeight, 20);
  assert.equal(s.weightSource, 'cpu.shares');
  const none = model(inHost(`    container c { ${HARD} }`)).containers[0].cgroup;
  assert.equal(none.cpuWeight, 100);
  assert.equal(none.weightSource, 'default');
  assert.equal(none.shares, undefined);
});

test("in a pod, a missing request is the limit (Kubernetes' defaulting) and the pod's weight is its containers' sum", () => {
  const m = model(inHost(`    pod p {
      container a { ${HARD}; cgroup { cpu.max = 500m } }
      container b { ${HARD}; requests { cpu = 250m } }
      container c { ${HARD} }
    }`));
  // a: request = limit 500m → 512 shares → weight 20. c: nothing → 0 → MinShares 2 → weight 1.
  assert.deepEqual(m.containers.map((c) => [c.name, c.cgroup.shares, c.cgroup.cpuWeight]), [
    ['a', 512, 20],
    ['b', 256, 10],
    ['c', 2, 1],
  ]);
  // The pod: 500m + 250m + 0 = 750m → 768 shares → 1 + floor(766 × 9999 / 262142) = 1 + 29 = 30.
  assert.equal(m.pods[0].cgroup.shares, 768);
  assert.equal(m.pods[0].cgroup.cpuWeight, 30);
});

test('sizes: Kubernetes decimal K M G T, binary Ki Mi Gi Ti, and plain integers are bytes', () => {
  const m = model(inHost(`    container c { ${HARD}; cgroup { memory.max = 1073741824; memory.high = 512M; memory.low = 1G; memory.min = 1K; pids.max = 10 } }`));
  const g = m.containers[0].cgroup;
  assert.equal(g.memoryMax, 1024 ** 3);
  assert.equal(g.memoryHigh, 512e6);
  assert.equal(g.memoryLow, 1e9);
  assert.equal(g.memoryMin, 1000);
  const t = model(inHost(`    disk d { size = 2T }`)).hosts[0].disks[0];
  assert.equal(t.size, 2e12);
});

test('a bare size must be whole bytes; Docker-style 512m is refused with both readings', () => {
  const frac = inHost(`    container c { ${HARD}; cgroup { memory.max = 1.5 } }`);
  const f1 = check(frac).diagnostics.find((d) => d.code === 'VMX103')!;
  assert.equal(covered(frac, f1), '1.5');
  assert.match(f1.message, /without a unit is bytes, a whole number/);
  const docker = inHost(`    container c { ${HARD}; cgroup { memory.max = 512m } }`);
  const f2 = check(docker).diagnostics.find((d) => d.code === 'VMX103')!;
  assert.match(f2.message, /did you mean 'Mi' \(what Docker's 'm' means, 2\^20 bytes\) or 'M' \(10\^6\)\?/);
});

test('a machine memory as a bare number below 1 MiB is a missing unit: VMX103 with did-you-mean', () => {
  const host = 'topology t {\n  host h1 {\n    memory = 16\n    cpu { cores = 8 }\n  }\n}\n';
  const f = check(host).diagnostics.find((d) => d.code === 'VMX103')!;
  assert.equal(covered(host, f), '16');
  assert.match(f.message, /memory = 16 is 16 bytes: did you mean 16GiB\?/);
  const vm = inHost('    hypervisor kvm { vm v { vcpus = 1; memory = 512 } }');
  assert.match(check(vm).diagnostics.find((d) => d.code === 'VMX103')!.message, /did you mean 512MiB or 512GiB\?/);
  // 1 MiB and more in bytes is taken as written; a cgroup limit (a kernel value) has no such floor.
  assert.equal(model(inHost('    hypervisor kvm { vm v { vcpus = 1; memory = 1073741824 } }')).vms[0].memory, 1024 ** 3);
  assert.equal(model(inHost(`    container c { ${HARD}; cgroup { memory.max = 4096; pids.max = 10 } }`)).containers[0].cgroup.memoryMax, 4096);
});

test('cpu.max as the kernel writes it: "QUOTA PERIOD" in µs, max, and the period kept when not 100 ms', () => {
  const cg = (v: string) => model(inHost(`    container c { ${HARD}; cgroup { cpu.max = ${v}; memory.max = 1GiB; pids.max = 10 } }`)).containers[0].cgroup;
  // 50000 µs per 100000 µs = 0.5 CPU, default period: no cpuPeriod.
  assert.equal(cg('"50000 100000"').cpuMax, 0.5);
  assert.equal(cg('"50000 100000"').cpuPeriod, undefined);
  // 25000 per 50000 = 0.5 CPU, period 50 ms.
  assert.equal(cg('"25000 50000"').cpuMax, 0.5);
  assert.equal(cg('"25000 50000"').cpuPeriod, 0.05);
  // 200000 per 100000: 2 CPUs.
  assert.equal(cg('"200000 100000"').cpuMax, 2);
  assert.equal(cg('"max 100000"').cpuMax, Infinity);
  assert.equal(cg('"max"').cpuMax, Infinity);
  assert.equal(cg('"max 20000"').cpuPeriod, 0.02);
});

test('a malformed cpu.max string is VMX103 naming the form; a period out of the kernel range is VMX104', () => {
  for (const bad of ['"half"', '"50000 100000 3"', '"-1 100000"', '"50000,100000"']) {
    const text = inHost(`    container c { ${HARD}; cgroup { cpu.max = ${bad} } }`);
    const f = check(text).diagnostics.filter((d) => d.code === 'VMX103');
    assert.equal(f.length, 1, bad);
    assert.equal(covered(text, f[0]), bad);
    assert.match(f[0].message, /expected "QUOTA PERIOD" in microseconds \("50000 100000" is 0\.5 CPU\), "max 100000" or "max"/);
  }
  const text = inHost(`    container c { ${HARD}; cgroup { cpu.max = "500 500" } }`);
  const f = check(text).diagnostics.find((d) => d.code === 'VMX104')!;
  assert.match(f.message, /period 500µs is out of range: the kernel accepts 1000 to 1000000 µs/);
  assert.ok(codes(check(inHost(`    container c { ${HARD}; cgroup { cpu.max = "0 100000" } }`))).includes('VMX104'), 'a zero quota');
});

test('a ballooned VM: memory_min ≤ memory ≤ memory_max in the model; memory may be left out with memory_max', () => {
  const vm = (body: string) => model(inHost(`    hypervisor kvm { vm 101 { vcpus = 2; ${body} } }`)).vms[0];
  const b = vm('balloon = true; memory_min = 2GiB; memory = 4GiB; memory_max = 8GiB');
  assert.equal(b.id, 'h1/101');
  assert.deepEqual([b.balloon, b.memoryMin, b.memory, b.memoryMax], [true, 2 * 1024 ** 3, 4 * 1024 ** 3, 8 * 1024 ** 3]);
  // memory left out: it is memory_max (what libvirt's <memory> and Proxmox's memory mean).
  const noMemory = vm('balloon = true; memory_min = 1GiB; memory_max = 6GiB');
  assert.equal(noMemory.memory, 6 * 1024 ** 3);
  assert.equal(noMemory.memoryMin, 1024 ** 3);
  // Not ballooned: min and max are the memory.
  const fixed = vm('memory = 4GiB');
  assert.deepEqual([fixed.balloon, fixed.memoryMin, fixed.memoryMax], [false, 4 * 1024 ** 3, 4 * 1024 ** 3]);
});

test('balloon rules: min/max without balloon = true name balloon (with the fix); order is VMX104; memory needed otherwise', () => {
  const text = inHost('    hypervisor kvm {\n      vm v {\n        vcpus = 2; memory = 4GiB\n        memory_max = 8GiB\n      }\n    }');
  const f = check(text).diagnostics.find((d) => d.code === 'VMX103')!;
  assert.equal(covered(text, f), 'memory_max');
  assert.match(f.message, /memory_max needs balloon = true/);
  assert.equal(f.fixes?.[0].title, 'Add balloon = true');
  assert.equal(f.fixes?.[0].edits[0].newText, '        balloon = true\n');
  const order = inHost('    hypervisor kvm { vm v { vcpus = 2; balloon = true; memory_min = 8GiB; memory = 4GiB; memory_max = 2GiB } }');
  const found = check(order).diagnostics.filter((d) => d.code === 'VMX104');
  assert.deepEqual(found.map((d) => covered(order, d)), ['memory_min = 8GiB', 'memory = 4GiB']);
  assert.match(found[0].message, /memory_min = 8GiB is above memory = 4GiB/);
  // A ballooned VM without memory and without memory_max: memory is missing (VMX108).
  const missing = inHost('    hypervisor kvm { vm v { vcpus = 2; balloon = true; memory_min = 1GiB } }');
  const m = check(missing).diagnostics.find((d) => d.code === 'VMX108')!;
  assert.match(m.message, /missing memory = …/);
});

test('volume("x") in a pod container resolves in the pod first, then outwards; unknown names VMX106 in the pod', () => {
  const text = inHost(`    volume shared { path = "/srv/host" }
    pod p {
      volume shared { }
      container a { ${HARD}; mount m { type = volume; source = volume("shared"); target = "/data" } }
      container b { ${HARD}; mount n { type = volume; source = volume("outer"); target = "/o" } }
    }
    volume outer { path = "/srv/outer" }`);
  const m = model(text);
  const [a, b] = m.containers;
  const src = (c: Container) => (c.mounts[0].source as { target?: { pod?: unknown; path?: string } }).target;
  assert.equal(src(a)?.pod, m.pods[0], 'the pod volume, not the host one of the same name');
  assert.equal(src(b)?.path, '/srv/outer', 'not in the pod: the host volume');
  const missing = inHost(`    pod p { volume cache { }; container a { ${HARD}; mount m { type = volume; source = volume("cach"); target = "/c" } } }`);
  const f = check(missing).diagnostics.find((d) => d.code === 'VMX106')!;
  assert.match(f.message, /no volume 'cach' in pod p, on the host OS of h1 or around it: did you mean 'cache'\?/);
});

test('a unit written apart from its number is one syntax error with the glued form, for the new size units too', () => {
  const text = inHost(`    container c { ${HARD}; cgroup { memory.max = 512 M } }`);
  const f = check(text).diagnostics.filter((d) => d.code === 'VMX100');
  assert.equal(f.length, 1);
  assert.equal(covered(text, f[0]), '512 M');
  assert.match(f[0].message, /write the unit next to the number: 512M/);
});
