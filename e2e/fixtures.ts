import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every page is watched: a request to any host but our own fails the test
 * (the app must serve every asset itself), and so does an uncaught page error.
 */
export const test = base.extend<{ foreignRequests: string[] }>({
  foreignRequests: [
    async ({ page, baseURL }, use) => {
      const own = new URL(baseURL!).host;
      const foreign: string[] = [];
      page.on('request', (req) => {
        const u = new URL(req.url());
        if (!['data:', 'blob:'].includes(u.protocol) && u.host !== own) foreign.push(req.url());
      });
      await use(foreign);
      expect(foreign, 'requests to other hosts').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Open the app and wait until the Python engine says ready. */
export async function openApp(page: Page, hash = '') {
  await page.goto('/' + hash);
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
}

/** Replace the source editor's text through Monaco's model (typing would trigger autoindent). */
export async function setSource(page: Page, code: string) {
  await page.evaluate((c) => {
    const ed = (window as any).__tensorglot?.editors?.source;
    ed.getModel().setValue(c);
  }, code);
}

export async function outputText(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).__tensorglot.editors.output.getValue());
}
