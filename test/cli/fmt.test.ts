/**
 * `vmx fmt [--check] FILE|DIR…` run as a real process: the editor's
 * formatter in place, line endings and BOM kept, --check writes nothing,
 * files with syntax errors are left alone (exit 2), `-` is stdin → stdout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatText } from '../../core/src/ide/format';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-fmt-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const MESSY = 'topology t {\nhost h {   memory=8GiB\n      cpu {cores=2}\n\n\n\n   container c { user = 1000 }   # kept\n}\n}';
const TIDY = 'topology t {\n  host h { memory = 8GiB\n    cpu { cores = 2 }\n\n    container c { user = 1000 } # kept\n  }\n}\n';

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}

test('the expected text is what the editor formatter gives', () => {
  assert.equal(formatText(MESSY), TIDY);
});

test('rewrites files in place and names them; a formatted file is left untouched', () => {
  const messy = file('inplace/messy.vmx', MESSY);
  const tidy = file('inplace/tidy.vmx', TIDY);
  const before = statSync(tidy).mtimeMs;
  const r = runCli(['fmt', messy, tidy]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `formatted ${messy}\n`);
  assert.equal(readFileSync(messy, 'utf8'), TIDY);
  assert.equal(readFileSync(tidy, 'utf8'), TIDY);
  assert.equal(statSync(tidy).mtimeMs, before, 'not rewritten');
  // Formatting twice changes nothing.
  const again = runCli(['fmt', messy]);
  assert.equal(again.status, 0);
  assert.equal(again.stdout, '');
});

test('CRLF stays CRLF, CR stays CR, and a byte order mark stays', () => {
  const crlf = file('eol/crlf.vmx', MESSY.replace(/\n/g, '\r\n'));
  const cr = file('eol/cr.vmx', MESSY.replace(/\n/g, '\r'));
  const bom = file('eol/bom.vmx', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MESSY.replace(/\n/g, '\r\n'))]));
  assert.equal(runCli(['fmt', crlf, cr, bom]).status, 0);
  assert.equal(readFileSync(crlf, 'utf8'), TIDY.replace(/\n/g, '\r\n'));
  assert.equal(readFileSync(cr, 'utf8'), TIDY.replace(/\n/g, '\r'));
  const bytes = readFileSync(bom);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), TIDY.replace(/\n/g, '\r\n'));
  assert.equal(runCli(['fmt', '--check', crlf, cr, bom]).status, 0, 'formatted in their own line endings');
});

test('--check writes nothing, lists the files that are not formatted, exit 1; 0 when all are', () => {
  const messy = file('check/messy.vmx', MESSY);
  const tidy = file('check/tidy.vmx', TIDY);
  const r = runCli(['fmt', '--check', tidy, messy]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, `${messy}\n`);
  assert.equal(readFileSync(messy, 'utf8'), MESSY, 'not written');
  const ok = runCli(['fmt', '--check', tidy]);
  assert.equal(ok.status, 0);
  assert.equal(ok.stdout, '');
  // A directory: its .vmx files, recursively.
  const tree = runCli(['fmt', '--check', join(dir, 'check')]);
  assert.equal(tree.status, 1);
  assert.equal(tree.stdout, `${messy}\n`);
});

test('a file with syntax errors is not rewritten: one line on stderr, exit 2, the other files still formatted', () => {
  const broken = 'topology t {\nhost h {   memory=\n}\n}\n';
  const bad = file('syntax/bad.vmx', broken);
  const messy = file('syntax/messy.vmx', MESSY);
  const r = runCli(['fmt', bad, messy]);
  assert.equal(r.status, 2);
  assert.equal(readFileSync(bad, 'utf8'), broken);
  assert.equal(readFileSync(messy, 'utf8'), TIDY);
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
  assert.match(r.stderr, /^vmx: .*bad\.vmx: syntax error \(line 2: .*\); not formatted$/m);
  const check = runCli(['fmt', '--check', bad]);
  assert.equal(check.status, 2);
  assert.match(check.stderr, /bad\.vmx: syntax error/);
});

test('- formats standard input to standard output', () => {
  const r = runCli(['fmt', '-'], { input: MESSY });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, TIDY);
  const check = runCli(['fmt', '--check', '-'], { input: MESSY });
  assert.equal(check.status, 1);
  assert.equal(check.stdout, '<stdin>\n');
  assert.equal(runCli(['fmt', '--check', '-'], { input: TIDY }).status, 0);
  const broken = runCli(['fmt', '-'], { input: 'topology t {\n' });
  assert.equal(broken.status, 2);
  assert.equal(broken.stdout, '');
  assert.match(broken.stderr, /^vmx: <stdin>: syntax error/);
});

test('bytes that are not UTF-8 are not rewritten; an unreadable argument changes nothing', () => {
  const latin1 = file('bytes/latin1.vmx', Buffer.concat([Buffer.from('topology t {\nhost h { memory=1GiB } # caf'), Buffer.from([0xe9]), Buffer.from('\n}\n')]));
  const before = readFileSync(latin1);
  const r = runCli(['fmt', latin1]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /latin1\.vmx: not valid UTF-8; not formatted/);
  assert.deepEqual(readFileSync(latin1), before);
  const messy = file('bytes/messy.vmx', MESSY);
  const missing = runCli(['fmt', messy, join(dir, 'bytes', 'none.vmx')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^vmx: cannot read '.*none\.vmx': no such file$/m);
  assert.equal(readFileSync(messy, 'utf8'), MESSY, 'nothing written before every file was read');
  const none = runCli(['fmt']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /fmt needs at least one FILE/);
});
