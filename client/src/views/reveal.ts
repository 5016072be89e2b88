/** Shows a declaring line in an editor (beside the webview), selecting the block header. */
import * as vscode from 'vscode';
import type { Range } from '../../../core/src/text/line-index';

export async function revealRange(uri: string, range: Range | undefined): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  const r = range
    ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character)
    : new vscode.Range(0, 0, 0, 0);
  const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: r, preserveFocus: false });
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
