/**
 * VMX112 (issue 15, item 10): names that read the same but are not — a
 * Cyrillic letter, an invisible character, full-width letters, a bidi
 * control — are flagged; plain names, and the same name on two hosts, are not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookalikeScripts, nameProblems, skeleton } from '../../core/src/checks/names';
import { check, lineOf, withCode } from './helpers';

const limits = 'user = 1000 cgroup { memory.max = 1GiB pids.max = 100 }';

function hostWith(...names: string[]): string {
  return `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n${names.map((n) => `    container "${n}" { ${limits} }\n`).join('')}  }\n}\n`;
}

test('TR39 skeletons: look-alikes share one, different names do not', () => {
  assert.equal(skeleton('w\u0435b'), skeleton('web')); // Cyrillic ie
  assert.equal(skeleton('web\u200b'), skeleton('web')); // zero-width space is default-ignorable
  assert.equal(skeleton('paypa\u0406'), skeleton('paypal')); // Cyrillic capital I looks like l
  assert.notEqual(skeleton('web'), skeleton('api'));
  assert.deepEqual(lookalikeScripts('w\u0435b'), ['Latin', 'Cyrillic']);
  assert.deepEqual(lookalikeScripts('node-exporter-2'), ['Latin']);
});

test('a name alone: invisible, compatibility and mixed-script characters are named in the problem', () => {
  assert.deepEqual(nameProblems('web'), []);
  assert.deepEqual(nameProblems('kube-proxy_2.x'), []);
  assert.match(nameProblems('web\u200b').join(), /invisible characters \(\\u200b\)/);
  assert.match(nameProblems('x\u001b[1A\u001b[2K').join(), /invisible characters \(\\e\)/);
  assert.match(nameProblems('a\u202eb').join(), /\\u202e/);
  assert.match(nameProblems('\uff37\uff25\uff22').join(), /compatibility characters \(it reads as 'WEB'\)/);
  assert.match(nameProblems('w\u0435b').join(), /mixes Latin and Cyrillic letters/);
  // Scripts that do not look like Latin are not mixed-script noise.
  assert.deepEqual(nameProblems('web-\u65e5\u672c'), []);
});

test('VMX112 on each of the confusable siblings of web, related to web; web itself is plain', () => {
  const text = hostWith('web', 'w\u0435b', 'web\u200b', '\uff37\uff25\uff22');
  const ds = withCode(text, 'VMX112');
  assert.equal(ds.length, 3, ds.map((d) => d.message).join('\n'));
  for (const d of ds) assert.equal(d.severity, 'warning');
  const cyrillic = ds.find((d) => d.range.start.line === lineOf(text, 'w\u0435b'))!;
  assert.match(cyrillic.message, /mixes Latin and Cyrillic letters; looks like container 'web'/);
  assert.equal(cyrillic.related?.[0].range.start.line, lineOf(text, '"web"'));
  const zw = ds.find((d) => d.range.start.line === lineOf(text, 'web\u200b'))!;
  assert.match(zw.message, /invisible characters \(\\u200b\); looks like container 'web'/);
  // The message itself carries no invisible character: it is shown escaped.
  for (const d of ds) assert.doesNotMatch(d.message, /[\u200b\u202e\u001b]/);
});

test('the label range is exact: the quoted name', () => {
  const text = hostWith('w\u0435b');
  const [d] = withCode(text, 'VMX112');
  const line = text.split('\n')[d.range.start.line];
  assert.equal(line.slice(d.range.start.character, d.range.end.character), '"w\u0435b"');
});

test('no VMX112 on ordinary topologies: distinct ASCII names, one name on two hosts, duplicates (VMX105 instead)', () => {
  assert.deepEqual(withCode(hostWith('web', 'api', 'db', 'cache-1', 'cache-2'), 'VMX112'), []);
  const twoHosts = `topology t {\n${['a', 'b'].map((h) => `  host ${h} {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container web { ${limits} }\n  }\n`).join('')}}\n`;
  assert.deepEqual(withCode(twoHosts, 'VMX112'), []);
  const dup = check(hostWith('web', 'web'));
  assert.deepEqual(dup.filter((d) => d.code === 'VMX112'), []);
  assert.equal(dup.filter((d) => d.code === 'VMX105').length, 1);
});

test('a reference to the look-alike still resolves by exact text, and the look-alike is flagged', () => {
  const text = `topology t {\n  host h {\n    memory = 8GiB\n    cpu { cores = 2 }\n    container web { ${limits} }\n    container "w\u0435b" { ${limits} }\n    container side { ${limits} namespaces { net = container("w\u0435b") } }\n  }\n}\n`;
  const ds = check(text);
  assert.deepEqual(ds.filter((d) => d.code === 'VMX106'), []);
  assert.equal(ds.filter((d) => d.code === 'VMX112').length, 1);
});
