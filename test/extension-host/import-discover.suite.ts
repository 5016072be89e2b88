/**
 * VMX: Import Configuration… and VMX: Discover This Machine in a real VS Code
 * against the real language server: each opens a new untitled topology
 * document, which the server then analyses like any other.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllWithoutSaving, codeOf, extensionApi, fixture, waitFor } from './helpers';

/** The captured proc/ and sys/ tree of test/fixtures/discover-editor (this bundle is out/extension-host/index.js). */
const CAPTURED_TREE = join(__dirname, '..', '..', 'test', 'fixtures', 'discover-editor');

function untitledVmx(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.languageId === 'vmx');
}

/** The document's outline as the language server gives it (names, depth-first), once it has analysed the text. */
async function outline(doc: vscode.TextDocument): Promise<string[]> {
  const symbols = await waitFor(`the outline of ${doc.uri.toString()}`, async () => {
    const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    return s && s.length > 0 ? s : undefined;
  });
  const names: string[] = [];
  const walk = (s: vscode.DocumentSymbol) => {
    names.push(s.name);
    s.children.forEach(walk);
  };
  symbols.forEach(walk);
  return names;
}

function errorsOf(doc: vscode.TextDocument): string[] {
  return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => `${codeOf(d)} ${d.message}`);
}

describe('VMX import and discovery in a real VS Code', () => {
  before(async () => {
    await extensionApi();
  });

  afterEach(closeAllWithoutSaving);

  it('declares both commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['vmx.importConfiguration', 'vmx.discoverMachine']) assert.ok(commands.includes(c), `${c} is registered`);
  });

  it('VMX: Import Configuration… opens the imported compose file as an untitled topology', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('vmx.importConfiguration', [fixture('imports/compose.yaml')]);
    assert.ok(uri, 'the command returns the new document');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, 'the document is open');
    assert.equal(doc.isUntitled, true, 'untitled: nothing written to disk');
    assert.equal(doc.languageId, 'vmx');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'shown in the active editor');
    const text = doc.getText();
    assert.match(text, /^\s*container web \{$/m, 'the service is a container');
    assert.match(text, /namespaces \{[^}]*\bnet = host\b/s, 'network_mode: host is the host network namespace');
    assert.match(text, /imports\/compose\.yaml \(compose\)/, 'named by its workspace-relative path');
    // The server analyses it as any topology: the host network is VMX208 on the container; the only error is the unknown hardware (VMX108).
    const diags = await waitFor('VMX208 on the imported container', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.some((x) => codeOf(x) === 'VMX208') ? d : undefined;
    });
    assert.deepEqual(diags.filter((d) => codeOf(d) === 'VMX100'), [], 'no syntax error');
    assert.deepEqual(errorsOf(doc).map((e) => e.split(' ')[0]), ['VMX108']);
  });

  it('VMX: Import Configuration… from the Explorer imports every selected file onto one host', async () => {
    const compose = fixture('imports/compose.yaml');
    const pod = fixture('imports/pod.yaml');
    // The Explorer's context menu passes the clicked file and the whole selection.
    const uri = await vscode.commands.executeCommand<vscode.Uri>('vmx.importConfiguration', pod, [compose, pod]);
    assert.ok(uri, 'the command returns the new document');
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!.getText();
    assert.match(text, /imports\/compose\.yaml \(compose\), imports\/pod\.yaml \(k8s\)/, 'both files, in the order selected');
    assert.match(text, /^\s*container web \{$/m);
    assert.match(text, /^\s*pod api \{[\s\S]*^\s*container app \{$/m);
  });

  it('VMX: Import Configuration… opens nothing for a file it cannot read', async () => {
    const before = untitledVmx().length;
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('vmx.importConfiguration', fixture('imports/broken.yaml'));
    assert.equal(uri, undefined);
    assert.equal(untitledVmx().length, before, 'no document opened');
  });

  it('VMX: Discover This Machine opens a captured machine as an untitled topology with its host', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('vmx.discoverMachine', { root: CAPTURED_TREE });
    assert.ok(uri, 'the command returns the new document');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, 'the document is open');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'vmx');
    const text = doc.getText();
    assert.match(text, /^\s*host ci-node-1 \{$/m, 'a host block named after /proc/sys/kernel/hostname');
    // MemTotal 8029184 kB = 8029184 × 1024 B = 7841 MiB exactly.
    assert.match(text, /^\s*memory = 7841MiB$/m);
    // The server reads it as a topology: its outline is the discovered host.
    const names = await outline(doc);
    assert.deepEqual(names.slice(0, 2), ['ci-node-1', 'ci-node-1'], `topology and host (outline: ${names.join(', ')})`);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(errorsOf(doc), [], 'a captured machine checks without errors');
  });
});
