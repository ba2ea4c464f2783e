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
  for (const text of ['Run the code', 'Stop running code', 'Share', 'Next target framework', 'Focus the examples list', 'search its nodes', 'Ctrl+Enter', 'Alt+Shift+S', 'Ctrl+F'])
    await expect(help).toContainText(text);
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

test('shortcuts: Ctrl+Enter runs from the editor, Esc stops a runaway run', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'print("started")\nwhile True:\n    pass\n');
  await page.getByTestId('source-editor').click();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByTestId('console')).toContainText('started');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('status')).toHaveText('ready');
  await expect(page.getByTestId('console')).toContainText(/Interrupt/);
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
    // the Graph tab (traced on opening) leaves its drawing room to be read
    await page.getByTestId('tab-graph').click();
    const pane = page.getByTestId('graph-pane');
    await expect(pane).toHaveAttribute('data-ready', 'true');
    await pane.locator('.graph-canvas').scrollIntoViewIfNeeded();
    const canvas = (await pane.locator('.graph-canvas').boundingBox())!;
    expect(canvas.height, 'graph canvas').toBeGreaterThan(200);
    expect(canvas.x + canvas.width, 'graph canvas').toBeLessThanOrEqual(w + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
    await page.screenshot({ path: `test-results/layout-graph-${w}x${h}.png` });
  });
}

test('every control outside the editors has an accessible name, on every tab', async ({ page }) => {
  await openApp(page);
  const unnamedControls = () => page.evaluate(() => {
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
    return [...document.querySelectorAll<HTMLElement>('button, select, input, textarea, summary, [role="tab"], [role="switch"], a[href]')]
      .filter((el) => !el.closest('.monaco-editor, .monaco-diff-editor') && el.getClientRects().length > 0)
      // a name is words, not a lone symbol like ⊞ (which a screen reader reads as its Unicode name)
      .filter((el) => !/\p{L}{2}/u.test(nameOf(el)))
      .map((el) => el.outerHTML.slice(0, 120));
  });
  await page.getByTestId('share').click(); // include the share popover's controls
  expect(await unnamedControls(), 'converted').toEqual([]);
  await page.keyboard.press('Escape');
  for (const tab of ['graph', 'verify', 'console']) {
    await page.getByTestId(`tab-${tab}`).click();
    // the Graph tab traces the example on opening: its panes' own buttons are checked too
    if (tab === 'graph') await expect(page.getByTestId('graph-pane').first()).toHaveAttribute('data-ready', 'true');
    expect(await unnamedControls(), tab).toEqual([]);
  }
});

test('status bar: engine state, convert rate, last conversion and trace times; warnings marked in both editors', async ({ page }) => {
  await openApp(page);
  const bar = page.getByRole('status').filter({ has: page.getByTestId('status') });
  // three torch APIs, one the transpiler cannot know (the diagnostic names it)
  await setSource(page, 'import torch\nx = torch.ones(3)\ny = torch.exp(x)\nz = torch.frobnicate(y)\n');
  await expect(bar.getByTestId('convert-rate')).toHaveText('converted 2/3 APIs (67%)');
  await expect(bar.getByTestId('status')).toHaveText('ready');
  await expect(bar.getByTestId('convert-ms')).toHaveText(/^convert \d+ ms$/);
  const markers = (editor: 'source' | 'output') =>
    page.evaluate((which) => {
      const tg = (window as any).__tensorglot;
      const m = tg.editors[which].getModel();
      return tg.monaco.editor.getModelMarkers({ resource: m.uri }).map((x: any) => ({ severity: x.severity, line: x.startLineNumber, message: x.message, text: m.getLineContent(x.startLineNumber) }));
    }, editor);
  await expect.poll(() => markers('source')).toEqual([
    { severity: 4, line: 4, message: expect.stringContaining('torch.frobnicate'), text: 'z = torch.frobnicate(y)' },
  ]);
  // the same warning sits on the line the call became in the output (Monaco's MarkerSeverity.Warning is 4)
  await expect.poll(() => markers('output')).toEqual([{ severity: 4, line: expect.any(Number), message: expect.stringContaining('torch.frobnicate'), text: expect.stringContaining('torch.frobnicate(y)') }]);
  // hovering the marked source text shows the message
  const at = await page.evaluate(() => {
    const ed = (window as any).__tensorglot.editors.source;
    const p = ed.getScrolledVisiblePosition({ lineNumber: 4, column: 10 });
    const r = ed.getDomNode().getBoundingClientRect();
    return { x: r.left + p.left, y: r.top + p.top + p.height / 2 };
  });
  await page.mouse.move(at.x, at.y);
  await expect(page.locator('.monaco-hover').filter({ hasText: 'torch.frobnicate' }).first()).toBeVisible();

  await expect(bar.getByTestId('trace-ms')).toHaveCount(0); // nothing traced yet
  await setSource(page, 'import torch\n\ndef f(x):\n    return torch.sin(x)\n\nf(torch.ones(2))\n');
  await page.getByTestId('tab-graph').click();
  await expect(page.getByTestId('graph-pane')).toHaveAttribute('data-ready', 'true');
  await expect(bar.getByTestId('trace-ms')).toHaveText(/^trace [1-9]\d* ms$/); // the wait the user saw, never "0 ms"
});
