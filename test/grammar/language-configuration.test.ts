/** language-configuration.json: comments, brackets, words and folding as VS Code reads them. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const config = JSON.parse(readFileSync(new URL('../../language-configuration.json', import.meta.url), 'utf8'));

/** The word VS Code picks at `column`: the wordPattern match that contains it. */
function wordAt(line: string, column: number): string | undefined {
  const re = new RegExp(config.wordPattern, 'g');
  for (const m of line.matchAll(re)) {
    if (m.index! <= column && column < m.index! + m[0].length) return m[0];
  }
  return undefined;
}

describe('language-configuration.json', () => {
  it('declares the comment tokens of the language', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  });

  it('pairs and auto-closes brackets and quotes, quotes not inside strings or comments', () => {
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    const quote = config.autoClosingPairs.find((p: { open: string }) => p.open === '"');
    assert.deepEqual(quote.notIn, ['string', 'comment']);
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')'], ['"', '"']]) {
      assert.ok(config.surroundingPairs.some((p: string[]) => p[0] === open && p[1] === close), `surrounding ${open}${close}`);
    }
  });

  it('keeps dotted names, quantities and dashed names whole as words', () => {
    const cases: [string, string][] = [
      ['    cpu.max = 500m', 'cpu.max'],
      ['    memory.limit_in_bytes = 4GiB', 'memory.limit_in_bytes'],
      ['    memory.limit_in_bytes = 4GiB', '4GiB'],
      ['    cpu.max = 500m', '500m'],
      ['    start = -12.5ms', '-12.5ms'],
      ['  hypervisor vmware-workstation {', 'vmware-workstation'],
      ['  host node-1 {', 'node-1'],
      ['    cpu = 150%', '150%'],
    ];
    for (const [line, word] of cases) {
      const at = line.indexOf(word);
      for (const column of [at, at + word.length - 1]) assert.equal(wordAt(line, column), word, `${line} @${column}`);
    }
    assert.equal(wordAt('    pin = 0..7', 13), '7', 'a range is two words');
  });

  it('folds braces and # region markers', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    for (const line of ['host node-1 {', '  cgroup {  # limits', '# region storage', '// region']) assert.match(line, start);
    for (const line of ['}', '  }', '# endregion', '// endregion']) assert.match(line, end);
    for (const line of ['  cgroup { pids.max = 64 }', '# regional notes']) assert.doesNotMatch(line, start);
  });

  it('indents after an opening brace and outdents a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    assert.match('  vm web {', increase);
    assert.match('    pin = [', increase);
    assert.doesNotMatch('  cgroup { pids.max = 64 }', increase);
    assert.match('  }', decrease);
  });
});
