/**
 * The topology view: nested boxes host ⟶ hypervisor ⟶ VMs/partitions ⟶
 * containers, asked from the server (`vmx/topology`), coloured by the
 * contention of the latest simulation; clicking a box reveals its line.
 */
import * as vscode from 'vscode';
import type { VmxLanguageClient } from '../language-client';
import { Methods, TopologyNode } from '../protocol';
import type { ResultsStore } from '../results-store';
import { parseWebviewMessage } from './messages';
import { revealRange } from './reveal';
import { contentionById, findNode, normalizeTopology } from './topology-tree';
import { webviewHtml, webviewOptions } from './webview-html';

export class TopologyPanel implements vscode.Disposable {
  static readonly viewType = 'vmx.topology';
  private panel: vscode.WebviewPanel | undefined;
  private uri: string | undefined;
  private roots: TopologyNode[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  /** How many times the webview reported a drawn view (tests poll it). */
  renderCount = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: VmxLanguageClient,
    private readonly store: ResultsStore,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions.push(store.onDidChange((uri) => uri === this.uri && this.post()));
  }

  /** Opens (or refreshes) the view for a file; returns the tree it shows. */
  async show(uri: vscode.Uri): Promise<TopologyNode[]> {
    this.uri = uri.toString();
    const title = `VMX Topology: ${vscode.workspace.asRelativePath(uri)}`;
    try {
      const running = await this.client.ready();
      this.roots = normalizeTopology(await running.sendRequest(Methods.topology, { uri: this.uri }));
    } catch (e) {
      this.roots = [];
      this.output.appendLine(`topology of ${this.uri} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(TopologyPanel.viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'vmx-file.svg');
      panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'topology', title);
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.subscriptions);
      panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
      this.panel = panel;
    } else {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.post();
    }
    return this.roots;
  }

  private post(): void {
    if (!this.panel || !this.uri) return;
    void this.panel.webview.postMessage({
      type: 'topology',
      fileName: vscode.workspace.asRelativePath(vscode.Uri.parse(this.uri)),
      roots: this.roots,
      contention: contentionById(this.store.get(this.uri)),
      simulated: this.store.get(this.uri) !== undefined,
    });
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg || !this.uri) return;
    if (msg.type === 'ready') this.post();
    else if (msg.type === 'rendered') {
      this.renderCount++;
    }
    else if (msg.type === 'rerun') void vscode.commands.executeCommand('vmx.runSimulation', vscode.Uri.parse(this.uri));
    else if (msg.type === 'reveal') {
      const node = findNode(this.roots, msg.id);
      if (node) void revealRange(node.uri ?? this.uri, node.range);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
