/** VMX312–VMX316: cgroup settings against their bounds (issue 11), with exact ranges, related locations and fix round-trips. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllFixesRoundTrip, assertFixRoundTrips, check, container, expectOne, host, lineOf, withCode } from './helpers';
import { applyEdits } from '../../core/src/text/apply-edits';
import { URI } from './helpers';

/** The text a diagnostic's range covers (single-line ranges). */
function rangeText(text: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string {
  assert.equal(d.range.start.line, d.range.end.line);
  return text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

test('VMX312: a container cpuset beyond the host\'s 8 logical CPUs, on the value, related to the host CPU, fix keeps 6..7', () => {
  const text = host(container('web', '', 'cpuset.cpus = 6..9'));
  const d = expectOne(text, 'VMX312', lineOf(text, 'cpuset.cpus'));
  assert.equal(d.severity, 'error');
  assert.equal(rangeText(text, d), '6..9');
  // 8 cores × 1 thread = CPUs 0..7: 8 and 9 are outside.
  assert.match(d.message, /lists CPUs 8\.\.9, outside the 8 logical CPUs of host h \(numbered 0\.\.7\)/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'cores = 8'));
  assert.equal(d.fixes?.[0].title, 'Keep only the CPUs that exist: cpuset.cpus = 6..7');
  const fixed = assertFixRoundTrips(text, d, d.fixes![0]);
  assert.match(fixed, /cpuset\.cpus = 6\.\.7/);
  assert.deepEqual(withCode(fixed, 'VMX312'), []);
});

test('VMX312: inside a VM the cpuset counts the VM\'s vCPUs, related to its vcpus', () => {
  const text = host(`    hypervisor kvm {\n      vm v {\n        vcpus = 2\n        memory = 4GiB\n${container('web', '', 'cpuset.cpus = [1, 3]')}\n      }\n    }`);
  const d = expectOne(text, 'VMX312', lineOf(text, 'cpuset.cpus'));
  assert.equal(rangeText(text, d), '[1, 3]');
  assert.match(d.message, /lists CPU 3, outside the 2 vCPUs of vm v \(numbered 0\.\.1\)/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'vcpus = 2'));
  assert.equal(assertAllFixesRoundTrip(text, 'VMX312'), 1);
  // The same cpuset on the host (8 CPUs) is fine.
  assert.deepEqual(withCode(host(container('web', '', 'cpuset.cpus = [1, 3]')), 'VMX312'), []);
});

test('VMX312: none of the CPUs exist: the fix uses every CPU there is', () => {
  const text = host(container('web', '', 'cpuset.cpus = 12..15'));
  const d = expectOne(text, 'VMX312', lineOf(text, 'cpuset.cpus'));
  assert.equal(d.fixes?.[0].title, 'Use every CPU there is: cpuset.cpus = 0..7');
  assertFixRoundTrips(text, d, d.fixes![0]);
});

test('VMX313: memory.max of 128GiB above the host\'s 64GiB never binds; related to the host memory', () => {
  const text = host(container('web').replace('memory.max = 1GiB', 'memory.max = 128GiB'));
  const d = expectOne(text, 'VMX313', lineOf(text, 'memory.max'));
  assert.equal(d.severity, 'warning');
  assert.equal(rangeText(text, d), '128GiB');
  assert.match(d.message, /memory\.max of container web is 128GiB, above host h's memory of 64GiB/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'memory = 64GiB'));
  // Equal is not above.
  assert.deepEqual(withCode(host(container('web').replace('memory.max = 1GiB', 'memory.max = 64GiB')), 'VMX313'), []);
});

test('VMX313: inside a VM the bound is the VM\'s memory; a figure one byte over reads as exact bytes', () => {
  // 4GiB = 4,294,967,296 bytes; 4294967297B rounds to "4GiB" too, so both are printed exactly.
  const text = host(`    hypervisor kvm {\n      vm v {\n        vcpus = 2\n        memory = 4GiB\n${container('web').replace('memory.max = 1GiB', 'memory.max = 4294967297B')}\n      }\n    }`);
  const d = expectOne(text, 'VMX313', lineOf(text, 'memory.max'));
  assert.match(d.message, /is 4,294,967,297 bytes, above vm v's memory of 4,294,967,296 bytes/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'memory = 4GiB'));
});

test('VMX314: memory.high above memory.max, clamped by the fix to memory.max as written', () => {
  const text = host(container('web', '', 'memory.high = 2GiB'));
  const d = expectOne(text, 'VMX314', lineOf(text, 'memory.high'));
  assert.equal(d.severity, 'error');
  assert.equal(rangeText(text, d), '2GiB');
  assert.match(d.message, /memory\.high of container web is 2GiB, above its memory\.max of 1GiB/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'memory.max'));
  assert.equal(d.fixes?.[0].title, 'Clamp memory.high to memory.max (1GiB)');
  const fixed = assertFixRoundTrips(text, d, d.fixes![0]);
  assert.match(fixed, /memory\.high = 1GiB/);
  assert.deepEqual(check(fixed).filter((x) => x.severity === 'error' || x.severity === 'warning'), []);
});

test('VMX314: memory.low and memory.min above memory.max, and memory.min above memory.low', () => {
  const both = host(container('web', '', 'memory.low = 3GiB memory.min = 2GiB'));
  const ds = withCode(both, 'VMX314');
  // low 3GiB > max 1GiB; min 2GiB > max 1GiB (the min-above-low comparison is not made again for min).
  assert.deepEqual(ds.map((d) => rangeText(both, d)).sort(), ['2GiB', '3GiB']);
  assert.equal(assertAllFixesRoundTrip(both, 'VMX314'), 2);
  const inverted = host(container('web', '', 'memory.low = 256MiB memory.min = 512MiB'));
  const d = expectOne(inverted, 'VMX314', lineOf(inverted, 'memory.low'));
  assert.equal(rangeText(inverted, d), '512MiB');
  assert.match(d.message, /memory\.min of container web is 512MiB, above its memory\.low of 256MiB/);
  assert.equal(d.fixes?.[0].title, 'Clamp memory.min to memory.low (256MiB)');
  assertFixRoundTrips(inverted, d, d.fixes![0]);
  // memory.min without memory.low written is no inversion (the default 0 says nothing), and equal values are fine.
  assert.deepEqual(withCode(host(container('web', '', 'memory.min = 512MiB')), 'VMX314'), []);
  assert.deepEqual(withCode(host(container('web', '', 'memory.high = 1GiB memory.low = 512MiB memory.min = 512MiB')), 'VMX314'), []);
});

test('VMX315: memory.max = 0 and pids.max = 0, with fixes sized like VMX308/VMX309', () => {
  const text = host(container('web').replace('memory.max = 1GiB pids.max = 100', 'memory.max = 0 pids.max = 0'));
  const ds = withCode(text, 'VMX315');
  assert.equal(ds.length, 2);
  assert.ok(ds.every((d) => d.severity === 'error' && rangeText(text, d) === '0'));
  // No workload, no processes: the defaults 512MiB and 1024.
  assert.deepEqual(ds.map((d) => d.fixes?.[0].title).sort(), ['Set memory.max = 512MiB (sized like VMX308\'s)', 'Set pids.max = 1024 (sized like VMX309\'s)']);
  assert.equal(assertAllFixesRoundTrip(text, 'VMX315'), 2);
  // 0 written as 0B is the same zero; max is not zero.
  assert.equal(withCode(host(container('web').replace('memory.max = 1GiB', 'memory.max = 0B')), 'VMX315').length, 1);
  assert.deepEqual(withCode(host(container('web').replace('memory.max = 1GiB', 'memory.max = max')), 'VMX315'), []);
});

test('VMX316: a VM pinned to CPUs its cgroup cpuset does not allow; on the pin, related to the cpuset', () => {
  const vm = (pin: string, cpuset: string) => host(`    hypervisor kvm {\n      vm v {\n        vcpus = 2\n        memory = 4GiB\n        pin = ${pin}\n        cgroup { cpuset.cpus = ${cpuset} }\n      }\n    }`);
  const text = vm('2..3', '0..2');
  const d = expectOne(text, 'VMX316', lineOf(text, 'pin ='));
  assert.equal(d.severity, 'warning');
  assert.equal(rangeText(text, d), '2..3');
  assert.match(d.message, /vm v is pinned to CPU 3, which its cgroup's cpuset\.cpus \(0\.\.2\) does not allow: those pins cannot be applied/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'cpuset.cpus'));
  const disjoint = withCode(vm('4..5', '0..1'), 'VMX316');
  assert.equal(disjoint.length, 1);
  assert.match(disjoint[0].message, /CPUs 4\.\.5.*no pinned CPU is in the cpuset/);
  assert.deepEqual(withCode(vm('0..1', '0..3'), 'VMX316'), []);
});

test('VMX312–VMX316 draw no conclusion from an unknown value', () => {
  const cases = [
    host(container('web', '', 'cpuset.cpus = 6..9'), 'cores = "x" features = [vmx]'),
    host(container('web').replace('memory.max = 1GiB', 'memory.max = 128GiB'), undefined, '4GHz'),
    host(container('web', '', 'memory.high = 2GiB').replace('memory.max = 1GiB', 'memory.max = 1GHz')),
    host(container('web', '', 'memory.low = 256MB memory.min = 512Mhz')),
  ];
  for (const text of cases) {
    const ds = check(text).filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.deepEqual(ds.map((d) => d.code), ['VMX103'], ds.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
});

test('a fixed file reads as written by hand: the VMX314 fix replaces just the value', () => {
  const text = host(container('web', '', 'memory.high = 2GiB'));
  const d = withCode(text, 'VMX314')[0];
  assert.equal(applyEdits(text, d.fixes![0].edits, URI), text.replace('memory.high = 2GiB', 'memory.high = 1GiB'));
});

test('a VM\'s cgroup counts the CPUs and memory of the kernel the VM runs on: the host\'s 8 CPUs and 64GiB', () => {
  const text = host(`    hypervisor kvm {\n      vm v {\n        vcpus = 2\n        memory = 4GiB\n        cgroup { cpuset.cpus = 7..8 memory.max = 65GiB }\n      }\n    }`);
  const cpus = expectOne(text, 'VMX312', lineOf(text, 'cpuset.cpus'));
  assert.equal(rangeText(text, cpus), '7..8');
  assert.match(cpus.message, /cpuset\.cpus of vm v lists CPU 8, outside the 8 logical CPUs of host h \(numbered 0\.\.7\)/);
  const memory = expectOne(text, 'VMX313', lineOf(text, 'memory.max'));
  assert.equal(rangeText(text, memory), '65GiB');
  assert.match(memory.message, /memory\.max of vm v is 65GiB, above host h's memory of 64GiB/);
  assert.equal(assertAllFixesRoundTrip(text, 'VMX312'), 1);
  // A 2-vCPU VM's own cgroup may list host CPUs beyond its vCPU count: 7 exists on the host.
  assert.deepEqual(withCode(text.replace('7..8', '6..7'), 'VMX312'), []);
});

test('a nested VM\'s cgroup counts the outer VM\'s vCPUs', () => {
  const text = host(`    hypervisor kvm {\n      vm outer {\n        vcpus = 4\n        memory = 16GiB\n        nested = true\n        vm inner {\n          vcpus = 2\n          memory = 4GiB\n          cgroup { cpuset.cpus = 3..5 }\n        }\n      }\n    }`);
  const d = expectOne(text, 'VMX312', lineOf(text, 'cpuset.cpus'));
  assert.match(d.message, /lists CPUs 4\.\.5, outside the 4 vCPUs of vm outer \(numbered 0\.\.3\)/);
  assert.equal(d.related?.[0].range.start.line, lineOf(text, 'vcpus = 4'));
});
