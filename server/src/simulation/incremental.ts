/**
 * Incremental simulation: hosts never share CPUs, memory or devices, so a
 * host whose text (and the run settings) did not change has the same
 * result as last time. Only changed hosts are simulated again; the others
 * are reused, their findings moved by as many lines as their host moved.
 * A one-host edit in a 2k-line topology re-simulates one host.
 *
 * Entries are keyed by host *block*, not by host id: a file may hold the
 * same host name twice (VMX105) and the simulation, like the CLI's, still
 * simulates every block. The n-th block named `h` in a file is slot
 * `file, h, n`; results are matched to blocks by model order, never by id.
 */
import { CheckConfig } from '../../../core/src/config';
import { Diagnostic } from '../../../core/src/diagnostics/types';
import { Entity, Host, Model } from '../../../core/src/model/types';
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
  /** Hosts simulated and hosts reused, over every run (tests read it: an edit to one host simulates that host). */
  readonly stats = { simulated: 0, reused: 0 };
  private readonly entries = new Map<string, HostEntry>();
  private times: number[] | undefined;

  /** Hosts whose result is not cached for these settings. */
  changedHosts(model: Model, config: CheckConfig, options: RunOptions): Host[] {
    const settings = settingsKey(model, config, options);
    const slots = slotsOf(model.hosts);
    return model.hosts.filter((h) => this.entries.get(slots.get(h)!)?.key !== hostKey(h, settings));
  }

  /**
   * Simulate only the changed hosts (with `run`), reuse the rest. The run
   * settings (tick) must not depend on the set of hosts; when they would,
   * everything is simulated.
   */
  async simulate(model: Model, config: CheckConfig, options: RunOptions, run: Simulate, partialAllowed = true): Promise<SimulationResult> {
    const settings = settingsKey(model, config, options);
    const slots = slotsOf(model.hosts);
    const changed = this.changedHosts(model, config, options);
    const full = timing(model, config, options);
    let fresh: SimulationResult | undefined;
    if (changed.length === 0) this.stats.reused += model.hosts.length;
    else {
      const sub = subModel(model, changed);
      const partial = partialAllowed && changed.length < model.hosts.length && timing(sub, config, options).tick === full.tick;
      const ran = partial ? sub : model;
      fresh = await run(ran, config, options);
      this.stats.simulated += ran.hosts.length;
      this.stats.reused += model.hosts.length - ran.hosts.length;
      this.store(ran, fresh, settings, slots);
      if (fresh.times) this.times = fresh.times;
    }
    // Drop hosts that no longer exist.
    const live = new Set(slots.values());
    for (const slot of this.entries.keys()) if (!live.has(slot)) this.entries.delete(slot);
    return this.assemble(model, full, fresh, slots);
  }

  /** Keep the results of the hosts of `ran` (the model that was simulated), one entry per host block. */
  private store(ran: Model, result: SimulationResult, settings: string, slots: Map<Host, string>): void {
    const byHost = new Map<Host, HostEntry>();
    for (const h of ran.hosts) {
      const entry: HostEntry = { key: hostKey(h, settings), uri: h.block.file.uri, line: headerLine(h), entities: [], findings: [] };
      byHost.set(h, entry);
      this.entries.set(slots.get(h)!, entry);
    }
    // Loops, not push(...list): a host with 100,000 entities would overflow the call stack as arguments.
    for (const [h, list] of resultsByHost(ran.entities, result.entities)) {
      const entry = byHost.get(h);
      if (entry) for (const e of list) entry.entities.push(e);
    }
    for (const f of result.findings) {
      const h = ran.hosts.find((x) => x.block.file.uri === f.uri && f.range.start.line >= x.block.file.lines.lineOf(x.block.node.start) && f.range.start.line <= x.block.file.lines.lineOf(x.block.node.end));
      if (h) byHost.get(h)!.findings.push(f);
    }
  }

  /**
   * The whole result, hosts in model order and each host's entities in the
   * order they were simulated: the model lists every host's entities right
   * after it, so this is model order, as a full run gives it.
   */
  private assemble(model: Model, full: ReturnType<typeof timing>, fresh: SimulationResult | undefined, slots: Map<Host, string>): SimulationResult {
    const entities: EntityResult[] = [];
    const findings: Diagnostic[] = [];
    for (const h of model.hosts) {
      const entry = this.entries.get(slots.get(h)!);
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
    findings.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
    const result: SimulationResult = { version: 1, duration: full.duration, step: full.step, seed: full.seed, entities, findings };
    const times = fresh?.times ?? this.times;
    if (times) result.times = times;
    return result;
  }
}

/** One key per host block: file, host id and how many blocks of that file had the id before it. */
function slotsOf(hosts: Host[]): Map<Host, string> {
  const seen = new Map<string, number>();
  const slots = new Map<Host, string>();
  for (const h of hosts) {
    const name = `${h.block.file.uri}\u0000${h.id}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    slots.set(h, `${name}\u0000${n}`);
  }
  return slots;
}

/**
 * Each host's entity results. A run reports entities in model order
 * (some may be missing); ids repeat when names do (VMX105), so results are
 * matched to the model's entities by walking both lists in order.
 */
function resultsByHost(modelEntities: Entity[], results: EntityResult[]): Map<Host, EntityResult[]> {
  const out = new Map<Host, EntityResult[]>();
  let i = 0;
  for (const r of results) {
    while (i < modelEntities.length && modelEntities[i].id !== r.id) i++;
    if (i === modelEntities.length) break;
    const host = modelEntities[i].host;
    let list = out.get(host);
    if (!list) out.set(host, (list = []));
    list.push(r);
    i++;
  }
  return out;
}

function subModel(model: Model, hosts: Host[]): Model {
  const set = new Set(hosts);
  // Every per-host list filtered, groups and pods too: the sub-model is these hosts' model, whatever a stage reads of it.
  const own = <T extends { host: Host }>(list: T[]): T[] => list.filter((x) => set.has(x.host));
  return { ...model, hosts, entities: own(model.entities), vms: own(model.vms), containers: own(model.containers), groups: own(model.groups), pods: own(model.pods) };
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
