import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllFixesRoundTrip, expectCodes, expectOne, host, lineOf, withCode } from './helpers';

const part = (name: string, body = '') => `partition ${name} {\n  ${body}\n  vcpus = 2\n  memory = 4GiB\n}`;
const hyperv = (body: string, hv = '') => host(`os windows {}\nhypervisor hyperv {\n${hv}\n${body}\n}`);

test('VMX204: no parent partition, on the hypervisor header', () => {
  const t = hyperv(part('a'));
  assert.equal(expectOne(t, 'VMX204', lineOf(t, 'hypervisor hyperv')).severity, 'error');
});

test('VMX204: two parents, each reported on its role with the other as related; the fix round-trips', () => {
  const t = hyperv(part('p1', 'role = parent') + '\n' + part('p2', 'role = parent') + '\n' + part('c'));
  const ds = withCode(t, 'VMX204');
  assert.deepEqual(ds.map((d) => d.range.start.line), [lineOf(t, 'role = parent'), lineOf(t, 'role = parent', 1)]);
  assert.equal(ds[0].related?.[0].range.start.line, lineOf(t, 'role = parent', 1));
  assert.equal(ds[1].related?.[0].range.start.line, lineOf(t, 'role = parent'));
  assert.equal(assertAllFixesRoundTrip(t, 'VMX204'), 2);
});

test('VMX204 near miss: exactly one parent', () => {
  expectCodes(hyperv(part('root', 'role = parent') + '\n' + part('c')), []);
});

test('VMX205: a direct device in a child partition without dda, on access; both fixes round-trip', () => {
  const t = hyperv(part('root', 'role = parent') + '\n' + part('c', 'device gpu { access = direct }'));
  const d = expectOne(t, 'VMX205', lineOf(t, 'access = direct'));
  assert.equal(d.related?.[0].range.start.line, lineOf(t, 'hypervisor hyperv'));
  assert.equal(assertAllFixesRoundTrip(t, 'VMX205'), 2);
});

test('VMX205 near miss: dda = true, a paravirtual device, a direct device of the parent', () => {
  expectCodes(hyperv(part('root', 'role = parent') + '\n' + part('c', 'device gpu { access = direct }'), 'dda = true'), []);
  expectCodes(hyperv(part('root', 'role = parent') + '\n' + part('c', 'device nic { access = paravirtual }')), []);
  expectCodes(hyperv(part('root', 'role = parent\ndevice gpu { access = direct }') + '\n' + part('c')), []);
});
