/** Shared helpers of the check tests: analyze text in memory, find lines, apply fixes. */
import assert from 'node:assert/strict';
import { analyze } from '../../core/src/analyze';
import { CheckConfig, defaultConfig, mergeConfig } from '../../core/src/config';
import { Diagnostic, Fix } from '../../core/src/diagnostics/types';
import { createSourceFile } from '../../core/src/source';
import { applyEdits } from '../../core/src/text/apply-edits';

export const URI = 'file:///test/topology.vmx';

export function check(text: string, config: CheckConfig | object = defaultConfig()): Diagnostic[] {
  const cfg = 'thresholds' in config && 'limits' in config ? (config as CheckConfig) : mergeConfig(defaultConfig(), config);
  const root = createSourceFile(URI, text);
  return analyze(root, { get: (uri) => (uri === URI ? root : undefined) }, { config: cfg }).diagnostics;
}

export function withCode(text: string, code: string): Diagnostic[] {
  return check(text).filter((d) => d.code === code);
}

/** 0-based line of the first occurrence of `needle` (after the `nth` occurrence when given). */
export function lineOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' not found in the test text`);
  }
  return text.slice(0, at).split('\n').length - 1;
}

/**
 * The hardening reminders (information and hint) that fire on nearly every
 * container unless it is locked down: host-path bind mounts, NET_RAW kept,
 * escalation allowed, writable root filesystem, unpinned image. Tests about
 * other codes ignore them unless they list them (their own tests do).
 */
export const HARDENING_REMINDERS: ReadonlySet<string> = new Set(['VMX220', 'VMX222', 'VMX223', 'VMX224', 'VMX225']);

/** Assert exactly the given codes (any order, with repeats; the hardening reminders only when listed) and return the diagnostics. */
export function expectCodes(text: string, codes: string[]): Diagnostic[] {
  const ds = check(text).filter((d) => !HARDENING_REMINDERS.has(d.code) || codes.includes(d.code));
  assert.deepEqual(ds.map((d) => d.code).sort(), [...codes].sort(), ds.map((d) => `${d.code} ${d.range.start.line}: ${d.message}`).join('\n'));
  return ds;
}

/** One diagnostic of `code`, on `line`. */
export function expectOne(text: string, code: string, line: number): Diagnostic {
  const ds = withCode(text, code);
  assert.equal(ds.length, 1, `expected one ${code}, got:\n${check(text).map((d) => `${d.code} ${d.range.start.line}: ${d.message}`).join('\n')}`);
  assert.equal(ds[0].range.start.line, line, `${code} on line ${ds[0].range.start.line}, expected ${line}: ${ds[0].message}`);
  return ds[0];
}

function countByCode(ds: Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of ds) m.set(`${d.code}/${d.severity}`, (m.get(`${d.code}/${d.severity}`) ?? 0) + 1);
  return m;
}

/**
 * Apply `fix` and re-check: the fixed diagnostic's code has fewer
 * occurrences, and no code (at any severity) has more than before.
 */
export function assertFixRoundTrips(text: string, diagnostic: Diagnostic, fix: Fix): string {
  const before = check(text);
  const fixed = applyEdits(text, fix.edits, URI);
  const after = check(fixed);
  const b = countByCode(before);
  const a = countByCode(after);
  const key = `${diagnostic.code}/${diagnostic.severity}`;
  const show = () => `fix '${fix.title}' gave:\n${fixed}\n${after.map((d) => `${d.code} ${d.range.start.line}: ${d.message}`).join('\n')}`;
  assert.ok((a.get(key) ?? 0) < (b.get(key) ?? 0), `${diagnostic.code} not fixed by ${show()}`);
  // Findings folded into the fixed one (its related information says "includes VMXnnn") are reported on their own once it is gone.
  const unfolded = new Set((diagnostic.related ?? []).flatMap((r) => /^includes (VMX\d{3})/.exec(r.message)?.[1] ?? []));
  for (const [k, n] of a) assert.ok(n <= (b.get(k) ?? 0) || unfolded.has(k.split('/')[0]), `new ${k} after ${show()}`);
  return fixed;
}

/** Every fix of every `code` diagnostic round-trips; returns how many fixes were checked. */
export function assertAllFixesRoundTrip(text: string, code: string): number {
  let n = 0;
  for (const d of withCode(text, code)) {
    for (const f of d.fixes ?? []) {
      assertFixRoundTrips(text, d, f);
      n++;
    }
  }
  return n;
}

/** A host wrapped in a topology: 8 cores with VT-x, 64 GiB, and what you put in it. */
export function host(body: string, cpu = 'cores = 8 features = [vmx]', memory = '64GiB'): string {
  return `topology t {\n  host h {\n    memory = ${memory}\n    cpu { ${cpu} }\n${body}\n  }\n}\n`;
}

/** A container that draws no warnings of its own: non-root, with memory.max and pids.max. */
export function container(name: string, body = '', cgroup = ''): string {
  return `container ${name} {\n  user = 1000\n  cgroup { memory.max = 1GiB pids.max = 100 ${cgroup} }\n${body}\n}`;
}
