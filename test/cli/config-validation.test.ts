/**
 * vmx.config.json is validated strictly (issue 14), through the built CLI:
 * unknown keys at the top level and inside severities, thresholds and
 * limits, wrong types and values out of range are one line on stderr naming
 * the file and the key, with a did-you-mean where a name is close; exit 2.
 * The file validates against docs/schemas/vmx.config.schema.json, which is
 * the schema the CLI validates with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { configSchema } from '../../cli/src/config-schema';
import { LIMIT_RANGES, THRESHOLD_RANGES } from '../../core/src/config';
import { ROOT, runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-config-validation-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TOPOLOGY = 'topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n  }\n}\n';
let n = 0;

/** `vmx check` (and simulate) on a clean file next to a vmx.config.json holding `config`. */
function withConfig(config: string, command = 'check'): { status: number; stdout: string; stderr: string; configPath: string } {
  const folder = join(dir, `p${n++}`);
  mkdirSync(folder, { recursive: true });
  const configPath = join(folder, 'vmx.config.json');
  writeFileSync(configPath, config);
  writeFileSync(join(folder, 'x.vmx'), TOPOLOGY);
  return { ...runCli(command === 'check' ? ['check', '--no-simulate', join(folder, 'x.vmx')] : ['simulate', '--duration', '1s', join(folder, 'x.vmx')]), configPath };
}

function refused(config: unknown, pattern: RegExp, command = 'check'): void {
  const r = withConfig(typeof config === 'string' ? config : JSON.stringify(config), command);
  assert.equal(r.status, 2, `${JSON.stringify(config)}: exit ${r.status} ${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0].startsWith(`vmx: ${r.configPath}: `), `names the file: ${lines[0]}`);
  assert.match(lines[0], pattern);
}

test('unknown keys, at the top level and in each group, with a did-you-mean', () => {
  refused({ severity: { VMX208: 'off' } }, /unknown key "severity" \(did you mean "severities"\?\)/);
  refused({ threshold: {} }, /unknown key "threshold" \(did you mean "thresholds"\?\)/);
  refused({ limit: {} }, /unknown key "limit" \(did you mean "limits"\?\)/);
  refused({ colour: 'always' }, /unknown key "colour"; the keys are "profile", "severities", "thresholds" and "limits"$/);
  refused({ severities: { VMX2O8: 'off' } }, /unknown check code "severities\.VMX2O8" \(did you mean "VMX208"\?\)/);
  refused({ severities: { VMX999: 'off' } }, /unknown check code "severities\.VMX999"; codes look like VMX208/);
  refused({ thresholds: { stealFraktion: 0.1 } }, /unknown key "thresholds\.stealFraktion" \(did you mean "stealFraction"\?\)/);
  refused({ thresholds: { ratio: 2 } }, /unknown key "thresholds\.ratio"; known: vcpuOvercommitRatio, stealFraction/);
  refused({ limits: { maxFileSise: 1000 } }, /unknown key "limits\.maxFileSise" \(did you mean "maxFileSize"\?\)/);
});

test('wrong types and values out of range, naming the key and the range', () => {
  refused({ thresholds: { stealFraction: 5 } }, /"thresholds\.stealFraction" is 5, out of range: it must be a fraction from 0 to 1/);
  refused({ thresholds: { throttledFraction: -0.1 } }, /"thresholds\.throttledFraction" is -0\.1, out of range/);
  refused({ thresholds: { vcpuOvercommitRatio: 0 } }, /"thresholds\.vcpuOvercommitRatio" is 0, out of range: it must be a ratio above 0/);
  refused({ thresholds: { vcpuOvercommitRatio: 5000 } }, /vcpuOvercommitRatio" is 5000, out of range/);
  refused({ thresholds: { vcpuOvercommitRatio: '4' } }, /"thresholds\.vcpuOvercommitRatio" must be a ratio above 0 .*, not string "4"/);
  refused({ limits: { maxNestingDepth: 0 } }, /"limits\.maxNestingDepth" is 0, out of range: it must be a whole number of levels from 1/);
  refused({ limits: { maxFileSize: 1.5 } }, /"limits\.maxFileSize" must be a whole number of bytes from 1, not number 1\.5/);
  refused({ severities: { VMX208: 'warn' } }, /"severities\.VMX208" must be one of off, hint, information, warning, error, not "warn" \(did you mean "warning"\?\)/);
  refused({ severities: { VMX208: 2 } }, /"severities\.VMX208" must be one of off, hint/);
  refused({ thresholds: [] }, /"thresholds" must be an object, not an array/);
  refused({ severities: 'off' }, /"severities" must be an object, not string "off"/);
  refused([], /expected an object with "severities", "thresholds" and\/or "limits", not an array/);
  refused('null', /expected an object .*, not null/);
  refused('{"thresholds": {"stealFraction": 0.1,}}', /invalid JSON/);
});

test('vmx simulate validates the same way', () => {
  refused({ thresholds: { stealFraction: 5 } }, /"thresholds\.stealFraction" is 5, out of range/, 'simulate');
  refused({ severity: {} }, /did you mean "severities"/, 'simulate');
});

test('a valid file passes, $schema included; flags get the same ranges', () => {
  const ok = withConfig(JSON.stringify({ $schema: '../docs/schemas/vmx.config.schema.json', severities: { VMX309: 'off', VMX208: 'hint' }, thresholds: { vcpuOvercommitRatio: 8, stealFraction: 0, nicSaturatedFraction: 1 }, limits: { maxFileSize: 1000000 } }));
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stderr, '');
  const file = join(dir, 'p0', 'x.vmx');
  const flag = runCli(['check', '--threshold', 'stealFraction=5', file]);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /^vmx: --threshold stealFraction is 5, out of range: must be a fraction from 0 to 1/);
  const typo = runCli(['check', '--threshold', 'stealFraktion=0.1', file]);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /\(did you mean "stealFraction"\?\)/);
  const limit = runCli(['check', '--limit', 'maxNestingDepth=0.5', file]);
  assert.equal(limit.status, 2);
  assert.match(limit.stderr, /--limit maxNestingDepth is 0\.5, out of range: must be a whole number of levels from 1/);
});

test('docs/schemas/vmx.config.schema.json is the schema the CLI validates with, and ajv agrees with the CLI', () => {
  const onDisk = JSON.parse(readFileSync(join(ROOT, 'docs', 'schemas', 'vmx.config.schema.json'), 'utf8'));
  assert.deepEqual(onDisk, configSchema(), 'regenerate docs/schemas/vmx.config.schema.json from cli/src/config-schema.ts');
  const validate = new Ajv({ strict: true }).compile(onDisk);
  assert.equal(validate({ severities: { VMX208: 'off' }, thresholds: { stealFraction: 0.2 }, limits: { maxFileSize: 10 } }), true);
  assert.equal(validate({ thresholds: { stealFraction: 5 } }), false);
  assert.equal(validate({ severity: {} }), false);
  // Every threshold and limit has its range in the schema.
  const props = (onDisk as { properties: Record<string, { properties: Record<string, { maximum?: number }> }> }).properties;
  assert.deepEqual(Object.keys(props.thresholds.properties).sort(), Object.keys(THRESHOLD_RANGES).sort());
  assert.deepEqual(Object.keys(props.limits.properties).sort(), Object.keys(LIMIT_RANGES).sort());
  for (const p of Object.values(props.thresholds.properties)) assert.equal(typeof p.maximum, 'number');
});
