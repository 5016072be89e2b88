// npm start: build, then open samples/ with the extension — in the local VS
// Code (`code --extensionDevelopmentPath`) when there is one, otherwise in
// code-server on 127.0.0.1 with the packaged extension installed, printing
// the URL to open and a password made for this run (127.0.0.1 is reachable
// by every local user and process, and code-server gives a terminal: it is
// never served without one). Workspace trust stays on. Ctrl+C stops it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, CODE_SERVER_BIN, HOST, ROOT, isolatedEnv } from './e2e/config.mjs';
import { newPassword } from './e2e/code-server.mjs';
import { ensurePrerequisites } from './e2e/prerequisites.mjs';

const samples = join(ROOT, 'samples');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });

if (run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]).status !== 0) process.exit(1);

const hasCode = process.env.VMX_START_CODE_SERVER !== '1' && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log('Opening samples/ in VS Code with the extension from this folder…');
  const r = run('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, samples]);
  process.exit(r.status ?? 0);
}

console.log('No `code` on PATH: serving VS Code (code-server) on 127.0.0.1 instead.');
const pre = ensurePrerequisites({ browser: false });
if (!pre.ok) {
  for (const p of pre.problems) console.error(`cannot start code-server: ${p}`);
  process.exit(1);
}
const vsix = join(CACHE, 'vmx-host-topology.vsix');
if (run(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', vsix]).status !== 0) process.exit(1);

// A profile that survives restarts (settings, open editors), under the git-ignored cache.
const profile = join(CACHE, 'start');
const args = ['--user-data-dir', join(profile, 'user-data'), '--extensions-dir', join(profile, 'extensions')];
mkdirSync(join(profile, 'user-data', 'User'), { recursive: true });
writeFileSync(
  join(profile, 'user-data', 'User', 'settings.json'),
  // Workspace trust keeps its default (on): a folder opened later is restricted until trusted.
  JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'workbench.startupEditor': 'none' }, null, 2),
);
const install = spawnSync(CODE_SERVER_BIN, [...args, '--install-extension', vsix, '--force'], { env: isolatedEnv(), encoding: 'utf8' });
if (install.status !== 0) {
  console.error(install.stderr || install.stdout);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8080);
const log = join(profile, 'code-server.log');
// In $PASSWORD, never on the command line (where `ps` shows it to everyone); VMX_START_PASSWORD keeps one across restarts.
const password = process.env.VMX_START_PASSWORD || newPassword();
const child = spawn(CODE_SERVER_BIN, [...args, '--bind-addr', `${HOST}:${port}`, '--auth', 'password', '--disable-telemetry', '--disable-update-check'], {
  env: isolatedEnv({ PASSWORD: password }),
  detached: true,
  stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
});
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
};
process.on('SIGINT', () => (stop(), process.exit(0)));
process.on('SIGTERM', () => (stop(), process.exit(0)));
child.on('exit', (code) => {
  console.error(`code-server exited (${code}); see ${log}`);
  process.exit(code ?? 1);
});
const url = `http://${HOST}:${port}/?folder=${encodeURIComponent(samples)}`;
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`http://${HOST}:${port}/healthz`)).ok) break;
  } catch {
    /* starting */
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`\nVMX Host Topology is running in VS Code (code-server). Open:\n\n    ${url}\n    password: ${password}\n\nLogs: ${log}. Ctrl+C to stop.`);
