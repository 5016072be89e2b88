/** Pure functions behind hover, rename and formatting: positions past a line's end, names that are not strings, CRLF. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEdits, formatText } from '../../core/src/ide/format';
import { LineIndex } from '../../core/src/text/line-index';

test('a character past the end of a line is the end of that line, before its LF, CRLF or CR', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = `ab${eol}cd${eol}ef`;
    const lines = new LineIndex(text);
    assert.equal(lines.offset({ line: 0, character: 2 }), 2, JSON.stringify(eol));
    assert.equal(lines.offset({ line: 0, character: 99 }), 2, JSON.stringify(eol));
    assert.equal(lines.offset({ line: 1, character: 99 }), 2 + eol.length + 2, JSON.stringify(eol));
    assert.equal(lines.offset({ line: 2, character: 99 }), text.length, JSON.stringify(eol));
    assert.equal(lines.offset({ line: 1, character: 1 }), 2 + eol.length + 1, JSON.stringify(eol));
  }
});

test('formatting keeps the line ending of the document', () => {
  const crlf = 'topology t {\r\n  host h {\r\n    memory = 8GiB\r\n  }\r\n}\r\n';
  assert.deepEqual(formatEdits(crlf), []);
  const messy = 'topology t {\r\nhost h {\r\n\r\n\r\nmemory=8GiB\r\n}\r\n}';
  assert.equal(formatText(messy), 'topology t {\r\n  host h {\r\n\r\n    memory = 8GiB\r\n  }\r\n}\r\n');
  assert.equal(formatText('topology t {\nhost h {\n}\n}'), 'topology t {\n  host h {\n  }\n}\n');
});
