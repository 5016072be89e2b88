/** `vmx check`: every diagnostic the editor would show, as text, JSON (§7) or SARIF. */
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { analyze } from '../../../core/src/analyze';
import { CheckConfig } from '../../../core/src/config';
import { ConfigFlags, configFor, parseLimitFlags, parseProfileFlag, parseSeverityFlags, parseThresholdFlags } from '../config-file';
import { checkImportRootFlag, importRootFor } from '../import-root';
import { Diagnostic, Severity } from '../../../core/src/diagnostics/types';
import { SourceFile } from '../../../core/src/model/types';
import { parseCommandArgs, CONFIGURATION_OPTIONS } from '../args';
import { entityPath, Finding, matchBaseline, readBaseline, writeBaseline } from '../baseline';
import { expandArguments } from '../expand';
import { simulationStage } from '../../../core/src/sim';
import { CliError, DiskSources, displayPath, Output, pathToUri, readTopologyFile, VERSION } from '../files';
import { formatJson } from '../format-json';
import { inputName } from '../inputs';
import { formatSarif } from '../format-sarif';
import { formatText } from '../format-text';

export interface CheckedFile {
  path: string;
  uri: string;
  diagnostics: Diagnostic[];
}

/**
 * Check files as the editor would; entries for every given file plus
 * imported files with findings. Each file's imports are confined to its
 * import root (`importRoot`, else its git work tree or folder).
 */
export interface CheckResult {
  entries: CheckedFile[];
  pathOf: (uri: string) => string;
  /** The parsed file a diagnostic's URI names (for baselines). */
  sourceOf: (uri: string) => SourceFile | undefined;
}

export function checkFiles(paths: string[], config: CheckConfig, simulate = true, importRoot?: string): CheckResult {
  const sourcesByRoot = new Map<string, DiskSources>();
  const sourcesFor = (path: string): DiskSources => {
    const root = importRootFor(path, importRoot);
    let sources = sourcesByRoot.get(root);
    if (!sources) sourcesByRoot.set(root, (sources = new DiskSources(config, { importRoot: root })));
    return sources;
  };
  const given = new Map<string, string>();
  const roots = paths.map((p) => {
    const uri = pathToUri(p);
    given.set(uri, p);
    return { path: inputName(p), uri, text: readTopologyFile(p), sources: sourcesFor(p) };
  });
  const pathOf = (uri: string) => displayPath(uri, given);
  const byUri = new Map<string, CheckedFile>();
  const seen = new Set<string>();
  for (const r of roots) if (!byUri.has(r.uri)) byUri.set(r.uri, { path: r.path, uri: r.uri, diagnostics: [] });
  for (const r of roots) {
    const file = r.sources.add(r.uri, r.text);
    // Simulation findings (VMX4xx) unless --no-simulate; the series are not needed here.
    const result = analyze(file, r.sources, { config, extraStages: simulate ? [simulationStage({ seriesPoints: 0 })] : [] });
    for (const d of result.diagnostics) {
      const key = `${d.uri}|${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let entry = byUri.get(d.uri);
      if (!entry) byUri.set(d.uri, (entry = { path: pathOf(d.uri), uri: d.uri, diagnostics: [] }));
      entry.diagnostics.push(d);
    }
  }
  const sourceOf = (uri: string) => {
    for (const sources of sourcesByRoot.values()) {
      const f = sources.peek(uri);
      if (f) return f;
    }
    return undefined;
  };
  return { entries: [...byUri.values()], pathOf, sourceOf };
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** `--fail-on LEVEL`: the lowest severity that fails the run. */
export function parseFailOn(value: string | undefined): Severity {
  const v = value ?? 'error';
  if (!Object.hasOwn(SEVERITY_RANK, v)) throw new CliError(`invalid --fail-on '${v}': expected error, warning, information or hint`);
  return v as Severity;
}

export function runCheck(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('check', args, {
    format: { type: 'string', default: 'text' },
    'no-simulate': { type: 'boolean', default: false },
    'fail-on': { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    ...CONFIGURATION_OPTIONS,
  });
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new CliError(`unknown --format '${format}': expected text, json or sarif`);
  const failOn = parseFailOn(values['fail-on']);
  if (positionals.length === 0) throw new CliError('check needs at least one FILE or DIR (see vmx check --help)');
  const paths = expandArguments(positionals);
  const flags = configFlags(values, out);
  const importRoot = checkImportRootFlag(values['import-root']);
  // Read before checking: a missing baseline is a usage error, not a pass.
  const baseline = values.baseline !== undefined && values['write-baseline'] === undefined ? readBaseline(values.baseline) : undefined;
  const { entries, pathOf, sourceOf } = checkWithConfigs(paths, flags, !values['no-simulate'], importRoot);
  const findings: Finding[] = entries.flatMap((e) => e.diagnostics.map((d) => ({ path: e.path, diagnostic: d, entity: entityPath(sourceOf(d.uri), d) })));

  if (values['write-baseline'] !== undefined) {
    const n = writeBaseline(values['write-baseline'], findings);
    out.stderr(`vmx: wrote ${n} finding${n === 1 ? '' : 's'} to ${visibleText(values['write-baseline'])}\n`);
    return 0;
  }
  let shown = entries;
  let remaining = findings;
  if (baseline) {
    const { known } = matchBaseline(baseline, values.baseline!, findings);
    const knownDiagnostics = new Set([...known].map((f) => f.diagnostic));
    shown = entries.map((e) => ({ ...e, diagnostics: e.diagnostics.filter((d) => !knownDiagnostics.has(d)) }));
    remaining = findings.filter((f) => !known.has(f));
    if (known.size > 0) out.stderr(`vmx: ${known.size} finding${known.size === 1 ? '' : 's'} in the baseline ${visibleText(values.baseline!)} not shown\n`);
  }
  if (format === 'json') out.stdout(formatJson(shown, pathOf));
  else if (format === 'sarif') out.stdout(formatSarif(shown, VERSION, pathOf));
  else out.stdout(formatText(shown, out.isTty && !process.env.NO_COLOR));
  return remaining.some((f) => SEVERITY_RANK[f.diagnostic.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

/** --config, --profile, --severity, --threshold and --limit, as check and simulate share them. */
export function configFlags(values: { config?: string; profile?: string; severity?: string[]; threshold?: string[]; limit?: string[] }, out: Output): ConfigFlags {
  const warned = new Set<string>();
  return {
    configPath: values.config,
    profile: parseProfileFlag(values.profile),
    severities: parseSeverityFlags(values.severity ?? []),
    thresholds: parseThresholdFlags(values.threshold ?? []),
    limits: parseLimitFlags(values.limit ?? []),
    // One line per ignored setting, however many files share the config file.
    warn: (line) => {
      if (!warned.has(line)) out.stderr(`vmx: ${visibleText(line)}\n`);
      warned.add(line);
    },
  };
}

/** Files under different vmx.config.json files are checked with their own configuration. */
function checkWithConfigs(paths: string[], flags: ConfigFlags, simulate: boolean, importRoot: string | undefined): CheckResult {
  const groups = new Map<string, { config: CheckConfig; paths: string[] }>();
  for (const p of paths) {
    const { config, source } = configFor(p, flags);
    const key = source ?? '';
    const g = groups.get(key);
    if (g) g.paths.push(p);
    else groups.set(key, { config, paths: [p] });
  }
  if (groups.size === 1) {
    const [g] = groups.values();
    return checkFiles(g.paths, g.config, simulate, importRoot);
  }
  const results = [...groups.values()].map((g) => checkFiles(g.paths, g.config, simulate, importRoot));
  const byUri = new Map<string, CheckedFile>();
  for (const r of results) for (const e of r.entries) {
    const existing = byUri.get(e.uri);
    if (existing) for (const d of e.diagnostics) existing.diagnostics.push(d);
    else byUri.set(e.uri, e);
  }
  const order = new Map(paths.map((p, i) => [inputName(p), i]));
  const entries = [...byUri.values()].sort((a, b) => (order.get(a.path) ?? Infinity) - (order.get(b.path) ?? Infinity));
  const given = new Map(paths.map((p) => [pathToUri(p), p]));
  return { entries, pathOf: (uri: string) => displayPath(uri, given), sourceOf: (uri: string) => results.map((r) => r.sourceOf(uri)).find((f) => f !== undefined) };
}
