/**
 * Resource guards (docs/limits.md): values the language accepts but the
 * engine will not compute with — a count no kernel has, a quantity past
 * exact floating point, a simulation too large to finish. Each is a
 * setting in `Limits`; crossing it is VMX111 with a message that names the
 * setting. The value is then left out of the model, as an invalid one is.
 */
import { CheckConfig, DEFAULT_LIMITS, Limits } from '../config';
import { Reporter } from '../diagnostics/reporter';
import { AttributeSpec, formatSeconds, UNIT_KINDS } from '../schema';
import { CFS_PERIOD } from '../schema/conversions';
import { Span, ValueNode } from '../syntax/ast';
import { MAX_TICKS, timing } from './timing';
import { Model, Pattern, SourceFile } from './types';

/** Attributes that count processes or threads (against limits.maxProcesses). */
const PROCESS_COUNTS = new Set(['process.count', 'workload.processes', 'cgroup.pids.max']);

function patternNumbers(p: Pattern): number[] {
  switch (p.type) {
    case 'constant':
      return [p.value];
    case 'burst':
      return [p.base, p.peak, p.period];
    case 'ramp':
      return [p.from, p.to, p.over];
    case 'sine':
      return [p.mean + p.amplitude, p.period];
    case 'steps':
      return p.points.flat();
  }
}

/** The demand values of a pattern (not its times), for count limits. */
function patternDemands(p: Pattern): number[] {
  switch (p.type) {
    case 'constant':
      return [p.value];
    case 'burst':
      return [p.base, p.peak];
    case 'ramp':
      return [p.from, p.to];
    case 'sine':
      return [p.mean + p.amplitude];
    case 'steps':
      return p.points.map((x) => x[1]);
  }
}

/** The largest finite number, 0 for none. A loop: steps() may hold 300,000 values, too many for Math.max(...). */
function largest(xs: number[]): number {
  let most = 0;
  for (const x of xs) if (Number.isFinite(x) && x > most) most = x;
  return most;
}

function numbersOf(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object' && 'type' in value) return patternNumbers(value as Pattern);
  if (value && typeof value === 'object' && ('bandwidth' in value || 'iops' in value)) return Object.values(value as Record<string, number>);
  return [];
}

function normalisedNoun(spec: AttributeSpec): string {
  const t = spec.type;
  return t.t === 'quantity' || t.t === 'pattern' ? ` ${UNIT_KINDS[t.unit].normalised}` : '';
}

/** VMX111 message when a validated attribute value is beyond a limit; undefined when it is within. */
export function attributeLimitProblem(kind: string, spec: AttributeSpec, value: unknown, writtenText: string | (() => string), limits: Limits = DEFAULT_LIMITS): string | undefined {
  // Hot path (every attribute of every file): plain values within bounds allocate nothing.
  const t = spec.type.t;
  if (value === undefined || (t !== 'quantity' && t !== 'integer' && t !== 'pattern' && t !== 'ioLimit')) return undefined;
  if (typeof value === 'number' && !(Math.abs(value) > limits.maxQuantity) && !(value > limits.maxProcesses && PROCESS_COUNTS.has(`${kind}.${spec.aliasOf ?? spec.name}`))) return undefined;
  const written = typeof writtenText === 'string' ? writtenText : writtenText();
  const key = `${kind}.${spec.aliasOf ?? spec.name}`;
  if (PROCESS_COUNTS.has(key)) {
    const demands = typeof value === 'number' ? [value] : value && typeof value === 'object' && 'type' in value ? patternDemands(value as Pattern) : [];
    const most = largest(demands);
    if (most > limits.maxProcesses) {
      return `${spec.name} = ${written} is above the limit of ${limits.maxProcesses} processes (limits.maxProcesses): no kernel runs that many, and the simulation would not count them`;
    }
  }
  const most = largest(numbersOf(value).map(Math.abs));
  if (most > limits.maxQuantity) {
    return `${spec.name} = ${written} is ${most.toExponential(3)}${normalisedNoun(spec)}, above the limit of ${limits.maxQuantity} (limits.maxQuantity): the engine cannot compute with it exactly`;
  }
  return undefined;
}

/**
 * The simulator advances in ticks of one CFS period (100 ms); when
 * duration / tick would pass limits.maxSimulationSteps (or entities × ticks
 * limits.maxSimulationWork) it keeps the run bounded by taking longer
 * ticks (core/src/model/timing.ts). Tell the user, naming the limit.
 */
export function simulationSizeProblem(model: Model, config: CheckConfig): string | undefined {
  const run = timing(model, config, {});
  const wanted = Math.min(CFS_PERIOD, run.duration);
  if (run.tick <= wanted * (1 + 1e-9)) return undefined;
  const limits = config.limits;
  const entities = Math.max(1, model.entities.length);
  const requested = Math.ceil(run.duration / wanted - 1e-9);
  const byWork = Math.floor(limits.maxSimulationWork / entities) < Math.min(limits.maxSimulationSteps, MAX_TICKS);
  const why = byWork
    ? `${fmt(entities)} entities × ${fmt(requested)} steps of ${formatSeconds(wanted)} = ${fmt(entities * requested)} entity-steps, above the limit of ${fmt(limits.maxSimulationWork)} (limits.maxSimulationWork)`
    : `${fmt(requested)} steps of ${formatSeconds(wanted)}, above the limit of ${fmt(Math.min(limits.maxSimulationSteps, MAX_TICKS))} (limits.maxSimulationSteps)`;
  return `the simulation of ${formatSeconds(run.duration)} needs ${why}: it runs with coarser steps of ${formatSeconds(run.tick)}; shorten the duration for full resolution`;
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'unbounded';
}

/** Where a simulation-size problem is shown: duration, else step, else the simulate block, else the topology. */
export function simulationSizeSpan(model: Model): { file: SourceFile; span: Span } {
  const block = model.simulation.block;
  if (block) {
    const a = block.attributes.get('duration') ?? block.attributes.get('step');
    return { file: block.file, span: a?.node ?? block.node.kindSpan };
  }
  const top = model.topologyBlocks.find((b) => b.file === model.root) ?? model.topologyBlocks[0];
  return top ? { file: top.file, span: top.node.kindSpan } : { file: model.root, span: { start: 0, end: 0 } };
}

/** The model's simulation, checked against the limits: VMX111 (a warning: it still runs, coarser). */
export function reportSimulationSize(model: Model, config: CheckConfig, reporter: Reporter): void {
  const problem = simulationSizeProblem(model, config);
  if (!problem) return;
  const where = simulationSizeSpan(model);
  reporter.report('VMX111', where.file, where.span, problem, { severity: 'warning' });
}

/** How many CPUs a `cpus` value lists, from the syntax alone (before building the list): `0..65535` is 65,536. */
export function cpuListSize(v: ValueNode): number {
  const span = (from: number, to: number) => (Number.isFinite(from) && Number.isFinite(to) && to >= from ? to - from + 1 : 0);
  switch (v.type) {
    case 'number':
      return 1;
    case 'range':
      return span(v.from.value, v.to.value);
    case 'list': {
      let n = 0;
      for (const item of v.items) n += cpuListSize(item);
      return n;
    }
    case 'string': {
      let n = 0;
      for (const part of v.value.split(',')) {
        const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
        if (m) n += m[2] === undefined ? 1 : span(Number(m[1]), Number(m[2]));
      }
      return n;
    }
    default:
      return 0;
  }
}

/** VMX111 message when this CPU list would bring the file's listed CPUs past limits.maxPinnedCpus. */
export function cpuListProblem(name: string, written: string, size: number, listedBefore: number, limits: Limits): string | undefined {
  if (listedBefore + size <= limits.maxPinnedCpus) return undefined;
  return `${name} = ${written.length > 60 ? written.slice(0, 60) + '…' : written} lists ${fmt(size)} CPUs, which brings the CPUs listed in this file above the limit of ${fmt(limits.maxPinnedCpus)} (limits.maxPinnedCpus): it is not checked`;
}
