/**
 * Numeric labels (§3.1: `vm 101 { … }`, a Proxmox VMID) beyond the parsers:
 * the TextMate grammar scopes them as labels, the formatter keeps them,
 * symbols and hovers name them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../core/src/ide/format';
import { scopesOf } from '../grammar/tokenize';
import { check, inHost } from '../helpers';

test('the TextMate grammar scopes a whole-number label as a label, not a number', async () => {
  for (const line of ['vm 101 {', '  container 7 {', 'host 0042']) {
    const label = line.trim().split(/\s+/)[1];
    const scopes = await scopesOf(line, label);
    assert.ok(scopes.includes('entity.name.tag.label.vmx'), `${line}: ${scopes.join(' ')}`);
    assert.ok(!scopes.includes('constant.numeric.vmx'), `${line}: ${scopes.join(' ')}`);
  }
});

test('the formatter round-trips numeric labels', () => {
  const text = inHost('    hypervisor kvm {\n      vm 101 { vcpus = 2; memory = 4GiB }\n      vm   102   {\n        vcpus = 1\n        memory = 2GiB\n      }\n    }');
  const formatted = formatText(text);
  assert.match(formatted, /^ {6}vm 101 \{ vcpus = 2; memory = 4GiB \}$/m);
  assert.match(formatted, /^ {6}vm 102 \{$/m);
  assert.equal(formatText(formatted), formatted);
  assert.deepEqual(check(formatted).diagnostics.filter((d) => /^VMX1/.test(d.code)), []);
});

test('a VM with a numeric label is an entity with the id host/101', () => {
  const r = check(inHost('    hypervisor kvm {\n      vm 101 { vcpus = 2; memory = 4GiB }\n    }'));
  assert.deepEqual(r.model!.vms.map((v) => v.id), ['h1/101']);
});

test('numeric labels downstream: the outline, hovers, references to container("101")', async () => {
  const { documentSymbols } = await import('../../core/src/ide/symbols');
  const { hoverAt } = await import('../../core/src/ide/hover');
  const { targetAt, referencesTo } = await import('../../core/src/ide/references');
  const text = inHost('    container 101 { user = 1000 }\n    container web {\n      user = 1000\n      namespaces { net = container("101") }\n    }');
  const r = check(text);
  const file = r.model!.files.get('file:///t/main.vmx')!;
  const names = (s: { name: string; children?: unknown[] }[]): string[] => s.flatMap((x) => [x.name, ...names((x.children ?? []) as { name: string; children?: unknown[] }[])]);
  assert.ok(names(documentSymbols(file.ast)).includes('101'));
  const at = text.indexOf('101');
  const hover = hoverAt(file, r.model, at);
  assert.match(hover?.markdown ?? '', /\*\*container\*\* `101`/);
  const target = targetAt(file, r.model!, at);
  assert.ok(target, 'the label is a rename/reference target');
  const refs = referencesTo(r.model!, target!, false);
  assert.equal(refs.length, 1);
  assert.equal(text.slice(refs[0].span.start, refs[0].span.end), '101');
  assert.ok(refs[0].span.start > text.indexOf('container("101")'));
});

test('completion inside `vm 101 { }` knows it is in a vm (the block header scan takes numeric labels)', async () => {
  const { completeAt } = await import('../../core/src/ide/completion');
  const text = inHost('    hypervisor kvm {\n      vm 101 {\n        \n      }\n    }');
  const at = text.indexOf('vm 101 {\n') + 'vm 101 {\n        '.length;
  const labels = completeAt(text, at).map((e) => e.label);
  assert.ok(labels.includes('vcpus') && labels.includes('guest'), labels.join(' '));
});

test('rename takes a whole number as the new name (a VMID), and still refuses 1.5 or -1', async () => {
  const { NAME_PATTERN } = await import('../../core/src/ide/references');
  for (const ok of ['102', 'web', '_x', 'a-1']) assert.ok(NAME_PATTERN.test(ok), ok);
  for (const bad of ['1.5', '-1', '4GiB', 'a b', '']) assert.ok(!NAME_PATTERN.test(bad), bad);
});
