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

test('a host with no cpu block is not simulated on a stand-in CPU: no VMX403 starvation of two containers wanting 3 CPUs each', async () => {
  const { MemorySources } = await import('../helpers');
  const { analyze } = await import('../../core/src/analyze');
  const { simulationStage } = await import('../../core/src/sim');
  const analyzeWithSimulation = (t: string) => {
    const sources = new MemorySources({});
    return analyze(sources.set('main.vmx', t), sources, { extraStages: [simulationStage({ seriesPoints: 0 })] });
  };
  const text = `topology t {
  host h {
    memory = 8GiB
    container c {
      cgroup { memory.max = 1GiB pids.max = 10 }
      workload { cpu = 3 }
    }
    container d {
      cgroup { memory.max = 1GiB pids.max = 10 }
      workload { cpu = 3 }
    }
  }
}
`;
  const codes = analyzeWithSimulation(text).diagnostics.map((d) => d.code);
  assert.ok(codes.includes('VMX108'), codes.join(' '));
  assert.ok(!codes.some((c) => c.startsWith('VMX4')), codes.join(' '));
  // With 2 cores declared, the same demand starves (6 CPUs wanted of 2): the finding is real then.
  const declared = analyzeWithSimulation(text.replace('memory = 8GiB', 'memory = 8GiB\n    cpu { cores = 2 }')).diagnostics.map((d) => d.code);
  assert.ok(declared.includes('VMX403'), declared.join(' '));
});
