// Bundles the client, the language server and the CLI with esbuild, as
// separate CommonJS bundles (`vscode` external). `--production` minifies for
// packaging; otherwise source maps are written for development.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { NODE_BUNDLES, WEBVIEW_BUNDLES } from './bundles.mjs';

const production = process.argv.includes('--production');

/** `{ VMX207: 'VMX207 — privileged container', … }` from docs/checks.md's `## VMXnnn — …` headings ({} without the file). */
function checkHeadings() {
  const url = new URL('../docs/checks.md', import.meta.url);
  if (!existsSync(url)) return {};
  return Object.fromEntries([...readFileSync(url, 'utf8').matchAll(/^## ((VMX\d{3}) — .*)$/gm)].map((m) => [m[2], m[1].trim()]));
}
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  // Without minifying, esbuild keeps some comments, and a handful of them hold non-ASCII
  // characters (→, —): V8 then stores the whole 2 MB bundle as a two-byte string, 4 MB
  // of heap in the server and again in each simulation worker. Dropping whitespace and
  // comments keeps the source ASCII (one byte per character, 1.5 MB) and names intact;
  // the source maps still map every position back to the sources.
  minifyWhitespace: true,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // For the SARIF rules' helpUri (cli/src/format-sarif.ts): __REPOSITORY__, package.json's repository URL ('' without one);
  // __CHECK_HEADINGS__, each code's heading in docs/checks.md, whose GitHub anchor the link names.
  define: {
    __VERSION__: JSON.stringify(pkg.version),
    __REPOSITORY__: JSON.stringify(typeof pkg.repository === 'object' ? (pkg.repository?.url ?? '') : (pkg.repository ?? '')),
    __CHECK_HEADINGS__: JSON.stringify(checkHeadings()),
  },
  // chevrotain is ESM; esbuild converts it into the CommonJS bundle.
  mainFields: ['module', 'main'],
};

const entries = NODE_BUNDLES;

mkdirSync('dist', { recursive: true });
// The package is ESM for its sources; the bundles are CommonJS, as VS Code's extension host requires.
writeFileSync('dist/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');

await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      build({
        ...common,
        entryPoints: [e.in],
        outfile: e.out,
        external: e.external ?? [],
        banner: e.banner ? { js: e.banner } : undefined,
      }),
    ),
);

// The two webviews (results, topology): browser bundles with their CSS (uPlot's
// included), served from dist/webview under the webviews' CSP. No CDN.
const webviews = WEBVIEW_BUNDLES;
await Promise.all(
  webviews
    .filter((e) => existsSync(e.in))
    .map((e) =>
      build({
        entryPoints: [e.in],
        outfile: e.out,
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'chrome120',
        minify: production,
        sourcemap: production ? false : 'linked',
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
);
