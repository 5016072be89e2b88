/** `vmx check` run as a real process: formats (§7), exit codes, several files, bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers';

const F = 'test/fixtures/cli';

test('json: the §7 shape, three VMX100 and the unknown attribute further down', () => {
  const r = runCli(['check', '--format', 'json', '--no-simulate', `${F}/three-syntax-errors.vmx`]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.equal(out.files.length, 1);
  assert.equal(out.files[0].path, `${F}/three-syntax-errors.vmx`);
  const ds = out.files[0].diagnostics;
  assert.deepEqual(ds.filter((d: { code: string }) => d.code === 'VMX100').map((d: { range: { start: { line: number } } }) => d.range.start.line), [5, 6, 7]);
  const unknown = ds.find((d: { code: string }) => d.code === 'VMX102');
  assert.deepEqual(unknown.range, { start: { line: 10, character: 6 }, end: { line: 10, character: 12 } });
  for (const d of ds) {
    assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'range', 'related', 'severity']);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
    assert.ok(Array.isArray(d.related));
  }
});

test('text: file:line:col severity code message; no colour when not a TTY', () => {
  const r = runCli(['check', '--no-simulate', `${F}/three-syntax-errors.vmx`]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`^${F}/three-syntax-errors.vmx:6:15: error VMX100: `, 'm'));
  assert.match(r.stdout, /:11:7: error VMX102: unknown attribute 'imagee' in container: did you mean 'image'\?/);
  assert.doesNotMatch(r.stdout, /\x1b\[/);
  assert.match(r.stdout, /1 file checked: \d+ errors/);
});

test('sarif: 2.1.0 with one rule per code and results pointing at rules', () => {
  const r = runCli(['check', '--format', 'sarif', '--no-simulate', `${F}/three-syntax-errors.vmx`]);
  assert.equal(r.status, 1);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  const rules = log.runs[0].tool.driver.rules;
  const ids = rules.map((x: { id: string }) => x.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const code of ['VMX001', 'VMX100', 'VMX110', 'VMX208', 'VMX311', 'VMX410']) assert.ok(ids.includes(code), code);
  for (const rule of rules) assert.ok(rule.help.text.length > 10);
  const results = log.runs[0].results;
  assert.ok(results.length >= 4);
  for (const res of results) {
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
  }
});

test('exit 0 without errors (warnings allowed), several files in one run', () => {
  const clean = runCli(['check', '--format', 'json', '--no-simulate', `${F}/clean.vmx`]);
  assert.equal(clean.status, 0, clean.stdout);
  const warn = runCli(['check', '--format', 'json', '--no-simulate', `${F}/warning-only.vmx`]);
  assert.equal(warn.status, 0);
  assert.ok(JSON.parse(warn.stdout).files[0].diagnostics.some((d: { code: string }) => d.code === 'VMX110'));
  const both = runCli(['check', '--format', 'json', '--no-simulate', `${F}/clean.vmx`, `${F}/three-syntax-errors.vmx`]);
  assert.equal(both.status, 1);
  assert.deepEqual(JSON.parse(both.stdout).files.map((f: { path: string }) => f.path), [`${F}/clean.vmx`, `${F}/three-syntax-errors.vmx`]);
});

test('exit 2 with one line on stderr: unreadable file, unknown format, no files, unknown command', () => {
  for (const args of [['check', 'nope.vmx'], ['check', '--format', 'xml', `${F}/clean.vmx`], ['check'], ['frobnicate'], ['check', '--bogus', `${F}/clean.vmx`]]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^vmx: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('bad input: binary garbage, deep nesting, absurd numbers and a 50 MB file give diagnostics, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-bad-'));
  let seed = 3;
  const garbage = Buffer.from(Array.from({ length: 100_000 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256));
  writeFileSync(join(dir, 'garbage.vmx'), garbage);
  writeFileSync(join(dir, 'deep.vmx'), 'a {'.repeat(10_000) + '}'.repeat(10_000));
  writeFileSync(join(dir, 'absurd.vmx'), 'topology t { host h { memory = 1e999GiB; cpu { cores = 99999999999 } } }');
  writeFileSync(join(dir, 'huge.vmx'), '# ' + 'x'.repeat(50 * 1024 * 1024) + '\n');
  for (const name of ['garbage.vmx', 'deep.vmx', 'absurd.vmx', 'huge.vmx']) {
    const r = runCli(['check', '--format', 'json', '--no-simulate', join(dir, name)]);
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.equal(r.stderr, '');
    const ds = JSON.parse(r.stdout).files[0].diagnostics;
    assert.ok(ds.length > 0 && ds.length <= 2000, `${name}: ${ds.length} diagnostics`);
  }
});
