/**
 * The TextMate grammar: generated from the schema (so it cannot drift),
 * covering every kind, enum value and unit of the schema, and passing the
 * vscode-tmgrammar-test assertions in test/grammar/*.vmx.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { enumKeywords, grammarText, kindWords, unitWords } from '../../scripts/gen-grammar';
import { KINDS } from '../../core/src/schema';
import { GRAMMAR_FILE, scopesOf, tokenize } from './tokenize';

describe('syntaxes/vmx.tmLanguage.json', () => {
  it('is exactly what scripts/gen-grammar.ts generates from the schema', () => {
    assert.equal(readFileSync(GRAMMAR_FILE, 'utf8'), grammarText(), 'stale grammar: run node --import tsx scripts/gen-grammar.ts');
  });

  it('scopes every block kind of the schema as a kind when it opens a block', async () => {
    assert.equal(kindWords().length, KINDS.length);
    for (const kind of kindWords()) {
      const line = `${kind} some-label {`;
      assert.ok((await scopesOf(line, kind)).includes('entity.name.type.kind.vmx'), `${kind} is not scoped as a block kind`);
      assert.ok((await scopesOf(line, 'some-label')).includes('entity.name.tag.label.vmx'), `label of ${kind}`);
    }
  });

  it('scopes every enum value of the schema as an enum keyword in value position', async () => {
    const words = enumKeywords();
    for (const expected of ['hardware', 'private', 'host', 'ro', 'kata', 'vmx', 'SYS_ADMIN', 'vmware-workstation', 'max']) {
      assert.ok(words.includes(expected), `${expected} missing from the enum keywords`);
    }
    for (const word of words) {
      const scopes = await scopesOf(`  x = ${word}`, word);
      assert.ok(scopes.includes('constant.language.enum.vmx'), `${word}: ${scopes.join(' ')}`);
    }
  });

  it('scopes every unit of the schema as a unit glued to its number', async () => {
    for (const unit of unitWords()) {
      const line = `  x = 12${unit}`;
      const [tokens] = await tokenize(line);
      const number = tokens.find((t) => t.text === '12');
      const unitToken = tokens.find((t) => t.text === unit);
      assert.ok(number?.scopes.includes('constant.numeric.vmx'), `12${unit}: number`);
      assert.ok(unitToken?.scopes.includes('keyword.other.unit.vmx'), `12${unit}: unit`);
    }
  });

  it('keeps colouring after an unbalanced brace or an unterminated string', async () => {
    const lines = await tokenize('host a {\n  image = "oops\n  vcpus = 4\n}}\nvm b {\n');
    const vcpus = lines[2].find((t) => t.text === 'vcpus');
    assert.ok(vcpus?.scopes.includes('variable.other.property.vmx'), 'the line after an unterminated string');
    const vm = lines[4].find((t) => t.text === 'vm');
    assert.ok(vm?.scopes.includes('entity.name.type.kind.vmx'), 'the block after an extra }');
  });

  it('colours every sample without an invalid token, and every block kind there as a kind', async () => {
    const samples = ['samples', 'samples/shared', 'samples/problems'].flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.vmx'))
        .map((f) => join(dir, f)),
    );
    assert.ok(samples.length >= 6);
    const kinds = new Set(kindWords());
    for (const path of samples) {
      const lines = await tokenize(readFileSync(path, 'utf8'));
      lines.forEach((tokens, i) => {
        for (const t of tokens) assert.ok(!t.scopes.some((s) => s.startsWith('invalid')), `${path}:${i + 1} '${t.text}' is marked invalid`);
        // `kind label {` or `kind {` opening a line: the kind must be scoped as one.
        const first = tokens.find((t) => t.text.trim() !== '');
        const rest = tokens.map((t) => t.text).join('');
        if (first && kinds.has(first.text) && /^\s*[A-Za-z_][\w-]*(\s+("[^"]*"|[A-Za-z_][\w-]*))?\s*\{/.test(rest)) {
          assert.ok(first.scopes.includes('entity.name.type.kind.vmx'), `${path}:${i + 1} '${first.text}'`);
        }
      });
    }
  });

  it('passes every vscode-tmgrammar-test assertion file in test/grammar/', () => {
    const files = readdirSync('test/grammar').filter((f) => f.endsWith('.vmx'));
    assert.ok(files.length >= 2, 'grammar assertion files are missing');
    const bin = join('node_modules', '.bin', process.platform === 'win32' ? 'vscode-tmgrammar-test.cmd' : 'vscode-tmgrammar-test');
    const r = spawnSync(bin, ['-g', 'syntaxes/vmx.tmLanguage.json', ...files.map((f) => join('test/grammar', f))], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    for (const f of files) assert.match(r.stdout, new RegExp(`${f.replace('.', '\\.')} run successfuly`), `${f} did not run`);
  });
});
