/** Definition, references, highlights and rename (with imports); symbols, folding, selection ranges and links. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyEdits, fixture, positionOf, Range, TestServer } from './client';

describe('navigation and structure', () => {
  let server: TestServer;
  const rack = fixture('rack.vmx');
  const volumes = fixture('volumes.vmx');
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
    await server.open(rack.uri, rack.text);
  });
  after(() => server.stop());

  const text = (t: string, r: Range): string => {
    const lines = t.split('\n');
    return lines[r.start.line].slice(r.start.character, r.end.character);
  };

  it('goes from container("web") to the container', async () => {
    const loc = await server.request<{ uri: string; range: Range }>('textDocument/definition', { textDocument: { uri: rack.uri }, position: positionOf(rack.text, 'container("web")', 12) });
    assert.equal(loc.uri, rack.uri);
    assert.equal(text(rack.text, loc.range), 'web');
    assert.equal(loc.range.start.line, positionOf(rack.text, 'container web').line);
  });

  it('finds references of a container, with and without the declaration', async () => {
    const at = positionOf(rack.text, 'container web', 11);
    const all = await server.request<{ uri: string; range: Range }[]>('textDocument/references', { textDocument: { uri: rack.uri }, position: at, context: { includeDeclaration: true } });
    assert.equal(all.length, 2);
    assert.ok(all.every((l) => text(rack.text, l.range) === 'web'));
    const refs = await server.request<unknown[]>('textDocument/references', { textDocument: { uri: rack.uri }, position: at, context: { includeDeclaration: false } });
    assert.equal(refs.length, 1);
  });

  it('highlights the declaration and its uses in the document', async () => {
    const h = await server.request<{ range: Range; kind: number }[]>('textDocument/documentHighlight', { textDocument: { uri: rack.uri }, position: positionOf(rack.text, 'container("web")', 12) });
    assert.equal(h.length, 2);
    assert.deepEqual(h.map((x) => x.kind).sort(), [2, 3]);
  });

  it('renames an entity of an imported file from both documents, edits deduplicated', async () => {
    // volumes.vmx is imported by rack.vmx; open it too: both analyses see `cache`.
    await server.open(volumes.uri, volumes.text);
    const at = positionOf(volumes.text, 'container("cache")', 12);
    const prep = await server.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: volumes.uri }, position: at });
    assert.equal(prep.placeholder, 'cache');
    const edit = await server.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', { textDocument: { uri: volumes.uri }, position: at, newName: 'redis' });
    assert.deepEqual(Object.keys(edit.changes), [volumes.uri]);
    const edits = edit.changes[volumes.uri];
    assert.equal(edits.length, 2, 'declaration and one reference, once each');
    const renamed = applyEdits(volumes.text, edits);
    assert.match(renamed, /container redis \{/);
    assert.match(renamed, /net = container\("redis"\)/);
    // The renamed text is still free of errors, in the importing file's analysis too.
    const lines = volumes.text.split('\n');
    const rootAgain = server.diagnostics(rack.uri);
    const d = await server.edit(volumes.uri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, renamed);
    assert.deepEqual(d.diagnostics.filter((x) => x.severity === 1), []);
    assert.deepEqual((await rootAgain).diagnostics.filter((x) => x.severity === 1), []);
  });

  it('renames a volume through its volume("…") reference', async () => {
    const doc = volumes.text.replace(/container cache/g, 'container redis').replace('container("cache")', 'container("redis")');
    const edit = await server.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', { textDocument: { uri: volumes.uri }, position: positionOf(doc, 'volume("data")', 9), newName: 'store' });
    const out = applyEdits(doc, edit.changes[volumes.uri]);
    assert.match(out, /volume store \{/);
    assert.match(out, /source = volume\("store"\)/);
  });

  it('refuses an invalid new name with a message', async () => {
    await assert.rejects(
      server.request('textDocument/rename', { textDocument: { uri: rack.uri }, position: positionOf(rack.text, 'container web', 11), newName: 'not valid' }),
      /not a valid name/,
    );
    await assert.rejects(
      server.request('textDocument/rename', { textDocument: { uri: rack.uri }, position: positionOf(rack.text, 'container web', 11), newName: 'sidecar' }),
      /already a container named 'sidecar'/,
    );
  });

  it('outlines the document hierarchically', async () => {
    interface Sym {
      name: string;
      detail?: string;
      kind: number;
      children?: Sym[];
    }
    const syms = await server.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: rack.uri } });
    assert.equal(syms[0].name, 'import "volumes.vmx"');
    const topology = syms[1];
    assert.equal(topology.name, 'rack');
    const host = topology.children!.find((s) => s.name === 'node-1')!;
    assert.equal(host.detail, 'host');
    const names = host.children!.map((s) => s.name);
    assert.ok(names.includes('web') && names.includes('sidecar') && names.includes('eth0'), names.join(' '));
    const web = host.children!.find((s) => s.name === 'web')!;
    assert.ok(web.children!.some((c) => c.name === 'cgroup' && c.children!.some((a) => a.name === 'cpu.max')));
  });

  it('finds entities across open files by id', async () => {
    const found = await server.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'node-2/db' });
    assert.ok(found.some((s) => s.name === 'node-2/db' && s.location.uri === volumes.uri), JSON.stringify(found));
    const web = await server.request<{ name: string }[]>('workspace/symbol', { query: 'web' });
    assert.ok(web.some((s) => s.name === 'node-1/web'));
  });

  it('folds blocks, multi-line comments and comment runs', async () => {
    const folds = await server.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: rack.uri } });
    const host = positionOf(rack.text, 'host node-1').line;
    assert.ok(folds.some((f) => f.startLine === host && f.endLine > host + 10));
    const messy = fixture('messy.vmx');
    await server.open(messy.uri, messy.text);
    const mf = await server.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', { textDocument: { uri: messy.uri } });
    assert.ok(mf.some((f) => f.kind === 'comment'));
  });

  it('expands selections from a value outwards', async () => {
    interface Sel {
      range: Range;
      parent?: Sel;
    }
    const [sel] = await server.request<Sel[]>('textDocument/selectionRange', { textDocument: { uri: rack.uri }, positions: [positionOf(rack.text, 'peak = 3', 7)] });
    const chain: string[] = [];
    for (let s: Sel | undefined = sel; s; s = s.parent) chain.push(text(rack.text, s.range.start.line === s.range.end.line ? s.range : { start: s.range.start, end: { line: s.range.start.line, character: 999 } }));
    assert.equal(chain[0], '3');
    assert.ok(chain.includes('peak = 3'));
    assert.ok(chain.some((c) => c.startsWith('cpu = burst(')));
    assert.ok(chain.length >= 6);
  });

  it('links imports to their files', async () => {
    const links = await server.request<{ target: string; range: Range }[]>('textDocument/documentLink', { textDocument: { uri: rack.uri } });
    assert.equal(links.length, 1);
    assert.equal(links[0].target, volumes.uri);
    assert.equal(text(rack.text, links[0].range), 'volumes.vmx');
  });

  it('colours with semantic tokens, full and by range', async () => {
    const legend = ['keyword', 'class', 'property', 'enumMember', 'number', 'string', 'function', 'parameter', 'comment', 'variable', 'type'];
    const full = await server.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: rack.uri } });
    assert.equal(full.data.length % 5, 0);
    // Decode and check a few tokens.
    const tokens: { line: number; char: number; length: number; type: string; mods: number }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < full.data.length; i += 5) {
      line += full.data[i];
      char = full.data[i] === 0 ? char + full.data[i + 1] : full.data[i + 1];
      tokens.push({ line, char, length: full.data[i + 2], type: legend[full.data[i + 3]], mods: full.data[i + 4] });
    }
    const lines = rack.text.split('\n');
    const word = (t: { line: number; char: number; length: number }): string => lines[t.line].slice(t.char, t.char + t.length);
    const find = (w: string, type: string): boolean => tokens.some((t) => word(t) === w && t.type === type);
    assert.ok(find('host', 'keyword'));
    assert.ok(find('node-1', 'class'));
    assert.ok(find('cpu.weight', 'property'));
    assert.ok(find('runc', 'enumMember'));
    assert.ok(find('64GiB', 'number'));
    assert.ok(find('burst', 'function'));
    assert.ok(find('peak', 'parameter'));
    assert.ok(find('"nginx:1.27"', 'string'));
    assert.ok(tokens.some((t) => t.type === 'comment' && t.line === 0));
    const start = positionOf(rack.text, 'cgroup {');
    const range = await server.request<{ data: number[] }>('textDocument/semanticTokens/range', { textDocument: { uri: rack.uri }, range: { start, end: { line: start.line + 6, character: 0 } } });
    assert.ok(range.data.length > 0 && range.data.length < full.data.length);
    assert.equal(range.data[0], start.line, 'first token is on the range’s first line');
  });
});
