// Runs code-server (a real VS Code 1.100.3 with a Node extension host) on
// 127.0.0.1 only, behind a password made for this run (any local user can
// reach 127.0.0.1, and code-server gives a terminal), with a throwaway
// profile, offline settings and our .vsix installed. It runs in its own process group: it forks an extension host,
// which forks the language server, and stop() ends them all.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CACHE, CODE_SERVER_BIN, HOST, ROOT, isolatedEnv } from './config.mjs';

export const RUN_DIR = join(CACHE, 'run');

const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Screenshots must not catch widgets mid-animation (a hover fading in over the text).
  'workbench.reduceMotion': 'on',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A fresh profile and workspace: the fixtures and the project's samples. */
export function prepareProfile() {
  rmSync(RUN_DIR, { recursive: true, force: true });
  const dirs = { userData: join(RUN_DIR, 'user-data'), extensions: join(RUN_DIR, 'extensions'), workspace: join(RUN_DIR, 'workspace') };
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  cpSync(join(ROOT, 'test', 'extension-host', 'workspace'), dirs.workspace, { recursive: true });
  if (existsSync(join(ROOT, 'samples'))) cpSync(join(ROOT, 'samples'), join(dirs.workspace, 'samples'), { recursive: true });
  return dirs;
}

function baseArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

export function installVsix(dirs, vsix) {
  const r = spawnSync(CODE_SERVER_BIN, [...baseArgs(dirs), '--install-extension', vsix, '--force'], { env: isolatedEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed: ${r.stderr || r.stdout}`);
  const list = spawnSync(CODE_SERVER_BIN, [...baseArgs(dirs), '--list-extensions', '--show-versions'], { env: isolatedEnv(), encoding: 'utf8' });
  return list.stdout.trim();
}

/** A password for one code-server run: 144 random bits, URL- and shell-safe. */
export function newPassword() {
  return randomBytes(18).toString('base64url');
}

/**
 * Starts code-server; resolves with { url, password, stop } once /healthz
 * answers. The password goes in through $PASSWORD (code-server refuses it
 * on the command line, where `ps` would show it to every user).
 */
export async function startCodeServer(dirs, { port } = {}) {
  port ??= await freePort();
  const password = newPassword();
  const log = openSync(join(RUN_DIR, 'code-server.log'), 'w');
  const child = spawn(
    CODE_SERVER_BIN,
    // Workspace trust stays off here: the workspace is the test fixtures and samples this
    // repository ships, and a trust prompt would sit in front of every UI step.
    [...baseArgs(dirs), '--bind-addr', `${HOST}:${port}`, '--auth', 'password', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { env: isolatedEnv({ PASSWORD: password }), detached: true, stdio: ['ignore', log, log] },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM'); // the whole group we started: code-server, extension hosts, language servers
    } catch {
      /* already gone */
    }
  };
  const url = `http://${HOST}:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${join(RUN_DIR, 'code-server.log')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return { url, port, password, stop, pid: child.pid };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error('code-server did not answer /healthz within 60 s');
}
