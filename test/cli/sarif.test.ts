/**
 * `vmx check --format sarif` for GitHub code scanning (cli/src/format-sarif.ts):
 * the built CLI's output validates against the SARIF 2.1.0 schema vendored
 * in test/cli/schemas (README there says where it comes from); every rule has
 * `properties.tags` (`security` and the CIS / PSS / kube-linter references of
 * core/src/diagnostics/references.ts), security rules a
 * `properties.security-severity` from the severity they have in the run, an
 * absolute `helpUri` to docs/checks.md; results are relative to `%SRCROOT%`
 * (the git work tree of the working directory, else the working directory).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import Ajv from 'ajv';
import { CODES } from '../../core/src/diagnostics/codes';
import { isSecurityCode } from '../../core/src/diagnostics/references';
import { checksAnchor, checksDocUrl, githubAnchor, PROJECT_URL, repositoryUrl, SECURITY_SEVERITY } from '../../cli/src/format-sarif';
import { ROOT, runCli } from '../helpers';

// The vendored schema is draft-04: read its `id` as `$id` for Ajv 8 (README beside it).
const { $schema: _draft04, id, ...rest } = JSON.parse(readFileSync(join(ROOT, 'test', 'cli', 'schemas', 'sarif-2.1.0.json'), 'utf8'));
// unicodeRegExp off: the schema's `language` pattern has a stray `]`, an error only under the u flag.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
// RFC 3986: an absolute URI has a scheme; a URI reference uses only URI characters, with valid %-escapes.
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
ajv.addFormat('uri', (s: string) => URI_CHARS.test(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s));
ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
const validate = ajv.compile({ $id: id, ...rest });

interface Rule {
  id: string;
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity'?: string };
}
interface Result {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
  relatedLocations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
}
interface Log {
  runs: { tool: { driver: { rules: Rule[] } }; originalUriBaseIds: Record<string, { uri: string }>; results: Result[] }[];
}

function sarif(args: string[], cwd?: string): Log {
  const r = runCli(['check', '--format', 'sarif', ...args], { cwd });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const log = JSON.parse(r.stdout);
  assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 3)));
  return log;
}

const HEADINGS = new Map([...readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8').matchAll(/^## ((VMX\d{3}) — .*)$/gm)].map((m) => [m[2], m[1]]));

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'vmx-sarif-')));
after(() => rmSync(dir, { recursive: true, force: true }));

const SECURITY = `topology t {
  host h {
    memory = 16GiB
    cpu { cores = 4 }
    container web {
      privileged = true
      cgroup { memory.max = 1GiB pids.max = 100 }
    }
    container envoy {
      user = 1000
      namespaces { net = container("web") }
      cgroup { memory.max = 1GiB pids.max = 100 }
    }
  }
}
`;

test('the vendored schema is SARIF 2.1.0 and rejects what is not SARIF', () => {
  assert.match(String(rest.title), /SARIF\) Version 2\.1\.0/);
  const ok = sarif(['--no-simulate', 'samples/problems'], ROOT);
  assert.ok(ok.runs[0].results.length > 0);
  for (const bad of [{ ...ok, version: '2.0.0' }, { version: '2.1.0' }, { ...ok, runs: [{ ...ok.runs[0], results: [{ ...ok.runs[0].results[0], level: 'fatal' }] }] }, { ...ok, runs: [{ ...ok.runs[0], originalUriBaseIds: { '%SRCROOT%': { uri: 'not a uri' } } }] }]) {
    assert.equal(validate(bad), false, JSON.stringify(bad).slice(0, 100));
  }
});

test('every sample, simulated, validates against SARIF 2.1.0, with related locations relative to %SRCROOT% (the git work tree)', () => {
  const log = sarif(['samples'], ROOT);
  const run = log.runs[0];
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(ROOT).href.replace(/\/?$/, '/'));
  assert.ok(run.results.some((r) => r.ruleId.startsWith('VMX4')), 'simulation findings are covered');
  assert.ok(run.results.some((r) => r.relatedLocations.length > 0), 'related locations are covered');
  for (const r of run.results) {
    for (const loc of [...r.locations, ...r.relatedLocations]) {
      const a = loc.physicalLocation.artifactLocation;
      assert.equal(a.uriBaseId, '%SRCROOT%', a.uri);
      assert.match(a.uri, /^samples\/[^/]/, 'relative to the repository, no leading slash');
    }
  }
});

test('every rule has tags; security rules have `security`, their references and a security-severity from their severity in the run', () => {
  const file = join(dir, 'security.vmx');
  writeFileSync(file, SECURITY);
  const rules = new Map(sarif(['--no-simulate', file], dir).runs[0].tool.driver.rules.map((r) => [r.id, r]));
  assert.deepEqual([...rules.keys()], CODES.map((c) => c.code), 'one rule per code');
  for (const c of CODES) {
    const r = rules.get(c.code)!;
    assert.ok(r.properties.tags.length > 0, `${c.code} has tags`);
    assert.equal(new Set(r.properties.tags).size, r.properties.tags.length, `${c.code}: distinct tags`);
    assert.equal(r.properties.tags.includes('security'), isSecurityCode(c.code), `${c.code}: security tag`);
    if (isSecurityCode(c.code)) {
      const s = r.properties['security-severity'];
      assert.match(s ?? '', /^(10\.0|\d\.\d)$/, `${c.code}: a score from 0.0 to 10.0`);
    } else assert.equal(r.properties['security-severity'], undefined, `${c.code}: no security-severity without the security tag`);
    const heading = HEADINGS.get(c.code);
    assert.equal(r.helpUri, `${PROJECT_URL}/blob/main/docs/checks.md#${heading ? githubAnchor(heading) : c.code.toLowerCase()}`, `${c.code}: the anchor of its heading`);
    assert.ok(r.help.text.length < 300 && r.help.markdown.includes(r.helpUri), `${c.code}: short help linking the docs`);
  }
  for (const code of ['VMX201', 'VMX208', 'VMX215', 'VMX112', 'VMX308', 'VMX309']) assert.ok(rules.get(code)!.properties.tags.includes('security'), code);
  // GitHub's anchors of docs/checks.md headings: the em dash, backticks, dots, < and = dropped.
  assert.match(rules.get('VMX207')!.helpUri, /\/docs\/checks\.md#vmx207--privileged-container$/);
  assert.match(rules.get('VMX206')!.helpUri, /#vmx206--process-with-ring--3-inside-a-container$/);
  assert.match(rules.get('VMX306')!.helpUri, /#vmx306--cpumax-above-what-the-parent-can-ever-give$/);
  assert.match(rules.get('VMX214')!.helpUri, /#vmx214--runtime--kata-where-hardware-virtualization-is-not-available$/);
  assert.ok(!rules.get('VMX301')!.properties.tags.includes('security'));
  assert.ok(rules.get('VMX301')!.properties.tags.includes('capacity'));
  assert.deepEqual(rules.get('VMX207')!.properties.tags, ['isolation', 'security', 'external/cis-docker/5.4', 'external/pss/baseline/privileged-containers', 'external/kube-linter/privileged-container']);
  assert.ok(rules.get('VMX208')!.properties.tags.includes('external/pss/baseline/host-namespaces'));
  assert.ok(rules.get('VMX209')!.properties.tags.includes('external/pss/restricted/running-as-non-root'));
  assert.ok(rules.get('VMX215')!.properties.tags.includes('external/trivy/ksv005'));
  assert.ok(rules.get('VMX309')!.properties.tags.includes('external/cis-docker/5.29'));
  // By default: error 8.0 (VMX210), warning 5.5 (VMX207 is reported), information 2.0 (VMX216 is reported).
  assert.equal(rules.get('VMX210')!.properties['security-severity'], '8.0');
  assert.equal(rules.get('VMX207')!.properties['security-severity'], '5.5');
  assert.equal(rules.get('VMX216')!.properties['security-severity'], '2.0');
  // A severity setting (or a profile) changes the rule's score with its results.
  const raised = new Map(sarif(['--no-simulate', '--severity', 'VMX207=error', '--severity', 'VMX216=hint', file], dir).runs[0].tool.driver.rules.map((r) => [r.id, r]));
  assert.equal(raised.get('VMX207')!.properties['security-severity'], SECURITY_SEVERITY.error);
  assert.equal(raised.get('VMX216')!.properties['security-severity'], SECURITY_SEVERITY.hint);
  assert.deepEqual(SECURITY_SEVERITY, { error: '8.0', warning: '5.5', information: '2.0', hint: '1.0' });
});

test('results are relative to %SRCROOT%: the git work tree above the working directory, else the working directory', () => {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'infra', 'hosts'), { recursive: true });
  writeFileSync(join(repo, 'infra', 'hosts', 'web 1.vmx'), SECURITY);
  const inRepo = sarif(['--no-simulate', 'hosts'], join(repo, 'infra')).runs[0];
  assert.equal(inRepo.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(repo).href}/`);
  const loc = inRepo.results[0].locations[0].physicalLocation.artifactLocation;
  assert.deepEqual(loc, { uri: 'infra/hosts/web%201.vmx', uriBaseId: '%SRCROOT%' });
  assert.equal(new URL(loc.uri, inRepo.originalUriBaseIds['%SRCROOT%'].uri).href, pathToFileURL(join(repo, 'infra', 'hosts', 'web 1.vmx')).href);
  assert.ok(inRepo.results.some((r) => r.relatedLocations.some((l) => l.physicalLocation.artifactLocation.uri === 'infra/hosts/web%201.vmx')), 'related locations too');

  const plain = join(dir, 'plain');
  mkdirSync(join(plain, 'sub'), { recursive: true });
  writeFileSync(join(plain, 'sub', 'a.vmx'), SECURITY);
  const outside = sarif(['--no-simulate', join(plain, 'sub', 'a.vmx'), join(repo, 'infra', 'hosts', 'web 1.vmx')], plain).runs[0];
  assert.equal(outside.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(plain).href}/`);
  const uris = new Set(outside.results.map((r) => JSON.stringify(r.locations[0].physicalLocation.artifactLocation)));
  assert.ok(uris.has(JSON.stringify({ uri: 'sub/a.vmx', uriBaseId: '%SRCROOT%' })));
  assert.ok(uris.has(JSON.stringify({ uri: pathToFileURL(join(repo, 'infra', 'hosts', 'web 1.vmx')).href })), 'a file outside %SRCROOT% keeps an absolute URI');
});

test('helpUri base: package.json repository in its usual spellings, else the project home', () => {
  assert.equal(githubAnchor('VMX101 — unknown block kind'), 'vmx101--unknown-block-kind');
  assert.equal(githubAnchor('VMX204 — Hyper-V host without exactly one parent partition'), 'vmx204--hyper-v-host-without-exactly-one-parent-partition');
  assert.equal(checksAnchor('VMX999', {}), 'vmx999', 'a code without a heading: its own name');
  assert.equal(checksAnchor('VMX207', { VMX207: 'VMX207 — privileged container' }), 'vmx207--privileged-container');
  assert.equal(repositoryUrl('https://github.com/o/r'), 'https://github.com/o/r');
  assert.equal(repositoryUrl('github:o/r'), 'https://github.com/o/r');
  assert.equal(repositoryUrl('o/r'), 'https://github.com/o/r');
  assert.equal(repositoryUrl({ type: 'git', url: 'git+https://github.com/o/r.git' }), 'https://github.com/o/r');
  assert.equal(repositoryUrl('git@github.com:o/r.git'), 'https://github.com/o/r');
  assert.equal(repositoryUrl(''), undefined);
  assert.equal(repositoryUrl({}), undefined);
  assert.equal(checksDocUrl('https://github.com/o/r/'), 'https://github.com/o/r/blob/main/docs/checks.md');
  assert.equal(checksDocUrl(''), `${PROJECT_URL}/blob/main/docs/checks.md`);
});
