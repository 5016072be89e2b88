/**
 * VMX: Run Simulation — asks the server to simulate a file, with a
 * cancellable progress notification, stores the result and opens the
 * results view. Returns the result (tests and other commands use it).
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import type { VmxLanguageClient } from '../language-client';
import { Methods, SimulateParams, SimulationResult } from '../protocol';
import { isSimulationResult, ResultsStore } from '../results-store';
import { simulationSettings } from '../settings';
import { cancellableRequest } from './cancellable-request';
import { targetVmxUri } from './target';

export interface RunSimulationDeps {
  client: VmxLanguageClient;
  store: ResultsStore;
  showResults: (uri: vscode.Uri) => void;
  output: vscode.OutputChannel;
}

export async function runSimulation(deps: RunSimulationDeps, arg?: unknown, options?: { reveal?: boolean }): Promise<SimulationResult | undefined> {
  const uri = targetVmxUri(arg);
  if (!uri) {
    void vscode.window.showWarningMessage('VMX: open a .vmx topology file to simulate it.');
    return undefined;
  }
  const params: SimulateParams = { uri: uri.toString(), ...simulationSettings(uri) };
  const name = vscode.workspace.asRelativePath(uri);
  const result = await cancellableRequest(`VMX: simulating ${name}`, async (token, progress) => {
    const client = await deps.client.ready();
    // The server reports work-done progress (percent) on this token.
    const workDoneToken = randomUUID();
    let reported = 0;
    const progressSub = client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
      if (p.kind === 'report' && typeof p.percentage === 'number' && p.percentage > reported) {
        progress.report({ increment: p.percentage - reported, message: `${p.percentage}%` });
        reported = p.percentage;
      }
    });
    try {
      const started = Date.now();
      const r: unknown = await client.sendRequest(Methods.simulate, { ...params, workDoneToken }, token);
      deps.output.appendLine(`simulated ${name} in ${Date.now() - started} ms`);
      return r;
    } finally {
      progressSub.dispose();
    }
  }).then(
    (r) => r,
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      deps.output.appendLine(`simulation of ${name} failed: ${msg}`);
      void vscode.window.showErrorMessage(`VMX: the simulation failed: ${msg}`);
      return undefined;
    },
  );
  if (result === undefined) return undefined;
  if (!isSimulationResult(result)) {
    void vscode.window.showErrorMessage('VMX: the language server returned no simulation result for this file (does it have errors?).');
    return undefined;
  }
  deps.store.set(uri.toString(), result);
  if (options?.reveal !== false) deps.showResults(uri);
  return result;
}
