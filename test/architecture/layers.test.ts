/**
 * Import boundaries (ARCHITECTURE.md, "Architecture invariants"): every
 * import of every .ts under core/, server/, client/, cli/ against the table
 * the document shows. The checker is first tested on made-up files, so a
 * table or scanner that silently matched nothing could not pass.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';
import { importsOf, parseRules, repoImports, violations } from './layers';

const rules = parseRules(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));

test('the table in ARCHITECTURE.md parses into the rules it shows', () => {
  assert.equal(rules.length, 12);
  const syntax = rules[0];
  assert.deepEqual(syntax.files, ['core/src/syntax/']);
  assert.ok(syntax.forbidden.includes('core/src/model/') && syntax.forbidden.includes('core/src/analyze'));
  const io = rules.find((r) => r.forbidden.includes('fs'))!;
  assert.deepEqual(io.files, ['core/']);
  assert.deepEqual(io.except, ['core/src/host/']);
  assert.ok(io.forbidden.includes('child_process') && io.forbidden.includes('net') && io.forbidden.includes('http'));
});

test('the checker flags what a rule forbids and nothing else (made-up files)', () => {
  const made = (file: string, text: string) => importsOf(file, text);
  const bad = [
    ...made('core/src/syntax/x.ts', "import { Model } from '../model/types';"),
    ...made('core/src/model/y.ts', "export { simulate } from '../sim';"),
    ...made('core/src/import/z.ts', "import { readFileSync } from 'node:fs';"),
    ...made('core/src/discover/w.ts', "const cp = require('child_process');"),
    ...made('core/src/ide/v.ts', "const m = await import('../../../server/src/server');"),
    ...made('client/src/u.ts', "import { analyze } from '../../core/src/analyze';"),
  ];
  const good = [
    ...made('core/src/syntax/a.ts', "import { UNIT_KINDS } from '../schema/units';"),
    ...made('core/src/model/b.ts', "import { timing } from './timing';\nimport { sep } from 'node:path';"),
    ...made('core/src/host/c.ts', "import { readFileSync } from 'node:fs';"),
    ...made('core/src/sim/parallel.ts', "import { Worker } from 'node:worker_threads';"),
    ...made('core/src/simulator/d.ts', "import { x } from '../checks/e';"), // not under core/src/sim/: a prefix is a folder
  ];
  assert.equal(violations(bad, rules).length, 6, violations(bad, rules).join('\n'));
  assert.deepEqual(violations(good, rules), []);
});

test('no file of core/, server/, client/, cli/ imports across a boundary of the table', () => {
  const imports = repoImports(ROOT);
  // The scan reads real imports: the model's run settings, the worker split, the front ends.
  const has = (from: string, target: string) => imports.some((i) => i.from === from && i.target === target);
  assert.ok(has('core/src/model/limits.ts', 'core/src/model/timing'));
  assert.ok(has('core/src/sim-worker.ts', 'core/src/sim/worker'));
  assert.ok(has('core/src/host/git.ts', 'child_process'));
  assert.ok(imports.length > 800, `only ${imports.length} imports found`);
  assert.deepEqual(violations(imports, rules), []);
});
