/**
 * Value types and workload patterns are registries keyed by their name union
 * (core/src/schema/types.ts ValueTypeName, core/src/schema/patterns.ts
 * PatternName): the compiler rejects a missing entry; these tests check the
 * same at run time, against the schema itself and the generated docs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { VALUE_TYPE_NAMES } from '../../core/src/model/values';
import { KINDS, PATTERN_NAMES, PATTERNS } from '../../core/src/schema';
import { patternAt } from '../../core/src/sim/patterns';
import { check, ROOT } from '../helpers';

test('every value type an attribute of the schema uses has a handler in the value registry', () => {
  const used = new Set(KINDS.flatMap((k) => [...k.attributes.map((a) => a.type.t), ...(k.freeAttributes ? [k.freeAttributes.type.t] : [])]));
  for (const t of used) assert.ok(VALUE_TYPE_NAMES.includes(t), `value type '${t}' has no handler`);
  // The thirteen types of core/src/schema/types.ts, counted by hand.
  assert.equal(VALUE_TYPE_NAMES.length, 13);
});

test('every workload pattern has one schema entry, is documented, and resolves to the model shape the simulator evaluates', () => {
  assert.deepEqual(PATTERNS.map((p) => p.name), [...PATTERN_NAMES]);
  const docs = readFileSync(join(ROOT, 'docs', 'language.md'), 'utf8');
  for (const p of PATTERNS) assert.ok(docs.includes(`${p.name}(`), `${p.name}() is in docs/language.md`);
  // Hand-derived values at τ = 5 s of each pattern written in a file, through the real resolver.
  const calls: Record<string, [string, number]> = {
    constant: ['constant(2)', 2],
    burst: ['burst(base = 1, peak = 3, period = 10s, duty = 60%)', 3], // phase 5 s < 6 s: peak
    ramp: ['ramp(from = 0, to = 4, over = 10s)', 2], // halfway
    sine: ['sine(mean = 2, amplitude = 1, period = 20s)', 3], // sin(π/2) = 1
    steps: ['steps([0s, 1], [4s, 3], [6s, 5])', 3],
  };
  assert.deepEqual(Object.keys(calls).sort(), [...PATTERN_NAMES].sort());
  for (const [name, [call, at5]] of Object.entries(calls)) {
    const text = `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 4 }\n    container c {\n      workload { cpu = ${call} }\n    }\n  }\n}\n`;
    const r = check(text);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), [], name);
    const c = r.model!.hosts[0].containers[0];
    const pattern = c.workload!.cpu!;
    assert.equal(pattern.type, name);
    assert.ok(Math.abs(patternAt(pattern, 5) - at5) < 1e-9, `${name} at 5 s: ${patternAt(pattern, 5)}`);
  }
});
