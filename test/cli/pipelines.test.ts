/**
 * `vmx check` in pipelines (issue 14), run as a real process: --fail-on,
 * baselines (--baseline, --write-baseline), directories as arguments, every
 * command's --help and one-line errors for unknown options, and `vmx
 * simulate` with check's configuration, refusing files with errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-pipelines-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A clean host with `body` inside it. */
const host = (body: string, name = 'h') => `topology t {
  host ${name} {
    memory = 16GiB
    cpu { cores = 4; features = [vmx] }
${body}
  }
}
`;
const good = (name: string) => `    container ${name} { user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true; cgroup { memory.max = 1GiB; pids.max = 100 } }`;
/** VMX309 (warning): no pids.max. */
const noPids = (name: string) => `    container ${name} { user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true; cgroup { memory.max = 1GiB } }`;
/** VMX216 (information): joins another container's net namespace. */
const joins = (name: string, other: string) => `    container ${name} { user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true; namespaces { net = container("${other}") }; cgroup { memory.max = 1GiB; pids.max = 100 } }`;

function codesOf(stdout: string): string[] {
  return JSON.parse(stdout).files.flatMap((f: { diagnostics: { code: string }[] }) => f.diagnostics.map((d) => d.code));
}

function oneLineError(r: { status: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `not one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
}

test('--fail-on: a warning fails with --fail-on warning, not by default; information and hint likewise', () => {
  const warn = write(join(dir, 'fail-on', 'warn.vmx'), host(noPids('c')));
  assert.equal(runCli(['check', '--no-simulate', warn]).status, 0);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'error', warn]).status, 0);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', warn]).status, 1);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'hint', warn]).status, 1);
  const info = write(join(dir, 'fail-on', 'info.vmx'), host(`${good('a')}\n${joins('b', 'a')}`));
  assert.deepEqual(codesOf(runCli(['check', '--no-simulate', '--format', 'json', info]).stdout), ['VMX216']);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', info]).status, 0);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'information', info]).status, 1);
  // Severities apply first: a warning made an error fails by default, an error made a hint does not fail on warning.
  assert.equal(runCli(['check', '--no-simulate', '--severity', 'VMX309=error', warn]).status, 1);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', '--severity', 'VMX309=hint', warn]).status, 0);
  oneLineError(runCli(['check', '--fail-on', 'warnings', warn]), /invalid --fail-on 'warnings': expected error, warning, information or hint/);
});

test('--write-baseline records the findings; --baseline excuses them and fails on new ones, whatever lines moved', () => {
  const project = join(dir, 'baseline');
  const file = write(join(project, 'hosts', 'rack.vmx'), host(`${noPids('a')}\n${good('b')}`));
  const baseline = join(project, 'vmx-baseline.json');
  const written = runCli(['check', '--no-simulate', '--write-baseline', baseline, file]);
  assert.equal(written.status, 0, written.stderr);
  assert.equal(written.stdout, '');
  assert.match(written.stderr, /wrote 1 finding to /);
  const b = JSON.parse(readFileSync(baseline, 'utf8'));
  assert.equal(b.version, 1);
  assert.equal(b.findings.length, 1);
  assert.equal(b.findings[0].path, 'hosts/rack.vmx', 'relative to the baseline, with /');
  assert.equal(b.findings[0].code, 'VMX309');
  assert.equal(b.findings[0].entity, 'topology t > host h > container a');
  assert.match(b.findings[0].fingerprint, /^[0-9a-f]{32}$/);

  // The recorded warning does not fail --fail-on warning and is not shown.
  const same = runCli(['check', '--no-simulate', '--fail-on', 'warning', '--format', 'json', '--baseline', baseline, file]);
  assert.equal(same.status, 0, same.stdout);
  assert.deepEqual(codesOf(same.stdout), []);
  assert.match(same.stderr, /1 finding in the baseline .* not shown/);
  // Without the baseline it fails.
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', file]).status, 1);

  // Lines inserted above: still the same finding.
  writeFileSync(file, '# the rack\n\n# of the second floor\n' + host(`${good('b')}\n\n\n${noPids('a')}`));
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', '--baseline', baseline, file]).status, 0);

  // A second container without pids.max is new: it fails, and only it is shown.
  writeFileSync(file, host(`${noPids('a')}\n${noPids('b')}`));
  const grown = runCli(['check', '--no-simulate', '--fail-on', 'warning', '--format', 'json', '--baseline', baseline, file]);
  assert.equal(grown.status, 1);
  const shown = JSON.parse(grown.stdout).files[0].diagnostics;
  assert.deepEqual(shown.map((d: { code: string; message: string }) => [d.code, /container b/.test(d.message)]), [['VMX309', true]]);

  // The baseline is found relative to its own folder, whatever the working directory.
  const fromInside = runCli(['check', '--no-simulate', '--fail-on', 'warning', '--baseline', '../vmx-baseline.json', 'rack.vmx'], { cwd: join(project, 'hosts') });
  assert.equal(fromInside.status, 1, 'b is still new');
  assert.equal(JSON.parse(runCli(['check', '--no-simulate', '--format', 'json', '--baseline', '../vmx-baseline.json', 'rack.vmx'], { cwd: join(project, 'hosts') }).stdout).files[0].diagnostics.length, 1);
});

test('a baseline excuses as many findings as it records; an error it records does not fail by default', () => {
  const file = write(join(dir, 'baseline-count', 'x.vmx'), host(`    container a { user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true; cgroup { memory.max = 1GiB; pids.max = 100 }; mount m { source = "/etc"; target = "/e" } }`));
  const baseline = join(dir, 'baseline-count', 'b.json');
  assert.equal(runCli(['check', '--no-simulate', file]).status, 1, 'VMX210 is an error');
  assert.equal(runCli(['check', '--no-simulate', '--write-baseline', baseline, file]).status, 0);
  assert.equal(runCli(['check', '--no-simulate', '--baseline', baseline, file]).status, 0);
  const b = JSON.parse(readFileSync(baseline, 'utf8'));
  b.findings = [];
  writeFileSync(baseline, JSON.stringify(b));
  assert.equal(runCli(['check', '--no-simulate', '--baseline', baseline, file]).status, 1);
});

test('a missing or malformed baseline is a one-line usage error', () => {
  const file = write(join(dir, 'baseline-bad', 'x.vmx'), host(good('a')));
  oneLineError(runCli(['check', '--baseline', join(dir, 'baseline-bad', 'none.json'), file]), /cannot read baseline .*none\.json': no such file \(write one with --write-baseline\)/);
  const bad = write(join(dir, 'baseline-bad', 'bad.json'), '{"version": 1, "findings": [{"path": 1}]}');
  oneLineError(runCli(['check', '--baseline', bad, file]), /findings\[0\] needs string "path", "code" and "fingerprint"/);
  write(bad, '{"findings": []}');
  oneLineError(runCli(['check', '--baseline', bad, file]), /not a vmx baseline/);
  write(bad, '{oops');
  oneLineError(runCli(['check', '--baseline', bad, file]), /invalid JSON in baseline/);
  oneLineError(runCli(['check', '--write-baseline', join(dir, 'baseline-bad', 'no', 'such', 'b.json'), file]), /cannot write baseline/);
});

test('directories: recursive, *.vmx only, sorted, node_modules and dot-folders skipped', () => {
  const tree = join(dir, 'tree');
  write(join(tree, 'b.vmx'), host(good('b')));
  write(join(tree, 'a', 'z.vmx'), host(good('z')));
  write(join(tree, 'a', 'c.vmx'), host(good('c')));
  write(join(tree, 'notes.txt'), 'not a topology');
  write(join(tree, 'c.vmx.bak'), 'not a topology');
  write(join(tree, 'node_modules', 'dep', 'x.vmx'), 'broken {');
  write(join(tree, '.git', 'y.vmx'), 'broken {');
  write(join(tree, '.hidden', 'w.vmx'), 'broken {');
  const r = runCli(['check', '--no-simulate', '--format', 'json', tree]);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), [join(tree, 'a', 'c.vmx'), join(tree, 'a', 'z.vmx'), join(tree, 'b.vmx')]);
  // Relative to the working directory, mixed with a file; a file named twice is checked once.
  const mixed = runCli(['check', '--no-simulate', '--format', 'json', 'a', 'b.vmx'], { cwd: tree });
  assert.deepEqual(JSON.parse(mixed.stdout).files.map((f: { path: string }) => f.path), ['a/c.vmx', 'a/z.vmx', 'b.vmx']);
  const text = runCli(['check', '--no-simulate', '.'], { cwd: tree });
  assert.match(text.stdout, /3 files checked/);
  // Errors in a file found in a directory fail the run.
  write(join(tree, 'a', 'd', 'broken.vmx'), host('    bogus = 1'));
  const broken = runCli(['check', '--no-simulate', tree]);
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /broken\.vmx:\d+:\d+: error VMX102/);
});

test('a directory without .vmx files is a one-line error, exit 2', () => {
  const empty = join(dir, 'empty');
  write(join(empty, 'node_modules', 'x.vmx'), host(good('x')));
  write(join(empty, 'readme.md'), '# nothing');
  oneLineError(runCli(['check', empty]), /^vmx: no \.vmx files in '.*empty' \(node_modules and dot-folders are skipped\)$/m);
});

test('every command answers --help and -h with its own usage, exit 0', () => {
  for (const [command, flag] of [['check', '--fail-on'], ['simulate', '--duration'], ['fmt', '--check']]) {
    for (const h of ['--help', '-h']) {
      const r = runCli([command, h]);
      assert.equal(r.status, 0, `${command} ${h}: ${r.stderr}`);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, new RegExp(`^usage: vmx ${command} `), `${command} ${h}`);
      assert.ok(r.stdout.includes(flag), `${command} ${h} documents ${flag}`);
    }
    // Anywhere among the other arguments, and through `vmx help <command>`.
    assert.match(runCli([command, 'x.vmx', '--help']).stdout, new RegExp(`^usage: vmx ${command} `));
    assert.match(runCli(['help', command]).stdout, new RegExp(`^usage: vmx ${command} `));
  }
  const check = runCli(['check', '--help']).stdout;
  for (const flag of ['--format', '--no-simulate', '--fail-on', '--baseline', '--write-baseline', '--severity', '--threshold', '--config', '--limit', '--import-root']) assert.ok(check.includes(flag), flag);
  const simulate = runCli(['simulate', '--help']).stdout;
  for (const flag of ['--format', '--duration', '--seed', '--series', '--severity', '--threshold', '--config', '--limit', '--import-root']) assert.ok(simulate.includes(flag), flag);
  const top = runCli(['--help']);
  assert.equal(top.status, 0);
  for (const command of ['check', 'simulate', 'fmt']) assert.match(top.stdout, new RegExp(`^  ${command} `, 'm'));
});

test('an unknown option or a missing value: one line naming it and the command\'s help, exit 2', () => {
  const file = write(join(dir, 'opts', 'x.vmx'), host(good('a')));
  oneLineError(runCli(['check', '--frobnicate', file]), /^vmx: unknown option '--frobnicate' \(see vmx check --help\)$/m);
  oneLineError(runCli(['check', '-q', file]), /^vmx: unknown option '-q' \(see vmx check --help\)$/m);
  oneLineError(runCli(['simulate', '--bogus', file]), /^vmx: unknown option '--bogus' \(see vmx simulate --help\)$/m);
  oneLineError(runCli(['fmt', '--write', file]), /^vmx: unknown option '--write' \(see vmx fmt --help\)$/m);
  oneLineError(runCli(['check', file, '--format']), /^vmx: option '--format' needs a value \(see vmx check --help\)$/m);
  oneLineError(runCli(['check', '--no-simulate=yes', file]), /^vmx: option '--no-simulate' takes no value \(see vmx check --help\)$/m);
  oneLineError(runCli(['frobnicate']), /^vmx: unknown command 'frobnicate' \(see vmx --help\)$/m);
});

test('vmx simulate honours the nearest vmx.config.json, --config, --severity and --threshold', () => {
  const project = join(dir, 'sim-config');
  // Two busy VMs on 2 CPUs: steal well above 5% but below 90%.
  const busy = `topology t {
  simulate { duration = 5s; seed = 1 }
  host h {
    memory = 64GiB
    cpu { cores = 2; features = [vmx] }
    hypervisor kvm {
      vm a { vcpus = 2; memory = 4GiB; workload { cpu = 2 } }
      vm b { vcpus = 2; memory = 4GiB; workload { cpu = 2 } }
    }
  }
}
`;
  const file = write(join(project, 'sub', 'busy.vmx'), busy);
  const findings = (r: { stdout: string }) => JSON.parse(r.stdout).findings.map((f: { code: string; severity: string }) => `${f.code}:${f.severity}`);
  const plain = runCli(['simulate', '--format', 'json', file]);
  assert.ok(findings(plain).includes('VMX401:warning'), plain.stdout.slice(0, 300));
  assert.equal(plain.status, 0);
  // The threshold above the steal seen: no VMX401.
  assert.ok(!findings(runCli(['simulate', '--format', 'json', '--threshold', 'stealFraction=0.95', file])).some((c: string) => c.startsWith('VMX401')));
  // The config file two folders up: VMX401 made an error, so the run fails.
  write(join(project, 'vmx.config.json'), JSON.stringify({ severities: { VMX401: 'error' } }));
  const configured = runCli(['simulate', '--format', 'json', file]);
  assert.ok(findings(configured).includes('VMX401:error'));
  assert.equal(configured.status, 1);
  // A flag overrides the file; --config names another file.
  assert.ok(findings(runCli(['simulate', '--format', 'json', '--severity', 'VMX401=off', file])).every((c: string) => !c.startsWith('VMX401')));
  const other = write(join(dir, 'sim-other.json'), JSON.stringify({ thresholds: { stealFraction: 0.99 } }));
  assert.ok(findings(runCli(['simulate', '--format', 'json', '--config', other, file])).every((c: string) => !c.startsWith('VMX401')));
  // A broken config file is a usage error, as in check.
  write(join(project, 'vmx.config.json'), '{"severities": {"VMX401": "loud"}}');
  oneLineError(runCli(['simulate', file]), /vmx\.config\.json/);
});

test('vmx simulate refuses a file with errors: the errors on stderr, nothing on stdout, exit 1', () => {
  const file = write(join(dir, 'sim-errors', 'x.vmx'), host(`${good('a')}\n    container a { user = 1000 }\n    bogus = 1`));
  for (const format of ['text', 'json']) {
    const r = runCli(['simulate', '--format', format, file]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '', 'not simulated');
    assert.match(r.stderr, /x\.vmx:\d+:\d+: error VMX105: /);
    assert.match(r.stderr, /x\.vmx:\d+:\d+: error VMX102: /);
    assert.match(r.stderr, /^vmx: .*x\.vmx has 2 errors; not simulated$/m);
  }
  // An error made a warning by the configuration no longer stops it; a file with warnings only is simulated.
  const demoted = runCli(['simulate', '--format', 'json', '--severity', 'VMX105,VMX102=warning', file]);
  assert.ok(JSON.parse(demoted.stdout).entities.length > 0, demoted.stderr);
  const warned = write(join(dir, 'sim-errors', 'w.vmx'), host(noPids('a')));
  const w = runCli(['simulate', '--format', 'json', '--duration', '1s', warned]);
  assert.equal(w.status, 0, w.stderr);
  assert.ok(JSON.parse(w.stdout).entities.some((e: { id: string }) => e.id.endsWith('/a')));
  // A syntax error is an error too.
  const syntax = write(join(dir, 'sim-errors', 's.vmx'), 'topology t {\n  host h {\n');
  const s = runCli(['simulate', syntax]);
  assert.equal(s.status, 1);
  assert.equal(s.stdout, '');
  assert.match(s.stderr, /error VMX100/);
});
