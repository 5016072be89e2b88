/**
 * Messages agree with events (DESIGN §5): every figure a memory finding
 * prints is the figure of the entity's events and results at the time the
 * message names. A property over generated topologies (fast-check): the
 * fuzz generator of valid files (test/fuzz/lib/valid-topology.ts) and a
 * memory-heavy one (hypervisor kinds, swap, locked and ballooned VMs, ramps
 * into memory.high/max/swap.max), run through the real simulate().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultConfig } from '../../core/src/config';
import { Reporter } from '../../core/src/diagnostics/reporter';
import { resolve } from '../../core/src/model/resolve';
import { simulate } from '../../core/src/sim';
import { fmtBytes } from '../../core/src/sim/engine';
import { EntityResult, SimulationResult } from '../../core/src/sim/types';
import { createSourceFile } from '../../core/src/source';
import { layout, print, validTopology } from '../fuzz/lib/valid-topology';

const secs = (t: number) => `${t.toFixed(2)} s`;
const MEMORY_CODES = new Set(['VMX404', 'VMX405', 'VMX406', 'VMX410', 'VMX411', 'VMX412']);

function run(text: string): SimulationResult {
  const model = resolve(createSourceFile('file:///m.vmx', text), { get: () => undefined }, new Reporter());
  return simulate(model, defaultConfig(), { seriesPoints: 0 });
}

/** Entities with an event of `type` at the time printed as `time`. */
const withEvent = (r: SimulationResult, type: string, time: string): { e: EntityResult; detail?: string }[] =>
  r.entities.flatMap((e) => e.events.filter((x) => x.type === type && secs(x.t) === time).map((x) => ({ e, detail: x.detail })));

/** Every memory finding's figures, checked against the events and results. Returns the problems found. */
function disagreements(r: SimulationResult): string[] {
  const problems: string[] = [];
  const fail = (code: string, message: string, why: string) => problems.push(`${code} "${message}": ${why}`);
  for (const f of r.findings) {
    const code = String(f.code);
    if (!MEMORY_CODES.has(code)) continue;
    const m = f.message;
    if (code === 'VMX404') {
      const [, high, from] = /usage above memory\.high (.+?) for .*?, from (\d+\.\d\d s)/.exec(m) ?? [];
      if (!from) fail(code, m, 'no memory.high figure and time');
      else if (!withEvent(r, 'memory-high', from).some(({ e }) => fmtBytes(e.memory.high ?? NaN) === high)) fail(code, m, `no memory-high event at ${from} of a group with memory.high ${high}`);
    } else if (code === 'VMX405') {
      const [, at] = /OOM kill at (\d+\.\d\d s)/.exec(m) ?? [];
      const kills = at ? withEvent(r, 'oom-kill', at) : [];
      if (!kills.length) fail(code, m, `no oom-kill event at ${at}`);
      // A container's kill at memory.max: the message's figure is the event's (usage at the limit), and the limit is its memory.max.
      const reached = /usage reached memory\.max (.+?)(?: with| \(|;)/.exec(m)?.[1];
      if (reached && !kills.some(({ e, detail }) => detail?.includes(`memory.max ${reached}`) && fmtBytes(e.memory.limit ?? NaN) === reached)) fail(code, m, `no kill at ${at} of a container with memory.max ${reached}`);
      if (reached && !kills.some(({ e }) => e.memory.used.max <= (e.memory.limit ?? Infinity) * (1 + 1e-9))) fail(code, m, 'the peak is above the limit it was killed at');
    } else if (code === 'VMX406') {
      const [, from, most] = /host swapping from (\d+\.\d\d s): the host swaps out up to (.+?) of VM memory/.exec(m) ?? [];
      const vms = (f.related ?? []).map((x) => /^(\S+): up to (.+?) swapped out, from (\d+\.\d\d s)$/.exec(x.message));
      if (!from || !vms.length || vms.some((x) => !x)) fail(code, m, 'figures or related VMs missing');
      let sum = 0;
      const starts: string[] = [];
      for (const x of vms) {
        if (!x) continue;
        const e = r.entities.find((y) => y.id === x[1]);
        const start = e?.events.find((y) => y.type === 'swap-start');
        if (!e || !start) fail(code, m, `${x[1]} has no swap-start event`);
        else {
          if (fmtBytes(e.memory.swapped.max) !== x[2]) fail(code, m, `${x[1]} swapped ${fmtBytes(e.memory.swapped.max)}, message ${x[2]}`);
          if (secs(start.t) !== x[3]) fail(code, m, `${x[1]} swap-start at ${secs(start.t)}, message ${x[3]}`);
          sum += e.memory.swapped.max;
          starts.push(secs(start.t));
        }
      }
      if (from && starts.length && !starts.includes(from)) fail(code, m, `no VM starts swapping at ${from}`);
      const host = r.entities.find((e) => e.kind === 'host' && f.uri === e.uri && f.range.start.line === e.range.start.line);
      if (most && host && fmtBytes(Math.min(sum, host.memory.swapped.max || Infinity)) !== most) fail(code, m, `most swapped ${most} is not min(Σ VMs, host)`);
    } else if (code === 'VMX410') {
      const [, at, need] = /exhausted at (\d+\.\d\d s): (.+?) needed/.exec(m) ?? [];
      if (!withEvent(r, 'host-memory-exhausted', at ?? '').some(({ detail }) => detail?.startsWith(`${need} needed`))) fail(code, m, `no host-memory-exhausted event at ${at} with ${need} needed`);
    } else if (code === 'VMX411') {
      const [, detail] = /does not start at 0\.00 s: (.+?) and /.exec(m) ?? [];
      const refused = withEvent(r, 'vm-not-started', '0.00 s');
      if (!refused.some((x) => x.detail === detail)) fail(code, m, `no vm-not-started event "${detail}"`);
      for (const { e } of refused) if (e.memory.used.max !== 0 || e.cpu.granted.max !== 0) fail(code, m, `${e.id} did not start but holds memory or CPU`);
      if ((f.related ?? []).length !== refused.length - 1) fail(code, m, `${refused.length} VMs refused, ${(f.related ?? []).length} related`);
    } else if (code === 'VMX412') {
      const [, max, from] = /swapping at memory\.max (.+?) from (\d+\.\d\d s)/.exec(m) ?? [];
      if (!withEvent(r, 'swap-at-max', from ?? '').some(({ e }) => fmtBytes(e.memory.limit ?? NaN) === max)) fail(code, m, `no swap-at-max event at ${from} with memory.max ${max}`);
    }
  }
  return problems;
}

const size = (choices: number[]) => fc.constantFrom(...choices).map((g) => `${g}GiB`);
const ramp = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 20 })).map(([a, b, o]) => `ramp(from = ${a / 10}GiB, to = ${b / 10}GiB, over = ${o}s)`);
const container = fc.record({
  memory: fc.oneof(ramp, fc.integer({ min: 1, max: 50 }).map((g) => `${g / 10}GiB`)),
  max: fc.integer({ min: 2, max: 40 }),
  high: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
  swapMax: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});
const vm = fc.record({ memory: fc.constantFrom(2, 4, 8, 16, 24, 40), locked: fc.boolean(), balloon: fc.boolean(), direct: fc.boolean(), inner: fc.array(container, { maxLength: 2 }) });
const memoryHost = fc.record({
  hypervisor: fc.constantFrom('kvm', 'hyperv', 'xen', 'esxi', 'virtualbox'),
  memory: fc.constantFrom(8, 16, 32, 64),
  swap: fc.constantFrom(0, 4, 16),
  vms: fc.array(vm, { maxLength: 3 }),
  containers: fc.array(container, { maxLength: 3 }),
});

type C = { memory: string; max: number; high?: number; swapMax?: number };
const containerText = (c: C, name: string) =>
  `container ${name} { cgroup { memory.max = ${c.max / 10}GiB${c.high !== undefined && c.high < c.max ? `  memory.high = ${c.high / 10}GiB` : ''}${c.swapMax !== undefined ? `  memory.swap.max = ${c.swapMax / 10}GiB` : ''}  pids.max = 100 } workload { memory = ${c.memory}  cpu = 0.2 } }\n`;

function memoryTopology(t: typeof memoryHost extends fc.Arbitrary<infer T> ? T : never): string {
  const hyperv = t.hypervisor === 'hyperv';
  const kind = hyperv ? 'partition' : 'vm';
  const vms = t.vms.map((v, k) => {
    const memory = v.balloon ? `balloon = true  memory = ${v.memory}GiB  memory_min = ${v.memory / 2}GiB  memory_max = ${v.memory * 2}GiB` : `memory = ${v.memory}GiB`;
    return `${kind} v${k} { vcpus = 1  ${memory}  memory_locked = ${v.locked}${v.direct && !hyperv ? '  device gpu { access = direct }' : ''}  workload { cpu = 0.5 }\n${v.inner.map((c, j) => containerText(c, `i${j}`)).join('')} }\n`;
  });
  const parent = hyperv ? 'partition root { role = parent  vcpus = 1  memory = 2GiB }\n' : '';
  return `topology m { simulate { duration = 20s } host h { memory = ${t.memory}GiB  swap = ${t.swap}GiB  cpu { cores = 4  features = [vmx] }\n hypervisor ${t.hypervisor} { ${parent}${vms.join('')} }\n${t.containers.map((c, j) => containerText(c, `c${j}`)).join('')} } }`;
}

test('memory findings on generated memory-heavy hosts: every figure is the event’s and the result’s at the time named', () => {
  let findings = 0;
  const seen = new Set<string>();
  fc.assert(
    fc.property(memoryHost, (t) => {
      const r = run(memoryTopology(t));
      findings += r.findings.filter((f) => MEMORY_CODES.has(String(f.code))).length;
      for (const f of r.findings) if (MEMORY_CODES.has(String(f.code))) seen.add(String(f.code));
      assert.deepEqual(disagreements(r), []);
    }),
    { numRuns: 80, seed: 20261203 },
  );
  // The property is only worth something if the generator reaches the findings it checks.
  assert.ok(findings > 40, `only ${findings} memory findings in 80 runs`);
  console.log(`# ${findings} memory findings checked: ${[...seen].sort().join(', ')}`);
  assert.deepEqual([...seen].sort(), [...MEMORY_CODES].sort(), 'every memory code is reached');
});

test('memory findings on the fuzz generator’s valid topologies agree with their events', () => {
  fc.assert(
    fc.property(validTopology, layout, (block, l) => {
      assert.deepEqual(disagreements(run(print(block, l))), []);
    }),
    { numRuns: 40, seed: 20261204 },
  );
});

test('the checker itself catches a message whose figure is not the event’s (a VMX410 with the later peak)', () => {
  // 8 GiB, no swap, a ramp 0 → 16 GiB over 20 s: exhausted from 10 s; the peak (16 GiB) is not the need at 10 s.
  const r = run('topology m { simulate { duration = 20s } host h { memory = 8GiB  cpu { cores = 1 } container g { workload { memory = ramp(from = 0GiB, to = 16GiB, over = 20s) } } } }');
  assert.deepEqual(disagreements(r), []);
  const f = r.findings.find((x) => x.code === 'VMX410')!;
  const wrong = { ...r, findings: [{ ...f, message: f.message.replace(/: .+? needed/, ': 16.0 GiB needed') }] };
  assert.equal(disagreements(wrong).length, 1);
});
