/**
 * The simulator the server calls (core/src/sim): in-process for small
 * topologies, in the bundled worker (dist/sim-worker.js, next to
 * dist/server.js) for big ones. Findings get the same `# vmx-ignore` and
 * severity settings as every other diagnostic.
 */
import { join } from 'node:path';
import { CheckConfig } from '../../../core/src/config';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { importAliases } from '../../../core/src/model/imports';
import { Model } from '../../../core/src/model/types';
import { applyPolicy } from '../../../core/src/policy';
import { simulate } from '../../../core/src/sim/index';
import { SimulationWorker } from '../../../core/src/sim/run-in-worker';
import { SimulationResult } from '../../../core/src/sim/types';

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
const workers = new Map<string, SimulationWorker>();

export function disposeWorker(uri: string): void {
  void workers.get(uri)?.dispose();
  workers.delete(uri);
}

export async function simulateInThread(model: Model, config: CheckConfig, options: EngineOptions): Promise<SimulationResult> {
  const { signal, onProgress, ...rest } = options;
  let worker = workers.get(model.root.uri);
  if (!worker) workers.set(model.root.uri, (worker = new SimulationWorker(workerScript())));
  const run = await worker.run(
    { type: 'run', rootUri: model.root.uri, files: [...model.files.values()].map((f) => ({ uri: f.uri, text: f.text })), aliases: importAliases(model), config, options: rest },
    { signal, onProgress },
  );
  // The worker's diagnostics have suppressions and severities applied; keep its VMX4xx.
  run.result.findings = run.diagnostics.filter((d) => d.code >= 'VMX400' && d.code < 'VMX500');
  return run.result;
}

/** The bundled worker sits next to the bundled server. */
function workerScript(): string {
  return join(__dirname, 'sim-worker.js');
}

/** `# vmx-ignore` comments, the profile and severity settings (core/src/profiles.ts), as for every other diagnostic. */
export function configured(findings: Diagnostic[], model: Model, config: CheckConfig): Diagnostic[] {
  return applyPolicy(findings, (uri) => model.files.get(uri), config);
}
