/**
 * `vmx check --import-root DIR` (issue 15, item 7c): imports whose real path
 * lies outside the import root — by default the git work tree holding the
 * checked file, else its folder — are refused with VMX109, through `..`,
 * an absolute path or a symlink alike; the flag widens it. Built CLI as a
 * process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-import-root-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TOPOLOGY = (name: string) => `topology ${name} {\n  host ${name}-h { memory = 1GiB; cpu { cores = 1 } }\n}\n`;

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** VMX109 messages of a JSON run, by file name. */
function vmx109(stdout: string): string[] {
  return JSON.parse(stdout).files.flatMap((f: { diagnostics: { code: string; message: string }[] }) => f.diagnostics.filter((d) => d.code === 'VMX109').map((d) => d.message));
}

// A repository (it has .git) with a library folder, and a file beside it.
const repo = join(dir, 'repo');
mkdirSync(join(repo, '.git'), { recursive: true });
write(join(repo, 'lib', 'base.vmx'), TOPOLOGY('base'));
write(join(dir, 'outside.vmx'), TOPOLOGY('outside'));
symlinkSync(join(dir, 'outside.vmx'), join(repo, 'lib', 'sneaky.vmx'));
const root = write(join(repo, 'sub', 'root.vmx'), 'import "../lib/base.vmx"\nimport "../../outside.vmx"\nimport "../lib/sneaky.vmx"\n' + TOPOLOGY('root'));

test('by default imports stay inside the git work tree of the checked file: `..` and symlinks out of it are refused', () => {
  const r = runCli(['check', '--no-simulate', '--format', 'json', root]);
  const ms = vmx109(r.stdout);
  assert.equal(ms.length, 2, ms.join('\n'));
  assert.match(ms[0], new RegExp(`^cannot import "\\.\\./\\.\\./outside\\.vmx": outside the import root ${repo.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}; pass --import-root to allow it$`));
  assert.match(ms[1], /^cannot import "\.\.\/lib\/sneaky\.vmx": outside the import root .*; pass --import-root to allow it$/);
});

test('--import-root DIR widens (or narrows) where imports may come from', () => {
  assert.deepEqual(vmx109(runCli(['check', '--no-simulate', '--format', 'json', '--import-root', dir, root]).stdout), []);
  const narrow = vmx109(runCli(['check', '--no-simulate', '--format', 'json', '--import-root', join(repo, 'sub'), root]).stdout);
  assert.equal(narrow.length, 3, narrow.join('\n'));
});

test('outside any git work tree the import root is the file\'s folder; absolute paths are refused too', () => {
  const plain = write(join(dir, 'plain', 'root.vmx'), `import "../outside.vmx"\nimport "/etc/passwd"\nimport "${join(dir, 'outside.vmx')}"\n` + TOPOLOGY('plain'));
  const ms = vmx109(runCli(['check', '--no-simulate', '--format', 'json', plain]).stdout);
  assert.equal(ms.length, 3, ms.join('\n'));
  for (const m of ms) assert.match(m, /outside the import root .*plain; pass --import-root to allow it/);
});

test('standard input: the import root is the working directory\'s work tree or the working directory', () => {
  const r = runCli(['check', '--no-simulate', '--format', 'json', '-'], { cwd: join(repo, 'sub'), input: 'import "../lib/base.vmx"\nimport "../../outside.vmx"\n' + TOPOLOGY('stdin') });
  const ms = vmx109(r.stdout);
  assert.equal(ms.length, 1, ms.join('\n'));
  assert.match(ms[0], /outside\.vmx": outside the import root/);
});

test('vmx simulate keeps to the import root too', () => {
  const r = runCli(['simulate', '--duration', '1s', root]);
  assert.match(r.stderr, /outside the import root/);
});

test('--import-root must name a folder: one line, exit 2; the help text documents it', () => {
  for (const bad of [join(dir, 'missing'), join(dir, 'outside.vmx')]) {
    const r = runCli(['check', '--import-root', bad, root]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), /^vmx: --import-root '.*': (no such folder|not a folder)$/);
  }
  const help = runCli(['check', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--import-root DIR/);
  assert.match(help.stdout, /git work tree/);
});
