/**
 * Bytes that are not clean UTF-8 text: invalid sequences, binary garbage,
 * NUL bytes, a BOM, CRLF and lone CR line endings. Through the pipeline
 * (DiskSources, as the CLI reads files) the result is diagnostics, never a
 * crash; a BOM or CRLF changes no diagnostic and no position.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../core/src/analyze';
import { defaultConfig } from '../../core/src/config';
import { Diagnostic } from '../../core/src/diagnostics/types';
import { decode, DiskSources } from '../../cli/src/files';
import { loadSeeds } from '../fuzz/lib/seeds';

const dir = mkdtempSync(join(tmpdir(), 'vmx-enc-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function checkBytes(name: string, bytes: Buffer): Diagnostic[] {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const config = defaultConfig();
  const sources = new DiskSources(config);
  const root = sources.add(pathToFileURL(path).href, decode(readFileSync(path)));
  return analyze(root, sources, { config }).diagnostics;
}

const shape = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);

// Every seed topology (samples and inline ones, a broken one among them); imports dropped, the files stand alone here.
const SEEDS = loadSeeds().map((s) => ({ name: s.name, text: s.text.replace(/^import .*$/gm, '') }));

test('invalid UTF-8 sequences become U+FFFD and give syntax errors, not a crash', () => {
  const ds = checkBytes('bad-utf8.vmx', Buffer.concat([Buffer.from('topology t {\n  host h { memory = 1GiB '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from(' }\n}\n')]));
  assert.ok(ds.some((d) => d.code === 'VMX100'));
});

test('binary garbage (64 KiB of random bytes, NULs included) gives bounded diagnostics', () => {
  for (let i = 0; i < 5; i++) {
    const bytes = randomBytes(64 * 1024);
    const ds = checkBytes(`garbage-${i}.vmx`, bytes);
    assert.ok(ds.length >= 1);
    assert.ok(ds.length <= 70000, `${ds.length} diagnostics`);
  }
  const nul = checkBytes('nul.vmx', Buffer.from('topology t {\u0000}\n'));
  assert.ok(nul.some((d) => d.code === 'VMX100'));
});

test('a BOM changes no diagnostic and no position', () => {
  for (const seed of SEEDS) {
    const plain = checkBytes('plain.vmx', Buffer.from(seed.text));
    const bom = checkBytes('bom.vmx', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed.text)]));
    assert.deepEqual(shape(bom), shape(plain), seed.name);
  }
});

test('CRLF line endings change no diagnostic and no position', () => {
  let compared = 0;
  for (const seed of SEEDS) {
    const plain = checkBytes('lf.vmx', Buffer.from(seed.text));
    const crlf = checkBytes('crlf.vmx', Buffer.from(seed.text.replace(/\r?\n/g, '\r\n')));
    assert.deepEqual(shape(crlf), shape(plain), seed.name);
    compared += plain.length;
  }
  assert.ok(compared > 10, 'the seeds have findings to compare');
});

test('a broken line in a CRLF file is reported on its own line', () => {
  const text = 'topology t {\r\n  host h {\r\n    memory = = 1GiB\r\n    cpu { cores = 1 }\r\n  }\r\n}\r\n';
  const ds = checkBytes('crlf-broken.vmx', Buffer.from(text));
  const syntax = ds.filter((d) => d.code === 'VMX100');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].range.start.line, 2);
});

test('lone CR line endings (old Mac) are lines too', () => {
  const text = 'topology t {\r  host h {\r    memory = 1GiB\r    cpu { cores = 1 }\r    bogus = 1\r  }\r}\r';
  const ds = checkBytes('cr.vmx', Buffer.from(text));
  const unknown = ds.filter((d) => d.code === 'VMX102');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].range.start.line, 4);
});
