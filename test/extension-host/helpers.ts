/** Helpers of the extension-host suite: open fixtures, wait for what the user would wait for. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VmxExtensionApi } from '../../client/src/extension';

export const EXTENSION_ID = 'vmx-host-topology.vmx-host-topology';

export async function extensionApi(): Promise<VmxExtensionApi> {
  const ext = vscode.extensions.getExtension<VmxExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  if (!ext.isActive) {
    // Measured from outside too: loading the bundle plus activate(), as VS Code does it.
    const t0 = performance.now();
    await ext.activate();
    console.log(`activation measured by the test: ${(performance.now() - t0).toFixed(1)} ms`);
  }
  const api = await ext.activate();
  await api.serverReady;
  return api;
}

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

/** The position of the first occurrence of `needle` (plus `delta` characters) in a document. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, from = 0): vscode.Position {
  const at = doc.getText().indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" is in ${doc.uri.path}`);
  return doc.positionAt(at + delta);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Closes every editor, reverting edits first: a dirty editor would ask "Save?" and block the run. */
export async function closeAllWithoutSaving(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
