/** Which .vmx file a command acts on: its argument (code lens, explorer, tests) or the active editor. */
import * as vscode from 'vscode';

export function targetVmxUri(arg?: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(arg) && arg.length > 0) return targetVmxUri(arg[0]);
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'vmx') return editor.document.uri;
  // A webview panel may have focus: fall back to a visible vmx editor.
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'vmx')?.document.uri;
}
