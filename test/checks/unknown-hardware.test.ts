// A host without a cpu block (VMX108: an imported host, whose hardware an
// import cannot know) has unknown CPUs, not the model's stand-in of one:
// no capacity or virtualization finding is computed from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './helpers';

test('a host with no cpu block: VMX108, and no VMX201/VMX303/VMX306/VMX310/VMX312 computed from a stand-in CPU', () => {
  const text = `topology t {
  host h {
    hypervisor kvm {
      virtualization = hardware
      vm a { vcpus = 4 memory = 2GiB pin = 2..5 }
    }
    container c {
      cgroup { cpu.max = 2 cpuset.cpus = "2-3" memory.max = 1GiB pids.max = 10 }
    }
    container d {
      cgroup { cpu.max = 3 memory.max = 1GiB pids.max = 10 }
    }
  }
}
`;
  const codes = check(text).map((d) => d.code);
  assert.ok(codes.includes('VMX108'), codes.join(' '));
  for (const stand_in of ['VMX201', 'VMX303', 'VMX306', 'VMX310', 'VMX311', 'VMX312']) assert.ok(!codes.includes(stand_in), `${stand_in} in ${codes.join(' ')}`);
  // With the cpu declared (2 logical CPUs), the same figures are findings.
  const declared = check(text.replace('host h {', 'host h {\n    memory = 8GiB\n    cpu { cores = 2 }')).map((d) => d.code);
  for (const code of ['VMX201', 'VMX303', 'VMX306', 'VMX310', 'VMX312']) assert.ok(declared.includes(code), `${code} missing from ${declared.join(' ')}`);
});
