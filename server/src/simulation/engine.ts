/**
 * The simulator the server calls (core/src/sim): in-process for small
 * topologies, in the bundled worker (dist/sim-worker.js, next to
 * dist/server.js) for big ones. Findings get the same `# vmx-ignore` and
 * severity settings as every other diagnostic.
 */
import { join } from 'node:path';
import { CheckConfig } from '../../../core/src/config';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { Model } from '../../../core/src/model/types';
import { applyPolicy } from '../../../core/src/policy';
import { simulate } from '../../../core/src/sim/index';
import { SimulationResult } from '../../../core/src/sim/types';
import { DocumentWorker } from './host-worker';

export interface EngineOptions {
  duration?: number;
  seed?: number;
  seriesPoints?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** In-process run; findings as the simulator reports them (apply `configured` before showing them). */
export function simulateHere(model: Model, config: CheckConfig, options: EngineOptions): SimulationResult {
  return simulate(model, config, options);
}

/**
 * One long-lived worker per document (runs of one document never overlap: a
 * new one aborts the old). A cancelled run terminates its worker; the next
 * run starts a fresh one.
 */
const workers = new Map<string, DocumentWorker>();

export function disposeWorker(uri: string): void {
  workers.get(uri)?.dispose();
  workers.delete(uri);
}

/**
 * `model` simulated in the document's worker: a model of some hosts (the
 * changed ones, from incremental.ts) as plans, the whole model as its
 * files' text (nothing planned on this thread). Findings raw for the first,
 * with the policy applied for the second (applying it again changes nothing).
 */
export async function simulateInThread(model: Model, whole: boolean, config: CheckConfig, options: EngineOptions): Promise<SimulationResult> {
  let worker = workers.get(model.root.uri);
  if (!worker) workers.set(model.root.uri, (worker = new DocumentWorker(workerScript())));
  return whole ? worker.simulateFile(model, config, options) : worker.simulateHosts(model, config, options);
}

/** The bundled worker sits next to the bundled server. */
function workerScript(): string {
  return join(__dirname, 'sim-worker.js');
}

/** `# vmx-ignore` comments, the profile and severity settings (core/src/profiles.ts), as for every other diagnostic. */
export function configured(findings: Diagnostic[], model: Model, config: CheckConfig): Diagnostic[] {
  return applyPolicy(findings, (uri) => model.files.get(uri), config);
}
