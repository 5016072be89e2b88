// npm run package: a production build (minified, no source maps), then the
// .vsix with @vscode/vsce 3.x (4.x needs Node 22). Bundles carry every
// dependency, so vsce's dependency walk is off; .vscodeignore, written here from
// scripts/bundles.json, decides the rest.
// Usage: node scripts/package.mjs [--out path.vsix] [--no-build]
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { renderVscodeignore } from './bundles.mjs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

// --no-build packages the dist/ that is there (the vsix content test uses it: it must not
// rewrite bundles other tests are running).
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The list decides what ships; .vscodeignore is its rendering (committed, and tested to be current).
const ignore = join(root, '.vscodeignore');
if (readFileSync(ignore, 'utf8') !== renderVscodeignore()) writeFileSync(ignore, renderVscodeignore());

const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out];
const r = spawnSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) {
  console.error('vsce package failed');
  process.exit(r.status ?? 1);
}
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
