/** vmx/simulate (shape, progress, cancellation), the finished notification, findings, inlay hints, code lenses, hovers, vmx/topology. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { fixture, positionOf, TestServer } from './client';

interface Summary {
  mean: number;
  p95: number;
  max: number;
}
interface EntityResult {
  id: string;
  kind: string;
  cpu: { demand: Summary; granted: Summary; steal: number | null; throttled: number | null };
  memory: { used: Summary; limit: number | null; swapped: Summary };
  pids: { failedForks: number };
  events: { t: number; type: string }[];
  series?: { cpuDemand: number[]; cpuGranted: number[]; memoryUsed: number[] };
}
interface SimulationResult {
  version: number;
  duration: number;
  step: number;
  seed: number;
  entities: EntityResult[];
  findings: { code: string; severity: string; message: string; range: unknown }[];
  times?: number[];
}

describe('simulation through the protocol', () => {
  let server: TestServer;
  const rack = fixture('rack.vmx');
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
    await server.open(rack.uri, rack.text);
  });
  after(() => server.stop());

  it('vmx/simulate returns the §7 JSON with down-sampled series, reporting progress', async () => {
    const r = await server.request<SimulationResult>('vmx/simulate', { uri: rack.uri, duration: 20, seed: 3, workDoneToken: 'sim-1' });
    assert.equal(r.version, 1);
    assert.equal(r.duration, 20);
    assert.equal(r.seed, 3);
    const ids = r.entities.map((e) => e.id).sort();
    assert.deepEqual(ids, ['node-1', 'node-1/sidecar', 'node-1/web', 'node-2', 'node-2/cache', 'node-2/db', 'node-2/exporter']);
    const web = r.entities.find((e) => e.id === 'node-1/web')!;
    assert.equal(web.kind, 'container');
    assert.ok(web.cpu.granted.mean > 0 && web.cpu.granted.p95 <= 2 + 1e-9, 'cpu.max = 2 caps it');
    assert.equal(typeof web.cpu.throttled, 'number');
    assert.equal(web.cpu.steal, null);
    assert.equal(web.memory.limit, 2 * 2 ** 30);
    assert.ok(r.times && r.times.length > 10);
    assert.equal(web.series!.cpuGranted.length, r.times!.length);
    const db = r.entities.find((e) => e.id === 'node-2/db')!;
    assert.equal(typeof db.cpu.steal, 'number');
    const progress = server.progress.filter((p) => (p as { token: string }).token === 'sim-1').map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(progress[0], 'begin');
    assert.equal(progress[progress.length - 1], 'end');
  });

  it('notifies vmx/simulationFinished with a summary and the result', async () => {
    const n = server.notifications.filter((x) => x.method === 'vmx/simulationFinished');
    assert.ok(n.length >= 1);
    const p = n[n.length - 1].params as { uri: string; summary: string; result: SimulationResult };
    assert.equal(p.uri, rack.uri);
    assert.match(p.summary, /^Simulated 20s: 7 entities/);
    assert.equal(p.result.duration, 20);
  });

  it('shows inlay hints beside limits and entities after a simulation', async () => {
    const hints = await server.request<{ position: { line: number; character: number }; label: string }[]>('textDocument/inlayHint', {
      textDocument: { uri: rack.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } },
    });
    const cpuMax = positionOf(rack.text, 'cpu.max = 2');
    const hint = hints.find((h) => h.position.line === cpuMax.line);
    assert.ok(hint, JSON.stringify(hints));
    assert.match(hint.label, /⟵ p95 [\d.]+ · throttled \d+(\.\d+)?%/);
    const web = positionOf(rack.text, 'container web');
    assert.ok(hints.some((h) => h.position.line === web.line && /cpu [\d.]+\/[\d.]+/.test(h.label)));
  });

  it('puts the run summary in the code lens, and simulated figures in hovers', async () => {
    const lenses = await server.request<{ command: { title: string; command: string; arguments?: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: rack.uri } });
    const run = lenses.filter((l) => l.command.command === 'vmx.runSimulation');
    assert.ok(run.length >= 2, 'topology and host');
    assert.deepEqual(run[0].command.arguments, [rack.uri]);
    assert.ok(lenses.some((l) => /^Simulated 20s/.test(l.command.title)));
    const h = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: rack.uri }, position: positionOf(rack.text, 'container web', 2) });
    assert.match(h.contents.value, /\*\*Simulated:\*\* CPU granted mean/);
  });

  it('merges simulation findings into the diagnostics', async () => {
    const f = fixture('messy.vmx');
    await server.open(f.uri, f.text);
    const published = server.diagnostics(f.uri);
    const r = await server.request<SimulationResult>('vmx/simulate', { uri: f.uri });
    assert.ok(r.findings.some((x) => x.code === 'VMX402'));
    const d = await published;
    assert.ok(d.diagnostics.some((x) => x.code === 'VMX402'), JSON.stringify(d.diagnostics));
  });

  it('runs the simulation from the code lens command', async () => {
    const r = await server.request<{ summary: string }>('workspace/executeCommand', { command: 'vmx.runSimulation', arguments: [rack.uri] });
    assert.match(r.summary, /^Simulated/);
  });

  it('cancels a long simulation, and the server keeps answering', async () => {
    const f = fixture('long-sim.vmx');
    await server.open(f.uri, f.text);
    const source = new CancellationTokenSource();
    const started = Date.now();
    const pending = server.connection.sendRequest('vmx/simulate', { uri: f.uri, workDoneToken: 'long' }, source.token);
    // Wait until the run reports progress, then cancel it.
    for (let i = 0; i < 200 && !server.progress.some((p) => (p as { token: string; value: { kind: string } }).token === 'long' && (p as { value: { kind: string } }).value.kind === 'report'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // While it runs (in the worker), other requests are answered.
    const hover = await server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: f.uri }, position: positionOf(f.text, 'host big', 1) });
    assert.ok(hover);
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    assert.ok(Date.now() - started < 60_000);
    // A later, shorter run of the same file works.
    const r = await server.request<SimulationResult>('vmx/simulate', { uri: f.uri, duration: 1 });
    assert.equal(r.duration, 1);
  });

  it('simulates on change when the file is small and the setting is on', async () => {
    const s = new TestServer({ simulateOnType: true, simulateOnTypeMaxLines: 5000 });
    try {
      await s.initialize();
      const f = fixture('messy.vmx');
      await s.open(f.uri, f.text);
      for (let i = 0; i < 300 && !s.notifications.some((n) => n.method === 'vmx/simulationFinished'); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(s.notifications.some((n) => n.method === 'vmx/simulationFinished'));
      let d = s.latest.get(f.uri)!;
      for (let i = 0; i < 50 && !d.diagnostics.some((x) => x.code === 'VMX402'); i++) d = await s.diagnostics(f.uri);
      assert.ok(d.diagnostics.some((x) => x.code === 'VMX402'));
    } finally {
      await s.stop();
    }
  });

  it('above the line threshold it simulates on save, not on change', async () => {
    const s = new TestServer({ simulateOnType: true, simulateOnTypeMaxLines: 5 });
    try {
      await s.initialize();
      const f = fixture('messy.vmx');
      await s.open(f.uri, f.text);
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!s.notifications.some((n) => n.method === 'vmx/simulationFinished'));
      await s.connection.sendNotification('textDocument/didSave', { textDocument: { uri: f.uri } });
      for (let i = 0; i < 300 && !s.notifications.some((n) => n.method === 'vmx/simulationFinished'); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(s.notifications.some((n) => n.method === 'vmx/simulationFinished'));
    } finally {
      await s.stop();
    }
  });

  it('re-simulates only changed hosts, and the result equals a full run of the new text', async () => {
    const f = fixture('two-hosts.vmx');
    await server.open(f.uri, f.text);
    const before = await server.request<SimulationResult>('vmx/simulate', { uri: f.uri });
    assert.ok(before.findings.some((x) => x.code === 'VMX405' || x.code === 'VMX402'), JSON.stringify(before.findings.map((x) => x.code)));
    // Edit the first host: two more lines, and a different cap. The second host moves down two lines.
    const edited = f.text.replace('cpu.max = 1;', 'cpu.max = 3;').replace('    cpu { cores = 4 }', '    cpu { cores = 4 }\n    # two\n    # lines');
    const lines = f.text.split('\n');
    await server.edit(f.uri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, edited);
    const incremental = await server.request<SimulationResult>('vmx/simulate', { uri: f.uri });
    const fresh = new TestServer({ simulateOnType: false });
    try {
      await fresh.initialize();
      await fresh.open(f.uri, edited);
      const full = await fresh.request<SimulationResult>('vmx/simulate', { uri: f.uri });
      assert.deepEqual(incremental, full);
    } finally {
      await fresh.stop();
    }
    const second = incremental.findings.filter((x) => (x.range as { start: { line: number } }).start.line > 14);
    assert.ok(second.length > 0, 'the second host’s findings moved with it');
  });

  it('vmx/topology returns the tree with placement and worst severity', async () => {
    interface Node {
      id: string;
      kind: string;
      ring?: number;
      kernel?: string;
      boundary?: string;
      severity?: string | null;
      range?: unknown;
      children: Node[];
    }
    const t = await server.request<{ topology: string; hosts: Node[] }>('vmx/topology', { uri: rack.uri });
    assert.equal(t.topology, 'rack');
    const node2 = t.hosts.find((h) => h.id === 'node-2')!;
    const hv = node2.children.find((c) => c.kind === 'hypervisor')!;
    const db = hv.children.find((c) => c.id === 'node-2/db')!;
    assert.equal(db.ring, 0);
    assert.match(db.boundary!, /hardware-virtualized VM/);
    const web = t.hosts.find((h) => h.id === 'node-1')!.children.find((c) => c.id === 'node-1/web')!;
    assert.equal(web.ring, 3);
    assert.equal(web.kernel, 'the host OS of node-1');
    assert.ok(web.range);
  });

  it('answers errors, not crashes, for bad custom requests', async () => {
    await assert.rejects(server.request('vmx/simulate', {}), /needs \{ uri \}/);
    await assert.rejects(server.request('vmx/simulate', { uri: 'file:///nowhere.vmx' }), /no topology to simulate/);
    await assert.rejects(server.request('vmx/convertVmware', { uri: 'file:///nowhere.vmx' }), /open document/);
  });
});
