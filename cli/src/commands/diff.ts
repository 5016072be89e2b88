/**
 * `vmx diff OLD NEW` and `vmx diff --git REF FILE` (DESIGN §7.1): what a
 * change does — findings added, removed and changed, entities added and
 * removed, and per entity the change in granted CPU, steal, throttling,
 * memory p95 and headroom (core/src/diff). Text is a compact table, JSON
 * follows docs/schemas/diff.schema.json, markdown fits a pull-request comment.
 *
 * `--git REF FILE` reads FILE at REF with `git show REF:PATH` (PATH relative
 * to the repository's top level); its imports inside the repository are read
 * at REF too, imports outside it from the disk as they are now.
 *
 * Both versions are checked with the configuration of NEW (the nearest
 * vmx.config.json above it, or --config, and --profile), so the diff shows what the
 * topology change does, not a configuration change.
 *
 * Exit 0 when the change adds no error-severity finding; 1 when it adds one
 * (a new error, or a finding raised to error); 2 on usage errors and
 * unreadable input (one line on stderr).
 */
import { fileURLToPath } from 'node:url';
import { analyze } from '../../../core/src/analyze';
import { CheckConfig } from '../../../core/src/config';
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { GitError, GitRevision } from '../../../core/src/host/git';
import { diffTopologies, DiffEntity, DiffFinding, DiffSide, EntityChange, isEmptyDiff, MetricName, METRICS, TopologyDiff } from '../../../core/src/diff';
import { SourceProvider } from '../../../core/src/model/imports';
import { SourceFile } from '../../../core/src/model/types';
import { createSourceFile, stripBom } from '../../../core/src/source';
import { simulationStage } from '../../../core/src/sim';
import { fmtBytes } from '../../../core/src/sim/engine';
import { SimulationResult } from '../../../core/src/sim/types';
import { parseCommandArgs } from '../args';
import { configFor, parseProfileFlag } from '../config-file';
import { CliError, DiskSources, displayPath, Output, pathToUri, readTopologyFile } from '../files';
import { checkImportRootFlag, importRootFor } from '../import-root';
import { parseDuration } from './simulate';

/** What the runner needs to know to show a version: how its URIs are named. */
interface Version {
  side: DiffSide;
  pathOf: (uri: string) => string;
}

export const DIFF_HELP = `usage: vmx diff [options] OLD NEW
       vmx diff --git REF [options] FILE

What a change does: findings added, removed and changed, entities added and
removed, and per entity the change in granted CPU, steal, throttling, memory
p95 and headroom. --git REF compares FILE as committed at REF (git show
REF:PATH; its imports in the repository at REF too) with the working copy.

options:
  --format text|json|markdown  output format (default: text); markdown fits a
                           pull-request comment, JSON is docs/schemas/diff.schema.json
  --git REF                the old version is FILE at this git ref
  --duration D             simulated time of both versions: 30s, 2min or seconds
                           (default: each file's simulate block, else 60 s)
  --seed N                 seed of both simulations (default: each file's, else 1)
  --all                    list every entity in both versions, changed or not
  --config FILE            use this vmx.config.json for both (default: the
                           nearest one above NEW)
  --profile NAME           default, baseline or restricted: raise the severities
                           of some security checks in both (docs/checks.md)
  --import-root DIR        imports must lie in DIR (default: the git work tree
                           holding each file, else its folder)
  -h, --help               show this help

Exit status: 0 the change adds no error-severity finding, 1 it adds one, 2 usage
error or unreadable input. See docs/diff.md.`;

export function runDiff(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('diff', args, {
    help: { type: 'boolean', short: 'h', default: false },
    format: { type: 'string', default: 'text' },
    git: { type: 'string' },
    duration: { type: 'string' },
    seed: { type: 'string' },
    all: { type: 'boolean', default: false },
    config: { type: 'string' },
    profile: { type: 'string' },
    'import-root': { type: 'string' },
  });
  if (values.help) {
    out.stdout(DIFF_HELP + '\n');
    return 0;
  }
  const format = values.format as string;
  if (!['text', 'json', 'markdown'].includes(format)) throw new CliError(`unknown --format '${format}': expected text, json or markdown`);
  const gitRef = values.git;
  if (gitRef !== undefined) {
    if (positionals.length !== 1) throw new CliError('diff --git REF takes one FILE (the working copy to compare with REF)');
  } else if (positionals.length !== 2) throw new CliError(positionals.length < 2 ? 'diff needs OLD and NEW files (or --git REF FILE)' : 'diff takes two files, OLD and NEW');
  const duration = values.duration !== undefined ? parseDuration(values.duration) : undefined;
  const seed = values.seed !== undefined ? parseSeed(values.seed) : undefined;
  const importRootFlag = checkImportRootFlag(values['import-root']);
  const newPath = positionals[positionals.length - 1];
  const { config } = configFor(newPath, { configPath: values.config, profile: parseProfileFlag(values.profile), severities: {}, thresholds: {}, warn: (line) => out.stderr(`vmx: ${visibleText(line)}\n`) });
  const run = { config, duration, seed };

  const newVersion = diskVersion(newPath, importRootFor(newPath, importRootFlag), run);
  const oldVersion = gitRef !== undefined ? gitVersion(gitRef, newPath, importRootFor(newPath, importRootFlag), run) : diskVersion(positionals[0], importRootFor(positionals[0], importRootFlag), run);
  const diff = diffTopologies(oldVersion.side, newVersion.side, { all: values.all });
  const names = { old: oldVersion.pathOf(oldVersion.side.uri), new: newVersion.pathOf(newVersion.side.uri) };
  const paths = { old: oldVersion.pathOf, new: newVersion.pathOf };
  if (format === 'json') out.stdout(JSON.stringify(diffJson(diff, paths), null, 2) + '\n');
  else if (format === 'markdown') out.stdout(formatMarkdown(diff, names, paths));
  else out.stdout(formatText(diff, names, paths));
  return diff.summary.errorsAdded > 0 ? 1 : 0;
}

function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new CliError(`invalid --seed '${text}': expected a whole number from 0`);
  return n;
}

interface RunSettings {
  config: CheckConfig;
  duration?: number;
  seed?: number;
}

function analyzeSide(file: SourceFile, sources: SourceProvider, run: RunSettings, name: string): DiffSide {
  let simulation: SimulationResult | undefined;
  const analysis = analyze(file, sources, { config: run.config, extraStages: [simulationStage({ duration: run.duration, seed: run.seed, seriesPoints: 0 }, (r) => (simulation = r))] });
  if (analysis.vmware) throw new CliError(`'${name}' is a VMware VM configuration, not a host topology`);
  return { uri: file.uri, analysis, simulation };
}

function diskVersion(path: string, importRoot: string, run: RunSettings): Version {
  const sources = new DiskSources(run.config, { importRoot });
  const uri = pathToUri(path);
  const file = sources.add(uri, readTopologyFile(path));
  const given = new Map([[uri, path]]);
  return { side: analyzeSide(file, sources, run, path), pathOf: (u) => displayPath(u, given) };
}

function gitVersion(ref: string, path: string, importRoot: string, run: RunSettings): Version {
  const revision = atRevision(path, ref);
  const rel = revision.pathInRepo(path);
  if (rel === undefined) throw new CliError(`cannot compare '${path}' with ${ref}: it is not inside the git repository ${revision.top}`);
  const make = (uri: string, t: string) => createSourceFile(uri, stripBom(t), run.config.limits.maxNestingDepth, run.config.limits.maxFileSize);
  const uri = pathToUri(path);
  const root = make(uri, gitShow(revision, rel));
  const sources = revision.sources(make, new DiskSources(run.config, { importRoot }), [[uri, root]]);
  const pathOf = (u: string): string => {
    const r = u.startsWith('file:') ? revision.pathInRepo(fileURLToPath(u)) : undefined;
    return r !== undefined ? `${ref}:${r}` : displayPath(u);
  };
  return { side: analyzeSide(root, sources, run, `${ref}:${rel}`), pathOf };
}

/** The revision, or git's complaint as the CLI's one-line error. */
function atRevision(path: string, ref: string): GitRevision {
  try {
    return GitRevision.of(path, ref);
  } catch (e) {
    throw e instanceof GitError ? new CliError(e.message) : e;
  }
}

function gitShow(revision: GitRevision, rel: string): string {
  try {
    return revision.show(rel);
  } catch (e) {
    throw e instanceof GitError ? new CliError(e.message) : e;
  }
}

// ---- output ---------------------------------------------------------------

type Paths = { old: (uri: string) => string; new: (uri: string) => string };

function findingJson(f: DiffFinding, pathOf: (uri: string) => string) {
  const { uri, ...rest } = f;
  return { ...rest, path: pathOf(uri) };
}

function entityJson(e: DiffEntity, pathOf: (uri: string) => string) {
  const { uri, ...rest } = e;
  return { ...rest, path: pathOf(uri) };
}

/** The JSON of docs/schemas/diff.schema.json: the core's diff with paths for URIs. */
export function diffJson(d: TopologyDiff, paths: Paths) {
  const side = (s: TopologyDiff['old'], pathOf: (uri: string) => string) => {
    const { uri, ...rest } = s;
    return { path: pathOf(uri), ...rest };
  };
  return {
    version: d.version,
    old: side(d.old, paths.old),
    new: side(d.new, paths.new),
    summary: d.summary,
    findings: {
      added: d.findings.added.map((f) => findingJson(f, paths.new)),
      removed: d.findings.removed.map((f) => findingJson(f, paths.old)),
      changed: d.findings.changed.map((c) => ({ code: c.code, entity: c.entity, old: findingJson(c.old, paths.old), new: findingJson(c.new, paths.new) })),
    },
    entities: {
      added: d.entities.added.map((e) => entityJson(e, paths.new)),
      removed: d.entities.removed.map((e) => entityJson(e, paths.old)),
      changed: d.entities.changed.map((e) => ({ ...entityJson(e, paths.new), metrics: e.metrics, changed: e.changed })),
    },
  };
}

const METRIC_TITLES: Record<MetricName, string> = {
  cpuGranted: 'Granted CPU',
  cpuSteal: 'Steal',
  cpuThrottled: 'Throttled',
  memoryP95: 'Memory p95',
  cpuHeadroom: 'CPU headroom',
  memoryHeadroom: 'Memory headroom',
};

const MINUS = '\u2212';

function value(m: MetricName, v: number | null): string {
  if (v === null) return '—';
  if (m === 'memoryP95' || m === 'memoryHeadroom') return v < 0 ? `${MINUS}${fmtBytes(-v)}` : fmtBytes(v);
  if (m === 'cpuSteal' || m === 'cpuThrottled') return `${(v * 100).toFixed(1)}%`;
  return v < 0 ? `${MINUS}${(-v).toFixed(2)}` : v.toFixed(2);
}

function signedDelta(m: MetricName, d: number): string {
  const sign = d < 0 ? MINUS : '+';
  const a = Math.abs(d);
  if (m === 'memoryP95' || m === 'memoryHeadroom') return `${sign}${fmtBytes(a)}`;
  if (m === 'cpuSteal' || m === 'cpuThrottled') return `${sign}${(a * 100).toFixed(1)} pp`;
  return `${sign}${a.toFixed(2)}`;
}

/** One metric of one entity: `old → new (±delta)` when it changed, else its value. */
function metricCell(e: EntityChange, m: MetricName): string {
  const c = e.metrics[m];
  if (!e.changed.includes(m)) return value(m, c.new);
  return `${value(m, c.old)} → ${value(m, c.new)}${c.delta === null ? '' : ` (${signedDelta(m, c.delta)})`}`;
}

const at = (f: { uri: string; range: { start: { line: number; character: number } } }, pathOf: (uri: string) => string) => `${pathOf(f.uri)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;

function summaryLine(d: TopologyDiff): string {
  const s = d.summary;
  const errors = s.errorsAdded > 0 ? ` (${s.errorsAdded} new error${s.errorsAdded === 1 ? '' : 's'})` : '';
  const findings = `${s.findingsAdded} finding${s.findingsAdded === 1 ? '' : 's'} added${errors}, ${s.findingsRemoved} removed, ${s.findingsChanged} changed`;
  return `${findings}; ${s.entitiesChanged} ${s.entitiesChanged === 1 ? 'entity' : 'entities'} changed, ${s.entitiesAdded} added, ${s.entitiesRemoved} removed`;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, c) => rows.reduce((w, row) => Math.max(w, row[c].length), h.length));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

export function formatText(d: TopologyDiff, names: { old: string; new: string }, paths: Paths): string {
  const lines = [`vmx diff ${names.old} → ${names.new}`];
  if (isEmptyDiff(d)) {
    lines.push('no change: the same findings and the same simulated figures');
    return visibleText(lines.join('\n') + '\n', (c) => c === '\n');
  }
  lines.push(summaryLine(d), '');
  const f = d.findings;
  if (f.added.length + f.removed.length + f.changed.length > 0) {
    const rows: string[][] = [];
    for (const x of f.added) rows.push(['+', x.severity, x.code, x.entity ?? '—', at(x, paths.new), x.message]);
    for (const x of f.removed) rows.push(['-', x.severity, x.code, x.entity ?? '—', at(x, paths.old), x.message]);
    for (const c of f.changed) {
      const sev = c.old.severity === c.new.severity ? c.new.severity : `${c.old.severity}→${c.new.severity}`;
      rows.push(['~', sev, c.code, c.entity ?? '—', at(c.new, paths.new), `${c.old.message} → ${c.new.message}`]);
    }
    lines.push(...table(['', 'SEVERITY', 'CODE', 'ENTITY', 'WHERE', 'MESSAGE'], rows), '');
  }
  const e = d.entities;
  for (const x of e.added) lines.push(`+ ${x.kind} ${x.id} (${at(x, paths.new)})`);
  for (const x of e.removed) lines.push(`- ${x.kind} ${x.id} (${at(x, paths.old)})`);
  if (e.added.length + e.removed.length > 0) lines.push('');
  if (e.changed.length > 0) {
    const rows = e.changed.map((x) => [x.id, x.kind, ...METRICS.map((m) => metricCell(x, m))]);
    lines.push(...table(['ENTITY', 'KIND', ...METRICS.map((m) => METRIC_TITLES[m].toUpperCase())], rows), '');
  }
  // Entity names and messages carry user text: shown escaped, so a name cannot drive the terminal.
  return visibleText(lines.join('\n'), (c) => c === '\n');
}

/**
 * User text in a markdown table cell: control and invisible characters shown
 * escaped, then every character markdown or GitHub would read as syntax
 * (emphasis, links, raw HTML, entities, code spans, the cell separator `|`)
 * backslash-escaped, so a name cannot break the table or inject markup.
 */
export function markdownText(s: string): string {
  return visibleText(s).replace(/[\\`*_[\]<>|~&#!]/g, (c) => `\\${c}`);
}

export function formatMarkdown(d: TopologyDiff, names: { old: string; new: string }, paths: Paths): string {
  const out = [`### vmx diff: ${markdownText(names.old)} → ${markdownText(names.new)}`, ''];
  if (isEmptyDiff(d)) {
    out.push('No change: the same findings and the same simulated figures.', '');
    return out.join('\n');
  }
  out.push(`**${summaryLine(d)}.**`, '');
  const f = d.findings;
  if (f.added.length + f.removed.length + f.changed.length > 0) {
    out.push('#### Findings', '', '| Change | Code | Severity | Entity | Message | Where |', '| --- | --- | --- | --- | --- | --- |');
    const row = (change: string, x: DiffFinding, message: string, severity: string, pathOf: (uri: string) => string) =>
      `| ${change} | ${x.code} | ${severity} | ${x.entity === null ? '—' : markdownText(x.entity)} | ${message} | ${markdownText(at(x, pathOf))} |`;
    for (const x of f.added) out.push(row('added', x, markdownText(x.message), x.severity, paths.new));
    for (const x of f.removed) out.push(row('removed', x, markdownText(x.message), x.severity, paths.old));
    for (const c of f.changed) {
      const sev = c.old.severity === c.new.severity ? c.new.severity : `${c.old.severity} → ${c.new.severity}`;
      out.push(row('changed', c.new, `${markdownText(c.old.message)} → ${markdownText(c.new.message)}`, sev, paths.new));
    }
    out.push('');
  }
  const e = d.entities;
  if (e.added.length + e.removed.length + e.changed.length > 0) {
    out.push('#### Entities', '', `| Entity | Kind | ${METRICS.map((m) => METRIC_TITLES[m]).join(' | ')} |`, `| --- | --- | ${METRICS.map(() => '---:').join(' | ')} |`);
    const blank = METRICS.map(() => '').join(' | ');
    for (const x of e.added) out.push(`| ${markdownText(x.id)} (added) | ${x.kind} | ${blank} |`);
    for (const x of e.removed) out.push(`| ${markdownText(x.id)} (removed) | ${x.kind} | ${blank} |`);
    for (const x of e.changed) out.push(`| ${markdownText(x.id)} | ${x.kind} | ${METRICS.map((m) => markdownText(metricCell(x, m))).join(' | ')} |`);
    out.push('');
  }
  const sim = d.new.simulated ? `simulated ${d.new.duration} s, seed ${d.new.seed}` : 'not simulated';
  out.push(`_CPU in CPUs; steal and throttling in % of the time (pp: percentage points); ${sim}._`, '');
  return out.join('\n');
}
