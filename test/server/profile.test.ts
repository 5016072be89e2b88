/**
 * The server honours `vmx.profile` (core/src/profiles.ts) as the CLI honours
 * --profile: over stdio, through the bundled server, the diagnostics of one
 * file under each profile have the severities `vmx check --profile` gives
 * (each code raised to the profile's table, never lowered), `vmx.severities`
 * wins over the profile, and an unknown profile name is the default profile.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'node:test';
import { codeInfo } from '../../core/src/diagnostics/codes';
import { Severity } from '../../core/src/diagnostics/types';
import { PROFILE_SEVERITIES, PROFILES } from '../../core/src/profiles';
import { readSettings } from '../../server/src/settings';
import { runCli } from '../helpers';
import { ROOT, TestServer } from './client';

const TEXT = `topology t {
  host h {
    memory = 16GiB
    cpu { cores = 4 }
    container web {
      cgroup { memory.max = 1GiB pids.max = 100 }
      mount data { source = "/srv/data" target = "/data" }
    }
    container envoy {
      user = 1000
      namespaces { net = container("web") }
      cgroup { memory.max = 1GiB pids.max = 100 }
    }
  }
}
`;
const URI = pathToFileURL(join(ROOT, 'test', 'fixtures', 'server', 'profile.vmx')).href;
const LSP: Record<Severity, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** What `vmx check --profile` reports for TEXT: code@line:character → severity. */
function cliSeverities(args: string[]): Map<string, Severity> {
  const r = runCli(['check', '--format', 'json', '--no-simulate', ...args, '-'], { input: TEXT });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const ds = JSON.parse(r.stdout).files.flatMap((f: { diagnostics: { code: string; severity: Severity; range: { start: { line: number; character: number } } }[] }) => f.diagnostics);
  return new Map(ds.map((d: { code: string; severity: Severity; range: { start: { line: number; character: number } } }) => [`${d.code}@${d.range.start.line}:${d.range.start.character}`, d.severity]));
}

async function serverSeverities(settings: Record<string, unknown>): Promise<Map<string, number>> {
  const server = new TestServer({ simulateOnType: false, ...settings });
  try {
    await server.initialize();
    const published = await server.open(URI, TEXT);
    return new Map(published.diagnostics.map((d) => [`${d.code}@${d.range.start.line}:${d.range.start.character}`, d.severity ?? 0]));
  } finally {
    await server.stop();
  }
}

test('readSettings takes vmx.profile into the check config; an unknown name is the default profile', () => {
  for (const profile of PROFILES) assert.equal(readSettings({ vmx: { profile } }).config.profile, profile);
  assert.equal(readSettings({ profile: 'restricted' }).config.profile, 'restricted', 'the section itself, as a pull answers it');
  assert.equal(readSettings({ vmx: { profile: 'restrictd' } }).config.profile, undefined);
  assert.equal(readSettings({ vmx: { profile: 3 } }).config.profile, undefined);
});

test('the server under vmx.profile publishes the severities vmx check --profile reports, and vmx.severities wins', async () => {
  const base = cliSeverities([]);
  assert.ok(base.size >= 2, 'the file has findings');
  for (const profile of PROFILES) {
    const cli = cliSeverities(['--profile', profile]);
    const server = await serverSeverities({ profile });
    assert.deepEqual([...server.keys()].sort(), [...cli.keys()].sort(), `${profile}: the same findings`);
    for (const [k, sev] of cli) {
      assert.equal(server.get(k), LSP[sev], `${profile}: ${k}`);
      const code = k.split('@')[0];
      const raised = PROFILE_SEVERITIES[profile][code];
      if (raised && codeInfo(code)) assert.ok(LSP[sev] <= LSP[raised], `${profile} raises ${k}`);
      assert.ok(LSP[sev] <= LSP[base.get(k)!], `${profile} never lowers ${k}`);
    }
    // DESIGN §4's table, as the editor shows it.
    const expected: Record<string, Record<string, Severity>> = {
      default: { VMX220: 'information', VMX222: 'information', VMX224: 'hint' },
      baseline: { VMX220: 'warning', VMX222: 'information', VMX224: 'hint' },
      restricted: { VMX220: 'warning', VMX222: 'warning', VMX223: 'warning', VMX224: 'information' },
    };
    for (const [code, sev] of Object.entries(expected[profile])) {
      const published = [...server].filter(([k]) => k.startsWith(`${code}@`));
      assert.ok(published.length > 0, `${profile}: ${code} is published`);
      for (const [k, s] of published) assert.equal(s, LSP[sev], `${profile}: ${k}`);
    }
  }
  const codes = ['VMX216', ...Object.keys(PROFILE_SEVERITIES.restricted).filter((c) => codeInfo(c))];
  const explicit = await serverSeverities({ profile: 'restricted', severities: Object.fromEntries(codes.map((c) => [c, 'hint'])) });
  const shown = [...explicit].filter(([k]) => codes.includes(k.split('@')[0]));
  assert.ok(shown.length > 0);
  for (const [k, sev] of shown) assert.equal(sev, LSP.hint, k);
});

test('changing vmx.profile while a file is open re-publishes its diagnostics with the new severities', async () => {
  const server = new TestServer({ simulateOnType: false });
  try {
    await server.initialize();
    const before = await server.open(URI, TEXT);
    const vmx222 = (p: typeof before) => p.diagnostics.filter((d) => d.code === 'VMX222').map((d) => d.severity);
    assert.ok(vmx222(before).length > 0 && vmx222(before).every((s) => s === LSP.information));
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { vmx: { simulateOnType: false, profile: 'restricted' } } });
    // A publication of the opened text may still be on its way: wait, within a bound, for the one the new profile causes.
    const raised = (p: typeof before) => vmx222(p).length > 0 && vmx222(p).every((s) => s === LSP.warning);
    let after = server.latest.get(URI) ?? before;
    const deadline = Date.now() + 15_000;
    while (!raised(after) && Date.now() < deadline) {
      after = await Promise.race([server.diagnostics(URI), new Promise<typeof before>((r) => setTimeout(() => r(server.latest.get(URI) ?? before), 500))]);
    }
    assert.ok(raised(after), JSON.stringify(vmx222(after)));
  } finally {
    await server.stop();
  }
});

test('one policy (core/src/policy.ts): a # vmx-ignore-file comment and a per-code severity give the same diagnostics from vmx check and the server', async () => {
  // TEXT has VMX222 (the test above); the comment silences every one of them, the setting makes VMX220 an error.
  const ignored = `# vmx-ignore-file VMX222\n${TEXT}`;
  const r = runCli(['check', '--format', 'json', '--no-simulate', '--severity', 'VMX220=error', '-'], { input: ignored });
  assert.equal(r.status, 1, r.stderr);
  type D = { code: string; severity: Severity; range: { start: { line: number; character: number } } };
  const cli = new Map<string, Severity>(JSON.parse(r.stdout).files.flatMap((f: { diagnostics: D[] }) => f.diagnostics).map((d: D) => [`${d.code}@${d.range.start.line}:${d.range.start.character}`, d.severity]));
  const server = new TestServer({ simulateOnType: false, severities: { VMX220: 'error' } });
  try {
    await server.initialize();
    const published = await server.open(URI, ignored);
    const shown = new Map(published.diagnostics.map((d) => [`${d.code}@${d.range.start.line}:${d.range.start.character}`, d.severity ?? 0]));
    assert.deepEqual([...shown.keys()].sort(), [...cli.keys()].sort());
    for (const [k, sev] of cli) assert.equal(shown.get(k), LSP[sev], k);
    assert.ok(![...cli.keys()].some((k) => k.startsWith('VMX222@')), 'VMX222 is silenced');
    const vmx220 = [...cli].filter(([k]) => k.startsWith('VMX220@'));
    assert.ok(vmx220.length > 0 && vmx220.every(([, s]) => s === 'error'), JSON.stringify(vmx220));
  } finally {
    await server.stop();
  }
});
