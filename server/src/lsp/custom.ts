/**
 * The custom protocol (docs/protocol.md): vmx/simulate with work-done
 * progress and cancellation, vmx/topology, vmx/convertVmware,
 * vmx/documentState (a diagnostic aid), and the vmx.runSimulation command
 * the code lens calls.
 */
import { CancellationToken, ProgressToken, ResponseError, WorkDoneProgressReporter, WorkspaceEdit } from 'vscode-languageserver';
import { workDoneReporter } from './progress';
import { convertVmware } from '../../../core/src/ide/convert-vmware';
import { SimulationResult } from '../../../core/src/sim/types';
import { ServerContext } from '../context';
import { SimulationCancelled } from '../simulation/simulations';
import { summarize } from '../simulation/summary';
import { APPLY_EDIT_COMMAND, RUN_SIMULATION_COMMAND, SERVER_COMMANDS, SHOW_RESULTS_COMMAND } from './commands';
import { topologyTree } from './topology';

import { createHash } from 'node:crypto';
import { DocumentState, DocumentStateParams, Methods, SimulateParams } from '../../../core/src/protocol';

/** Method names of the custom protocol (shared with the client: core/src/protocol.ts). */
export const METHODS = Methods;
export type { SimulateParams };

const REQUEST_CANCELLED = -32800;
const INVALID_PARAMS = -32602;
const REQUEST_FAILED = -32803;

/** Runs a simulation of an open document, then publishes findings, notifies the client and refreshes views. */
export async function runSimulation(ctx: ServerContext, params: SimulateParams, token?: CancellationToken, progress?: WorkDoneProgressReporter, inWorker?: boolean): Promise<SimulationResult> {
  const analysis = ctx.analyzer.get(params.uri);
  const model = analysis?.result.model;
  if (!analysis || !model) {
    throw new ResponseError(REQUEST_FAILED, analysis?.result.vmware ? 'this is a VMware configuration, not a topology: convert it first' : `no topology to simulate in ${params.uri} (is the document open?)`);
  }
  const controller = new AbortController();
  const sub = token?.onCancellationRequested(() => controller.abort());
  // Cancelled already (the cancel came before the handler ran): the event would only fire after a timer, once the run is over.
  if (token?.isCancellationRequested) controller.abort();
  progress?.begin('Simulating topology', 0, model.topologyName ?? '', true);
  const version = ctx.workspace.version(params.uri);
  try {
    const result = await ctx.simulations.run({
      uri: params.uri,
      model,
      version,
      config: ctx.settings.config,
      duration: params.duration ?? ctx.settings.simulation.duration,
      seed: params.seed ?? ctx.settings.simulation.seed,
      inWorker,
      signal: controller.signal,
      onProgress: (f) => progress?.report(Math.round(f * 100)),
    });
    // A run of an older text (a worker run an edit did not abort) is not shown: the next run follows.
    if (ctx.workspace.version(params.uri) === version) finished(ctx, params.uri, result);
    return result;
  } catch (e) {
    if (e instanceof SimulationCancelled) throw new ResponseError(REQUEST_CANCELLED, 'simulation cancelled');
    if (e instanceof ResponseError) throw e;
    throw new ResponseError(REQUEST_FAILED, `simulation failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    sub?.dispose();
    progress?.done();
  }
}

/**
 * Past this many entities the notification leaves the series out: serialising
 * a megabyte after every keystroke would delay the next diagnostics. The
 * client asks vmx/simulate for charts then (its answer always has them).
 */
export const NOTIFICATION_SERIES_MAX_ENTITIES = 100;

function forNotification(result: SimulationResult): SimulationResult {
  if (result.entities.length <= NOTIFICATION_SERIES_MAX_ENTITIES) return result;
  return { ...result, times: undefined, entities: result.entities.map(({ series: _series, ...rest }) => rest) };
}

/** After a run: findings into diagnostics, the notification, and view refreshes. */
export function finished(ctx: ServerContext, uri: string, result: SimulationResult): void {
  ctx.analyzer.setFindings(uri, result.findings);
  ctx.schedule([uri]);
  void ctx.connection.sendNotification(METHODS.simulationFinished, { uri, summary: summarize(result), result: forNotification(result) });
  if (ctx.refresh.inlayHints) void ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
  if (ctx.refresh.codeLens) void ctx.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

export function registerCustom(ctx: ServerContext): void {
  const c = ctx.connection;
  c.onRequest(METHODS.simulate, async (params: SimulateParams & { workDoneToken?: ProgressToken }, token: CancellationToken) => {
    if (!params || typeof params.uri !== 'string') return new ResponseError(INVALID_PARAMS, 'vmx/simulate needs { uri }');
    if (params.duration !== undefined && !(typeof params.duration === 'number' && params.duration > 0)) return new ResponseError(INVALID_PARAMS, 'duration must be a positive number of seconds');
    return runSimulation(ctx, params, token, workDoneReporter(c, params.workDoneToken));
  });

  c.onRequest(METHODS.topology, (params: { uri: string }) => {
    if (!params || typeof params.uri !== 'string') return new ResponseError(INVALID_PARAMS, 'vmx/topology needs { uri }');
    const a = ctx.analyzer.get(params.uri);
    if (!a?.result.model) return { uri: params.uri, topology: null, hosts: [] };
    return { uri: params.uri, topology: a.result.model.topologyName ?? null, hosts: topologyTree(a.result.model, ctx.analyzer.diagnosticsOf(params.uri, ctx.workspace.openUris())) };
  });

  c.onRequest(METHODS.convertVmware, (params: { uri: string }) => {
    const doc = params && typeof params.uri === 'string' ? ctx.workspace.document(params.uri) : undefined;
    if (!doc) return new ResponseError(INVALID_PARAMS, 'vmx/convertVmware needs the uri of an open document');
    return { text: convertVmware(doc.getText()) };
  });

  // A diagnostic aid: the server's copy of a document, to compare with the client's without the text.
  c.onRequest(METHODS.documentState, (params: DocumentStateParams): DocumentState | null | ResponseError<void> => {
    if (!params || typeof params.uri !== 'string') return new ResponseError(INVALID_PARAMS, 'vmx/documentState needs { uri }');
    const doc = ctx.workspace.document(params.uri);
    if (!doc) return null;
    const text = doc.getText();
    const parsed = ctx.workspace.parsedRange(params.uri);
    return { uri: params.uri, version: doc.version, length: text.length, lineCount: doc.lineCount, sha256: createHash('sha256').update(Buffer.from(text, 'utf16le')).digest('hex'), ...(parsed ? { parsed } : {}), analyses: ctx.analyzer.analysesOf(params.uri) };
  });

  c.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command === SHOW_RESULTS_COMMAND) {
      const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
      if (!uri) return new ResponseError(INVALID_PARAMS, `${SHOW_RESULTS_COMMAND} needs [uri]`);
      const r = ctx.simulations.result(uri);
      return { summary: r ? summarize(r) : null };
    }
    if (command === APPLY_EDIT_COMMAND) {
      const edit = args?.[0];
      if (typeof edit !== 'object' || edit === null) return new ResponseError(INVALID_PARAMS, `${APPLY_EDIT_COMMAND} needs [WorkspaceEdit]`);
      const r = await c.workspace.applyEdit(edit as WorkspaceEdit);
      return { applied: r.applied };
    }
    if (command !== RUN_SIMULATION_COMMAND) return new ResponseError(INVALID_PARAMS, `unknown command ${command}: the server executes ${SERVER_COMMANDS.join(', ')}`);
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    if (!uri) return new ResponseError(INVALID_PARAMS, `${RUN_SIMULATION_COMMAND} needs [uri]`);
    const progress = await c.window.createWorkDoneProgress().catch(() => undefined);
    try {
      const r = await runSimulation(ctx, { uri }, undefined, progress);
      return { summary: summarize(r) };
    } catch (e) {
      return e instanceof ResponseError ? e : new ResponseError(REQUEST_FAILED, String(e));
    }
  });
}
