/**
 * What a user does with the extension, through the real VS Code API against
 * the real language server: diagnostics, hover, completion, rename, the
 * simulation command and its view, the topology view, the VMware conversion,
 * restarting the server.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TopologyDiff } from '../../core/src/diff/types';
import type { SimulationResult } from '../../core/src/sim/types';
import type { TopologyNode } from '../../client/src/protocol';
import { closeAllWithoutSaving, codeOf, extensionApi, fixture, hoverText, open, positionOf, waitFor } from './helpers';

const ISSUES = 'isolation-issues.vmx';
const VMWARE = 'legacy-vm.vmx';

describe('VMX extension in a real VS Code', () => {
  before(async () => {
    const api = await extensionApi();
    console.log(`activation: ${api.activationMs.toFixed(1)} ms`);
  });

  afterEach(closeAllWithoutSaving);

  it('activates for .vmx files and declares its commands', async () => {
    const editor = await open(ISSUES);
    assert.equal(editor.document.languageId, 'vmx');
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['vmx.runSimulation', 'vmx.showTopology', 'vmx.convertVmware', 'vmx.restartServer']) assert.ok(commands.includes(c), `${c} is registered`);
  });

  it('shows diagnostics with our codes and exact ranges for a sample', async () => {
    const editor = await open(ISSUES);
    const uri = editor.document.uri;
    const diags = await waitFor('VMX206 on the sample', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.some((x) => codeOf(x) === 'VMX206') ? d : undefined;
    });
    const codes = new Set(diags.map(codeOf));
    for (const c of ['VMX206', 'VMX207', 'VMX208']) assert.ok(codes.has(c), `${c} reported (got ${[...codes].join(', ')})`);
    const ring = diags.find((d) => codeOf(d) === 'VMX206')!;
    assert.equal(ring.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(ring.source, 'vmx');
    assert.match(editor.document.getText(ring.range), /ring/);
    const privileged = diags.find((d) => codeOf(d) === 'VMX207')!;
    assert.match(editor.document.getText(privileged.range), /privileged/);
  });

  it('explains the CPU ring on hover', async () => {
    const editor = await open(ISSUES);
    const at = positionOf(editor.document, 'ring = 0', 1);
    const text = await waitFor('a hover on ring', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      const t = hoverText(hovers ?? []);
      return t.length > 0 ? t : undefined;
    });
    assert.match(text, /ring/i);
    assert.match(text, /kernel|privilege/i, 'the hover says what a ring means');
  });

  it('offers cgroup inside a container', async () => {
    const editor = await open(ISSUES);
    const inSidecar = positionOf(editor.document, 'image = "envoyproxy');
    // An empty line in the container block: only the container's children and attributes fit there.
    await editor.edit((b) => b.insert(new vscode.Position(inSidecar.line + 1, 0), '      \n'));
    const where = new vscode.Position(inSidecar.line + 1, 6);
    const labels = await waitFor('completion items', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, where);
      const l = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return l.includes('cgroup') ? l : undefined;
    }).catch(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, where);
      return (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    });
    assert.ok(labels.includes('cgroup'), `cgroup offered (got ${labels.slice(0, 20).join(', ')})`);
    assert.ok(labels.includes('mount') && labels.includes('process'), 'other container children offered');
    assert.ok(!labels.includes('namespaces'), 'namespaces is not offered twice (the container has one)');
    assert.ok(!labels.includes('vcpus'), 'no VM attribute inside a container');
  });

  it('renames a container and its references', async () => {
    const editor = await open(ISSUES);
    const doc = editor.document;
    const at = positionOf(doc, 'container web', 'container '.length + 1);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'frontend');
    assert.ok(edit, 'a rename edit');
    const edits = edit.get(doc.uri);
    assert.ok(edits.length >= 2, `the declaration and container("web") are renamed (got ${edits.length} edits)`);
    for (const e of edits) {
      assert.equal(e.newText, 'frontend');
      assert.equal(doc.getText(e.range), 'web');
    }
    const ref = positionOf(doc, 'container("web")', 'container("'.length);
    assert.ok(edits.some((e) => e.range.contains(ref)), 'the reference in namespaces is renamed');
  });

  it('VMX: Run Simulation returns results and opens the results view', async () => {
    const api = await extensionApi();
    const editor = await open(ISSUES);
    const rendered = api.resultsView.renderCount;
    const result = await vscode.commands.executeCommand<SimulationResult>('vmx.runSimulation', editor.document.uri);
    assert.ok(result, 'a simulation result');
    assert.equal(result.version, 1);
    assert.ok(result.duration > 0);
    const ids = result.entities.map((e) => e.id);
    for (const id of ['node-1', 'node-1/db', 'node-1/db/postgres', 'node-1/batch', 'node-1/web']) assert.ok(ids.includes(id), `entity ${id} (got ${ids.join(', ')})`);
    const postgres = result.entities.find((e) => e.id === 'node-1/db/postgres')!;
    assert.ok(postgres.cpu.granted.max <= 2 + 1e-6, 'cpu.max = 2 caps postgres');
    assert.ok(Array.isArray(result.times) && result.times.length > 0 && postgres.series, 'series for the charts');
    assert.equal(api.latestResult(editor.document.uri), result);
    assert.equal(api.resultsView.visibleUri, editor.document.uri.toString());
    await waitFor('the results view to draw', () => api.resultsView.renderCount > rendered || undefined);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('vmx.results')),
      `a results tab is open (tabs: ${tabs.map((t) => t.label).join(', ')})`,
    );
  });

  it('VMX: Show Topology returns the nested tree and renders it', async () => {
    const api = await extensionApi();
    const editor = await open(ISSUES);
    const rendered = api.topologyView.renderCount;
    const roots = await vscode.commands.executeCommand<TopologyNode[]>('vmx.showTopology', editor.document.uri);
    assert.ok(roots && roots.length > 0, 'a topology tree');
    const kinds: string[] = [];
    const walk = (n: TopologyNode) => {
      kinds.push(n.kind);
      n.children.forEach(walk);
    };
    roots.forEach(walk);
    for (const k of ['host', 'hypervisor', 'vm', 'container']) assert.ok(kinds.includes(k), `a ${k} box (got ${kinds.join(', ')})`);
    await waitFor('the topology view to draw', () => api.topologyView.renderCount > rendered || undefined);
  });

  it('VMX: Compare with… a file shows what the change does in the diff view', async () => {
    const api = await extensionApi();
    const dir = mkdtempSync(join(tmpdir(), 'vmx-compare-'));
    // A 2-CPU KVM host; each VM has 1 vCPU, locked memory and a saturating workload, pinned to the CPU given.
    const host = (pinB: number) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  features = [vmx, ept] }
    hypervisor kvm {
      vm a { vcpus = 1  memory = 1GiB  pin = 0  memory_locked = true  workload { cpu = 1 } }
      vm b { vcpus = 1  memory = 1GiB  pin = ${pinB}  memory_locked = true  workload { cpu = 1 } }
    }
  }
}
`;
    const oldPath = join(dir, 'apart.vmx');
    const newPath = join(dir, 'shared.vmx');
    writeFileSync(oldPath, host(1));
    writeFileSync(newPath, host(0));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(newPath));
    await vscode.window.showTextDocument(doc, { preview: false });
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('vmx.compareWith'), 'vmx.compareWith is registered');
    const rendered = api.diffView.renderCount;
    const diff = await vscode.commands.executeCommand<TopologyDiff>('vmx.compareWith', { file: vscode.Uri.file(oldPath) });
    assert.ok(diff, 'a diff');
    // b moves from CPU 1 onto a's CPU 0: two runnable vCPUs on one CPU get ½ each, steal (1 − ½) / 1 = 50%.
    for (const id of ['h/a', 'h/b']) {
      const e = diff.entities.changed.find((x) => x.id === id);
      assert.ok(e, `${id} changed (got ${diff.entities.changed.map((x) => x.id).join(', ')})`);
      assert.deepEqual(e.metrics.cpuGranted, { old: 1, new: 0.5, delta: -0.5 });
      assert.deepEqual(e.metrics.cpuSteal, { old: 0, new: 0.5, delta: 0.5 });
    }
    assert.deepEqual(diff.findings.added.filter((f) => f.code === 'VMX401').map((f) => f.entity), ['h/a', 'h/b']);
    await waitFor('the diff view to draw', () => api.diffView.renderCount > rendered || undefined);
    assert.equal(api.diffView.title, 'VMX Diff: ' + vscode.workspace.asRelativePath(doc.uri));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('vmx.diff') && t.label.startsWith('VMX Diff: ')),
      `a diff tab is open (tabs: ${tabs.map((t) => t.label).join(', ')})`,
    );
  });

  it('converts a VMware configuration into a valid topology', async () => {
    const editor = await open(VMWARE);
    const diags = await waitFor('VMX001 on the VMware file', () => {
      const d = vscode.languages.getDiagnostics(editor.document.uri);
      return d.length > 0 ? d : undefined;
    });
    assert.deepEqual(diags.map(codeOf), ['VMX001'], 'one information message, no flood');
    const converted = await vscode.commands.executeCommand<vscode.TextDocument>('vmx.convertVmware', editor.document.uri);
    assert.ok(converted, 'a converted document');
    assert.equal(converted.languageId, 'vmx');
    const text = converted.getText();
    assert.match(text, /\bvm\s+"?legacy-app"?\s*\{/, 'a vm block named after displayName');
    assert.match(text, /vcpus\s*=\s*4/);
    assert.match(text, /memory\s*=\s*8\s*(GiB|192\s*MiB|8192MiB)/i);
    // Valid: the server finds no error in it (settle on a stable diagnostic set).
    await new Promise((r) => setTimeout(r, 1500));
    const errors = vscode.languages.getDiagnostics(converted.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => `${codeOf(d)} ${d.message}`), [], 'the converted topology has no errors');
  });

  it('summarises the active file in the status bar', async () => {
    const api = await extensionApi();
    const editor = await open(ISSUES);
    await waitFor('diagnostics', () => vscode.languages.getDiagnostics(editor.document.uri).length > 0 || undefined);
    const text = await waitFor('the status bar summary', () => (/\$\(error\)/.test(api.statusText()) ? api.statusText() : undefined));
    assert.match(text, /[1-9]\d* \$\(error\)/, `errors counted: ${text}`);
    assert.match(text, /[1-9]\d* \$\(shield\)/, `isolation warnings counted: ${text}`);
  });

  it('restarts the language server and keeps working', async () => {
    await vscode.commands.executeCommand('vmx.restartServer');
    const editor = await open(ISSUES);
    const at = positionOf(editor.document, 'privileged = true', 1);
    const text = await waitFor('a hover after the restart', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      const t = hoverText(hovers ?? []);
      return t.length > 0 ? t : undefined;
    });
    assert.match(text, /privileged/i);
    assert.ok(fixture(ISSUES));
  });
});
