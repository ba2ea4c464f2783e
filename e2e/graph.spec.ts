// The Graph tab against the real engine: the seed's tracing examples, compare panes,
// node -> source line, exports, and the bad-input paths (nothing traced, failed trace).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openApp, setSource } from './fixtures';

// The seed's examples, as written there (with the imports a script needs).
const IVY_FUNC = `import ivy

def ivy_func(x, y):
    w = ivy.diag(x)
    z = ivy.matmul(w, y)
    return z

# input
x = ivy.array([[1., 2., 3.]])
y = ivy.array([[2., 3., 4.]])
# create graph
graph = ivy.trace_graph(
    ivy_func, x, y)
# call graph
ret = graph(x, y)
`;

const body = (name: string, mean: string, sum: string, v: string, cos: string, sin: string, tan: string, cat: string) => `
def ${name}(x):
    y = ${mean}(x)
    z = ${sum}(x)
    f = ${v}(y)
    k = ${cos}(z)
    m = ${sin}(f)
    o = ${tan}(y)
    return ${cat}(
        [k, m, o], -1)
`;
const SAME_GRAPH: Record<string, string> = {
  pure_ivy: `import ivy\nimport torch\n${body('pure_ivy', 'ivy.mean', 'ivy.sum', 'ivy.var', 'ivy.cos', 'ivy.sin', 'ivy.tan', 'ivy.concatenate')}
# input
x = ivy.array([[1., 2., 3.]])
# create graph
graph = ivy.trace_graph(
    pure_ivy, x)
# call graph
ret = graph(x)
`,
  pure_torch: `import ivy\nimport torch\n${body('pure_torch', 'torch.mean', 'torch.sum', 'torch.var', 'torch.cos', 'torch.sin', 'torch.tan', 'torch.cat')}
# input
x = torch.tensor([[1., 2., 3.]])
# create graph
graph = ivy.trace_graph(
    pure_torch, x)
# call graph
ret = graph(x)
`,
  mix: `import ivy\nimport torch\n${body('mix', 'ivy.mean', 'torch.sum', 'ivy.var', 'torch.cos', 'ivy.sin', 'torch.tan', 'ivy.concatenate')}
# input
x = ivy.array([[1., 2., 3.]])
# create graph
graph = ivy.trace_graph(
    mix, x)
# call graph
ret = graph(x)
`,
};

/** Source on `backends` (compare checkboxes), Trace, and wait for `panes` panes drawn. */
async function traceOn(page: Page, source: string, backends: string[], panes: number) {
  await setSource(page, source);
  await page.getByTestId('tab-graph').click();
  const traceButton = page.getByTestId('trace');
  await expect(traceButton).toBeEnabled();
  for (const f of ['torch', 'tensorflow', 'jax', 'numpy']) await page.getByTestId(`compare-${f}`).setChecked(backends.includes(f));
  await traceButton.click();
  await expect(traceButton).toBeEnabled();
  const view = page.getByTestId('graph-view');
  await expect(view.getByTestId('graph-pane')).toHaveCount(panes);
  for (const p of await view.getByTestId('graph-pane').all()) await expect(p).toHaveAttribute('data-ready', 'true');
}

const lineOf = (source: string, text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;

test('ivy_func traced on tensorflow, numpy and jax: three panes of those backends’ functions', async ({ page }) => {
  await openApp(page);
  await traceOn(page, IVY_FUNC, ['tensorflow', 'numpy', 'jax'], 3);
  const panes = page.getByTestId('graph-pane');
  const seen: Record<string, string[]> = {};
  for (const p of await panes.all()) seen[(await p.getAttribute('data-backend'))!] = (await p.getAttribute('data-op-labels'))!.split(',');
  expect(Object.keys(seen).sort()).toEqual(['jax', 'numpy', 'tensorflow']);
  const prefix: Record<string, RegExp> = { tensorflow: /^tf\./, numpy: /^(numpy|np)\./, jax: /^(jax\.numpy|jnp)\./ };
  for (const [backend, labels] of Object.entries(seen)) {
    expect(labels, backend).toHaveLength(2); // diag and matmul: nothing else reaches the output
    for (const l of labels) expect(l, backend).toMatch(prefix[backend]);
    expect(labels.some((l) => l.includes('diag')), backend).toBe(true);
    expect(labels.some((l) => l.includes('matmul')), backend).toBe(true);
  }
  // the backends differ, so every op is listed as present in one pane only
  await expect(page.getByTestId('graph-diff')).toContainText('tf.');
  await expect(page.getByTestId('graph-identical')).toHaveCount(0);
});

test('pure_ivy, pure_torch and mix trace to the same graph', async ({ page }) => {
  await openApp(page);
  const graphs: { labels: string; nodes: string }[] = [];
  for (const [name, source] of Object.entries(SAME_GRAPH)) {
    await traceOn(page, source, ['torch'], 1);
    const pane = page.getByTestId('graph-pane');
    await expect(pane, name).toHaveAttribute('data-backend', 'torch');
    graphs.push({ labels: (await pane.getAttribute('data-op-labels'))!, nodes: (await pane.getAttribute('data-node-count'))! });
  }
  // the ops of the seed's pure_torch, once each
  expect(graphs[0].labels).toBe('torch.cat,torch.cos,torch.mean,torch.sin,torch.sum,torch.tan,torch.var');
  expect(graphs[1]).toEqual(graphs[0]);
  expect(graphs[2]).toEqual(graphs[0]);
});

test('clicking a node selects its source line, and its counterparts in the other panes', async ({ page }) => {
  await openApp(page);
  await traceOn(page, IVY_FUNC, ['tensorflow', 'numpy'], 2);
  const tfPane = page.locator('[data-testid=graph-pane][data-backend=tensorflow]');
  const matmul = (await tfPane.getAttribute('data-op-labels'))!.split(',').find((l) => l.includes('matmul'))!;
  const at = await page.evaluate((label) => (window as any).__tensorglot.graph.nodeCentre('tensorflow', label), matmul);
  expect(at).not.toBeNull();
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('inspector-label')).toHaveText(matmul);
  const line = await page.evaluate(() => (window as any).__tensorglot.editors.source.getSelection().startLineNumber);
  expect(line).toBe(lineOf(IVY_FUNC, 'z = ivy.matmul(w, y)'));
  // the numpy pane marks its matmul as the linked counterpart
  const linked = await page.evaluate(() => {
    const cy = (window as any).__tensorglot.graph;
    return cy.linked('numpy');
  });
  expect(linked).toHaveLength(1);
  expect(linked[0]).toContain('matmul');
});

test('each export produces a non-empty file of its format', async ({ page }) => {
  await openApp(page);
  await traceOn(page, IVY_FUNC, ['jax'], 1);
  const check: Record<string, (b: Buffer) => void> = {
    png: (b) => expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'),
    svg: (b) => {
      const text = b.toString('utf8');
      expect(text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(text).toContain('matmul');
      expect(text.trim().endsWith('</svg>')).toBe(true);
    },
    json: (b) => {
      const g = JSON.parse(b.toString('utf8'));
      expect(g.backend).toBe('jax');
      expect(g.nodes.filter((n: any) => n.kind === 'op')).toHaveLength(2);
    },
  };
  for (const [format, verify] of Object.entries(check)) {
    await page.locator('.export-menu summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
    expect(download.suggestedFilename()).toBe(`jax-graph.${format}`);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.length, format).toBeGreaterThan(0);
    verify(bytes);
  }
});

test('code that traces nothing offers an entry form; a failed trace keeps the last graph greyed', async ({ page }) => {
  await openApp(page);
  const plain = 'import torch\n\ndef f(x):\n    return torch.sin(x) * 2\n';
  await setSource(page, plain);
  await page.getByTestId('tab-graph').click();
  await expect(page.getByTestId('trace')).toBeEnabled();
  await page.getByTestId('trace').click();
  const form = page.getByTestId('entry-form');
  await expect(form).toBeVisible();
  await form.getByLabel('Input x').fill('float32[2,3]');
  await form.getByRole('button', { name: /Trace f/ }).click();
  const pane = page.getByTestId('graph-pane');
  await expect(pane).toHaveCount(1);
  await expect(pane).toHaveAttribute('data-op-labels', /torch\.sin/);

  // now break the code: the error names its line and the graph stays, greyed
  await setSource(page, plain.replace('torch.sin(x) * 2', 'torch.sin(x) * undefined_name'));
  await page.getByTestId('trace').click();
  await expect(page.getByTestId('graph-error')).toContainText('line 4');
  await expect(page.getByTestId('graph-error')).toContainText('undefined_name');
  await expect(pane).toHaveClass(/stale/);
});
