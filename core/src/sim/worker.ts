/**
 * Entry of `dist/sim-worker.js`: parses, checks and simulates in a
 * worker_thread so that the language server's thread stays responsive.
 * One request at a time; the owner aborts by terminating the worker.
 */
import { parentPort } from 'node:worker_threads';
import { analyze } from '../analyze';
import { mergeConfig, defaultConfig } from '../config';
import { SourceProvider } from '../model/imports';
import { SourceFile } from '../model/types';
import { createSourceFile } from '../source';
import { simulationStage } from './index';
import { runHost } from './engine';
import { outcomeOf } from './outcome';
import { HostsReply, HostsRequest, WorkerReply, WorkerRequest } from './protocol';
import { RecordPool } from './record';
import { SimulationResult } from './types';

/** Files handed over with the request, parsed on first use. */
class MemorySources implements SourceProvider {
  private readonly parsed = new Map<string, SourceFile>();
  constructor(
    private readonly texts: Map<string, string>,
    private readonly limits: { maxNestingDepth: number; maxFileSize: number },
    private readonly aliases: Map<string, string>,
  ) {}
  /** The same file as the front end's import graph had it, however the import spells it. */
  canonicalUri(uri: string): string {
    return this.aliases.get(uri) ?? uri;
  }
  get(uri: string): SourceFile | undefined {
    let file = this.parsed.get(uri);
    const text = this.texts.get(uri);
    if (!file && text !== undefined) this.parsed.set(uri, (file = createSourceFile(uri, text, this.limits.maxNestingDepth, this.limits.maxFileSize)));
    return file;
  }
}

export function handle(request: WorkerRequest, post: (reply: WorkerReply) => void): void {
  try {
    const config = mergeConfig(defaultConfig(), request.config);
    const sources = new MemorySources(new Map(request.files.map((f) => [f.uri, f.text])), config.limits, new Map(request.aliases ?? []));
    const root = sources.get(request.rootUri);
    if (!root) throw new Error(`no text for ${request.rootUri}`);
    let result: SimulationResult | undefined;
    const stage = simulationStage({ ...request.options, onProgress: (fraction) => post({ type: 'progress', fraction }) }, (r) => (result = r));
    const analysis = analyze(root, sources, { config, extraStages: [stage] });
    // A simulation that threw is one VMX111 "internal error in the simulation" in the diagnostics: say that, not "not simulated".
    const failure = analysis.diagnostics.find((d) => d.code === 'VMX111' && d.message.startsWith('internal error in the simulation'));
    if (!result) throw new Error(failure?.message ?? 'the file was not simulated (not a topology, or over the size limit)');
    post({ type: 'done', result, diagnostics: analysis.diagnostics });
  } catch (e) {
    post({ type: 'error', message: (e as Error)?.message ?? String(e) });
  }
}

const pool = new RecordPool();

/** Run a batch of planned hosts and reduce each to its outcome (simulateParallel). */
export function runBatch(request: HostsRequest): HostsReply {
  const { settings, points } = request;
  let scratch = new Float64Array(settings.ticks);
  const outcomes = request.plans.map((plan) => {
    const rec = pool.take(plan.entityCount, settings.ticks);
    runHost(plan, rec, settings);
    if (scratch.length < settings.ticks) scratch = new Float64Array(settings.ticks);
    return outcomeOf(plan, rec, points, scratch);
  });
  pool.trim();
  return { type: 'hosts-done', batch: request.batch, outcomes };
}

parentPort?.on('message', (request: WorkerRequest | HostsRequest) => {
  if (request.type === 'hosts') {
    try {
      parentPort!.postMessage(runBatch(request));
    } catch (e) {
      parentPort!.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
    }
  } else handle(request, (reply) => parentPort!.postMessage(reply));
});
