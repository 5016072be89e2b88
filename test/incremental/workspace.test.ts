/**
 * Incremental = full, in the server's Workspace (issue 13): random edit
 * sequences sent as the LSP's didChange sends them (line/character ranges,
 * sometimes several changes in one notification, sometimes several
 * notifications before anything asks for the tree) on a generated
 * topology; after every edit the Workspace's tree equals `parse()` of the
 * new text, and the diagnostics of the whole pipeline with the simulation
 * (VMX4xx) on the Workspace's SourceFile equal those on a fresh
 * `createSourceFile` of the same text. Plus the cases that must reparse
 * one block, and the limits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../core/src/analyze';
import { defaultConfig, mergeConfig } from '../../core/src/config';
import { SourceProvider } from '../../core/src/model/imports';
import { SourceFile } from '../../core/src/model/types';
import { simulationStage } from '../../core/src/sim';
import { createSourceFile } from '../../core/src/source';
import { parse } from '../../core/src/syntax/parser';
import { composeEdits } from '../../server/src/text-sync';
import { Parsed, Workspace } from '../../server/src/workspace';
import { params, runs } from '../fuzz/lib/settings';
import { change, notification, topology } from './typing';

const URI = 'file:///t/typing.vmx';

/** The workspace's sources: nothing imported, so only the open document. */
function sources(ws: Workspace): SourceProvider {
  return { get: (uri) => ws.get(uri) };
}

const config = defaultConfig();
const diagnostics = (file: SourceFile, provider: SourceProvider) => analyze(file, provider, { config, extraStages: [simulationStage({ seriesPoints: 0 })] }).diagnostics;

test('the Workspace tree and diagnostics equal a from-scratch parse and analysis after every edit of a random sequence', () => {
  let reparsedBlocks = 0;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3 }), fc.array(notification, { minLength: 1, maxLength: 12 }), (hosts, notes) => {
      const ws = new Workspace();
      const shadow = TextDocument.create(URI, 'vmx', 1, topology(hosts));
      ws.openDocument(URI, 'vmx', 1, shadow.getText());
      void ws.get(URI)!.ast;
      let version = 1;
      for (const n of notes) {
        version++;
        const changes = [];
        for (const e of n.changes) {
          const c = change(shadow, e);
          TextDocument.update(shadow, [c], version);
          changes.push(c);
        }
        ws.changeDocument(URI, changes, version);
        if (!n.ask) continue;
        const text = shadow.getText();
        const file = ws.get(URI)!;
        assert.equal(file.text, text);
        assert.deepEqual(file.ast, parse(text));
        const parsed = ws.parsedRange(URI);
        if (parsed !== 'file') reparsedBlocks++;
        assert.deepEqual(diagnostics(file, sources(ws)), diagnostics(createSourceFile(URI, text), sources(ws)));
      }
    }),
    // The CI seed (test/fuzz/lib/settings.ts): the count of one-block reparses below is the same every run.
    params(runs(60)),
  );
  // The property is about incremental trees: enough of the runs must have taken the one-block path.
  assert.ok(reparsedBlocks >= 10, `only ${reparsedBlocks} edits were reparsed as one block`);
});

/** Offsets of `needle` in `text` (the first occurrence after `from`). */
const at = (text: string, needle: string, from = 0): number => {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, needle);
  return i;
};

test('typing inside one host reparses that host only, from the last tree, however many keystrokes came in between', () => {
  const ws = new Workspace();
  const text = topology(3);
  ws.openDocument(URI, 'vmx', 1, text);
  const first = ws.get(URI)!;
  assert.equal(first.ast.items.length, 1);
  assert.equal(ws.parsedRange(URI), 'file');
  // Four keystrokes after `image = "registry.local/api:1"` in host node-1, nothing asking in between
  // (the half-typed states `u` and `u=` are never parsed).
  const shadow = TextDocument.create(URI, 'vmx', 1, text);
  const anchor = at(text, '"registry.local/api:1"') + '"registry.local/api:1"'.length;
  const type = (offset: number, insert: string, version: number) => {
    const p = shadow.positionAt(offset);
    const c = { range: { start: p, end: p }, text: insert };
    TextDocument.update(shadow, [c], version);
    ws.changeDocument(URI, [c], version);
  };
  for (const [i, ch] of ['\n', 'u', '=', '1'].entries()) type(anchor + i, ch, i + 2);
  const now = ws.get(URI)!;
  // `u=1`: an attribute the schema does not know, not a syntax error.
  assert.deepEqual(now.ast, parse(shadow.getText()));
  assert.equal(now.ast.errors.length, 0);
  // Host node-1: from its `host` keyword to its `}`, the one before the next host's comment, grown by 4.
  const h1 = at(text, '  host node-1') + 2;
  const h1End = at(text, '\n  // next host', h1) + 4;
  assert.deepEqual(ws.parsedRange(URI), { start: h1, end: h1End });
  // The host before the edit is the previous tree's object; the previous SourceFile is as it was.
  const topo = (f: SourceFile) => f.ast.items[0] as { items: unknown[] };
  assert.equal(topo(now).items[1], topo(first).items[1]);
  assert.equal(first.text, text);
  assert.deepEqual(first.ast, parse(text));
  // A syntax error in the host (a `=` alone): the whole file is parsed (its repairs read every block), and
  // the next edit too, since the previous tree has errors.
  type(anchor + 4, '\n=', 6);
  assert.equal(ws.get(URI)!.ast.errors.length, 1);
  assert.equal(ws.parsedRange(URI), 'file');
  type(anchor + 6, ' 1', 7);
  assert.deepEqual(ws.get(URI)!.ast, parse(shadow.getText()));
  assert.equal(ws.parsedRange(URI), 'file');
});

test('a container typed keystroke by keystroke, asked at every one: broken states parse the file, the whole container again reparses its host from the last error-free tree', () => {
  const ws = new Workspace();
  const text = topology(3);
  ws.openDocument(URI, 'vmx', 1, text);
  void ws.get(URI)!.ast;
  const shadow = TextDocument.create(URI, 'vmx', 1, text);
  // At the start of the line holding host node-1's closing brace: the container goes in as its last child.
  const h1 = at(text, '  host node-1') + 2;
  const h1Close = at(text, '\n  // next host', h1) - 3;
  const typed = '    container typed {\n      cgroup { cpu.max = 500m }\n    }\n';
  const ways: Parsed[] = [];
  for (let i = 0; i < typed.length; i++) {
    const p = shadow.positionAt(h1Close + i);
    const c = { range: { start: p, end: p }, text: typed[i] };
    TextDocument.update(shadow, [c], i + 2);
    ws.changeDocument(URI, [c], i + 2);
    const file = ws.get(URI)!;
    assert.deepEqual(file.ast, parse(shadow.getText()), `after ${JSON.stringify(typed.slice(0, i + 1))}`);
    ways.push(ws.parsedRange(URI)!);
  }
  // While the container's '{' is open (and before: `container typed` alone is a syntax error) the file is parsed…
  const open = typed.indexOf('{');
  assert.ok(ways.slice(open, typed.lastIndexOf('}')).every((w) => w === 'file'));
  // …and the '}' that closes it makes the host whole: one block, host node-1 grown by what was typed, reparsed from
  // the tree before the first keystroke (the last one without an error).
  const closing = typed.lastIndexOf('}');
  const h1End = at(text, '\n  // next host', h1);
  assert.deepEqual(ways[closing], { start: h1, end: h1End + closing + 1 });
  assert.deepEqual(ways[typed.length - 1], { start: h1, end: h1End + typed.length });
});

test('an edit that leaves a brace open parses the whole file; the edit that closes it reparses one block, from the last error-free tree', () => {
  const ws = new Workspace();
  const text = topology(2);
  ws.openDocument(URI, 'vmx', 1, text);
  void ws.get(URI)!.ast;
  const shadow = TextDocument.create(URI, 'vmx', 1, text);
  const apply = (offset: number, del: number, insert: string, version: number) => {
    const c = { range: { start: shadow.positionAt(offset), end: shadow.positionAt(offset + del) }, text: insert };
    TextDocument.update(shadow, [c], version);
    ws.changeDocument(URI, [c], version);
    const file = ws.get(URI)!;
    void file.ast;
    return file;
  };
  const inside = at(text, '    # the API, capped');
  const open = apply(inside, 0, '    mount m {\n', 2);
  assert.equal(ws.parsedRange(URI), 'file');
  assert.deepEqual(open.ast, parse(shadow.getText()));
  assert.ok(open.ast.errors.length > 0);
  const closed = apply(inside + '    mount m {\n'.length, 0, '    }\n', 3);
  // The previous tree had errors; the one before the '{' had none, and both edits since it are inside host node-0.
  const host0 = at(shadow.getText(), '  host node-0') + 2;
  assert.deepEqual(ws.parsedRange(URI), { start: host0, end: at(shadow.getText(), '\n  // next host') });
  assert.deepEqual(closed.ast, parse(shadow.getText()));
  assert.equal(closed.ast.errors.length, 0);
  apply(inside, 0, ' ', 4);
  const h0 = at(shadow.getText(), '  host node-0') + 2;
  assert.deepEqual(ws.parsedRange(URI), { start: h0, end: at(shadow.getText(), '\n  // next host') });
  assert.deepEqual(ws.get(URI)!.ast, parse(shadow.getText()));
});

test('several changes in one notification are one reparse of their common block', () => {
  const ws = new Workspace();
  const text = topology(2);
  ws.openDocument(URI, 'vmx', 1, text);
  void ws.get(URI)!.ast;
  const shadow = TextDocument.create(URI, 'vmx', 1, text);
  // Two edits in host node-1 (a value changed, then a line added above it): each range is in the text the previous left.
  const mem = at(text, 'memory = 4GiB', at(text, 'host node-1'));
  const changes = [
    { range: { start: shadow.positionAt(mem + 'memory = '.length), end: shadow.positionAt(mem + 'memory = 4'.length) }, text: '8' },
    { range: { start: shadow.positionAt(mem), end: shadow.positionAt(mem) }, text: 'nested = true\n        ' },
  ];
  TextDocument.update(shadow, changes, 2);
  ws.changeDocument(URI, changes, 2);
  assert.equal(ws.parsedRange(URI), undefined, 'nothing asked for the tree yet');
  assert.deepEqual(ws.get(URI)!.ast, parse(shadow.getText()));
  const h1 = at(text, '  host node-1') + 2;
  assert.deepEqual(ws.parsedRange(URI), { start: h1, end: text.length - 3 + 'nested = true\n        '.length });
});

test('the limits: past maxFileSize the file has no tree, and back under it the whole file is parsed; new limits drop the old trees', () => {
  const ws = new Workspace();
  const text = topology(1);
  ws.config = mergeConfig(defaultConfig(), { limits: { maxFileSize: text.length + 5 } });
  ws.openDocument(URI, 'vmx', 1, text);
  void ws.get(URI)!.ast;
  const inside = TextDocument.create(URI, 'vmx', 1, text).positionAt(at(text, '    # the API'));
  ws.changeDocument(URI, [{ range: { start: inside, end: inside }, text: '# ten more\n' }], 2);
  assert.deepEqual(ws.get(URI)!.ast, { type: 'file', items: [], comments: [], errors: [], start: 0, end: text.length + 11 });
  ws.changeDocument(URI, [{ range: { start: inside, end: { line: inside.line + 1, character: 0 } }, text: '' }], 3);
  assert.deepEqual(ws.get(URI)!.ast, parse(text));
  // From the last tree built (version 1), the two edits composed: an empty edit inside host node-0.
  assert.deepEqual(ws.parsedRange(URI), { start: at(text, 'host node-0'), end: text.length - 3 });
  // maxNestingDepth 3: the VM's workload (topology > host > hypervisor > vm > workload) is too deep.
  ws.config = mergeConfig(defaultConfig(), { limits: { maxNestingDepth: 3 } });
  ws.invalidateDisk();
  const shallow = ws.get(URI)!.ast;
  assert.equal(ws.parsedRange(URI), 'file');
  assert.deepEqual(shallow, parse(text, { maxDepth: 3 }));
  assert.ok(shallow.errors.length > 0);
});

test('composeEdits: edits applied one after another as one edit of the first text', () => {
  // "abcdef": [1,3) "bc" → "XYZ" gives "aXYZdef"; then [5,6) "e" deleted gives "aXYZdf": in the first text [1,5) became "XYZd".
  assert.deepEqual(composeEdits([{ start: 1, end: 3, length: 3 }, { start: 5, end: 6, length: 0 }]), { start: 1, end: 5, length: 4 });
  // An insertion before the first change: "abcdef" → "abXcdef" (at 2) → "QabXcdef" (at 0): [0,2) became "QabX".
  assert.deepEqual(composeEdits([{ start: 2, end: 2, length: 1 }, { start: 0, end: 0, length: 1 }]), { start: 0, end: 2, length: 4 });
  // A second edit inside the first's new text: "abcdef" → "a123def" → "a1def": [1,3) became "1".
  assert.deepEqual(composeEdits([{ start: 1, end: 3, length: 3 }, { start: 2, end: 4, length: 0 }]), { start: 1, end: 3, length: 1 });
  assert.equal(composeEdits([]), undefined);
});
