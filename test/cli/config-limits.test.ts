/**
 * Limits from a repository's vmx.config.json (issue 15, item 11): the file
 * comes with the untrusted repository, so its `limits` may only lower the
 * defaults; a higher value is ignored with one line on stderr naming the
 * key and the flag. `--limit NAME=NUMBER` on the command line may raise
 * them. Built CLI as a process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-config-limits-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Brackets nested 100 deep: over the default nesting limit (64). */
const DEEP = `topology t {\n  description = ${'['.repeat(100)}${']'.repeat(100)}\n}\n`;

function project(name: string, config: unknown): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'vmx.config.json'), JSON.stringify(config));
  writeFileSync(join(folder, 'deep.vmx'), DEEP);
  return join(folder, 'deep.vmx');
}

function nestingErrors(stdout: string): number {
  return (stdout.match(/VMX111.*nesting deeper than/g) ?? []).length;
}

test('a config file that raises a limit is ignored for it, with one warning line naming the key and --limit', () => {
  const file = project('raises', { limits: { maxNestingDepth: 1000, maxFileSize: 1e12 }, severities: { VMX104: 'off' } });
  const r = runCli(['check', '--no-simulate', file, file]);
  assert.equal(nestingErrors(r.stdout), 1, 'the default nesting limit still applies');
  const warnings = r.stderr.trim().split('\n');
  assert.equal(warnings.length, 2, r.stderr);
  assert.match(warnings[0], /^vmx: .*vmx\.config\.json: limits\.maxNestingDepth = 1000 is above the default 64 and is ignored \(a config file may only lower limits; raise it on the command line with --limit maxNestingDepth=1000\)$/);
  assert.match(warnings[1], /limits\.maxFileSize = 1000000000000 is above the default 33554432 .*--limit maxFileSize=/);
});

test('a config file may lower a limit, silently', () => {
  const file = project('lowers', { limits: { maxFileSize: 20 } });
  const r = runCli(['check', '--no-simulate', file]);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /VMX111.*limits\.maxFileSize/);
});

test('--limit NAME=NUMBER raises a limit, over the config file', () => {
  const file = project('flag', { limits: { maxNestingDepth: 1000 } });
  const r = runCli(['check', '--no-simulate', '--limit', 'maxNestingDepth=200', file]);
  assert.equal(nestingErrors(r.stdout), 0, r.stdout);
  // Repeatable, and it may lower as well.
  const low = runCli(['check', '--no-simulate', '--limit', 'maxNestingDepth=200', '--limit', 'maxFileSize=10', file]);
  assert.match(low.stdout, /limits\.maxFileSize/);
});

test('a bad --limit is one line, exit 2', () => {
  const file = project('bad', {});
  for (const [flag, pattern] of [
    ['maxBogus=1', /--limit expects NAME=NUMBER with NAME one of maxFileSize, .*maxImportedBytes/],
    ['maxFileSize=-1', /--limit maxFileSize must be a non-negative number/],
    ['maxFileSize', /--limit expects NAME=NUMBER/],
  ] as const) {
    const r = runCli(['check', '--limit', flag, file]);
    assert.equal(r.status, 2, r.stdout);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  assert.match(runCli(['check', '--help']).stdout, /--limit NAME=NUMBER/);
});
