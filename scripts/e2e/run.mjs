// The real-editor tests: installs what they need (Debian packages, code-server
// into .cache/), packages the .vsix, starts code-server on 127.0.0.1, runs the
// UI tests (Chromium) and the extension-host suite, and prints one summary
// line. Under CI=true a missing prerequisite fails the run; elsewhere it is
// reported as skipped, with the reason.
// Usage: node scripts/e2e/run.mjs [--ui-only|--host-only] [--grep RE]
// (--grep: only the extension-host tests whose full title matches RE)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHostTests } from './build-host-tests.mjs';
import { installVsix, prepareProfile, startCodeServer } from './code-server.mjs';
import { CACHE, RESULTS, ROOT, isCI } from './config.mjs';
import { runHostTests } from './host-tests.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';
import { runUiTests } from './ui-tests.mjs';

const README_SHOTS = ['problems', 'hover', 'results', 'topology'];
const only = process.argv.includes('--ui-only') ? 'ui' : process.argv.includes('--host-only') ? 'host' : 'all';
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
if (grepAt > 0) {
  try {
    new RegExp(grep ?? '(');
  } catch {
    console.log('e2e: --grep needs a regular expression');
    process.exit(2);
  }
}
const t0 = Date.now();
const log = (m) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${m}`);

const pre = ensurePrerequisites();
if (!pre.ok) {
  for (const p of pre.problems) console.log(`[e2e] cannot run the real-editor tests: ${p}`);
  if (isCI) {
    console.log('e2e: 0 passed, 1 failed (CI=true: the real-editor tests are mandatory)');
    process.exit(1);
  }
  console.log('[e2e] SKIPPED the real-editor tests (UI tests in Chromium and the extension-host suite in code-server) for the reasons above.');
  console.log('e2e: 0 passed, 0 failed, 2 skipped');
  process.exit(0);
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });
const vsix = join(CACHE, 'vmx-host-topology.vsix');
log('packaging the extension');
const pkg = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
if (pkg.status !== 0 || !existsSync(vsix)) {
  console.log(pkg.stdout, pkg.stderr);
  console.log('e2e: 0 passed, 1 failed (packaging)');
  process.exit(1);
}
log(pkg.stdout.trim().split('\n').pop());
const testsPath = await buildHostTests({ grep });

const dirs = prepareProfile();
let server;
try {
  log(`installed: ${installVsix(dirs, vsix)}`);
  server = await startCodeServer(dirs);
} catch (e) {
  console.log(`[e2e] ${e instanceof Error ? e.message : String(e)}`);
  console.log('e2e: 0 passed, 1 failed (code-server)');
  process.exit(1);
}
log(`code-server up at ${server.url}`);
let passed = 0;
let failed = 0;
// The editor gives a terminal: a request without the run's password must get the login page, not the workbench.
{
  const r = await fetch(`${server.url}/`, { redirect: 'manual' });
  const refused = r.status === 302 && /login/.test(r.headers.get('location') ?? '');
  log(`${refused ? 'ok  ' : 'FAIL'} code-server refuses a request without the password (HTTP ${r.status} → ${r.headers.get('location')})`);
  if (refused) passed++;
  else failed++;
}
const stopAll = () => server.stop();
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});
try {
  if (only !== 'host') {
    log('UI tests (Chromium)');
    const ui = await runUiTests({ url: server.url, password: server.password, workspace: dirs.workspace, resultsDir: RESULTS });
    passed += ui.filter((r) => r.ok).length;
    failed += ui.filter((r) => !r.ok).length;
    if (ui.every((r) => r.ok)) {
      mkdirSync(join(ROOT, 'media', 'screenshots'), { recursive: true });
      for (const s of README_SHOTS) copyFileSync(join(RESULTS, `${s}.png`), join(ROOT, 'media', 'screenshots', `${s}.png`));
      log(`screenshots in test-results/, README's refreshed in media/screenshots/`);
    }
  }
  if (only !== 'ui') {
    log('extension-host suite (mocha in code-server’s extension host)');
    const host = await runHostTests({ url: server.url, password: server.password, workspace: dirs.workspace, extensionPath: ROOT, testsPath });
    const count = (re) => Number(host.lines.map((l) => re.exec(l)?.[1]).find((x) => x !== undefined) ?? 0);
    const hp = count(/(\d+) passing/);
    const hf = count(/(\d+) failing/);
    passed += hp;
    failed += hf + (host.ok || hf > 0 ? 0 : 1); // a suite that never reported still fails
    log(`extension-host suite: exit ${host.code}`);
    // Figures of this real-editor run, for `npm run bench` (bench/extension.bench.ts).
    const activation = host.lines.map((l) => /^activation: ([\d.]+) ms/.exec(l)?.[1]).find((x) => x !== undefined);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'figures.json'), JSON.stringify({ at: new Date().toISOString(), activationMs: activation === undefined ? null : Number(activation), vsixBytes: statSync(vsix).size }, null, 2) + '\n');
  }
} catch (e) {
  // A harness failure (browser did not start, …) is a failed run, never a crash without a verdict.
  console.log(`[e2e] ${e instanceof Error ? e.stack : String(e)}`);
  failed++;
} finally {
  stopAll();
}
log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
