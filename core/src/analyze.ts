/**
 * The pipeline every front end calls: source files → syntax errors →
 * resolved model → checks → (simulation findings) → configured severities
 * and suppressions. Pure: no I/O beyond the SourceProvider it is given.
 */
import { CHECKS } from './checks';
import { HostCheckMemo } from './checks/host-memo';
import { isVmwareConfig } from './checks/vmware';
import { CheckConfig, defaultConfig } from './config';
import { Reporter } from './diagnostics/reporter';
import { Diagnostic } from './diagnostics/types';
import { SourceProvider } from './model/imports';
import { reportSimulationSize } from './model/limits';
import { resolve } from './model/resolve';
import { Model, SourceFile } from './model/types';
import { applyPolicy } from './policy';
import { formatBytes } from './schema';
import { suppressions } from './suppress';

export interface AnalyzeOptions {
  config?: CheckConfig;
  /**
   * Extra diagnostics from the model: the simulation's findings (VMX4xx).
   * An exception in one is reported as "internal error in the simulation".
   */
  extraStages?: ((model: Model, reporter: Reporter, config: CheckConfig) => void)[];
  /**
   * Check findings memoised per host (checks/host-memo.ts) across analyses
   * of one root: only hosts whose text changed are checked again. The
   * diagnostics are the same as without it.
   */
  memo?: HostCheckMemo;
}

export interface AnalysisResult {
  /** Undefined for VMware configurations and files over the size limit. */
  model?: Model;
  diagnostics: Diagnostic[];
  /** The file is a VMware VM configuration (VMX001). */
  vmware: boolean;
}

export function analyze(root: SourceFile, sources: SourceProvider, options: AnalyzeOptions = {}): AnalysisResult {
  const config = options.config ?? defaultConfig();
  const reporter = new Reporter();

  if (root.text.length > config.limits.maxFileSize) {
    reporter.report('VMX111', root, { start: 0, end: 0 }, `the file is ${formatBytes(root.text.length)}, above the ${formatBytes(config.limits.maxFileSize)} limit (setting limits.maxFileSize): it is not checked`);
    return { diagnostics: finish(reporter.diagnostics, new Map([[root.uri, root]]), config), vmware: false };
  }
  if (root.ast.errors.length > 0 && isVmwareConfig(root.text)) {
    reporter.report('VMX001', root, { start: 0, end: firstLineEnd(root.text) }, 'this is a VMware virtual machine configuration (.vmx), not a host topology: it is not checked. Use "Convert VMware configuration to topology" to turn it into a vm block.');
    return { diagnostics: reporter.diagnostics, vmware: true };
  }

  const model = runStage('the model', root, reporter, () => {
    const m = resolve(root, sources, reporter, config.limits);
    reportSimulationSize(m, config, reporter);
    return m;
  });
  if (!model) {
    for (const e of root.ast.errors) reportSyntaxError(reporter, root, e);
    return { diagnostics: finish(reporter.diagnostics, new Map([[root.uri, root]]), config), vmware: false };
  }
  for (const file of model.files.values()) for (const e of file.ast.errors) reportSyntaxError(reporter, file, e);
  // Each family of checks and each extra stage on its own: one that throws costs its own findings, never the others'.
  runChecks(model, root, reporter, config, options.memo);
  for (const stage of options.extraStages ?? []) runStage('the simulation', root, reporter, () => stage(model, reporter, config));
  return { model, diagnostics: finish(reporter.diagnostics, model.files, config, { root, simulated: (options.extraStages ?? []).length > 0 }), vmware: false };
}

/**
 * Every family of checks, in registry order. With a memo, the per-host
 * families' findings come from it (computed only for changed hosts); a
 * family that threw on some host runs on the whole model instead, so its
 * VMX111 and partial findings are what a from-scratch run gives.
 */
function runChecks(model: Model, root: SourceFile, reporter: Reporter, config: CheckConfig, memo: HostCheckMemo | undefined): void {
  const perHost = memo ? CHECKS.filter((f) => f.scope === 'host') : [];
  const memoised = memo?.run(model, config, perHost);
  for (const family of CHECKS) {
    const i = perHost.indexOf(family);
    if (i >= 0 && !memoised!.failed.has(family)) for (const d of memoised!.findings[i]) reporter.diagnostics.push(d);
    else runStage(family.name, root, reporter, () => family.check({ model, reporter, config }));
  }
}

function reportSyntaxError(reporter: Reporter, file: SourceFile, e: SourceFile['ast']['errors'][number]): void {
  const nesting = e.message.startsWith('nesting deeper');
  // The parser's mechanical repair (glue a unit, add a '}') becomes the diagnostic's quick fix.
  const fixes = e.fix ? [{ title: e.fix.title, preferred: true, edits: e.fix.edits.map((x) => ({ uri: file.uri, range: file.lines.range(x.start, x.end), newText: x.newText })) }] : undefined;
  reporter.report(nesting ? 'VMX111' : 'VMX100', file, e, e.message, { fixes });
}

/**
 * Runs one stage of the pipeline; an exception in it (a bug, or a stack
 * overflow on a pathological input) becomes one VMX111 error at the start of
 * the root file — the stage's name and the first line of the error, no
 * stack — and the diagnostics of every other stage are kept. Cancellation
 * (an AbortError from the simulation's signal) is not a failure: it goes on.
 */
function runStage<T>(name: string, root: SourceFile, reporter: Reporter, run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (isCancellation(e)) throw e;
    reporter.report('VMX111', root, { start: 0, end: 0 }, `internal error in ${name}: ${firstLine(e)}`);
    return undefined;
  }
}

function isCancellation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/** The first line of an error's message, at most 200 characters. */
function firstLine(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    text = 'an unprintable exception';
  }
  const breakAt = text.search(/[\r\n]/);
  const line = breakAt < 0 ? text : text.slice(0, breakAt);
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Final pass: drop what a syntax error on the same line already explains
 * (one broken line, one error), apply `# vmx-ignore` comments, report the
 * root's suppression hygiene (VMX113, VMX114; suppress.ts), apply the
 * profile and the configured severities (profiles.ts), and sort by file and position.
 */
function finish(diagnostics: Diagnostic[], files: Map<string, SourceFile>, config: CheckConfig, hygiene?: { root: SourceFile; simulated: boolean }): Diagnostic[] {
  const syntaxLines = new Set<string>();
  for (const d of diagnostics) if (d.code === 'VMX100') syntaxLines.add(`${d.uri}\u0000${d.range.start.line}`);
  const kept = diagnostics.filter((d) => d.code === 'VMX100' || d.code === 'VMX111' || !syntaxLines.has(`${d.uri}\u0000${d.range.start.line}`));
  const shown = applyPolicy(kept, (uri) => files.get(uri), config, {
    hygiene: hygiene
      ? (sup) => {
          const { root, simulated } = hygiene;
          // Unused suppressions are judged only when every stage ran on a file that parses.
          const complete = root.ast.errors.length === 0 && !diagnostics.some((d) => d.code === 'VMX111');
          const extra = new Reporter();
          (sup.of(root.uri) ?? suppressions(root)).hygiene(extra, { simulated, complete });
          return extra.diagnostics;
        }
      : undefined,
  });
  return shown.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

/** End of the first line, before its line break (LF, CRLF or CR). */
function firstLineEnd(text: string): number {
  const i = text.search(/[\r\n]/);
  return i < 0 ? text.length : i;
}
