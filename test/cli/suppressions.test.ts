/**
 * Suppression hygiene (issue 14): `# vmx-ignore` with an unknown code is
 * VMX113, an unused suppression VMX114; `# vmx-ignore-next-block CODE…` and
 * `# vmx-ignore-file CODE…`. Through core's analyze() (what the editor
 * shows) and through the built CLI as a process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../core/src/analyze';
import { Diagnostic } from '../../core/src/diagnostics/types';
import { simulationStage } from '../../core/src/sim';
import { applyEdits } from '../../core/src/text/apply-edits';
import { defaultConfig, mergeConfig } from '../../core/src/config';
import { MemorySources, runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-suppressions-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const host = (body: string, after = '') => `topology t {
  host h {
    memory = 8GiB
    cpu { cores = 2; features = [vmx] }
${body}
  }
}
${after}`;
/** VMX308 and VMX309 (no limits), and VMX208 (host net namespace). */
const loose = (name: string) => `    container ${name} { user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true; namespaces { net = host } }`;
const tidy = (name: string) => `    container ${name} { user = 1000; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true; cgroup { memory.max = 1GiB; pids.max = 100 } }`;

function run(text: string, simulate = false): Diagnostic[] {
  const sources = new MemorySources();
  const root = sources.set('main.vmx', text);
  return analyze(root, sources, { extraStages: simulate ? [simulationStage({ seriesPoints: 0 })] : [] }).diagnostics;
}
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

test('core: # vmx-ignore with an unknown code is VMX113 on the code, with the nearest code; it silences nothing', () => {
  const text = host(`    # vmx-ignore VMX2O8 VMX999 because reasons\n${loose('c')}`);
  const ds = run(text);
  const unknown = ds.filter((d) => d.code === 'VMX113');
  assert.equal(unknown.length, 2);
  assert.equal(unknown[0].severity, 'warning');
  assert.match(unknown[0].message, /^unknown code VMX2O8 in vmx-ignore: it silences nothing \(did you mean VMX208\?\)/);
  assert.match(unknown[1].message, /^unknown code VMX999 in vmx-ignore: it silences nothing; /);
  const line = lineOf(text, 'VMX2O8');
  assert.deepEqual(unknown[0].range, { start: { line, character: text.split('\n')[line].indexOf('VMX2O8') }, end: { line, character: text.split('\n')[line].indexOf('VMX2O8') + 6 } });
  // Not "ignore everything": the findings of the next line stay.
  assert.ok(codes(ds).includes('VMX208'));
  assert.ok(codes(ds).includes('VMX309'));
});

test('core: an unused suppression is a VMX114 hint on the comment, with a quick fix that removes it', () => {
  const text = host(`${tidy('a')}\n    # vmx-ignore VMX208\n${tidy('b')}`);
  const ds = run(text);
  assert.deepEqual(codes(ds), ['VMX114']);
  const [d] = ds;
  assert.equal(d.severity, 'hint');
  assert.equal(d.message, `nothing to ignore here: no VMX208 on line ${lineOf(text, 'container b') + 1}`);
  assert.equal(d.range.start.line, lineOf(text, '# vmx-ignore'));
  const fixed = applyEdits(text, d.fixes![0].edits);
  assert.equal(fixed, host(`${tidy('a')}\n${tidy('b')}`));
  assert.deepEqual(run(fixed), []);
  // Used: nothing reported; partly used: the unused codes only, without a fix.
  assert.deepEqual(codes(run(host(`    # vmx-ignore VMX208\n${loose('c')}`))), ['VMX308', 'VMX309']);
  const partly = run(host(`    # vmx-ignore VMX208 VMX209 VMX308 VMX309\n${loose('c')}`));
  assert.deepEqual(codes(partly), ['VMX114']);
  assert.match(partly[0].message, /^nothing to ignore here: no VMX209 on line \d+$/);
  assert.equal(partly[0].fixes, undefined);
  // At the end of a line it covers its own line.
  assert.deepEqual(codes(run(host(`${tidy('c')} # vmx-ignore VMX208`))), ['VMX114']);
  assert.deepEqual(codes(run(host(`${loose('c')} # vmx-ignore VMX208 VMX308 VMX309`))), []);
});

test('core: VMX4xx and code-less suppressions are judged only when the simulation ran; nothing in a file with syntax errors', () => {
  const text = host(`    # vmx-ignore VMX401\n${tidy('a')}\n    # vmx-ignore\n${tidy('b')}`);
  assert.deepEqual(codes(run(text)), [], 'the editor\'s static analysis cannot know');
  const simulated = run(text, true);
  assert.deepEqual(codes(simulated), ['VMX114', 'VMX114']);
  assert.match(simulated[0].message, /no VMX401 on line/);
  assert.match(simulated[1].message, /no diagnostic on line/);
  const broken = host(`    # vmx-ignore VMX208\n${tidy('a')}\n    bogus = `);
  assert.ok(!codes(run(broken)).includes('VMX114'));
  // VMX100 cannot be silenced: saying so is unused, and why.
  const syntax = run(host(`    # vmx-ignore VMX100\n${tidy('a')}`));
  assert.match(syntax.find((d) => d.code === 'VMX114')!.message, /\(VMX100 cannot be silenced\)/);
});

test('core: # vmx-ignore-next-block silences its codes in the next block only, comments between allowed', () => {
  const text = host(`    # vmx-ignore-next-block VMX308 VMX309\n    # why: a build sandbox\n    container a {\n      user = 1000\n      cap_drop = [ALL]\n      no_new_privileges = true\n      read_only_rootfs = true\n      namespaces { net = host }\n    }\n${loose('b')}`);
  const ds = run(text);
  const at = (code: string) => ds.filter((d) => d.code === code).map((d) => d.range.start.line);
  assert.deepEqual(at('VMX308'), [lineOf(text, 'container b')]);
  assert.deepEqual(at('VMX309'), [lineOf(text, 'container b')]);
  assert.equal(at('VMX208').length, 2, 'other codes are not silenced');
  // A block nested in a line, and the whole host: everything inside.
  const whole = `topology t {\n  # vmx-ignore-next-block VMX308 VMX309\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n${loose('a')}\n${loose('b')}\n  }\n}\n`;
  assert.deepEqual(codes(run(whole)), ['VMX208', 'VMX208']);
  // Nothing to silence in the block, or no block: VMX114.
  const none = run(host(`    # vmx-ignore-next-block VMX309\n${tidy('a')}`));
  assert.deepEqual(codes(none), ['VMX114']);
  assert.match(none[0].message, /no VMX309 in the block on line \d+/);
  const noBlock = run(host(`    # vmx-ignore-next-block VMX309\n\n${loose('a')}`));
  assert.ok(codes(noBlock).includes('VMX309'), 'a blank line is not the block');
  assert.match(noBlock.find((d) => d.code === 'VMX114')!.message, /no block starts on line \d+/);
  // Without codes it silences nothing and says so.
  const bare = run(host(`    # vmx-ignore-next-block\n${loose('a')}`));
  assert.ok(codes(bare).includes('VMX309'));
  assert.match(bare.find((d) => d.code === 'VMX113')!.message, /vmx-ignore-next-block needs the codes to silence/);
});

test('core: # vmx-ignore-file silences its codes in the whole file, wherever it stands', () => {
  const text = host(`${loose('a')}\n${loose('b')}`, '# vmx-ignore-file VMX308, VMX309 -- sandboxes without limits\n');
  assert.deepEqual(codes(run(text)), ['VMX208', 'VMX208']);
  const top = `// vmx-ignore-file VMX208\n${host(loose('a'))}`;
  assert.deepEqual(codes(run(top)), ['VMX308', 'VMX309']);
  const unused = run(`# vmx-ignore-file VMX207\n${host(tidy('a'))}`);
  assert.deepEqual(codes(unused), ['VMX114']);
  assert.equal(unused[0].message, 'nothing to ignore here: no VMX207 in this file');
  assert.match(run(`# vmx-ignore-file\n${host(tidy('a'))}`)[0].message, /vmx-ignore-file needs the codes/);
  // Only at the start of a comment: a comment that mentions it is not one.
  assert.deepEqual(codes(run(host(`    # see vmx-ignore VMX208 in the docs\n${tidy('a')}`))), []);
});

test('core: severity settings apply to the hygiene codes too', () => {
  const sources = new MemorySources();
  const root = sources.set('main.vmx', host(`    # vmx-ignore VMX999 VMX208\n${tidy('a')}`));
  assert.deepEqual(analyze(root, sources).diagnostics.map((d) => `${d.code}:${d.severity}`).sort(), ['VMX113:warning', 'VMX114:hint']);
  const config = mergeConfig(defaultConfig(), { severities: { VMX113: 'error', VMX114: 'off' } });
  assert.deepEqual(analyze(root, sources, { config }).diagnostics.map((d) => `${d.code}:${d.severity}`), ['VMX113:error']);
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('CLI: VMX113 and VMX114 in every format; --fail-on hint fails on an unused suppression', () => {
  const p = file('hygiene.vmx', host(`    # vmx-ignore VMX999\n${tidy('a')}\n    # vmx-ignore VMX208\n${tidy('b')}`));
  const text = runCli(['check', '--no-simulate', p]);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /hygiene\.vmx:5:18: warning VMX113: unknown code VMX999 in vmx-ignore/);
  assert.match(text.stdout, /hygiene\.vmx:7:5: hint VMX114: nothing to ignore here: no VMX208 on line 8/);
  const json = JSON.parse(runCli(['check', '--no-simulate', '--format', 'json', p]).stdout);
  assert.deepEqual(json.files[0].diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`), ['VMX113:warning', 'VMX114:hint']);
  const sarif = JSON.parse(runCli(['check', '--no-simulate', '--format', 'sarif', p]).stdout);
  assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => `${r.ruleId}:${r.level}`), ['VMX113:warning', 'VMX114:note']);
  assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'VMX114'));
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', p]).status, 1);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'hint', '--severity', 'VMX113=off', p]).status, 1);
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'hint', '--severity', 'VMX113,VMX114=off', p]).status, 0);
});

test('CLI: next-block and file suppressions; simulation suppressions judged only without --no-simulate', () => {
  const p = file('scoped.vmx', host(`    # vmx-ignore-next-block VMX308 VMX309\n${loose('a')}\n${loose('b')}`, '# vmx-ignore-file VMX208\n'));
  const r = JSON.parse(runCli(['check', '--no-simulate', '--format', 'json', p]).stdout);
  const ds = r.files[0].diagnostics as { code: string; range: { start: { line: number } } }[];
  assert.deepEqual(ds.map((d) => `${d.code}@${d.range.start.line}`), ['VMX308@6', 'VMX309@6']);
  const sim = file('sim.vmx', host(`    # vmx-ignore VMX402\n${tidy('a')}`));
  assert.deepEqual(JSON.parse(runCli(['check', '--no-simulate', '--format', 'json', sim]).stdout).files[0].diagnostics, []);
  const simulated = JSON.parse(runCli(['check', '--format', 'json', sim]).stdout).files[0].diagnostics;
  assert.deepEqual(simulated.map((d: { code: string }) => d.code), ['VMX114']);
  assert.match(simulated[0].message, /no VMX402 on line 6/);
});
