import { test, expect, openApp, setSource, outputText } from './fixtures';

test('the page is served with a same-origin-only Content-Security-Policy', async ({ page }) => {
  const res = await page.goto('/');
  const csp = res!.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toMatch(/https?:|\*/);
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
  // The policy is enforced: a fetch to another origin from the page is refused.
  const blocked = await page.evaluate(() => fetch('http://127.0.0.2:9/x').then(() => false, () => true));
  expect(blocked).toBe(true);
});

for (const mod of ['js', 'pyodide', 'pyodide.ffi', 'pyodide_js', '_pyodide_core', 'ctypes']) {
  test(`user code cannot import ${mod}`, async ({ page }) => {
    await openApp(page);
    await setSource(page, `import ${mod}\nprint("escaped")\n`);
    await page.getByTestId('run').click();
    await expect(page.getByTestId('console')).toContainText('ImportError');
    await expect(page.getByTestId('console')).toContainText('sandbox');
    await expect(page.getByTestId('console')).not.toContainText('escaped');
  });
}

test('infinite recursion ends with a clear RecursionError', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'def f(n):\n    return f(n + 1)\n\nf(0)\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('RecursionError');
  await expect(page.getByTestId('status')).toHaveText('ready');
});

test('a memory bomb ends with a clear message and the code survives', async ({ page }) => {
  await openApp(page);
  const bomb = '# bomb\nx = []\nwhile True:\n    x.append(bytearray(64 * 1024 * 1024))\n';
  await setSource(page, bomb);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText(/MemoryError|restarted|crashed|Time limit/, { timeout: 40_000 });
  await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 45_000 });
  await expect(page.getByTestId('source-editor')).toContainText('# bomb');
});

test('a 1 MB source gets a clear message, not a frozen page, and stays in the editor', async ({ page }) => {
  await openApp(page);
  const big = '# huge file\n' + 'x = 1  # padding padding padding padding padding\n'.repeat(21_000);
  await setSource(page, big);
  await expect(page.getByTestId('convert-error')).toContainText('KB', { timeout: 20_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('SourceTooLarge');
  await expect(page.getByTestId('status')).toHaveText('ready');
  await expect(page.getByTestId('source-editor')).toContainText('# huge file');
});

test('a syntax error is named at its line above the converted code', async ({ page }) => {
  await openApp(page);
  await setSource(page, 'import torch\n\nx = torch.ones(3\n');
  await expect(page.getByTestId('convert-error')).toContainText('Line 3');
});

test('code nested deeper than the parser can take is refused without losing the engine or the code', async ({ page }) => {
  await openApp(page);
  await setSource(page, '# deep\nz = ' + '2**'.repeat(5000) + '2\n');
  await expect(page.getByTestId('convert-error')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status')).toHaveText(/ready/, { timeout: 45_000 });
  await setSource(page, 'print("engine alive")\n');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console')).toContainText('engine alive');
});

test('user code cannot reach the network', async ({ page }) => {
  await openApp(page);
  // The sandbox refuses it before a socket opens (CSP connect-src 'self' is the second wall);
  // nothing leaves the page (fixture).
  await setSource(page, [
    'import socket, urllib.request',
    'for attempt in (lambda: urllib.request.urlopen("http://127.0.0.2:9/x", timeout=3),',
    '                lambda: socket.create_connection(("127.0.0.2", 9), timeout=3)):',
    '    try:',
    '        attempt()',
    '        print("NETWORK REACHED")',
    '    except Exception as e:',
    '        print("refused:", type(e).__name__)',
    '',
  ].join('\n'));
  await page.getByTestId('run').click();
  await expect(page.getByTestId('console').getByText('refused: PermissionError')).toHaveCount(2, { timeout: 20_000 });
  await expect(page.getByTestId('console')).not.toContainText('NETWORK REACHED');
});

// Resource limits (issue 9): each ends with a clear message within seconds; engine and code survive.
const LIMITS: { name: string; source: string; expectIn: 'console' | 'convert'; message: RegExp; count?: number }[] = [
  { name: 'a tensor of 10^8 elements', source: '# limit\nimport torch\nx = torch.zeros(10000, 10000)\n', expectIn: 'console', message: /TensorTooLargeError: .*100,000,000 elements/ },
  { name: 'a 10,000-line file', source: '# limit\nimport torch\n' + 'y = torch.relu(torch.ones(2))\n'.repeat(10_000), expectIn: 'convert', message: /^y = tf\.nn\.relu\(/gm, count: 10_000 },
];
for (const { name, source, expectIn, message, count } of LIMITS) {
  test(`${name} ends with a clear result, the engine and the code survive`, async ({ page }) => {
    await openApp(page);
    await setSource(page, source);
    if (expectIn === 'console') {
      await page.getByTestId('run').click();
      await expect(page.getByTestId('console')).toContainText(message, { timeout: 15_000 });
    } else {
      // Every line converted (the gallery example shown before has relu calls too).
      await expect.poll(async () => (await outputText(page)).match(message)?.length ?? 0, { timeout: 15_000 }).toBe(count);
      await expect(page.getByTestId('convert-error')).toHaveCount(0);
    }
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('source-editor')).toContainText('# limit');
  });
}
