/** Messages from the webviews are untrusted: only the known shapes pass. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../client/src/views/messages';

test('known messages are accepted as they are', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'rerun' }), { type: 'rerun' });
  assert.deepEqual(parseWebviewMessage({ type: 'rendered' }), { type: 'rendered' });
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', id: 'node-1/db/postgres' }), { type: 'reveal', id: 'node-1/db/postgres' });
});

test('extra fields are dropped, not passed on', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', id: 'a', uri: 'file:///etc/passwd', range: {} }), { type: 'reveal', id: 'a' });
  assert.deepEqual(parseWebviewMessage({ type: 'ready', command: 'workbench.action.terminal.new' }), { type: 'ready' });
});

test('anything else is rejected', () => {
  for (const bad of [null, undefined, 42, 'reveal', [], [{ type: 'ready' }], {}, { type: 'execute', command: 'x' }, { type: 'reveal' }, { type: 'reveal', id: 7 }, { type: 'reveal', id: '' }, { type: 'reveal', id: 'x'.repeat(5000) }, { type: { toString: () => 'ready' } }]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad) ?? String(bad));
  }
});
