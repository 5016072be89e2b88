/**
 * Hardening of the editor features through the real server (dist/server.js
 * over stdio): requests that once never returned or took half a minute now
 * answer. Every wait is bounded, so a regression fails instead of hanging
 * the run; the bounds only detect hangs and are far above a normal answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestServer } from './client';

interface Item {
  label: string;
}

/** `promise`, or a rejection naming `what` after `ms` (a hung request never settles). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('completion when the first line is empty', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  it('answers completion inside a host below an empty first line, and keeps answering', async () => {
    const uri = 'file:///hardening/empty-first-line.vmx';
    await within(20_000, 'open', server.open(uri, '\ntopology t {\n  host h {\n    memory = 1GiB\n  }\n}\n'));
    const items = await within(10_000, 'completion at 3:4', server.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 4 } }));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('container'), labels.join(' '));
    assert.ok(!labels.includes('memory'), 'memory is already set in this host');
    // The server is not spinning: the next request is answered too.
    const hover = await within(10_000, 'hover after completion', server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } }));
    assert.match(hover?.contents.value ?? '', /\*\*host\*\*/);
  });

  it('answers completion at the very start of a file that begins with a line break', async () => {
    const uri = 'file:///hardening/empty-start.vmx';
    await within(20_000, 'open', server.open(uri, '\ntopology t { }'));
    const items = await within(10_000, 'completion at 0:0', server.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }));
    assert.deepEqual(items.map((i) => i.label), ['topology', 'import']);
    const help = await within(10_000, 'signature help at 0:0', server.request<unknown>('textDocument/signatureHelp', { textDocument: { uri }, position: { line: 0, character: 0 } }));
    assert.equal(help, null);
  });
});

describe('completion and signature help on very long lines', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  // A line of one long word (no `=`), and a pattern call whose argument is one long word: both were quadratic.
  for (const n of [200_000, 1_000_000]) {
    it(`answers on a ${n.toLocaleString('en-US')}-character line`, async () => {
      const uri = `file:///hardening/long-line-${n}.vmx`;
      const word = 'a'.repeat(n);
      const text = `topology t {\n  host h {\n    memory = 1GiB\n    ${word}\n    container c {\n      workload { cpu = burst(${word} = \n    }\n  }\n}\n`;
      await within(60_000, 'open', server.open(uri, text));
      const line = { line: 3, character: 4 + n };
      // Generous bounds (the answers take milliseconds): they only catch a hang or a quadratic scan (31 s at 200k before).
      const items = await within(15_000, 'completion after the long word', server.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: line }));
      assert.ok(Array.isArray(items));
      const inCall = { line: 5, character: '      workload { cpu = burst('.length + n + 3 };
      await within(15_000, 'completion in the call', server.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: inCall }));
      const help = await within(15_000, 'signature help in the call', server.request<{ signatures: { label: string }[] } | null>('textDocument/signatureHelp', { textDocument: { uri }, position: inCall }));
      assert.match(help?.signatures[0].label ?? '', /^burst\(/);
      // The other features that read the line: hover, semantic tokens, formatting.
      await within(15_000, 'hover on the long word', server.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 + n / 2 } }));
      const tokens = await within(15_000, 'semantic tokens', server.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } }));
      assert.ok(Array.isArray(tokens.data));
      const edits = await within(15_000, 'formatting', server.request<unknown[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }));
      assert.ok(Array.isArray(edits));
    });

    it(`hovers, colours and formats a valid file with a ${n.toLocaleString('en-US')}-character name`, async () => {
      const uri = `file:///hardening/long-name-${n}.vmx`;
      const name = 'c'.repeat(n);
      const text = `topology t {\n  host h {\n    memory = 1GiB\n    container ${name}   {  user = "${name}" }\n  }\n}\n`;
      await within(60_000, 'open', server.open(uri, text));
      const hover = await within(15_000, 'hover on the name', server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 14 + n / 2 } }));
      assert.match(hover?.contents.value ?? '', /\*\*container\*\*/);
      const tokens = await within(15_000, 'semantic tokens', server.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } }));
      assert.ok(tokens.data.length > 0);
      const edits = await within(15_000, 'formatting', server.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }));
      assert.ok(edits.some((e) => e.newText === ' '), 'the extra spaces before { are formatted away');
      const items = await within(15_000, 'completion in the string', server.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 4 + 'container '.length + n + 14 + n / 2 } }));
      assert.deepEqual(items, []);
    });
  }
});

describe('an 8 MB name does not hide the other findings', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  it('publishes VMX207 for a privileged container whose name is 8 MB long', async () => {
    const uri = 'file:///hardening/eight-mb-name.vmx';
    const name = 'c'.repeat(8 * 1024 * 1024);
    const text = `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container ${name} {\n      privileged = true\n    }\n  }\n}\n`;
    const published = await within(60_000, 'diagnostics', server.open(uri, text));
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('VMX207'), codes.join(' '));
    assert.ok(!codes.includes('VMX111'), published.diagnostics.map((d) => d.message).join('\n'));
    const privileged = published.diagnostics.find((d) => d.code === 'VMX207')!;
    assert.deepEqual(privileged.range.start, { line: 5, character: 6 });
    assert.ok(privileged.message.length < 1000, 'the name is cut in the message');
  });
});

describe("a host named with '/'", () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  interface Result {
    entities: { id: string }[];
  }

  it("is a VMX103 at its label, and the simulation still answers for every host (after an edit too)", async () => {
    const uri = 'file:///hardening/slash.vmx';
    const host = (label: string, extra = ''): string => `  host ${label} {\n    memory = 8GiB\n    cpu { cores = 2 }\n${extra}  }\n`;
    const text = `topology t {\n${host('"a/b"', '    container c { user = 1000; namespaces { user = private }; cgroup { memory.max = 1GiB; pids.max = 100 } }\n')}${host('ok')}}\n`;
    const published = await within(20_000, 'diagnostics', server.open(uri, text));
    const slash = published.diagnostics.filter((d) => d.code === 'VMX103');
    assert.equal(slash.length, 1, JSON.stringify(published.diagnostics));
    assert.equal(slash[0].message, "names cannot contain '/': it separates the parts of entity ids");
    assert.deepEqual(slash[0].range, { start: { line: 1, character: 7 }, end: { line: 1, character: 12 } });
    const first = await within(30_000, 'vmx/simulate', server.request<Result>('vmx/simulate', { uri, duration: 2 }));
    assert.deepEqual(first.entities.map((e) => e.id), ['a/b', 'a/b/c', 'ok']);
    // Change only the normal host: the other is reused from the incremental cache, and both are still there.
    const line = text.split('\n').findIndex((l) => l.includes('host ok')) + 1;
    await within(20_000, 'edit', server.edit(uri, { start: { line, character: 13 }, end: { line, character: 17 } }, '16GiB'));
    const second = await within(30_000, 'vmx/simulate after the edit', server.request<Result>('vmx/simulate', { uri, duration: 2 }));
    assert.deepEqual(second.entities.map((e) => e.id), ['a/b', 'a/b/c', 'ok']);
  });
});

describe('small correctness defects', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  interface Hover {
    contents: { value: string };
    range?: { start: { line: number }; end: { line: number } };
  }
  interface Edit {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }

  it('a hover past the end of a line answers for that line, never for the next one', async () => {
    const uri = 'file:///hardening/hover-eol.vmx';
    // No indentation: the next line starts with a word a hover would explain.
    const text = 'topology t {\nhost h {\nmemory = 8GiB\ncpu { cores = 2 }\n}\n}\n';
    await within(20_000, 'open', server.open(uri, text));
    const hover = (line: number, character: number) => within(10_000, 'hover', server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }));
    // Past the end of "host h {": inside the host, before its first item: nothing (the next line is `memory`).
    assert.equal(await hover(1, 50), null);
    // Past the end of "memory = 8GiB": the value or the attribute of that line (the next line is `cpu`).
    const onMemory = await hover(2, 80);
    assert.ok(onMemory, 'a hover for the memory line');
    assert.doesNotMatch(onMemory.contents.value, /\*\*cpu\*\*/);
    assert.equal(onMemory.range?.start.line, 2);
    assert.equal(onMemory.range?.end.line, 2);
  });

  it('rename without a string newName is InvalidParams, not edits without text', async () => {
    const uri = 'file:///hardening/rename.vmx';
    const text = 'topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container web { user = 1000 }\n    container db { user = 1000; namespaces { net = container("web") } }\n  }\n}\n';
    await within(20_000, 'open', server.open(uri, text));
    const position = { line: 4, character: 15 };
    const good = await within(10_000, 'rename', server.request<{ changes: Record<string, Edit[]> }>('textDocument/rename', { textDocument: { uri }, position, newName: 'front' }));
    assert.deepEqual(good.changes[uri].map((e) => e.newText), ['front', 'front']);
    for (const params of [{ textDocument: { uri }, position }, { textDocument: { uri }, position, newName: 12 }, { textDocument: { uri }, position, newName: ['front'] }, { textDocument: { uri }, position, newName: null }]) {
      await assert.rejects(
        within(10_000, 'rename', server.request('textDocument/rename', params)),
        (e: { code?: number }) => e.code === -32602,
        JSON.stringify(params),
      );
    }
  });

  it('formatting keeps CRLF line endings: none on a formatted CRLF file, CRLF in the edits of an unformatted one', async () => {
    const formatted = 'topology t {\r\n  host h {\r\n    memory = 8GiB\r\n\r\n    cpu { cores = 2 }\r\n  }\r\n}\r\n';
    const options = { tabSize: 2, insertSpaces: true };
    const clean = 'file:///hardening/crlf-formatted.vmx';
    await within(20_000, 'open', server.open(clean, formatted));
    assert.deepEqual(await within(10_000, 'formatting', server.request<Edit[]>('textDocument/formatting', { textDocument: { uri: clean }, options })), []);

    const messy = 'file:///hardening/crlf-messy.vmx';
    const text = 'topology t {\r\nhost h {\r\n      memory = 8GiB\r\n\r\n\r\n\r\ncpu {cores=2}\r\n   }\r\n}';
    await within(20_000, 'open', server.open(messy, text));
    const edits = await within(10_000, 'formatting', server.request<Edit[]>('textDocument/formatting', { textDocument: { uri: messy }, options }));
    assert.ok(edits.length > 0);
    for (const e of edits) assert.doesNotMatch(e.newText, /(^|[^\r])\n/, `an edit with a bare LF: ${JSON.stringify(e.newText)}`);
    assert.equal(applyCrlf(text, edits), formatted);
  });
});

/** Apply LSP edits to a CRLF text (lines split on CRLF; characters count within a line). */
function applyCrlf(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\r\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 2, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
