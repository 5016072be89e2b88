/**
 * What `vmx check` accepts as FILE, run as a real process (dist/cli.js):
 * `-` reads standard input (shown as `<stdin>`); a missing file, a
 * directory, a glob that matched nothing, a symlink loop, an unreadable
 * file — each a one-line error on stderr and exit 2, never a stack trace;
 * binary, non-UTF-8, empty, BOM and CRLF files are checked like any other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-cli-input-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const BROKEN = 'topology t {\n  host h {\n    memory = 1GiB\n    cpu { cores = 2 }\n    bogus = 3\n  }\n}\n';

function oneLineError(r: { status: number; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, `not one line: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
}

test('`-` reads standard input, shown as <stdin>, in every format', () => {
  const text = runCli(['check', '--no-simulate', '-'], { input: BROKEN });
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^<stdin>:5:5: error VMX102: unknown attribute 'bogus'/m);
  const json = JSON.parse(runCli(['check', '--no-simulate', '--format', 'json', '-'], { input: BROKEN }).stdout);
  assert.equal(json.files[0].path, '<stdin>');
  assert.deepEqual(json.files[0].diagnostics.map((d: { code: string }) => d.code), ['VMX102']);
  const sarif = JSON.parse(runCli(['check', '--no-simulate', '--format', 'sarif', '-'], { input: BROKEN }).stdout);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, '<stdin>');
});

test('standard input: clean input exits 0, imports resolve from the working directory, empty input is an empty file', () => {
  writeFileSync(join(dir, 'common.vmx'), 'topology c {\n  host shared { memory = 1GiB; cpu { cores = 1 } }\n}\n');
  const r = runCli(['check', '--no-simulate', '--format', 'json', '-'], { input: 'import "common.vmx"\ntopology t { }\n', cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).files[0].diagnostics, []);
  const empty = runCli(['check', '--no-simulate', '-'], { input: '' });
  assert.equal(empty.status, 0, empty.stderr);
  // A file and standard input together.
  writeFileSync(join(dir, 'ok.vmx'), 'topology t { }\n');
  const both = runCli(['check', '--no-simulate', '--format', 'json', join(dir, 'ok.vmx'), '-'], { input: BROKEN });
  assert.deepEqual(JSON.parse(both.stdout).files.map((f: { path: string }) => f.path), [join(dir, 'ok.vmx'), '<stdin>']);
});

test('a missing file, a directory, a glob that matched nothing: one line, exit 2', () => {
  oneLineError(runCli(['check', join(dir, 'nope.vmx')]), /^vmx: cannot read '.*nope\.vmx': no such file$/m);
  // A directory is checked recursively since issue 14; one without .vmx files is still a one-line error.
  mkdirSync(join(dir, 'empty-folder'), { recursive: true });
  oneLineError(runCli(['check', join(dir, 'empty-folder')]), /no \.vmx files in/);
  oneLineError(runCli(['check', 'samples/*.vmy']), /^vmx: no file matches 'samples\/\*\.vmy'$/m);
  oneLineError(runCli(['check', 'samples/**/nothing-[0-9].vmx']), /no file matches/);
  // One bad argument among good ones still fails the run before any output.
  writeFileSync(join(dir, 'fine.vmx'), 'topology t { }\n');
  oneLineError(runCli(['check', join(dir, 'fine.vmx'), join(dir, 'missing.vmx')]), /no such file/);
});

test('a symlink loop and a path through a file: one line, exit 2', () => {
  symlinkSync(join(dir, 'loop-b.vmx'), join(dir, 'loop-a.vmx'));
  symlinkSync(join(dir, 'loop-a.vmx'), join(dir, 'loop-b.vmx'));
  oneLineError(runCli(['check', join(dir, 'loop-a.vmx')]), /symlink loop/);
  writeFileSync(join(dir, 'plain.vmx'), 'topology t { }\n');
  oneLineError(runCli(['check', join(dir, 'plain.vmx', 'inside.vmx')]), /not a directory/);
});

test('an unreadable file: one line, exit 2 (when permissions apply to this user)', (t) => {
  const p = join(dir, 'secret.vmx');
  writeFileSync(p, 'topology t { }\n');
  chmodSync(p, 0);
  let readable = true;
  try {
    readFileSync(p);
  } catch {
    readable = false;
  }
  if (readable) {
    // root reads everything: nothing to test here.
    t.diagnostic('running as a user that bypasses file permissions');
    return;
  }
  oneLineError(runCli(['check', p]), /permission denied/);
});

test('binary, non-UTF-8, BOM and CRLF files are checked like any other (exit 1 or 0, no crash)', () => {
  const bin = join(dir, 'random.vmx');
  writeFileSync(bin, randomBytes(100_000));
  const r = runCli(['check', '--no-simulate', '--format', 'json', bin]);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(JSON.parse(r.stdout).files[0].diagnostics.length > 0);
  const latin1 = join(dir, 'latin1.vmx');
  writeFileSync(latin1, Buffer.from('topology caf\xe9 { }\n', 'latin1'));
  assert.equal(runCli(['check', '--no-simulate', latin1]).status, 1);
  const bomCrlf = join(dir, 'bom-crlf.vmx');
  writeFileSync(bomCrlf, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BROKEN.replace(/\n/g, '\r\n'))]));
  const j = JSON.parse(runCli(['check', '--no-simulate', '--format', 'json', bomCrlf]).stdout);
  assert.deepEqual(j.files[0].diagnostics.map((d: { code: string; range: unknown }) => [d.code, d.range]), [['VMX102', { start: { line: 4, character: 4 }, end: { line: 4, character: 9 } }]]);
});

test('vmx simulate accepts - and reports a missing file in one line too', () => {
  const clean = readFileSync('samples/nested-kata.vmx', 'utf8').replace(/^import .*$/gm, '');
  const r = runCli(['simulate', '--format', 'json', '--duration', '5', '-'], { input: clean });
  assert.equal(r.status === 0 || r.status === 1, true, r.stderr);
  assert.ok(JSON.parse(r.stdout).entities.length > 0);
  oneLineError(runCli(['simulate', join(dir, 'none.vmx')]), /no such file/);
  mkdirSync(join(dir, 'd.vmx'));
  oneLineError(runCli(['simulate', join(dir, 'd.vmx')]), /directory/);
});

test('a FIFO (named pipe) given as FILE is read as a stream, to its end', async (t) => {
  const fifo = join(dir, 'pipe.vmx');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.diagnostic('mkfifo is not available here');
    return;
  }
  const cli = spawn(process.execPath, ['dist/cli.js', 'check', '--no-simulate', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  cli.stdout.on('data', (d) => (out += String(d)));
  const writer = createWriteStream(fifo);
  writer.end(BROKEN);
  const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
  assert.equal(code, 1);
  assert.match(out, /pipe\.vmx:5:5: error VMX102/);
});
