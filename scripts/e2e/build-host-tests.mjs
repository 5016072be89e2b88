// Bundles the extension-host suite (test/extension-host) into
// out/extension-host/index.js, the `extensionTestsPath` module that both
// @vscode/test-electron and the code-server harness load. `vscode` comes from
// the host; mocha is required from node_modules. `grep` (a regular
// expression) keeps only the tests whose full title matches it, as mocha's
// --grep does; without it every test runs.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config.mjs';

export const HOST_TESTS_DIR = join(ROOT, 'out', 'extension-host');
export const HOST_TESTS_ENTRY = join(HOST_TESTS_DIR, 'index.js');

export async function buildHostTests({ grep } = {}) {
  mkdirSync(HOST_TESTS_DIR, { recursive: true });
  writeFileSync(join(HOST_TESTS_DIR, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
  await build({
    entryPoints: [join(ROOT, 'test', 'extension-host', 'index.ts')],
    outfile: HOST_TESTS_ENTRY,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    define: { __VMX_HOST_GREP__: JSON.stringify(grep ?? '') },
    logLevel: 'warning',
  });
  return HOST_TESTS_ENTRY;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await buildHostTests());
}
