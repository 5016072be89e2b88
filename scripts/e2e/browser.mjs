// Debian's Chromium driven by playwright-core, allowed to talk to 127.0.0.1
// only: every other request is aborted (and reported).
//
// Chromium runs with --no-sandbox because the harness runs as root (CI here
// is root), and Chromium refuses to start its setuid/namespace sandbox as
// root. What it loads is only our own code-server on 127.0.0.1 (everything
// else is aborted below), in a throwaway profile, so the sandbox would guard
// against content we wrote ourselves.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, CHROMIUM } from './config.mjs';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'];

/**
 * Signs the browser context in to code-server with the run's password
 * (POST /login, as its login form does); the session cookie is kept by the
 * context, so every page opened afterwards is signed in.
 */
export async function signIn(context, url, password) {
  const r = await context.request.post(`${url}/login`, { form: { password, base: '.' }, maxRedirects: 0 });
  const cookies = await context.cookies(url);
  if (!cookies.some((c) => c.name === 'code-server-session')) throw new Error(`code-server login failed (HTTP ${r.status()})`);
}

export async function launchBrowser({ width = 1400, height = 860 } = {}) {
  const profile = mkdtempSync(join(CACHE, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    args: ARGS,
  });
  const blocked = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1') return route.continue();
    blocked.push(u.href);
    return route.abort();
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, blocked, close };
}
