/**
 * Import hardening, second round (issue 15): a file is loaded once however
 * its path is spelled, the import graph has a total size limit, cycle
 * reports are bounded, a FIFO is never opened for reading, and a file that
 * is not a topology is never parsed or quoted. On a real disk, through the
 * core (DiskSources, the CLI's provider) and the built CLI as a process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../core/src/analyze';
import { defaultConfig, mergeConfig } from '../../core/src/config';
import { MAX_CYCLE_CHAIN_NAMES, MAX_CYCLE_REPORTS_PER_FILE } from '../../core/src/model/imports';
import { parse } from '../../core/src/syntax/parser';
import { DiskSources } from '../../cli/src/files';
import { CLI, MemorySources } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-imports-hardening-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TOPOLOGY = (name: string) => `topology ${name} {\n  host ${name}-h { memory = 1GiB; cpu { cores = 1 } }\n}\n`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Analyse a root written under `dir`, with the CLI's disk provider. */
function checkOnDisk(name: string, text: string, limits: Record<string, number> = {}) {
  const path = write(name, text);
  const config = mergeConfig(defaultConfig(), { limits });
  const sources = new DiskSources(config);
  const result = analyze(sources.add(pathToFileURL(path).href, text), sources, { config });
  const messages = (code: string) => result.diagnostics.filter((d) => d.code === code).map((d) => d.message);
  return { result, vmx109: messages('VMX109'), vmx111: messages('VMX111') };
}

/** The built CLI on one file, with a bound (a hang fails the test instead of stalling the run). */
function cli(args: string[], timeoutMs = 20_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.signal, null, `vmx ${args.join(' ')} did not end within ${timeoutMs} ms`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Item 2: identity by real path; `?`, `#` and `%` are characters of a file name.

test('`?`, `#` and `%xx` in an import path are characters of the file name, not URL syntax', () => {
  write('small.vmx', TOPOLOGY('small'));
  const { result, vmx109 } = checkOnDisk('spellings.vmx', ['small.vmx?1', 'small.vmx#x', '%73mall.vmx'].map((p) => `import "${p}"\n`).join('') + TOPOLOGY('root'));
  assert.equal(vmx109.length, 3, vmx109.join('\n'));
  for (const m of vmx109) assert.match(m, /import not found/);
  assert.equal(result.model?.files.size, 1, 'small.vmx is not loaded through a query, a fragment or an escape');
  // A file that really has such a name is imported by it, literally.
  write('odd?1#x%41.vmx', TOPOLOGY('odd'));
  const odd = checkOnDisk('odd-root.vmx', 'import "odd?1#x%41.vmx"\n' + TOPOLOGY('r'));
  assert.deepEqual(odd.vmx109, []);
  assert.deepEqual(odd.result.model?.hosts.map((h) => h.id).sort(), ['odd-h', 'r-h']);
});

test('every spelling of one file (`.//`, `a/../`, a symlink) loads it once', () => {
  write('shared.vmx', TOPOLOGY('shared'));
  mkdirSync(join(dir, 'a'), { recursive: true });
  symlinkSync(join(dir, 'shared.vmx'), join(dir, 'shared-link.vmx'));
  const imports = ['shared.vmx', './/shared.vmx', './a/../shared.vmx', 'shared-link.vmx', `${dir}/shared.vmx`];
  const { result } = checkOnDisk('many-spellings.vmx', imports.map((p) => `import "${p}"\n`).join('') + TOPOLOGY('root'));
  assert.equal(result.model?.files.size, 2);
  assert.deepEqual(result.model?.hosts.map((h) => h.id).sort(), ['root-h', 'shared-h']);
  assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.message}`), [], 'no duplicate entities, no cycle');
});

test('a root reached again through a symlink is the root: a cycle, not a second copy', () => {
  const root = write('cyc/root.vmx', 'import "back.vmx"\n' + TOPOLOGY('root'));
  symlinkSync(root, join(dir, 'cyc', 'root-link.vmx'));
  write('cyc/back.vmx', 'import "root-link.vmx"\n' + TOPOLOGY('back'));
  const { result, vmx109 } = checkOnDisk('cyc/root.vmx', 'import "back.vmx"\n' + TOPOLOGY('root'));
  assert.equal(result.model?.files.size, 2);
  assert.ok(vmx109.length >= 1 && vmx109.every((m) => /import cycle/.test(m)), vmx109.join('\n'));
});

test('the CLI reads a file imported as `big.vmx?1` … `?100` not even once (no such files), promptly', () => {
  write('big.vmx', TOPOLOGY('big') + `# ${'x'.repeat(70)}\n`.repeat(2000));
  const root = write('hundred.vmx', Array.from({ length: 100 }, (_, i) => `import "big.vmx?${i + 1}"\n`).join('') + TOPOLOGY('root'));
  const r = cli(['check', '--no-simulate', '--format', 'json', root]);
  const ds = JSON.parse(r.stdout).files.flatMap((f: { diagnostics: { code: string; message: string }[] }) => f.diagnostics);
  assert.equal(ds.filter((d: { message: string }) => /import not found: "big\.vmx\?\d+"/.test(d.message)).length, 100);
});

test('limits.maxImportedBytes bounds the whole import graph: VMX111 on the import that crosses it', () => {
  for (const n of [1, 2, 3]) write(`part${n}.vmx`, TOPOLOGY(`part${n}`) + '#'.repeat(400) + '\n');
  const text = 'import "part1.vmx"\nimport "part2.vmx"\nimport "part3.vmx"\n' + TOPOLOGY('root');
  const { result, vmx111 } = checkOnDisk('parts.vmx', text, { maxImportedBytes: 1000 });
  assert.equal(vmx111.length, 1, vmx111.join('\n'));
  assert.match(vmx111[0], /import "part3\.vmx" is not loaded: .*limit of 1000 characters \(limits\.maxImportedBytes\)/);
  const d = result.diagnostics.find((x) => x.code === 'VMX111')!;
  assert.equal(d.range.start.line, 2, 'on the third import');
  assert.equal(result.model?.files.size, 3);
  // Within the default, all three.
  assert.deepEqual(checkOnDisk('parts.vmx', text).vmx111, []);
});

// Item 3: cycle reports are bounded.

test('a simple cycle is still reported on every import in it, naming the chain', () => {
  const sources = new MemorySources({ 'b.vmx': 'import "c.vmx"\n' + TOPOLOGY('b'), 'c.vmx': 'import "main.vmx"\n' + TOPOLOGY('c') });
  const root = sources.set('main.vmx', 'import "b.vmx"\n' + TOPOLOGY('m'));
  const vmx109 = analyze(root, sources).diagnostics.filter((d) => d.code === 'VMX109');
  assert.deepEqual(vmx109.map((d) => d.uri.replace('file:///t/', '')).sort(), ['b.vmx', 'c.vmx', 'main.vmx']);
  for (const d of vmx109) assert.match(d.message, /^import cycle: main\.vmx → b\.vmx → c\.vmx → main\.vmx; remove one of these imports$/);
});

test('a long cycle names at most a few of its files', () => {
  const n = 30;
  const files: Record<string, string> = {};
  for (let i = 1; i < n; i++) files[`f${i}.vmx`] = `import "${i + 1 < n ? `f${i + 1}` : 'main'}.vmx"\n` + TOPOLOGY(`f${i}`);
  const sources = new MemorySources(files);
  const vmx109 = analyze(sources.set('main.vmx', 'import "f1.vmx"\n' + TOPOLOGY('m')), sources).diagnostics.filter((d) => d.code === 'VMX109');
  assert.equal(vmx109.length, n, 'one report per import of the cycle');
  for (const d of vmx109) {
    assert.equal(d.message.split(' → ').length, MAX_CYCLE_CHAIN_NAMES + 2, d.message);
    assert.match(d.message, new RegExp(`… \\(${n - MAX_CYCLE_CHAIN_NAMES} more\\)`));
  }
});

test('N files each importing all N: cycle reports bounded per file, each import reported at most once, with a summary', () => {
  const n = 60;
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? 'main.vmx' : `n${i}.vmx`));
  const text = (i: number) => names.map((x) => `import "${x}"\n`).join('') + TOPOLOGY(`n${i}`);
  const sources = new MemorySources(Object.fromEntries(names.slice(1).map((x, i) => [x, text(i + 1)])));
  const result = analyze(sources.set('main.vmx', text(0)), sources);
  const vmx109 = result.diagnostics.filter((d) => d.code === 'VMX109');
  const byFile = new Map<string, number>();
  for (const d of vmx109) byFile.set(d.uri, (byFile.get(d.uri) ?? 0) + 1);
  assert.equal(byFile.size, n, 'every file shows a cycle');
  for (const [uri, count] of byFile) assert.ok(count <= MAX_CYCLE_REPORTS_PER_FILE + 1, `${uri}: ${count} reports`);
  const lines = new Set(vmx109.map((d) => `${d.uri}:${d.range.start.line}`));
  assert.equal(lines.size, vmx109.length, 'no import reported twice');
  assert.ok(vmx109.some((d) => /^…and \d+ more imports of this file closing or running through import cycles/.test(d.message)));
  assert.ok(vmx109.every((d) => d.message.length < 400));
});

// Item 6: a FIFO is never opened for reading.

test('vmx check on an import of a FIFO, directly or through a symlink, ends promptly with VMX109', (t) => {
  const fifo = join(dir, 'pipe.vmx');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.diagnostic('mkfifo is not available here');
    return;
  }
  symlinkSync(fifo, join(dir, 'pipe-link.vmx'));
  const root = write('imports-fifo.vmx', 'import "pipe.vmx"\nimport "pipe-link.vmx"\n' + TOPOLOGY('root'));
  const r = cli(['check', '--no-simulate', root]);
  assert.equal(r.status, 1, r.stderr);
  const vmx109 = r.stdout.split('\n').filter((l) => /VMX109/.test(l));
  assert.equal(vmx109.length, 2, r.stdout);
  for (const l of vmx109) assert.match(l, /cannot import "pipe(-link)?\.vmx": a FIFO \(named pipe\), not a regular file/);
});

// Item 7 (a) and (b): a file that is not a topology is never parsed or quoted.

/** Looks like an OpenSSH private key: base64 lines that the lexer reads as names and numbers. */
const FAKE_KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDQk9V1vZ2mQm5hc2VjcmV0a2V5bWF0ZXJpYWxoZXJlAAAAmNsZWFydGV4dA',
  'AAAAtzc2gtZWQyNTUxOQAAACBzZWNyZXRzZWNyZXRzZWNyZXRzZWNyZXRzZWNyZXQAAAAAAA',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');
const FAKE_SHADOW = 'root:$6$Zq1lTq$Hs8vxkJpY2mQm5hc2VjcmV0:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\nalice:$6$abc$topsecrethashvalue:19700:0:99999:7:::\n';
const FAKE_ENV = 'host = db.qwxintranet.corp\npassword = "hunter2-zebraquokka"\n';

test('an imported key, password file or .env is one VMX109 "does not look like a topology file", in no format quoted', () => {
  write('secrets/k1', FAKE_KEY);
  write('secrets/shadow', FAKE_SHADOW);
  write('secrets/.env', FAKE_ENV);
  const root = write('secrets/root.vmx', 'import "k1"\nimport "shadow"\nimport ".env"\n' + TOPOLOGY('root'));
  for (const format of ['text', 'json', 'sarif']) {
    const r = cli(['check', '--no-simulate', '--format', format, root]);
    assert.equal(r.status, 1, r.stderr);
    const output = r.stdout + r.stderr;
    assert.equal(output.match(/does not look like a topology file/g)?.length, 3, output);
    // SARIF lists every rule, VMX100 included: look at its results.
    const reported = format === 'sarif' ? JSON.parse(r.stdout).runs[0].results.map((x: { ruleId: string }) => x.ruleId).join(' ') : output;
    assert.doesNotMatch(reported, /VMX100/);
    for (const secret of [FAKE_KEY, FAKE_SHADOW, FAKE_ENV]) {
      for (const word of secret.split(/[^A-Za-z0-9$]+/).filter((w) => w.length >= 6)) assert.ok(!output.includes(word), `${format} output quotes '${word}'`);
    }
  }
});

test('a topology, a fragment and an empty or comment-only file are imported as before', () => {
  write('ok/frag.vmx', '# a host kept apart\n/* shared */\nhost frag-h { memory = 1GiB; cpu { cores = 1 } }\n');
  write('ok/empty.vmx', '\n# nothing yet\n');
  write('ok/imp.vmx', '// only imports\nimport "empty.vmx"\n');
  const { vmx109 } = checkOnDisk('ok/root.vmx', 'import "frag.vmx"\nimport "empty.vmx"\nimport "imp.vmx"\n' + TOPOLOGY('root'));
  assert.deepEqual(vmx109.filter((m) => /look like/.test(m)), []);
});

test('syntax errors quote at most 24 characters of the offending text, cut with …', () => {
  const long = 'Q'.repeat(60);
  const texts = [`topology t {\n  ${long}\n}\n`, `topology t {\n  ${long} 5\n}\n`, `topology t {\n  ${long} =\n  host h { }\n}\n`, `topology ${long} {\n`, `topology t {\n  = ${long}\n}\n`];
  for (const text of texts) {
    const errors = parse(text).errors;
    assert.ok(errors.length > 0, text);
    for (const e of errors) {
      assert.ok(!e.message.includes('Q'.repeat(25)), e.message);
    }
  }
  assert.match(parse(texts[0]).errors[0].message, new RegExp(`'${'Q'.repeat(24)}…'`));
});

test('odd import paths are one short VMX109 each: a NUL, an empty path, a 5000-character name', () => {
  const { vmx109 } = checkOnDisk('odd-paths.vmx', `import "a\\u0000b"\nimport ""\nimport "${'a'.repeat(5000)}"\n` + TOPOLOGY('odd'));
  assert.equal(vmx109.length, 3, vmx109.join('\n'));
  assert.match(vmx109[0], /: not a valid path$/);
  assert.match(vmx109[1], /: a directory$/);
  assert.ok(vmx109[2].length < 400, `${vmx109[2].length} characters`);
});
