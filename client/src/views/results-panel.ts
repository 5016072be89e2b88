/**
 * The results view: one webview panel showing the latest simulation of a
 * file — charts per entity and a sortable table. It follows the store, so a
 * new run (command or simulate-on-type) refreshes it.
 */
import * as vscode from 'vscode';
import type { ResultsStore } from '../results-store';
import { parseWebviewMessage } from './messages';
import { revealRange } from './reveal';
import { webviewHtml, webviewOptions } from './webview-html';

export class ResultsPanel implements vscode.Disposable {
  static readonly viewType = 'vmx.results';
  private panel: vscode.WebviewPanel | undefined;
  private uri: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Resolves when the webview said it has drawn the current result (tests wait on it). */
  /** How many times the webview reported a drawn view (tests poll it). */
  renderCount = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly rerun: (uri: vscode.Uri) => void,
  ) {
    this.subscriptions.push(store.onDidChange((uri) => uri === this.uri && this.post()));
  }

  get visibleUri(): string | undefined {
    return this.panel ? this.uri : undefined;
  }

  show(uri: vscode.Uri): void {
    this.uri = uri.toString();
    const title = `VMX Results: ${vscode.workspace.asRelativePath(uri)}`;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(ResultsPanel.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'vmx-file.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'results', title);
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.subscriptions);
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
    this.panel = panel;
  }

  private post(): void {
    if (!this.panel || !this.uri) return;
    const result = this.store.get(this.uri);
    void this.panel.webview.postMessage(
      result
        ? { type: 'result', uri: this.uri, fileName: vscode.workspace.asRelativePath(vscode.Uri.parse(this.uri)), result }
        : { type: 'empty', message: 'No simulation yet: run “VMX: Run Simulation”.' },
    );
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg || !this.uri) return;
    if (msg.type === 'ready') this.post();
    else if (msg.type === 'rerun') this.rerun(vscode.Uri.parse(this.uri));
    else if (msg.type === 'rendered') {
      this.renderCount++;
    }
    else if (msg.type === 'reveal') {
      // Only ids of the shown result are honoured; the location comes from our copy, not the webview.
      const entity = this.store.get(this.uri)?.entities.find((e) => e.id === msg.id);
      if (entity) void revealRange(entity.uri || this.uri, entity.range);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
