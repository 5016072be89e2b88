/**
 * `vmx drift FILE --root DIR` on the captured kubeadm worker: the machine's
 * own discovery drifts nowhere; each kind of change to the file is exactly
 * the one finding it should be, on the line it should be, in text, JSON and
 * SARIF. Values compare normalised; containers match by their full id.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers';
import { DOCKER_V1, K8S, lineOf } from '../discover/helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-drift-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const discovered = runCli(['discover', '--root', K8S]).stdout;
let n = 0;

interface Finding {
  code: string;
  severity: string;
  message: string;
  line: number;
}

/** Drift of `text` against the captured worker, in all three formats; they must agree. */
function drift(text: string, root = K8S): { status: number; findings: Finding[]; text: string } {
  const file = join(dir, `f${n++}.vmx`);
  writeFileSync(file, text);
  const json = runCli(['drift', '--root', root, '--format', 'json', file]);
  assert.ok(json.status === 0 || json.status === 1, json.stderr);
  const findings: Finding[] = JSON.parse(json.stdout).files[0].diagnostics.map((d: { code: string; severity: string; message: string; range: { start: { line: number } } }) => ({ code: d.code, severity: d.severity, message: d.message, line: d.range.start.line }));
  const sarif = JSON.parse(runCli(['drift', '--root', root, '--format', 'sarif', file]).stdout);
  const results = sarif.runs[0].results.map((r: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }) => ({ code: r.ruleId, message: r.message.text, line: r.locations[0].physicalLocation.region.startLine - 1 }));
  assert.deepEqual(results, findings.map(({ code, message, line }) => ({ code, message, line })), 'SARIF says what JSON says');
  const plain = runCli(['drift', '--root', root, file]);
  assert.equal(plain.status, json.status);
  for (const f of findings) assert.ok(plain.stdout.includes(`:${f.line + 1}:`) && plain.stdout.includes(`${f.code}: ${f.message}`), `text shows ${f.code} at line ${f.line + 1}`);
  return { status: json.status, findings, text: plain.stdout };
}

test('the machine against its own discovery: no drift, exit 0, in every format', () => {
  for (const root of [K8S, DOCKER_V1]) {
    const own = runCli(['discover', '--root', root]).stdout;
    const r = drift(own, root);
    assert.equal(r.status, 0);
    assert.deepEqual(r.findings, []);
  }
});

test('one changed limit: exactly one VMX503, both values in the message, on that line', () => {
  const text = discovered.replace('memory.max = 512MiB', 'memory.max = 1GiB');
  const r = drift(text);
  assert.equal(r.status, 1);
  assert.deepEqual(r.findings, [{ code: 'VMX503', severity: 'warning', message: 'drift: container system.slice/3f6c1f0b9b2e: cgroup memory.max is 1GiB in the file, 512MiB on the live host', line: lineOf(text, 'memory.max = 1GiB') }]);
});

test('a limit the file leaves out is its default: the live value is drift, on the entity\'s header', () => {
  const text = discovered.replace('          pids.max = 1024\n', '');
  const r = drift(text);
  assert.deepEqual(r.findings.map((f) => [f.code, f.message, f.line]), [['VMX503', `drift: container kubepods.slice/kubepods-burstable.slice/6b1d3c52-8f4e-4a7b-9c0d-1e2f3a4b5c6d/c0ffee00c0ff: cgroup pids.max is not set in the file, 1024 on the live host`, lineOf(text, 'cgroup {', lineOf(text, 'container c0ffee00c0ff {'))]]);
});

test('values compare normalised: bytes, CPUs, the v1 shares and the weight they convert to', () => {
  const same = discovered.replace('memory.max = 512MiB', 'memory.max = 536870912').replace('cpu.max = 500m', 'cpu.max = 0.5').replace('cpu.max = "25000 50000"', 'cpu.max = "50000 100000"');
  // "50000 100000" is 0.5 CPU at the default period; "25000 50000" is 0.5 CPU at 50 ms: a different limit.
  const r = drift(same);
  assert.deepEqual(r.findings.map((f) => f.code), ['VMX503']);
  assert.match(r.findings[0].message, /cpu\.max is "50000 100000" in the file, "25000 50000" on the live host/);
  const v1 = runCli(['discover', '--root', DOCKER_V1]).stdout;
  // shares 512 → weight 1 + (512 − 2) × 9999 / 262142 = 20.45 → 20.
  assert.deepEqual(drift(v1.replace('cpu.shares = 512', 'cpu.weight = 20'), DOCKER_V1).findings, []);
  assert.deepEqual(drift(v1.replace('cpu.shares = 512', 'cpu.weight = 21'), DOCKER_V1).findings.map((f) => f.message), ['drift: container docker/9a8b7c6d5e4f: cgroup cpu.weight is 21 in the file, cpu.shares = 512 on the live host']);
});

test('a group deleted from the file: one VMX502 on the host\'s line, not one per thing in it', () => {
  const lines = discovered.split('\n');
  const start = lineOf(discovered, 'group "user.slice" {');
  const end = lines.findIndex((l, i) => i > start && l === '    }');
  const text = [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
  const r = drift(text);
  assert.deepEqual(r.findings, [{ code: 'VMX502', severity: 'warning', message: 'drift: group user.slice runs on the live host but is not declared in the file (cgroup /user.slice)', line: lineOf(text, 'host worker-1 {') }]);
});

test('a container not on the machine: VMX501 on its header', () => {
  const text = discovered.replace('    group "system.slice" {', '    container ghost {\n      image = "nginx:1.25"\n    }\n    group "system.slice" {');
  const r = drift(text);
  assert.deepEqual(r.findings, [{ code: 'VMX501', severity: 'warning', message: 'drift: container ghost is declared in the file but not found on the live host', line: lineOf(text, 'container ghost {') }]);
});

test('the host\'s memory changed: VMX504 on the memory line; a few percent of MemTotal is no drift', () => {
  const text = discovered.replace('memory = 32827412KiB', 'memory = 64GiB');
  assert.deepEqual(drift(text).findings, [{ code: 'VMX504', severity: 'warning', message: 'drift: host worker-1: memory is 64.0 GiB in the file, 31.3 GiB on the live host (MemTotal 33615269888 bytes)', line: lineOf(text, 'memory = 64GiB') }]);
  // 32 GiB installed shows as MemTotal 31.31 GiB: 2.2 % less, within the 5 % margin.
  assert.deepEqual(drift(discovered.replace('memory = 32827412KiB', 'memory = 32GiB')).findings, []);
});

test('CPUs, swap, kernel and cgroup version: VMX504 each', () => {
  const text = discovered.replace('threads = 2', 'threads = 1').replace('memory = 32827412KiB', 'memory = 32827412KiB\n    swap = 8GiB').replace('kernel = "5.15.0-91-generic"', 'kernel = "6.1"').replace('cgroup = v2', 'cgroup = v1');
  const r = drift(text);
  assert.deepEqual(r.findings.map((f) => [f.code, f.message, f.line]), [
    ['VMX504', 'drift: host worker-1: swap is 8.00 GiB in the file, 0 B on the live host', lineOf(text, 'swap = 8GiB')],
    ['VMX504', 'drift: host worker-1: 4 (1 × 4 × 1) logical CPUs in the file, 8 (1 × 4 × 2) on the live host', lineOf(text, 'threads = 1')],
    ['VMX504', 'drift: host worker-1: kernel 6.1 in the file, 5.15.0-91-generic on the live host', lineOf(text, 'kernel = "6.1"')],
    ['VMX504', 'drift: host worker-1: cgroup v1 in the file, v2 on the live host', lineOf(text, 'cgroup = v1')],
  ]);
  // A release given to fewer components matches at a component boundary.
  assert.deepEqual(drift(discovered.replace('kernel = "5.15.0-91-generic"', 'kernel = "5.15"')).findings, []);
  assert.equal(drift(discovered.replace('kernel = "5.15.0-91-generic"', 'kernel = "5.1"')).findings.length, 1);
});

test('a hand-written file: the docker container matched by its full id wherever the file puts it; the rest of the machine is VMX502', () => {
  const text = `topology shop {
  host worker-1 {
    memory = 32GiB
    cpu { cores = 4 threads = 2 }
    container nginx {
      image = "nginx:1.25"
      labels { id = "3f6c1f0b9b2e4d5a8c7e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e" }
      cgroup {
        cpu.max = "25000 50000"
        memory.max = 1073741824
        pids.max = 100
        io.weight = 200
      }
    }
  }
}
`;
  const r = drift(text);
  const host = lineOf(text, 'host worker-1 {');
  assert.deepEqual(r.findings.map((f) => [f.code, f.line, f.message]), [
    ['VMX502', host, 'drift: vm win11 runs on the live host but is not declared in the file (cgroup /machine.slice/machine-qemu\\x2d1\\x2dwin11.scope)'],
    ['VMX502', host, 'drift: group kubepods.slice runs on the live host but is not declared in the file (cgroup /kubepods.slice)'],
    ['VMX502', host, 'drift: group machine.slice runs on the live host but is not declared in the file (cgroup /machine.slice)'],
    ['VMX502', host, 'drift: group system.slice runs on the live host but is not declared in the file (cgroup /system.slice)'],
    ['VMX502', host, 'drift: group user.slice runs on the live host but is not declared in the file (cgroup /user.slice)'],
    // The file says 1 GiB in bytes; the machine has 512 MiB.
    ['VMX503', lineOf(text, 'memory.max = 1073741824'), 'drift: container nginx: cgroup memory.max is 1073741824 in the file, 512MiB on the live host'],
  ]);
});

test('bad input: a file with errors shows them (exit 1); no FILE, two FILEs, a file without a host, a bad --root: one line, exit 2', () => {
  const broken = join(dir, 'broken.vmx');
  writeFileSync(broken, 'topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = = 2 }\n  }\n}\n');
  const b = runCli(['drift', '--root', K8S, '--format', 'json', broken]);
  assert.equal(b.status, 1);
  assert.deepEqual(JSON.parse(b.stdout).files[0].diagnostics.map((d: { code: string }) => d.code), ['VMX100']);
  assert.match(b.stderr, /has errors; fix them first/);
  const hostless = join(dir, 'hostless.vmx');
  writeFileSync(hostless, 'topology t {\n}\n');
  for (const args of [['drift'], ['drift', hostless, hostless], ['drift', '--root', K8S, hostless], ['drift', '--root', hostless, hostless], ['drift', '--format', 'xml', hostless]]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('both commands answer --help with their usage; vmx --help lists them', () => {
  for (const [command, flag] of [['discover', '--root'], ['drift', '--format']]) {
    const r = runCli([command, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, new RegExp(`^usage: vmx ${command} `));
    assert.ok(r.stdout.includes(flag));
  }
  const top = runCli(['--help']).stdout;
  assert.match(top, /^ {2}discover /m);
  assert.match(top, /^ {2}drift /m);
});

test('VMs, pods and namespaces: a changed vCPU count, an undeclared pod inside a declared group, a host namespace left out', () => {
  const lines = discovered.split('\n');
  const start = lineOf(discovered, 'pod "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70" {');
  const end = lines.findIndex((l, i) => i > start && l === '        }');
  const text = [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n').replace('vcpus = 4', 'vcpus = 8').replace('memory_locked = true\n', '');
  const r = drift(text);
  assert.deepEqual(r.findings.map((f) => [f.code, f.message, f.line]), [
    ['VMX502', 'drift: pod kubepods.slice/kubepods-besteffort.slice/0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70 runs on the live host but is not declared in the file (cgroup /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0d9e8f7a_6b5c_4d3e_8f1a_2b3c4d5e6f70.slice)', lineOf(text, 'host worker-1 {')],
    ['VMX503', 'drift: vm win11: memory_locked is not set in the file, true on the live host', lineOf(text, 'vm win11 {')],
    ['VMX503', 'drift: vm win11: vcpus is 8 in the file, 4 on the live host', lineOf(text, 'vcpus = 8')],
  ]);
  const shared = discovered.replace('              net = host\n', '');
  assert.deepEqual(drift(shared).findings.map((f) => [f.code, f.message, f.line]), [
    ['VMX503', 'drift: container kubepods.slice/kubepods-besteffort.slice/0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70/fedcba098765: namespaces net is not set in the file, host on the live host', lineOf(shared, 'namespaces {', lineOf(shared, 'container fedcba098765 {'))],
  ]);
});

test('severities and suppressions apply as in check: --severity, vmx.config.json, # vmx-ignore', () => {
  const changed = discovered.replace('memory.max = 512MiB', 'memory.max = 1GiB');
  // A folder of its own: the vmx.config.json written below must not be the nearest one of the other tests' files.
  const sub = join(dir, 'severities');
  mkdirSync(sub);
  const file = join(sub, 'sev.vmx');
  writeFileSync(file, changed);
  const json = (args: string[]) => {
    const r = runCli(['drift', '--root', K8S, '--format', 'json', ...args, file]);
    return { status: r.status, findings: JSON.parse(r.stdout).files[0].diagnostics as { code: string; severity: string }[] };
  };
  assert.deepEqual(json(['--severity', 'VMX503=error']).findings.map((d) => [d.code, d.severity]), [['VMX503', 'error']]);
  assert.deepEqual(json(['--severity', 'VMX503=off']), { status: 0, findings: [] });
  const config = join(sub, 'vmx.config.json');
  writeFileSync(config, JSON.stringify({ severities: { VMX503: 'information' } }));
  assert.deepEqual(json(['--config', config]).findings.map((d) => d.severity), ['information']);
  // Found without --config too: the nearest vmx.config.json above FILE.
  assert.deepEqual(json([]).findings.map((d) => d.severity), ['information']);
  const ignored = changed.replace('        memory.max = 1GiB', '        # vmx-ignore VMX503\n        memory.max = 1GiB');
  writeFileSync(file, ignored);
  assert.deepEqual(json([]), { status: 0, findings: [] });
});

test('the LSM label compares too: a file that says the agent runs under a profile, on a machine where it is unconfined', () => {
  const text = discovered.replace('            apparmor = unconfined\n', '            apparmor = "agent-profile"\n');
  assert.deepEqual(drift(text).findings.map((f) => [f.code, f.message, f.line]), [
    ['VMX503', 'drift: container kubepods.slice/kubepods-besteffort.slice/0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70/fedcba098765: apparmor is "agent-profile" in the file, unconfined on the live host', lineOf(text, 'apparmor = "agent-profile"')],
  ]);
});
