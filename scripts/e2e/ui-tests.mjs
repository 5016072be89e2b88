// What a person sees in the browser: the workbench in code-server, driven by
// Chromium. Each step is a test; each leaves a screenshot in test-results/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, signIn } from './browser.mjs';

const ISSUES = 'isolation-issues.vmx';

/** Finds the (nested) frame of one of our webviews, by the view name its shell carries. */
async function webviewFrame(page, view, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      try {
        if (await f.$(`#app[data-view="${view}"]`)) return f;
      } catch {
        /* frame detached while looking */
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`the ${view} webview did not appear`);
}

/** 1-based line of the first line containing `needle` in a workspace file. */
function lineOf(workspace, file, needle) {
  const i = readFileSync(join(workspace, file), 'utf8').split(/\r?\n/).findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in ${file}`);
  return i + 1;
}

/** Waits until the cursor (status bar "Ln N, Col M") is on `line`. */
async function waitForCursorLine(page, line) {
  await page.waitForFunction((n) => new RegExp(`Ln ${n},`).test(document.querySelector('#status\\.editor\\.selection')?.textContent ?? ''), line, { timeout: 15_000 });
}

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  await row.first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

const HEAVY = 'heavy-rack.vmx';

async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
}

export async function runUiTests({ url, password, workspace, resultsDir }) {
  const { context, blocked, close } = await launchBrowser();
  await signIn(context, url, password);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const shot = (name) => page.screenshot({ path: join(resultsDir, `${name}.png`) });
  const results = [];
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - t0 });
      console.log(`  ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - t0, error: e.message });
      console.log(`  FAIL ${name}: ${e.message.split('\n')[0]}`);
      await shot(`failed-${name.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  };
  const editor = page.locator('.editor-instance .monaco-editor').first();
  try {
    await step('the workbench opens the sample from the Explorer', async () => {
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: ISSUES });
      await row.first().waitFor({ timeout: 60_000 });
      await row.first().click();
      await page.waitForFunction(() => (document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').includes('topology'), null, { timeout: 30_000 });
      await page.waitForFunction(() => /VMX/i.test(document.querySelector('#status\\.editor\\.mode')?.textContent ?? ''), null, { timeout: 30_000 });
    });

    await step('squiggles and Problems entries carry our codes', async () => {
      // Go to the container with the problems first: which lines are on screen depends on the
      // code lenses and inlay hints the simulation adds, so the top of the file may hold none.
      await editor.locator('.view-lines').click();
      await goToLine(page, 66);
      await editor.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor({ timeout: 30_000 });
      await page.waitForFunction(
        (codes) => codes.every((c) => (document.querySelector('.markers-panel')?.textContent ?? '').includes(c)),
        ['VMX206', 'VMX207', 'VMX208'],
        { timeout: 30_000 },
      );
      // Scroll the editor to the container with the problems so the squiggles are in the shot.
      await goToLine(page, 66);
      await shot('problems');
    });

    await step('hover on ring shows the privilege explanation', async () => {
      const line = editor.locator('.view-line', { hasText: 'ring = 0' }).first();
      await line.waitFor({ timeout: 15_000 });
      const token = line.locator('span span', { hasText: 'ring' }).first();
      const box = await token.boundingBox();
      if (!box) throw new Error('the ring token is not on screen');
      const hover = page.locator('.monaco-hover:visible', { hasText: /ring/i });
      // A hover shows after the mouse rests on the token; under load the first rest can be
      // missed (the editor was still laying out), so move off and back, up to three times.
      for (let attempt = 1; ; attempt++) {
        await page.mouse.move(box.x + 4, box.y + box.height / 2);
        await page.mouse.move(box.x + 8, box.y + box.height / 2);
        try {
          await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
          break;
        } catch (e) {
          if (attempt === 3) throw e;
          await page.mouse.move(5, 5);
        }
      }
      const text = (await hover.first().textContent()) ?? '';
      if (!/kernel|privilege/i.test(text)) throw new Error(`the hover does not explain privilege: ${text.slice(0, 200)}`);
      // Let the hover settle (one widget, fully drawn) before the picture.
      await page.waitForTimeout(800);
      await shot('hover');
      await page.mouse.move(5, 5);
    });

    await step('VMX: Run Simulation from the command palette renders charts', async () => {
      await page.keyboard.press('Escape');
      await editor.locator('.view-lines').click();
      await runCommand(page, 'VMX: Run Simulation');
      const frame = await webviewFrame(page, 'results');
      await frame.waitForSelector('.uplot canvas', { timeout: 60_000 });
      await frame.waitForFunction(() => document.querySelectorAll('.uplot').length >= 2 && document.querySelectorAll('table.entities tbody tr').length >= 3, null, { timeout: 30_000 });
      // Close the panel and the side bar so the view has room; charts redraw on resize.
      await page.keyboard.press('Control+J');
      await page.keyboard.press('Control+B');
      await page.waitForTimeout(1200);
      await shot('results');
    });

    await step('clicking an entity in the results table reveals its declaration', async () => {
      const frame = await webviewFrame(page, 'results');
      await frame.click('table.entities tbody tr[data-id="node-1/sidecar"]');
      await waitForCursorLine(page, lineOf(workspace, ISSUES, 'container sidecar'));
      await frame.waitForSelector('.card[data-id="node-1/sidecar"] .uplot', { timeout: 15_000 });
    });

    await step('VMX: Show Topology renders nested boxes', async () => {
      await page.locator('.tabs-container .tab', { hasText: ISSUES }).first().click();
      await runCommand(page, 'VMX: Show Topology');
      const frame = await webviewFrame(page, 'topology');
      await frame.waitForSelector('.box.k-host .box.k-container', { timeout: 60_000 });
      await page.waitForTimeout(500);
      await shot('topology');
    });

    await step('clicking a box in the topology reveals its declaration', async () => {
      const frame = await webviewFrame(page, 'topology');
      await frame.click('.box[data-id="node-1/db/postgres"] > .head');
      await waitForCursorLine(page, lineOf(workspace, ISSUES, 'container postgres'));
    });

    // The installed .vsix (not the checkout) simulates a topology above the in-process
    // threshold in its worker, dist/sim-worker.js: a package without the worker fails here.
    await step('the packaged extension runs a heavy simulation in its worker', async () => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(HEAVY);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: HEAVY }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: HEAVY }).first().waitFor({ timeout: 30_000 });
      await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'topology heavy' }).first().click();
      await runCommand(page, 'VMX: Run Simulation');
      const frame = await webviewFrame(page, 'results');
      await frame.waitForSelector('table.entities tbody tr[data-id="big/app-40"]', { timeout: 90_000 });
      const rows = await frame.locator('table.entities tbody tr').count();
      if (rows !== 41) throw new Error(`the results table has ${rows} rows, not the 41 entities of ${HEAVY}`);
    });
  } finally {
    await close();
  }
  if (blocked.length > 0) console.log(`  (blocked ${blocked.length} request(s) not to 127.0.0.1, e.g. ${blocked[0]})`);
  if (pageErrors.length > 0) console.log(`  (page errors: ${pageErrors.slice(0, 3).join(' | ')})`);
  return results;
}
