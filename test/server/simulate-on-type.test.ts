/**
 * Simulate on type at every size (issue 13 point 2): with the default
 * settings, a file far above the old 5,000-line gate is simulated after an
 * edit, without a save, and the throttled container typed into one of its
 * hosts gets its VMX402. Against the built server (dist/server.js).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestServer } from './client';

/** One host of 25 lines: a VM and three small containers. */
function host(n: number): string {
  const containers = [1, 2, 3].map((k) => `    container c${k} {\n      image = "nginx:1.27"\n      user = 1000\n      cgroup { memory.max = 512MiB, pids.max = 50 }\n      workload { cpu = 100m, memory = 128MiB }\n    }\n`).join('');
  return `  host h${n} {\n    memory = 64GiB\n    cpu { cores = 16, features = [vmx] }\n    hypervisor kvm {\n      vm v { vcpus = 2, memory = 4GiB, guest linux {} }\n    }\n${containers}  }\n`;
}

describe('simulate on type', () => {
  it('a 7,000-line file is simulated after an edit with the default settings: the typed container is throttled (VMX402)', async () => {
    const hosts = Array.from({ length: 280 }, (_, n) => host(n)).join('');
    const text = `topology big {\n  simulate { duration = 2s }\n${hosts}}\n`;
    const lines = text.split('\n');
    assert.ok(lines.length > 7_000, `${lines.length} lines`);
    const s = new TestServer({});
    try {
      await s.initialize();
      const uri = 'file:///t/big-on-type.vmx';
      await s.open(uri, text);
      // A container demanding 2 CPUs under a 0.5-CPU cap, typed just before host h100's closing brace.
      const at = lines.indexOf('  host h101 {') - 1;
      assert.equal(lines[at], '  }');
      await s.edit(uri, { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, '    container typed {\n      cgroup { cpu.max = 500m }\n      workload { cpu = 2 }\n    }\n');
      let found = false;
      for (let i = 0; i < 600 && !found; i++) {
        const d = s.latest.get(uri);
        found = !!d?.diagnostics.some((x) => x.code === 'VMX402' && x.range.start.line >= at && x.range.start.line <= at + 3);
        if (!found) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(found, 'VMX402 on the typed container without a save');
    } finally {
      await s.stop();
    }
  });

  it('an edit to a heavy host runs that host in the worker (a hosts batch): the typed container is throttled, the untouched hosts keep their findings', async () => {
    // 40 containers a host, 60 s (600 periods): one host is 42 entities × 600 = 25,200 entity-periods,
    // above the 20,000 that go to the worker (simulations.ts HEAVY_ENTITY_TICKS).
    const many = (n: number) =>
      `  host w${n} {\n    memory = 64GiB\n    cpu { cores = 16 }\n${Array.from({ length: 40 }, (_, k) => `    container c${k} { cgroup { memory.max = 256MiB, pids.max = 20 } workload { cpu = 10m } }\n`).join('')}` +
      (n === 0 ? '    container old { cgroup { cpu.max = 500m } workload { cpu = 2 } }\n' : '') +
      '  }\n';
    const text = `topology heavy {\n  simulate { duration = 60s }\n${[0, 1, 2, 3].map(many).join('')}}\n`;
    const lines = text.split('\n');
    const oldLine = lines.findIndex((l) => l.includes('container old'));
    const at = lines.indexOf('  host w3 {') - 1;
    assert.equal(lines[at], '  }');
    const s = new TestServer({});
    const uri = 'file:///t/heavy-on-type.vmx';
    const throttledAt = (from: number, to: number) => !!s.latest.get(uri)?.diagnostics.some((x) => x.code === 'VMX402' && x.range.start.line >= from && x.range.start.line <= to);
    const waitFor = async (ok: () => boolean) => {
      for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
      return ok();
    };
    try {
      await s.initialize();
      await s.open(uri, text);
      assert.ok(await waitFor(() => throttledAt(oldLine, oldLine)), 'the first (whole-file) run finds host w0 throttled');
      await s.edit(uri, { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, '    container typed { cgroup { cpu.max = 500m } workload { cpu = 2 } }\n');
      assert.ok(await waitFor(() => throttledAt(at, at)), 'the typed container in host w2 is throttled, without a save');
      assert.ok(throttledAt(oldLine, oldLine), 'host w0, above the edit, keeps its finding');
    } finally {
      await s.stop();
    }
  });
});
