/**
 * Every VMX1xx code of DESIGN §4: a triggering case with the range on the
 * offending text, and a near miss that must stay silent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, codes, covered, inHost } from '../helpers';

function only(text: string, code: string, others: Record<string, string> = {}) {
  const r = check(text, others);
  const found = r.diagnostics.filter((d) => d.code === code);
  assert.ok(found.length > 0, `expected ${code}, got ${JSON.stringify(r.diagnostics.map((d) => `${d.code} ${d.message}`))}`);
  return { r, found };
}

const clean = (text: string, others: Record<string, string> = {}) => {
  const r = check(text, others);
  const structural = r.diagnostics.filter((d) => /^VMX(0|1)\d\d$/.test(d.code));
  assert.deepEqual(structural.map((d) => `${d.code} ${d.message}`), []);
};

test('VMX001: a VMware configuration gets one information message and nothing else', () => {
  const text = '.encoding = "UTF-8"\nconfig.version = "8"\nvirtualHW.version = "19"\ndisplayName = "Win 11"\nguestOS = "windows11-64"\nmemsize = "8192"\nscsi0:0.fileName = "win.vmdk"\n';
  const r = check(text);
  assert.deepEqual(codes(r), ['VMX001']);
  assert.equal(r.diagnostics[0].severity, 'information');
  assert.equal(r.vmware, true);
  // Near miss: a topology with a string attribute is not VMware.
  assert.equal(check(inHost('')).vmware, false);
});

test('VMX100: three unrelated syntax errors give three errors, and an unknown attribute further down is still reported', () => {
  const text = inHost(['    disk d1 { size = = 1TB }', '    nic n1 { bandwidth 10Gbps }', '    volume v { path = "/srv" @ }', '    container c { imagee = "x" }'].join('\n'));
  const r = check(text);
  assert.deepEqual(codes(r).filter((c) => c === 'VMX100').length, 3);
  const unknown = r.diagnostics.find((d) => d.code === 'VMX102');
  assert.ok(unknown);
  assert.equal(covered(text, unknown), 'imagee');
  clean(inHost('    disk d1 { size = 1TB }'));
});

test('VMX101: unknown block kind, on the kind, with did-you-mean', () => {
  const text = inHost('    contaner web { }');
  const { found } = only(text, 'VMX101');
  assert.equal(covered(text, found[0]), 'contaner');
  assert.match(found[0].message, /did you mean 'container'/);
  clean(inHost('    container web { user = 1000 }'));
});

test('VMX102: unknown attribute, on the name, with did-you-mean', () => {
  const text = inHost('    container web { cgroup { memory.mx = 1GiB } }');
  const { found } = only(text, 'VMX102');
  assert.equal(covered(text, found[0]), 'memory.mx');
  assert.match(found[0].message, /did you mean 'memory.max'/);
  clean(inHost('    container web { cgroup { memory.max = 1GiB } }'));
});

test('VMX103: wrong unit names the expected kind; wrong enum lists the values', () => {
  const t1 = inHost('    container web { cgroup { cpu.max = 2GiB } }');
  const f1 = only(t1, 'VMX103').found[0];
  assert.equal(covered(t1, f1), '2GiB');
  assert.match(f1.message, /CPU amount/);
  const t2 = inHost('    container web { runtime = rkt }');
  const f2 = only(t2, 'VMX103').found[0];
  assert.equal(covered(t2, f2), 'rkt');
  assert.match(f2.message, /runc, crun, kata, gvisor/);
  const t3 = inHost('    os linux { reserved = 4 }');
  assert.match(only(t3, 'VMX103').found[0].message, /with a unit/);
  clean(inHost('    container web { runtime = crun; cgroup { cpu.max = 1500m } }\n    os linux { reserved = 2GiB }'));
});

test('VMX104: values out of range', () => {
  for (const [body, text] of [
    ['    container web { cgroup { cpu.weight = 0 } }', '0'],
    ['    container web { process p { ring = 5 } }', '5'],
    ['    disk d { size = -1TB }', '-1TB'],
  ]) {
    const t = inHost(body);
    assert.equal(covered(t, only(t, 'VMX104').found[0]), text);
  }
  clean(inHost('    container web { cgroup { cpu.weight = 1 }; process p { ring = 3 } }\n    disk d { size = 0 }'));
});

test('VMX105: duplicate names among siblings of one kind, related to the first', () => {
  const text = inHost('    container web { user = 1000 }\n    container web { user = 1000 }');
  const f = only(text, 'VMX105').found[0];
  assert.equal(covered(text, f), 'web');
  assert.equal(f.range.start.line, 5);
  assert.equal(f.related?.[0].range.start.line, 4);
  // Near miss: the same name in two kinds, or under two parents, is fine.
  clean(inHost('    container web { user = 1000 }\n    volume web { path = "/srv" }'));
});

test('VMX105: a second cpu block in a host', () => {
  const text = inHost('    cpu { cores = 4 }');
  assert.equal(covered(text, only(text, 'VMX105').found[0]), 'cpu');
});

test('VMX106: unresolved container() and volume() references', () => {
  const text = inHost('    container web { namespaces { net = container("api") }; mount m { source = volume("data"); target = "/d" } }');
  const found = only(text, 'VMX106').found;
  assert.deepEqual(found.map((d) => covered(text, d)), ['"api"', '"data"']);
  clean(inHost('    container api { user = 1000 }\n    volume data { path = "/srv" }\n    container web { namespaces { net = container("api") }; mount m { type = volume; source = volume("data"); target = "/d" } }'));
});

test('VMX106: a container on another kernel cannot be joined', () => {
  const text = inHost('    container web { namespaces { net = container("inner") } }', '    hypervisor kvm { vm v { vcpus = 2; memory = 2GiB; container inner { user = 1000 } } }\n');
  assert.match(only(text, 'VMX106').found[0].message, /another kernel/);
});

test('VMX107: block not allowed in this parent', () => {
  const text = inHost('    container web { container inner { } }');
  const f = only(text, 'VMX107').found[0];
  assert.equal(covered(text, f), 'container');
  assert.equal(f.range.start.character, 20);
  const t2 = inHost('    hypervisor kvm { partition p { vcpus = 1; memory = 1GiB } }');
  assert.match(only(t2, 'VMX107').found[0].message, /hypervisor hyperv/);
  clean(inHost('    hypervisor hyperv { partition p { role = parent; vcpus = 1; memory = 1GiB } }'));
});

test('VMX108: missing required attributes and children, on the block header', () => {
  const text = inHost('    hypervisor kvm { vm db { vcpus = 2 } }');
  const f = only(text, 'VMX108').found[0];
  assert.equal(covered(text, f), 'vm db');
  assert.match(f.message, /memory/);
  const noCpu = 'topology t {\n  host h { memory = 4GiB }\n}\n';
  assert.match(only(noCpu, 'VMX108').found[0].message, /cpu \{/);
  clean(inHost('    hypervisor kvm { vm db { vcpus = 2; memory = 4GiB } }'));
});

test('VMX109: missing import and import cycle, on the import', () => {
  const missing = 'import "nope.vmx"\n' + inHost('');
  const f = only(missing, 'VMX109').found[0];
  assert.equal(covered(missing, f), 'import "nope.vmx"');
  // A cycle is reported on every import in it, so whichever file is open shows it.
  const cycle = only('import "b.vmx"\n' + inHost(''), 'VMX109', { 'b.vmx': 'import "c.vmx"\n', 'c.vmx': 'import "main.vmx"\n' }).found;
  assert.deepEqual(cycle.map((d) => d.uri).sort(), ['file:///t/b.vmx', 'file:///t/c.vmx', 'file:///t/main.vmx']);
  for (const d of cycle) assert.match(d.message, /import cycle: main\.vmx → b\.vmx → c\.vmx → main\.vmx/);
  assert.equal(cycle.find((d) => d.uri === 'file:///t/main.vmx')!.range.start.line, 0);
  clean('import "b.vmx"\n' + inHost(''), { 'b.vmx': 'topology t {\n  host h2 { memory = 8GiB; cpu { cores = 2 } }\n}\n' });
});

test('VMX110: attribute set twice, on the second, with a fix that removes the first', () => {
  const text = inHost('    container web {\n      user = 1000\n      user = 1001\n    }');
  const f = only(text, 'VMX110').found[0];
  assert.equal(f.severity, 'warning');
  assert.equal(f.range.start.line, 6);
  assert.equal(f.related?.[0].range.start.line, 5);
  assert.ok(f.fixes?.[0].edits.length);
  clean(inHost('    container web {\n      user = 1000\n    }'));
});

test('v1 aliases convert to v2 values, and alias + v2 key is a duplicate', () => {
  const r = check(inHost('    container web { cgroup { cpu.shares = 2048; memory.limit_in_bytes = 1073741824; cpu.cfs_quota_us = 50000 } }'));
  const c = r.model!.containers[0];
  assert.equal(c.cgroup.cpuWeight, Math.round(1 + ((2048 - 2) * 9999) / 262142));
  assert.equal(c.cgroup.memoryMax, 1073741824);
  assert.equal(c.cgroup.cpuMax, 0.5);
  assert.ok(codes(check(inHost('    container web { cgroup { cpu.weight = 100; cpu.shares = 1024 } }'))).includes('VMX110'));
});

test('errors on a line with a syntax error are not repeated by other codes', () => {
  const text = inHost('    container web { imagee = = "x" }');
  assert.deepEqual(codes(check(text)), ['VMX100']);
});
