/**
 * `vmx/diff` (docs/protocol.md): what a change does, for the editor's
 * "VMX: Compare with…". The new version is the document (its editor text,
 * imports as the workspace holds them); the old one is the same file at a
 * git ref — read with `git show REF:PATH` here, in the adapter, with its
 * imports inside the repository at REF too and the others as they are now —
 * or another file. Both are analysed and simulated as `vmx diff` does, and
 * compared by the core (core/src/diff).
 *
 * Each version is analysed in the server's thread; its simulation runs there
 * too when it is light (HEAVY_ENTITY_TICKS, as for simulate-on-type), else in
 * a fresh worker thread (dist/sim-worker.js), so a big comparison does not
 * hold up the other requests. Cancelling the request stops a worker run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancellationToken, ResponseError } from 'vscode-languageserver';
import { analyze } from '../../../core/src/analyze';
import { diffTopologies, DiffSide, TopologyDiff } from '../../../core/src/diff';
import { GitRevision } from '../../../core/src/host/git';
import { importAliases, SourceProvider } from '../../../core/src/model/imports';
import { SourceFile } from '../../../core/src/model/types';
import { DiffParams, Methods } from '../../../core/src/protocol';
import { simulate, timing } from '../../../core/src/sim';
import { simulateInWorker } from '../../../core/src/sim/run-in-worker';
import { SimulationResult } from '../../../core/src/sim/types';
import { createSourceFile, stripBom } from '../../../core/src/source';
import { ServerContext } from '../context';
import { configured } from '../simulation/engine';
import { HEAVY_ENTITY_TICKS } from '../simulation/simulations';

const INVALID_PARAMS = -32602;
const REQUEST_FAILED = -32803;
const REQUEST_CANCELLED = -32800;

export function registerDiff(ctx: ServerContext): void {
  ctx.connection.onRequest(Methods.diff, async (params: DiffParams, token?: CancellationToken): Promise<TopologyDiff | ResponseError<void>> => {
    const problem = checkParams(params);
    if (problem) return new ResponseError(INVALID_PARAMS, problem);
    const controller = new AbortController();
    const sub = token?.onCancellationRequested(() => controller.abort());
    try {
      return await computeDiff(ctx, params, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return new ResponseError(REQUEST_CANCELLED, 'comparison cancelled');
      return new ResponseError(REQUEST_FAILED, e instanceof Error ? e.message : String(e));
    } finally {
      sub?.dispose();
    }
  });
}

function checkParams(p: DiffParams): string | undefined {
  const usage = 'vmx/diff needs { uri, against: { gitRef } | { uri } }';
  if (!p || typeof p !== 'object' || typeof p.uri !== 'string' || !p.against || typeof p.against !== 'object') return usage;
  const a = p.against as { gitRef?: unknown; uri?: unknown };
  if (typeof a.gitRef !== 'string' && typeof a.uri !== 'string') return usage;
  if (p.duration !== undefined && !(typeof p.duration === 'number' && p.duration > 0 && Number.isFinite(p.duration))) return 'duration must be a positive number of seconds';
  if (p.seed !== undefined && !(typeof p.seed === 'number' && Number.isSafeInteger(p.seed) && p.seed >= 0)) return 'seed must be a whole number from 0';
  return undefined;
}

async function computeDiff(ctx: ServerContext, params: DiffParams, signal: AbortSignal): Promise<TopologyDiff> {
  const run = {
    duration: params.duration ?? ctx.settings.simulation.duration,
    seed: params.seed ?? ctx.settings.simulation.seed,
  };
  const current = ctx.workspace.get(params.uri);
  if (!current) throw new Error(`cannot read ${params.uri}`);
  const newSide = await side(ctx, current, ctx.workspace, run, signal);
  let oldSide: DiffSide;
  if ('gitRef' in params.against && typeof params.against.gitRef === 'string') {
    const { root, sources } = atGitRef(ctx, params.uri, params.against.gitRef);
    oldSide = await side(ctx, root, sources, run, signal);
  } else {
    const otherUri = (params.against as { uri: string }).uri;
    const other = ctx.workspace.get(otherUri);
    if (!other) throw new Error(`cannot read ${otherUri}`);
    oldSide = await side(ctx, other, ctx.workspace, run, signal);
  }
  return diffTopologies(oldSide, newSide);
}

/**
 * One version: its static analysis here, its simulation here or in a worker;
 * the diagnostics are the static ones plus the simulation's findings with
 * `# vmx-ignore` and the severity settings applied — what the editor shows.
 */
async function side(ctx: ServerContext, file: SourceFile, sources: SourceProvider, run: { duration?: number | null; seed?: number | null }, signal: AbortSignal): Promise<DiffSide> {
  const config = ctx.settings.config;
  const options = { duration: run.duration ?? undefined, seed: run.seed ?? undefined, seriesPoints: 0 };
  const analysis = analyze(file, sources, { config });
  if (analysis.vmware) throw new Error(`${file.uri} is a VMware configuration, not a topology: convert it first`);
  const model = analysis.model;
  if (!model) return { uri: file.uri, analysis };
  const { ticks } = timing(model, config, options);
  let simulation: SimulationResult;
  if (model.entities.length * ticks <= HEAVY_ENTITY_TICKS) {
    simulation = simulate(model, config, options);
    simulation.findings = configured(simulation.findings, model, config);
  } else {
    const request = { type: 'run' as const, rootUri: model.root.uri, files: [...model.files.values()].map((f) => ({ uri: f.uri, text: f.text })), aliases: importAliases(model), config, options };
    const run = await simulateInWorker(join(__dirname, 'sim-worker.js'), request, { signal });
    simulation = run.result;
    simulation.findings = run.diagnostics.filter((d) => d.code >= 'VMX400' && d.code < 'VMX500');
  }
  return { uri: file.uri, analysis: { ...analysis, diagnostics: [...analysis.diagnostics, ...simulation.findings] }, simulation };
}

function atGitRef(ctx: ServerContext, uri: string, ref: string): { root: SourceFile; sources: SourceProvider } {
  if (!uri.startsWith('file:')) throw new Error(`${uri} is not a file on disk: it has no git history`);
  const path = fileURLToPath(uri);
  const revision = GitRevision.of(path, ref);
  const rel = revision.pathInRepo(path);
  if (rel === undefined) throw new Error(`${uri} is not inside the git repository ${revision.top}`);
  const limits = ctx.settings.config.limits;
  const make = (u: string, text: string) => createSourceFile(u, stripBom(text), limits.maxNestingDepth, limits.maxFileSize);
  const root = make(uri, revision.show(rel));
  return { root, sources: revision.sources(make, ctx.workspace, [[uri, root]]) };
}
