/**
 * `$/cancelRequest` (LSP 3.17 "Cancellation Support"): a cancelled request
 * is answered with -32800 RequestCancelled, also when the cancellation
 * arrives in the same chunk as the request (before its handler starts),
 * and while a simulation runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { RawClient, ROOT } from './raw-client';

const REQUEST_CANCELLED = -32800;
const LONG = join(ROOT, 'test', 'fixtures', 'server', 'long-sim.vmx');
const LONG_URI = pathToFileURL(LONG).href;
const LONG_TEXT = readFileSync(LONG, 'utf8');

describe('cancellation', () => {
  let c: RawClient;
  before(async () => {
    c = new RawClient();
    await c.initialize({ window: { workDoneProgress: true } });
    c.open(LONG_URI, LONG_TEXT);
    await c.diagnostics(LONG_URI, 1);
  });
  after(() => c.stop());

  it('a vmx/simulate cancelled in the same chunk answers -32800 and does not run', async () => {
    const sim = c.requestMessage('vmx/simulate', { uri: LONG_URI, workDoneToken: 'same-chunk' });
    const started = Date.now();
    c.write(sim, c.notificationMessage('$/cancelRequest', { id: sim.id }));
    const r = await c.response(sim.id, 60000);
    assert.equal(r.error?.code, REQUEST_CANCELLED, JSON.stringify(r).slice(0, 300));
    assert.equal(r.result, undefined);
    // Nothing ran: no progress for its token, no simulationFinished (a generous wait: only a hang or a run would show).
    await new Promise((res) => setTimeout(res, 500));
    assert.deepEqual(c.received.filter((m) => m.method === '$/progress' && (m.params as { token: string }).token === 'same-chunk'), []);
    assert.deepEqual(c.messages('vmx/simulationFinished'), []);
    assert.ok(Date.now() - started < 30000, 'answered well before a whole run');
  });

  it('a vmx/simulate cancelled while it runs answers -32800', async () => {
    const sim = c.requestMessage('vmx/simulate', { uri: LONG_URI, workDoneToken: 'running' });
    const answer = c.response(sim.id, 60000);
    c.write(sim);
    // Wait until it reports progress: the run has started.
    await c.waitFor((m) => m.method === '$/progress' && (m.params as { token: string; value: { kind: string } }).token === 'running' && (m.params as { value: { kind: string } }).value.kind === 'report', 60000, 'progress');
    c.notify('$/cancelRequest', { id: sim.id });
    const r = await answer;
    assert.equal(r.error?.code, REQUEST_CANCELLED, JSON.stringify(r).slice(0, 300));
    // The progress was ended (LSP: a begun work-done progress always gets its end).
    await c.waitFor((m) => m.method === '$/progress' && (m.params as { token: string; value: { kind: string } }).token === 'running' && (m.params as { value: { kind: string } }).value.kind === 'end', 10000, 'progress end', true);
  });

  it('references, rename, formatting, semantic tokens, workspace symbols, hover cancelled in the same chunk answer -32800', async () => {
    const at = LONG_TEXT.indexOf('vm vm1') + 3;
    const line = LONG_TEXT.slice(0, at).split('\n').length - 1;
    const position = { line, character: at - (LONG_TEXT.lastIndexOf('\n', at - 1) + 1) };
    const doc = { textDocument: { uri: LONG_URI } };
    const requests = [
      c.requestMessage('textDocument/references', { ...doc, position, context: { includeDeclaration: true } }),
      c.requestMessage('textDocument/rename', { ...doc, position, newName: 'vm-renamed' }),
      c.requestMessage('textDocument/formatting', { ...doc, options: { tabSize: 2, insertSpaces: true } }),
      c.requestMessage('textDocument/semanticTokens/full', doc),
      c.requestMessage('workspace/symbol', { query: 'vm' }),
      c.requestMessage('textDocument/hover', { ...doc, position }),
    ];
    c.write(...requests.flatMap((r) => [r, c.notificationMessage('$/cancelRequest', { id: r.id })]));
    for (const r of requests) {
      const answer = await c.response(r.id);
      assert.equal(answer.error?.code, REQUEST_CANCELLED, `${r.method}: ${JSON.stringify(answer).slice(0, 200)}`);
    }
    // The same requests without a cancel are served (the document is fine).
    const refs = await c.request<unknown[]>('textDocument/references', { ...doc, position, context: { includeDeclaration: true } });
    assert.ok(refs.length >= 1);
  });

  it('workspace/symbol over many big open files, cancelled while it analyses them, answers -32800', async () => {
    const w = new RawClient();
    try {
      await w.initialize({});
      const host = (i: number) =>
        `  host h${i} {\n    memory = 64GiB\n    cpu { cores = 8 }\n    os linux { kernel = "6.8"; cgroup = v2 }\n` +
        Array.from({ length: 20 }, (_, j) => `    container c${j} {\n      user = "a"\n      namespaces { user = private }\n      cgroup { cpu.max = 1; memory.max = 1GiB; pids.max = 50 }\n      workload { cpu = 0.5; memory = 256MiB }\n    }\n`).join('') +
        '  }\n';
      // Six 5,000-line roots, opened in the same chunk as the request: it has to analyse them all (seconds here).
      const text = `topology t {\n${Array.from({ length: 40 }, (_, i) => host(i)).join('')}}\n`;
      const opens = Array.from({ length: 6 }, (_, k) => w.notificationMessage('textDocument/didOpen', { textDocument: { uri: `file:///conformance/big-${k}.vmx`, languageId: 'vmx', version: 1, text } }));
      const req = w.requestMessage('workspace/symbol', { query: 'c1' });
      w.write(...opens, req);
      await new Promise((r) => setTimeout(r, 100));
      w.notify('$/cancelRequest', { id: req.id });
      const r = await w.response(req.id, 60000);
      assert.equal(r.error?.code, REQUEST_CANCELLED, JSON.stringify(r).slice(0, 200));
      // Not cancelled, the same request is answered.
      const all = await w.request<unknown[]>('workspace/symbol', { query: 'c1' }, 60000);
      assert.ok(all.length > 0);
    } finally {
      await w.stop();
    }
  });

  it('a cancel for a request already answered, or for an unknown id, changes nothing', async () => {
    const r = await c.call('workspace/symbol', { query: 'vm0' });
    c.notify('$/cancelRequest', { id: r.id as number });
    c.notify('$/cancelRequest', { id: 987654 });
    c.notify('$/cancelRequest', null);
    const again = await c.call('workspace/symbol', { query: 'vm0' });
    assert.equal(again.error, undefined);
    assert.ok(Array.isArray(again.result));
  });
});
