/**
 * The samples, checked by the real CLI as a user would run it: clean
 * samples have no errors and no warnings (information is fine), each
 * `problem-*` sample reports something, and the VMware configuration gets
 * exactly one VMX001 and nothing else. Problem samples live in
 * samples/problems/, so `vmx check samples/*.vmx` stays free of errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { analyze } from '../../core/src/analyze';
import { defaultConfig } from '../../core/src/config';
import { DiskSources, pathToUri, readTopologyFile } from '../../cli/src/files';

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number } };
}
interface JsonReport {
  version: number;
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
}

const SAMPLES = readdirSync('samples')
  .filter((f) => f.endsWith('.vmx'))
  .sort();
const PROBLEM_FILES = readdirSync('samples/problems')
  .filter((f) => f.endsWith('.vmx'))
  .sort();
const CLEAN = SAMPLES.filter((f) => !f.startsWith('problem-') && !f.startsWith('vmware-'));
const PROBLEMS = PROBLEM_FILES.filter((f) => f.startsWith('problem-'));

function check(...files: string[]): { status: number | null; report: JsonReport; stderr: string } {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'check', '--format', 'json', ...files], { encoding: 'utf8' });
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`vmx check ${files.join(' ')} printed no JSON (exit ${r.status}): ${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

function describeAll(report: JsonReport): string {
  return report.files
    .flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.range.start.line + 1} ${d.severity} ${d.code} ${d.message}`))
    .join('\n');
}

describe('samples/', () => {
  before(() => {
    if (!existsSync('dist/cli.js')) {
      const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
      assert.equal(r.status, 0, 'build failed');
    }
  });

  it('holds the six topologies of the story, problem samples and the VMware configuration', () => {
    for (const name of ['kvm-cloud-host.vmx', 'hyperv-host.vmx', 'virtualbox-laptop.vmx', 'k8s-worker-node.vmx', 'xen-pv-host.vmx', 'nested-kata.vmx', 'vmware-config-not-a-topology.vmx']) {
      assert.ok(SAMPLES.includes(name), `samples/${name} is missing`);
    }
    assert.ok(PROBLEMS.length >= 2, 'at least two problem samples');
    assert.deepEqual(PROBLEM_FILES, PROBLEMS, 'every file in samples/problems/ says it is a problem sample');
    assert.ok(!SAMPLES.some((f) => f.startsWith('problem-')), 'problem samples belong in samples/problems/');
  });

  it('every sample opens with a comment that tells its story', () => {
    for (const name of [...SAMPLES.filter((f) => !f.startsWith('vmware-')), ...PROBLEMS.map((f) => `problems/${f}`)]) {
      const text = readFileSync(`samples/${name}`, 'utf8');
      assert.match(text, /^(#[^\n]*\n){3,}/, `${name} has no header comment`);
    }
  });

  for (const name of CLEAN) {
    it(`${name} has no errors and no warnings, and sets up a simulation`, () => {
      const { status, report, stderr } = check(`samples/${name}`);
      assert.equal(report.version, 1);
      const bad = report.files.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(bad, [], describeAll(report));
      assert.equal(status, 0, stderr);
      assert.match(readFileSync(`samples/${name}`, 'utf8'), /simulate\s*\{[^}]*duration\s*=\s*60s/, `${name} has no simulate { duration = 60s }`);
    });
  }

  for (const name of PROBLEMS) {
    it(`${name} reports the problems it demonstrates`, () => {
      const { report } = check(`samples/problems/${name}`);
      const diagnostics = report.files.flatMap((f) => f.diagnostics);
      assert.ok(diagnostics.length >= 1, `${name} reports nothing`);
      // The header comment promises codes: each one must be reported.
      const header = readFileSync(`samples/problems/${name}`, 'utf8').match(/^(?:#[^\n]*\n)+/)?.[0] ?? '';
      const promised = [...new Set(header.match(/VMX\d{3}/g) ?? [])];
      assert.ok(promised.length >= 3, `${name}: the header names the codes it demonstrates`);
      const reported = new Set(diagnostics.map((d) => d.code));
      for (const code of promised) assert.ok(reported.has(code), `${name} promises ${code}, which is not reported:\n${describeAll(report)}`);
      assert.ok(diagnostics.every((d) => d.code !== 'VMX100' && d.code !== 'VMX101' && d.code !== 'VMX102'), `a problem sample must be well-formed:\n${describeAll(report)}`);
    });
  }

  it('the VMware configuration yields exactly one VMX001 and nothing else', () => {
    const { status, report } = check('samples/vmware-config-not-a-topology.vmx');
    const diagnostics = report.files.flatMap((f) => f.diagnostics);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['VMX001', 'information']],
      describeAll(report),
    );
    assert.equal(status, 0);
  });

  it('an imported file is itself a valid topology and merges into the importing one', () => {
    const shared = readdirSync('samples/shared').filter((f) => f.endsWith('.vmx'));
    assert.ok(shared.length >= 1);
    const importing = SAMPLES.filter((f) => /^\s*import\s+"shared\//m.test(readFileSync(`samples/${f}`, 'utf8')));
    assert.ok(importing.length >= 1, 'no sample imports a shared file');
    for (const name of shared) {
      const { report } = check(`samples/shared/${name}`);
      const bad = report.files.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(bad, [], describeAll(report));
    }
    // The importing sample's model holds the imported hosts beside its own.
    for (const name of importing) {
      const path = `samples/${name}`;
      const sources = new DiskSources(defaultConfig());
      const root = sources.add(pathToUri(path), readTopologyFile(path));
      const { model } = analyze(root, sources);
      assert.ok(model, `${name} has no model`);
      const files = new Set(model.hosts.map((h) => h.block.file.uri));
      assert.ok(files.size >= 2, `${name}: hosts come from ${[...files].join(', ')} only`);
    }
  });

  it('`vmx check samples/*.vmx` reports no errors (the acceptance criterion)', () => {
    const { status, report } = check(...SAMPLES.map((f) => `samples/${f}`));
    const errors = report.files.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error');
    assert.deepEqual(errors, [], describeAll(report));
    assert.equal(status, 0, describeAll(report));
  });
});
