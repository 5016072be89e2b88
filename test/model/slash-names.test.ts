/** Entity names cannot hold '/', the separator of entity ids (VMX103 at the label). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, covered, inHost } from '../helpers';

const SLASH = "names cannot contain '/': it separates the parts of entity ids";

test("a host, VM or container named with '/' is a VMX103 at its label", () => {
  const text = `topology t {
  host "rack/1" {
    memory = 64GiB
    cpu { cores = 8; features = [vmx] }
    hypervisor kvm { type = 1 }
    vm "db/primary" { vcpus = 2; memory = 4GiB }
  }
}
`;
  const r = check(text);
  const slash = r.diagnostics.filter((d) => d.message === SLASH);
  assert.deepEqual(slash.map((d) => [d.code, d.severity, covered(text, d)]), [
    ['VMX103', 'error', '"rack/1"'],
    ['VMX103', 'error', '"db/primary"'],
  ]);
  const inContainer = inHost('    container "web/1" { }\n');
  assert.deepEqual(check(inContainer).diagnostics.filter((d) => d.message === SLASH).map((d) => [d.code, covered(inContainer, d)]), [['VMX103', '"web/1"']]);
});

test("names without '/' and labels that are not part of an id (disks, processes) are not reported", () => {
  const text = inHost('    container web {\n      process "a/b" { count = 1 }\n    }\n    disk "nvme/0" { size = 1TiB }\n');
  assert.deepEqual(check(text).diagnostics.filter((d) => d.message === SLASH), []);
});
