/**
 * The built CLI (dist/cli.js) as a process on inputs that once crashed the
 * whole analysis: an 8 MB name overflowed the stack of a regular expression
 * in the reporter, and the run ended in "internal error" — hiding every
 * finding of the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers';

const EIGHT_MB = 8 * 1024 * 1024;

/** A topology whose container is privileged, with `name` as its label and `attribute` as one more (unknown) attribute. */
function privilegedContainer(label: string, attribute?: string): string {
  return `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container ${label} {\n      privileged = true\n${attribute ? `      ${attribute} = 1\n` : ''}    }\n  }\n}\n`;
}

describe('vmx check on an 8 MB identifier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-hardening-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return runCli(['check', '--no-simulate', '--format', 'json', file]);
  };
  const codesOf = (stdout: string): string[] => JSON.parse(stdout).files.flatMap((f: { diagnostics: { code: string }[] }) => f.diagnostics.map((d) => d.code));

  it('as a container name: reports VMX207 next to it and exits normally', () => {
    const r = check('label.vmx', privilegedContainer('c'.repeat(EIGHT_MB)));
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.equal(r.status, 0, r.stderr);
    const codes = codesOf(r.stdout);
    assert.ok(codes.includes('VMX207'), codes.join(' '));
    assert.ok(!codes.includes('VMX111'), 'no stage failed');
    // Messages stay small: the name is cut.
    assert.ok(r.stdout.length < 100_000, `output of ${r.stdout.length} characters`);
  });

  it('as an unknown attribute name: reports VMX102 for it and VMX207 beside it', () => {
    const r = check('attribute.vmx', privilegedContainer('c', 'a'.repeat(EIGHT_MB)));
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.equal(r.status, 1, r.stderr);
    const codes = codesOf(r.stdout);
    assert.ok(codes.includes('VMX102'), codes.join(' '));
    assert.ok(codes.includes('VMX207'), codes.join(' '));
  });

  it('in text output too (the format the terminal sees)', () => {
    const file = join(dir, 'text.vmx');
    writeFileSync(file, privilegedContainer('c'.repeat(EIGHT_MB)));
    const r = runCli(['check', '--no-simulate', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /warning VMX207: container c{120}… is privileged/);
  });
});

describe('vmx check: an OOM kill reads as a true comparison', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-figures-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const container = (max: string, memory: string): string =>
    `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container c {\n      user = 1000\n      namespaces { user = private }\n      cgroup { memory.max = ${max}; pids.max = 100 }\n      workload { memory = ${memory} }\n    }\n  }\n}\n`;

  for (const [name, text] of [
    ['a ramp from 0 against memory.max 0 (was "0 B exceeds memory.max 0 B")', container('0', 'ramp(from = 0, to = 10B, over = 60s)')],
    ['a ramp crossing memory.max 1GiB (was "1.00 GiB exceeds memory.max 1.00 GiB")', container('1GiB', 'ramp(from = 0, to = 2GiB, over = 60s)')],
  ] as const) {
    it(name, () => {
      const file = join(dir, `${name.length}.vmx`);
      writeFileSync(file, text);
      const r = runCli(['check', '--format', 'json', file]);
      assert.equal(r.status, 1, r.stderr);
      const oom = JSON.parse(r.stdout).files[0].diagnostics.filter((d: { code: string }) => d.code === 'VMX405');
      assert.equal(oom.length, 1, r.stdout);
      // The kill happens when usage reaches the limit (DESIGN §5: the peak at a kill is the limit), so the message
      // says that, and never compares two figures that print the same ("1.00 GiB exceeds memory.max 1.00 GiB").
      assert.match(oom[0].message, /usage reached memory\.max \d/, oom[0].message);
      const m = /(\S+ \S+) exceeds memory\.max (\S+ \S+)/.exec(oom[0].message);
      if (m) assert.notEqual(m[1], m[2], oom[0].message);
    });
  }
});

describe('vmx check: failed forks read as a true comparison', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-forks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('10,001 processes against pids.max 10,000 (was "10.0k processes wanted against pids.max 10.0k")', () => {
    const file = join(dir, 'forks.vmx');
    writeFileSync(file, 'topology t {\n  host h {\n    memory = 16GiB\n    cpu { cores = 4 }\n    container web {\n      user = 1000\n      namespaces { user = private }\n      cgroup { memory.max = 1GiB; pids.max = 10000 }\n      workload { processes = 10001 }\n    }\n  }\n}\n');
    const r = runCli(['check', '--format', 'json', file]);
    assert.equal(r.status, 1, r.stderr);
    const forks = JSON.parse(r.stdout).files[0].diagnostics.filter((d: { code: string }) => d.code === 'VMX407');
    assert.equal(forks.length, 1, r.stdout);
    assert.match(forks[0].message, /up to 10,001 processes wanted against pids\.max 10,000$/);
  });
});
