/**
 * Golden messages for broken inputs (issue 14, "Messages"): each input gives
 * exactly the diagnostics listed — code, 1-based line and message text — and
 * nothing else of the schema's VMX1xx family. One broken line, one error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockNode } from '../../core/src/syntax/ast';
import { DEFAULT_MAX_DEPTH, parse, parseWithRecovery } from '../../core/src/syntax/parser';
import { UNIT_KINDS } from '../../core/src/schema/units';
import { check, runCli } from '../helpers';

type Expected = [code: string, line: number, message: string];

/** The VMX1xx diagnostics (syntax and schema) of `text`, as [code, line, message]. */
function messages(text: string): Expected[] {
  return check(text)
    .diagnostics.filter((d) => /^VMX1/.test(d.code))
    .map((d) => [d.code, d.range.start.line + 1, d.message]);
}

const lines = (...ls: string[]): string => ls.join('\n') + '\n';

/** A host around `body` lines (indented by four spaces), starting on line 5. */
function host(...body: string[]): string {
  return lines('topology t {', '  host h1 {', '    memory = 64GiB', '    cpu { cores = 8; features = [vmx] }', ...body.map((l) => (l ? `    ${l}` : l)), '  }', '}');
}

const CASES: { name: string; text: string; expected: Expected[] }[] = [
  {
    name: 'a container missing its } before a sibling: blamed on that container, not on line 1',
    text: host('container web {', '  image = "nginx"', '  user = 1000', '', 'container db {', '  image = "postgres"', '  user = 1000', '}'),
    expected: [['VMX100', 5, "'container web {' on line 5 is not closed: the next line at its indentation, line 9, starts 'container db'; add '}' before it"]],
  },
  {
    name: "a block whose } is indented like its parent's end: blamed on that block",
    text: host('container web {', '  user = 1000', '  cgroup {', '    cpu.max = 2', '}', 'container db {', '  user = 1000', '}'),
    expected: [['VMX100', 7, "'cgroup {' on line 7 is not closed: the next line at its indentation or less, line 9, starts '}'; add '}' before it"]],
  },
  {
    name: 'two missing braces: two errors, each on its block',
    text: host('container web {', '  user = 1000', 'container db {', '  user = 1000', '}', 'container cache {', '  user = 1000', 'container queue {', '  user = 1000', '}'),
    expected: [
      ['VMX100', 5, "'container web {' on line 5 is not closed: the next line at its indentation, line 7, starts 'container db'; add '}' before it"],
      ['VMX100', 10, "'container cache {' on line 10 is not closed: the next line at its indentation, line 12, starts 'container queue'; add '}' before it"],
    ],
  },
  {
    name: 'a quoted label is named as written',
    text: host('container "my web" {', '  user = 1000', 'container db {', '  user = 1000', '}'),
    expected: [['VMX100', 5, '\'container "my web" {\' on line 5 is not closed: the next line at its indentation, line 7, starts \'container db\'; add \'}\' before it']],
  },
  {
    name: 'the end of the file with nothing else open: the innermost block',
    text: 'topology t {\n  host h {\n    memory = 4GiB\n',
    expected: [['VMX100', 2, "block 'host h' is not closed: add the '}' that ends it"]],
  },
  {
    name: 'no indentation to go by: the end-of-file message, on the block left open (and the structure braces give)',
    text: lines('topology t {', 'host h1 {', 'memory = 64GiB', 'cpu { cores = 8; features = [vmx] }', 'container web {', 'user = 1000', 'container db {', 'user = 1000', '}', '}', '}'),
    expected: [
      ['VMX100', 1, "block 'topology t' is not closed: add the '}' that ends it"],
      ['VMX107', 7, "'container' is not allowed inside 'container': it belongs in host, vm, partition, group, pod"],
    ],
  },
  {
    name: 'a mis-indented } that braces match correctly is not blamed; the block really left open is',
    text: lines('topology t {', '  host h1 {', '    memory = 64GiB', '    cpu { cores = 8; features = [vmx] }', ' }', '  host h2 {', '    memory = 64GiB', '    cpu { cores = 8; features = [vmx] }', '', '}'),
    expected: [['VMX100', 6, "'host h2 {' on line 6 is not closed: the next line at its indentation or less, line 10, starts '}'; add '}' before it"]],
  },
  {
    name: "one } too many, on its own line: blamed on that }, not on the file's last line",
    text: host('container web {', '  user = 1000', '}', '}', 'container db {', '  user = 1000', '}'),
    expected: [['VMX100', 8, "one '}' too many: 'container web {' on line 5 is closed by the '}' before it, so this one would close 'host h1 {' (line 2) early; remove it"]],
  },
  {
    name: 'one } too many after a closing } on one line',
    text: host('container web {', '  user = 1000', '} }', 'container db {', '  user = 1000', '}'),
    expected: [['VMX100', 7, "one '}' too many: 'container web {' on line 5 is closed by the '}' before it, so this one would close 'host h1 {' (line 2) early; remove it"]],
  },
  {
    name: 'one } too many with no indentation hint: the unmatched } at the end',
    text: lines('topology t {', '  host h1 {', '    memory = 64GiB', '    cpu { cores = 8; features = [vmx] }', '  }', '  memory = 1GiB }', '}'),
    expected: [
      ['VMX102', 6, "unknown attribute 'memory' in topology (topology has: description)"],
      ['VMX100', 7, "unmatched '}': no block is open here"],
    ],
  },
  {
    name: "a list missing its ']' at the end of the line: one error there (was: on the next line)",
    text: host('container web {', '  capabilities = [NET_ADMIN', '  user = 1000', '}'),
    expected: [['VMX100', 6, "'[' is not closed: add ']' after its last item"]],
  },
  {
    name: "a call missing its ')' before the next attribute: one error (was: two, on the next lines)",
    text: host('container web {', '  user = 1000', '  workload {', '    cpu = burst(base = 1', '    memory = 1GiB', '  }', '}'),
    expected: [['VMX100', 8, "'burst(' is not closed: add ')' after its last argument"]],
  },
  {
    name: "a call missing its ')' before the block's '}': one error (was: a VMX103 and a VMX100 on the next line)",
    text: host('container web {', '  user = 1000', '  workload { cpu = burst(base = 1', '  }', '}'),
    expected: [['VMX100', 7, "'burst(' is not closed: add ')' after its last argument"]],
  },
  {
    name: 'lists and calls across lines with commas stay valid',
    text: host('container web {', '  user = 1000', '  capabilities = [', '    NET_ADMIN,', '    SYS_TIME', '  ]', '  workload { cpu = burst(', '    base = 1,', '    peak = 2,', '    period = 10s,', '    duty = 20%', '  ) }', '}'),
    expected: [],
  },
  {
    name: "a header without its '{' over lines indented inside it: one error (was: one per line of its body, and an unmatched '}' at the end)",
    text: host('container web', '  user = 1000', '  image = "nginx"', '  cgroup { pids.max = 10 }', '}', 'container db {', '  user = 1000', '}'),
    expected: [['VMX100', 5, "'container web' has no '{', and the lines below are indented inside it: add '{' at the end of the line"]],
  },
  {
    name: "a one-line block without its '{'",
    text: host('container web {', '  user = 1000', '  namespaces net = host }', '  process backend count = 120 }', '}'),
    expected: [
      ['VMX100', 7, "'namespaces' has no '{' before its items: write namespaces { … }"],
      ['VMX100', 8, "'process backend' has no '{' before its items: write process backend { … }"],
    ],
  },
  {
    name: 'a value or a label on a line of its own is not taken for a header',
    text: host('container web {', '  user =', '    1000', '  capabilities = [', '    NET_ADMIN', '  ]', '}', 'container', '  db {', '  user = 1000', '}'),
    expected: [],
  },
  {
    name: 'a string left open inside a call before the next attribute: one error per line',
    text: host('container web {', '  user = 1000', '  mount data {', '    source = volume("pgdata)', '    target = "/data"', '  }', '}'),
    expected: [
      ['VMX100', 8, 'unterminated string: add the closing \'"\' on this line'],
    ],
  },
  {
    name: 'a unit written apart from its number, then a block on the next line (was: no syntax error, a block named GiB)',
    text: lines('topology t {', '  host h1 {', '    memory = 16 GiB', '    cpu { cores = 8; features = [vmx] }', '  }', '}'),
    expected: [['VMX100', 3, 'write the unit next to the number: 16GiB']],
  },
  {
    name: 'a unit apart before the closing brace',
    text: lines('topology t {', '  host h1 {', '    cpu { cores = 8; features = [vmx] }', '    memory = 16 GiB', '  }', '}'),
    expected: [['VMX100', 4, 'write the unit next to the number: 16GiB']],
  },
  {
    name: 'units apart on one line and in a list: one error per line',
    text: host('disk sda { size = 1 TB, iops = 20 k }', 'container web {', '  user = 1000', '  cgroup { cpu.max = 500 m; memory.max = 2 Gi }', '  workload { cpu = 50 % }', '}'),
    expected: [
      ['VMX100', 5, 'write the unit next to the number: 1TB'],
      ['VMX100', 8, 'write the unit next to the number: 500m'],
      ['VMX100', 9, 'write the unit next to the number: 50%'],
    ],
  },
  {
    name: 'numeric labels are valid (§3.1: Proxmox VMIDs)',
    text: host('hypervisor kvm {', '  vm 101 {', '    vcpus = 2', '    memory = 4GiB', '  }', '  vm 102 { vcpus = 1; memory = 2GiB }', '}'),
    expected: [],
  },
  {
    name: 'numeric labels are names: duplicates are VMX105',
    text: host('hypervisor kvm {', '  vm 101 { vcpus = 1; memory = 2GiB }', '  vm 101 { vcpus = 1; memory = 2GiB }', '}'),
    expected: [['VMX105', 7, "duplicate vm name '101': vm 101 is already declared on line 6; names are unique among siblings"]],
  },
  {
    name: 'a number that is not a whole number: one error, and still a block',
    text: host('hypervisor kvm {', '  vm 1.5 {', '    vcpus = 2', '    memory = 4GiB', '  }', '}'),
    expected: [['VMX100', 6, '\'1.5\' cannot be a label: a label is a name, a string or a whole number (vm 101); write it in quotes: "1.5"']],
  },
  {
    name: 'a signed number or one with a unit as a label',
    text: host('container -1 { user = 1000 }', 'container 4GiB { user = 1000 }'),
    expected: [
      ['VMX100', 5, '\'-1\' cannot be a label: a label is a name, a string or a whole number (vm 101); write it in quotes: "-1"'],
      ['VMX100', 6, '\'4GiB\' cannot be a label: a label is a name, a string or a whole number (vm 101); write it in quotes: "4GiB"'],
    ],
  },
  {
    name: 'a keyword as a label',
    text: host('container true {', '  user = 1000', '}'),
    expected: [['VMX100', 5, '\'true\' cannot be a label: it is a keyword; write it in quotes: "true"']],
  },
  {
    name: 'two labels: one error, the body stays in the block',
    text: host('container web web2 {', '  user = 1000', '  image = "nginx"', '}'),
    expected: [['VMX100', 5, 'a block has one label, and \'container\' has 2: put a name with spaces in quotes: container "web web2" { … }']],
  },
  {
    name: "a block written with '=': one error, the body stays in the block",
    text: host('container web = {', '  user = 1000', '  image = "nginx"', '}', 'disk sda = { size = 1TB }'),
    expected: [
      ['VMX100', 5, "a block has no '=' before its '{': write container web { … }"],
      ['VMX100', 9, "a block has no '=' before its '{': write disk sda { … }"],
    ],
  },
  {
    name: 'a missing value before a block written with =',
    text: host('container web {', '  user =', '  cgroup = { memory.max = 1GiB }', '}'),
    expected: [
      ['VMX100', 6, "'user' has no value after '='"],
      ['VMX100', 7, "a block has no '=' before its '{': write cgroup { … }"],
    ],
  },
];

for (const c of CASES) {
  test(`messages: ${c.name}`, () => {
    assert.deepEqual(messages(c.text), c.expected);
  });
}

test('after a missing }, the later siblings keep their parents', () => {
  const text = host('container web {', '  user = 1000', 'container db {', '  user = 1000', '}');
  const r = check(text);
  const ids = r.model!.hosts.flatMap((h) => h.containers.map((c) => c.id));
  assert.deepEqual(ids.sort(), ['h1/db', 'h1/web']);
  const top = parse(text).items[0] as BlockNode;
  const h1 = top.items[0] as BlockNode;
  assert.deepEqual(h1.items.filter((i) => i.type === 'block').map((b) => (b as BlockNode).label?.text ?? (b as BlockNode).kind), ['cpu', 'web', 'db']);
  assert.equal(top.closeBrace, text.lastIndexOf('}'), 'the last } closes the topology again');
  const web = h1.items[2] as BlockNode;
  assert.equal(web.closeBrace, undefined);
  assert.equal(text.slice(web.start, web.end), 'container web {\n      user = 1000');
});

test('after one } too many, the later siblings keep their parents, and the fix removes the line', () => {
  const text = host('container web {', '  user = 1000', '}', '}', 'container db {', '  user = 1000', '}');
  const r = check(text);
  assert.deepEqual(r.model!.hosts.flatMap((h) => h.containers.map((c) => c.id)).sort(), ['h1/db', 'h1/web']);
  const [e] = parse(text).errors;
  const fixed = applyEdits(text, e.fix!.edits);
  assert.equal(fixed, host('container web {', '  user = 1000', '}', 'container db {', '  user = 1000', '}'));
  assert.deepEqual(parse(fixed).errors, []);
  const sameLine = host('container web {', '  user = 1000', '} }', 'container db {', '  user = 1000', '}');
  assert.equal(applyEdits(sameLine, parse(sameLine).errors[0].fix!.edits), fixed);
});

test("after a missing '{', the block keeps its body and the later siblings their parents; the fix adds it", () => {
  const text = host('container web', '  user = 1000', '  cgroup { pids.max = 10 }', '}', 'container db {', '  user = 1000', '}');
  const r = check(text);
  const ids = r.model!.hosts.flatMap((h) => h.containers.map((c) => c.id)).sort();
  assert.deepEqual(ids, ['h1/db', 'h1/web']);
  const [e] = parse(text).errors;
  const fixed = applyEdits(text, e.fix!.edits);
  assert.equal(fixed, host('container web {', '  user = 1000', '  cgroup { pids.max = 10 }', '}', 'container db {', '  user = 1000', '}'));
  assert.deepEqual(parse(fixed).errors, []);
});

test('the missing } comes with a fix that inserts it, at the header indentation, before the line', () => {
  const text = host('container web {', '  user = 1000', 'container db {', '  user = 1000', '}');
  const [e] = parse(text).errors;
  assert.ok(e.fix);
  const fixed = applyEdits(text, e.fix.edits);
  assert.equal(fixed, host('container web {', '  user = 1000', '}', 'container db {', '  user = 1000', '}'));
  assert.deepEqual(parse(fixed).errors, []);
  // CRLF files get a CRLF.
  const crlf = text.replace(/\n/g, '\r\n');
  const [c] = parse(crlf).errors;
  assert.deepEqual(parse(applyEdits(crlf, c.fix!.edits)).errors, []);
  assert.match(applyEdits(crlf, c.fix!.edits), /user = 1000\r\n {4}\}\r\n {4}container db/);
});

test('every unit of the schema written apart from its number: one error that glues it, with a fix', () => {
  const units = new Set<string>();
  for (const info of Object.values(UNIT_KINDS)) for (const u of Object.keys(info.units)) if (u) units.add(u);
  assert.ok(units.size > 20);
  for (const u of units) {
    const text = `a {\n  b = 16 ${u}\n  c { }\n}\n`;
    const errors = parse(text).errors;
    assert.deepEqual(errors.map((e) => e.message), [`write the unit next to the number: 16${u}`], u);
    assert.equal(text.slice(errors[0].start, errors[0].end), `16 ${u}`, u);
    assert.equal(errors[0].fix?.title, `Write 16${u}`);
    assert.equal(applyEdits(text, errors[0].fix!.edits), `a {\n  b = 16${u}\n  c { }\n}\n`, u);
  }
});

test('the recovered value is the glued quantity', () => {
  const f = parseWithRecovery('a { b = 16 GiB }');
  const b = (f.items[0] as BlockNode).items[0];
  assert.equal(b.type, 'attribute');
  if (b.type === 'attribute') assert.deepEqual({ ...b.value }, { type: 'number', value: 16, unit: 'GiB', raw: '16GiB', start: 8, end: 14 });
});

test('a unit word stays a name where it is one: `k = 3` after a number, a unit on the next line, a glued unit', () => {
  for (const text of ['a { x = 5 k = 3 }', 'a {\n  x = 5\n  s { }\n}', 'a { x = 16GiB }', 'a { x = 0..7 }', 'a { x = 16 y = 2 }']) {
    assert.deepEqual(parseWithRecovery(text).errors, [], text);
  }
});

test('numeric labels: label text "101", not quoted', () => {
  const text = 'topology t {\n  host 7 {\n    hypervisor kvm {\n      vm 101 { vcpus = 2 }\n      vm 0042 { }\n    }\n  }\n}\n';
  const slow = parseWithRecovery(text);
  assert.deepEqual(slow.errors, []);
  const vm = (((slow.items[0] as BlockNode).items[0] as BlockNode).items[0] as BlockNode).items[0] as BlockNode;
  assert.deepEqual(vm.label, { text: '101', quoted: false, start: text.indexOf('101'), end: text.indexOf('101') + 3 });
  for (const bad of ['vm 1.5 { }', 'vm -1 { }', 'vm 1e3 { }', 'vm 4GiB { }', 'vm true { }', 'vm a b { }', 'vm = { }', 'vm a = { }']) {
    assert.equal(parseWithRecovery(bad).errors.length, 1, bad);
  }
});

test('numeric labels downstream: entity ids, references, duplicates', () => {
  const text = host('container 101 { user = 1000 }', 'container 102 {', '  user = 1000', '  namespaces { net = container("101") }', '}');
  const r = check(text);
  assert.deepEqual(r.diagnostics.filter((d) => /^VMX1/.test(d.code)), []);
  const containers = r.model!.hosts[0].containers;
  assert.deepEqual(containers.map((c) => c.id), ['h1/101', 'h1/102']);
  const missing = check(host('container 102 {', '  user = 1000', '  namespaces { net = container("101") }', '}'));
  assert.deepEqual(missing.diagnostics.filter((d) => d.code === 'VMX106').length, 1);
});

test('vmx check through the built CLI: the missing } on its block, the unit apart, a numeric label', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-messages-'));
  const file = join(dir, 'broken.vmx');
  writeFileSync(
    file,
    lines(
      'topology t {',
      '  host h1 {',
      '    memory = 64 GiB',
      '    cpu { cores = 8; features = [vmx] }',
      '    hypervisor kvm {',
      '      vm 101 { vcpus = 2; memory = 4GiB }',
      '    }',
      '    container web {',
      '      user = 1000',
      '    container db {',
      '      user = 1000',
      '    }',
      '  }',
      '}',
    ),
  );
  const r = runCli(['check', '--no-simulate', file]);
  assert.equal(r.status, 1, r.stderr);
  const syntax = r.stdout.split('\n').filter((l) => l.includes('VMX1'));
  assert.deepEqual(syntax, [
    `${file}:3:14: error VMX100: write the unit next to the number: 64GiB`,
    `${file}:8:5: error VMX100: 'container web {' on line 8 is not closed: the next line at its indentation, line 10, starts 'container db'; add '}' before it`,
  ]);
});

function applyEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

test('the parser\'s repair reaches the diagnostic as a quick fix: 16 GiB → 16GiB, and the fix leaves no error', async () => {
  const { analyze } = await import('../../core/src/analyze');
  const { createSourceFile } = await import('../../core/src/source');
  const { applyEdits } = await import('../../core/src/text/apply-edits');
  const uri = 'file:///t/unit.vmx';
  const text = 'topology t {\n  host h {\n    memory = 16 GiB\n    cpu { cores = 2 }\n  }\n}\n';
  const run = (t: string) => {
    const root = createSourceFile(uri, t);
    return analyze(root, { get: (u) => (u === uri ? root : undefined) }).diagnostics;
  };
  const [d] = run(text).filter((x) => x.code === 'VMX100');
  assert.ok(d?.fixes?.length === 1, JSON.stringify(d));
  const fixed = applyEdits(text, d.fixes![0].edits);
  assert.match(fixed, /memory = 16GiB/);
  assert.deepEqual(run(fixed).filter((x) => x.severity === 'error'), []);
});
