/**
 * VMX: Import Configuration… — the files users already have (compose,
 * Kubernetes manifests, OCI config.json, docker inspect, libvirt XML,
 * Proxmox configs) become one topology. The files are read here with
 * vscode.workspace.fs, so it works in a remote workspace (code-server); the
 * server's `vmx/import` converts them as `vmx import` does, and the result
 * opens as a new, unsaved topology document. Returns the document's URI
 * (tests use it). An argument skips the dialog: a URI, an array of URIs, or
 * the explorer's (clicked URI, selected URIs).
 */
import * as vscode from 'vscode';
import { MAX_IMPORT_BYTES } from '../../../core/src/import/limits';
import type { VmxLanguageClient } from '../language-client';
import { ImportFile, ImportParams, Methods } from '../protocol';
import { importSummary, isImportResult } from './summaries';

const FILTERS = { YAML: ['yaml', 'yml'], JSON: ['json'], XML: ['xml'], conf: ['conf'], 'All files': ['*'] };

function urisOf(arg: unknown, selected: unknown): vscode.Uri[] | undefined {
  // The explorer passes the clicked file and every selected one: import them all.
  if (Array.isArray(selected) && selected.length > 0 && selected.every((u) => u instanceof vscode.Uri)) return selected as vscode.Uri[];
  if (arg instanceof vscode.Uri) return [arg];
  if (Array.isArray(arg) && arg.length > 0 && arg.every((u) => u instanceof vscode.Uri)) return arg as vscode.Uri[];
  return undefined;
}

/** The name a file goes by in the topology's comments: workspace-relative inside the workspace, else its base name. */
function nameOf(uri: vscode.Uri): string {
  const relative = vscode.workspace.asRelativePath(uri, false);
  return relative !== uri.fsPath && relative !== uri.toString() ? relative : uri.path.split('/').pop() || uri.path;
}

/** The files' text; a file too large for vmx import is refused before it is read into memory. */
async function readFiles(uris: vscode.Uri[]): Promise<ImportFile[]> {
  const decoder = new TextDecoder('utf-8');
  return Promise.all(
    uris.map(async (uri) => {
      const name = nameOf(uri);
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size > MAX_IMPORT_BYTES) throw new Error(`${name}: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; refused (vmx import reads configuration files, not data)`);
      const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
      // A local file's folder resolves its relative paths (./data in a compose file); a remote one has none here.
      return uri.scheme === 'file' ? { name, text, dir: vscode.Uri.joinPath(uri, '..').fsPath } : { name, text };
    }),
  );
}

export async function importConfiguration(client: VmxLanguageClient, output: vscode.OutputChannel, arg?: unknown, selected?: unknown): Promise<vscode.Uri | undefined> {
  const uris = urisOf(arg, selected) ?? (await vscode.window.showOpenDialog({ title: 'VMX: Import Configuration', canSelectMany: true, filters: FILTERS, openLabel: 'Import' }));
  if (!uris || uris.length === 0) return undefined;
  try {
    const params: ImportParams = { files: await readFiles(uris) };
    const running = await client.ready();
    const result: unknown = await running.sendRequest(Methods.import, params);
    if (!isImportResult(result)) throw new Error('the language server gave no topology for these files');
    const doc = await vscode.workspace.openTextDocument({ language: 'vmx', content: result.text });
    await vscode.window.showTextDocument(doc, { preview: false });
    const summary = importSummary(uris.length, result);
    output.appendLine(`import of ${params.files.map((f) => f.name).join(', ')}: ${summary}`);
    void vscode.window.showInformationMessage(`VMX: ${summary}`);
    return doc.uri;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    output.appendLine(`import of ${uris.map((u) => u.toString()).join(', ')} failed: ${message}`);
    void vscode.window.showErrorMessage(`VMX: cannot import: ${message}`);
    return undefined;
  }
}
