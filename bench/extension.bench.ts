/**
 * The extension's §8 figures: the .vsix size (packaged here, with the
 * production build) and the activation time, which only a real editor can
 * measure — it is read from the last real-editor run (`npm test` or
 * `npm run test:e2e` write test-results/figures.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const emit = (bench: string, value: number, unit: string, target?: number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(2)), unit, ...(target !== undefined ? { target } : {}), ...extra }));

const out = join(mkdtempSync(join(tmpdir(), 'vmx-vsix-')), 'vmx.vsix');
const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
if (r.status !== 0) {
  console.error(`packaging failed:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
emit('extension .vsix size', statSync(out).size / 1e6, 'MB', 1.5);
// package.mjs rebuilt dist/ minified; restore the development build the tests use.
spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });

const figures = join(ROOT, 'test-results', 'figures.json');
if (existsSync(figures)) {
  const f = JSON.parse(readFileSync(figures, 'utf8')) as { at: string; activationMs: number | null };
  if (f.activationMs !== null) emit('extension activation (real editor, last e2e run)', f.activationMs, 'ms', 150, { measuredAt: f.at });
} else {
  console.error('extension activation: no real-editor run yet (run npm test or npm run test:e2e); not printed');
}
