/**
 * The pipeline every front end calls: source files → syntax errors →
 * resolved model → checks → (simulation findings) → configured severities
 * and suppressions. Pure: no I/O beyond the SourceProvider it is given.
 */
import { runChecks } from './checks';
import { isVmwareConfig } from './checks/vmware';
import { CheckConfig, defaultConfig } from './config';
import { Reporter } from './diagnostics/reporter';
import { Diagnostic } from './diagnostics/types';
import { SourceProvider } from './model/imports';
import { reportSimulationSize } from './model/limits';
import { resolve } from './model/resolve';
import { Model, SourceFile } from './model/types';
import { formatBytes } from './schema';
import { suppressions } from './suppress';

export interface AnalyzeOptions {
  config?: CheckConfig;
  /** Extra diagnostics from the model, e.g. simulation findings (VMX4xx). */
  extraStages?: ((model: Model, reporter: Reporter, config: CheckConfig) => void)[];
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

  const model = resolve(root, sources, reporter, config.limits);
  reportSimulationSize(model, config, reporter);
  for (const file of model.files.values()) {
    for (const e of file.ast.errors) {
      const nesting = e.message.startsWith('nesting deeper');
      reporter.report(nesting ? 'VMX111' : 'VMX100', file, e, e.message);
    }
  }
  runChecks({ model, reporter, config });
  for (const stage of options.extraStages ?? []) stage(model, reporter, config);
  return { model, diagnostics: finish(reporter.diagnostics, model.files, config), vmware: false };
}

/**
 * Final pass: drop what a syntax error on the same line already explains
 * (one broken line, one error), apply `# vmx-ignore` comments and the
 * configured severities, and sort by file and position.
 */
function finish(diagnostics: Diagnostic[], files: Map<string, SourceFile>, config: CheckConfig): Diagnostic[] {
  const syntaxLines = new Set<string>();
  for (const d of diagnostics) if (d.code === 'VMX100') syntaxLines.add(`${d.uri}\u0000${d.range.start.line}`);
  const ignored = new Map<string, ReturnType<typeof suppressions>>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'VMX100' && d.code !== 'VMX111' && syntaxLines.has(`${d.uri}\u0000${d.range.start.line}`)) continue;
    const file = files.get(d.uri);
    // Syntax errors and limits are not findings: a comment cannot silence them (an invalid file always gets a diagnostic).
    if (file && d.code !== 'VMX100' && d.code !== 'VMX111') {
      let sup = ignored.get(d.uri);
      if (!sup) ignored.set(d.uri, (sup = suppressions(file)));
      if (sup.isSuppressed(d.code, d.range.start.line)) continue;
    }
    const setting = config.severities[d.code];
    if (setting === 'off') continue;
    if (setting) d.severity = setting;
    out.push(d);
  }
  return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

/** End of the first line, before its line break (LF, CRLF or CR). */
function firstLineEnd(text: string): number {
  const i = text.search(/[\r\n]/);
  return i < 0 ? text.length : i;
}
