/** Hover texts and context-aware completion through the real protocol. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { fixture, FIXTURES, Position, positionOf, TestServer } from './client';

interface Hover {
  contents: { kind: string; value: string };
  range?: unknown;
}
interface Item {
  label: string;
  kind?: number;
  insertTextFormat?: number;
  textEdit?: { newText: string; range: { start: Position; end: Position } };
}

describe('hover and completion', () => {
  let server: TestServer;
  const rack = fixture('rack.vmx');
  const volumes = fixture('volumes.vmx');
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
    await server.open(rack.uri, rack.text);
    await server.open(volumes.uri, volumes.text);
  });
  after(() => server.stop());

  const hover = async (f: { uri: string; text: string }, marker: string, delta = 0): Promise<string> => {
    const h = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: f.uri }, position: positionOf(f.text, marker, delta) });
    assert.ok(h, `no hover at ${marker}`);
    assert.equal(h.contents.kind, 'markdown');
    return h.contents.value;
  };

  it('explains a block kind from the schema', async () => {
    const text = await hover(rack, 'simulate {', 2);
    assert.match(text, /\*\*simulate\*\*/);
    assert.match(text, /resource simulation/);
  });

  it('explains an attribute with its type, default and bounds', async () => {
    const text = await hover(rack, 'cpu.weight', 3);
    assert.match(text, /\*\*cpu\.weight\*\*/);
    assert.match(text, /Default: `100`/);
    assert.match(text, /Range: 1 … 10000/);
  });

  it('says which cgroup keys are shares, hard limits and protections', async () => {
    assert.match(await hover(rack, 'cpu.weight', 1), /A share, not a limit/);
    assert.match(await hover(rack, 'cpu.max = 2', 1), /A hard limit/);
    assert.match(await hover(rack, 'memory.max = 2GiB', 1), /A hard limit/);
  });

  it('explains enum values and units', async () => {
    assert.match(await hover(rack, 'runtime = runc', 11), /\*\*runc\*\*/);
    const unit = await hover(rack, 'memory = 64GiB', 12);
    assert.match(unit, /gibibytes/);
    assert.match(unit, /68,719,476,736 bytes/);
  });

  it('gives the privilege model for entities: ring, kernel, boundary', async () => {
    const web = await hover(rack, 'container web', 3);
    assert.match(web, /\*\*Id\*\* `node-1\/web`/);
    assert.match(web, /\*\*Ring:\*\* ring 3/);
    assert.match(web, /\*\*Kernel:\*\* the host OS of node-1/);
    assert.match(web, /\*\*Isolation boundary:\*\* Linux namespaces and cgroups/);
    const vm = await hover(volumes, 'vm db', 1);
    assert.match(vm, /\*\*Ring:\*\* ring 0/);
    assert.match(vm, /hardware-virtualized VM/);
    const hv = await hover(volumes, 'hypervisor kvm', 2);
    assert.match(hv, /VMX root mode/);
  });

  it('gives the privilege model for privilege-bearing attributes and namespaces', async () => {
    assert.match(await hover(volumes, 'virtualization = hardware', 2), /\*\*Privilege:\*\*/);
    assert.match(await hover(rack, 'runtime = runc', 2), /\*\*Privilege:\*\* container `node-1\/web` runs in ring 3/);
    const ns = await hover(rack, 'net = container("web")', 1);
    assert.match(ns, /\*\*Isolation:\*\* The net namespace of sidecar is the one of container `web`/);
  });

  it('explains workload patterns and reference calls', async () => {
    assert.match(await hover(rack, 'burst(', 2), /A square wave/);
    assert.match(await hover(rack, 'container("web")', 2), /same kernel/);
  });

  it('returns null where there is nothing to explain', async () => {
    const h = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: rack.uri }, position: { line: 0, character: 3 } });
    assert.equal(h, null);
  });

  // Completion: each case inserts text at a cursor in a scratch document and asks there.
  const scratch = pathToFileURL(join(FIXTURES, 'completion-scratch.vmx')).href;
  let scratchText = '';
  let opened = false;
  const complete = async (text: string, cursorMarker = '|'): Promise<Item[]> => {
    const at = text.indexOf(cursorMarker);
    const clean = text.slice(0, at) + text.slice(at + cursorMarker.length);
    if (!opened) {
      await server.open(scratch, clean);
      opened = true;
    } else {
      const lines = scratchText.split('\n');
      await server.edit(scratch, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, clean);
    }
    scratchText = clean;
    const before = clean.slice(0, at);
    const position = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
    const r = await server.request<Item[] | { items: Item[] }>('textDocument/completion', { textDocument: { uri: scratch }, position });
    return Array.isArray(r) ? r : r.items;
  };
  const labels = (items: Item[]): string[] => items.map((i) => i.label);
  const base = (inner: string): string => `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 4 }\n${inner}\n  }\n}\n`;

  it('completion 1: top level offers topology and import', async () => {
    const l = labels(await complete('|'));
    assert.ok(l.includes('topology') && l.includes('import'), l.join(' '));
  });

  it('completion 2: kinds allowed in the enclosing block, as snippets with required attributes', async () => {
    const items = await complete(base('    |'));
    const l = labels(items);
    for (const k of ['hypervisor', 'container', 'volume', 'disk', 'nic', 'os']) assert.ok(l.includes(k), `${k} in ${l.join(' ')}`);
    assert.ok(!l.includes('vm'), 'vm belongs in a hypervisor');
    assert.ok(!l.includes('cpu'), 'a host has one cpu, already written');
    const hv = items.find((i) => i.label === 'hypervisor')!;
    assert.equal(hv.insertTextFormat, 2);
    assert.match(hv.textEdit!.newText, /hypervisor \$\{1\|kvm,xen,hyperv/);
  });

  it('completion 3: attributes not yet set', async () => {
    const l = labels(await complete(base('    |')));
    assert.ok(l.includes('swap'));
    assert.ok(!l.includes('memory'), 'memory is already set');
  });

  it('completion 4: a vm snippet has its required vcpus and memory', async () => {
    const items = await complete(base('    hypervisor kvm {\n      |\n    }'));
    const vm = items.find((i) => i.label === 'vm');
    assert.ok(vm);
    assert.match(vm.textEdit!.newText, /vcpus = /);
    assert.match(vm.textEdit!.newText, /memory = /);
  });

  it('completion 5: enum values after =', async () => {
    const l = labels(await complete(base('    container c {\n      runtime = |\n    }')));
    assert.deepEqual(l.sort(), ['crun', 'gvisor', 'kata', 'runc']);
  });

  it('completion 6: units after a number, of the expected kind only', async () => {
    const l = labels(await complete(base('    swap = 16|')));
    assert.ok(l.includes('GiB') && l.includes('MB'));
    assert.ok(!l.includes('ms') && !l.includes('GHz'));
    const partial = await complete(base('    container c {\n      workload { start = 10m| }\n    }'));
    assert.ok(labels(partial).includes('min'));
    assert.deepEqual(partial[0].textEdit!.range.end.character - partial[0].textEdit!.range.start.character, 1, 'replaces the typed unit prefix');
  });

  it('completion 7: container names inside container("…") on the same kernel', async () => {
    const l = labels(await complete(base('    container web { }\n    container db { }\n    container c {\n      namespaces { net = container("|") }\n    }')));
    assert.deepEqual(l.sort(), ['db', 'web']);
  });

  it('completion 8: volume names inside volume("…"), own kernel and outwards', async () => {
    const text = base('    volume hostvol { path = "/srv" }\n    hypervisor kvm {\n      vm v {\n        vcpus = 1\n        memory = 1GiB\n        volume guestvol { path = "/data" }\n        container c {\n          mount m { type = volume; source = volume("|") }\n        }\n      }\n    }');
    const l = labels(await complete(text));
    assert.deepEqual(l, ['guestvol', 'hostvol']);
  });

  it('completion 9: pattern parameters inside burst(…), without those already given', async () => {
    const l = labels(await complete(base('    container c {\n      workload { cpu = burst(base = 1, |) }\n    }')));
    assert.deepEqual(l, ['peak', 'period', 'duty']);
  });

  it('completion 10: workload values offer pattern snippets', async () => {
    const items = await complete(base('    container c {\n      workload { cpu = | }\n    }'));
    const burst = items.find((i) => i.label === 'burst(…)');
    assert.ok(burst);
    assert.match(burst.textEdit!.newText, /^burst\(base = \$\{1:0\.5\}/);
  });

  it('completion 11: namespace values and booleans', async () => {
    const ns = labels(await complete(base('    container c {\n      namespaces { pid = | }\n    }')));
    assert.ok(ns.includes('private') && ns.includes('host') && ns.includes('container("…")'));
    const b = labels(await complete(base('    container c {\n      privileged = |\n    }')));
    assert.deepEqual(b, ['true', 'false']);
  });

  it('completion 12: enum block labels and list names', async () => {
    assert.ok(labels(await complete(base('    os |'))).includes('windows'));
    const caps = labels(await complete(base('    container c {\n      capabilities = [NET_BIND_SERVICE, |]\n    }')));
    assert.ok(caps.includes('SYS_ADMIN') || caps.includes('CHOWN'), caps.join(' '));
    assert.ok(!caps.includes('NET_BIND_SERVICE'));
  });

  it('completion 13: nothing inside comments or plain strings', async () => {
    assert.deepEqual(await complete(base('    # a comment |')), []);
    assert.deepEqual(await complete(base('    container c { image = "ngi|" }')), []);
  });

  it('signature help for burst( with the active parameter', async () => {
    await complete(base('    container c {\n      workload { cpu = burst(base = 1, peak = | }\n    }'));
    const at = scratchText.indexOf('peak = ') + 7;
    const before = scratchText.slice(0, at);
    const position = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
    const help = await server.request<{ signatures: { label: string }[]; activeParameter: number }>('textDocument/signatureHelp', { textDocument: { uri: scratch }, position });
    assert.match(help.signatures[0].label, /^burst\(base/);
    assert.equal(help.activeParameter, 1);
  });
});
