/** Same file and seed ⇒ byte-identical output; `vmx check` carries the findings unless --no-simulate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOf, vmx, writeTopology } from './helpers';

const TEXT = `topology t {
  simulate { duration = 20s  seed = 7 }
  host h {
    memory = 8GiB
    cpu { cores = 2  features = [vmx] }
    hypervisor kvm {
      vm a {
        vcpus = 2  memory = 4GiB
        workload { cpu = sine(mean = 1.5, amplitude = 1, period = 7s)  memory = ramp(from = 1GiB, to = 3GiB, over = 20s) }
        container c { cgroup { cpu.max = 1  memory.max = 2GiB  pids.max = 50 } workload { cpu = burst(base = 0.2, peak = 2, period = 3s, duty = 30%)  processes = 60 } }
      }
      vm b { vcpus = 2  memory = 4GiB  workload { cpu = 2 } }
    }
  }
}
`;

test('same file and seed give byte-identical JSON; the seed and duration come from the file or the flags', () => {
  const path = writeTopology(TEXT);
  const one = vmx(['simulate', '--format', 'json', path]);
  const two = vmx(['simulate', '--format', 'json', path]);
  assert.ok(one.stdout.length > 100);
  assert.equal(one.stdout, two.stdout);
  const parsed = JSON.parse(one.stdout);
  assert.equal(parsed.seed, 7);
  assert.equal(parsed.duration, 20);
  const flagged = JSON.parse(vmx(['simulate', '--format', 'json', '--seed', '3', '--duration', '1min', path]).stdout);
  assert.equal(flagged.seed, 3);
  assert.equal(flagged.duration, 60);
});

test('vmx check shows simulation findings on their lines, and --no-simulate leaves them out', () => {
  const path = writeTopology(TEXT);
  const withSim = JSON.parse(vmx(['check', '--format', 'json', path]).stdout);
  const diags = withSim.files[0].diagnostics as { code: string; range: { start: { line: number } }; message: string }[];
  const forks = diags.find((d) => d.code === 'VMX407');
  assert.ok(forks, 'VMX407 reported by check');
  assert.equal(forks.range.start.line, lineOf(TEXT, 'pids.max'));
  assert.match(forks.message, /10 forks failed, first at 0\.00 s/);
  const withoutSim = JSON.parse(vmx(['check', '--format', 'json', '--no-simulate', path]).stdout);
  assert.ok(!withoutSim.files[0].diagnostics.some((d: { code: string }) => d.code.startsWith('VMX4')));
});

test('usage errors exit 2 with one line on stderr', () => {
  const path = writeTopology(TEXT);
  for (const args of [['simulate'], ['simulate', '--duration', 'soon', path], ['simulate', '--format', 'xml', path], ['simulate', '/nonexistent.vmx']]) {
    const r = vmx(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '');
  }
});

test('the text table lists every entity with its figures', () => {
  const r = vmx(['simulate', writeTopology(TEXT)]);
  for (const id of ['h ', 'h/a ', 'h/a/c ', 'h/b ']) assert.ok(r.stdout.includes(id), id);
  assert.match(r.stdout, /VMX407/);
});
