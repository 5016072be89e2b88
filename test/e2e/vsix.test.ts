/**
 * The packaged extension: `scripts/package.mjs` builds a .vsix with vsce;
 * this lists the archive and checks that it holds the bundles and assets the
 * manifest points at, and nothing else (no sources, tests, node_modules,
 * source maps), within the 1.5 MB budget.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listZip } from './zip-listing';
import { renderVscodeignore, shippedBundleFiles } from '../../scripts/bundles.mjs';

/** The dist/ files the extension ships, from the one bundle list (scripts/bundles.json). */
const shipped = shippedBundleFiles();

const root = join(import.meta.dirname, '..', '..');
const MAX_BYTES = 1.5 * 1024 * 1024;

test('the .vsix holds exactly the bundles and assets, under 1.5 MB', { timeout: 120_000 }, () => {
  assert.ok(existsSync(join(root, 'dist', 'client.js')) && existsSync(join(root, 'dist', 'server.js')), 'build first: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'vmx-vsix-'));
  try {
    const out = join(dir, 'vmx.vsix');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--no-build', '--out', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `packaging failed:\n${r.stdout}\n${r.stderr}`);
    const size = statSync(out).size;
    assert.ok(size <= MAX_BYTES, `.vsix is ${size} bytes, above ${MAX_BYTES}`);

    const names = listZip(out).map((e) => e.name);
    const files = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    // Everything the manifest refers to is inside.
    const required = [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      pkg.main.replace(/^\.\//, ''),
      ...shipped,
      'dist/package.json',
      pkg.icon,
      ...pkg.contributes.grammars.map((g: { path: string }) => g.path.replace(/^\.\//, '')),
      ...pkg.contributes.snippets.map((s: { path: string }) => s.path.replace(/^\.\//, '')),
      ...pkg.contributes.languages.flatMap((l: { configuration?: string; icon?: { light: string; dark: string } }) =>
        [l.configuration, l.icon?.light, l.icon?.dark].filter((x): x is string => !!x).map((x) => x.replace(/^\.\//, '')),
      ),
    ];
    // vsce stores the docs as readme.md, changelog.md and LICENSE.txt.
    const lower = files.map((f) => f.toLowerCase().replace(/^license\.txt$/, 'license'));
    for (const f of required) assert.ok(lower.includes(f.toLowerCase()), `missing from the .vsix: ${f}`);
    assert.ok(names.includes('extension.vsixmanifest') && names.includes('[Content_Types].xml'), 'vsce metadata present');

    // And nothing else: only bundles and assets.
    const allowed = [...shipped.map((f) => new RegExp(`^${f.replace(/[.]/g, '\\.')}$`)), /^dist\/package\.json$/, /^syntaxes\/vmx\.tmLanguage\.json$/, /^snippets\/[\w-]+\.json$/, /^media\/[\w-]+\.(png|svg)$/, /^media\/screenshots\/[\w-]+\.png$/, /^(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?|language-configuration\.json)$/i];
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], 'unexpected files in the .vsix');
    assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.ts') || f.startsWith('node_modules/')), 'no sources, maps or node_modules');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server finds its simulation worker beside it in the .vsix: both are shipped bundles', () => {
  assert.ok(shipped.includes('dist/server.js') && shipped.includes('dist/sim-worker.js'));
});

test('.vscodeignore is the rendering of scripts/bundles.json (npm run package rewrites it)', () => {
  assert.equal(readFileSync(join(root, '.vscodeignore'), 'utf8'), renderVscodeignore());
});
