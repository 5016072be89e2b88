/**
 * VMX: Discover This Machine — the machine the language server runs on (in a
 * remote workspace: the remote one) as a topology: the server's
 * `vmx/discover` reads /proc and /sys as `vmx discover` does. Reading every
 * process can take a moment, so it runs behind a cancellable progress
 * notification; the result opens as a new, unsaved topology document.
 * Returns the document's URI (tests use it). An argument `{ root }` reads a
 * captured proc/ and sys/ tree instead of / (`vmx discover --root`).
 */
import * as vscode from 'vscode';
import type { VmxLanguageClient } from '../language-client';
import { DiscoverParams, DiscoverResult, Methods } from '../protocol';
import { cancellableRequest } from './cancellable-request';
import { discoverSummary, isDiscoverResult } from './summaries';

function paramsOf(arg: unknown): DiscoverParams {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const root = (arg as { root?: unknown }).root;
  return typeof root === 'string' && root.length > 0 ? { root } : {};
}

export async function discoverMachine(client: VmxLanguageClient, output: vscode.OutputChannel, arg?: unknown): Promise<vscode.Uri | undefined> {
  const params = paramsOf(arg);
  const where = params.root ?? 'this machine';
  let result: DiscoverResult | undefined;
  try {
    result = await cancellableRequest(`VMX: discovering ${where}`, async (token) => {
      const running = await client.ready();
      const started = Date.now();
      const r: unknown = await running.sendRequest(Methods.discover, params, token);
      if (!isDiscoverResult(r)) throw new Error('the language server gave no topology');
      output.appendLine(`discovered ${where} in ${Date.now() - started} ms`);
      return r;
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    output.appendLine(`discovery of ${where} failed: ${message}`);
    void vscode.window.showErrorMessage(`VMX: cannot discover ${where}: ${message}`);
    return undefined;
  }
  if (!result) return undefined;
  const doc = await vscode.workspace.openTextDocument({ language: 'vmx', content: result.text });
  await vscode.window.showTextDocument(doc, { preview: false });
  for (const note of result.notes) output.appendLine(`discover: ${note}`);
  const summary = discoverSummary(where, result);
  if (summary) void vscode.window.showInformationMessage(`VMX: ${summary}`);
  return doc.uri;
}
