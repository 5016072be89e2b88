/**
 * Import rules on a real disk (docs/security.md): cycles, missing files,
 * symlink loops, directories, devices, URLs and network shares, files
 * over the size limit, and the workspace-folder rule — each a VMX109 on the
 * import line, promptly, never a hang or a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../core/src/analyze';
import { defaultConfig, mergeConfig } from '../../core/src/config';
import { readLocalFile } from '../../core/src/host/local-files';
import { isRemoteImport } from '../../core/src/model/imports';
import { DiskSources } from '../../cli/src/files';

const dir = mkdtempSync(join(tmpdir(), 'vmx-imports-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TOPOLOGY = (name: string) => `topology ${name} {\n  host ${name}-h { memory = 1GiB; cpu { cores = 1 } }\n}\n`;

function checkFile(name: string, text: string, limits: Record<string, number> = {}) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const config = mergeConfig(defaultConfig(), { limits });
  const sources = new DiskSources(config);
  const uri = pathToFileURL(path).href;
  const root = sources.add(uri, text);
  const result = analyze(root, sources, { config });
  return { result, vmx109: result.diagnostics.filter((d) => d.code === 'VMX109').map((d) => d.message) };
}

test('an import cycle (a → b → a) and a self-import are VMX109, each file loaded once', () => {
  writeFileSync(join(dir, 'b.vmx'), 'import "a.vmx"\n' + TOPOLOGY('b'));
  const { result, vmx109 } = checkFile('a.vmx', 'import "b.vmx"\n' + TOPOLOGY('a'));
  // One report per import in the cycle (a's and b's), so it shows in whichever file is open.
  assert.equal(vmx109.length, 2);
  for (const m of vmx109) assert.match(m, /import cycle: a\.vmx → b\.vmx → a\.vmx/);
  assert.equal(result.model?.files.size, 2);
  assert.match(checkFile('self.vmx', 'import "self.vmx"\n' + TOPOLOGY('s')).vmx109[0], /import cycle/);
});

test('a missing import is VMX109 and the rest of the file is still checked', () => {
  const { result, vmx109 } = checkFile('missing.vmx', 'import "nowhere.vmx"\n' + TOPOLOGY('m'));
  assert.match(vmx109[0], /import not found: "nowhere\.vmx"/);
  assert.equal(result.model?.hosts.length, 1);
});

test('a symlink loop is VMX109, promptly', () => {
  symlinkSync(join(dir, 'loop2.vmx'), join(dir, 'loop1.vmx'));
  symlinkSync(join(dir, 'loop1.vmx'), join(dir, 'loop2.vmx'));
  assert.equal(readLocalFile(pathToFileURL(join(dir, 'loop1.vmx')).href, { maxFileSize: 1e6 }).ok, false);
  assert.match(checkFile('loops.vmx', 'import "loop1.vmx"\n' + TOPOLOGY('l')).vmx109[0], /cannot import "loop1\.vmx": a symlink loop/);
});

test('a directory, a device and a FIFO-like special file are not read', () => {
  mkdirSync(join(dir, 'folder.vmx'));
  assert.equal(checkFile('dir.vmx', 'import "folder.vmx"\n' + TOPOLOGY('d')).vmx109.length, 1);
  // /dev/zero never ends: reading it would hang the server and exhaust memory.
  const zero = readLocalFile('file:///dev/zero', { maxFileSize: 1e6 });
  assert.deepEqual(zero, { ok: false, reason: 'not a regular file' });
  assert.equal(checkFile('dev.vmx', 'import "/dev/zero"\n' + TOPOLOGY('z')).vmx109.length, 1);
});

test('URLs and network shares are never imported', () => {
  for (const p of ['https://example.com/x.vmx', 'http://10.0.0.1/x.vmx', 'file:///etc/x.vmx', 'data:text/plain,topology{}', '//server/share/x.vmx', '\\\\server\\share\\x.vmx']) {
    assert.equal(isRemoteImport(p), true, p);
    const { vmx109 } = checkFile('remote.vmx', `import ${JSON.stringify(p)}\n` + TOPOLOGY('r'));
    assert.equal(vmx109.length, 1, p);
    assert.match(vmx109[0], /imports are local files/);
  }
  for (const p of ['common.vmx', '../x.vmx', '/abs/x.vmx', 'C:\\x.vmx', 'c:/x.vmx']) assert.equal(isRemoteImport(p), false, p);
  assert.match(readLocalFile('file://server/share/x.vmx', { maxFileSize: 1e6 }).ok === false ? (readLocalFile('file://server/share/x.vmx', { maxFileSize: 1e6 }) as { reason: string }).reason : '', /network host/);
});

test('an imported file over limits.maxFileSize is not read (checked before reading)', () => {
  writeFileSync(join(dir, 'big.vmx'), TOPOLOGY('big') + '#'.repeat(10000));
  assert.equal(checkFile('imports-big.vmx', 'import "big.vmx"\n' + TOPOLOGY('ib'), { maxFileSize: 5000 }).vmx109.length, 1);
  assert.equal(checkFile('imports-big2.vmx', 'import "big.vmx"\n' + TOPOLOGY('ib2')).vmx109.length, 0);
});

test('with workspace folders known, files outside them are refused, symlinks resolved', () => {
  const ws = join(dir, 'ws');
  mkdirSync(ws);
  writeFileSync(join(ws, 'in.vmx'), TOPOLOGY('in'));
  writeFileSync(join(dir, 'outside.vmx'), TOPOLOGY('out'));
  symlinkSync(join(dir, 'outside.vmx'), join(ws, 'sneaky.vmx'));
  const roots = [pathToFileURL(ws).href];
  assert.equal(readLocalFile(pathToFileURL(join(ws, 'in.vmx')).href, { maxFileSize: 1e6, roots }).ok, true);
  assert.deepEqual(readLocalFile(pathToFileURL(join(ws, '..', 'outside.vmx')).href, { maxFileSize: 1e6, roots }), { ok: false, reason: 'outside the workspace folders' });
  assert.deepEqual(readLocalFile(pathToFileURL(join(ws, 'sneaky.vmx')).href, { maxFileSize: 1e6, roots }), { ok: false, reason: 'outside the workspace folders' });
  // Without known folders (the CLI), any local file the user can read.
  assert.equal(readLocalFile(pathToFileURL(join(ws, 'sneaky.vmx')).href, { maxFileSize: 1e6 }).ok, true);
});
