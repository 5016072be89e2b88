import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, unquote } from '../../core/src/syntax/lexer';

const kinds = (text: string) => tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

test('quantities are one token with the unit glued on', () => {
  for (const q of ['4GiB', '500m', '1.5', '50%', '10ms', '2.4GHz', '25Gbps', '3GBps', '400k', '20000iops', '1e9', '-12.5ms', '.5', '8Gi', '1.2e-3s']) {
    assert.deepEqual(kinds(q), [`Number:${q}`], q);
  }
});

test('ranges, lists, calls and dotted names', () => {
  assert.deepEqual(kinds('pin = 0..7'), ['Identifier:pin', 'Equals:=', 'Number:0', 'DotDot:..', 'Number:7']);
  assert.deepEqual(kinds('cpu.max.burst = [a, b,]'), ['Identifier:cpu.max.burst', 'Equals:=', 'LBracket:[', 'Identifier:a', 'Comma:,', 'Identifier:b', 'Comma:,', 'RBracket:]']);
  assert.deepEqual(kinds('net = container("web")'), ['Identifier:net', 'Equals:=', 'Identifier:container', 'LParen:(', 'String:"web"', 'RParen:)']);
  assert.deepEqual(kinds('hypervisor vmware-workstation {'), ['Identifier:hypervisor', 'Identifier:vmware-workstation', 'LBrace:{']);
});

test('keywords only when the whole word is the keyword', () => {
  assert.deepEqual(kinds('import true false imports truely false.x'), ['Import:import', 'True:true', 'False:false', 'Identifier:imports', 'Identifier:truely', 'Identifier:false.x']);
});

test('three comment styles are kept as comments, not tokens', () => {
  const r = tokenize('a # one\nb // two\n/* three\n more */ c');
  assert.deepEqual(r.tokens.map((t) => t.image), ['a', 'b', 'c']);
  assert.deepEqual(r.comments.map((c) => [c.text, c.block]), [['# one', false], ['// two', false], ['/* three\n more */', true]]);
  assert.equal(r.errors.length, 0);
});

test('strings with escapes', () => {
  assert.equal(unquote('"a\\"b\\\\c\\n\\t\\u00e9\\u{1F600}"'), 'a"b\\c\n\té😀');
  assert.equal(unquote('"plain"'), 'plain');
});

test('unterminated string and comment are errors, lexing goes on', () => {
  const r = tokenize('a = "open\nb = 2 /* never closed');
  assert.equal(r.errors.length, 2);
  assert.match(r.errors[0].message, /unterminated string/);
  assert.match(r.errors[1].message, /unterminated block comment/);
  assert.ok(r.tokens.some((t) => t.image === 'b'));
});

test('characters outside the language are errors with their offset', () => {
  const r = tokenize('a = 1 @@ b = 2');
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].start, 6);
  assert.match(r.errors[0].message, /'@@'/);
});
