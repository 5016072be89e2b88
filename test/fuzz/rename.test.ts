/**
 * Rename on the samples and schema-generated topologies: for any
 * container, volume or entity label and any fresh valid name, the edits
 * change all and only the references — each edit replaces exactly the old
 * name, the declaration and every reference are edited, nothing becomes
 * unresolved, and the findings are the same up to the name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allReferences, renameEdits, targetAt } from '../../core/src/ide/references';
import { findings } from './lib/fingerprint';
import { ROOT_URI, runPipeline } from './lib/pipeline';
import { loadSeeds } from './lib/seeds';
import { params, runs } from './lib/settings';
import { layout, print, validTopology } from './lib/valid-topology';

const seeds = loadSeeds()
  .map((s) => ({ name: s.name, text: s.text.replace(/^import .*$/gm, '') }))
  .filter((s) => runPipeline(s.text).result.model?.blocks.some((b) => b.node.label));

const freshName = fc.tuple(fc.constantFrom('renamed', 'x', '_n', 'New-Name'), fc.integer({ min: 0, max: 999 })).map(([a, n]) => `${a}${n}zz`);

function renameProperty(text: string, pick: number, newName: string): void {
  const before = runPipeline(text);
  const model = before.result.model;
  if (!model) return;
  const labelled = model.blocks.filter((b) => b.valid && b.node.label && b.file.uri === ROOT_URI && !b.node.label.text.includes('"') && (b.kind === 'container' || b.kind === 'volume' || b.entity));
  if (labelled.length === 0) return;
  const block = labelled[pick % labelled.length];
  // Renaming one of two duplicates fixes a VMX105: findings rightly change; the rest of the property still holds.
  const duplicate = (block.parent?.children ?? model.topologyBlocks).some((b) => b !== block && b.kind === block.kind && b.label === block.label);
  const label = block.node.label!;
  const target = targetAt(before.root, model, label.start + (label.quoted ? 1 : 0));
  assert.ok(target, `no rename target at the label of ${block.kind} ${label.text}`);
  const oldName = target.name;
  const refs = allReferences(model).filter((r) => r.target.block === block);
  const r = renameEdits(model, target, newName);
  if ('error' in r) return; // a sibling already has the name: refusing is right
  // All: the declaration and every resolved reference.
  assert.equal(r.edits.length, 1 + refs.length);
  // Only: each edit replaces exactly the old name, in this file.
  for (const e of r.edits) {
    assert.equal(e.uri, ROOT_URI);
    assert.equal(text.slice(e.span.start, e.span.end), oldName, `edit at ${e.span.start} does not cover the old name`);
  }
  const sorted = [...r.edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  const after = runPipeline(out);
  const unresolved = (res: typeof before.result) => res.diagnostics.filter((d) => d.code === 'VMX106').length;
  assert.equal(unresolved(after.result), unresolved(before.result), 'the rename left a reference unresolved');
  const renamed = after.result.model!.blocks.find((b) => b.kind === block.kind && b.label === newName);
  assert.ok(renamed, 'the renamed block is not found under its new name');
  assert.equal(allReferences(after.result.model!).filter((x) => x.target.block === renamed).length, refs.length);
  // Findings are the same, once the name is put back in their messages.
  const back = (xs: string[]) => xs.map((x) => x.split(newName).join(oldName)).sort();
  if (!duplicate) assert.deepEqual(back(findings(after.result)), findings(before.result));
}

test('rename in the samples changes all and only the references', () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.nat(), freshName, (seed, pick, name) => renameProperty(seed.text, pick, name)),
    params(runs(1500)),
  );
});

test('rename in generated topologies changes all and only the references', () => {
  fc.assert(
    fc.property(validTopology, layout, fc.nat(), freshName, (topology, l, pick, name) => renameProperty(print(topology, l), pick, name)),
    params(runs(1000)),
  );
});
