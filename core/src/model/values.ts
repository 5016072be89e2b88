/**
 * Schema-typed values: a syntax-tree value checked against an attribute's
 * type and normalised (VMX103 for the wrong type/unit/enum, VMX104 for out
 * of range). References inside values (`container("x")`, `volume("x")`) are
 * parsed here and resolved later, once every block is known.
 */
import { CallValue, NumberValue, Span, StringValue, ValueNode } from '../syntax/ast';
import { AttributeSpec, CFS_PERIOD_MAX, CFS_PERIOD_MIN, didYouMean, normaliseQuantity, parseCpuMaxString, PatternName, patternSpec, PATTERNS, UNIT_KINDS, UnitKind, ValueType, ValueTypeName } from '../schema';
import { IoLimit, MountSource, NamespaceSetting, Pattern, UserSetting } from './types';

export interface ValueProblem {
  code: 'VMX103' | 'VMX104';
  message: string;
  span: Span;
}

/** `period`: the CFS period (seconds) of a `cpu.max` written as the kernel's "QUOTA PERIOD". */
export type Coerced = { ok: true; value: unknown; period?: number } | { ok: false; problem: ValueProblem };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (span: Span, message: string, code: 'VMX103' | 'VMX104' = 'VMX103'): Coerced => ({ ok: false, problem: { code, message, span } });

export function describeValue(v: ValueNode): string {
  switch (v.type) {
    case 'number':
      return v.unit ? `the quantity ${v.raw}` : `the number ${v.raw}`;
    case 'string':
      return `the string ${JSON.stringify(v.value.length > 30 ? v.value.slice(0, 30) + '…' : v.value)}`;
    case 'boolean':
      return `${v.value}`;
    case 'ident':
      return `'${v.name}'`;
    case 'range':
      return 'a range';
    case 'list':
      return 'a list';
    case 'call':
      return `a call to ${v.callee}()`;
  }
}

type TypeOf<K extends ValueTypeName> = Extract<ValueType, { t: K }>;

/** What a value of each type looks like, for "expected …" messages: keyed by every value type of the schema, so a new type without an entry does not compile. */
const EXPECTED: { [K in ValueTypeName]: (type: TypeOf<K>) => string } = {
  quantity: (type) => `${UNIT_KINDS[type.unit].noun} (e.g. ${UNIT_KINDS[type.unit].example}${type.unlimited ? ', or max' : ''})`,
  integer: () => 'a whole number',
  boolean: () => 'true or false',
  string: () => 'a string in quotes',
  path: () => 'an absolute path in quotes (e.g. "/srv/data")',
  enum: (type) => `one of ${type.values.join(', ')}${type.orString ? ' or a string in quotes' : ''}`,
  names: () => 'a list of names (e.g. [a, b])',
  cpus: () => 'logical CPUs: a number, a range (0..3) or a list ([0, 2, 4..7])',
  namespace: () => 'private, host or container("name")',
  mountSource: () => 'a path in quotes or volume("name")',
  user: () => 'root, a user name or a numeric UID',
  pattern: (type) => `${UNIT_KINDS[type.unit].noun} or a pattern (${PATTERNS.map((p) => p.name).join(', ')})`,
  ioLimit: () => 'a data rate (200MBps) and/or an I/O rate (5000iops)',
};

function expectedOf(type: ValueType): string {
  return (EXPECTED[type.t] as (t: ValueType) => string)(type);
}

/** Every value type the schema has (ValueType's `t`), from the registry that must name them all. */
export const VALUE_TYPE_NAMES = Object.keys(EXPECTED) as ValueTypeName[];

/** Check bounds of the schema (VMX104). */
function inRange(spec: AttributeSpec, value: number, span: Span, shown: string): Coerced | undefined {
  if (spec.min !== undefined && (value < spec.min || (spec.minExclusive && value === spec.min))) {
    const what = spec.minExclusive ? `above ${spec.min}` : `at least ${spec.min}`;
    return bad(span, `${spec.name} = ${shown} is out of range: it must be ${what}${spec.max !== undefined ? ` and at most ${spec.max}` : ''}`, 'VMX104');
  }
  if (spec.max !== undefined && value > spec.max) {
    return bad(span, `${spec.name} = ${shown} is out of range: it must be at most ${spec.max}${spec.min !== undefined ? ` (range ${spec.min}–${spec.max})` : ''}`, 'VMX104');
  }
  return undefined;
}

type QuantityOptions = { unlimited?: boolean; bareScale?: number; integer?: boolean; bareAtLeast?: number; kernelString?: 'cpu.max' };

function quantity(v: ValueNode, unit: UnitKind, spec: AttributeSpec | undefined, opts: QuantityOptions): Coerced {
  if (v.type === 'ident' && opts.unlimited && v.name === 'max') return ok(Infinity);
  if (v.type === 'string' && opts.kernelString === 'cpu.max') return cpuMaxString(v, spec);
  if (v.type !== 'number') return bad(v, `expected ${UNIT_KINDS[unit].noun} (e.g. ${UNIT_KINDS[unit].example}${opts.unlimited ? ', or max' : ''}${opts.kernelString ? ', or the kernel\'s "QUOTA PERIOD"' : ''}), found ${describeValue(v)}`);
  if (!isFinite(v.value)) return bad(v, `${v.raw} is not a finite number`, 'VMX104');
  const r = normaliseQuantity(v.value, v.unit, unit, opts.bareScale);
  if (r.error !== undefined || r.value === undefined) return bad(v, r.error ?? 'invalid quantity');
  if (v.unit === '' && unit === 'size' && opts.bareScale === undefined) {
    const problem = bareBytesProblem(v, spec, opts);
    if (problem) return problem;
  }
  if (!isFinite(r.value)) return bad(v, `${v.raw} overflows: the value is too large to represent`, 'VMX104');
  if (opts.integer && !Number.isInteger(r.value)) return bad(v, `expected a whole number, found ${v.raw}`);
  if (spec) {
    const range = inRange(spec, r.value, v, v.raw);
    if (range) return range;
  }
  return ok(r.value);
}

/**
 * A bare number where a size is expected is bytes (`memory.max = 1073741824`,
 * as the kernel writes it): whole, and for a machine's memory not so small
 * that the unit was surely left out (`memory = 16`).
 */
function bareBytesProblem(v: NumberValue, spec: AttributeSpec | undefined, opts: QuantityOptions): Coerced | undefined {
  if (!Number.isInteger(v.value)) return bad(v, `a size without a unit is bytes, a whole number: found ${v.raw}; write it with a unit (e.g. ${v.raw}GiB)`);
  if (opts.bareAtLeast === undefined || v.value <= 0 || v.value >= opts.bareAtLeast) return undefined;
  const guess = v.value >= 128 ? `${v.raw}MiB or ${v.raw}GiB` : `${v.raw}GiB`;
  return bad(v, `${spec?.name ?? 'memory'} = ${v.raw} is ${v.raw} byte${v.value === 1 ? '' : 's'}: did you mean ${guess}? A number without a unit is bytes; write memory with a unit`);
}

/** `cpu.max = "50000 100000"`: the kernel's file, quota and period in µs (`max` for no quota). */
function cpuMaxString(v: StringValue, spec: AttributeSpec | undefined): Coerced {
  const parsed = parseCpuMaxString(v.value);
  if (!parsed) return bad(v, `"${v.value.length > 30 ? v.value.slice(0, 30) + '…' : v.value}" is not the kernel's cpu.max: expected "QUOTA PERIOD" in microseconds ("50000 100000" is 0.5 CPU), "max 100000" or "max"`);
  if (parsed.period < CFS_PERIOD_MIN || parsed.period > CFS_PERIOD_MAX) {
    return bad(v, `cpu.max period ${Math.round(parsed.period * 1e6)}µs is out of range: the kernel accepts 1000 to 1000000 µs`, 'VMX104');
  }
  if (spec) {
    const range = inRange(spec, parsed.cpus, v, JSON.stringify(v.value));
    if (range) return range;
  }
  return { ok: true, value: parsed.cpus, period: parsed.period };
}

function integer(v: ValueNode, spec: AttributeSpec): Coerced {
  if (v.type !== 'number' || v.unit !== '' || !Number.isInteger(v.value)) {
    if (v.type === 'number' && v.unit === 'k' && Number.isInteger(v.value * 1000)) return integerValue(v.value * 1000, v, spec);
    return bad(v, `expected a whole number, found ${describeValue(v)}`);
  }
  return integerValue(v.value, v, spec);
}

function integerValue(n: number, v: NumberValue, spec: AttributeSpec): Coerced {
  if (!Number.isSafeInteger(n)) return bad(v, `${v.raw} is too large`, 'VMX104');
  return inRange(spec, n, v, v.raw) ?? ok(n);
}

function identOrString(v: ValueNode): { text: string; span: Span } | undefined {
  if (v.type === 'ident') return { text: v.name, span: v };
  if (v.type === 'string') return { text: v.value, span: v };
  return undefined;
}

function enumValue(v: ValueNode, values: string[], orString = false): Coerced {
  const word = identOrString(v);
  if (!word) return bad(v, `expected one of ${values.join(', ')}${orString ? ' or a string in quotes' : ''}, found ${describeValue(v)}`);
  if (values.includes(word.text)) return ok(word.text);
  const guess = didYouMean(word.text, values);
  return bad(v, `'${word.text}' is not one of ${values.join(', ')}${orString ? ' (other values go in quotes)' : ''}${guess ? `: did you mean '${guess}'?` : ''}`);
}

/** CPU lists: 3, 0..7, [0, 2, 4..7], or the kernel's "0-3,8". Sorted, unique. */
export function cpuList(v: ValueNode): Coerced {
  const cpus = new Set<number>();
  const add = (n: number, span: Span): ValueProblem | undefined => {
    if (!Number.isInteger(n) || n < 0) return { code: 'VMX104', message: `CPU numbers are whole numbers from 0, found ${n}`, span };
    if (n > 65535) return { code: 'VMX104', message: `CPU ${n} is beyond any machine (at most 65535)`, span };
    cpus.add(n);
    return undefined;
  };
  const addRange = (from: number, to: number, span: Span): ValueProblem | undefined => {
    if (to < from) return { code: 'VMX104', message: `empty CPU range ${from}..${to}: the end is below the start`, span };
    if (to - from > 65535) return { code: 'VMX104', message: `CPU range ${from}..${to} is too large`, span };
    for (let i = from; i <= to; i++) {
      const p = add(i, span);
      if (p) return p;
    }
    return undefined;
  };
  const one = (item: ValueNode): ValueProblem | undefined => {
    if (item.type === 'number' && item.unit === '') return add(item.value, item);
    if (item.type === 'range' && item.from.unit === '' && item.to.unit === '') return addRange(item.from.value, item.to.value, item);
    if (item.type === 'string') {
      for (const part of item.value.split(',')) {
        const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
        if (!m) return { code: 'VMX103', message: `"${item.value}" is not a CPU list (e.g. "0-3,8")`, span: item };
        const p = m[2] === undefined ? add(Number(m[1]), item) : addRange(Number(m[1]), Number(m[2]), item);
        if (p) return p;
      }
      return undefined;
    }
    return { code: 'VMX103', message: `expected logical CPUs (a number, a range 0..3 or a list), found ${describeValue(item)}`, span: item };
  };
  // One plain range (`0..65535`): the list directly, without a set and a sort.
  if (v.type === 'range' && v.from.unit === '' && v.to.unit === '' && Number.isInteger(v.from.value) && v.from.value >= 0 && v.to.value <= 65535 && v.to.value >= v.from.value && Number.isInteger(v.to.value)) {
    return ok(Array.from({ length: v.to.value - v.from.value + 1 }, (_, i) => v.from.value + i));
  }
  const items = v.type === 'list' ? v.items : [v];
  for (const item of items) {
    const p = one(item);
    if (p) return { ok: false, problem: p };
  }
  return ok([...cpus].sort((a, b) => a - b));
}

function singleStringArg(call: CallValue): { name: string; span: Span } | undefined {
  if (call.args.length !== 1 || call.args[0].name) return undefined;
  const a = call.args[0].value;
  if (a.type === 'string') return { name: a.value, span: a };
  if (a.type === 'ident') return { name: a.name, span: a };
  return undefined;
}

function namespace(v: ValueNode): Coerced {
  if (v.type === 'ident' || v.type === 'string') {
    const text = v.type === 'ident' ? v.name : v.value;
    if (text === 'private' || text === 'host') return ok({ mode: text } satisfies NamespaceSetting);
    const guess = didYouMean(text, ['private', 'host']);
    return bad(v, `'${text}' is not a namespace mode: expected private, host or container("name")${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  if (v.type === 'call' && v.callee === 'container') {
    const arg = singleStringArg(v);
    if (!arg) return bad(v, 'container(…) takes one container name: container("web")');
    return ok({ mode: 'container', name: arg.name, nameSpan: arg.span } satisfies NamespaceSetting);
  }
  return bad(v, `expected private, host or container("name"), found ${describeValue(v)}`);
}

function mountSource(v: ValueNode): Coerced {
  if (v.type === 'string') {
    if (!v.value.startsWith('/')) return bad(v, `a mount source path must be absolute (start with '/'), found "${v.value}"`);
    return ok({ kind: 'path', path: v.value } satisfies MountSource);
  }
  if (v.type === 'call' && v.callee === 'volume') {
    const arg = singleStringArg(v);
    if (!arg) return bad(v, 'volume(…) takes one volume name: volume("data")');
    return ok({ kind: 'volume', name: arg.name, nameSpan: arg.span } satisfies MountSource);
  }
  return bad(v, `expected a path in quotes or volume("name"), found ${describeValue(v)}`);
}

function user(v: ValueNode): Coerced {
  if (v.type === 'number' && v.unit === '' && Number.isInteger(v.value) && v.value >= 0 && v.value <= 4294967294) {
    return ok({ name: String(v.value), uid: v.value, isRoot: v.value === 0 } satisfies UserSetting);
  }
  if (v.type === 'number') return bad(v, `a UID is a whole number from 0 to 4294967294, found ${v.raw}`, 'VMX104');
  const word = identOrString(v);
  if (!word || word.text === '') return bad(v, `expected root, a user name or a numeric UID, found ${describeValue(v)}`);
  const m = /^(\d+)(?::\d+)?$/.exec(word.text);
  const uid = m ? Number(m[1]) : word.text === 'root' ? 0 : undefined;
  return ok({ name: word.text, uid, isRoot: uid === 0 || word.text === 'root' } satisfies UserSetting);
}

function names(v: ValueNode, type: Extract<ValueType, { t: 'names' }>): Coerced {
  const items = v.type === 'list' ? v.items : [v];
  const out: string[] = [];
  for (const item of items) {
    const word = identOrString(item);
    if (!word) return bad(item, `expected a name, found ${describeValue(item)}`);
    let text = word.text;
    if (type.upper) text = text.toUpperCase().replace(/^CAP_/, '');
    if (!type.open && !type.known.includes(text)) {
      const guess = didYouMean(text, type.known);
      const known = type.known.length > 12 ? 'a known name' : `one of ${type.known.join(', ')}`;
      return bad(item, `'${word.text}' is not ${known}${guess ? `: did you mean '${guess}'?` : ''}`);
    }
    out.push(text);
  }
  return ok(out);
}

function ioLimit(v: ValueNode): Coerced {
  const items = v.type === 'list' ? v.items : [v];
  const limit: IoLimit = {};
  for (const item of items) {
    if (item.type === 'ident' && item.name === 'max') continue;
    if (item.type !== 'number') return bad(item, `expected a data rate (200MBps) or an I/O rate (5000iops), found ${describeValue(item)}`);
    if (item.unit in UNIT_KINDS.rate.units) {
      limit.bandwidth = item.value * UNIT_KINDS.rate.units[item.unit];
    } else if (item.unit === 'iops' || item.unit === 'k') {
      limit.iops = item.value * UNIT_KINDS.iops.units[item.unit];
    } else {
      return bad(item, `io.max takes a data rate (KBps, MBps, GBps, Mbps, Gbps) or an I/O rate (iops), found ${describeValue(item)}`);
    }
    if (item.value < 0) return bad(item, `io.max cannot be negative, found ${item.raw}`, 'VMX104');
  }
  return ok(limit);
}

/** Named or positional arguments of a pattern call, checked against its parameters. */
function pattern(v: ValueNode, unit: UnitKind, spec: AttributeSpec): Coerced {
  if (v.type !== 'call') {
    const q = quantity(v, unit, undefined, { unlimited: false });
    if (!q.ok) return v.type === 'number' ? q : bad(v, `expected ${UNIT_KINDS[unit].noun} or a pattern (${PATTERNS.map((p) => p.name).join(', ')}), found ${describeValue(v)}`);
    const value = q.value as number;
    if (value < 0) return bad(v, `${spec.name} cannot be negative (${(v as NumberValue).raw})`, 'VMX104');
    return ok({ type: 'constant', value } satisfies Pattern);
  }
  const p = patternSpec(v.callee);
  if (!p) {
    const guess = didYouMean(v.callee, PATTERNS.map((x) => x.name));
    return bad(v.calleeSpan, `unknown pattern '${v.callee}()': expected one of ${PATTERNS.map((x) => x.name).join(', ')}${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  const valueOf = (node: ValueNode, kind: 'value' | 'time' | 'ratio', what: string): { v?: number; problem?: ValueProblem } => {
    const u: UnitKind = kind === 'value' ? unit : kind;
    const q = quantity(node, u, undefined, {});
    if (!q.ok) return { problem: { ...q.problem, message: `${p.name}(${what}): ${q.problem.message}` } };
    const n = q.value as number;
    if (n < 0) return { problem: { code: 'VMX104', message: `${p.name}(${what}) cannot be negative`, span: node } };
    if (kind === 'ratio' && n > 1) return { problem: { code: 'VMX104', message: `${p.name}(${what}) is a fraction of the period: at most 100%`, span: node } };
    return { v: n };
  };
  if (p.variadicPairs) {
    const points: [number, number][] = [];
    for (const a of v.args) {
      if (a.name || a.value.type !== 'list' || a.value.items.length !== 2) return bad(a, 'steps() takes pairs [time, value]: steps([0s, 1], [30s, 3])');
      const t = valueOf(a.value.items[0], 'time', 'time');
      if (t.problem) return { ok: false, problem: t.problem };
      const val = valueOf(a.value.items[1], 'value', 'value');
      if (val.problem) return { ok: false, problem: val.problem };
      points.push([t.v!, val.v!]);
    }
    if (points.length === 0) return bad(v, 'steps() needs at least one pair [time, value]');
    points.sort((a, b) => a[0] - b[0]);
    return ok({ type: 'steps', points } satisfies Pattern);
  }
  const values: Record<string, number> = {};
  let position = 0;
  for (const a of v.args) {
    const param = a.name ? p.parameters.find((x) => x.name === a.name) : p.parameters[position];
    if (!param) {
      if (a.name) {
        const guess = didYouMean(a.name, p.parameters.map((x) => x.name));
        return bad(a.nameSpan ?? a, `${p.name}() has no parameter '${a.name}' (it takes ${p.parameters.map((x) => x.name).join(', ')})${guess ? `; did you mean '${guess}'?` : ''}`);
      }
      return bad(a, `${p.name}() takes ${p.parameters.length} argument${p.parameters.length === 1 ? '' : 's'}: ${p.signature}`);
    }
    if (param.name in values) return bad(a, `${p.name}(): '${param.name}' is given twice`);
    const r = valueOf(a.value, param.unit, param.name);
    if (r.problem) return { ok: false, problem: r.problem };
    values[param.name] = r.v!;
    if (!a.name) position++;
  }
  const missing = p.parameters.filter((x) => !x.optional && !(x.name in values)).map((x) => x.name);
  if (missing.length) return bad(v, `${p.name}() is missing ${missing.join(', ')}: ${p.signature}`);
  if ((p.name === 'burst' || p.name === 'sine') && values.period === 0) return bad(v, `${p.name}(): period must be above 0`, 'VMX104');
  return ok(PATTERN_BUILDERS[p.name as Exclude<PatternName, 'steps'>](values));
}

/**
 * The model's shape of each named-parameter pattern, keyed by the schema's
 * names: a pattern added to the schema without a builder here (or to the
 * model without a schema entry: the type below) does not compile.
 */
const PATTERN_BUILDERS: { [K in Exclude<PatternName, 'steps'>]: (v: Record<string, number>) => Extract<Pattern, { type: K }> } = {
  constant: (v) => ({ type: 'constant', value: v.value }),
  burst: (v) => ({ type: 'burst', base: v.base, peak: v.peak, period: v.period, duty: v.duty }),
  ramp: (v) => ({ type: 'ramp', from: v.from, to: v.to, over: v.over }),
  sine: (v) => ({ type: 'sine', mean: v.mean, amplitude: v.amplitude, period: v.period }),
};
/** Compile-time: the model's Pattern types are exactly the schema's pattern names. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const PATTERNS_MATCH_SCHEMA: Same<Pattern['type'], PatternName> = true;
void PATTERNS_MATCH_SCHEMA;

/** Check a value against an attribute's schema and normalise it. */
export function coerce(spec: AttributeSpec, v: ValueNode): Coerced {
  const type = spec.type;
  switch (type.t) {
    case 'quantity':
      return quantity(v, type.unit, spec, type);
    case 'integer':
      return integer(v, spec);
    case 'boolean':
      return v.type === 'boolean' ? ok(v.value) : bad(v, `expected true or false, found ${describeValue(v)}`);
    case 'string':
      return v.type === 'string' ? ok(v.value) : bad(v, `expected a string in quotes, found ${describeValue(v)}`);
    case 'path':
      if (v.type !== 'string') return bad(v, `expected ${expectedOf(type)}, found ${describeValue(v)}`);
      if (!v.value.startsWith('/')) return bad(v, `expected an absolute path (starting with '/'), found "${v.value}"`);
      return ok(v.value);
    case 'enum':
      return type.orString && v.type === 'string' ? ok(v.value) : enumValue(v, type.values, type.orString);
    case 'names':
      return names(v, type);
    case 'cpus':
      return cpuList(v);
    case 'namespace':
      return namespace(v);
    case 'mountSource':
      return mountSource(v);
    case 'user':
      return user(v);
    case 'pattern':
      return pattern(v, type.unit, spec);
    case 'ioLimit':
      return ioLimit(v);
  }
}

export { expectedOf };
