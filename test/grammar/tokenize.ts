/**
 * Tokenizes .vmx text with the committed TextMate grammar, through the same
 * engine VS Code uses (vscode-textmate + the Oniguruma WASM build) — both
 * come with vscode-tmgrammar-test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
// Both are CommonJS bundles: their exports arrive as the default export under ESM.
import oniguruma from 'vscode-oniguruma';
import textmate from 'vscode-textmate';
import type { IGrammar } from 'vscode-textmate';

export const GRAMMAR_FILE = fileURLToPath(new URL('../../syntaxes/vmx.tmLanguage.json', import.meta.url));

export interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<IGrammar> | undefined;

async function loadGrammar(): Promise<IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.vmx' ? textmate.parseRawGrammar(readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
  });
  const grammar = await registry.loadGrammar('source.vmx');
  if (!grammar) throw new Error('source.vmx grammar did not load');
  return grammar;
}

/** Every line's tokens, with the full scope stack of each. */
export async function tokenize(text: string): Promise<Token[][]> {
  grammarPromise ??= loadGrammar();
  const grammar = await grammarPromise;
  let state = textmate.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    lines.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  }
  return lines;
}

/** The scopes of the token that covers `needle` (first occurrence) on a one-line input. */
export async function scopesOf(line: string, needle: string): Promise<string[]> {
  const at = line.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not in '${line}'`);
  const [tokens] = await tokenize(line);
  let offset = 0;
  for (const t of tokens) {
    if (offset <= at && at < offset + t.text.length) return t.scopes;
    offset += t.text.length;
  }
  return [];
}
