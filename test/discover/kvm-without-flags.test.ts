// A /dev/kvm whose CPU shows neither vmx nor svm (a sandbox's nested or
// emulated device) with no VM running is not written as a hypervisor: the
// discovered topology must not be a VMX201 error about the machine as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverTopology } from '../../core/src/discover';
import { NodeSystemReader } from '../../core/src/host/node-system';
import { ROOT } from '../helpers';
import { check } from '../checks/helpers';

function treeWithKvm(flags: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-kvm-flags-'));
  cpSync(join(ROOT, 'test/fixtures/discover-editor'), dir, { recursive: true });
  const cpuinfo = join(dir, 'proc/cpuinfo');
  writeFileSync(cpuinfo, readFileSync(cpuinfo, 'utf8').replace(/^flags\s*:.*$/gm, `flags\t\t: ${flags}`));
  // The reader only asks whether /dev/kvm exists; an empty file stands for the device node.
  mkdirSync(join(dir, 'dev'), { recursive: true });
  writeFileSync(join(dir, 'dev/kvm'), '');
  return dir;
}

test('/dev/kvm without vmx/svm and without VMs: no hypervisor block, a comment saying why, and no VMX201', () => {
  const dir = treeWithKvm('fpu sse2 avx2 aes');
  try {
    const { text } = discoverTopology(new NodeSystemReader({ root: dir }));
    assert.doesNotMatch(text, /^\s*hypervisor /m, text);
    assert.match(text, /# \/dev\/kvm exists, but the CPU flags show neither vmx nor svm and no VM runs: no hypervisor written/);
    assert.ok(!check(text).some((d) => d.code === 'VMX201'), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/dev/kvm with vmx: the hypervisor kvm block is written, as before', () => {
  const dir = treeWithKvm('fpu sse2 vmx ept avx2');
  try {
    const { text } = discoverTopology(new NodeSystemReader({ root: dir }));
    assert.match(text, /^\s*hypervisor kvm \{/m, text);
    assert.ok(!check(text).some((d) => d.code === 'VMX201'), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
