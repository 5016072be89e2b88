import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../cli/src/main';
import { assertAllFixesRoundTrip, check, container, host, lineOf, withCode } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A host container without pids.max (VMX309) sharing the host network (VMX208). */
const TOPOLOGY = host('container c {\n  user = 1000\n  cap_drop = [ALL]\n  no_new_privileges = true\n  read_only_rootfs = true\n  namespaces { net = host }\n  cgroup { memory.max = 1GiB }\n}');

function vmx(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTty: false });
  return { code, stdout, stderr };
}

function codesOf(stdout: string): { code: string; severity: string }[] {
  return JSON.parse(stdout).files.flatMap((f: { diagnostics: { code: string; severity: string }[] }) => f.diagnostics.map((d) => ({ code: d.code, severity: d.severity })));
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

test('--severity CODE=off drops a code, CODE=error raises it, and the exit status follows', () => {
  const file = write(join(dir, 'flags', 'a.vmx'), TOPOLOGY);
  const plain = vmx(['check', '--no-simulate', '--format', 'json', file]);
  assert.equal(plain.code, 0);
  assert.deepEqual(codesOf(plain.stdout).map((d) => d.code).sort(), ['VMX208', 'VMX309']);
  const off = vmx(['check', '--no-simulate', '--format', 'json', '--severity', 'VMX309=off', file]);
  assert.deepEqual(codesOf(off.stdout), [{ code: 'VMX208', severity: 'warning' }]);
  const raised = vmx(['check', '--no-simulate', '--format', 'json', '--severity', 'VMX309=off', '--severity', 'VMX208=error', file]);
  assert.deepEqual(codesOf(raised.stdout), [{ code: 'VMX208', severity: 'error' }]);
  assert.equal(raised.code, 1);
  const both = vmx(['check', '--no-simulate', '--format', 'json', '--severity', 'vmx208,VMX309=hint', file]);
  assert.deepEqual(codesOf(both.stdout).map((d) => d.severity), ['hint', 'hint']);
});

test('vmx.config.json is found upwards from the file; flags override it', () => {
  write(join(dir, 'project', 'vmx.config.json'), JSON.stringify({ severities: { VMX208: 'off', VMX309: 'information' } }));
  const file = write(join(dir, 'project', 'deep', 'er', 'a.vmx'), TOPOLOGY);
  assert.deepEqual(codesOf(vmx(['check', '--no-simulate', '--format', 'json', file]).stdout), [{ code: 'VMX309', severity: 'information' }]);
  assert.deepEqual(codesOf(vmx(['check', '--no-simulate', '--format', 'json', '--severity', 'VMX309=warning', file]).stdout), [{ code: 'VMX309', severity: 'warning' }]);
});

test('thresholds come from the config file, --threshold and --config', () => {
  const vms = Array.from({ length: 5 }, (_, i) => `vm v${i} {\n vcpus = 8 memory = 1GiB\n}`).join('\n');
  const text = host(`hypervisor kvm {\n${vms}\n}`);
  const file = write(join(dir, 'thresholds', 'a.vmx'), text);
  assert.deepEqual(codesOf(vmx(['check', '--no-simulate', '--format', 'json', file]).stdout).map((d) => d.code), ['VMX301']);
  assert.deepEqual(codesOf(vmx(['check', '--no-simulate', '--format', 'json', '--threshold', 'vcpuOvercommitRatio=5', file]).stdout), []);
  const cfg = write(join(dir, 'elsewhere', 'strict.json'), JSON.stringify({ thresholds: { vcpuOvercommitRatio: 6 } }));
  assert.deepEqual(codesOf(vmx(['check', '--no-simulate', '--format', 'json', '--config', cfg, file]).stdout), []);
});

test('files under different config files each get their own', () => {
  write(join(dir, 'g1', 'vmx.config.json'), JSON.stringify({ severities: { VMX309: 'off' } }));
  const a = write(join(dir, 'g1', 'a.vmx'), TOPOLOGY);
  const b = write(join(dir, 'g2', 'b.vmx'), TOPOLOGY);
  const out = JSON.parse(vmx(['check', '--no-simulate', '--format', 'json', a, b]).stdout);
  assert.deepEqual(out.files.map((f: { path: string }) => f.path), [a, b]);
  assert.deepEqual(out.files.map((f: { diagnostics: unknown[] }) => f.diagnostics.length), [1, 2]);
});

test('bad flags and bad config files are usage errors: exit 2, one line', () => {
  const file = write(join(dir, 'bad', 'sub', 'a.vmx'), TOPOLOGY);
  for (const args of [['--severity', 'VMX999=off'], ['--severity', 'VMX208=loud'], ['--severity', 'VMX208'], ['--threshold', 'nope=1'], ['--threshold', 'vcpuOvercommitRatio=x'], ['--config', join(dir, 'missing.json')]]) {
    const r = vmx(['check', ...args, file]);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '');
  }
  for (const content of ['{oops', '[]', '{"severities": {"VMX208": "loud"}}', '{"thresholds": {"ratio": 2}}']) {
    write(join(dir, 'bad', 'vmx.config.json'), content);
    const r = vmx(['check', file]);
    assert.equal(r.code, 2, content);
    assert.match(r.stderr, /^vmx: .*vmx\.config\.json/);
  }
});

test('# vmx-ignore on the line above or at the end of the line silences those codes there only', () => {
  const above = host(container('c', '# vmx-ignore VMX208\nnamespaces { net = host }'));
  assert.equal(withCode(above, 'VMX208').length, 0);
  const end = host(container('c', 'namespaces { net = host } # vmx-ignore VMX216 VMX208'));
  assert.equal(withCode(end, 'VMX208').length, 0);
  const other = host(container('c', '# vmx-ignore VMX209\nnamespaces { net = host }'));
  assert.equal(withCode(other, 'VMX208').length, 1);
  const tooFar = host(container('c', '# vmx-ignore VMX208\n\nnamespaces { net = host }'));
  assert.equal(withCode(tooFar, 'VMX208').length, 1);
  const two = host([container('a', 'namespaces { net = host } # vmx-ignore VMX208'), container('b', 'namespaces { net = host }')].join('\n'));
  assert.deepEqual(withCode(two, 'VMX208').map((d) => d.range.start.line), [lineOf(two, 'net = host', 1)]);
});

test('severity overrides are options of the pipeline itself', () => {
  assert.equal(check(TOPOLOGY, { severities: { VMX208: 'off' } }).some((d) => d.code === 'VMX208'), false);
  assert.equal(check(TOPOLOGY, { severities: { VMX208: 'hint' } }).find((d) => d.code === 'VMX208')?.severity, 'hint');
});

test('VMX110: the quick fix removes the earlier duplicate and round-trips', () => {
  const multi = host(container('c', '', '').replace('user = 1000', 'user = 1000\n  user = 1001'));
  assert.equal(withCode(multi, 'VMX110').length, 1);
  assert.equal(assertAllFixesRoundTrip(multi, 'VMX110'), 1);
  const sameLine = host('container c { user = 1 user = 2 cgroup { memory.max = 1GiB pids.max = 5 } }');
  assert.equal(assertAllFixesRoundTrip(sameLine, 'VMX110'), 1);
});
