import { test, expect, openApp, setSource, outputText } from './fixtures';

test('opens on a built-in example, boots Python and converts it', async ({ page }) => {
  await page.goto('/');
  // The editor is usable before Python is ready.
  await expect(page.getByTestId('source-editor')).toContainText('import torch');
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
  await expect.poll(() => outputText(page)).toContain('import tensorflow as tf');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('Ctrl+Enter runs the code: stdout and the last expression reach the console', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'print("hello from python")\n6 * 7\n');
  await page.getByTestId('source-editor').click();
  await page.keyboard.press('Control+Enter');
  const consoleEl = page.getByTestId('console');
  await expect(consoleEl).toContainText('hello from python');
  await expect(consoleEl).toContainText('42');
});

test('an exception shows its traceback with the user line', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'x = 1\n\ny = x / 0\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('ZeroDivisionError');
  await expect(page.getByTestId('console')).toContainText('line 3');
});

test('Stop interrupts a runaway loop and the engine stays usable', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'while True:\n    pass\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('status')).toHaveText('running');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('status')).toHaveText('ready');
  await expect(page.getByTestId('console')).toContainText(/Interrupt/);
  // The same worker (interrupt buffer, no restart) runs the next program.
  await setSource(page, 'print("after stop")\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('after stop');
  await expect(page.getByTestId('console')).not.toContainText('restarted');
});

test('the source survives a reload (autosave)', async ({ page }) => {
  await openApp(page);
  await setSource(page, '# my precious work\nimport torch\nx = torch.ones(2)\n');
  await page.waitForTimeout(100);
  await page.reload();
  await expect(page.getByTestId('source-editor')).toContainText('my precious work');
});

test('a syntax error becomes an editor marker at its line, not a crash', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'import torch\n\ndef f(x:\n    return x\n');
  await expect
    .poll(() =>
      page.evaluate(() => {
        const m = (window as any).__tensorglot.editors.source.getModel();
        const monaco = (window as any).__tensorglot.monaco;
        return monaco.editor.getModelMarkers({ resource: m.uri }).map((x: any) => [x.severity, x.startLineNumber, x.startColumn]);
      }),
    )
    .toContainEqual([8, 3, 6]); // error severity, at the unclosed '(' of line 3 (column 6, 1-based)
  await expect(page.getByTestId('status')).toHaveText('ready');
});

test('a worker that dies is restarted and the code is kept', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'print("still here")\n');
  await page.evaluate(() => (window as any).__tensorglot.engine.restart('Simulated crash'));
  await expect(page.getByTestId('console')).toContainText('Simulated crash');
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('still here');
});

test('a failed engine start shows the error and a working Retry button', async ({ page, context }) => {
  await context.route('**/tensorglot.zip', (route) => route.fulfill({ status: 404, body: 'missing' }));
  await page.goto('/');
  await expect(page.getByTestId('status')).toHaveText('error', { timeout: 45_000 });
  await expect(page.getByText(/Engine failed to start/)).toContainText('tensorglot.zip');
  await context.unroute('**/tensorglot.zip');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
});

test('printed output reaches the console while the program is still running', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'import time\nprint("first line", flush=True)\nt = time.time()\nwhile time.time() - t < 4:\n    pass\nprint("done")\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('first line');
  await expect(page.getByTestId('status')).toHaveText('running');
  await expect(page.getByTestId('console')).toContainText('done');
  // Streamed once: the final result does not print it again.
  await expect(page.getByTestId('console').getByText('first line')).toHaveCount(1);
});

test('Stop pressed while a conversion is still ahead of the run stops the run, not the conversion', async ({ page }) => {
  await openApp(page);
  // Queue: a (slow) conversion of a big file, then the runaway run, then Stop at once.
  const big = 'import torch\n' + 'y = torch.mean(torch.ones(3))\n'.repeat(3000) + 'while True:\n    pass\n';
  await page.evaluate(async (src) => {
    const tg = (window as any).__tensorglot;
    tg.editors.source.getModel().setValue(src);
    tg.actions.transpileNow();
    tg.actions.run();
    tg.actions.stop();
  }, big);
  await expect(page.getByTestId('console')).toContainText(/Interrupt/);
  await expect(page.getByTestId('status')).toHaveText('ready');
  await expect(page.getByTestId('console')).not.toContainText('restarted');
  await expect.poll(() => outputText(page)).toContain('tf.math.reduce_mean');
});

test('typing in the source editor re-converts it', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'import torch\nx = torch.ones(2)\n');
  await expect.poll(() => outputText(page)).toContain('tf.ones');
  await page.getByTestId('source-editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('y = torch.exp(x)', { delay: 20 });
  await expect.poll(() => outputText(page)).toMatch(/^y = tf\.(math\.)?exp\(/m);
});

test('the start-up progress bar names each stage, then the status says ready', async ({ page }) => {
  // Recorded from the first paint: the stages can pass faster than a poll.
  await page.addInitScript(() => {
    const seen: string[] = ((window as any).__stages = []);
    new MutationObserver(() => {
      const t = document.querySelector('.progress .stage')?.textContent;
      if (t && !seen.includes(t) && document.querySelector('.progress progress')) seen.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // The engine starts before the UI exists (src/boot.ts), so on a fast machine the download can
  // end before the first paint: the runtime is held back until the editor is on screen.
  await page.route('**/pyodide/pyodide.mjs', async (route) => {
    const response = await route.fetch();
    await page.locator('[data-testid=source-editor] .monaco-editor').waitFor();
    await route.fulfill({ response });
  });
  await openApp(page);
  const stages = await page.evaluate(() => (window as any).__stages as string[]);
  for (const s of ['Downloading Python runtime', 'Starting Python', 'Loading Tensorglot']) expect(stages).toContain(s);
});

test('a traceback line in the console links to that line in the editor', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'x = 1\n\ny = x / 0\nprint(y)\n');
  await page.getByTestId('run').click();
  await page.getByTestId('console').getByRole('button', { name: '→ line 3' }).click();
  const sel = await page.evaluate(() => (window as any).__tensorglot.editors.source.getSelection());
  expect([sel.startLineNumber, sel.endLineNumber]).toEqual([3, 3]);
});

test('the split between source and results is resizable', async ({ page }) => {
  await openApp(page);
  const width = async () => (await page.getByTestId('source-editor').boundingBox())!.width;
  const before = await width();
  await page.getByRole('separator', { name: 'Resize panes' }).focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await expect.poll(width).toBeLessThan(before - 50);
});

test('code that ignores the interrupt is ended by the watchdog: worker restarted, the UI says so, code kept', async ({ page }) => {
  await openApp(page);
  // Its own SIGINT handler swallows every interrupt Stop sends.
  const stubborn = '# stubborn\nimport signal\nsignal.signal(signal.SIGINT, lambda signum, frame: None)\nprint("deaf", flush=True)\nwhile True:\n    pass\n';
  await setSource(page, stubborn);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('deaf'); // the handler is in place
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('console')).toContainText(/did not respond within \d+ ms, so the engine was restarted/);
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
  await expect(page.getByTestId('source-editor')).toContainText('# stubborn');
  await setSource(page, 'print("new worker")\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('new worker');
});
