/**
 * Issue 15, item 10: user text cannot drive the terminal. A container
 * named with ESC sequences (cursor up, erase line) or a bidi override, in
 * a file whose name holds one too, gives output whose every character is
 * printable: the sequences are shown as escapes, the warnings before them
 * stay on screen, and the name is VMX112.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-tty-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ERASE = '\u001b[1A\u001b[2K';
const text = `topology t {
  host h {
    memory = 8GiB
    cpu { cores = 2 }
    container "x${ERASE}" { privileged = true user = 1000 cgroup { memory.max = 1GiB pids.max = 100 } }
    container "a\u202eb" { user = 1000 cgroup { memory.max = 1GiB } }
  }
}
`;
const file = join(dir, `evil\u001b]0;title\u0007.vmx`);
writeFileSync(file, text);

// Any C0/C1 control but the line feed, DEL, and the format characters (bidi controls, zero widths).
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cf}]/u;

test('text output: no control or format character reaches the terminal; the names are shown escaped', () => {
  const r = runCli(['check', '--no-simulate', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, UNSAFE);
  assert.match(r.stdout, /VMX207/); // the privileged warning is there, and nothing after it can erase it
  assert.match(r.stdout, /x\\e\[1A\\e\[2K/);
  assert.match(r.stdout, /a\\u202eb/);
  assert.match(r.stdout, /evil\\e\]0;title\\u0007\.vmx/);
  assert.equal((r.stdout.match(/VMX112/g) ?? []).length, 2);
});

test('json and sarif carry the names escaped too: a log viewer that prints them is safe', () => {
  for (const format of ['json', 'sarif']) {
    const r = runCli(['check', '--no-simulate', '--format', format, file]);
    assert.equal(r.status, 0, r.stderr);
    const messages: string[] = [];
    JSON.parse(r.stdout, (k, v) => (k === 'message' && typeof v === 'string' ? messages.push(v) : k === 'text' && typeof v === 'string' ? messages.push(v) : 0, v));
    assert.ok(messages.length > 0, format);
    for (const m of messages) assert.doesNotMatch(m, UNSAFE, `${format}: ${JSON.stringify(m)}`);
  }
});

test('simulate: the entity table shows the names escaped', () => {
  const r = runCli(['simulate', '--duration', '2s', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, UNSAFE);
  assert.match(r.stdout, /x\\e\[1A\\e\[2K/);
});

test('a one-line CLI error names the file escaped', () => {
  const r = runCli(['check', join(dir, 'missing\u001b[2J.vmx')]);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, UNSAFE);
  assert.match(r.stderr, /missing\\e\[2J\.vmx/);
});
