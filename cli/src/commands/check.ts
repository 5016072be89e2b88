/** `vmx check`: every diagnostic the editor would show, as text, JSON (§7) or SARIF. */
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { parseArgs } from 'node:util';
import { analyze } from '../../../core/src/analyze';
import { CheckConfig } from '../../../core/src/config';
import { ConfigFlags, configFor, parseLimitFlags, parseSeverityFlags, parseThresholdFlags } from '../config-file';
import { checkImportRootFlag, importRootFor } from '../import-root';
import { Diagnostic } from '../../../core/src/diagnostics/types';
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
export function checkFiles(paths: string[], config: CheckConfig, simulate = true, importRoot?: string): { entries: CheckedFile[]; pathOf: (uri: string) => string } {
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
  return { entries: [...byUri.values()], pathOf };
}

export function runCheck(args: string[], out: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'no-simulate': { type: 'boolean', default: false },
      severity: { type: 'string', multiple: true, default: [] },
      threshold: { type: 'string', multiple: true, default: [] },
      config: { type: 'string' },
      limit: { type: 'string', multiple: true, default: [] },
      'import-root': { type: 'string' },
    },
  });
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new CliError(`unknown --format '${format}': expected text, json or sarif`);
  if (positionals.length === 0) throw new CliError('check needs at least one FILE');
  const warned = new Set<string>();
  const flags: ConfigFlags = {
    configPath: values.config,
    severities: parseSeverityFlags(values.severity as string[]),
    thresholds: parseThresholdFlags(values.threshold as string[]),
    limits: parseLimitFlags(values.limit as string[]),
    // One line per ignored setting, however many files share the config file.
    warn: (line) => {
      if (!warned.has(line)) out.stderr(`vmx: ${visibleText(line)}\n`);
      warned.add(line);
    },
  };
  const importRoot = checkImportRootFlag(values['import-root']);
  const { entries, pathOf } = checkWithConfigs(positionals, flags, !values['no-simulate'], importRoot);
  if (format === 'json') out.stdout(formatJson(entries, pathOf));
  else if (format === 'sarif') out.stdout(formatSarif(entries, VERSION, pathOf));
  else out.stdout(formatText(entries, out.isTty && !process.env.NO_COLOR));
  return entries.some((e) => e.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** Files under different vmx.config.json files are checked with their own configuration. */
function checkWithConfigs(paths: string[], flags: ConfigFlags, simulate: boolean, importRoot: string | undefined): ReturnType<typeof checkFiles> {
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
  return { entries, pathOf: (uri: string) => displayPath(uri, given) };
}
