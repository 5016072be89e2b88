/**
 * docs/language.md is the language reference: it must be what the
 * generator makes of the schema today, and it must mention every kind,
 * attribute, enum value, unit and pattern the schema has.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { KINDS, PATTERNS, REFERENCE_CALLS, UNIT_KINDS } from '../../core/src/schema';
import { LANGUAGE_DOC_PATH, languageDocText } from '../../scripts/gen-language-doc';

const committed = readFileSync(LANGUAGE_DOC_PATH, 'utf8');

/** The text of one kind's section: from its heading to the next kind's. */
function sectionOf(kind: string): string {
  const start = committed.indexOf(`<a id="kind-${kind}"></a>`);
  assert.ok(start >= 0, `docs/language.md has no section for block kind '${kind}'`);
  const next = committed.indexOf('<a id="kind-', start + 1);
  return committed.slice(start, next < 0 ? undefined : next);
}

describe('docs/language.md', () => {
  it('is exactly what scripts/gen-language-doc.ts generates from the schema', () => {
    assert.equal(committed, languageDocText(), 'stale reference: run npm run docs');
  });

  it('has a section for every block kind, with its summary and doc', () => {
    for (const kind of KINDS) {
      const section = sectionOf(kind.name);
      assert.ok(section.includes(`### \`${kind.name}\``), `${kind.name}: heading`);
      assert.ok(section.includes(kind.summary), `${kind.name}: summary`);
      assert.ok(section.includes(kind.doc), `${kind.name}: doc`);
    }
  });

  it('lists every attribute of every kind in that kind’s table, with its doc', () => {
    for (const kind of KINDS) {
      const section = sectionOf(kind.name);
      for (const attribute of kind.attributes) {
        assert.ok(section.includes(`| \`${attribute.name}\` |`), `${kind.name}.${attribute.name} is missing from the attribute table`);
        assert.ok(section.includes(attribute.doc), `${kind.name}.${attribute.name}: doc text missing`);
      }
    }
  });

  it('documents every enum value and every enum label', () => {
    for (const kind of KINDS) {
      const section = sectionOf(kind.name);
      if (kind.label.t === 'enum') for (const v of kind.label.values) assert.ok(section.includes(`- \`${v}\``), `${kind.name} label ${v}`);
      for (const attribute of kind.attributes) {
        if (attribute.type.t !== 'enum') continue;
        for (const v of attribute.type.values) assert.ok(section.includes(`- \`${v}\``), `${kind.name}.${attribute.name} = ${v}`);
      }
    }
  });

  it('explains every unit, every workload pattern and every reference call', () => {
    for (const [kind, info] of Object.entries(UNIT_KINDS)) {
      assert.ok(committed.includes(`<a id="unit-${kind}"></a>`), `unit kind ${kind}`);
      for (const unit of Object.keys(info.units)) if (unit !== '') assert.ok(committed.includes(`\`${unit}\``), `unit ${unit}`);
    }
    for (const p of PATTERNS) assert.ok(committed.includes(`\`${p.signature}\``), `pattern ${p.name}`);
    for (const r of REFERENCE_CALLS) assert.ok(committed.includes(`\`${r.name}("name")\``), `reference ${r.name}`);
  });

  it('links only to anchors it defines', () => {
    const anchors = new Set([...committed.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    for (const h of committed.matchAll(/^#{2} (.+)$/gm)) anchors.add(h[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
    for (const m of committed.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(anchors.has(m[1]), `broken link #${m[1]}`);
  });
});
