// Installs what the real-editor tests need and reports what is missing:
// Debian packages (Chromium, ripgrep, a C toolchain for code-server's native
// modules) and code-server itself, into .cache/e2e/code-server.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APT_PACKAGES, CACHE, CHROMIUM, CODE_SERVER_BIN, CODE_SERVER_DIR, CODE_SERVER_VERSION,
  RIPGREP_ASSET, RIPGREP_PKG_VERSION, TOOLS_DIR, isolatedEnv,
} from './config.mjs';

const log = (m) => console.log(`[e2e] ${m}`);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

function missingAptPackages() {
  return APT_PACKAGES.filter((p) => run('dpkg-query', ['-W', '-f=${Status}', p]).stdout?.includes('install ok installed') !== true);
}

function installApt(missing) {
  if (process.getuid?.() !== 0) return `not root: cannot apt-get install ${missing.join(' ')}`;
  if (run('which', ['apt-get']).status !== 0) return 'apt-get not available';
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const upd = run('apt-get', ['update', '-qq'], { env });
  if (upd.status !== 0) return `apt-get update failed: ${(upd.stderr || '').trim().split('\n').pop()}`;
  const inst = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  if (inst.status !== 0) return `apt-get install failed: ${(inst.stderr || '').trim().split('\n').pop()}`;
  return null;
}

function installCodeServer() {
  mkdirSync(join(CACHE, 'tmp'), { recursive: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // @vscode/ripgrep's postinstall would download rg from GitHub: seed its cache with Debian's rg.
  const rgCache = join(CACHE, 'tmp', `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  mkdirSync(rgCache, { recursive: true });
  const tar = run('tar', ['czf', join(rgCache, RIPGREP_ASSET), '-C', '/usr/bin', 'rg']);
  if (tar.status !== 0) return `could not seed the ripgrep cache: ${tar.stderr}`;
  // The pinned tree: package.json (which also approves code-server's install script, which
  // builds its native modules, for npm 11) and the lock file with every package's integrity.
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(TOOLS_DIR, f), join(CODE_SERVER_DIR, f));
  log(`npm ci code-server@${CODE_SERVER_VERSION} (pinned by scripts/e2e/tools/package-lock.json) into ${CODE_SERVER_DIR} (about a minute)`);
  const r = run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: CODE_SERVER_DIR,
    env: isolatedEnv(),
  });
  writeFileSync(join(CACHE, 'npm-install.log'), `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0 || !existsSync(CODE_SERVER_BIN)) {
    return `npm install code-server failed (see ${join(CACHE, 'npm-install.log')}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`;
  }
  const v = run(CODE_SERVER_BIN, ['--version'], { env: isolatedEnv() });
  if (v.status !== 0) return `code-server does not start: ${(v.stderr || v.stdout).trim().split('\n').pop()}`;
  return null;
}

/** True when CODE_SERVER_DIR holds exactly the tree the lock file pins (else it is installed again). */
function installedAsPinned() {
  const lock = join(CODE_SERVER_DIR, 'package-lock.json');
  return existsSync(CODE_SERVER_BIN) && existsSync(lock) && readFileSync(lock, 'utf8') === readFileSync(join(TOOLS_DIR, 'package-lock.json'), 'utf8');
}

/**
 * @param {{ browser?: boolean }} [options] browser: false skips Chromium (npm start needs only code-server)
 * @returns {{ ok: boolean, problems: string[] }}
 */
export function ensurePrerequisites({ browser = true } = {}) {
  const problems = [];
  if (process.platform !== 'linux') return { ok: false, problems: [`the harness needs Linux (Debian packages); this is ${process.platform}`] };
  const missing = missingAptPackages().filter((p) => browser || (p !== 'chromium' && p !== 'fonts-dejavu-core'));
  if (missing.length > 0) {
    const err = installApt(missing);
    if (err) problems.push(err);
  }
  if (browser && !existsSync(CHROMIUM)) problems.push(`${CHROMIUM} not found (Debian package chromium)`);
  if (!installedAsPinned() || run(CODE_SERVER_BIN, ['--version'], { env: isolatedEnv() }).status !== 0) {
    if (run('which', ['rg']).status !== 0) problems.push('ripgrep (rg) is missing: code-server cannot be installed offline without it');
    else {
      const err = installCodeServer();
      if (err) problems.push(err);
    }
  }
  return { ok: problems.length === 0, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = ensurePrerequisites();
  for (const p of r.problems) console.log(`[e2e] missing: ${p}`);
  process.exit(r.ok ? 0 : 1);
}
