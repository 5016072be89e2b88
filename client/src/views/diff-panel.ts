/**
 * The diff view of "VMX: Compare with…": one webview panel "VMX Diff:
 * <file>" showing the server's vmx/diff answer — findings added, removed and
 * changed, and the change of every entity's simulated figures.
 */
import * as vscode from 'vscode';
import type { TopologyDiff } from '../protocol';
import { parseWebviewMessage } from './messages';
import { webviewHtml, webviewOptions } from './webview-html';

export class DiffPanel implements vscode.Disposable {
  static readonly viewType = 'vmx.diff';
  private panel: vscode.WebviewPanel | undefined;
  private shown: { fileName: string; against: string; diff: TopologyDiff } | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** How many times the webview reported a drawn view (tests poll it). */
  renderCount = 0;

  constructor(private readonly extensionUri: vscode.Uri) {}

  get title(): string | undefined {
    return this.panel?.title;
  }

  show(uri: vscode.Uri, against: string, diff: TopologyDiff): void {
    const fileName = vscode.workspace.asRelativePath(uri);
    const title = `VMX Diff: ${fileName}`;
    this.shown = { fileName, against, diff };
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DiffPanel.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'vmx-file.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'diff', title);
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.subscriptions);
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
    this.panel = panel;
  }

  private post(): void {
    if (!this.panel || !this.shown) return;
    void this.panel.webview.postMessage({ type: 'diff', ...this.shown });
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) return;
    if (msg.type === 'ready') this.post();
    else if (msg.type === 'rendered') this.renderCount++;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
