/** LineIndex keeps its line starts in a Uint32Array: positions and offsets on LF, CRLF, lone CR and mixed text, and past the 65,536th line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../core/src/text/line-index';

test('mixed line breaks: every line starts after its LF, CRLF or CR', () => {
  // "a\n" (0-1) "bc\r\n" (2-5) "d\r" (6-7) "" → lines start at 0, 2, 6, 8.
  const lines = new LineIndex('a\nbc\r\nd\r');
  assert.equal(lines.lineCount, 4);
  assert.deepEqual([0, 1, 2, 3].map((l) => lines.lineStart(l)), [0, 2, 6, 8]);
  assert.deepEqual(lines.position(4), { line: 1, character: 2 });
  assert.deepEqual(lines.position(7), { line: 2, character: 1 });
  assert.deepEqual(lines.position(99), { line: 3, character: 0 });
  assert.equal(lines.offset({ line: 1, character: 1 }), 3);
  assert.equal(lines.lineOf(6), 2);
});

test('offsets beyond 16 bits: line 70,000 of a file of 3-character lines', () => {
  const text = 'ab\n'.repeat(100_000);
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 100_001);
  assert.equal(lines.lineStart(70_000), 210_000);
  assert.deepEqual(lines.position(210_001), { line: 70_000, character: 1 });
  assert.equal(lines.offset({ line: 99_999, character: 5 }), 299_999, 'clamped before the last LF');
  assert.equal(lines.offset({ line: 100_000, character: 0 }), 300_000);
});
