/**
 * VMX: Compare with… — what a change does. Asks what to compare the active
 * .vmx file with (a git ref, default HEAD, or another file), asks the
 * server for `vmx/diff` and shows the answer in the diff view. Returns the
 * diff (tests use it). An argument skips the prompts:
 * `{ gitRef: 'HEAD' }` or `{ file: Uri }`, optionally with `uri` (the file
 * compared; default: the active .vmx editor).
 */
import * as vscode from 'vscode';
import type { VmxLanguageClient } from '../language-client';
import { DiffParams, Methods, TopologyDiff } from '../protocol';
import { simulationSettings } from '../settings';
import type { DiffPanel } from '../views/diff-panel';
import { targetVmxUri } from './target';

export interface CompareWithDeps {
  client: VmxLanguageClient;
  panel: DiffPanel;
  output: vscode.OutputChannel;
}

type Against = { gitRef: string } | { file: vscode.Uri };

function againstOf(arg: unknown): { uri?: vscode.Uri; against?: Against } {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const a = arg as { uri?: unknown; gitRef?: unknown; file?: unknown };
  const uri = targetVmxUri(a.uri);
  const file = a.file instanceof vscode.Uri ? a.file : typeof a.file === 'string' ? targetVmxUri(a.file) : undefined;
  if (typeof a.gitRef === 'string' && a.gitRef.length > 0) return { uri: a.uri !== undefined ? uri : undefined, against: { gitRef: a.gitRef } };
  if (file) return { uri: a.uri !== undefined ? uri : undefined, against: { file } };
  return { uri: a.uri !== undefined ? uri : undefined };
}

async function ask(uri: vscode.Uri): Promise<Against | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'A git ref', description: 'the file as committed at a branch, tag or commit', choice: 'git' as const },
      { label: 'A file', description: 'another .vmx file', choice: 'file' as const },
    ],
    { title: `VMX: Compare ${vscode.workspace.asRelativePath(uri)} with…`, placeHolder: 'What to compare with' },
  );
  if (!pick) return undefined;
  if (pick.choice === 'git') {
    const ref = await vscode.window.showInputBox({ title: 'VMX: Compare with a git ref', prompt: 'A branch, tag or commit', value: 'HEAD', validateInput: (v) => (v.trim() === '' ? 'Give a ref, e.g. HEAD, main or a commit' : v.trim().startsWith('-') ? 'A ref cannot start with -' : undefined) });
    return ref === undefined ? undefined : { gitRef: ref.trim() };
  }
  const files = await vscode.window.showOpenDialog({ title: 'VMX: Compare with a file', canSelectMany: false, filters: { 'VMX topology': ['vmx'], 'All files': ['*'] }, defaultUri: vscode.Uri.joinPath(uri, '..') });
  return files && files.length > 0 ? { file: files[0] } : undefined;
}

export async function compareWith(deps: CompareWithDeps, arg?: unknown): Promise<TopologyDiff | undefined> {
  const given = againstOf(arg);
  const uri = given.uri ?? targetVmxUri();
  if (!uri) {
    void vscode.window.showWarningMessage('VMX: open a .vmx topology file to compare it.');
    return undefined;
  }
  const against = given.against ?? (await ask(uri));
  if (!against) return undefined;
  const label = 'gitRef' in against ? against.gitRef : vscode.workspace.asRelativePath(against.file);
  const params: DiffParams = { uri: uri.toString(), against: 'gitRef' in against ? { gitRef: against.gitRef } : { uri: against.file.toString() }, ...simulationSettings(uri) };
  try {
    const diff = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `VMX: comparing ${vscode.workspace.asRelativePath(uri)} with ${label}` }, async () => {
      const client = await deps.client.ready();
      return (await client.sendRequest(Methods.diff, params)) as TopologyDiff;
    });
    deps.panel.show(uri, label, diff);
    return diff;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.output.appendLine(`compare ${uri.toString()} with ${label} failed: ${message}`);
    void vscode.window.showErrorMessage(`VMX: cannot compare with ${label}: ${message}`);
    return undefined;
  }
}
