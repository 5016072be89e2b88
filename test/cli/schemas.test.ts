/**
 * docs/schemas/check.schema.json and simulate.schema.json describe what the
 * built CLI prints: real output of `vmx check --format json` and `vmx
 * simulate --format json` (samples, imports, findings, series, standard
 * input) is validated with Ajv, and the schemas reject what they must.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { ROOT, runCli } from '../helpers';

function load(name: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'schemas', name), 'utf8'));
  return new Ajv({ strict: true, allErrors: true }).compile(schema);
}

function valid(validate: ValidateFunction, value: unknown, what: string): void {
  assert.equal(validate(value), true, `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

const checkSchema = load('check.schema.json');
const simulateSchema = load('simulate.schema.json');

test('vmx check --format json of every sample (simulated) validates against docs/schemas/check.schema.json', () => {
  const r = runCli(['check', '--format', 'json', 'samples']);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  valid(checkSchema, out, 'samples');
  const diagnostics = out.files.flatMap((f: { diagnostics: { code: string; related: unknown[] }[] }) => f.diagnostics);
  assert.ok(diagnostics.length > 20);
  assert.ok(diagnostics.some((d: { related: unknown[] }) => d.related.length > 0), 'related locations are covered');
  assert.ok(diagnostics.some((d: { code: string }) => d.code.startsWith('VMX4')), 'simulation findings are covered');
  // Standard input, a syntax error, hygiene diagnostics.
  const stdin = runCli(['check', '--format', 'json', '-'], { input: 'topology t {\n  # vmx-ignore VMX999\n  host h { memory = \n}\n' });
  valid(checkSchema, JSON.parse(stdin.stdout), 'stdin');
});

test('the check schema rejects what is not the §7 shape', () => {
  const good = JSON.parse(runCli(['check', '--format', 'json', '--no-simulate', 'samples/problems']).stdout);
  valid(checkSchema, good, 'problems');
  const d = good.files[0].diagnostics[0];
  for (const bad of [{ ...good, version: 2 }, { files: good.files }, { ...good, files: [{ path: 'x', diagnostics: [{ ...d, severity: 'fatal' }] }] }, { ...good, files: [{ path: 'x', diagnostics: [{ ...d, range: { start: { line: -1, character: 0 }, end: d.range.end } }] }] }, { ...good, files: [{ path: 'x', diagnostics: [{ ...d, extra: 1 }] }] }]) {
    assert.equal(checkSchema(bad), false, JSON.stringify(bad).slice(0, 120));
  }
});

test('vmx simulate --format json validates against docs/schemas/simulate.schema.json, with findings, series and I/O', () => {
  let simulated = 0;
  for (const sample of ['samples/kvm-cloud-host.vmx', 'samples/k8s-worker-node.vmx', 'samples/hyperv-host.vmx', 'samples/xen-pv-host.vmx']) {
    const r = runCli(['simulate', '--format', 'json', '--duration', '5s', '--series', '20', sample]);
    assert.ok(r.status === 0 || r.status === 1, `${sample}: ${r.stderr}`);
    if (r.stdout === '') continue; // a sample with errors is not simulated
    const out = JSON.parse(r.stdout);
    valid(simulateSchema, out, sample);
    assert.ok(out.entities.length > 0);
    assert.equal(out.times.length, out.entities[0].series.cpuDemand.length);
    simulated++;
  }
  assert.ok(simulated >= 3, `only ${simulated} samples simulated`);
  // Findings: two busy VMs on two CPUs steal from each other.
  const busy = `topology t {\n  host h {\n    memory = 64GiB\n    cpu { cores = 2; features = [vmx] }\n    hypervisor kvm {\n      vm a { vcpus = 2; memory = 4GiB; workload { cpu = 2 } }\n      vm b { vcpus = 2; memory = 4GiB; workload { cpu = 2 } }\n    }\n  }\n}\n`;
  const r = runCli(['simulate', '--format', 'json', '--duration', '5s', '-'], { input: busy });
  const out = JSON.parse(r.stdout);
  valid(simulateSchema, out, 'busy');
  assert.ok(out.findings.some((f: { code: string }) => f.code === 'VMX401'));
  assert.equal(simulateSchema({ ...out, findings: [{ ...out.findings[0], code: 'VMX208' }] }), false, 'findings are VMX4xx');
  assert.equal(simulateSchema({ ...out, entities: [{ ...out.entities[0], cpu: { ...out.entities[0].cpu, steal: 2 } }] }), false, 'steal is a fraction');
  const { seed: _seed, ...noSeed } = out;
  assert.equal(simulateSchema(noSeed), false, 'seed is required');
});
