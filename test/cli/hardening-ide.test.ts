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
