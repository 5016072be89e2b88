/** Absurd inputs stay bounded: related locations are capped and fixes that would edit thousands of blocks are not offered. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, host } from './helpers';

test('2000 VMs pinned to the same CPUs: one VMX302 each, at most 20 related', () => {
  const vms = Array.from({ length: 2000 }, (_, i) => `vm v${i} { vcpus = 1 memory = 1MiB pin = 0..3 }`).join('\n');
  const ds = check(host(`hypervisor kvm {\n${vms}\n}`, 'cores = 64 features = [vmx]', '1TiB')).filter((d) => d.code === 'VMX302');
  assert.equal(ds.length, 2000);
  assert.ok(ds.every((d) => d.related!.length === 20));
});

test('2000 containers writing one directory: one VMX211 each, at most 20 related, no 2000-edit fix', () => {
  const cs = Array.from({ length: 2000 }, (_, i) => `container c${i} { user = 1 cgroup { memory.max = 1MiB pids.max = 1 } mount m { source = "/srv/x" target = "/x" } }`).join('\n');
  const ds = check(host(cs)).filter((d) => d.code === 'VMX211');
  assert.equal(ds.length, 2000);
  assert.ok(ds.every((d) => d.related!.length === 20 && !d.fixes));
  assert.match(ds[0].message, /1999 other containers \(c1, c2, c3, c4, c5 and 1994 more\)/);
});

test('300 parent partitions: each reported, related capped, no fix', () => {
  const ps = Array.from({ length: 300 }, (_, i) => `partition p${i} { role = parent vcpus = 1 memory = 1MiB }`).join('\n');
  const ds = check(host(`os windows {}\nhypervisor hyperv {\n${ps}\n}`, 'cores = 64 features = [vmx]', '1TiB')).filter((d) => d.code === 'VMX204');
  assert.equal(ds.length, 300);
  assert.ok(ds.every((d) => d.related!.length === 20 && !d.fixes));
});
