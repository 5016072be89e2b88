import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseQuantity } from '../../core/src/schema';
import { check, inHost } from '../helpers';

test('units normalise to bytes, CPUs, seconds, hertz, bits/s, IOPS', () => {
  const cases: [number, string, Parameters<typeof normaliseQuantity>[2], number][] = [
    [4, 'GiB', 'size', 4 * 1024 ** 3],
    [4, 'Gi', 'size', 4 * 1024 ** 3],
    [4, 'GB', 'size', 4e9],
    [512, 'KiB', 'size', 512 * 1024],
    [1, 'TB', 'size', 1e12],
    [500, 'm', 'cpu', 0.5],
    [50, '%', 'cpu', 0.5],
    [1.5, '', 'cpu', 1.5],
    [10, 'ms', 'time', 0.01],
    [2, 'min', 'time', 120],
    [1, 'h', 'time', 3600],
    [2.4, 'GHz', 'frequency', 2.4e9],
    [100, 'MBps', 'rate', 8e8],
    [10, 'Gbps', 'rate', 1e10],
    [400, 'k', 'iops', 400000],
    [20, '%', 'ratio', 0.2],
  ];
  for (const [v, u, k, expected] of cases) assert.ok(Math.abs(normaliseQuantity(v, u, k).value! - expected) < 1e-9 * Math.max(1, expected), `${v}${u}`);
  assert.match(normaliseQuantity(4, 'GiB', 'cpu').error!, /size/);
  assert.match(normaliseQuantity(4, 'gib', 'size').error!, /did you mean 'GiB'/);
});

test('defaults, implied values and entity ids', () => {
  const r = check(
    inHost(
      `    os linux { }
    hypervisor kvm {
      vm db {
        vcpus = 4; memory = 8GiB; pin = [0, 2..3]
        guest linux { }
        container postgres { user = 70 }
        vm inner { vcpus = 1; memory = 1GiB }
      }
    }
    container web { user = 1000 }`,
    ),
  );
  const m = r.model!;
  assert.deepEqual(m.entities.map((e) => e.id), ['h1', 'h1/db', 'h1/db/postgres', 'h1/db/inner', 'h1/web']);
  const host = m.hosts[0];
  assert.equal(host.cpu.logical, 8);
  assert.equal(host.os?.cgroup, 'v2');
  assert.equal(host.hypervisor?.type, 1);
  assert.equal(host.hypervisor?.io, 'virtio');
  assert.equal(host.hypervisor?.virtualization, 'hardware');
  const db = m.vms[0];
  assert.deepEqual(db.pin, [0, 2, 3]);
  assert.equal(db.weight, 100);
  assert.equal(db.guest?.paravirt, true);
  const web = m.containers.find((c) => c.name === 'web')!;
  assert.equal(web.runtime, 'runc');
  assert.equal(web.namespaces.user.mode, 'host');
  assert.equal(web.namespaces.net.mode, 'private');
  assert.equal(web.cgroup.memoryMax, Infinity);
  assert.equal(web.cgroup.cpuWeight, 100);
  assert.equal(m.simulation.duration, 60);
  assert.equal(m.simulation.step, 0.01);
});

test('type 2 hypervisors and workload patterns', () => {
  const r = check(
    inHost(`    hypervisor virtualbox {
      vm dev { vcpus = 2; memory = 4GiB
        workload { cpu = burst(base = 500m, peak = 2, period = 10s, duty = 20%); memory = ramp(from = 1GiB, to = 3GiB, over = 1min); processes = steps([0s, 10], [30s, 50]); start = 5s }
      }
    }`),
  );
  assert.deepEqual(r.diagnostics.map((d) => d.message), []);
  const vm = r.model!.vms[0];
  assert.equal(vm.hypervisor.type, 2);
  assert.deepEqual(vm.workload?.cpu, { type: 'burst', base: 0.5, peak: 2, period: 10, duty: 0.2 });
  assert.deepEqual(vm.workload?.memory, { type: 'ramp', from: 1024 ** 3, to: 3 * 1024 ** 3, over: 60 });
  assert.deepEqual(vm.workload?.processes, { type: 'steps', points: [[0, 10], [30, 50]] });
  assert.equal(vm.workload?.start, 5);
});

test('pattern arguments are checked', () => {
  const r = check(inHost('    container c { workload { cpu = burst(base = 1, peek = 3, period = 10s, duty = 20%) } }'));
  assert.match(r.diagnostics.find((d) => d.code === 'VMX102' || d.code === 'VMX103')!.message, /no parameter 'peek'.*did you mean 'peak'/);
  const r2 = check(inHost('    container c { workload { cpu = ramp(from = 1, to = 2) } }'));
  assert.match(r2.diagnostics.find((d) => d.code === 'VMX103')!.message, /missing over/);
});

test('volume() resolves in the container\'s kernel first, then outwards', () => {
  const r = check(
    inHost(`    volume shared { path = "/srv/shared" }
    hypervisor kvm {
      vm v { vcpus = 1; memory = 1GiB
        volume local { path = "/data" }
        container c { mount a { type = volume; source = volume("local"); target = "/a" }; mount b { type = volume; source = volume("shared"); target = "/b" } }
      }
    }`),
  );
  const c = r.model!.containers[0];
  const [a, b] = c.mounts;
  assert.equal(a.source?.kind === 'volume' && a.source.target?.kernel.owner.kind, 'vm');
  assert.equal(b.source?.kind === 'volume' && b.source.target?.kernel.owner.kind, 'host');
});

test('topology blocks across imports form one topology', () => {
  const r = check('import "hosts/more.vmx"\n' + inHost(''), { 'hosts/more.vmx': 'topology t {\n  host h2 { memory = 8GiB; cpu { cores = 2 } }\n}\n' });
  assert.deepEqual(r.model!.hosts.map((h) => h.id), ['h1', 'h2']);
  assert.equal(r.model!.files.size, 2);
});

test('absurd numbers give diagnostics, not crashes', () => {
  const r = check(inHost('    hypervisor kvm { vm v { vcpus = 1e300; memory = 1e400GiB } }'));
  assert.ok(r.diagnostics.length >= 2);
  assert.ok(r.diagnostics.every((d) => d.code === 'VMX104' || d.code === 'VMX103' || d.code === 'VMX111'));
});
