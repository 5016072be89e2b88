/** Formatting (idempotent over every sample, meaning kept) and code actions that apply cleanly. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { applyEdits, fixture, PublishedDiagnostics, ROOT, TestServer } from './client';

function samples(dir = join(ROOT, 'samples')): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...samples(join(dir, e.name)));
    else if (e.name.endsWith('.vmx')) out.push(join(dir, e.name));
  }
  return out.sort();
}

type Edit = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };

describe('formatting and code actions', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  const format = (uri: string): Promise<Edit[]> => server.request<Edit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  const codes = (d: PublishedDiagnostics): string[] => d.diagnostics.map((x) => `${x.code}@${x.range.start.line}`).sort();
  /** Diagnostics without positions: formatting moves lines only where blank-line runs collapse. */
  const codeSet = (d: PublishedDiagnostics): string[] => d.diagnostics.map((x) => `${x.code} ${x.message}`).sort();

  it('formats a messy file to canonical spacing and indentation, keeping comments and blank-line groups', async () => {
    const f = fixture('messy.vmx');
    const before = await server.open(f.uri, f.text);
    const out = applyEdits(f.text, await format(f.uri));
    assert.match(out, /\ntopology messy \{\n  description = "spacing test" \/\/ trailing comment\n  host h1 \{\n    memory = 16GiB\n\n    cpu \{ cores = 4; threads = 2\n/);
    assert.match(out, /\n    \/\* block\n     comment \*\/\n/);
    assert.match(out, /cgroup \{ cpu.max = 1.5; memory.max = 1GiB; pids.max = 100 \}/);
    assert.match(out, /workload \{ cpu = burst\(base = 0.2, peak = 2, period = 10s, duty = 20%\); memory = 256MiB \}/);
    assert.match(out, /\n      features = \[vmx, ept\] \}\n/);
    assert.ok(!/\n\n\n/.test(out), 'blank-line runs collapse to one');
    const lines = out.split('\n');
    await server.edit(f.uri, { start: { line: 0, character: 0 }, end: { line: f.text.split('\n').length - 1, character: 0 } }, out);
    const after = server.latest.get(f.uri)!;
    assert.deepEqual(codeSet(after), codeSet(before), 'meaning unchanged');
    assert.deepEqual(await format(f.uri), [], 'idempotent');
    assert.equal(lines[lines.length - 1], '', 'ends with one newline');
  });

  it('formatting is idempotent on every sample and never changes its diagnostics', async () => {
    const files = samples();
    assert.ok(files.length >= 5, 'the samples are there');
    for (const path of files) {
      const uri = pathToFileURL(path).href;
      const text = readFileSync(path, 'utf8');
      const before = await server.open(uri, text);
      const once = applyEdits(text, await format(uri));
      const lines = text.split('\n');
      const after = await server.edit(uri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, once);
      assert.deepEqual(codeSet(after), codeSet(before), `${path}: formatting changed the diagnostics`);
      assert.deepEqual(await format(uri), [], `${path}: formatting twice changes it again`);
    }
  });

  it('range formatting touches only the range', async () => {
    const f = fixture('messy.vmx');
    const uri = f.uri.replace('messy.vmx', 'messy-range-scratch.vmx');
    await server.open(uri, f.text);
    const edits = await server.request<Edit[]>('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 12, character: 0 }, end: { line: 13, character: 0 } }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.range.start.line >= 11 && e.range.end.line <= 13), JSON.stringify(edits));
  });

  it('leaves a file with syntax errors alone', async () => {
    const uri = fixture('messy.vmx').uri.replace('messy.vmx', 'syntax-format-scratch.vmx');
    await server.open(uri, 'topology t {\n host h {  memory = = 4GiB }\n');
    assert.deepEqual(await format(uri), []);
  });

  it('offers the quick fixes of the checks, and they apply cleanly', async () => {
    const f = fixture('fixes.vmx');
    const d = await server.open(f.uri, f.text);
    const ring = d.diagnostics.find((x) => x.code === 'VMX206');
    const privileged = d.diagnostics.find((x) => x.code === 'VMX207');
    assert.ok(ring && privileged, codes(d).join(' '));
    type Action = { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Edit[]> } };
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: ring.range, context: { diagnostics: [ring] } });
    const setRing = actions.find((a) => a.title === 'Set ring = 3');
    assert.ok(setRing, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(setRing.kind, 'quickfix');
    assert.equal(setRing.isPreferred, true);
    let text = applyEdits(f.text, setRing.edit.changes[f.uri]);
    const lines = f.text.split('\n');
    let after = await server.edit(f.uri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, text);
    assert.ok(!after.diagnostics.some((x) => x.code === 'VMX206'));
    // The next fix, on the new text, with only the range (no diagnostics in the context).
    const p = after.diagnostics.find((x) => x.code === 'VMX207')!;
    const more = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: p.range, context: { diagnostics: [] } });
    const unprivilege = more.find((a) => a.title.startsWith('Set privileged = false'))!;
    assert.ok(unprivilege);
    const textLines = text.split('\n');
    text = applyEdits(text, unprivilege.edit.changes[f.uri]);
    after = await server.edit(f.uri, { start: { line: 0, character: 0 }, end: { line: textLines.length - 1, character: textLines[textLines.length - 1].length } }, text);
    assert.deepEqual(after.diagnostics.filter((x) => x.severity! <= 2), [], 'no errors or warnings left');
  });

  it('converts a VMware configuration into a topology vm, by code action and by request', async () => {
    const f = fixture('vmware.vmx');
    const d = await server.open(f.uri, f.text);
    type Action = { title: string; edit: { changes: Record<string, Edit[]> } };
    const actions = await server.request<Action[]>('textDocument/codeAction', { textDocument: { uri: f.uri }, range: d.diagnostics[0].range, context: { diagnostics: d.diagnostics } });
    const convert = actions.find((a) => a.title === 'Convert this VMware .vmx into a topology vm');
    assert.ok(convert);
    const text = applyEdits(f.text, convert.edit.changes[f.uri]);
    assert.match(text, /vm Ubuntu-Build-Box \{\n\s+vcpus = 4\n\s+memory = 8192MiB\n\s+nested = true\n\s+guest linux/);
    assert.match(text, /device scsi0-0 \{ access = paravirtual \}/);
    assert.match(text, /device eth0 \{ access = paravirtual \}/);
    assert.match(text, /device eth1 \{ access = emulated \}/);
    assert.ok(!text.includes('sata0-1'), 'the CD-ROM is not a disk');
    const lines = f.text.split('\n');
    const after = await server.edit(f.uri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, text);
    assert.deepEqual(after.diagnostics.filter((x) => x.severity === 1), [], JSON.stringify(after.diagnostics));
    const other = fixture('vmware.vmx');
    const uri2 = other.uri.replace('vmware.vmx', 'vmware-request-scratch.vmx');
    await server.open(uri2, other.text);
    const r = await server.request<{ text: string }>('vmx/convertVmware', { uri: uri2 });
    assert.equal(r.text, text);
  });
});
