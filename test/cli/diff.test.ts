/**
 * `vmx diff` through the built CLI (dist/cli.js) as a process, on pairs of
 * topologies whose differences are derived by hand; the JSON output is
 * validated against docs/schemas/diff.schema.json with ajv.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { ROOT, runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-diff-'));
let counter = 0;
function file(text: string, name = `t${counter++}.vmx`, folder = dir): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const schema = JSON.parse(readFileSync(join(ROOT, 'docs/schemas/diff.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

interface Metric {
  old: number | null;
  new: number | null;
  delta: number | null;
}
interface Finding {
  code: string;
  severity: string;
  message: string;
  entity: string | null;
  path: string;
  range: { start: { line: number } };
}
interface DiffJson {
  old: { path: string; simulated: boolean };
  new: { path: string };
  summary: Record<string, number>;
  findings: { added: Finding[]; removed: Finding[]; changed: { code: string; entity: string | null; old: Finding; new: Finding }[] };
  entities: { added: { id: string; kind: string }[]; removed: { id: string }[]; changed: { id: string; metrics: Record<string, Metric>; changed: string[] }[] };
}

/** `vmx diff --format json …`, checked against the schema. */
function diffJson(args: string[], cwd?: string): DiffJson & { status: number } {
  const r = runCli(['diff', '--format', 'json', ...args], { cwd });
  assert.ok(r.stdout.trim(), `vmx diff printed JSON (status ${r.status}, stderr ${r.stderr})`);
  const json = JSON.parse(r.stdout) as DiffJson;
  assert.ok(validate(json), `the output follows docs/schemas/diff.schema.json: ${JSON.stringify(validate.errors)}`);
  return { ...json, status: r.status };
}

const close = (actual: number | null, expected: number, what: string, tol = 1e-6) => assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected}`);

/** A 2-CPU KVM host; each VM has 1 vCPU, locked memory and a saturating workload (cpu = 1). */
const vmHost = (vms: [string, number][]) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 2  features = [vmx, ept] }
    hypervisor kvm {
${vms.map(([name, cpu]) => `      vm ${name} { vcpus = 1  memory = 1GiB  pin = ${cpu}  memory_locked = true  workload { cpu = 1 } }`).join('\n')}
    }
  }
}
`;

const container = (cgroup: string, memory: string) => `topology t {
  host h {
    memory = 64GiB
    cpu { cores = 4  features = [vmx] }
    container app {
      cgroup { ${cgroup} }
      workload { cpu = 0.5  memory = ${memory} }
    }
  }
}
`;

describe('vmx diff', () => {
  it('an extra busy VM pinned onto a busy VM\'s CPU shows the steal it causes', () => {
    // Old: a on CPU 0, b on CPU 1: each runs its 1 vCPU in full, steal 0.
    // New: c joins a on CPU 0. Both runnable 1 vCPU (capped by their single vCPU and single pinned CPU) on one CPU:
    // granted ½ each, steal (runnable − granted) / runnable = (1 − ½) / 1 = 50%; CPU headroom (ceiling 1 vCPU) 1 − ½ = ½.
    // b keeps CPU 1: no figure of it changes, so it is not listed.
    const d = diffJson([file(vmHost([['a', 0], ['b', 1]])), file(vmHost([['a', 0], ['b', 1], ['c', 0]]))]);
    assert.equal(d.status, 0, 'only warnings are added');
    assert.deepEqual(d.entities.added.map((e) => `${e.kind} ${e.id}`), ['vm h/c']);
    assert.deepEqual(d.entities.removed, []);
    const a = d.entities.changed.find((e) => e.id === 'h/a');
    assert.ok(a, `h/a changed (changed: ${d.entities.changed.map((e) => e.id).join(', ')})`);
    close(a.metrics.cpuGranted.old, 1, 'a granted before');
    close(a.metrics.cpuGranted.new, 0.5, 'a granted after');
    close(a.metrics.cpuGranted.delta, -0.5, 'a granted delta');
    close(a.metrics.cpuSteal.old, 0, 'a steal before');
    close(a.metrics.cpuSteal.new, 0.5, 'a steal after');
    close(a.metrics.cpuSteal.delta, 0.5, 'a steal delta');
    close(a.metrics.cpuHeadroom.old, 0, 'a headroom before');
    close(a.metrics.cpuHeadroom.new, 0.5, 'a headroom after');
    assert.deepEqual(a.changed, ['cpuGranted', 'cpuSteal', 'cpuHeadroom']);
    assert.equal(a.metrics.cpuThrottled.old, null, 'no cpu.max: no throttling figure');
    assert.ok(!d.entities.changed.some((e) => e.id === 'h/b'), 'b is untouched');
    const steal = d.findings.added.filter((f) => f.code === 'VMX401').map((f) => f.entity);
    assert.deepEqual(steal, ['h/a', 'h/c'], 'VMX401 on both VMs sharing CPU 0');
    assert.match(d.findings.added.find((f) => f.code === 'VMX401')!.message, /50% of the time/);
    assert.deepEqual(d.findings.removed, []);
    assert.equal(d.summary.errorsAdded, 0);
  });

  it('a finding whose figures changed is "changed", old → new; a finding that only moved lines is unchanged', () => {
    // Old: a and c share CPU 0 (½ each, steal 50%). New: d joins them, and two comment lines push everything down:
    // three runnable vCPUs on one CPU get ⅓ each, steal (1 − ⅓) / 1 = ⅔ ≈ 67%. b on CPU 1 keeps no finding at all.
    const oldText = vmHost([['a', 0], ['b', 1], ['c', 0]]);
    const newText = `# moved\n# down\n${vmHost([['a', 0], ['b', 1], ['c', 0], ['d', 0]])}`;
    const d = diffJson([file(oldText), file(newText)]);
    const a = d.findings.changed.find((c) => c.code === 'VMX401' && c.entity === 'h/a');
    assert.ok(a, `VMX401 of h/a changed (changed: ${JSON.stringify(d.findings.changed.map((c) => [c.code, c.entity]))})`);
    assert.match(a.old.message, /50% of the time/);
    assert.match(a.new.message, /67% of the time/);
    assert.equal(a.new.range.start.line, a.old.range.start.line + 2, 'two lines further down');
    assert.ok(!d.findings.removed.some((f) => f.code === 'VMX401') && !d.findings.added.some((f) => f.code === 'VMX401' && f.entity !== 'h/d'), 'a moved finding is not removed and added');
    close(d.entities.changed.find((e) => e.id === 'h/a')!.metrics.cpuGranted.new, 1 / 3, 'a granted ⅓');
    close(d.entities.changed.find((e) => e.id === 'h/a')!.metrics.cpuGranted.delta, 1 / 3 - 1 / 2, 'a granted delta −⅙');

    // Only moved: the same topology two lines down is no change at all.
    const moved = diffJson([file(oldText), file(`# moved\n# down\n${oldText}`)]);
    assert.equal(moved.summary.findingsUnchanged > 0, true, 'the findings are matched');
    assert.deepEqual([moved.findings.added, moved.findings.removed, moved.findings.changed, moved.entities.changed], [[], [], [], []]);
  });

  it('removing memory.max adds VMX308 and the memory headroom goes from limit − p95 to none', () => {
    // The workload holds 256 MiB: p95 = 256 MiB; headroom under memory.max 1 GiB = 1024 − 256 = 768 MiB = 805,306,368 bytes.
    const d = diffJson([file(container('memory.max = 1GiB  pids.max = 100', '256MiB')), file(container('pids.max = 100', '256MiB'))]);
    assert.equal(d.status, 0, 'VMX308 is a warning');
    assert.deepEqual(d.findings.added.map((f) => `${f.code} ${f.severity} ${f.entity}`), ['VMX308 warning h/app']);
    assert.deepEqual(d.findings.removed, []);
    const app = d.entities.changed.find((e) => e.id === 'h/app')!;
    assert.deepEqual(app.metrics.memoryHeadroom, { old: 768 * 2 ** 20, new: null, delta: null });
    assert.deepEqual(app.metrics.memoryP95, { old: 256 * 2 ** 20, new: 256 * 2 ** 20, delta: 0 });
    assert.deepEqual(app.changed, ['memoryHeadroom']);
  });

  it('raising memory.max above the demand removes VMX405 (exit 0); the reverse adds it (exit 1)', () => {
    // 512 MiB of demand against memory.max 256 MiB: OOM kills (VMX405, an error). Under 1 GiB it fits: none.
    const oom = file(container('memory.max = 256MiB  pids.max = 100', '512MiB'));
    const fits = file(container('memory.max = 1GiB  pids.max = 100', '512MiB'));
    const fixed = diffJson([oom, fits]);
    assert.equal(fixed.status, 0);
    assert.deepEqual(fixed.findings.removed.map((f) => `${f.code} ${f.severity} ${f.entity}`), ['VMX405 error h/app']);
    assert.deepEqual(fixed.findings.added, []);
    assert.equal(fixed.summary.errorsAdded, 0);
    // Once it fits, p95 is the demand, 512 MiB, and the headroom 1024 − 512 = 512 MiB.
    const app = fixed.entities.changed.find((e) => e.id === 'h/app')!;
    assert.equal(app.metrics.memoryP95.new, 512 * 2 ** 20);
    assert.equal(app.metrics.memoryHeadroom.new, 512 * 2 ** 20);

    const broken = diffJson([fits, oom]);
    assert.equal(broken.status, 1, 'the change adds an error finding');
    assert.equal(broken.summary.errorsAdded, 1);
    assert.deepEqual(broken.findings.added.map((f) => f.code), ['VMX405']);
    const text = runCli(['diff', fits, oom]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /1 finding added \(1 new error\)/);
    assert.match(text.stdout, /\+\s+error\s+VMX405\s+h\/app/);
  });

  it('identical files: an empty diff, exit 0', () => {
    const text = vmHost([['a', 0], ['b', 0]]);
    const d = diffJson([file(text), file(text)]);
    assert.equal(d.status, 0);
    assert.deepEqual([d.findings.added, d.findings.removed, d.findings.changed], [[], [], []]);
    assert.deepEqual([d.entities.added, d.entities.removed, d.entities.changed], [[], [], []]);
    // Both VMs share CPU 0: VMX302 twice and VMX401 twice, matched one to one.
    assert.equal(d.summary.findingsUnchanged, 4);
    const t = runCli(['diff', file(text), file(text)]);
    assert.equal(t.status, 0);
    assert.match(t.stdout, /no change/);
    const md = runCli(['diff', '--format', 'markdown', file(text), file(text)]);
    assert.match(md.stdout, /^### vmx diff: /);
    assert.match(md.stdout, /No change/);
    // --all lists the entities in both anyway, with nothing marked changed: host h, h/a and h/b.
    const all = diffJson(['--all', file(text), file(text)]);
    assert.deepEqual(all.entities.changed.map((e) => `${e.id}:${e.changed.length}`), ['h:0', 'h/a:0', 'h/b:0']);
  });

  it('--git REF FILE compares the file at REF, and its imports at REF, with the working copy', () => {
    const repo = mkdtempSync(join(tmpdir(), 'vmx-diff-git-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
      assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    };
    git('init', '-q');
    mkdirSync(join(repo, 'sub'));
    // main.vmx imports part.vmx, which declares a second host; only part.vmx changes in the working copy.
    const main = file(`import "part.vmx"\n${vmHost([['a', 0], ['b', 1]])}`, 'main.vmx', join(repo, 'sub'));
    const partAt = (pins: [number, number]) => `topology t {
  host h2 {
    memory = 64GiB
    cpu { cores = 2  features = [vmx, ept] }
    hypervisor kvm {
      vm x { vcpus = 1  memory = 1GiB  pin = ${pins[0]}  memory_locked = true  workload { cpu = 1 } }
      vm y { vcpus = 1  memory = 1GiB  pin = ${pins[1]}  memory_locked = true  workload { cpu = 1 } }
    }
  }
}
`;
    file(partAt([0, 1]), 'part.vmx', join(repo, 'sub'));
    git('add', '.');
    git('commit', '-q', '-m', 'apart');
    // Now x and y share CPU 0: ½ granted each, 50% steal (as two VMs pinned to one CPU).
    file(partAt([0, 0]), 'part.vmx', join(repo, 'sub'));
    const d = diffJson(['--git', 'HEAD', main]);
    assert.equal(d.old.path, 'HEAD:sub/main.vmx');
    assert.equal(d.new.path, main);
    assert.deepEqual(d.entities.changed.map((e) => e.id), ['h2', 'h2/x', 'h2/y'], 'only the imported host changed');
    // The host ran 1 + 1 CPUs, now ½ + ½ on CPU 0 (CPU 1 idle): granted 2 → 1, CPU headroom 0 → 1 of its 2 logical CPUs.
    const h2 = d.entities.changed[0];
    assert.deepEqual([h2.metrics.cpuGranted.old, h2.metrics.cpuGranted.new, h2.metrics.cpuHeadroom.new], [2, 1, 1]);
    for (const e of d.entities.changed.slice(1)) {
      close(e.metrics.cpuGranted.delta, -0.5, `${e.id} granted`);
      close(e.metrics.cpuSteal.new, 0.5, `${e.id} steal`);
    }
    assert.ok(d.findings.added.some((f) => f.code === 'VMX401' && f.entity === 'h2/x' && f.path.endsWith('part.vmx')));
    // From inside the repository, with a relative path: the same answer.
    const rel = diffJson(['--git', 'HEAD', 'main.vmx'], join(repo, 'sub'));
    assert.deepEqual(rel.entities.changed.map((e) => e.id), ['h2', 'h2/x', 'h2/y']);
    // A ref that does not exist, a path not in the tree at REF, a ref that looks like an option: exit 2, one line.
    for (const args of [['--git', 'no-such-ref', main], ['--git=-p', main]]) {
      const r = runCli(['diff', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    const untracked = file(vmHost([['a', 0]]), 'new.vmx', join(repo, 'sub'));
    const r = runCli(['diff', '--git', 'HEAD', untracked]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^vmx: cannot read 'sub\/new\.vmx' at HEAD: /);
    const outside = runCli(['diff', '--git', 'HEAD', file(vmHost([['a', 0]]))]);
    assert.equal(outside.status, 2, 'a file outside any repository');
    assert.equal(outside.stderr.trim().split('\n').length, 1);
  });

  it('markdown fits a PR comment: tables with signed deltas, a name with | escaped', () => {
    const before = vmHost([['a', 0], ['"p|q"', 1]]);
    const after = vmHost([['a', 1], ['"p|q"', 1]]);
    const r = runCli(['diff', '--format', 'markdown', file(before), file(after)]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^### vmx diff: /);
    assert.ok(!/<[a-z/]/i.test(r.stdout), 'no raw HTML');
    // Every table row has exactly its columns: a | in a name is escaped, so it is not a cell separator.
    const cells = (line: string) => line.split(/(?<!\\)\|/).length - 2;
    const findingRows = lines.filter((l) => l.startsWith('| added') || l.startsWith('| removed') || l.startsWith('| changed'));
    assert.ok(findingRows.length > 0, 'a findings table');
    for (const l of findingRows) assert.equal(cells(l), 6, l);
    const entityHead = lines.findIndex((l) => l.startsWith('| Entity |'));
    assert.ok(entityHead > 0, 'an entities table');
    const entityRows = lines.slice(entityHead + 2).filter((l) => l.startsWith('|'));
    for (const l of entityRows) assert.equal(cells(l), 8, l);
    // Moving a onto CPU 1 beside p|q: each gets ½ of it, steal 50%: −0.50 CPU and +50.0 pp for both.
    const pq = entityRows.find((l) => l.startsWith('| h/p\\|q |'));
    assert.ok(pq, `a row for h/p|q, escaped (rows: ${entityRows.join(' / ')})`);
    assert.match(pq, /1\.00 → 0\.50 \(−0\.50\)/);
    assert.match(pq, /0\.0% → 50\.0% \(\+50\.0 pp\)/);
    assert.ok(findingRows.some((l) => /\| added \| VMX401 \| warning \| h\/p\\\|q \|/.test(l)), 'VMX401 added on h/p|q');
  });

  it('usage errors and unreadable files: exit 2 with one line on stderr; --help', () => {
    const one = file(vmHost([['a', 0]]));
    for (const args of [['diff', one], ['diff'], ['diff', one, one, one], ['diff', '--format', 'yaml', one, one], ['diff', one, join(dir, 'missing.vmx')], ['diff', '--seed', 'x', one, one], ['diff', '--git', 'HEAD']]) {
      const r = runCli(args);
      assert.equal(r.status, 2, `${args.join(' ')} → ${r.status} ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^vmx: .+\n$/);
    }
    const help = runCli(['diff', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: vmx diff \[options\] OLD NEW/);
    assert.match(help.stdout, /--git REF/);
  });
});
