/** vmx/diff through the bundled server over stdio: against another file, against a git ref, and bad params. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestServer } from './client';

interface Metric {
  old: number | null;
  new: number | null;
  delta: number | null;
}
interface Diff {
  summary: Record<string, number>;
  findings: { added: { code: string; entity: string | null; uri: string }[]; removed: { code: string; entity: string | null }[]; changed: unknown[] };
  entities: { added: { id: string }[]; removed: { id: string }[]; changed: { id: string; metrics: Record<string, Metric>; changed: string[] }[] };
}

/** A 2-CPU KVM host; each VM: 1 vCPU, locked memory, a saturating workload, pinned to the CPU given. */
const vmHost = (vms: [string, number][]) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  features = [vmx, ept] }
    hypervisor kvm {
${vms.map(([name, cpu]) => `      vm ${name} { vcpus = 1  memory = 1GiB  pin = ${cpu}  memory_locked = true  workload { cpu = 1 } }`).join('\n')}
    }
  }
}
`;

describe('vmx/diff through the protocol', () => {
  let server: TestServer;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'vmx-diff-server-')));
  const apart = vmHost([['a', 0], ['b', 1]]);
  const shared = vmHost([['a', 0], ['b', 0]]);
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  it('compares the open document (its editor text, not the disk) with another file', async () => {
    const oldPath = join(dir, 'old.vmx');
    writeFileSync(oldPath, apart);
    const newPath = join(dir, 'new.vmx');
    writeFileSync(newPath, apart); // on disk the same; the editor's text pins both VMs onto CPU 0
    const uri = pathToFileURL(newPath).href;
    await server.open(uri, shared);
    const d = await server.request<Diff>('vmx/diff', { uri, against: { uri: pathToFileURL(oldPath).href } });
    // Two saturated 1-vCPU VMs on CPU 0 instead of one each: ½ granted each (delta −½), steal (1 − ½) / 1 = 50%.
    const ids = d.entities.changed.map((e) => e.id);
    assert.deepEqual(ids, ['h', 'h/a', 'h/b']);
    for (const e of d.entities.changed.slice(1)) {
      assert.deepEqual(e.metrics.cpuGranted, { old: 1, new: 0.5, delta: -0.5 });
      assert.deepEqual(e.metrics.cpuSteal, { old: 0, new: 0.5, delta: 0.5 });
    }
    // The host ran 2 CPUs, now 1 (CPU 1 idle): its headroom of 2 logical CPUs goes 0 → 1.
    assert.deepEqual(d.entities.changed[0].metrics.cpuHeadroom, { old: 0, new: 1, delta: 1 });
    assert.deepEqual(
      d.findings.added.map((f) => `${f.code} ${f.entity}`),
      ['VMX302 h/a', 'VMX302 h/b', 'VMX401 h/a', 'VMX401 h/b'],
    );
    assert.ok(d.findings.added.every((f) => f.uri === uri), 'added findings are placed in the new document');
    assert.equal(d.summary.errorsAdded, 0);
  });

  it('compares the document with itself at a git ref', async () => {
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'vmx-diff-server-git-')));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
      assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    };
    const path = join(repo, 'rack.vmx');
    git('init', '-q');
    writeFileSync(path, shared);
    git('add', 'rack.vmx');
    git('commit', '-q', '-m', 'shared');
    writeFileSync(path, apart);
    const uri = pathToFileURL(path).href;
    await server.open(uri, apart);
    // At HEAD both shared CPU 0; now they are apart: the reverse of the case above, findings removed.
    const d = await server.request<Diff>('vmx/diff', { uri, against: { gitRef: 'HEAD' } });
    assert.deepEqual(d.findings.removed.map((f) => `${f.code} ${f.entity}`), ['VMX302 h/a', 'VMX302 h/b', 'VMX401 h/a', 'VMX401 h/b']);
    assert.deepEqual(d.findings.added, []);
    for (const e of d.entities.changed.filter((x) => x.id !== 'h')) assert.deepEqual(e.metrics.cpuGranted, { old: 0.5, new: 1, delta: 0.5 });
    // Against itself at the working state there is nothing to show.
    writeFileSync(path, apart);
    git('commit', '-q', '-am', 'apart');
    const none = await server.request<Diff>('vmx/diff', { uri, against: { gitRef: 'HEAD' } });
    assert.deepEqual([none.findings.added, none.findings.removed, none.entities.changed], [[], [], []]);
  });

  it('a big topology is simulated in the worker and compared the same way', async () => {
    // 1 host + 40 containers = 41 entities × 600 periods (60 s of 100 ms) = 24,600 entity-ticks, above the
    // 20,000 the server simulates in its own thread: both versions run in dist/sim-worker.js.
    // c0 wants 2 CPUs on a 64-CPU host: 2 granted; under cpu.max = 1 it gets 1 and is throttled in every period (1.0).
    const big = (cap: string) => `topology t {
  host h {
    memory = 256GiB
    cpu { cores = 64  features = [vmx] }
${Array.from({ length: 40 }, (_, i) => `    container c${i} { cgroup { memory.max = 1GiB  pids.max = 100${i === 0 ? cap : ''} } workload { cpu = ${i === 0 ? 2 : 0.1} } }`).join('\n')}
  }
}
`;
    const oldPath = join(dir, 'big-old.vmx');
    writeFileSync(oldPath, big(''));
    const newUri = pathToFileURL(join(dir, 'big-new.vmx')).href;
    await server.open(newUri, big('  cpu.max = 1'));
    const d = await server.request<Diff>('vmx/diff', { uri: newUri, against: { uri: pathToFileURL(oldPath).href } });
    const c0 = d.entities.changed.find((e) => e.id === 'h/c0');
    assert.ok(c0, `h/c0 changed (got ${d.entities.changed.map((e) => e.id).join(', ')})`);
    assert.deepEqual(c0.metrics.cpuGranted, { old: 2, new: 1, delta: -1 });
    assert.deepEqual(c0.metrics.cpuThrottled, { old: null, new: 1, delta: null });
    // Its ceiling was the host's 64 CPUs (headroom 64 − 2 = 62), now cpu.max 1 (headroom 1 − 1 = 0).
    assert.deepEqual(c0.metrics.cpuHeadroom, { old: 62, new: 0, delta: -62 });
    assert.deepEqual(d.findings.added.map((f) => `${f.code} ${f.entity}`), ['VMX402 h/c0']);
    assert.ok(!d.entities.changed.some((e) => e.id === 'h/c1'), 'the other containers are untouched');
  });

  it('answers bad params and unknown refs with errors, and keeps serving', async () => {
    const uri = pathToFileURL(join(dir, 'new.vmx')).href;
    for (const params of [{}, { uri }, { uri, against: {} }, { uri, against: { gitRef: 'HEAD' }, duration: -1 }]) {
      await assert.rejects(server.request('vmx/diff', params), (e: { code?: number }) => e.code === -32602, JSON.stringify(params));
    }
    await assert.rejects(server.request('vmx/diff', { uri, against: { gitRef: '--output=/tmp/x' } }), /invalid git ref/);
    await assert.rejects(server.request('vmx/diff', { uri, against: { gitRef: 'HEAD' } }), /git/, 'a folder outside any repository');
    const ok = await server.request<Diff>('vmx/diff', { uri, against: { uri } });
    assert.equal(ok.summary.findingsAdded, 0);
  });
});
