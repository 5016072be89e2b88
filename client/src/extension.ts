/**
 * The VS Code extension: a thin adapter over the VMX language server. It
 * starts the bundled server, registers the commands, the status bar item and
 * the two webviews (results, topology), and exposes a small API that the
 * extension-host tests use to see what the user would see.
 */
import { bundleLoadedAt } from './load-clock';
import * as vscode from 'vscode';
import { compareWith } from './commands/compare-with';
import { convertVmware } from './commands/convert-vmware';
import { discoverMachine } from './commands/discover';
import { importConfiguration } from './commands/import';
import { runSimulation } from './commands/run-simulation';
import { targetVmxUri } from './commands/target';
import { VmxLanguageClient } from './language-client';
import { Methods, SimulationFinished, SimulationResult, TopologyNode } from './protocol';
import { isSimulationResult, ResultsStore } from './results-store';
import { StatusBar } from './status-bar';
import { DiffPanel } from './views/diff-panel';
import { ResultsPanel } from './views/results-panel';
import { TopologyPanel } from './views/topology-panel';

export interface VmxExtensionApi {
  /** Milliseconds from loading the bundle to the end of activate() (the language server starts in the background). */
  activationMs: number;
  /** Resolves when the language server is up. */
  serverReady: Promise<void>;
  latestResult(uri: vscode.Uri): SimulationResult | undefined;
  resultsView: { readonly renderCount: number; readonly visibleUri: string | undefined };
  topologyView: { readonly renderCount: number };
  diffView: { readonly renderCount: number; readonly title: string | undefined };
  statusText(): string;
}

let languageClient: VmxLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): VmxExtensionApi {
  const output = vscode.window.createOutputChannel('VMX Host Topology');
  const trace = vscode.window.createOutputChannel('VMX Language Server Trace');
  const client = new VmxLanguageClient(context, output, trace);
  languageClient = client;
  const store = new ResultsStore();
  const statusBar = new StatusBar();
  const results = new ResultsPanel(context.extensionUri, store, (uri) => void vscode.commands.executeCommand('vmx.runSimulation', uri));
  const topology = new TopologyPanel(context.extensionUri, client, store, output);
  const deps = { client, store, output, showResults: (uri: vscode.Uri) => results.show(uri) };
  const diffPanel = new DiffPanel(context.extensionUri);

  context.subscriptions.push(
    output,
    trace,
    client,
    store,
    statusBar,
    results,
    topology,
    diffPanel,
    vscode.commands.registerCommand('vmx.compareWith', (arg?: unknown) => compareWith({ client, panel: diffPanel, output }, arg)),
    vscode.commands.registerCommand('vmx.runSimulation', (arg?: unknown) => runSimulation(deps, arg)),
    vscode.commands.registerCommand('vmx.showResults', async (arg?: unknown) => {
      const uri = targetVmxUri(arg);
      if (!uri) return undefined;
      if (store.get(uri.toString())) return results.show(uri);
      return runSimulation(deps, uri);
    }),
    vscode.commands.registerCommand('vmx.showTopology', async (arg?: unknown): Promise<TopologyNode[] | undefined> => {
      const uri = targetVmxUri(arg);
      if (!uri) {
        void vscode.window.showWarningMessage('VMX: open a .vmx topology file to show its topology.');
        return undefined;
      }
      return topology.show(uri);
    }),
    vscode.commands.registerCommand('vmx.convertVmware', (arg?: unknown) => convertVmware(client, output, arg)),
    vscode.commands.registerCommand('vmx.importConfiguration', (arg?: unknown, selected?: unknown) => importConfiguration(client, output, arg, selected)),
    vscode.commands.registerCommand('vmx.discoverMachine', (arg?: unknown) => discoverMachine(client, output, arg)),
    vscode.commands.registerCommand('vmx.restartServer', async () => {
      output.appendLine('restarting the language server');
      await client.restart();
      void vscode.window.setStatusBarMessage('VMX: language server restarted', 3000);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.languageId === 'vmx' && results.visibleUri !== doc.uri.toString()) store.delete(doc.uri.toString());
    }),
  );

  // Results of simulate-on-type arrive as notifications: keep them for the views.
  client.onReady((c) => {
    context.subscriptions.push(
      c.onNotification(Methods.simulationFinished, (p: SimulationFinished) => {
        if (p && typeof p.uri === 'string' && isSimulationResult(p.result)) store.set(p.uri, p.result);
      }),
    );
  });

  const serverReady = client.start().then(
    () => output.appendLine('language server started'),
    (e: unknown) => {
      output.appendLine(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage('VMX: the language server did not start; see the “VMX Host Topology” output.');
    },
  );

  const activationMs = performance.now() - bundleLoadedAt;
  output.appendLine(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    serverReady,
    latestResult: (uri) => store.get(uri.toString()),
    resultsView: results,
    topologyView: topology,
    diffView: diffPanel,
    statusText: () => statusBar.text,
  };
}

export async function deactivate(): Promise<void> {
  await languageClient?.stop();
  languageClient = undefined;
}
