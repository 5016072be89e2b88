// The Neovim test: a real, headless Neovim (Debian's `neovim` package, installed
// with apt-get when missing and running as root) with the configuration of
// editors/neovim/vmx.lua drives the bundled server (dist/server.js) through
// test/neovim/spec.lua on temp copies of test/neovim/*.vmx. Prints one line per
// check and `neovim: N passed, M failed`; exits non-zero on a failure. Under
// CI=true a missing prerequisite fails the run; elsewhere it is SKIPPED, with
// the reason.
// Usage: node scripts/neovim/run.mjs (after node scripts/build.mjs); VMX_NVIM=/path/to/nvim for
// another Neovim, VMX_LSP_LOG=debug for Neovim's lsp.log (kept with the copies when a check fails).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const APT_PACKAGE = 'neovim';
/** VMX_NVIM: another Neovim binary to test with (a newer build of your own, say); default `nvim` on PATH. */
const NVIM = process.env.VMX_NVIM || 'nvim';
/** The whole spec: generous, the machine may be shared and loaded. */
const RUN_TIMEOUT_MS = 300_000;
const log = (m) => console.log(`[neovim] ${m}`);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

function nvimVersion() {
  const r = run(NVIM, ['--version']);
  if (r.error || r.status !== 0) return undefined;
  return /NVIM v(\S+)/.exec(r.stdout)?.[1];
}

/** Installs Debian's neovim as scripts/e2e/prerequisites.mjs installs Chromium; the problem, or null. */
function installNeovim() {
  if (process.platform !== 'linux') return `the Neovim test installs Debian's ${APT_PACKAGE}; this is ${process.platform} (install Neovim ≥ 0.7.2 yourself)`;
  if (process.getuid?.() !== 0) return `${NVIM} not found, and not root: cannot apt-get install ${APT_PACKAGE}`;
  if (run('which', ['apt-get']).status !== 0) return `${NVIM} not found, and apt-get not available`;
  log(`apt-get install ${APT_PACKAGE}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const upd = run('apt-get', ['update', '-qq'], { env });
  if (upd.status !== 0) return `apt-get update failed: ${(upd.stderr || '').trim().split('\n').pop()}`;
  const inst = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', APT_PACKAGE], { env });
  if (inst.status !== 0) return `apt-get install ${APT_PACKAGE} failed: ${(inst.stderr || '').trim().split('\n').pop()}`;
  return nvimVersion() ? null : `${APT_PACKAGE} installed, but ${NVIM} --version fails`;
}

function missing(reason) {
  log(`cannot run the Neovim test: ${reason}`);
  if (isCI) {
    log('CI=true: the Neovim test is mandatory');
    console.log('neovim: 0 passed, 1 failed');
    process.exit(1);
  }
  log('SKIPPED the Neovim test (headless Neovim driving dist/server.js) for the reason above.');
  console.log('neovim: 0 passed, 0 failed, 1 skipped');
  process.exit(0);
}

let version = nvimVersion();
if (!version) {
  const problem = installNeovim();
  if (problem) missing(problem);
  version = nvimVersion();
}
const server = join(ROOT, 'dist', 'server.js');
if (!existsSync(server)) missing(`${server} not found: run node scripts/build.mjs first`);
log(`Neovim ${version} (${run('which', [NVIM]).stdout.trim() || NVIM}), server ${server}, node ${process.execPath}`);

// A project of its own: the copies, and a .git folder that marks its root.
const work = realpathSync(mkdtempSync(join(tmpdir(), 'vmx-neovim-')));
mkdirSync(join(work, '.git'));
for (const f of ['fixture.vmx', 'messy.vmx']) copyFileSync(join(ROOT, 'test', 'neovim', f), join(work, f));
const resultFile = join(work, 'result.json');
// Nothing from the user's Neovim: no init file (-u NONE), no shada (-i NONE), no swap (-n), own XDG folders.
const env = {
  ...process.env,
  VMX_REPO: ROOT.replace(/\/$/, ''),
  VMX_NODE: process.execPath,
  VMX_WORK: work,
  VMX_RESULT: resultFile,
  XDG_CONFIG_HOME: join(work, 'xdg', 'config'),
  XDG_DATA_HOME: join(work, 'xdg', 'data'),
  XDG_STATE_HOME: join(work, 'xdg', 'state'),
  XDG_CACHE_HOME: join(work, 'xdg', 'cache'),
};
// The spec ends Neovim itself (qall! or cquit 1); if it dies of an error before, the next -c exits with 2.
const args = ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(ROOT, 'test', 'neovim', 'spec.lua')}`, '-c', 'cquit 2'];

const t0 = Date.now();
const outcome = await new Promise((resolve) => {
  const child = spawn(NVIM, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => {
    output += `\n[killed after ${RUN_TIMEOUT_MS / 1000} s]`;
    child.kill('SIGKILL');
  }, RUN_TIMEOUT_MS);
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal, output });
  });
});
log(`nvim exited ${outcome.signal ?? outcome.code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

let passed = 0;
let failed = 0;
let report;
try {
  report = JSON.parse(readFileSync(resultFile, 'utf8'));
} catch {
  report = undefined;
}
if (!report || !Array.isArray(report.checks) || report.checks.length === 0) {
  console.log(outcome.output.trim());
  log('FAIL the spec wrote no results');
  failed++;
} else {
  for (const c of report.checks) {
    if (c.result === 'ok') {
      passed++;
      log(`ok    ${c.name}`);
    } else {
      failed++;
      log(`FAIL  ${c.name}: ${c.result}`);
    }
  }
  // Neovim's exit status must agree with the results (cquit 1 on a failure).
  if ((failed > 0) !== (outcome.code !== 0)) {
    log(`FAIL  nvim exited ${outcome.signal ?? outcome.code} with ${failed} failed checks`);
    failed++;
  }
  if (failed > 0 && outcome.output.trim()) console.log(outcome.output.trim());
}
if (failed === 0) rmSync(work, { recursive: true, force: true });
else log(`the copies and result.json are kept in ${work}`);
log(`tested with Neovim ${report?.nvim ?? version}`);
console.log(`neovim: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
