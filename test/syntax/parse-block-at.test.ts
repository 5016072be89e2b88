/**
 * parseBlockAt (for incremental reparsing, issue 13): one block's range of
 * the text, parsed alone, gives the same block, comments and errors as the
 * whole-file parse, with offsets in the whole text; a range that is not one
 * balanced block gives undefined so the caller parses the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseBlockAt } from '../../core/src/syntax/parser';
import { BlockNode } from '../../core/src/syntax/ast';

const TEXT = [
  'topology lab {',
  '  host a {',
  '    memory = 64GiB',
  '    // the web tier',
  '    container web { image = "nginx:1.27"; cpu = 500m }',
  '  }',
  '  host b {',
  '    memory =',
  '    swap = 4GiB',
  '  }',
  '}',
  '',
].join('\n');

function hosts(text: string): BlockNode[] {
  const top = parse(text).items[0] as BlockNode;
  return top.items.filter((i): i is BlockNode => i.type === 'block');
}

test('a host parsed alone equals that host in the whole-file parse, offsets in the whole text', () => {
  const [a] = hosts(TEXT);
  const start = TEXT.indexOf('host a');
  const end = TEXT.indexOf('  }\n  host b') + 3;
  assert.equal(a.start, start);
  assert.equal(a.end, end);
  const r = parseBlockAt(TEXT, start, end);
  assert.ok(r);
  assert.deepEqual(r.block, a);
  assert.equal(r.block.label?.text, 'a');
  assert.equal(r.block.items[0].start, TEXT.indexOf('memory = 64GiB'));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.comments.map((c) => [c.start, c.text]),
    [[TEXT.indexOf('// the web tier'), '// the web tier']],
  );
});

test('a half-typed line in the block: its one error, at its offset in the whole text, as the whole parse gives it', () => {
  const b = hosts(TEXT)[1];
  const r = parseBlockAt(TEXT, b.start, b.end);
  assert.ok(r);
  assert.deepEqual(r.block, b);
  const at = TEXT.indexOf('memory =\n');
  assert.deepEqual(r.errors, [{ start: at, end: at + 'memory ='.length, message: "'memory' has no value after '='" }]);
  assert.deepEqual(r.errors, parse(TEXT).errors);
  // The swap line after it is kept.
  assert.deepEqual(
    r.block.items.map((i) => i.type === 'attribute' && i.name),
    ['memory', 'swap'],
  );
});

test('a range that is not one balanced block gives undefined', () => {
  const a = TEXT.indexOf('host a');
  const b = TEXT.indexOf('host b');
  // '}' missing: the block's own '}' cut off.
  assert.equal(parseBlockAt(TEXT, a, TEXT.indexOf('  }\n  host b')), undefined);
  // One '}' too many: the range runs into the topology's '}'.
  assert.equal(parseBlockAt(TEXT, b, TEXT.length), undefined);
  // Two blocks.
  assert.equal(parseBlockAt(TEXT, a, TEXT.indexOf('  }\n}') + 3), undefined);
  // An attribute, not a block.
  assert.equal(parseBlockAt(TEXT, TEXT.indexOf('memory = 64GiB'), TEXT.indexOf('memory = 64GiB') + 14), undefined);
  // Empty and out-of-range ranges.
  assert.equal(parseBlockAt(TEXT, 5, 5), undefined);
  assert.equal(parseBlockAt(TEXT, 0, TEXT.length + 1), undefined);
});
