// Runs the extension-host suite inside code-server's Node extension host:
// the workbench opens with a `payload` naming extensionDevelopmentPath and
// extensionTestsPath (as @vscode/test-web does), and the page's
// codeAutomationExit(code) reports the suite's result.
import { resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, signIn } from './browser.mjs';

export async function runHostTests({ url, password, workspace, extensionPath, testsPath, timeoutMs = 240_000 }) {
  const host = new URL(url).host;
  const remote = (p) => `vscode-remote://${host}${resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ]);
  const target = `${url}/?folder=${encodeURIComponent(resolve(workspace))}&payload=${encodeURIComponent(payload)}`;
  const { context, blocked, close } = await launchBrowser();
  const lines = [];
  try {
    await signIn(context, url, password);
    const page = context.pages()[0] ?? (await context.newPage());
    const done = new Promise((res) => {
      void page.exposeFunction('codeAutomationLog', (type, args) => {
        // The extension host forwards console calls as (format, ...args).
        const line = format(...(args ?? []));
        if (/Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache/.test(line)) return;
        lines.push(line);
        console.log(`  ${line}`);
        // The suite's own last line: do not wait for the window to close when it failed.
        const verdict = /VMX EXTENSION-HOST TESTS(?: (PASSED)|: \d+ failed)/.exec(line);
        if (verdict) setTimeout(() => res(verdict[1] ? 0 : 1), 2000);
      });
      void page.exposeFunction('codeAutomationExit', (code) => res(code));
    });
    await page.goto(target);
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    return { ok: code === 0, code, lines, blocked };
  } finally {
    await close();
  }
}
