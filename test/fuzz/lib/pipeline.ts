/**
 * The pipeline under fuzzing — the real one: createSourceFile → analyze
 * (parse → resolve → checks) → optional later stages (simulation,
 * formatting…) — and the invariants every input must keep, whatever it is.
 */
import { analyze, AnalysisResult } from '../../../core/src/analyze';
import { CheckConfig, defaultConfig } from '../../../core/src/config';
import { CODES } from '../../../core/src/diagnostics/codes';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { SourceProvider } from '../../../core/src/model/imports';
import { SourceFile } from '../../../core/src/model/types';
import { simulationStage } from '../../../core/src/sim';
import { createSourceFile } from '../../../core/src/source';
import { LineIndex } from '../../../core/src/text/line-index';

/** Generous per-input bound: an input that takes longer is a hang, not a slow case. */
export const PER_INPUT_MS = 10_000;

export const ROOT_URI = 'file:///fuzz/main.vmx';

/** In-memory files by URI, parsed on demand: the SourceProvider the server uses for open documents, minus the disk. */
export class MemorySources implements SourceProvider {
  private readonly parsed = new Map<string, SourceFile>();

  constructor(
    private readonly texts: Map<string, string>,
    private readonly config: CheckConfig,
  ) {}

  get(uri: string): SourceFile | undefined {
    let f = this.parsed.get(uri);
    if (!f) {
      const text = this.texts.get(uri);
      if (text === undefined) return undefined;
      f = createSourceFile(uri, text, this.config.limits.maxNestingDepth, this.config.limits.maxFileSize);
      this.parsed.set(uri, f);
    }
    return f;
  }
}

export interface PipelineRun {
  root: SourceFile;
  result: AnalysisResult;
  ms: number;
}

export interface PipelineOptions {
  config?: CheckConfig;
  /** Run the simulation too (its findings VMX4xx join the diagnostics), as `vmx check` does. */
  simulate?: boolean;
}

export function runPipeline(text: string, others: Record<string, string> = {}, options: PipelineOptions = {}): PipelineRun {
  const config = options.config ?? defaultConfig();
  const t0 = performance.now();
  const texts = new Map<string, string>(Object.entries(others));
  texts.set(ROOT_URI, text);
  const sources = new MemorySources(texts, config);
  const root = sources.get(ROOT_URI)!;
  const result = analyze(root, sources, { config, extraStages: options.simulate ? [simulationStage({ seriesPoints: 16 })] : [] });
  return { root, result, ms: performance.now() - t0 };
}

const KNOWN_CODES = new Set(CODES.map((c) => c.code));
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** A readable failure: the property reports the input that broke it. */
export class InvariantError extends Error {}

function fail(message: string): never {
  throw new InvariantError(message);
}

function checkRange(d: Diagnostic, lines: LineIndex, what: string): void {
  const { start, end } = d.range;
  for (const p of [start, end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) fail(`${what}: bad position ${JSON.stringify(p)}`);
    if (p.line >= lines.lineCount) fail(`${what}: line ${p.line} beyond the ${lines.lineCount} lines of the file`);
  }
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) fail(`${what}: range ends before it starts ${JSON.stringify(d.range)}`);
}

/**
 * What must hold for every input: known codes and severities, one-line
 * messages, ranges inside the file they name, a bounded number of
 * diagnostics (linear in the input), and termination within the bound.
 */
export function checkInvariants(run: PipelineRun, filesByUri: Map<string, SourceFile> = run.result.model?.files ?? new Map([[run.root.uri, run.root]])): void {
  const { result, root } = run;
  if (run.ms > PER_INPUT_MS) fail(`took ${run.ms.toFixed(0)} ms, above the ${PER_INPUT_MS} ms bound`);
  const bound = 16 + 8 * root.lines.lineCount + root.text.length;
  if (result.diagnostics.length > bound) fail(`${result.diagnostics.length} diagnostics for ${root.text.length} characters (bound ${bound})`);
  for (const d of result.diagnostics) {
    const what = `${d.code} "${d.message}"`;
    if (!KNOWN_CODES.has(d.code)) fail(`unknown code ${d.code}`);
    if (!SEVERITIES.has(d.severity)) fail(`${what}: unknown severity ${d.severity}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') fail(`${d.code}: empty message`);
    if (/[\r\n\u2028\u2029]/.test(d.message)) fail(`${what}: the message is not one line`);
    const file = filesByUri.get(d.uri) ?? (d.uri === root.uri ? root : undefined);
    if (!file) fail(`${what}: on an unknown file ${d.uri}`);
    checkRange(d, file.lines, what);
    for (const r of d.related ?? []) {
      const rf = filesByUri.get(r.uri);
      if (!rf) fail(`${what}: related location in an unknown file ${r.uri}`);
      checkRange({ ...d, range: r.range }, rf.lines, `${what} (related)`);
      if (/[\r\n\u2028\u2029]/.test(r.message)) fail(`${what}: a related message is not one line`);
    }
    for (const fix of d.fixes ?? []) for (const e of fix.edits) {
      const ef = filesByUri.get(e.uri);
      if (!ef) fail(`${what}: fix edits an unknown file ${e.uri}`);
      checkRange({ ...d, range: e.range }, ef.lines, `${what} (fix)`);
    }
  }
  // Every input with a syntax error gets at least one error diagnostic (a VMware file gets its VMX001).
  if (root.ast.errors.length > 0 && !result.diagnostics.some((d) => d.uri === root.uri && (d.severity === 'error' || d.code === 'VMX001'))) {
    fail(`${root.ast.errors.length} syntax error(s) (first: ${root.ast.errors[0].message}) but no error diagnostic`);
  }
}

/** Diagnostics of the language core (VMX0xx/VMX1xx): a generated valid topology must have none. */
export function coreErrors(result: AnalysisResult): Diagnostic[] {
  return result.diagnostics.filter((d) => /^VMX[01]\d\d$/.test(d.code));
}
