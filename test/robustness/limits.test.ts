/**
 * Resource limits (docs/limits.md): absurd counts, overflowing quantities,
 * huge files, deep nesting and oversized simulations each give one clear
 * diagnostic that names the limit — never a crash, a hang or a flood.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../core/src/analyze';
import { DEFAULT_LIMITS, defaultConfig, mergeConfig } from '../../core/src/config';
import { readFileSync } from 'node:fs';
import { createSourceFile } from '../../core/src/source';
import { Diagnostic } from '../../core/src/diagnostics/types';

function check(text: string, limits: Record<string, number> = {}): Diagnostic[] {
  const config = mergeConfig(defaultConfig(), { limits });
  const file = createSourceFile('file:///limits/main.vmx', text, config.limits.maxNestingDepth, config.limits.maxFileSize);
  return analyze(file, { get: () => undefined }, { config }).diagnostics;
}

const host = (body: string, extra = '') => `topology t {\n${extra}  host h {\n    memory = 64GiB\n    cpu { cores = 8; features = [vmx] }\n${body}\n  }\n}\n`;
const container = (body: string) => host(`    os linux { }\n    container c {\n${body}\n    }`);

const codes = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => d.code);
const only = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

test('a clean file is within every limit', () => {
  assert.deepEqual(only(check(container('      process p { count = 4 }')), 'VMX111'), []);
});

test('vcpus = 1e9 is out of range (schema bound, VMX104), not a crash', () => {
  const ds = check(host('    hypervisor kvm { vm v { vcpus = 1000000000; memory = 1GiB } }'));
  const d = only(ds, 'VMX104');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /vcpus = 1000000000 is out of range: it must be .*at most 4096/);
});

test('process count = 1e12 names limits.maxProcesses, on the value', () => {
  const text = container('      process p { count = 1e12 }');
  const ds = only(check(text), 'VMX111');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /count = 1e12 is above the limit of 4194304 processes \(limits\.maxProcesses\)/);
  const line = text.split('\n')[ds[0].range.start.line];
  assert.equal(line.slice(ds[0].range.start.character, ds[0].range.end.character), '1e12');
});

test('workload processes and pids.max count against the same limit; the setting moves it', () => {
  const text = container('      cgroup { pids.max = 5000000 }\n      workload { processes = burst(base = 1, peak = 1e7, period = 10s, duty = 10%) }');
  const ds = only(check(text), 'VMX111');
  assert.deepEqual(ds.map((d) => d.message.split(' ')[0]), ['pids.max', 'processes']);
  assert.ok(ds.every((d) => d.message.includes('limits.maxProcesses')));
  assert.deepEqual(only(check(text, { maxProcesses: 2e7 }), 'VMX111'), []);
});

test('a quantity past exact arithmetic names limits.maxQuantity; infinity is VMX104', () => {
  const ds = check(host('    disk d { size = 1e20TiB }'));
  const d = only(ds, 'VMX111');
  assert.equal(d.length, 1);
  assert.match(d[0].message, /size = 1e20TiB is 1\.100e\+32 bytes, above the limit of 9007199254740991 \(limits\.maxQuantity\)/);
  const inf = only(check(host('    disk d { size = 1e400TiB }')), 'VMX104');
  assert.equal(inf.length, 1);
});

test('an over-limit value is left out of the model, as an invalid one is', () => {
  const config = defaultConfig();
  const file = createSourceFile('file:///limits/main.vmx', container('      process p { count = 1e12 }'));
  const { model } = analyze(file, { get: () => undefined }, { config });
  assert.equal(model?.containers[0].processes[0].count, 1);
});

test('a simulation longer than limits.maxSimulationSteps steps of 100ms: a VMX111 warning on the duration, it runs coarser', () => {
  const text = host('', '  simulate { duration = 1000h; step = 10ms }\n');
  const ds = only(check(text), 'VMX111');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 'warning');
  assert.match(ds[0].message, /the simulation of 1000h needs 36,000,000 steps of 100ms, above the limit of 100,000 \(limits\.maxSimulationSteps\): it runs with coarser steps of 36s/);
  assert.equal(text.split('\n')[ds[0].range.start.line].slice(ds[0].range.start.character, ds[0].range.end.character), 'duration = 1000h');
  assert.deepEqual(only(check(host('', '  simulate { duration = 60s; step = 0.1ms }\n')), 'VMX111'), [], 'a fine step alone is no problem: the simulator ticks at the CFS period');
});

test('entities × steps names limits.maxSimulationWork', () => {
  const text = host('', '  simulate { duration = 60s }\n');
  assert.deepEqual(only(check(text), 'VMX111'), []);
  const ds = only(check(text, { maxSimulationWork: 100 }), 'VMX111');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /1 entities × 600 steps of 100ms = 600 entity-steps, above the limit of 100 \(limits\.maxSimulationWork\): it runs with coarser steps of 600ms/);
});

test('a file over limits.maxFileSize is one diagnostic, not checked', () => {
  const text = host('') + '#'.repeat(5000);
  const ds = check(text, { maxFileSize: 1000 });
  assert.deepEqual(ds.map((d) => d.code), ['VMX111']);
  assert.match(ds[0].message, /limits\.maxFileSize/);
});

test('10,000 nested brackets: one VMX111 naming the nesting limit, the rest still checked', () => {
  const deep = '['.repeat(10000) + ']'.repeat(10000);
  const ds = check(host(`    disk d { size = ${deep} }\n    nic n { bandwidth = 3 }`));
  const nesting = only(ds, 'VMX111');
  assert.equal(nesting.length, 1);
  assert.match(nesting[0].message, /maxNestingDepth/);
  assert.ok(codes(ds).includes('VMX103'), 'the nic line after the deep value is still checked');
});

test('nesting limit is a setting', () => {
  const ds = check(host('    disk d { size = [[[[1]]]] }'), { maxNestingDepth: 3 });
  assert.equal(only(ds, 'VMX111').length, 1);
});

/** Pathological shapes, each about a megabyte: diagnostics within a generous bound of time, never a crash or a flood. */
const PATHOLOGICAL: [string, () => string][] = [
  ['one 1 MB line of letters', () => 'a'.repeat(1 << 20)],
  ['one 1 MB string', () => `topology t { description = "${'x'.repeat(1 << 20)}" }`],
  ['200,000 empty blocks', () => 'a{}'.repeat(200_000)],
  ['100,000 unclosed strings', () => '"\n'.repeat(100_000)],
  ['100,000 unclosed block comments', () => '/*'.repeat(100_000)],
  ['a million closing braces', () => '}'.repeat(1_000_000)],
  ['100,000 lines of "x ="', () => 'topology t {\n' + 'x =\n'.repeat(100_000) + '}\n'],
  ['a 50,000-item list', () => `topology t { host h { memory = 1GiB; cpu { cores = 1; features = [${'vmx, '.repeat(50_000)}] } } }`],
  ['a 300,000-pair steps() pattern', () => `topology t { host h { memory = 1GiB; cpu { cores = 1 }; os linux { }; container c { workload { memory = steps(${Array.from({ length: 300_000 }, (_, i) => `[${i}s, 1GiB]`).join(', ')}) } } } }`],
  ['200,000 volumes and a volume reference to none of them', () => `topology t { host h { memory = 1GiB; cpu { cores = 1 }; os linux { }\n${Array.from({ length: 200_000 }, (_, i) => `volume v${i} { }`).join('\n')}\ncontainer c { mount m { source = volume("nope"); target = "/x" } } } }`],
  ['a 65,536-CPU pin range, 1,000 times', () => `topology t { host h { memory = 1GiB; cpu { cores = 1 } hypervisor kvm {\n${Array.from({ length: 1000 }, (_, i) => `vm v${i} { vcpus = 1; memory = 1MiB; pin = 0..65535 }`).join('\n')}\n} } }`],
];

for (const [name, make] of PATHOLOGICAL) {
  test(`pathological input: ${name}`, () => {
    const text = make();
    const t0 = performance.now();
    const ds = check(text);
    const ms = performance.now() - t0;
    // A bound on the run (a hang would be minutes), not a performance target.
    assert.ok(ms < 30_000, `${ms.toFixed(0)} ms`);
    assert.ok(ds.length <= 16 + text.length, `${ds.length} diagnostics`);
    for (const d of ds) assert.ok(d.message.length < 2000, `a ${d.message.length}-character message`);
  });
}

test('CPU lists count against limits.maxPinnedCpus, from the text, before anything is built', () => {
  const vms = (n: number) => host(`    hypervisor kvm {\n${Array.from({ length: n }, (_, i) => `      vm v${i} { vcpus = 1; memory = 1MiB; pin = 0..65535 }`).join('\n')}\n    }`);
  assert.deepEqual(only(check(vms(4), { maxPinnedCpus: 4 * 65536 }), 'VMX111'), []);
  const ds = only(check(vms(4), { maxPinnedCpus: 3 * 65536 }), 'VMX111');
  assert.equal(ds.length, 1);
  assert.match(ds[0].message, /pin = 0\.\.65535 lists 65,536 CPUs, which brings the CPUs listed in this file above the limit of 196,608 \(limits\.maxPinnedCpus\)/);
});

test('a megabyte-long name is cut in messages, not echoed whole', () => {
  const ds = check('a'.repeat(1 << 20));
  assert.ok(ds.length >= 1);
  for (const d of ds) assert.ok(d.message.length < 400, `${d.message.length}`);
});

test('every limit is a vmx.limits setting of the extension, with the engine default', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const props = pkg.contributes.configuration.properties['vmx.limits'].properties as Record<string, { default: number }>;
  assert.deepEqual(Object.keys(props).sort(), Object.keys(DEFAULT_LIMITS).sort());
  for (const [k, v] of Object.entries(DEFAULT_LIMITS)) assert.equal(props[k].default, v, k);
});

test('every check code is a vmx.severities setting of the extension, in the code table order', async () => {
  const { CODES } = await import('../../core/src/diagnostics/codes');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const props = pkg.contributes.configuration.properties['vmx.severities'].properties as Record<string, { enum: string[] }>;
  assert.deepEqual(Object.keys(props), CODES.map((c) => c.code));
  for (const p of Object.values(props)) assert.deepEqual(p.enum, ['off', 'hint', 'information', 'warning', 'error']);
});
