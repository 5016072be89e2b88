/**
 * Position encodings (LSP 3.17 `general.positionEncodings`,
 * `capabilities.positionEncoding`): with UTF-8 negotiated, `character`
 * counts UTF-8 bytes of the line, in every position the client sends and
 * every one it gets. The line under test has an `é` (2 bytes, 1 UTF-16
 * unit) and an emoji (4 bytes, 2 UTF-16 units) before a diagnostic.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { LspDiagnostic, Range, RawClient } from './raw-client';

const LINES = ['topology t {', '  host h {', '    memory = 8GiB', '    cpu { cores = 2 }', '    os linux { kernel = "6.8"; cgroup = v2 }', '    container "café😀" { user = "app"; runtiem = runc }', '  }', '}', ''];
const TEXT = LINES.join('\n');
const LINE = 5;
const line = LINES[LINE];
/** UTF-16 index of `marker` on the line under test, and the same place in UTF-8 bytes. */
const u16 = (marker: string): number => line.indexOf(marker);
const u8 = (marker: string): number => Buffer.byteLength(line.slice(0, u16(marker)), 'utf8');

describe('positionEncoding', () => {
  it('the test line really differs: UTF-8 and UTF-16 columns of the diagnostic are 3 apart', () => {
    assert.equal(u8('runtiem') - u16('runtiem'), 3);
  });

  for (const encoding of ['utf-8', 'utf-16'] as const) {
    const col = encoding === 'utf-8' ? u8 : u16;
    it(`${encoding}: diagnostics, hover, document changes and semantic tokens count in ${encoding}`, async () => {
      const c = new RawClient();
      try {
        const init = await c.initialize({ general: { positionEncodings: [encoding] }, textDocument: { hover: { contentFormat: ['markdown'] } } });
        assert.equal(init.capabilities.positionEncoding, encoding);
        const uri = `file:///conformance/encoding-${encoding}.vmx`;
        c.open(uri, TEXT);

        // Out: the published diagnostic on the misspelled attribute.
        const d = await c.diagnostics(uri, 1);
        const unknown = d.diagnostics.find((x: LspDiagnostic) => x.code === 'VMX102');
        assert.ok(unknown, JSON.stringify(d.diagnostics));
        assert.deepEqual(unknown.range, { start: { line: LINE, character: col('runtiem') }, end: { line: LINE, character: col('runtiem') + 7 } });

        // In and out: a hover asked inside `user` answers the attribute's range.
        const hover = await c.request<{ range: { start: { character: number }; end: { character: number } }; contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: LINE, character: col('user') + 2 } });
        assert.match(hover.contents.value, /user/);
        assert.equal(hover.range.start.character, col('user'));
        assert.equal(hover.range.end.character, col('user') + 'user'.length);

        // Semantic tokens: the token of `runtiem` starts where the diagnostic does and is 7 long.
        const tokens = await c.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
        const starts: { line: number; start: number; length: number }[] = [];
        let l = 0;
        let s = 0;
        for (let i = 0; i < tokens.data.length; i += 5) {
          if (tokens.data[i] !== 0) s = 0;
          l += tokens.data[i];
          s += tokens.data[i + 1];
          starts.push({ line: l, start: s, length: tokens.data[i + 2] });
        }
        const onLine = starts.filter((t) => t.line === LINE);
        assert.ok(onLine.some((t) => t.start === col('runtiem') && t.length === 7), JSON.stringify(onLine));
        const label = onLine.find((t) => t.start === col('"café'));
        assert.ok(label, JSON.stringify(onLine));
        assert.equal(label.length, encoding === 'utf-8' ? Buffer.byteLength('"café😀"') : '"café😀"'.length);

        // In: an incremental change whose range counts in the encoding replaces exactly `runtiem`.
        c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: LINE, character: col('runtiem') }, end: { line: LINE, character: col('runtiem') + 7 } }, text: 'runtime' }] });
        const fixed = await c.diagnostics(uri, 2);
        assert.ok(!fixed.diagnostics.some((x) => x.code === 'VMX102' || x.code === 'VMX100'), JSON.stringify(fixed.diagnostics));
        // Diagnostics that did not move are published at the same place again (converted once, not once per publication).
        const root1 = d.diagnostics.find((x) => x.code === 'VMX308');
        const root2 = fixed.diagnostics.find((x) => x.code === 'VMX308');
        assert.ok(root1 && root2);
        assert.deepEqual(root2.range, root1.range);
        assert.equal(root1.range.end.character, col('" {') + 1, 'the container header ends after its label');
        // A simulation re-publishes the same analysis (no new parse): still converted once.
        const republished = c.diagnostics(uri, 2, 30000, false);
        await c.request('vmx/simulate', { uri }, 60000);
        const root3 = (await republished).diagnostics.find((x) => x.code === 'VMX308');
        assert.deepEqual(root3?.range, root1.range);
        // An error a handler returns is still an error in this encoding.
        const bad = await c.call('vmx/simulate', { uri, duration: -1 });
        assert.equal(bad.error?.code, -32602, JSON.stringify(bad));
        const expected = TEXT.replace('runtiem', 'runtime');
        const state = await c.request<{ length: number; sha256: string }>('vmx/documentState', { uri });
        assert.equal(state.length, expected.length);
        assert.equal(state.sha256, createHash('sha256').update(Buffer.from(expected, 'utf16le')).digest('hex'));

        // A position inside the emoji's bytes or past the line's end is clamped, never an error.
        const past = await c.call('textDocument/hover', { textDocument: { uri }, position: { line: LINE, character: 10_000 } });
        assert.equal(past.error, undefined);
      } finally {
        await c.stop();
      }
    });
  }

  it('utf-8: places in another document (a file on disk the open one imports) are counted with that file’s text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmx-encoding-'));
    try {
      const libLines = ['topology t {', '  host h2 {', '    memory = 1GiB', '    cpu { cores = 1 }', '    os linux { kernel = "é6"; cgroup = v2 }; container "café😀" { user = "a"; namespaces { user = private } }', '  }', '}', ''];
      writeFileSync(join(dir, 'lib.vmx'), libLines.join('\n'));
      const lib = pathToFileURL(join(dir, 'lib.vmx')).href;
      const root = pathToFileURL(join(dir, 'root.vmx')).href;
      const rootText = 'import "lib.vmx"\ntopology t {\n  host h1 {\n    memory = 1GiB\n    cpu { cores = 1 }\n  }\n}\n';
      type Symbol = { name: string; location: { uri: string; range: Range } };
      const ask = async (encoding: 'utf-8' | 'utf-16'): Promise<Symbol> => {
        const c = new RawClient();
        try {
          await c.initialize({ general: { positionEncodings: [encoding] } });
          c.open(root, rootText);
          await c.diagnostics(root, 1);
          const symbols = await c.request<Symbol[]>('workspace/symbol', { query: 'café' });
          const s = symbols.find((x) => x.location.uri === lib);
          assert.ok(s, JSON.stringify(symbols));
          return s;
        } finally {
          await c.stop();
        }
      };
      const u16s = await ask('utf-16');
      const u8s = await ask('utf-8');
      const line = libLines[u16s.location.range.start.line];
      assert.equal(u16s.location.range.start.line, 4);
      const bytes = (character: number) => Buffer.byteLength(line.slice(0, character), 'utf8');
      assert.deepEqual(u8s.location.range, {
        start: { line: 4, character: bytes(u16s.location.range.start.character) },
        end: { line: 4, character: bytes(u16s.location.range.end.character) },
      });
      assert.notDeepEqual(u8s.location.range, u16s.location.range, 'the line has multi-byte characters before and in the name');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
