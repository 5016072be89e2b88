/** A big file: diagnostics for the newest version after a burst of edits, features still answer. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestServer } from './client';

function bigTopology(hosts: number): string {
  const out = ['topology big {'];
  for (let i = 0; i < hosts; i++) {
    out.push(`  host h${i} {`, '    memory = 64GiB', '    cpu { cores = 16 }');
    for (let c = 0; c < 4; c++) {
      out.push(
        `    container c${c} {`,
        '      user = "app"; cap_drop = [ALL]; no_new_privileges = true; read_only_rootfs = true',
        '      namespaces { user = private }',
        '      cgroup {',
        `        cpu.weight = ${100 + c}`,
        '        memory.max = 1GiB',
        '        pids.max = 100',
        '      }',
        '    }',
      );
    }
    out.push('  }');
  }
  out.push('}');
  return out.join('\n') + '\n';
}

describe('big files', () => {
  let server: TestServer;
  const uri = 'file:///big/big.vmx';
  const text = bigTopology(300);
  const lines = text.split('\n');
  const lastLineWith = (s: string): number => lines.length - 1 - [...lines].reverse().findIndex((l) => l.includes(s));
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  it('publishes diagnostics for the newest version of an 11k-line file after a burst of edits', async () => {
    assert.ok(lines.length > 10_000);
    const first = await server.open(uri, text);
    assert.deepEqual(first.diagnostics, []);
    // Break an attribute far down the file, then fix it again.
    const line = lastLineWith('memory.max');
    const col = lines[line].indexOf('memory.max');
    const bad = await server.edit(uri, { start: { line, character: col }, end: { line, character: col + 6 } }, 'memroy');
    const d = bad.diagnostics.find((x) => x.code === 'VMX102');
    assert.ok(d, JSON.stringify(bad.diagnostics));
    assert.deepEqual(d.range.start, { line, character: col });
    // A burst of edits: only the newest version's diagnostics matter, and they come.
    for (let i = 0; i < 5; i++) void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 + i }, contentChanges: [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: ' ' }] });
    const fixed = server.diagnostics(uri, 8);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 8 }, contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 6 } }, text: 'memory' }] });
    assert.deepEqual((await fixed).diagnostics, []);
  });

  it('answers completion and hover on the big file', async () => {
    const line = lastLineWith('memory.max');
    const items = await server.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: line + 1, character: 0 } });
    assert.ok(items.some((i) => i.label === 'cpu.max'), JSON.stringify(items.map((i) => i.label)));
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
    assert.match(hover.contents.value, /\*\*Id\*\* `h0`/);
  });
});
