/** What VMX: Import Configuration… and VMX: Discover This Machine say, and the answers they accept (pure functions of the client). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverSummary, importSummary, isDiscoverResult, isImportResult } from '../../client/src/commands/summaries';

test('the import summary counts files and fields, names each format once', () => {
  assert.equal(importSummary(1, { text: '', notImported: 1, formats: ['compose'] }), 'Imported 1 file (compose); 1 field not imported (see the # not imported comments)');
  assert.equal(importSummary(3, { text: '', notImported: 7, formats: ['k8s', 'compose', 'k8s'] }), 'Imported 3 files (k8s, compose); 7 fields not imported (see the # not imported comments)');
  assert.equal(importSummary(2, { text: '', notImported: 0, formats: ['libvirt', 'proxmox'] }), 'Imported 2 files (libvirt, proxmox); every field imported');
});

test('the discovery summary appears only when something was not read', () => {
  assert.equal(discoverSummary('this machine', { text: '', notes: [] }), undefined);
  assert.equal(discoverSummary('this machine', { text: '', notes: ['not readable: /proc/1/ns/mnt — permission denied'] }), 'Discovered this machine; 1 part not read or not mapped (see the comments, and the “VMX Host Topology” output)');
  assert.match(discoverSummary('/srv/tree', { text: '', notes: ['a', 'b'] })!, /^Discovered \/srv\/tree; 2 parts not read/);
});

test('only answers of the documented shapes are opened', () => {
  assert.equal(isImportResult({ text: 'topology t {}\n', notImported: 0, formats: ['oci'] }), true);
  for (const bad of [null, undefined, 'text', {}, { text: 1, notImported: 0, formats: [] }, { text: '', notImported: '0', formats: [] }, { text: '', notImported: 0, formats: [3] }]) assert.equal(isImportResult(bad), false, JSON.stringify(bad));
  assert.equal(isDiscoverResult({ text: 'topology t {}\n', notes: [] }), true);
  for (const bad of [null, [], { text: '' }, { text: '', notes: [1] }, { notes: [] }]) assert.equal(isDiscoverResult(bad), false, JSON.stringify(bad));
});
