/**
 * Random VALID topologies, generated from the schema (core/src/schema):
 * every kind placed where the schema allows it, required attributes and
 * children present, every value of the attribute's type, unit and bounds.
 * They must resolve without a single VMX0xx/VMX1xx diagnostic. Isolation
 * and capacity findings (VMX2xx/3xx/4xx) are fine: valid is not safe.
 *
 * The generator builds a plain tree first (`GenBlock`), printed in a
 * randomly chosen layout, so formatting properties have work to do.
 */
import fc from 'fast-check';
import { AttributeSpec, childKinds, KindSpec, kindSpec, UNIT_KINDS, UnitKind } from '../../../core/src/schema';

export interface GenBlock {
  kind: string;
  label?: string;
  attributes: [string, string][];
  children: GenBlock[];
}

/** Names are unique across the whole topology, so entity ids never collide. */
let counter = 0;
const uniqueName = fc.tuple(fc.constantFrom('web', 'db', 'node', 'cache', 'a', 'x-1', 'svc_2', 'q'), fc.boolean()).map(([base, quoted]) => {
  const name = `${base}${counter++}`;
  return quoted ? JSON.stringify(name) : name;
});

/** Magnitudes: everyday ones, or `extreme` ones — legal, but at the edges (1e12 processes are VMX111, not a crash). */
export type Magnitude = 'everyday' | 'extreme';
const MAGNITUDES: Record<Magnitude, fc.Arbitrary<number | string>> = {
  everyday: fc.integer({ min: 1, max: 999 }),
  extreme: fc.oneof(fc.integer({ min: 1, max: 999 }), fc.constantFrom(1, 2, 1e6, 4194304, 1e9, 1e12, 1e15, '1e-6', '0.000001', 123456789.123)),
};

function quantityValue(unit: UnitKind, opts: { integer?: boolean; unlimited?: boolean; bareScale?: number }, m: Magnitude): fc.Arbitrary<string> {
  const units = Object.keys(UNIT_KINDS[unit].units).filter((u) => u !== '' || opts.bareScale !== undefined || '' in UNIT_KINDS[unit].units);
  const usable = opts.integer ? units.filter((u) => u === '' || u === 'k') : units;
  const numbers = opts.integer ? MAGNITUDES[m].filter((n) => typeof n === 'number' && Number.isInteger(n)) : MAGNITUDES[m];
  const q = fc.tuple(numbers, fc.constantFrom(...usable)).map(([n, u]) => `${n}${u}`);
  return opts.unlimited ? fc.oneof({ weight: 5, arbitrary: q }, { weight: 1, arbitrary: fc.constant('max') }) : q;
}

function patternValue(unit: UnitKind, m: Magnitude): fc.Arbitrary<string> {
  const v = quantityValue(unit, {}, m);
  const t = quantityValue('time', {}, m);
  const ratio = fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`);
  return fc.oneof(
    v,
    v.map((x) => `constant(${x})`),
    fc.tuple(v, v, t, ratio).map(([b, p, per, d]) => `burst(base = ${b}, peak = ${p}, period = ${per}, duty = ${d})`),
    fc.tuple(v, v, t).map(([f, to, o]) => `ramp(from = ${f}, to = ${to}, over = ${o})`),
    fc.tuple(v, v, t).map(([m, a, p]) => `sine(mean = ${m}, amplitude = ${a}, period = ${p})`),
    fc.array(fc.tuple(t, v), { minLength: 1, maxLength: 4 }).map((pairs) => `steps(${pairs.map(([a, b]) => `[${a}, ${b}]`).join(', ')})`),
  );
}

const path = fc.constantFrom('/srv/data', '/opt/app', '/mnt/x', '/home/u/work', '/data/日本');
const cpus = fc.oneof(
  fc.integer({ min: 0, max: 63 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 31 })).map(([a, b]) => `${a}..${a + b}`),
  fc.array(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 5 }).map((xs) => `[${xs.join(', ')}]`),
  fc.constantFrom('"0-3,8"', '"1"'),
);

/** A value that the schema accepts for this attribute. */
export function valueFor(spec: AttributeSpec, m: Magnitude = 'everyday'): fc.Arbitrary<string> {
  const type = spec.type;
  switch (type.t) {
    case 'quantity':
      return quantityValue(type.unit, type, m);
    case 'integer': {
      const min = spec.min ?? 0;
      const max = Math.min(spec.max ?? min + 1000, min + 1000);
      return fc.integer({ min: spec.minExclusive ? min + 1 : min, max }).map(String);
    }
    case 'boolean':
      return fc.boolean().map(String);
    case 'string':
      return fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s));
    case 'path':
      return path.map((p) => JSON.stringify(p));
    case 'enum':
      return fc.tuple(fc.constantFrom(...type.values), fc.boolean()).map(([v, q]) => (q || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(v) || v === 'true' || v === 'false' ? JSON.stringify(v) : v));
    case 'names':
      // An open list without known names (devices) takes quoted strings: a few device paths.
      if (type.known.length === 0) return fc.uniqueArray(fc.constantFrom('"/dev/fuse"', '"/dev/net/tun"', '"/dev/null"'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`);
      return fc.uniqueArray(fc.constantFrom(...type.known), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`);
    case 'cpus':
      return cpus;
    case 'namespace':
      return fc.constantFrom('private', 'host', '"private"');
    case 'mountSource':
      return path.map((p) => JSON.stringify(p));
    case 'user':
      return fc.oneof(fc.constant('root'), fc.integer({ min: 0, max: 65535 }).map(String), fc.constantFrom('"www-data"', 'nobody', '"1000:1000"'));
    case 'pattern':
      return patternValue(type.unit, m);
    case 'ioLimit':
      return fc.constantFrom('200MBps', '5000iops', '[200MBps, 5000iops]', '[1Gbps]', 'max');
  }
}

/** The simulate block is kept small: a valid file must stay within the simulation-size limits. */
const SIMULATE_VALUES: Record<string, fc.Arbitrary<string>> = {
  duration: fc.integer({ min: 1, max: 120 }).map((n) => `${n}s`),
  step: fc.integer({ min: 1, max: 100 }).map((n) => `${n}ms`),
  seed: fc.integer({ min: 0, max: 1e6 }).map(String),
};

function attributesFor(spec: KindSpec, parentKind: string, m: Magnitude): fc.Arbitrary<[string, string][]> {
  // v1 aliases set the same key as their v2 name: pick one of each pair (else VMX110).
  const candidates = spec.attributes;
  const entries = candidates.map((a) => {
    const value = spec.name === 'simulate' ? SIMULATE_VALUES[a.name] ?? valueFor(a, m) : valueFor(a, m);
    const v = value.map((x) => [a.name, x] as [string, string]);
    return a.required ? v.map((x) => [x]) : fc.option(v, { freq: 2, nil: undefined }).map((x) => (x ? [x] : []));
  });
  void parentKind;
  return fc.tuple(...entries).map((lists) => {
    const out = lists.flat() as [string, string][];
    const keys = new Set<string>();
    const kept: [string, string][] = [];
    for (const [name, value] of out) {
      const key = spec.attributes.find((a) => a.name === name)?.aliasOf ?? name;
      if (keys.has(key)) continue;
      keys.add(key);
      kept.push([name, value]);
    }
    // A ballooned VM: memory_min ≤ memory ≤ memory_max (VMX104), neither without balloon = true (VMX103).
    // Equal to memory keeps both true for any memory; without the balloon they go.
    if (spec.name === 'vm' || spec.name === 'partition') balloonConsistent(kept);
    // A volume's `disk` must name a disk of its host (else VMX106): generated names would not, so it is left out.
    if (spec.name === 'volume') return kept.filter(([n]) => n !== 'disk');
    // A mount needs a source unless it is a tmpfs.
    if (spec.name === 'mount' && !kept.some(([n]) => n === 'source') && !kept.some(([n, v]) => n === 'type' && v.includes('tmpfs'))) kept.push(['source', '"/srv/data"']);
    return kept;
  });
}

function balloonConsistent(attrs: [string, string][]): void {
  const ballooned = attrs.some(([n, v]) => n === 'balloon' && v === 'true');
  const memory = attrs.find(([n]) => n === 'memory')?.[1];
  for (let i = attrs.length - 1; i >= 0; i--) {
    const [n] = attrs[i];
    if (n !== 'memory_min' && n !== 'memory_max') continue;
    if (ballooned && memory !== undefined) attrs[i] = [n, memory];
    else attrs.splice(i, 1);
  }
}

function labelFor(spec: KindSpec): fc.Arbitrary<string | undefined> {
  const label = spec.label;
  if (label.t === 'none') return fc.constant(undefined);
  if (label.t === 'enum') return fc.constantFrom(...label.values).map((v) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(v) ? v : JSON.stringify(v)));
  return uniqueName;
}

/** Arbitraries are built once per (kind, depth, label kind) and reused: building them is the expensive part. */
const blockCache = new Map<string, fc.Arbitrary<GenBlock>>();
const childrenCache = new Map<string, fc.Arbitrary<GenBlock[]>>();

/** A block of `kind` under `parent`, with children down to `depth`. */
function blockOf(kind: string, parentKind: string, depth: number, m: Magnitude): fc.Arbitrary<GenBlock> {
  const key = `${kind}|${parentKind}|${depth}|${m}`;
  let arb = blockCache.get(key);
  if (!arb) {
    const spec = kindSpec(kind)!;
    arb = fc.tuple(labelFor(spec), attributesFor(spec, parentKind, m)).chain(([label, attributes]) => {
      const plainLabel = label?.replace(/^"|"$/g, '');
      // Only a hypervisor's label changes what may go inside (partition under hyperv).
      const childKey = `${kind}|${depth}|${kind === 'hypervisor' ? plainLabel : ''}|${m}`;
      let kids = childrenCache.get(childKey);
      if (!kids) childrenCache.set(childKey, (kids = childrenOf(kind, spec, plainLabel, depth, m)));
      return kids.map((children) => ({ kind, label, attributes, children }));
    });
    blockCache.set(key, arb);
  }
  return arb;
}

function childrenOf(kind: string, spec: KindSpec, plainLabel: string | undefined, depth: number, m: Magnitude): fc.Arbitrary<GenBlock[]> {
  {
    const possible = depth <= 0 ? [] : childKinds(kind, plainLabel).filter((k) => !(k.name === 'vm' && kind === 'vm' && depth < 3));
    const required = spec.requiredChildren ?? [];
    const childArbs = possible.map((k) => {
      const isRequired = required.includes(k.name);
      const one = blockOf(k.name, kind, depth - 1, m);
      const options: fc.Arbitrary<GenBlock[]>[] = [];
      if (!isRequired) options.push(fc.constant([]));
      options.push(one.map((b) => [b]));
      if (!k.single) options.push(fc.tuple(one, one));
      return fc.oneof(...options);
    });
    return fc.tuple(...childArbs).map((groups) => groups.flat());
  }
}

/**
 * On a host whose OS runs cgroup v1, memory.high and memory.min have no
 * kernel mechanism (VMX103, core/src/checks/cgroup-version.ts): they go from
 * the cgroups of the host's kernel — its containers, groups, pods, and its
 * hypervisor's VMs — not from those inside a VM's guest (another kernel).
 */
function withoutV2OnlyOnV1(topology: GenBlock): GenBlock {
  const V2_ONLY = new Set(['memory.high', 'memory.min']);
  const strip = (b: GenBlock, inHostKernel: boolean): GenBlock => ({
    ...b,
    attributes: inHostKernel && b.kind === 'cgroup' ? b.attributes.filter(([n]) => !V2_ONLY.has(n)) : b.attributes,
    // A VM's own cgroup is in the host's kernel; what is inside its guest is not.
    children: b.children.map((c) => strip(c, inHostKernel && !((b.kind === 'vm' || b.kind === 'partition') && c.kind !== 'cgroup'))),
  });
  const isV1 = (host: GenBlock) => host.children.some((c) => c.kind === 'os' && c.attributes.some(([n, v]) => n === 'cgroup' && v.replace(/"/g, '') === 'v1'));
  return { ...topology, children: topology.children.map((h) => (h.kind === 'host' && isV1(h) ? strip(h, true) : h)) };
}

export const validTopology: fc.Arbitrary<GenBlock> = blockOf('topology', 'file', 6, 'everyday').map(withoutV2OnlyOnV1);

/** The same shapes with values at the edges of what the language accepts. */
export const extremeTopology: fc.Arbitrary<GenBlock> = blockOf('topology', 'file', 6, 'extreme').map(withoutV2OnlyOnV1);

export interface Layout {
  indent: string;
  separator: 'newline' | 'semicolon' | 'comma';
  comments: boolean;
  crlf: boolean;
}

export const layout: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom('  ', '    ', '\t', ''),
  separator: fc.constantFrom('newline', 'semicolon', 'comma'),
  comments: fc.boolean(),
  crlf: fc.boolean(),
});

export function print(block: GenBlock, l: Layout, depth = 0): string {
  const nl = l.crlf ? '\r\n' : '\n';
  const pad = l.indent.repeat(depth);
  const inner = l.indent.repeat(depth + 1);
  const sep = l.separator === 'newline' ? nl + inner : l.separator === 'semicolon' ? '; ' : ', ';
  const attrs = block.attributes.map(([n, v]) => `${n} = ${v}`);
  const head = `${pad}${l.comments ? `# ${block.kind}${nl}${pad}` : ''}${block.kind}${block.label ? ' ' + block.label : ''} {`;
  const attrLine = attrs.length ? `${nl}${inner}${attrs.join(sep)}` : '';
  const kids = block.children.map((c) => nl + print(c, l, depth + 1)).join('');
  return `${head}${attrLine}${kids}${nl}${pad}}`;
}
