/**
 * The tree around the cursor (core/src/incremental/edited-tree.ts): while a
 * container is typed into the middle of a big file, keystroke by keystroke,
 * completion answers from the last whole-file tree plus the edited host —
 * right while the file is broken (an open `{`, a missing `}`, `name =` with
 * no value), and parsing only that host (proved by the range parsed).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAt } from '../../core/src/ide/completion';
import { signatureAt } from '../../core/src/ide/signature';
import { changedRange, composeEdits, treeAround } from '../../core/src/incremental/edited-tree';
import { TextEdit } from '../../core/src/incremental/reparse';
import { parse } from '../../core/src/syntax/parser';

const host = (i: number): string => `  host h${i} {\n    cpu { cores = 4 }\n    memory = 8GiB\n    container app${i} { image = "app" }\n  }\n`;
const HOSTS = 2000;
/** 2,000 hosts in one topology: 10,002 lines. */
const topology = (inner: (i: number) => string = host): string => `topology big {\n${Array.from({ length: HOSTS }, (_, i) => inner(i)).join('')}}\n`;
const MID = 1000;
const valid = topology();
/** Where the typing happens: after app1000's line, inside host h1000. */
const at = valid.indexOf('    container app1000 { image = "app" }\n') + '    container app1000 { image = "app" }\n'.length;
const typed = '    container web {\n      image = "nginx"\n      runtime = \n      \n';

describe('tree around the cursor', () => {
  const base = parse(valid);
  assert.equal(base.errors.length, 0);
  const hostStart = valid.indexOf(`host h${MID} {`);
  // Its '}' ends the line before "  host h1001": '}', '\n', two spaces, then "host".
  const hostClose = valid.indexOf(`host h${MID + 1} {`) - 4;

  it('typing a container keystroke by keystroke parses only the edited host, never the file', () => {
    let text = valid;
    const edits: TextEdit[] = [];
    for (let k = 0; k < typed.length; k++) {
      edits.push({ start: at + k, end: at + k, length: 1 });
      text = text.slice(0, at + k) + typed[k] + text.slice(at + k);
      const cursor = at + k + 1;
      const around = treeAround(base, edits, text, cursor);
      // The host, grown by what was typed so far: its '}' is k + 1 characters further.
      assert.deepEqual(around.parsed, { start: hostStart, end: hostClose + 1 + (k + 1) }, `keystroke ${k}`);
      assert.ok(Array.isArray(completeAt(text, cursor, around)));
    }
    const parsedSize = hostClose + 1 + typed.length - hostStart;
    assert.ok(parsedSize * 1000 < text.length * 2, `parsed ${parsedSize} of ${text.length} characters`);
  });

  const broken = valid.slice(0, at) + typed + valid.slice(at);
  const edit = { start: at, end: at, length: typed.length };
  const complete = (cursor: number): string[] => completeAt(broken, cursor, treeAround(base, [edit], broken, cursor)).map((e) => e.label);

  it('values after `runtime =` in the half-typed container of the broken file', () => {
    const cursor = at + typed.indexOf('runtime = ') + 'runtime = '.length;
    assert.ok(parse(broken).errors.length > 0, 'the file is broken');
    assert.deepEqual(complete(cursor).sort(), ['crun', 'gvisor', 'kata', 'runc']);
  });

  it('attributes not yet set and the kinds a container holds, on the empty line of the unclosed container', () => {
    const cursor = at + typed.length - 1;
    const labels = complete(cursor);
    for (const a of ['user', 'privileged', 'capabilities']) assert.ok(labels.includes(a), `${a} in ${labels.join(' ')}`);
    assert.ok(!labels.includes('image'), 'image is set');
    assert.ok(!labels.includes('runtime'), 'runtime is written (its value still missing)');
    for (const k of ['namespaces', 'workload', 'mount']) assert.ok(labels.includes(k), `${k} in ${labels.join(' ')}`);
    assert.ok(!labels.includes('container') && !labels.includes('vm'), 'a container holds no container or vm');
    const scopes = treeAround(base, [edit], broken, cursor).scopes.map((s) => `${s.kind} ${s.label?.text}`);
    assert.deepEqual(scopes, ['topology big', `host h${MID}`, 'container web']);
  });

  it('container("…") names of the host, from the edited host and not the others', () => {
    const ref = '    container c {\n      namespaces { net = container("';
    const text = valid.slice(0, at) + ref + valid.slice(at);
    const cursor = at + ref.length;
    const labels = completeAt(text, cursor, treeAround(base, [{ start: at, end: at, length: ref.length }], text, cursor)).map((e) => e.label);
    assert.deepEqual(labels, [`app${MID}`]);
  });

  it('a host typed between two hosts: only the gap between them is parsed', () => {
    const gap = '  host new {\n    ';
    const insertAt = valid.indexOf(`  host h${MID + 1} {`);
    const text = valid.slice(0, insertAt) + gap + valid.slice(insertAt);
    const cursor = insertAt + gap.length;
    const around = treeAround(base, [{ start: insertAt, end: insertAt, length: gap.length }], text, cursor);
    // From the end of h1000 (its '}' is right before the '\n' before insertAt) to the start of h1001
    // ("host", two spaces after insertAt), moved by the insertion.
    assert.deepEqual(around.parsed, { start: insertAt - 1, end: insertAt + 2 + gap.length });
    const labels = completeAt(text, cursor, around).map((e) => e.label);
    assert.ok(labels.includes('container') && labels.includes('memory'), labels.join(' '));
  });

  it('signature help inside a pattern call typed into the broken file', () => {
    const call = '    container w {\n      workload { cpu = burst(base = 1, ';
    const text = valid.slice(0, at) + call + valid.slice(at);
    const cursor = at + call.length;
    const s = signatureAt(text, cursor, treeAround(base, [{ start: at, end: at, length: call.length }], text, cursor));
    assert.equal(s?.pattern.name, 'burst');
    assert.equal(s?.active, 1);
  });

  it('without a base the file is parsed whole', () => {
    assert.equal(treeAround(undefined, [], 'topology t { }', 13).parsed, 'file');
  });
});

describe('edits', () => {
  it('changedRange leaves out the common start and end, across chunk boundaries', () => {
    const a = 'x'.repeat(10_000) + 'abc' + 'y'.repeat(9_000);
    const b = 'x'.repeat(10_000) + 'aXYc' + 'y'.repeat(9_000);
    assert.deepEqual(changedRange(a, b), { start: 10_001, end: 10_002, length: 2 });
    assert.equal(changedRange(a, a), undefined);
    assert.deepEqual(changedRange('ab', 'abab'), { start: 2, end: 2, length: 2 });
    assert.deepEqual(changedRange('abcd', ''), { start: 0, end: 4, length: 0 });
  });

  it('composeEdits covers a sequence: typing, then deleting before it', () => {
    // "0123456789": insert "ab" at 5 → "01234ab56789"; delete [1, 3) → "034ab56789".
    const e = composeEdits([
      { start: 5, end: 5, length: 2 },
      { start: 1, end: 3, length: 0 },
    ]);
    // Old [1, 5) "1234" became "34ab": everything outside is unchanged.
    assert.deepEqual(e, { start: 1, end: 5, length: 4 });
    const old = '0123456789';
    const now = '034ab56789';
    assert.equal(old.slice(0, e!.start) + now.slice(e!.start, e!.start + e!.length) + old.slice(e!.end), now);
  });
});
