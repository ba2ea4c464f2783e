// Acceptance of issue 4 (Product: converted pane, markers on both editors, hover links, convert
// rate) and issue 7 (an INACCURATE verdict in the UI: tolerances, per-layer table, badge, graph).
import { test, expect, openApp, setSource, outputText } from './fixtures';

const UNSUPPORTED = ['import torch', '', '', 'def f(x):', '    y = torch.sin(x)', '    return torch.erfinv(y)', ''].join('\n');

type Marker = { severity: number; line: number; message: string; text: string };
const markersOf = (page: import('@playwright/test').Page, editor: 'source' | 'output') =>
  page.evaluate((which) => {
    const tg = (window as any).__tensorglot;
    const model = tg.editors[which].getModel();
    return tg.monaco.editor.getModelMarkers({ resource: model.uri }).map((m: any) => ({ severity: m.severity, line: m.startLineNumber, message: m.message, text: model.getValueInRange(m) }));
  }, editor) as Promise<Marker[]>;

test('an unsupported API: warning markers on both editors at linked lines, a comment in the output, the convert rate in the status bar', async ({ page }) => {
  await openApp(page);
  await setSource(page, UNSUPPORTED);
  await expect.poll(() => outputText(page)).toContain('# tensorglot: unsupported torch.erfinv');
  const WARNING = 4; // monaco.MarkerSeverity.Warning
  // the squiggle covers exactly the unsupported call
  await expect.poll(() => markersOf(page, 'source')).toContainEqual(expect.objectContaining({ severity: WARNING, line: 6, text: 'torch.erfinv(y)' }));
  const outLines = (await outputText(page)).split('\n');
  const erfinvLine = outLines.findIndex((l) => l.includes('torch.erfinv(y)')) + 1;
  expect(erfinvLine).toBeGreaterThan(0);
  await expect.poll(() => markersOf(page, 'output')).toContainEqual(expect.objectContaining({ severity: WARNING, line: erfinvLine }));
  expect((await markersOf(page, 'output')).find((m) => m.line === erfinvLine)!.message).toContain('torch.erfinv');
  // 2 torch APIs, one converted: the rate the status bar shows
  await expect(page.getByTestId('convert-rate')).toContainText('converted 1/2 APIs (50%)');
  await page.screenshot({ path: 'test-results/acceptance-unsupported.png' });
});

test('hovering a source line with the mouse lights up its converted line, and back', async ({ page }) => {
  await openApp(page);
  await setSource(page, UNSUPPORTED);
  await expect.poll(() => outputText(page)).toContain('tf.math.sin(x)');
  const hot = (id: string) => page.getByTestId(id).locator('.view-overlays .tg-link-hot');
  await expect(hot('output-editor')).toHaveCount(0);
  // the source line `y = torch.sin(x)` (line 5), by mouse over its text
  await page.getByTestId('source-editor').locator('.view-line', { hasText: 'y = torch.sin(x)' }).hover();
  await expect(hot('source-editor')).toHaveCount(1);
  await expect(hot('output-editor')).not.toHaveCount(0);
  const litOut = await page.evaluate(() => {
    const out = (window as any).__tensorglot.editors.output;
    return out.getModel().getAllDecorations().filter((d: any) => /tg-link-hot/.test(d.options.className ?? '')).map((d: any) => out.getModel().getLineContent(d.range.startLineNumber));
  });
  expect(litOut).toContain('    y = tf.math.sin(x)');
  // and from the output side: hovering `def f(x):` there lights the source's `def f(x):`
  await page.getByTestId('output-editor').locator('.view-line', { hasText: 'def f(x):' }).hover();
  const litSrc = await page.evaluate(() => {
    const src = (window as any).__tensorglot.editors.source;
    return src.getModel().getAllDecorations().filter((d: any) => /tg-link-hot/.test(d.options.className ?? '')).map((d: any) => src.getModel().getLineContent(d.range.startLineNumber));
  });
  expect(litSrc).toEqual(['def f(x):']);
  await page.screenshot({ path: 'test-results/acceptance-hover-link.png' });
});

test('Verify with tolerances of 0: INACCURATE per output and per layer, the first divergence named, the badge and the graph say so', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption('lstm_lm');
  await expect.poll(() => outputText(page)).toContain('class LSTMLanguageModel');
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify-atol').fill('0');
  await page.getByTestId('verify-rtol').fill('0');
  await page.getByTestId('verify').click();
  const verdict = page.getByTestId('verify-verdict');
  await expect(verdict).toContainText('INACCURATE', { timeout: 30_000 });
  await expect(page.getByTestId('verify-report')).toContainText('INACCURATE');
  await expect(page.getByTestId('verify-first-divergence')).toHaveText('lstm');
  const lstmRow = page.getByTestId('verify-layers').locator('tr', { has: page.locator('code', { hasText: /^lstm$/ }) });
  await expect(lstmRow).toContainText('INACCURATE');
  await expect(lstmRow).toHaveClass(/first-divergence/);
  // the embedding before it matches exactly
  await expect(page.getByTestId('verify-layers').locator('tr', { has: page.locator('code', { hasText: /^embedding$/ }) })).toContainText('PASS');
  await expect(page.getByTestId('verify-outputs')).toContainText('INACCURATE');
  await page.screenshot({ path: 'test-results/acceptance-verify-inaccurate.png' });

  await page.getByTestId('tab-converted').click();
  await expect(page.getByTestId('verify-badge')).toHaveAttribute('data-verdict', 'INACCURATE');

  // the graph colours the diverging layer yellow
  await page.getByTestId('tab-graph').click();
  const pane = page.locator('[data-testid=graph-pane][data-backend=torch]');
  await expect(pane).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(pane).toHaveAttribute('data-verdict-inaccurate', /^[1-9]/);
  await expect(pane.getByTestId('graph-verdict-legend')).toContainText('first divergence: lstm');
  await page.screenshot({ path: 'test-results/acceptance-graph-inaccurate.png' });

  // the default tolerances (1e-5) accept the same run
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify-atol').fill('1e-5');
  await page.getByTestId('verify-rtol').fill('1e-5');
  await page.getByTestId('verify').click();
  await expect(verdict).toContainText('PASS', { timeout: 30_000 });
});

test('a model the script never builds: its constructor arguments come from the form', async ({ page }) => {
  await openApp(page);
  await setSource(page, [
    'import torch',
    'import torch.nn as nn',
    '',
    '',
    'class Net(nn.Module):',
    '    def __init__(self, width, classes):',
    '        super().__init__()',
    '        self.fc = nn.Linear(width, classes)',
    '',
    '    def forward(self, x):',
    '        return torch.log_softmax(self.fc(x), dim=-1)',
    '',
  ].join('\n'));
  await expect.poll(() => outputText(page)).toContain('class Net(');
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify').click();
  // no arguments anywhere: the report says what to give
  await expect(page.getByTestId('verify-verdict')).toContainText('FAIL', { timeout: 30_000 });
  await expect(page.getByTestId('verify-report')).toContainText('Net cannot be built without constructor arguments');
  await page.getByTestId('verify-init').fill('width=6, classes=3');
  await page.getByTestId('verify-inputs').fill('x=float32[4,6]');
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('verify-verdict')).toContainText('PASS', { timeout: 30_000 });
  await expect(page.getByTestId('verify-outputs')).toContainText('[4, 3]');
  await expect(page.getByTestId('verify-report')).toContainText('Net(width=6, classes=3)');
  await page.screenshot({ path: 'test-results/acceptance-verify-init.png' });
});
