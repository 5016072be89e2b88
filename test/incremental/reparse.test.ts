/**
 * Incremental reparse = full parse: random edit sequences (characters that
 * break braces, strings and comments included) on a small topology of
 * three hosts, each edit reparsed from the previous incremental tree, and
 * the tree compared with `parse()` of the whole new text after every edit.
 * Plus the cases that must reparse one block, and those that must not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { reparse, TextEdit } from '../../core/src/incremental/reparse';
import { parse } from '../../core/src/syntax/parser';

/** Three hosts in a topology, like the files users keep (a KVM host, two plain ones), with comments between them; every node type appears in each host (the shift after an edit copies each type by its own code). */
function topology(): string {
  const host = (i: number): string =>
    [
      `  host h${i} {`,
      `    memory = 64GiB  # RAM`,
      `    cpu { sockets = 1; cores = 8; threads = 2; features = [vmx, avx2] }`,
      `    hypervisor kvm {`,
      `      vm v${i} { vcpus = 2; memory = 4GiB; pin = 0..1 }`,
      `    }`,
      `    container c${i} {`,
      `      image = "app:${i}"`,
      `      cgroup { cpu.max = 500m; memory.max = 1GiB }`,
      `      workload { cpu = burst(base = 1, peak = 2, period = 10s, duty = 20%) }`,
      `    }`,
      `    container "web ${i}" { workload { cpu = steps(1, 2) } }  /* positional arguments */`,
      `  }`,
    ].join('\n');
  return ['# t', 'topology t {', '  simulate { duration = 10s }', host(0), '  // between', host(1), host(2), '}', ''].join('\n');
}

function apply(text: string, e: TextEdit, insert: string): string {
  return text.slice(0, e.start) + insert + text.slice(e.end);
}

const PIECES = ['{', '}', '=', ' ', '\n', 'a', '1', '"', '#', 'container x {', 'cpu = 2', '}\n', '/*', ';', 'GiB'];

const editArb = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(6), piece: fc.constantFrom(...PIECES) });

test('incremental reparse equals a whole-file parse after every edit of a random sequence', () => {
  fc.assert(
    fc.property(fc.array(editArb, { minLength: 1, maxLength: 25 }), (edits) => {
      let text = topology();
      let tree = parse(text);
      for (const { at, del, piece } of edits) {
        const start = Math.min(text.length, Math.floor(at * text.length));
        const edit: TextEdit = { start, end: Math.min(text.length, start + del), length: piece.length };
        text = apply(text, edit, piece);
        tree = reparse(tree, text, edit).tree;
        assert.deepEqual(tree, parse(text));
      }
    }),
    { numRuns: 300 },
  );
});

test('an edit inside one host reparses that host only; the other hosts are the previous objects', () => {
  const text = topology();
  const old = parse(text);
  const at = text.indexOf('image = "app:1"');
  const edit: TextEdit = { start: at, end: at, length: 'user = 1000\n      '.length };
  const next = apply(text, edit, 'user = 1000\n      ');
  const r = reparse(old, next, edit);
  const h1 = text.indexOf('  host h1 {');
  // The parsed range is host h1's block, grown by the insertion.
  assert.deepEqual(r.parsed, { start: h1 + 2, end: text.indexOf('  host h2 {') - 1 + edit.length });
  const topo = (t: typeof old) => t.items.find((i) => i.type === 'block' && i.kind === 'topology') as Extract<(typeof old.items)[number], { type: 'block' }>;
  // Items: simulate, h0, h1, h2. h0 (before the edit) is shared, not copied; h2 (after it) is moved by the insertion's length.
  assert.equal(topo(r.tree).items[1], topo(old).items[1]);
  assert.equal((topo(r.tree).items[3] as { start: number }).start, (topo(old).items[3] as { start: number }).start + edit.length);
  assert.deepEqual(r.tree, parse(next));
});

test('a brace left open in a host, or an edit in a broken file, reparses the whole file', () => {
  const text = topology();
  const at = text.indexOf('image = "app:1"');
  const open: TextEdit = { start: at, end: at, length: 'mount m {\n      '.length };
  const broken = apply(text, open, 'mount m {\n      ');
  const r1 = reparse(parse(text), broken, open);
  assert.equal(r1.parsed, 'file');
  assert.ok(r1.tree.errors.length > 0);
  // The next keystroke in the still-broken file: the previous tree has errors, so the whole file again.
  const more: TextEdit = { start: at, end: at, length: 1 };
  const r2 = reparse(r1.tree, apply(broken, more, ' '), more);
  assert.equal(r2.parsed, 'file');
});

test('an edit on the host header itself (outside its braces) reparses the enclosing topology block', () => {
  const text = topology();
  const at = text.indexOf('host h1') + 'host h'.length;
  const edit: TextEdit = { start: at, end: at + 1, length: 1 };
  const next = apply(text, edit, '9');
  const r = reparse(parse(text), next, edit);
  assert.deepEqual(r.parsed, { start: text.indexOf('topology t'), end: text.lastIndexOf('}') + 1 });
  assert.deepEqual(r.tree, parse(next));
});
