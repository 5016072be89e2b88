/**
 * Analysis results per open root document, cached until a file of its
 * import graph changes. Every feature asks here; nothing re-analyses a
 * version that was already analysed.
 */
import { analyze, AnalysisResult } from '../../core/src/analyze';
import { HostCheckMemo } from '../../core/src/checks/host-memo';
import { Diagnostic } from '../../core/src/diagnostics/types';
import { resolveImportUri } from '../../core/src/model/imports';
import { SourceFile } from '../../core/src/model/types';
import { OffsetEdit } from './text-sync';
import { Workspace } from './workspace';

export interface Analysis {
  uri: string;
  file: SourceFile;
  result: AnalysisResult;
  /** Every file of the import graph (the root included). */
  deps: Set<string>;
  /** Milliseconds the analysis took (drives the debounce). */
  elapsed: number;
}

export class Analyzer {
  private readonly cache = new Map<string, Analysis>();
  /** Import graph of every root analysed so far; outlives cache entries so dependents are still known. */
  private readonly graph = new Map<string, Set<string>>();
  /**
   * Simulation findings (VMX4xx) located in each root, merged into its
   * diagnostics. Kept in offsets of the current text: an edit moves the
   * findings after it and drops the ones it touched, so a finding of an
   * older version never points at text that changed or is gone.
   */
  private readonly findings = new Map<string, TrackedFinding[]>();
  /** Per root, the analysis an edit made stale, until the next one replaces it (see last()). */
  private readonly previous = new Map<string, Analysis>();
  /** Analyses made per root since it was opened (vmx/documentState reports it). */
  private readonly analyses = new Map<string, number>();
  /** Per root, the check findings of each host (core/src/checks/host-memo.ts): an edit checks the edited host only. */
  private readonly memos = new Map<string, HostCheckMemo>();

  constructor(private readonly workspace: Workspace) {}

  /** The analysis of the current text of `uri` (computed now when stale). */
  get(uri: string): Analysis | undefined {
    const cached = this.cache.get(uri);
    if (cached) return cached;
    const file = this.workspace.get(uri);
    if (!file) return undefined;
    const t0 = performance.now();
    let memo = this.memos.get(uri);
    if (!memo) this.memos.set(uri, (memo = new HostCheckMemo()));
    const result = analyze(file, this.workspace, { config: this.workspace.config, memo });
    const deps = new Set(result.model ? result.model.files.keys() : [uri]);
    // Imports that were not found (VMX109) still make this root depend on them: when the file appears
    // (a didChangeWatchedFiles Created event, an open), the root is analysed again.
    for (const i of file.imports) deps.add(i.uri);
    for (const f of result.model ? result.model.files.values() : [file]) {
      for (const item of f.ast.items) {
        if (item.type !== 'import' || !item.path) continue;
        const target = resolveImportUri(f.uri, item.path.value);
        if (target) deps.add(target);
      }
    }
    const a: Analysis = { uri, file, result, deps, elapsed: performance.now() - t0 };
    this.analyses.set(uri, (this.analyses.get(uri) ?? 0) + 1);
    this.cache.set(uri, a);
    this.previous.delete(uri);
    this.graph.set(uri, deps);
    return a;
  }

  /** The cached analysis, even when stale-free computing is not wanted (may be undefined). */
  peek(uri: string): Analysis | undefined {
    return this.cache.get(uri);
  }

  /**
   * The last analysis of `uri`, current or not: after an edit, the one of
   * the text before it, until the next is made. Hover answers from it while
   * a person types (server/src/lsp/hover.ts) instead of analysing each
   * keystroke's text.
   */
  last(uri: string): Analysis | undefined {
    return this.cache.get(uri) ?? this.previous.get(uri);
  }

  /** Drop analyses that depend on `uri`; returns the open roots affected. */
  invalidate(uri: string): string[] {
    const affected: string[] = [];
    for (const [root, deps] of this.graph) {
      if (root === uri || deps.has(uri)) {
        const stale = this.cache.get(root);
        if (stale) this.previous.set(root, stale);
        this.cache.delete(root);
        affected.push(root);
      }
    }
    if (!affected.includes(uri)) affected.push(uri);
    return affected;
  }

  invalidateAll(): void {
    // New settings: an older analysis says what the old settings said; nothing is answered from it.
    this.cache.clear();
    this.previous.clear();
  }

  /** How many analyses of a root were made since it was opened (vmx/documentState). */
  analysesOf(uri: string): number {
    return this.analyses.get(uri) ?? 0;
  }

  /** How many hosts the checks ran on and how many were reused, for a root (for tests and stats). */
  memoStats(uri: string): HostCheckMemo['stats'] | undefined {
    return this.memos.get(uri)?.stats;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.previous.delete(uri);
    this.memos.delete(uri);
    this.analyses.delete(uri);
    this.graph.delete(uri);
    this.findings.delete(uri);
  }

  /** Findings of a simulation of the current text of `uri` (the ones located in other files are not shown). */
  setFindings(uri: string, findings: Diagnostic[]): void {
    const file = this.workspace.get(uri);
    if (!file) return;
    const own = findings.filter((d) => d.uri === uri);
    this.findings.set(
      uri,
      own.map((d) => ({ diagnostic: d, start: file.lines.offset(d.range.start), end: file.lines.offset(d.range.end) })),
    );
  }

  /** The text of `uri` changed by `edits` (in order): move the findings after each, drop those it overlaps. */
  editFindings(uri: string, edits: OffsetEdit[]): void {
    const tracked = this.findings.get(uri);
    if (!tracked || edits.length === 0) return;
    const kept: TrackedFinding[] = [];
    for (const f of tracked) {
      let span: { start: number; end: number } | undefined = f;
      for (const e of edits) if (span) span = moved(span, e);
      // Fixes and related places in this file were computed for the old text: not carried over.
      if (span) kept.push({ diagnostic: withoutLocalExtras(f.diagnostic, uri), start: span.start, end: span.end });
    }
    this.findings.set(uri, kept);
  }

  clearFindings(uri: string): void {
    this.findings.delete(uri);
  }

  /**
   * Diagnostics located in the file `uri`: from its own analysis, from the
   * analyses of open files that import it (a host name that collides only in
   * the importer's topology), and the last simulation's findings. Deduplicated.
   */
  diagnosticsOf(uri: string, openUris: string[] = []): Diagnostic[] {
    const a = this.get(uri);
    if (!a) return [];
    // No hosts, nothing simulated: whatever an earlier text's simulation found is gone with them.
    if (!a.result.model || a.result.model.hosts.length === 0) this.clearFindings(uri);
    const out = a.result.diagnostics.filter((d) => d.uri === uri);
    const seen = new Set(out.map(key));
    const add = (list: Diagnostic[] | undefined): void => {
      for (const d of list ?? []) {
        if (d.uri !== uri || seen.has(key(d))) continue;
        seen.add(key(d));
        out.push(d);
      }
    };
    for (const root of openUris) {
      if (root === uri || !this.graph.get(root)?.has(uri)) continue;
      add(this.get(root)?.result.diagnostics);
    }
    add(this.findings.get(uri)?.map((f) => ({ ...f.diagnostic, range: a.file.lines.range(f.start, f.end) })));
    return out;
  }

  /** Open roots whose analysis includes `uri` (it imports it, or is it). */
  rootsContaining(uri: string, openUris: string[]): Analysis[] {
    const out: Analysis[] = [];
    for (const root of openUris) {
      const a = this.get(root);
      if (a?.deps.has(uri)) out.push(a);
    }
    return out;
  }
}

interface TrackedFinding {
  diagnostic: Diagnostic;
  /** Offsets in the current text of the root. */
  start: number;
  end: number;
}

/**
 * Where a span is after an edit: unchanged before it, shifted after it,
 * undefined when the edit touches its text (an insertion strictly inside
 * it, or a deletion of any of it).
 */
function moved(span: { start: number; end: number }, e: OffsetEdit): { start: number; end: number } | undefined {
  if (span.end <= e.start) return span;
  if (span.start >= e.end) {
    const delta = e.length - (e.end - e.start);
    return { start: span.start + delta, end: span.end + delta };
  }
  return undefined;
}

function withoutLocalExtras(d: Diagnostic, uri: string): Diagnostic {
  if (!d.fixes && !d.related?.some((r) => r.uri === uri)) return d;
  const { fixes: _fixes, related, ...rest } = d;
  const elsewhere = related?.filter((r) => r.uri !== uri);
  return elsewhere?.length ? { ...rest, related: elsewhere } : rest;
}

function key(d: Diagnostic): string {
  return `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.range.end.line}:${d.range.end.character}|${d.message}`;
}
