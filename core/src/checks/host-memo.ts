/**
 * Per-host memo of the check findings (issue 13, point 2): hosts share no
 * CPU, memory, kernel or device, so every family whose scope is 'host'
 * (index.ts) finds on a host what it finds on a model of that host alone.
 * Those findings are kept per host block, keyed by the block's exact text
 * (with its file, the column it starts at and the configuration); an edit
 * to host A runs the families on A only, and every other host's findings
 * are reused, moved by as many lines as the host moved. Families that
 * compare across hosts (scope 'file') are the caller's to run on the whole
 * model.
 *
 * Reuse gives exactly what a from-scratch run gives: the same findings, and
 * in the same order per family (a family walks hosts, or their containers,
 * in model order; concatenating per-host findings in host order keeps that
 * order wherever two findings could tie in the final sort).
 */
import { CheckConfig } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { Diagnostic } from '../diagnostics/types';
import { Host, Model } from '../model/types';
import { blockHeaderSpan } from '../syntax/ast';
import { Range } from '../text/line-index';
import { CheckFamily } from './index';

interface Entry {
  /** Header line of the host when the findings were computed. */
  line: number;
  /** Findings per family, in the order of the families the memo was asked for. */
  findings: Diagnostic[][];
}

/** Counters a test (or the server's stats) reads: hosts whose checks ran, hosts whose findings were reused. */
export interface HostMemoStats {
  computed: number;
  reused: number;
}

export class HostCheckMemo {
  readonly stats: HostMemoStats = { computed: 0, reused: 0 };
  private entries = new Map<string, Entry>();

  /**
   * The findings of `families` for every host of `model`, per family in
   * model order, each a fresh copy (the pipeline's policy sets severities on
   * what it is given). `failed`: the families that threw on some host; their
   * findings are not returned and nothing of them is memoised — the caller
   * runs them on the whole model, as a from-scratch analysis does.
   */
  run(model: Model, config: CheckConfig, families: CheckFamily[]): { findings: Diagnostic[][]; failed: Set<CheckFamily> } {
    const configKey = JSON.stringify(config);
    const parts = byHost(model);
    const next = new Map<string, Entry>();
    const failed = new Set<CheckFamily>();
    const perHost: { entry: Entry; delta: number }[] = [];
    for (const host of model.hosts) {
      const key = hostKey(host, configKey);
      const line = headerLine(host);
      let entry = next.get(key) ?? this.entries.get(key);
      if (entry) {
        this.stats.reused++;
        next.set(key, entry);
      } else {
        this.stats.computed++;
        const fresh = checkOneHost(model, host, parts.get(host)!, config, families, failed);
        entry = { line, findings: fresh.findings };
        if (fresh.ok) next.set(key, entry);
      }
      perHost.push({ entry, delta: line - entry.line });
    }
    // Hosts that are gone (or whose text changed) are forgotten.
    this.entries = next;
    const findings = families.map((family, f) => {
      const out: Diagnostic[] = [];
      if (failed.has(family)) return out;
      for (const { entry, delta } of perHost) for (const d of entry.findings[f]) out.push(moved(d, delta));
      return out;
    });
    return { findings, failed };
  }
}

/** Each host's own VMs, containers, groups, pods and entities, in model order. */
interface HostPart {
  vms: Model['vms'];
  containers: Model['containers'];
  groups: Model['groups'];
  pods: Model['pods'];
  entities: Model['entities'];
}

function byHost(model: Model): Map<Host, HostPart> {
  const out = new Map<Host, HostPart>();
  for (const h of model.hosts) out.set(h, { vms: [], containers: [], groups: [], pods: [], entities: [] });
  for (const v of model.vms) out.get(v.host)?.vms.push(v);
  for (const c of model.containers) out.get(c.host)?.containers.push(c);
  for (const g of model.groups) out.get(g.host)?.groups.push(g);
  for (const p of model.pods) out.get(p.host)?.pods.push(p);
  for (const e of model.entities) out.get(e.host)?.entities.push(e);
  return out;
}

/** Every family on a model of this host alone; `ok` is false when one threw (then it is added to `failed`). */
function checkOneHost(model: Model, host: Host, part: HostPart, config: CheckConfig, families: CheckFamily[], failed: Set<CheckFamily>): { findings: Diagnostic[][]; ok: boolean } {
  const one: Model = { ...model, hosts: [host], ...part };
  let ok = true;
  const findings = families.map((family) => {
    if (failed.has(family)) return [];
    const reporter = new Reporter();
    try {
      family.check({ model: one, reporter, config });
    } catch {
      failed.add(family);
      ok = false;
      return [];
    }
    return reporter.diagnostics;
  });
  return { findings, ok };
}

/** The host block's text, where it is (file, starting column) and the configuration: all its per-host findings depend on. */
function hostKey(h: Host, configKey: string): string {
  const { file, node } = h.block;
  const column = node.start - file.lines.lineStart(file.lines.lineOf(node.start));
  return `${file.uri}\u0000${column}\u0000${configKey}\u0000${file.text.slice(node.start, node.end)}`;
}

function headerLine(h: Host): number {
  return h.block.file.lines.lineOf(blockHeaderSpan(h.block.node).start);
}

/** A copy of a finding `delta` lines down (its related places and fixes in the same file too). */
function moved(d: Diagnostic, delta: number): Diagnostic {
  const shift = (uri: string, r: Range): Range => (uri === d.uri ? { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } } : r);
  const out: Diagnostic = { ...d, range: shift(d.uri, d.range) };
  if (d.related) out.related = d.related.map((r) => ({ ...r, range: shift(r.uri, r.range) }));
  if (d.fixes) out.fixes = d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: shift(e.uri, e.range) })) }));
  return out;
}
