/**
 * The server's tree around the cursor (server/src/lsp/cursor-trees.ts)
 * with the real Workspace and Analyzer: after an analysis, an edit in the
 * middle of a big file makes completion parse only the edited host — from
 * the analysed tree and the difference between its text and the document's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAt } from '../../core/src/ide/completion';
import { Analyzer } from '../../server/src/analysis';
import { CursorTrees } from '../../server/src/lsp/cursor-trees';
import { Workspace } from '../../server/src/workspace';

const host = (i: number): string => `  host h${i} {\n    cpu { cores = 4 }\n    memory = 8GiB\n  }\n`;
const text = `topology big {\n${Array.from({ length: 3000 }, (_, i) => host(i)).join('')}}\n`;
const uri = 'file:///work/cursor-trees.vmx';

/** The big file open and analysed, with the server's CursorTrees over the real Workspace and Analyzer. */
function opened() {
  const workspace = new Workspace();
  const analyzer = new Analyzer(workspace);
  workspace.openDocument(uri, 'vmx', 1, text);
  assert.ok(analyzer.get(uri));
  return { workspace, analyzer, trees: new CursorTrees(workspace, analyzer) };
}

describe('cursor trees in the server', () => {
  it('completion after an edit parses the edited host, not the 12,000-line file', () => {
    const { workspace, analyzer, trees } = opened();
    // A completion before the edit: the analysed (error-free) tree becomes the base.
    assert.deepEqual(trees.at(uri, 20)!.scopes.map((s) => s.kind), ['topology']);
    // "    container web {\n      " typed after h1500's memory line: open '{', no '}'.
    const line = text.split('\n').indexOf('  host h1500 {') + 3;
    const typed = '    container web {\n      ';
    workspace.changeDocument(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: typed }], 2);
    analyzer.invalidate(uri);
    const now = workspace.document(uri)!.getText();
    const cursor = now.indexOf(typed) + typed.length;
    const around = trees.at(uri, cursor)!;
    const start = now.indexOf('host h1500 {');
    // h1500 up to its '}', which is now after the typed lines, right before the '\n' before "  host h1501".
    const end = now.indexOf('  host h1501 {') - 1;
    assert.deepEqual(around.parsed, { start, end });
    assert.deepEqual(around.scopes.map((s) => s.kind), ['topology', 'host', 'container']);
    const labels = completeAt(now, cursor, around).map((e) => e.label);
    assert.ok(labels.includes('image') && labels.includes('workload'), labels.join(' '));
  });

  it('a document over the size limit gets no tree (nothing parses it)', () => {
    const workspace = new Workspace();
    workspace.config = { ...workspace.config, limits: { ...workspace.config.limits, maxFileSize: 100 } };
    workspace.openDocument(uri, 'vmx', 1, text);
    assert.equal(new CursorTrees(workspace, new Analyzer(workspace)).at(uri, 20), undefined);
  });

  it('an edit at one host, analysed, then undone and an edit at a far host: completion parses the far host only', () => {
    const { workspace, analyzer, trees } = opened();
    // A completion before any edit: the analysed tree of the opened text is the base.
    assert.ok(trees.at(uri, 20));
    const lines = text.split('\n');
    const at = (h: number) => lines.indexOf(`  host h${h} {`) + 3;
    const typed = '    swap = 1GiB\n';
    const insert = (line: number, version: number) =>
      workspace.changeDocument(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: typed }], version);
    // Typed at h100, and analysed there (a pause in typing).
    insert(at(100), 2);
    analyzer.invalidate(uri);
    analyzer.get(uri);
    assert.ok(trees.at(uri, workspace.document(uri)!.getText().indexOf(typed)));
    // Undone at h100, typed at h2900: the analysed text differs from the document at both, the first text at h2900 only.
    workspace.changeDocument(uri, [{ range: { start: { line: at(100), character: 0 }, end: { line: at(100) + 1, character: 0 } }, text: '' }], 3);
    insert(at(2900), 4);
    analyzer.invalidate(uri);
    const now = workspace.document(uri)!.getText();
    const around = trees.at(uri, now.indexOf(typed) + 4)!;
    assert.deepEqual(around.parsed, { start: now.indexOf('host h2900 {'), end: now.indexOf('  host h2901 {') - 1 });
    assert.deepEqual(around.scopes.map((s) => s.kind), ['topology', 'host']);
  });

  it('the analysis an edit made stale is the base: edit at one host, complete, undo, edit at a far host, complete — each parses its host only', () => {
    // As an editor sends them (no completion before the first edit, no analysis between): the server's
    // analysis of the opened text is stale from the first edit on, and still the nearest text.
    const { workspace, analyzer, trees } = opened();
    const lines = text.split('\n');
    const at = (h: number) => lines.indexOf(`  host h${h} {`) + 3;
    const typed = '    swap = 1GiB\n';
    const change = (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string, version: number) => {
      workspace.changeDocument(uri, [{ range, text: newText }], version);
      analyzer.invalidate(uri);
    };
    const hostOf = (now: string, h: number) => ({ start: now.indexOf(`host h${h} {`), end: now.indexOf(`  host h${h + 1} {`) - 1 });
    change({ start: { line: at(100), character: 0 }, end: { line: at(100), character: 0 } }, typed, 2);
    let now = workspace.document(uri)!.getText();
    assert.deepEqual(trees.at(uri, now.indexOf(typed) + 4)!.parsed, hostOf(now, 100));
    change({ start: { line: at(100), character: 0 }, end: { line: at(100) + 1, character: 0 } }, '', 3);
    change({ start: { line: at(2900), character: 0 }, end: { line: at(2900), character: 0 } }, typed, 4);
    now = workspace.document(uri)!.getText();
    assert.deepEqual(trees.at(uri, now.indexOf(typed) + 4)!.parsed, hostOf(now, 2900));
  });
});
