/**
 * Profiles (DESIGN §4 **Profiles**, core/src/profiles.ts) through the built
 * CLI: the same file under `default`, `baseline` and `restricted` gives the
 * documented severities (each diagnostic at its default severity raised to
 * the table's, never lowered); an explicit severity (flag or vmx.config.json)
 * wins over the profile; --profile overrides the file's "profile"; an unknown
 * profile is a usage error with a did-you-mean, on check, simulate and diff
 * and in vmx.config.json.
 *
 * The table is keyed by code strings; a test ties it to CODES and to the
 * codes' default severities.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { codeInfo } from '../../core/src/diagnostics/codes';
import { Severity } from '../../core/src/diagnostics/types';
import { configuredSeverity, PROFILE_SEVERITIES, PROFILES, profileSeverity } from '../../core/src/profiles';
import { runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'vmx-profiles-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Security findings of today's checks (VMX209 warning, VMX216 information) and
// what the table's codes look for: a host-path bind mount (VMX220), NET_RAW
// kept from the default set (VMX222), defaults that allow privilege
// escalation and a writable root filesystem (VMX223, VMX224).
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
const FILE = join(dir, 'plain', 'web.vmx');
mkdirSync(join(dir, 'plain'));
writeFileSync(FILE, TEXT);

interface Finding {
  code: string;
  severity: Severity;
  range: { start: { line: number; character: number } };
}

function check(args: string[], file = FILE): Finding[] {
  const r = runCli(['check', '--format', 'json', '--no-simulate', ...args, file]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout).files.flatMap((f: { diagnostics: Finding[] }) => f.diagnostics);
}

const key = (d: Finding) => `${d.code}@${d.range.start.line}:${d.range.start.character}`;
const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** The table's codes that exist in CODES today. */
const present = (profile: keyof typeof PROFILE_SEVERITIES) => Object.keys(PROFILE_SEVERITIES[profile]).filter((c) => codeInfo(c));

test('the table is DESIGN §4\'s: restricted includes baseline, and every present code is raised above its default', () => {
  assert.deepEqual(PROFILES, ['default', 'baseline', 'restricted']);
  assert.deepEqual(PROFILE_SEVERITIES.default, {});
  assert.deepEqual(PROFILE_SEVERITIES.baseline, { VMX220: 'warning' });
  assert.deepEqual(PROFILE_SEVERITIES.restricted, { VMX220: 'warning', VMX222: 'warning', VMX223: 'warning', VMX224: 'information' });
  for (const [code, sev] of Object.entries(PROFILE_SEVERITIES.baseline)) assert.equal(PROFILE_SEVERITIES.restricted[code], sev, `${code}: restricted is at least baseline`);
  for (const profile of PROFILES) {
    for (const code of present(profile)) {
      const info = codeInfo(code)!;
      assert.ok(RANK[PROFILE_SEVERITIES[profile][code]] > RANK[info.severity], `${profile} raises ${code} above its default ${info.severity}`);
    }
  }
  // §4's defaults of the codes the table raises: information, information, information, hint.
  const defaults: Record<string, Severity> = { VMX220: 'information', VMX222: 'information', VMX223: 'information', VMX224: 'hint' };
  for (const code of present('restricted')) assert.equal(codeInfo(code)!.severity, defaults[code], code);
});

test('a profile only raises: a more severe report keeps its severity, and an explicit setting wins, off included', () => {
  assert.equal(profileSeverity('restricted', 'VMX224', 'hint'), 'information');
  assert.equal(profileSeverity('restricted', 'VMX224', 'warning'), 'warning');
  assert.equal(profileSeverity('baseline', 'VMX220', 'error'), 'error');
  assert.equal(profileSeverity('baseline', 'VMX222', 'information'), 'information', 'VMX222 is raised by restricted only');
  assert.equal(profileSeverity('default', 'VMX220', 'information'), 'information');
  assert.equal(profileSeverity(undefined, 'VMX220', 'information'), 'information');
  assert.equal(profileSeverity('restricted', 'VMX209', 'warning'), 'warning', 'codes outside the table are untouched');
  assert.equal(configuredSeverity({ severities: { VMX220: 'hint' }, profile: 'restricted' }, 'VMX220', 'information'), 'hint');
  assert.equal(configuredSeverity({ severities: { VMX223: 'off' }, profile: 'restricted' }, 'VMX223', 'information'), 'off');
  assert.equal(configuredSeverity({ severities: {}, profile: 'restricted' }, 'VMX223', 'information'), 'warning');
});

test('the same file under each profile: every finding at its default severity raised to the table\'s, never lowered', () => {
  const base = check([]);
  assert.ok(base.some((d) => d.code === 'VMX209' && d.severity === 'warning'), 'the file has a warning of today');
  assert.ok(base.some((d) => d.code === 'VMX216' && d.severity === 'information'), 'the file has an information of today');
  for (const profile of PROFILES) {
    const got = check(['--profile', profile]);
    assert.deepEqual(got.map(key), base.map(key), `${profile}: the same findings`);
    got.forEach((d, i) => {
      const reported = base[i].severity;
      const raised = PROFILE_SEVERITIES[profile][d.code];
      const expected = raised && RANK[raised] > RANK[reported] ? raised : reported;
      assert.equal(d.severity, expected, `${profile}: ${key(d)}`);
      assert.ok(RANK[d.severity] >= RANK[reported], `${profile} never lowers ${key(d)}`);
    });
    // Once a code of the table exists and this file triggers it, it shows the raised severity.
    for (const code of present(profile)) for (const d of got.filter((x) => x.code === code)) assert.equal(d.severity, PROFILE_SEVERITIES[profile][code]);
  }
});

test('the documented severities of VMX220, VMX222, VMX223 and VMX224 under each profile (DESIGN §4)', () => {
  const expected: Record<string, Record<string, Severity>> = {
    default: { VMX220: 'information', VMX222: 'information', VMX223: 'information', VMX224: 'hint' },
    baseline: { VMX220: 'warning', VMX222: 'information', VMX223: 'information', VMX224: 'hint' },
    restricted: { VMX220: 'warning', VMX222: 'warning', VMX223: 'warning', VMX224: 'information' },
  };
  for (const profile of PROFILES) {
    const got = check(['--profile', profile]);
    for (const [code, severity] of Object.entries(expected[profile])) {
      const ds = got.filter((d) => d.code === code);
      assert.ok(ds.length > 0, `${profile}: the file reports ${code}`);
      for (const d of ds) assert.equal(d.severity, severity, `${profile}: ${key(d)}`);
    }
  }
  // The text output and --fail-on see the raised severities too.
  assert.equal(runCli(['check', '--no-simulate', '--fail-on', 'warning', '--severity', 'VMX209=hint', FILE]).status, 0, 'nothing at warning by default');
  const strict = runCli(['check', '--no-simulate', '--fail-on', 'warning', '--severity', 'VMX209=hint', '--profile', 'baseline', FILE]);
  assert.equal(strict.status, 1, 'VMX220 is a warning under baseline');
  assert.match(strict.stdout, /: warning VMX220: /);
});

test('an explicit --severity wins over --profile, and a config file\'s severities win over its profile', () => {
  const codes = ['VMX216', ...present('restricted')];
  const flags = codes.flatMap((c) => ['--severity', `${c}=hint`]);
  for (const d of check(['--profile', 'restricted', ...flags]).filter((x) => codes.includes(x.code))) assert.equal(d.severity, 'hint', key(d));
  assert.ok(check(['--profile', 'restricted', '--severity', 'VMX216=off']).every((d) => d.code !== 'VMX216'), 'off wins too');

  const withConfig = join(dir, 'configured');
  mkdirSync(withConfig);
  writeFileSync(join(withConfig, 'vmx.config.json'), JSON.stringify({ profile: 'restricted', severities: Object.fromEntries(codes.map((c) => [c, 'error'])) }));
  const file = join(withConfig, 'web.vmx');
  writeFileSync(file, TEXT);
  const r = runCli(['check', '--format', 'json', '--no-simulate', file]);
  assert.equal(r.status, 1, 'the errors fail the run');
  const ds: Finding[] = JSON.parse(r.stdout).files.flatMap((f: { diagnostics: Finding[] }) => f.diagnostics);
  for (const d of ds.filter((x) => codes.includes(x.code))) assert.equal(d.severity, 'error', key(d));
  assert.ok(ds.some((d) => d.code === 'VMX216'));
  // The flag's profile replaces the file's; the file's explicit severities still win.
  for (const d of check(['--profile', 'default'], file).filter((x) => codes.includes(x.code))) assert.equal(d.severity, 'error', key(d));
  for (const d of check(['--profile', 'default', '--severity', 'VMX216=hint'], file).filter((x) => x.code === 'VMX216')) assert.equal(d.severity, 'hint');
});

test('"profile" in vmx.config.json: each name is accepted, a misspelt one refused (exit 2) with a did-you-mean', () => {
  const cfgDir = join(dir, 'cfg');
  mkdirSync(cfgDir);
  const file = join(cfgDir, 'web.vmx');
  writeFileSync(file, TEXT);
  for (const profile of PROFILES) {
    writeFileSync(join(cfgDir, 'vmx.config.json'), JSON.stringify({ profile }));
    const got = check([], file);
    for (const d of got) {
      const raised = PROFILE_SEVERITIES[profile][d.code];
      if (raised) assert.ok(RANK[d.severity] >= RANK[raised], `${profile} from the file raises ${key(d)}`);
    }
    assert.ok(got.length > 0);
  }
  for (const [value, pattern] of [
    ['restrictd', /"profile" must be one of default, baseline, restricted, not "restrictd" \(did you mean "restricted"\?\)/],
    ['Baseline', /"profile" must be one of default, baseline, restricted, not "Baseline" \(did you mean "baseline"\?\)/],
    [3, /"profile" must be one of default, baseline, restricted, not 3$/],
  ] as const) {
    writeFileSync(join(cfgDir, 'vmx.config.json'), JSON.stringify({ profile: value }));
    const r = runCli(['check', file]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr.trim(), pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
  writeFileSync(join(cfgDir, 'vmx.config.json'), JSON.stringify({ profiles: 'restricted' }));
  assert.match(runCli(['check', file]).stderr, /unknown key "profiles" \(did you mean "profile"\?\)/);
});

test('--profile on check, simulate and diff: an unknown name is exit 2 with a did-you-mean; a known one runs', () => {
  for (const args of [['check', '--profile', 'restrictd', FILE], ['simulate', '--profile', 'restrictd', FILE], ['diff', '--profile', 'restrictd', FILE, FILE]]) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.equal(r.stderr, "vmx: invalid --profile 'restrictd': expected default, baseline, restricted (did you mean \"restricted\"?)\n");
  }
  assert.equal(runCli(['check', '--profile', 'pss', FILE]).stderr, "vmx: invalid --profile 'pss': expected default, baseline, restricted\n");
  assert.match(runCli(['check', '--profile', FILE]).stderr, /^vmx: (option '--profile' needs a value|check needs at least one FILE)/);
  const sim = runCli(['simulate', '--profile', 'restricted', '--duration', '2s', '--format', 'json', FILE]);
  assert.equal(sim.status, 0, sim.stderr);
  assert.ok(JSON.parse(sim.stdout).entities.length > 0);
  const diff = runCli(['diff', '--profile', 'restricted', '--duration', '2s', FILE, FILE]);
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /no change/);
});

test('each command\'s help names --profile and its three levels', () => {
  for (const command of ['check', 'simulate', 'diff']) {
    const r = runCli([command, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--profile NAME\s+default, baseline or restricted/, command);
  }
});
