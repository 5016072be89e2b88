/**
 * docs/simulation.md §12 "Sources and parameters" lists every parameter of
 * core/src/sim/params.ts by name (each key of a table-valued one too), and
 * names none that does not exist: a parameter added without its row and
 * source fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as params from '../../core/src/sim/params';

const doc = readFileSync(new URL('../../docs/simulation.md', import.meta.url), 'utf8');
const section = doc.split('## 12. Sources and parameters')[1]?.split('\n## ')[0] ?? '';
const table = section.split('### Parameters')[1]?.split('\n### ')[0] ?? '';

/** The first cell of each row: `NAME`, `NAME.key`, or `NAME.a` / `.b` / `.c`, expanded to full names. */
function documentedNames(): string[] {
  const out: string[] = [];
  for (const line of table.split('\n')) {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
    if (!cell || cell.startsWith('name') || cell.startsWith('---')) continue;
    let base = '';
    for (const code of cell.match(/`[^`]+`/g) ?? []) {
      const name = code.slice(1, -1);
      if (name.startsWith('.')) out.push(base + name);
      else {
        base = name.split('.')[0];
        out.push(name);
      }
    }
  }
  return out;
}

/** Every parameter as the table names it: scalars and sets by name, tables (plain objects) by NAME.key. */
function parameterNames(): string[] {
  return Object.entries(params).flatMap(([name, value]) => (typeof value === 'object' && value !== null && !(value instanceof Set) ? Object.keys(value).map((k) => `${name}.${k}`) : [name]));
}

test('every parameter of core/src/sim/params.ts has a row in docs/simulation.md §12, and every row is a parameter', () => {
  assert.ok(table.includes('| name | value | unit | meaning | source |'), 'the §12 parameter table is missing');
  const documented = new Set(documentedNames());
  const real = parameterNames();
  assert.deepEqual(real.filter((n) => !documented.has(n)), [], 'parameters without a row (name, value, unit, meaning, source)');
  assert.deepEqual([...documented].filter((n) => !real.includes(n)), [], 'rows naming no parameter');
});

test('each row of the §12 parameter table has a source', () => {
  for (const line of table.split('\n').filter((l) => /^\| `/.test(l))) {
    const cells = line.split(' | ');
    assert.equal(cells.length, 5, `five cells: ${line}`);
    assert.ok(cells[4].replace(/\|$/, '').trim().length > 10, `no source in: ${line}`);
  }
});
