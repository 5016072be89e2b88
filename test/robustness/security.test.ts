/**
 * Security properties of docs/security.md, tested on the real code:
 * - the webview HTML the client generates has a strict CSP: nothing by
 *   default, scripts only with the per-load nonce, no inline or remote code;
 * - messages from webviews are validated (fuzzed: anything in, only the
 *   known shapes out, never a throw);
 * - the webview bundles load nothing remote and evaluate no strings;
 * - no source of the extension, server, core or CLI evaluates code or
 *   starts processes, so nothing from a workspace is ever executed;
 * - the manifest declares untrusted-workspace support to match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { parseWebviewMessage } from '../../client/src/views/messages';

const ROOT = process.cwd();

interface WebviewHtmlModule {
  webviewHtml: (webview: unknown, extensionUri: unknown, entry: 'results' | 'topology', title: string) => string;
}

/**
 * webview-html.ts imports `vscode`, which only exists inside VS Code: bundle
 * it with a stand-in for the two VS Code APIs it uses (Uri.joinPath and a
 * Webview's cspSource/asWebviewUri). The HTML generator itself is the real one.
 */
async function loadWebviewHtml(): Promise<WebviewHtmlModule> {
  const dir = mkdtempSync(join(tmpdir(), 'vmx-csp-'));
  try {
    const stub = join(dir, 'vscode-stub.cjs');
    writeFileSync(stub, 'exports.Uri = { joinPath: (base, ...parts) => ({ path: [base.path, ...parts].join("/"), toString() { return "file://" + this.path; } }) };\n');
    const out = join(dir, 'webview-html.cjs');
    await build({ entryPoints: [join(ROOT, 'client/src/views/webview-html.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, alias: { vscode: stub }, logLevel: 'silent' });
    return (await import(pathToFileURL(out).href)) as WebviewHtmlModule;
  } finally {
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 1000).unref();
  }
}

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const webview = { cspSource: CSP_SOURCE, asWebviewUri: (u: { path: string }) => ({ toString: () => `${CSP_SOURCE}${u.path}` }) };
const extensionUri = { path: '/ext' };

function cspOf(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'no CSP meta tag');
  return new Map(m[1].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

test('webview HTML: strict CSP, nonce-only scripts, nothing inline or remote', async () => {
  const { webviewHtml } = await loadWebviewHtml();
  for (const entry of ['results', 'topology'] as const) {
    const html = webviewHtml(webview, extensionUri, entry, 'Results: a.vmx');
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    const scriptSrc = csp.get('script-src') ?? [];
    assert.equal(scriptSrc.length, 1, `script-src ${scriptSrc.join(' ')}`);
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc[0])?.[1];
    assert.ok(nonce && Buffer.from(nonce, 'base64').length >= 16, 'a nonce of at least 128 bits');
    for (const [directive, values] of csp) {
      for (const v of values) {
        assert.ok(!/unsafe-(inline|eval|hashes)|^\*$|^https?:$|^data:$.*script/.test(v) || (directive === 'img-src' && v === 'data:'), `${directive} allows ${v}`);
        assert.ok(v === CSP_SOURCE || !/^https?:/.test(v), `${directive} allows a remote origin ${v}`);
      }
    }
    assert.ok(!csp.has('connect-src') && !csp.has('frame-src') && !csp.has('worker-src'), 'no network, frames or workers');
    // Every script carries the nonce and comes from the extension's own files.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 1);
    for (const [, attrs, body] of scripts) {
      assert.ok(attrs.includes(`nonce="${nonce}"`), `script without the nonce: ${attrs}`);
      assert.ok(attrs.includes(`src="${CSP_SOURCE}/ext/dist/webview/`), `script not from the extension: ${attrs}`);
      assert.equal(body.trim(), '', 'no inline script');
    }
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handlers');
    assert.ok(!/javascript:/i.test(html));
    // A fresh nonce for every load.
    assert.notEqual(cspOf(webviewHtml(webview, extensionUri, entry, 't')).get('script-src')![0], scriptSrc[0]);
  }
});

test('webview HTML: a hostile title (a file name) is escaped', async () => {
  const { webviewHtml } = await loadWebviewHtml();
  const html = webviewHtml(webview, extensionUri, 'results', '</title><script>alert(1)</script><img src=x onerror=alert(2)>');
  assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  assert.ok(!html.includes('<img'));
});

test('messages from a webview: anything in, only known shapes out, never a throw', () => {
  const known = (m: unknown) =>
    m === undefined ||
    (typeof m === 'object' && m !== null && ['ready', 'rerun', 'rendered'].includes((m as { type: string }).type) && Object.keys(m).length === 1) ||
    (typeof m === 'object' && m !== null && (m as { type: string }).type === 'reveal' && typeof (m as { id: unknown }).id === 'string' && Object.keys(m).length === 2);
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('ready', 'reveal', 'rerun', 'rendered', '__proto__', 'constructor'), id: fc.anything() }, { requiredKeys: ['type'] })), (raw) => {
      assert.ok(known(parseWebviewMessage(raw)));
    }),
    { numRuns: 5000 },
  );
  assert.equal(parseWebviewMessage({ type: 'reveal', id: 'x'.repeat(5000) }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', id: 'node-1/db', extra: '<script>' }), { type: 'reveal', id: 'node-1/db' });
});

test('webview bundles (dist/webview) load nothing remote and evaluate no strings', (t) => {
  const dir = join(ROOT, 'dist', 'webview');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  } catch {
    // Built by `npm test` (npm run build) before the tests run.
  }
  if (files.length === 0) return t.diagnostic('dist/webview not built: run npm run build');
  for (const f of files) {
    const js = readFileSync(join(dir, f), 'utf8');
    assert.ok(!/\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|importScripts|sendBeacon/.test(js), `${f} talks to the network`);
    assert.ok(!/\beval\s*\(|new Function\s*\(/.test(js), `${f} evaluates strings`);
    assert.ok(!/(src|href)\s*=\s*["']https?:/.test(js), `${f} loads a remote resource`);
  }
});

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The one file that starts a process: git, for comparing with a revision (vmx diff --git, vmx/diff). */
const GIT = 'core/src/host/git.ts';

test('no source evaluates code, loads modules by computed names, or starts processes (but git, in one place)', () => {
  const offenders: string[] = [];
  for (const dir of ['core/src', 'server/src', 'client/src', 'cli/src']) {
    for (const file of sources(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const rel = file.slice(ROOT.length + 1);
      for (const [what, re] of [
        ['eval', /\beval\s*\(/],
        ['new Function', /new\s+Function\s*\(/],
        ...(rel === GIT ? [] : ([['child_process', /(\bfrom|\brequire\()\s*['"](node:)?child_process['"]/]] as const)),
        ['vm module', /(\bfrom|\brequire\()\s*['"](node:)?vm['"]/],
        ['dynamic import', /\bimport\s*\(\s*[^'"`\s]/],
        ['computed require', /\brequire\s*\(\s*[^'"`\s)]/],
      ] as const) {
        if (re.test(text)) offenders.push(`${rel}: ${what}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('the git runner runs only git, without a shell, and never takes a ref as an option', () => {
  const text = readFileSync(join(ROOT, GIT), 'utf8');
  const calls = text.match(/spawnSync\(([^,]+),/g) ?? [];
  assert.deepEqual(calls, ["spawnSync('git',"]);
  assert.doesNotMatch(text, /shell\s*:/);
  assert.doesNotMatch(text, /\bexec(Sync)?\(|execFile/);
  assert.match(text, /ref\.startsWith\('-'\)/);
});

test('the manifest declares untrusted workspaces to match: limited, and the limits cannot be raised by a workspace', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const u = pkg.capabilities?.untrustedWorkspaces;
  assert.ok(u, 'capabilities.untrustedWorkspaces is declared');
  assert.ok(u.supported === 'limited' || u.supported === true);
  if (u.supported === 'limited') assert.ok(u.restrictedConfigurations.includes('vmx.limits'));
  assert.equal(pkg.capabilities?.virtualWorkspaces?.supported, false, 'imports are read from disk');
});
