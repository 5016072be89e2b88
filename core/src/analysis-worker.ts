/**
 * The worker's `run` request: parse, check and simulate files the front end
 * sends as text (the worker cannot look at the disk). It is the whole
 * pipeline, so it lives beside analyze.ts in the pipeline layer, not in
 * sim/ — the simulator imports nothing above the model (ARCHITECTURE.md,
 * "Architecture invariants"). Batches of planned hosts need no pipeline:
 * sim/worker.ts runs them.
 */
import { analyze } from './analyze';
import { defaultConfig, mergeConfig } from './config';
import { SourceProvider } from './model/imports';
import { SourceFile } from './model/types';
import { simulationStage } from './sim/index';
import { WorkerReply, WorkerRequest } from './sim/protocol';
import { SimulationResult } from './sim/types';
import { createSourceFile } from './source';

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
