// Where the real-editor harness keeps things, and the versions it pins.
// Everything it installs goes under .cache/ (git-ignored), never into the
// project's node_modules: code-server is a test tool, not a dependency.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CACHE = join(ROOT, '.cache', 'e2e');
export const RESULTS = join(ROOT, 'test-results');

// What `npm ci` installs into CODE_SERVER_DIR: code-server and its whole tree, pinned by the lock file.
export const TOOLS_DIR = join(ROOT, 'scripts', 'e2e', 'tools');
// 4.100.3 = VS Code 1.100.3, the last code-server release whose install accepts Node 20; written once, in tools/package.json.
export const CODE_SERVER_VERSION = JSON.parse(readFileSync(join(TOOLS_DIR, 'package.json'), 'utf8')).dependencies['code-server'];
// The @vscode/ripgrep version code-server 4.100.3 pins, and the asset its postinstall fetches.
export const RIPGREP_PKG_VERSION = '1.15.11';
export const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const CODE_SERVER_DIR = join(CACHE, 'code-server');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';
export const APT_PACKAGES = ['build-essential', 'python3', 'libkrb5-dev', 'ripgrep', 'chromium', 'fonts-dejavu-core'];

export const HOST = '127.0.0.1';
export const isCI = process.env.CI === 'true' || process.env.CI === '1';

/** Environment for npm/code-server/chromium: nothing written to $HOME, no downloads but the registry. */
export function isolatedEnv(extra = {}) {
  return {
    ...process.env,
    TMPDIR: join(CACHE, 'tmp'),
    XDG_CONFIG_HOME: join(CACHE, 'xdg', 'config'),
    XDG_DATA_HOME: join(CACHE, 'xdg', 'data'),
    XDG_CACHE_HOME: join(CACHE, 'xdg', 'cache'),
    npm_config_nodedir: '/usr', // node-gyp uses Debian's /usr/include/node instead of downloading headers
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp …`
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    EXTENSIONS_GALLERY: '{}', // no marketplace queries
    ...extra,
  };
}
