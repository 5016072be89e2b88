/**
 * Hover while a person types (issue 13: hover "answers from the last good
 * tree plus the edited block — never waits for a full analysis"): right
 * after an edit, before the server's next analysis (it waits for a pause in
 * typing when runs are long), a hover on text the edit left alone answers
 * from the last analysis, moved to where that text is now, and a hover on
 * the text just typed answers from the tree around the cursor — and neither
 * analyses the file (vmx/documentState's count stays). Over stdio.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './client';
import { topology } from '../incremental/typing';

let server: TestServer;
before(async () => {
  server = new TestServer({ simulateOnType: false });
  await server.initialize();
});
after(() => server.stop());

interface HoverAnswer {
  contents: { value: string } | string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
const textOf = (h: HoverAnswer | null) => (h === null ? '' : typeof h.contents === 'string' ? h.contents : h.contents.value);

test('right after an edit, hovers answer from the last analysis and the typed block, without analysing the file', async () => {
  // 100 hosts (≈ 1,900 lines): an analysis takes long enough that the server waits for a pause after an edit.
  const text = topology(100);
  const lines = text.split('\n');
  const uri = 'file:///t/hover-while-typing.vmx';
  await server.open(uri, text);
  const analyses = async () => (await server.request<{ analyses: number }>('vmx/documentState', { uri })).analyses;
  assert.equal(await analyses(), 1);
  // Lines inserted before host node-50's `memory = 64GiB`: everything after them moves down by two lines.
  const memoryLine = lines.indexOf('  host node-50 {') + 1;
  assert.equal(lines[memoryLine], '    memory = 64GiB');
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: memoryLine, character: 0 }, end: { line: memoryLine, character: 0 } }, text: '    swap = 4GiB\n    pids_max\n' }],
  });
  // `memory` of host node-50, now two lines down: the last analysis's hover, at its new place.
  const moved = await server.request<HoverAnswer | null>('textDocument/hover', { textDocument: { uri }, position: { line: memoryLine + 2, character: 6 } });
  assert.match(textOf(moved), /memory/);
  assert.deepEqual(moved!.range, { start: { line: memoryLine + 2, character: 4 }, end: { line: memoryLine + 2, character: 10 } });
  // `swap`, just typed: no analysis has seen it; the tree around the cursor has, and the schema says what it is.
  const typed = await server.request<HoverAnswer | null>('textDocument/hover', { textDocument: { uri }, position: { line: memoryLine, character: 5 } });
  assert.match(textOf(typed), /swap/i);
  assert.equal(typed!.range.start.line, memoryLine);
  // Neither hover analysed the file: the count is still the open's.
  assert.equal(await analyses(), 1);
  // Once typing pauses, the server analyses the new text, and hovers answer from that.
  await server.diagnostics(uri, 2);
  assert.equal(await analyses(), 2);
  const fresh = await server.request<HoverAnswer | null>('textDocument/hover', { textDocument: { uri }, position: { line: memoryLine + 2, character: 6 } });
  assert.deepEqual(fresh, moved);
});
