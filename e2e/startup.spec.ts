// Start-up order (src/boot.ts): with cores to spare the Python worker starts at navigation,
// before the app's big chunk has even loaded; on two or fewer, once the editor is up.
import type { Page } from '@playwright/test';
import { test, expect, openApp, setSource } from './fixtures';

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

/** Run code in the page's engine the way Ctrl+Enter does, and return what it printed. */
async function printed(page: Page, code: string): Promise<string> {
  await setSource(page, code);
  await page.getByTestId('source-editor').click();
  await page.keyboard.press('Control+Enter');
  const consoleEl = page.getByTestId('console');
  await expect(consoleEl).toContainText('END');
  return (await consoleEl.innerText()).split('END')[0];
}

const RANDOM_DRAW = 'import random\nprint("draw", random.random(), "END")\n';

test('Python is restored from the build\'s memory snapshot, and each page load draws its own random numbers', async ({ page, context }) => {
  await openApp(page);
  expect(await page.evaluate(() => (window as any).__tensorglot.engine.fromSnapshot)).toBe(true);
  // The restored interpreter converts (the built-in example) like a started one.
  await expect(page.getByTestId('output-editor')).toContainText('import tensorflow as tf');
  // Every run result carries the size of Python's wasm memory (the benchmarks read it; user code cannot).
  const heap = await page.evaluate(async () => (await (window as any).__tensorglot.engine.request('run', { source: 'x = 1' })).heapBytes);
  expect(heap).toBeGreaterThan(1e6);
  const draw = async (p: Page) => /draw (\S+)/.exec(await printed(p, RANDOM_DRAW))![1];
  const first = await draw(page);
  const second = await context.newPage();
  await openApp(second);
  // The snapshot holds the random state of the build: without the worker's reseed both draws match.
  expect(await draw(second)).not.toBe(first);
});

test('a restored Python sees the environment a started one sees', async ({ page, context }) => {
  const probe = 'import os, sys\nprint(sorted(os.environ.items()), sys.platform, os.getcwd(), "END")\n';
  await openApp(page);
  const env = async (p: Page) => /\[\('HOME'.*/.exec(await printed(p, probe))?.[0];
  const restored = await env(page);
  const plain = await context.newPage();
  await plain.route('**/python-snapshot.bin.gz', (route) => route.fulfill({ status: 404, body: 'missing' }));
  await openApp(plain);
  expect(await plain.evaluate(() => (window as any).__tensorglot.engine.fromSnapshot)).toBe(false);
  expect(restored).toContain("'HOME', '/home/pyodide'");
  expect(restored).toBe(await env(plain));
});

for (const [what, body] of [
  ['missing', null],
  ['corrupt', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(4096, 7)])],
  ['not gzip and not a snapshot', Buffer.alloc(4096, 7)],
] as const) {
  test(`a ${what} Python snapshot: Python starts the plain way and works`, async ({ page }) => {
    await page.route('**/python-snapshot.bin.gz', (route) =>
      body ? route.fulfill({ status: 200, body, contentType: 'application/gzip' }) : route.fulfill({ status: 404, body: 'missing' }));
    await openApp(page);
    expect(await page.evaluate(() => (window as any).__tensorglot.engine.fromSnapshot)).toBe(false);
    expect(await printed(page, 'print(6 * 7, "END")\n')).toContain('42');
  });
}
