/**
 * The schema owns every default (ARCHITECTURE.md, "Architecture
 * invariants"): core/src/schema/kinds.ts writes each once, and the model,
 * drift, the simulator, the importers' writer, hover and docs/language.md
 * read it through core/src/schema/defaults.ts.
 *
 * 1. What defaultValue() hands the model is what the resolver makes of the
 *    default written out: leaving an attribute out means writing its default.
 * 2. The defaults that used to be written a second time (build.ts, the
 *    checks, sim/params.ts, drift, import/container.ts) are not written
 *    again outside the schema.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { coerce } from '../../core/src/model/values';
import { AttributeSpec, defaultValue, formatNormalised, KINDS } from '../../core/src/schema';
import { parse } from '../../core/src/syntax/parser';
import { AttributeNode, BlockNode } from '../../core/src/syntax/ast';
import { ROOT } from '../helpers';

/** A default as a file writes it: `10ms` for 0.01 s, `[]`, `root`, `max` for an unset limit. */
function written(spec: AttributeSpec, d: unknown): string {
  const t = spec.type;
  if (d === undefined) return 'max';
  if (Array.isArray(d)) return `[${d.join(', ')}]`;
  if (typeof d === 'number' && (t.t === 'quantity' || t.t === 'pattern')) return formatNormalised(d, t.unit);
  return String(d);
}

function resolvedText(spec: AttributeSpec, text: string): unknown {
  const tree = parse(`b { ${spec.name} = ${text} }\n`);
  const block = tree.items[0] as BlockNode;
  const attribute = block.items.find((i): i is AttributeNode => i.type === 'attribute')!;
  const r = coerce(spec, attribute.value!);
  assert.ok(r.ok, `${spec.name} = ${text} resolves`);
  return r.value;
}

/** Every attribute whose default the model reads: a constant, an unset limit (∞), or one a label implies. */
function withDefaults(): { kind: string; spec: AttributeSpec }[] {
  return KINDS.flatMap((k) => k.attributes.filter((a) => !a.aliasOf && (a.default !== undefined || a.defaultFor || (a.type.t === 'quantity' && a.type.unlimited))).map((spec) => ({ kind: k.name, spec })));
}

test('leaving an attribute out means writing its default: defaultValue() equals what the resolver makes of the default written out', () => {
  const checked = withDefaults();
  // Counted by hand in kinds.ts: 53 constant defaults (simulate 3, host 1, cpu 3, os 2, hypervisor 2, vm 4,
  // partition 5, device 2, pod 1, container 11, namespaces 8, cgroup 5, mount 3, process 2, workload 1) and
  // 5 unset limits that take `max` (cpu.max, memory.max, memory.high, memory.swap.max, pids.max).
  assert.equal(checked.filter((c) => c.spec.default !== undefined).length, 53);
  assert.equal(checked.filter((c) => c.spec.default === undefined && !c.spec.defaultFor).length, 5);
  for (const { kind, spec } of checked) {
    if (spec.defaultFor) continue;
    assert.deepEqual(defaultValue(spec), resolvedText(spec, written(spec, spec.default)), `${kind}.${spec.name}`);
  }
});

test('a default a label implies resolves like the value written out, for every label of the kind', () => {
  const implied = withDefaults().filter((c) => c.spec.defaultFor);
  assert.deepEqual(implied.map((c) => `${c.kind}.${c.spec.name}`), ['hypervisor.type', 'hypervisor.io', 'guest.paravirt']);
  for (const { kind, spec } of implied) {
    const label = KINDS.find((k) => k.name === kind)!.label;
    assert.equal(label.t, 'enum');
    for (const value of label.t === 'enum' ? label.values : []) {
      const d = defaultValue(spec, { label: value });
      assert.notEqual(d, undefined, `${kind} ${value} implies a ${spec.name}`);
      assert.deepEqual(d, resolvedText(spec, String(d)), `${kind} ${value}: ${spec.name}`);
    }
  }
});

/** Defaults moved into the schema, and how each was written when it was a second copy. */
const SECOND_COPIES: { what: string; pattern: RegExp }[] = [
  { what: 'hypervisor type by kind', pattern: /'vmware-workstation':\s*2|virtualbox:\s*2/ },
  { what: 'hypervisor I/O path by kind', pattern: /hyperv:\s*'vmbus'/ },
  { what: 'guest paravirt by kind', pattern: /label\s*!==\s*'windows'/ },
  { what: 'the root user default', pattern: /name:\s*'root',\s*uid:\s*0/ },
  { what: 'simulate duration/step defaults', pattern: /duration:\s*60\b|step:\s*0\.01\b/ },
  { what: 'the cgroup v2 weight default', pattern: /(WEIGHT\s*=\s*100\b)|finiteOr\([^)]*,\s*100\)|f64\(100\)/ },
  { what: 'the CFS period', pattern: /period\s*(\?\?|!==|===)\s*0\.1\b/ },
  { what: 'container defaults in the importers\u2019 writer', pattern: /!==\s*'(runc|runtime-default)'|propagation\s*!==\s*'private'|spec\.platform\s*!==\s*'linux'/ },
  { what: 'an unset limit as ∞ in the model', pattern: /attr<number>\([^)]*'(cpu\.max|memory\.max|memory\.high|memory\.swap\.max|pids\.max)'\)\s*\?\?\s*Infinity/ },
];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

test('no default moved into the schema is written again outside core/src/schema/', () => {
  const files = ['core/src', 'server/src', 'cli/src', 'client/src', 'scripts'].flatMap((d) => sources(join(ROOT, d))).filter((f) => !relative(ROOT, f).startsWith('core/src/schema/'));
  assert.ok(files.length > 100, 'the sources were found');
  const found: string[] = [];
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const { what, pattern } of SECOND_COPIES) if (pattern.test(line)) found.push(`${relative(ROOT, f)}:${i + 1}: ${what}`);
    });
  }
  assert.deepEqual(found, []);
});

test('the guard sees a second copy: each pattern matches the line it was written to catch', () => {
  const lines = [
    "export const HYPERVISOR_TYPE = { kvm: 1, virtualbox: 2, 'vmware-workstation': 2 };",
    "const HYPERVISOR_IO = { kvm: 'virtio', hyperv: 'vmbus' };",
    "paravirt: attr(g, 'paravirt') ?? g.label !== 'windows'",
    "const user = attr(cb, 'user') ?? { name: 'root', uid: 0, isRoot: true };",
    'simulation: { duration: 60, step: 0.01, seed: 1 }',
    'export const DEFAULT_IO_WEIGHT = 100;',
    'return (a.attribute?.period ?? 0.1) === (b.attribute?.period ?? 0.1);',
    "if (spec.runtime && spec.runtime !== 'runc') a.push(x);",
    "cpuMax: attr<number>(b, 'cpu.max') ?? Infinity,",
  ];
  assert.equal(lines.length, SECOND_COPIES.length);
  SECOND_COPIES.forEach(({ what, pattern }, i) => assert.ok(pattern.test(lines[i]), what));
});
