// Verify (issue 7): the panel runs source and conversion on the same inputs and weights.
import { writeFileSync } from 'node:fs';
import { test, expect, openApp, setSource } from './fixtures';

const NORM_NET = [
  'import torch',
  'import torch.nn as nn',
  '',
  '',
  'class Norm(nn.Module):',
  '    def forward(self, x):',
  '        mu = x.mean(dim=-1, keepdim=True)',
  '        return (x - mu) / torch.sqrt(torch.var(x, dim=-1, keepdim=True) + 1e-5)',
  '',
  '',
  'class Net(nn.Module):',
  '    def __init__(self, width):',
  '        super().__init__()',
  '        self.fc = nn.Linear(width, width)',
  '        self.norm = Norm()',
  '        self.out = nn.Linear(width, 3)',
  '',
  '    def forward(self, x):',
  '        return self.out(self.norm(self.fc(x)))',
  '',
  '',
  'net = Net(6)',
  'y = net(torch.randn(2, 6))',
  '',
].join('\n');

test('gallery example verifies PASS, with per-output figures and a badge on the converted pane', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption('mlp_classifier');
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify').click();
  const report = page.getByTestId('verify-report');
  await expect(report).toContainText('PASS', { timeout: 30_000 });
  await expect(page.getByTestId('verify-verdict')).toContainText('PASS');
  const outputs = page.getByTestId('verify-outputs');
  await expect(outputs).toContainText('MLP');
  await expect(outputs).toContainText('[4, 10]');
  await expect(outputs).toContainText('float32');
  await expect(report).toContainText('eval mode');
  await page.screenshot({ path: 'test-results/verify-panel.png' });

  await page.getByTestId('tab-converted').click();
  const badge = page.getByTestId('verify-badge');
  await expect(badge).toHaveAttribute('data-verdict', 'PASS');
  await expect(badge).not.toContainText('stale');
  await badge.click();
  await expect(page.getByTestId('tab-verify')).toHaveAttribute('aria-selected', 'true');
});

test('an explicit entry with form inputs, a stale badge after an edit, and a failing source', async ({ page }) => {
  await openApp(page);
  await setSource(page, NORM_NET);
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify-entry').fill('Net');
  await page.getByTestId('verify-inputs').fill('x=float32[5,6]');
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('verify-verdict')).toContainText('PASS', { timeout: 30_000 });
  await expect(page.getByTestId('verify-outputs')).toContainText('[5, 3]');
  await expect(page.getByTestId('verify-report')).toContainText('built as Net(6)');

  // editing the code marks the last verdict stale
  await setSource(page, NORM_NET.replace('width, 3', 'width, 2'));
  await page.getByTestId('tab-converted').click();
  await expect(page.getByTestId('verify-badge')).toContainText('stale');

  await setSource(page, 'import torch\nx = torch.ones(2)\nraise ValueError("boom")\n');
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify-entry').fill('');
  await page.getByTestId('verify-inputs').fill('');
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('verify-verdict')).toContainText('FAIL', { timeout: 30_000 });
  await expect(page.getByTestId('verify-report')).toContainText('boom');
});

test('gallery transformer block verifies PASS in the worker (its time is recorded for bench/bench_verify.py)', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption('transformer_block');
  await expect.poll(() => page.evaluate(() => (window as any).__tensorglot.editors.output.getValue() as string)).toContain('class TransformerBlock');
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify').click();
  const verdict = page.getByTestId('verify-verdict');
  const report = page.getByTestId('verify-report');
  await expect(report).toHaveAttribute('data-runs', '1', { timeout: 30_000 });
  await expect(verdict).toContainText('PASS');
  const ms = Number(/(\d+) ms/.exec((await verdict.textContent()) ?? '')?.[1]);
  expect(ms).toBeGreaterThan(0);
  // a second run: the emulated frameworks are imported by now
  await page.getByTestId('verify').click();
  await expect(report).toHaveAttribute('data-runs', '2', { timeout: 30_000 });
  await expect(verdict).toContainText('PASS');
  const warm = Number(/(\d+) ms/.exec((await verdict.textContent()) ?? '')?.[1]);
  const out = process.env.TG_VERIFY_BENCH_OUT;
  if (out) writeFileSync(out, JSON.stringify({ first_verify_ms: ms, second_verify_ms: warm }));
});
