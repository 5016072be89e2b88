/**
 * One definition of the language's name, number and string patterns
 * (core/src/syntax/token-patterns.ts): the lexer's tokens are built from it,
 * and no other source file writes the patterns again — a second copy is how
 * completion, the sniffer and the TextMate grammar came to disagree with the
 * parser before.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { tokenize } from '../../core/src/syntax/lexer';
import * as P from '../../core/src/syntax/token-patterns';
import { allTokens, Identifier, NumberLiteral, StringLiteral, UnterminatedString } from '../../core/src/syntax/tokens';
import { ROOT } from '../helpers';

/** The name's first character class followed by the rest's: the identifier pattern, written out. */
const NAME_COPY = /\[A-Za-z_\]\[A-Za-z0-9_-\]\*/;
/** A number's figures with an optional fraction, written out (`\d+(?:\.\d+)?|\.\d+` or with [0-9]) and an exponent after it. */
const NUMBER_COPY = /(?:\\d|\[0-9\])\+\(\?:\\\\?\.(?:\\d|\[0-9\])\+\)\?\|\\\\?\.(?:\\d|\[0-9\])\+\)\(\?:\[eE\]/;

/** Files that may hold the patterns: the definition itself. */
const DEFINITION = 'core/src/syntax/token-patterns.ts';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(?:ts|mjs|js)$/.test(name)) out.push(path);
  }
  return out;
}

test('the lexer builds its name, number and string tokens from token-patterns.ts', () => {
  assert.equal((Identifier.PATTERN as RegExp).source, new RegExp(P.NAME_SOURCE).source);
  assert.equal((NumberLiteral.PATTERN as RegExp).source, new RegExp(P.NUMBER_SOURCE).source);
  assert.equal((StringLiteral.PATTERN as RegExp).source, new RegExp(P.STRING_SOURCE).source);
  assert.equal((UnterminatedString.PATTERN as RegExp).source, new RegExp(P.UNTERMINATED_STRING_SOURCE).source);
});

test('the whole-string patterns answer as the lexer reads the same text', () => {
  const samples = ['cpu', 'cpu.max', 'node-1', '_x', 'a.', '.a', '1a', '4GiB', '-1.5e3', '.5', '16', '101', '1.5', '"a b"', '"a', 'a b', '', 'true', 'import', 'a..b', '2e', 'x%'];
  for (const s of samples) {
    const { tokens, errors } = tokenize(s);
    const one = errors.length === 0 && tokens.length === 1 && tokens[0].image === s ? tokens[0].tokenType : undefined;
    assert.equal(P.IS_NAME.test(s), one === Identifier || (one !== undefined && P.KEYWORDS.includes(s)), `IS_NAME ${JSON.stringify(s)}`);
    assert.equal(P.IS_NUMBER.test(s), one === NumberLiteral, `IS_NUMBER ${JSON.stringify(s)}`);
    if (P.IS_NAME_SEGMENT.test(s)) assert.ok(P.IS_NAME.test(s) && !s.includes('.'), s);
    if (P.IS_WHOLE_NUMBER.test(s)) assert.equal(one, NumberLiteral, s);
  }
});

test('KEYWORDS are exactly the words the lexer reads as keywords, not names', () => {
  const keywordTokens = allTokens.filter((t) => t.LONGER_ALT === Identifier).map((t) => (t.PATTERN as RegExp).source);
  assert.deepEqual([...P.KEYWORDS].sort(), keywordTokens.sort());
  for (const k of P.KEYWORDS) {
    const { tokens } = tokenize(k);
    assert.equal(tokens.length, 1);
    assert.notEqual(tokens[0].tokenType, Identifier, k);
  }
});

test('no source file outside token-patterns.ts writes the name or number pattern again', () => {
  const offenders: string[] = [];
  for (const dir of ['core/src', 'server/src', 'client/src', 'cli/src', 'scripts', 'bench']) {
    for (const path of sources(join(ROOT, dir))) {
      const rel = relative(ROOT, path).split('\\').join('/');
      if (rel === DEFINITION) continue;
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (NAME_COPY.test(line) || NUMBER_COPY.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(offenders, [], 'read the pattern from core/src/syntax/token-patterns.ts');
});

test('the copy detectors find the patterns they are meant to find', () => {
  // Without this, a detector that matches nothing would make the test above pass vacuously.
  assert.ok(NAME_COPY.test(String.raw`const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;`));
  assert.ok(NUMBER_COPY.test(String.raw`/-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/`));
  assert.ok(NUMBER_COPY.test(String.raw`'-?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?'`));
  assert.ok(NAME_COPY.test(readFileSync(join(ROOT, DEFINITION), 'utf8')));
  assert.ok(NUMBER_COPY.test(readFileSync(join(ROOT, DEFINITION), 'utf8')));
});

test('nameFrom: any text becomes one name segment the lexer reads as a name, in linear time', () => {
  const cases: [string, string][] = [
    ['/var/run/docker.sock', 'var-run-docker-sock'],
    ['docker.sock', 'docker-sock'],
    ['node-1', 'node-1'],
    ['_x', '_x'],
    ['a--b', 'a-b'],
    ['9p', 'mount-9p'],
    ['/1', 'mount-1'],
    ['true', 'mount-true'],
    ['import', 'mount-import'],
    ['', 'mount'],
    ['///', 'mount'],
    ['日本', 'mount'],
  ];
  for (const [text, name] of cases) assert.equal(P.nameFrom(text, 'mount'), name, JSON.stringify(text));
  // A run of a million dashes (a trim by /-+$/ would retry at each of them) and a million characters to replace.
  assert.equal(P.nameFrom(`a${'-'.repeat(1e6)}b`, 'mount'), 'a-b');
  assert.equal(P.nameFrom(`/${'é/'.repeat(5e5)}x-`, 'mount'), 'x');
  for (const [text] of cases) {
    const name = P.nameFrom(text, 'mount');
    const { tokens, errors } = tokenize(name);
    assert.ok(errors.length === 0 && tokens.length === 1 && tokens[0].tokenType === Identifier && P.IS_NAME_SEGMENT.test(name), name);
  }
});
