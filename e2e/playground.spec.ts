// Playground comfort (issue 6): line links, shortcuts and help, theme, layout, accessible names.
import { test, expect, openApp, setSource, outputText } from './fixtures';

const hotLines = (page: import('@playwright/test').Page, testId: string) => page.getByTestId(testId).locator('.view-overlays .tg-link-hot');

test('source and output lines are linked by colour, both ways', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'import torch\n\nx = torch.ones(3)\ny = torch.exp(x)\nprint(y)\n');
  await expect.poll(() => outputText(page)).toMatch(/^y = .*exp/m);
  // Every mapped line carries a link colour; none is hot before the user points at one.
  await expect(page.getByTestId('output-editor').locator('.view-overlays .tg-link').first()).toBeAttached();
  await expect(hotLines(page, 'output-editor')).toHaveCount(0);

  await page.evaluate(() => (window as any).__tensorglot.editors.source.setPosition({ lineNumber: 4, column: 1 }));
  await expect(hotLines(page, 'source-editor')).toHaveCount(1);
  await expect(hotLines(page, 'output-editor')).not.toHaveCount(0);
  // The hot output line is the converted `y = ...` line, in the same colour as the source line.
  const outHot = hotLines(page, 'output-editor').first();
  const srcClass = (await hotLines(page, 'source-editor').getAttribute('class'))!.match(/tg-link-\d/)![0];
  expect(await outHot.getAttribute('class')).toContain(srcClass);
  const outLine = await page.evaluate(() => {
    const out = (window as any).__tensorglot.editors.output;
    const decos = out.getModel().getAllDecorations().filter((d: any) => /tg-link-hot/.test(d.options.className ?? ''));
    return out.getModel().getLineContent(decos[0].range.startLineNumber);
  });
  expect(outLine).toMatch(/^y = .*exp/);

  // And from the output side back to the source.
  const yOut = await page.evaluate(() => {
    const m = (window as any).__tensorglot.editors.output.getModel();
    return m.getLinesContent().findIndex((l: string) => l.startsWith('x = ')) + 1;
  });
  await page.evaluate((n) => (window as any).__tensorglot.editors.output.setPosition({ lineNumber: n, column: 1 }), yOut);
  const srcLine = await page.evaluate(() => {
    const src = (window as any).__tensorglot.editors.source;
    const decos = src.getModel().getAllDecorations().filter((d: any) => /tg-link-hot/.test(d.options.className ?? ''));
    return decos.map((d: any) => src.getModel().getLineContent(d.range.startLineNumber));
  });
  expect(srcLine).toEqual(['x = torch.ones(3)']);
});

test('help dialog lists the shortcuts; ? and F1 open it outside the editor', async ({ page }) => {
  await openApp(page);
  const help = page.getByTestId('help-dialog');
  await page.getByTestId('help').click();
  await expect(help).toBeVisible();
  for (const text of ['Run the code', 'Stop running code', 'Share', 'Next target framework', 'Focus the examples list', 'Ctrl+Enter', 'Alt+Shift+S']) await expect(help).toContainText(text);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.getByTestId('tab-console').focus();
  await page.keyboard.press('Shift+Slash'); // "?"
  await expect(help).toBeVisible();
  await page.getByRole('button', { name: 'Close help' }).click();
  await expect(help).toBeHidden();
  await page.getByTestId('tab-console').focus();
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');

  // In the editor, "?" is just a character.
  await setSource(page, '');
  await page.getByTestId('source-editor').click();
  await page.keyboard.type('x?');
  await expect(help).toBeHidden();
  expect(await page.evaluate(() => (window as any).__tensorglot.editors.source.getValue())).toBe('x?');
});

test('shortcuts: next target, share, diff, focus examples — from inside the editor too', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('source-editor').click();
  const target = page.getByTestId('target-framework');
  await expect(target).toHaveValue('tensorflow');
  await page.keyboard.press('Alt+Shift+KeyT');
  await expect(target).toHaveValue('jax');
  await page.keyboard.press('Alt+Shift+KeyT');
  await expect(target).toHaveValue('numpy');
  await page.keyboard.press('Alt+Shift+KeyT');
  await expect(target).toHaveValue('tensorflow');

  await page.keyboard.press('Alt+Shift+KeyS');
  await expect(page.getByTestId('share-link')).toContainText('#v1/');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-link')).toHaveCount(0);

  await page.keyboard.press('Alt+Shift+KeyD');
  await expect(page.getByTestId('diff-toggle')).toBeChecked();
  await page.keyboard.press('Alt+Shift+KeyD');
  await expect(page.getByTestId('diff-toggle')).not.toBeChecked();

  await page.keyboard.press('Alt+Shift+KeyE');
  await expect(page.getByTestId('examples')).toBeFocused();
});

test('theme follows the system until toggled, then keeps the choice', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  expect(await theme()).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(theme).toBe('light');
  await page.getByTestId('theme-toggle').click();
  expect(await theme()).toBe('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect.poll(theme).toBe('dark');
});

for (const [w, h] of [
  [1280, 720],
  [400, 800],
] as const) {
  test(`layout works at ${w}x${h}: both editors visible, toolbar reachable, no sideways scroll`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await openApp(page);
    for (const id of ['source-editor', 'output-editor', 'run', 'share', 'help', 'examples', 'target-framework', 'diff-toggle', 'status']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box, id).not.toBeNull();
      expect(box.x, id).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, id).toBeLessThanOrEqual(w + 1);
      expect(box.y + box.height, id).toBeLessThanOrEqual(h + 1);
      if (id.endsWith('editor')) expect(box.height, id).toBeGreaterThan(150);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
  });
}

test('every control outside the editors has an accessible name', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('share').click(); // include the share popover's controls
  const unnamed = await page.evaluate(() => {
    const nameOf = (el: HTMLElement) => {
      const by = el.getAttribute('aria-labelledby');
      const labels = (el as HTMLInputElement).labels;
      return (
        el.getAttribute('aria-label') ||
        (by && document.getElementById(by)?.textContent) ||
        (labels && [...labels].map((l) => l.textContent).join(' ')) ||
        (el.tagName !== 'SELECT' && el.textContent) ||
        el.getAttribute('title') ||
        ''
      ).trim();
    };
    return [...document.querySelectorAll<HTMLElement>('button, select, input, textarea, [role="tab"], [role="switch"], a[href]')]
      .filter((el) => !el.closest('.monaco-editor, .monaco-diff-editor') && el.getClientRects().length > 0)
      .filter((el) => !nameOf(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  expect(unnamed).toEqual([]);
});
