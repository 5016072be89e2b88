/**
 * The per-host memo of check findings (core/src/checks/host-memo.ts, issue
 * 13 point 2): an analysis with the memo gives exactly the diagnostics of a
 * from-scratch analyze() after any sequence of edits to the hosts of a
 * multi-host file, and an edit to one host checks that host only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../core/src/analyze';
import { HostCheckMemo } from '../../core/src/checks/host-memo';
import { Diagnostic } from '../../core/src/diagnostics/types';
import { MemorySources } from '../helpers';

/**
 * Four hosts, each with findings of several per-host families (privileged
 * and root containers, a docker socket mount, CPU and memory overcommit, a
 * paravirtualized Windows guest, cgroup bounds), and two hosts whose names
 * look alike across hosts (`web` and `w\u0435b` with a Cyrillic e: VMX112,
 * a cross-host family).
 */
const BASE = `topology lab {
  simulate { duration = 5s }

  host web {
    memory = 16GiB
    cpu { cores = 4, features = [vmx] }
    container api {
      image = "nginx:1.27"
      privileged = true
      cgroup { memory.max = 1GiB, pids.max = 100 }
    }
    container sock {
      image = "docker:27"
      user = 1000
      mount docker { type = bind, source = "/var/run/docker.sock", target = "/var/run/docker.sock" }
      cgroup { memory.max = 2GiB, memory.high = 3GiB, pids.max = 50 }
    }
  }

  host xen-old {
    memory = 32GiB
    cpu { cores = 8, features = [sse4_2] }
    hypervisor xen {
      virtualization = para
      vm linux-pv { vcpus = 2, memory = 4GiB, guest linux {} }
      vm windows-pv { vcpus = 2, memory = 8GiB, guest windows {} }
    }
  }

  host big {
    memory = 8GiB
    cpu { cores = 2, features = [vmx] }
    hypervisor kvm {
      vm a { vcpus = 8, memory = 6GiB, guest linux {} }
      vm b { vcpus = 8, memory = 6GiB, guest linux {} }
    }
  }

  host "w\u0435b" {
    memory = 4GiB
    cpu { cores = 2 }
    os linux { cgroup = v1 }
    container worker {
      image = "busybox:1.36"
      cgroup { cpu.max = 100m, memory.max = 512MiB, pids.max = 10 }
      workload { cpu = 1, memory = 256MiB }
    }
  }
}
`;

/** Lines a person might type or leave half-typed inside a host: new findings, broken syntax, unbalanced braces. */
const SNIPPETS = [
  '    container extra { privileged = true }',
  '    container r { user = 0, cgroup { memory.max = 1GiB, pids.max = 5 } }',
  '    container hot { cgroup { cpu.max = 500m } workload { cpu = 2 } }',
  '    memory = 1GiB',
  '    # a comment',
  '    foo =',
  '    container broken {',
  '  }',
  '    vm stray { vcpus = 64, memory = 512GiB }',
  '',
];

type Edit =
  | { kind: 'insert'; host: number; at: number; snippet: number }
  | { kind: 'delete'; host: number; at: number }
  | { kind: 'shift-above'; host: number }
  | { kind: 'rename'; host: number; as: number }
  | { kind: 'indent'; host: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), host: fc.nat(7), at: fc.nat(40), snippet: fc.nat(SNIPPETS.length - 1) }),
  fc.record({ kind: fc.constant('delete' as const), host: fc.nat(7), at: fc.nat(40) }),
  fc.record({ kind: fc.constant('shift-above' as const), host: fc.nat(7) }),
  fc.record({ kind: fc.constant('rename' as const), host: fc.nat(7), as: fc.nat(7) }),
  fc.record({ kind: fc.constant('indent' as const), host: fc.nat(7) }),
);

/** Line numbers of the `host` headers. */
function hostLines(lines: string[]): number[] {
  return lines.flatMap((l, i) => (/^\s*host\s/.test(l) ? [i] : []));
}

function apply(text: string, e: Edit): string {
  const lines = text.split('\n');
  const hosts = hostLines(lines);
  if (hosts.length === 0) return `${text}\n  host fresh { memory = 1GiB\n cpu { cores = 1 } }\n`;
  const h = hosts[e.host % hosts.length];
  const end = hosts[(e.host % hosts.length) + 1] ?? lines.length;
  const inside = h + 1 + (end - h - 1 > 0 ? ('at' in e ? e.at : 0) % (end - h - 1) : 0);
  switch (e.kind) {
    case 'insert':
      lines.splice(inside, 0, SNIPPETS[e.snippet]);
      break;
    case 'delete':
      if (inside < lines.length) lines.splice(inside, 1);
      break;
    case 'shift-above':
      lines.splice(h, 0, '  # moved down');
      break;
    case 'rename': {
      const other = lines[hosts[e.as % hosts.length]].match(/host\s+(\S+)/)?.[1] ?? 'web';
      lines[h] = lines[h].replace(/host\s+\S+/, `host ${other}`);
      break;
    }
    case 'indent':
      lines[h] = ` ${lines[h]}`;
      break;
  }
  return lines.join('\n');
}

function fromScratch(text: string): Diagnostic[] {
  const sources = new MemorySources();
  return analyze(sources.set('main.vmx', text), sources).diagnostics;
}

function memoised(text: string, memo: HostCheckMemo): Diagnostic[] {
  const sources = new MemorySources();
  return analyze(sources.set('main.vmx', text), sources, { memo }).diagnostics;
}

describe('per-host check memo', () => {
  it('the base file has findings of several per-host families and one cross-host one (so the property below has work to do)', () => {
    const codes = new Set(fromScratch(BASE).map((d) => d.code));
    for (const c of ['VMX112', 'VMX202', 'VMX207']) assert.ok(codes.has(c), `${c} in ${[...codes].join(' ')}`);
    assert.ok(codes.size >= 6, [...codes].join(' '));
  });

  it('memoised = from scratch after every edit of random edit sequences (inserts, deletions, broken braces, moved and renamed hosts)', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 8 }), (edits) => {
        const memo = new HostCheckMemo();
        let text = BASE;
        assert.deepEqual(memoised(text, memo), fromScratch(text));
        for (const e of edits) {
          text = apply(text, e);
          assert.deepEqual(memoised(text, memo), fromScratch(text), `after ${JSON.stringify(e)}:\n${text}`);
        }
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('editing one host checks that host only; moving every host down checks none and moves their findings', () => {
    const memo = new HostCheckMemo();
    memoised(BASE, memo);
    assert.deepEqual(memo.stats, { computed: 4, reused: 0 });

    // host big: its vm b gets 1 vCPU instead of 8 (inside host big only).
    const edited = BASE.replace('vm b { vcpus = 8', 'vm b { vcpus = 1');
    const after = memoised(edited, memo);
    assert.deepEqual(memo.stats, { computed: 5, reused: 3 }, 'one host checked again, three reused');
    assert.deepEqual(after, fromScratch(edited));

    // Two comment lines above the topology: every host moves, none changes.
    const moved = `# one\n# two\n${edited}`;
    const shifted = memoised(moved, memo);
    assert.deepEqual(memo.stats, { computed: 5, reused: 7 }, 'no host checked again');
    const privileged = (ds: Diagnostic[]) => ds.find((d) => d.code === 'VMX207')!;
    // `privileged = true` is line 8 of BASE (0-based: topology, simulate, blank, host, memory, cpu, container, image); two lines above make it 10.
    assert.equal(privileged(after).range.start.line, 8);
    assert.equal(privileged(shifted).range.start.line, 10);
    assert.deepEqual(shifted, fromScratch(moved));
  });

  it('a host that no longer exists is forgotten; the same text again is checked again', () => {
    const memo = new HostCheckMemo();
    memoised(BASE, memo);
    const without = BASE.replace(/ {2}host "w\u0435b" \{[\s\S]*?\n {2}\}\n/, '');
    assert.notEqual(without, BASE);
    memoised(without, memo);
    assert.deepEqual(memo.stats, { computed: 4, reused: 3 });
    memoised(BASE, memo);
    assert.deepEqual(memo.stats, { computed: 5, reused: 6 }, 'the Cyrillic host checked again, the others reused');
  });
});
