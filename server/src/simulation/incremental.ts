/**
 * Incremental simulation: hosts never share CPUs, memory or devices, so a
 * host whose text (and the run settings) did not change has the same
 * result as last time. Only changed hosts are simulated again; the others
 * are reused, their findings moved by as many lines as their host moved.
 * A one-host edit in a 2k-line topology re-simulates one host.
 */
import { CheckConfig } from '../../../core/src/config';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { Host, Model } from '../../../core/src/model/types';
import { timing } from '../../../core/src/sim/index';
import { EntityResult, SimulationResult } from '../../../core/src/sim/types';
import { blockHeaderSpan } from '../../../core/src/syntax/ast';
import { Range } from '../../../core/src/text/line-index';

interface HostEntry {
  key: string;
  uri: string;
  /** Line of the host's header when the entry was made. */
  line: number;
  entities: EntityResult[];
  findings: Diagnostic[];
}

export interface RunOptions {
  duration?: number;
  seed?: number;
  seriesPoints?: number;
}

export type Simulate = (model: Model, config: CheckConfig, options: RunOptions) => SimulationResult | Promise<SimulationResult>;

export class HostResultCache {
  private readonly entries = new Map<string, HostEntry>();
  private times: number[] | undefined;

  /** Hosts whose result is not cached for these settings. */
  changedHosts(model: Model, config: CheckConfig, options: RunOptions): Host[] {
    const settings = settingsKey(model, config, options);
    return model.hosts.filter((h) => this.entries.get(h.id)?.key !== hostKey(h, settings) || this.entries.get(h.id)?.uri !== h.block.file.uri);
  }

  /**
   * Simulate only the changed hosts (with `run`), reuse the rest. The run
   * settings (tick) must not depend on the set of hosts; when they would,
   * everything is simulated.
   */
  async simulate(model: Model, config: CheckConfig, options: RunOptions, run: Simulate, partialAllowed = true): Promise<SimulationResult> {
    const settings = settingsKey(model, config, options);
    const changed = this.changedHosts(model, config, options);
    const full = timing(model, config, options);
    let fresh: SimulationResult | undefined;
    if (changed.length > 0) {
      const sub = subModel(model, changed);
      const partial = partialAllowed && changed.length < model.hosts.length && timing(sub, config, options).tick === full.tick;
      fresh = await run(partial ? sub : model, config, options);
      this.store(partial ? changed : model.hosts, fresh, settings);
      if (fresh.times) this.times = fresh.times;
    }
    // Drop hosts that no longer exist.
    const live = new Set(model.hosts.map((h) => h.id));
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    return this.assemble(model, full, fresh);
  }

  private store(hosts: Host[], result: SimulationResult, settings: string): void {
    const byHost = new Map<string, HostEntry>();
    for (const h of hosts) {
      const entry: HostEntry = { key: hostKey(h, settings), uri: h.block.file.uri, line: headerLine(h), entities: [], findings: [] };
      byHost.set(h.id, entry);
      this.entries.set(h.id, entry);
    }
    const hostOfId = (id: string): HostEntry | undefined => byHost.get(id.split('/')[0]);
    for (const e of result.entities) hostOfId(e.id)?.entities.push(e);
    for (const f of result.findings) {
      const h = hosts.find((x) => x.block.file.uri === f.uri && f.range.start.line >= x.block.file.lines.lineOf(x.block.node.start) && f.range.start.line <= x.block.file.lines.lineOf(x.block.node.end));
      if (h) byHost.get(h.id)!.findings.push(f);
    }
  }

  private assemble(model: Model, full: ReturnType<typeof timing>, fresh: SimulationResult | undefined): SimulationResult {
    const entities: EntityResult[] = [];
    const findings: Diagnostic[] = [];
    for (const h of model.hosts) {
      const entry = this.entries.get(h.id);
      if (!entry) continue;
      const delta = headerLine(h) - entry.line;
      if (delta !== 0) {
        for (const e of entry.entities) e.range = shift(e.range, delta);
        for (const f of entry.findings) {
          f.range = shift(f.range, delta);
          for (const r of f.related ?? []) if (r.uri === entry.uri) r.range = shift(r.range, delta);
        }
        entry.line += delta;
      }
      // Loops, not push(...): a host with 100,000 entities would overflow the call stack as arguments.
      for (const e of entry.entities) entities.push(e);
      for (const f of entry.findings) findings.push(f);
    }
    // Entity order as in the model (as a full run gives it).
    const order = new Map(model.entities.map((e, i) => [e.id, i]));
    entities.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    findings.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
    const result: SimulationResult = { version: 1, duration: full.duration, step: full.step, seed: full.seed, entities, findings };
    const times = fresh?.times ?? this.times;
    if (times) result.times = times;
    return result;
  }
}

function subModel(model: Model, hosts: Host[]): Model {
  const set = new Set(hosts);
  return { ...model, hosts, entities: model.entities.filter((e) => set.has(e.host)), vms: model.vms.filter((v) => set.has(v.host)), containers: model.containers.filter((c) => set.has(c.host)) };
}

function settingsKey(model: Model, config: CheckConfig, options: RunOptions): string {
  const t = timing(model, config, options);
  return JSON.stringify([t.duration, t.step, t.seed, t.tick, config.thresholds, options.seriesPoints ?? 200]);
}

function hostKey(h: Host, settings: string): string {
  return `${settings}\u0000${h.id}\u0000${h.block.file.text.slice(h.block.node.start, h.block.node.end)}`;
}

function headerLine(h: Host): number {
  return h.block.file.lines.lineOf(blockHeaderSpan(h.block.node).start);
}

function shift(r: Range, delta: number): Range {
  return { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } };
}
