// Start-up order (src/boot.ts): with cores to spare the Python worker starts at navigation,
// before the app's big chunk has even loaded; on two or fewer, once the editor is up.
import type { Page } from '@playwright/test';
import { test, expect, openApp } from './fixtures';

async function withCores(page: Page, cores: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
}

test('with cores to spare, Python starts before the app has loaded, and the app adopts it', async ({ page }) => {
  await withCores(page, 8);
  let pythonRequested = false;
  let wake = () => {};
  await page.route('**/pyodide/pyodide.mjs', (route) => {
    pythonRequested = true;
    wake();
    return route.continue();
  });
  // The app's chunk is held until the worker asks for Pyodide: only an engine started by the
  // entry can do that; one started by the app could not, so the hold gives up after 30 s.
  let heldUntilPython = false;
  await page.route(/\/assets\/main-[^/]+\.js$/, async (route) => {
    if (!pythonRequested) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 30_000)));
    heldUntilPython = pythonRequested;
    await route.continue();
  });
  await openApp(page);
  expect(heldUntilPython).toBe(true);
  // One engine: the status bar follows the worker the entry started.
  expect(await page.evaluate(() => (window as any).__tensorglot.engine.bootMs)).toBeGreaterThan(0);
});

test('on two cores, Python starts once the editor is up', async ({ page }) => {
  await withCores(page, 2);
  let editorsWhenRequested = -1;
  await page.route('**/pyodide/pyodide.mjs', async (route) => {
    editorsWhenRequested = await page.locator('[data-testid=source-editor] .monaco-editor').count();
    await route.continue();
  });
  await openApp(page);
  expect(editorsWhenRequested).toBe(1);
});
