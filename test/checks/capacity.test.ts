import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patternPeak, suggestedMemoryMax } from '../../core/src/checks/capacity-memory';
import { assertAllFixesRoundTrip, check, container, expectCodes, expectOne, host, lineOf, withCode } from './helpers';

const vm = (name: string, body = '', vcpus = 2, memory = '4GiB') => `vm ${name} {\n  vcpus = ${vcpus}\n  memory = ${memory}\n  guest linux {}\n${body}\n}`;
const kvm = (body: string, cpu?: string, memory?: string) => host(`hypervisor kvm {\n${body}\n}`, cpu, memory);

test('VMX301: vCPUs above 4× the logical CPUs, on the hypervisor header, with the VMs as related', () => {
  const t = kvm([vm('a', '', 4), vm('b', '', 1)].join('\n'), 'cores = 1 features = [vmx]');
  const d = expectOne(t, 'VMX301', lineOf(t, 'hypervisor kvm'));
  assert.equal(d.related?.length, 2);
  expectCodes(t, ['VMX301', 'VMX310']);
});

test('VMX301 near miss: exactly 4×, and the ratio is configurable', () => {
  const t = kvm([vm('a', '', 8), vm('b', '', 8), vm('c', '', 8), vm('d', '', 8)].join('\n'), 'cores = 8 features = [vmx]');
  assert.equal(withCode(t, 'VMX301').length, 0);
  assert.equal(check(t, { thresholds: { vcpuOvercommitRatio: 2 } }).filter((d) => d.code === 'VMX301').length, 1);
});

test('VMX302: overlapping pins, each VM reported on its pin with the other VM and its pin related', () => {
  const t = kvm([vm('a', 'pin = 0..1'), vm('b', 'pin = [1, 2]')].join('\n'));
  const ds = withCode(t, 'VMX302');
  assert.deepEqual(ds.map((d) => d.range.start.line), [lineOf(t, 'pin = 0..1'), lineOf(t, 'pin = [1, 2]')]);
  assert.equal(ds[0].related?.[0].range.start.line, lineOf(t, 'pin = [1, 2]'));
  assert.match(ds[0].message, /vm b \(CPU 1\)/);
});

test('VMX302 near miss: disjoint pins', () => {
  expectCodes(kvm([vm('a', 'pin = 0..1'), vm('b', 'pin = 2..3')].join('\n')), []);
});

test('VMX303: pin outside the logical CPUs (sockets × cores × threads)', () => {
  const t = kvm(vm('a', 'pin = [7, 8]'), 'sockets = 2 cores = 2 threads = 2 features = [vmx]');
  assert.equal(expectOne(t, 'VMX303', lineOf(t, 'pin =')).severity, 'error');
});

test('VMX303 near miss: the last logical CPU', () => {
  expectCodes(kvm(vm('a', 'pin = 6..7'), 'sockets = 2 cores = 2 threads = 2 features = [vmx]'), []);
});

test('VMX304: locked memory beyond the host, on memory_locked', () => {
  const t = kvm([vm('a', 'memory_locked = true', 2, '40GiB'), vm('b', 'memory_locked = true', 2, '30GiB')].join('\n'), undefined, '64GiB');
  const d = expectOne(t, 'VMX304', lineOf(t, 'memory_locked = true', 1));
  assert.equal(d.severity, 'error');
  assert.ok(d.related!.length >= 2);
});

test('VMX304 near miss: locked memory that fits, unlocked memory beyond', () => {
  expectCodes(kvm([vm('a', 'memory_locked = true', 2, '40GiB'), vm('b', '', 2, '20GiB')].join('\n'), undefined, '64GiB'), []);
});

test('VMX305: error on type 2 (reserved + VMs), warning on type 1, on the hypervisor header, contributors related', () => {
  const t2 = host(`os linux { reserved = 8GiB }\nhypervisor virtualbox {\n${vm('a', '', 2, '10GiB')}\n}`, undefined, '16GiB');
  const d2 = expectOne(t2, 'VMX305', lineOf(t2, 'hypervisor virtualbox'));
  assert.equal(d2.severity, 'error');
  assert.deepEqual(d2.related?.map((r) => r.range.start.line), [lineOf(t2, 'memory = 16GiB'), lineOf(t2, 'reserved = 8GiB'), lineOf(t2, 'memory = 10GiB')]);
  const t1 = kvm([vm('a', '', 2, '40GiB'), vm('b', '', 2, '30GiB')].join('\n'), undefined, '64GiB');
  assert.equal(expectOne(t1, 'VMX305', lineOf(t1, 'hypervisor kvm')).severity, 'warning');
});

test('VMX305 near miss: type 2 that fits with its reserve', () => {
  expectCodes(host(`os linux { reserved = 4GiB }\nhypervisor virtualbox {\n${vm('a', '', 2, '10GiB')}\n}`, undefined, '16GiB'), []);
});

test('VMX306: cpu.max above what the parent can give: host CPUs, VM vCPUs, cpuset', () => {
  const t = host(container('c', '', 'cpu.max = 12'));
  expectOne(t, 'VMX306', lineOf(t, 'cpu.max'));
  const inVm = kvm(vm('v', container('c', '', 'cpu.max = 3')));
  expectOne(inVm, 'VMX306', lineOf(inVm, 'cpu.max'));
  const cpuset = host(container('c', '', 'cpuset.cpus = 0..1 cpu.max = 3'));
  expectOne(cpuset, 'VMX306', lineOf(cpuset, 'cpu.max'));
  const vmGroup = kvm(vm('v', 'cgroup { cpu.max = 4 }'));
  expectOne(vmGroup, 'VMX306', lineOf(vmGroup, 'cpu.max'));
});

test('VMX306 near miss: a cap that can bind', () => {
  expectCodes(host(container('c', '', 'cpu.max = 8')), []);
  expectCodes(kvm(vm('v', container('c', '', 'cpu.max = 1500m'))), []);
});

test('VMX307: memory.min summed beyond the parent, on the memory.min that takes it over, parent and other contributors related', () => {
  const t = kvm(vm('v', [container('a', '', 'memory.min = 3GiB'), container('b', '', 'memory.min = 2GiB')].join('\n')));
  const d = expectOne(t, 'VMX307', lineOf(t, 'memory.min = 2GiB'));
  assert.deepEqual(d.related?.map((r) => r.range.start.line), [lineOf(t, 'memory = 4GiB'), lineOf(t, 'memory.min = 3GiB')]);
});

test('VMX307 near miss: protections that fit', () => {
  expectCodes(kvm(vm('v', [container('a', '', 'memory.min = 1GiB'), container('b', '', 'memory.min = 1GiB')].join('\n'))), []);
});

test('VMX308/VMX309: a container without memory.max / pids.max, on its header; the fixes round-trip', () => {
  const t = host('container c {\n  user = 1000\n  workload { memory = 2GiB processes = 100 }\n}');
  const m = expectOne(t, 'VMX308', lineOf(t, 'container c'));
  const p = expectOne(t, 'VMX309', lineOf(t, 'container c'));
  assert.match(m.fixes![0].title, /memory.max = 2560MiB/);
  assert.match(p.fixes![0].title, /pids.max = 160/);
  assert.equal(assertAllFixesRoundTrip(t, 'VMX308'), 1);
  assert.equal(assertAllFixesRoundTrip(t, 'VMX309'), 1);
});

test('VMX308/VMX309: explicit max is reported on the attribute; defaults without a workload', () => {
  const t = host('container c {\n  user = 1000\n  cgroup {\n    memory.max = max\n    pids.max = max\n  }\n}');
  const m = expectOne(t, 'VMX308', lineOf(t, 'memory.max'));
  const p = expectOne(t, 'VMX309', lineOf(t, 'pids.max'));
  assert.match(m.fixes![0].title, /512MiB/);
  assert.match(p.fixes![0].title, /1024/);
  assertAllFixesRoundTrip(t, 'VMX308');
  assertAllFixesRoundTrip(t, 'VMX309');
});

test('VMX308/VMX309 near miss: both limits, v1 alias included', () => {
  expectCodes(host('container c {\n  user = 1000\n  cgroup { memory.limit_in_bytes = 1073741824 pids.max = 50 }\n}'), []);
});

test('sizing: peaks of every pattern, floors from memory.high', () => {
  assert.equal(patternPeak({ type: 'burst', base: 1, peak: 3, period: 1, duty: 0.5 }), 3);
  assert.equal(patternPeak({ type: 'ramp', from: 4, to: 2, over: 1 }), 4);
  assert.equal(patternPeak({ type: 'sine', mean: 2, amplitude: 1, period: 1 }), 3);
  assert.equal(patternPeak({ type: 'steps', points: [[0, 1], [5, 7]] }), 7);
  const t = host('container c {\n  user = 1000\n  cgroup { memory.high = 3GiB pids.max = 5 }\n}');
  assert.match(withCode(t, 'VMX308')[0].fixes![0].title, /3GiB/);
  assert.equal(suggestedMemoryMax({ workload: undefined, cgroup: { memoryHigh: Infinity, memoryMin: 0, memoryLow: 0 } } as never), 512 * 1024 * 1024);
  assertAllFixesRoundTrip(t, 'VMX308');
});

test('VMX310: a VM wider than the host, on vcpus', () => {
  const t = kvm(vm('a', '', 9));
  expectOne(t, 'VMX310', lineOf(t, 'vcpus = 9'));
});

test('VMX310 near miss: as wide as the host', () => {
  expectCodes(kvm(vm('a', '', 8)), []);
});

test('VMX311: fewer pinned CPUs than vCPUs is information on pin', () => {
  const t = kvm(vm('a', 'pin = 0', 2));
  assert.equal(expectOne(t, 'VMX311', lineOf(t, 'pin = 0')).severity, 'information');
});

test('VMX311 near miss: one CPU per vCPU', () => {
  expectCodes(kvm(vm('a', 'pin = [0, 1]', 2)), []);
});
