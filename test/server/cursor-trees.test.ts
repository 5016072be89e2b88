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

describe('cursor trees in the server', () => {
  it('completion after an edit parses the edited host, not the 12,000-line file', () => {
    const workspace = new Workspace();
    const analyzer = new Analyzer(workspace);
    workspace.openDocument(uri, 'vmx', 1, text);
    assert.ok(analyzer.get(uri));
    const trees = new CursorTrees(workspace, analyzer);
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
});
