/**
 * The references of core/src/diagnostics/references.ts (the SARIF rules'
 * tags) are the ones docs/checks.md names: each code's entry mentions the CIS
 * Docker Benchmark recommendation, the Pod Security Standards level and
 * control, the kube-linter check and the Trivy id of each of its references.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { codeInfo } from '../../core/src/diagnostics/codes';
import { isSecurityCode, Reference, REFERENCES, referenceTag } from '../../core/src/diagnostics/references';

const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');

function entry(code: string): string | undefined {
  const parts = doc.split(`\n## ${code} — `);
  return parts.length < 2 ? undefined : parts[1].split('\n## ')[0];
}

/** Whether an entry's text names the reference. */
function names(text: string, r: Reference): boolean {
  switch (r.standard) {
    case 'cis-docker': {
      // "CIS Docker Benchmark 5.9 (net), 5.15 (pid)": the recommendation in the sentence that names the benchmark.
      const sentence = text.split(/\.\s+(?=[A-Z])/).find((s) => s.includes('CIS Docker Benchmark')) ?? '';
      return new RegExp(`(^|[^\\d.])${r.id.replace('.', '\\.')}(?![\\d])`).test(sentence.slice(sentence.indexOf('CIS Docker Benchmark')));
    }
    case 'pss':
      return text.includes('Pod Security Standards') && new RegExp(`\\b${r.level}\\b`).test(text) && text.includes(r.control);
    case 'kube-linter':
      return text.includes('kube-linter') && text.includes(`\`${r.check}\``);
    case 'trivy':
      return text.includes('Trivy') && new RegExp(`\\b${r.id}\\b`).test(text);
  }
}

test('every reference of a code is named in its docs/checks.md entry', () => {
  let checked = 0;
  for (const [code, refs] of Object.entries(REFERENCES)) {
    assert.ok(codeInfo(code), `${code} is a code`);
    const text = entry(code);
    assert.ok(text, `${code} has an entry in docs/checks.md`);
    for (const r of refs) {
      assert.ok(names(text, r), `${code}'s entry names ${referenceTag(r)}`);
      checked++;
    }
  }
  assert.ok(checked >= 20);
  // And what an entry does not name is not taken for named: 5.1 is not 5.19, nor a level another's.
  assert.equal(names(entry('VMX218')!, { standard: 'cis-docker', id: '5.1' }), false);
  assert.equal(names(entry('VMX220')!, { standard: 'pss', level: 'Restricted', control: 'HostPath Volumes' }), false);
  assert.equal(names(entry('VMX224')!, { standard: 'kube-linter', check: 'latest-tag' }), false);
  assert.equal(names(entry('VMX225')!, { standard: 'trivy', id: 'KSV01' }), false);
});

test('only security codes have references', () => {
  for (const code of Object.keys(REFERENCES)) assert.ok(isSecurityCode(code), `${code} has references: it is a security code`);
  assert.ok(isSecurityCode('VMX207') && isSecurityCode('VMX216') && isSecurityCode('VMX112') && !isSecurityCode('VMX301') && !isSecurityCode('VMX401'));
});

test('tags are distinct and in the external/… form', () => {
  for (const [code, refs] of Object.entries(REFERENCES)) {
    const tags = refs.map(referenceTag);
    assert.equal(new Set(tags).size, tags.length, code);
    for (const t of tags) assert.match(t, /^external\/(cis-docker\/\d+\.\d+|pss\/(baseline|restricted)\/[a-z0-9-]+|kube-linter\/[a-z0-9-]+|trivy\/ksv\d+)$/, `${code}: ${t}`);
  }
});
