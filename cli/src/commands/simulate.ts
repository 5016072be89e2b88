/**
 * `vmx simulate [--format text|json] [--duration D] [--seed N] [--series N] FILE`:
 * runs the resource simulation and reports per entity (DESIGN §7). Text is
 * a table (with a progress bar on a terminal for long runs); JSON is §7's
 * shape. The configuration is check's (vmx.config.json, --config,
 * --profile, --severity, --threshold, --limit). A file with errors (after severities
 * and `# vmx-ignore`) is not simulated: its errors go to stderr, exit 1.
 * Exit 1 too when the simulation finds an error, 2 on usage errors and
 * unreadable files.
 */
import { visibleText } from '../../../core/src/diagnostics/visible-text';
import { analyze } from '../../../core/src/analyze';
import { parseCommandArgs, CONFIGURATION_OPTIONS } from '../args';
import { configFor } from '../config-file';
import { configFlags } from './check';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { simulationStage } from '../../../core/src/sim';
import { fmtBytes } from '../../../core/src/sim/engine';
import { EntityResult, SimulationResult } from '../../../core/src/sim/types';
import { CliError, DiskSources, displayPath, Output, pathToUri, readTopologyFile } from '../files';
import { toJsonDiagnostic } from '../format-json';
import { checkImportRootFlag, importRootFor } from '../import-root';

/** `30s`, `2min`, `1.5h`, `500ms`, or plain seconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|min|m|h)?\s*$/.exec(text);
  const factor = { ms: 0.001, s: 1, min: 60, m: 60, h: 3600 } as const;
  const value = m ? Number(m[1]) * factor[(m[2] ?? 's') as keyof typeof factor] : NaN;
  if (!(value > 0) || !isFinite(value)) throw new CliError(`invalid --duration '${text}': expected a positive duration such as 30s, 2min or 90`);
  return value;
}

function parseCount(text: string, flag: string, min: number): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError(`invalid ${flag} '${text}': expected a whole number`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new CliError(`invalid ${flag} '${text}': expected a whole number from ${min}`);
  return n;
}

export function runSimulate(args: string[], out: Output): number {
  const { values, positionals } = parseCommandArgs('simulate', args, {
    format: { type: 'string', default: 'text' },
    duration: { type: 'string' },
    seed: { type: 'string' },
    series: { type: 'string' },
    ...CONFIGURATION_OPTIONS,
  });
  const format = values.format as string;
  if (format !== 'text' && format !== 'json') throw new CliError(`unknown --format '${format}': expected text or json`);
  if (positionals.length !== 1) throw new CliError(positionals.length === 0 ? 'simulate needs a FILE (see vmx simulate --help)' : 'simulate takes one FILE (see vmx simulate --help)');
  const duration = values.duration !== undefined ? parseDuration(values.duration) : undefined;
  const seed = values.seed !== undefined ? parseCount(values.seed, '--seed', 0) : undefined;
  const seriesPoints = values.series !== undefined ? Math.min(parseCount(values.series, '--series', 0), 10000) : 0;

  const path = positionals[0];
  // The configuration check uses: the nearest vmx.config.json (or --config), then the flags.
  const { config } = configFor(path, configFlags(values, out));
  const sources = new DiskSources(config, { importRoot: importRootFor(path, checkImportRootFlag(values['import-root'])) });
  const uri = pathToUri(path);
  const file = sources.add(uri, readTopologyFile(path));
  const given = new Map([[uri, path]]);
  const pathOf = (u: string) => displayPath(u, given);

  // Only a file without errors is simulated: a simulation of a topology that does not mean what it says would mislead.
  const statics = analyze(file, sources, { config });
  if (statics.vmware) throw new CliError(`'${path}' is a VMware VM configuration, not a host topology`);
  const staticErrors = statics.diagnostics.filter((d) => d.severity === 'error');
  if (staticErrors.length > 0) {
    for (const d of staticErrors.slice(0, 20)) out.stderr(`${visibleText(pathOf(d.uri))}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${visibleText(d.message)}\n`);
    if (staticErrors.length > 20) out.stderr(`… and ${staticErrors.length - 20} more errors (vmx check ${visibleText(path)})\n`);
    out.stderr(`vmx: ${visibleText(path)} has ${staticErrors.length} error${staticErrors.length === 1 ? '' : 's'}; not simulated\n`);
    return 1;
  }

  const bar = progressBar(out);
  let result: SimulationResult | undefined;
  const analysis = analyze(file, sources, { config, extraStages: [simulationStage({ duration, seed, seriesPoints, onProgress: bar.update }, (r) => (result = r))] });
  bar.done();
  if (!result) {
    // The simulation stage itself failed (an internal error is a VMX111 diagnostic).
    for (const d of analysis.diagnostics.filter((x) => x.severity === 'error')) out.stderr(`${visibleText(pathOf(d.uri))}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${visibleText(d.message)}\n`);
    throw new CliError(`'${path}' was not simulated`);
  }
  const findings = analysis.diagnostics.filter((d) => d.code.startsWith('VMX4'));
  if (format === 'json') out.stdout(JSON.stringify(toJson(result, findings, pathOf), null, 2) + '\n');
  else out.stdout(formatTable(result, findings, pathOf));
  return analysis.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

function toJson(r: SimulationResult, findings: Diagnostic[], pathOf: (uri: string) => string) {
  const json: Record<string, unknown> = {
    version: 1,
    duration: r.duration,
    step: r.step,
    seed: r.seed,
    entities: r.entities.map(({ uri, ...e }) => ({ ...e, path: pathOf(uri) })),
    findings: findings.map((d) => ({ ...toJsonDiagnostic(d, pathOf), path: pathOf(d.uri) })),
  };
  if (r.times) json.times = r.times;
  return json;
}

const num = (v: number, digits = 2) => (v === 0 ? '0' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`);

function eventSummary(e: EntityResult): string {
  const counts = new Map<string, { n: number; t: number }>();
  for (const ev of e.events) {
    const c = counts.get(ev.type);
    if (c) c.n++;
    else counts.set(ev.type, { n: 1, t: ev.t });
  }
  const parts = [...counts].map(([type, c]) => `${type}${c.n > 1 ? ` ×${c.n}` : ''} @${c.t.toFixed(2)}s`);
  if (e.pids.failedForks > 0 && !counts.has('fork-failed')) parts.push(`${e.pids.failedForks} failed forks`);
  else if (e.pids.failedForks > 1) parts.push(`(${e.pids.failedForks} failed forks)`);
  return parts.join(', ') || '—';
}

export function formatTable(r: SimulationResult, findings: Diagnostic[], pathOf: (uri: string) => string): string {
  const head = ['ENTITY', 'KIND', 'CPU DEMAND mean/p95', 'GRANTED mean', 'STEAL', 'THROTTLED', 'MEMORY mean/max', 'LIMIT', 'SWAPPED max', 'EVENTS'];
  const rows = r.entities.map((e) => [
    e.id,
    e.kind,
    `${num(e.cpu.demand.mean)} / ${num(e.cpu.demand.p95)}`,
    num(e.cpu.granted.mean),
    pct(e.cpu.steal),
    pct(e.cpu.throttled),
    `${fmtBytes(e.memory.used.mean)} / ${fmtBytes(e.memory.used.max)}`,
    e.memory.limit === null ? '—' : fmtBytes(e.memory.limit),
    e.memory.swapped.max > 0 ? fmtBytes(e.memory.swapped.max) : '0',
    eventSummary(e),
  ]);
  // A loop, not Math.max(...rows): 200,000 entities would overflow the call stack as arguments.
  const widths = head.map((h, c) => rows.reduce((w, row) => Math.max(w, row[c].length), h.length));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const lines = [`simulated ${r.duration} s (CPU in CPUs, seed ${r.seed})`, '', line(head), ...rows.map(line), ''];
  if (findings.length === 0) lines.push('no simulation findings');
  for (const d of findings) lines.push(`${pathOf(d.uri)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  // Entity ids and paths carry user text: shown escaped, so a name cannot drive the terminal.
  return visibleText(lines.join('\n') + '\n', (c) => c === '\n');
}

/** A progress bar on stderr, shown only on a terminal and only once a run has taken 300 ms. */
function progressBar(out: Output) {
  const tty = process.stderr.isTTY === true && out.isTty;
  const started = Date.now();
  let shown = false;
  return {
    update: (f: number) => {
      if (!tty || (!shown && Date.now() - started < 300)) return;
      shown = true;
      const width = 30;
      const filled = Math.round(f * width);
      out.stderr(`\rsimulating [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(f * 100)}%`);
    },
    done: () => {
      if (shown) out.stderr('\r\x1b[2K');
    },
  };
}
