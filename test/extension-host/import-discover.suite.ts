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

/** The server's syntax errors (VMX100) in a document, once its first diagnostics are in. */
async function syntaxErrors(doc: vscode.TextDocument): Promise<string[]> {
  await waitFor(`diagnostics for ${doc.uri.toString()}`, () => vscode.languages.getDiagnostics(doc.uri).length > 0 || undefined, 15_000).catch(() => undefined);
  return vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d) === 'VMX100').map((d) => d.message);
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
    assert.deepEqual(await syntaxErrors(doc), [], 'the server finds no syntax error in it');
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
    assert.deepEqual(await syntaxErrors(doc), [], 'the server finds no syntax error in it');
  });
});
