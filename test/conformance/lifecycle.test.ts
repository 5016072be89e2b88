/**
 * LSP 3.17 lifecycle over a raw stdio client (raw-client.ts): what the
 * server must answer before initialize, on a second initialize, after
 * shutdown, and the exit codes; framing and malformed params.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawClient } from './raw-client';

const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;

const URI = 'file:///conformance/lifecycle.vmx';
const TEXT = 'topology t {\n  host h {\n    memroy = 8GiB\n  }\n}\n';

describe('lifecycle (LSP 3.17 "Server lifecycle")', () => {
  it('answers every request before initialize with -32002 ServerNotInitialized, and drops notifications', async () => {
    const c = new RawClient();
    try {
      // All in one chunk, before initialize: a notification (must be dropped) and requests (must be refused).
      const hover = c.requestMessage('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 5 } });
      const symbol = c.requestMessage('workspace/symbol', { query: '' });
      const custom = c.requestMessage('vmx/documentState', { uri: URI });
      const unknown = c.requestMessage('no/such/method', {});
      c.write(c.notificationMessage('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'vmx', version: 1, text: TEXT } }), hover, symbol, custom, unknown);
      for (const m of [hover, symbol, custom, unknown]) {
        const r = await c.response(m.id);
        assert.equal(r.error?.code, SERVER_NOT_INITIALIZED, `${m.method}: ${JSON.stringify(r)}`);
        assert.equal(r.result, undefined, 'an error answer has no result');
      }
      const init = await c.call('initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.ok(init.result && typeof init.result === 'object', JSON.stringify(init));
      c.notify('initialized', {});
      // The didOpen before initialize was not processed: the server does not hold the document.
      assert.equal(await c.request('vmx/documentState', { uri: URI }), null);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(c.messages('textDocument/publishDiagnostics'), [], 'no diagnostics for a document opened before initialize');
      // After initialize, an unknown method is MethodNotFound, not "not initialized".
      assert.equal((await c.call('no/such/method', {})).error?.code, METHOD_NOT_FOUND);
    } finally {
      await c.stop();
    }
  });

  it('refuses a second initialize with -32600 InvalidRequest and keeps the first session', async () => {
    const c = new RawClient();
    try {
      await c.initialize({});
      const second = await c.call('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } });
      assert.equal(second.error?.code, INVALID_REQUEST, JSON.stringify(second));
      // The session goes on with the first initialize's capabilities (push diagnostics).
      c.open(URI, TEXT);
      const d = await c.diagnostics(URI, 1);
      assert.ok(d.diagnostics.some((x) => x.code === 'VMX102'), JSON.stringify(d));
    } finally {
      await c.stop();
    }
  });

  it('an initialize with null params is InvalidParams and the server is still waiting for a valid one', async () => {
    const c = new RawClient();
    try {
      assert.equal((await c.call('initialize', null)).error?.code, INVALID_PARAMS);
      assert.equal((await c.call('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } })).error?.code, SERVER_NOT_INITIALIZED);
      const ok = await c.call('initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.ok(ok.result, JSON.stringify(ok));
    } finally {
      await c.stop();
    }
  });

  it('after shutdown: requests are -32600 InvalidRequest, notifications are dropped, exit exits with 0', async () => {
    const c = new RawClient();
    await c.initialize({});
    const shutdown = await c.call('shutdown');
    assert.equal(shutdown.error, undefined, JSON.stringify(shutdown));
    assert.equal(shutdown.result, null, 'shutdown answers null');
    // Requests after shutdown, with a didOpen in between that must be ignored.
    const hover = c.requestMessage('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    const again = c.requestMessage('shutdown');
    const state = c.requestMessage('vmx/documentState', { uri: URI });
    c.write(c.notificationMessage('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'vmx', version: 1, text: TEXT } }), hover, again, state);
    for (const m of [hover, again, state]) assert.equal((await c.response(m.id)).error?.code, INVALID_REQUEST, m.method);
    assert.deepEqual(c.messages('textDocument/publishDiagnostics'), []);
    c.notify('exit');
    assert.equal(await Promise.race([c.exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]), 0);
  });

  it('exit without shutdown exits with 1', async () => {
    const c = new RawClient();
    await c.initialize({});
    c.notify('exit');
    assert.equal(await Promise.race([c.exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]), 1);
  });

  it('the client closing the server’s input ends it: 0 after shutdown, 1 without', async () => {
    for (const shutdown of [true, false]) {
      const c = new RawClient();
      await c.initialize({});
      if (shutdown) await c.request('shutdown');
      c.endInput();
      assert.equal(await Promise.race([c.exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]), shutdown ? 0 : 1);
    }
  });

  it('exit before initialize exits with 1 (exit is the one notification never dropped)', async () => {
    const c = new RawClient();
    c.notify('exit');
    assert.equal(await Promise.race([c.exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]), 1);
  });

  it('"params": null or no params on a request that needs them is -32602 InvalidParams', async () => {
    const c = new RawClient();
    try {
      await c.initialize({});
      for (const method of [
        'textDocument/hover',
        'textDocument/completion',
        'completionItem/resolve',
        'textDocument/signatureHelp',
        'textDocument/definition',
        'textDocument/references',
        'textDocument/documentHighlight',
        'textDocument/documentSymbol',
        'textDocument/codeAction',
        'codeAction/resolve',
        'textDocument/codeLens',
        'textDocument/formatting',
        'textDocument/rangeFormatting',
        'textDocument/rename',
        'textDocument/prepareRename',
        'textDocument/foldingRange',
        'textDocument/selectionRange',
        'textDocument/documentLink',
        'textDocument/semanticTokens/full',
        'textDocument/semanticTokens/range',
        'textDocument/inlayHint',
        'textDocument/diagnostic',
        'workspace/symbol',
        'workspace/executeCommand',
        'workspace/diagnostic',
        'vmx/simulate',
        'vmx/topology',
      ]) {
        const withNull = c.requestMessage(method, null);
        const without = c.requestMessage(method);
        c.write({ ...withNull, params: null }, without);
        assert.equal((await c.response(withNull.id)).error?.code, INVALID_PARAMS, `${method} with params null`);
        assert.equal((await c.response(without.id)).error?.code, INVALID_PARAMS, `${method} without params`);
      }
      // The server is still serving.
      assert.deepEqual(await c.request('workspace/symbol', { query: 'nothing-open' }), []);
    } finally {
      await c.stop();
    }
  });

  it('reads messages split across writes and several messages in one write (Content-Length framing)', async () => {
    const c = new RawClient();
    try {
      await c.initialize({});
      const a = c.requestMessage('workspace/symbol', { query: 'é' });
      const b = c.requestMessage('workspace/symbol', { query: 'x' });
      const bytes = Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(JSON.stringify(a))}\r\n\r\n${JSON.stringify(a)}`), Buffer.from(`Content-Length: ${Buffer.byteLength(JSON.stringify(b))}\r\n\r\n${JSON.stringify(b)}`)]);
      // Split inside the header, inside the body and inside the two-byte é.
      const cut1 = 7;
      const cut2 = bytes.indexOf('é') + 1;
      c.writeRaw(bytes.subarray(0, cut1));
      await new Promise((r) => setTimeout(r, 50));
      c.writeRaw(bytes.subarray(cut1, cut2));
      await new Promise((r) => setTimeout(r, 50));
      c.writeRaw(bytes.subarray(cut2));
      assert.deepEqual((await c.response(a.id)).result, []);
      assert.deepEqual((await c.response(b.id)).result, []);
    } finally {
      await c.stop();
    }
  });
});
