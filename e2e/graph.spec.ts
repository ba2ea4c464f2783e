// The Graph tab against the real engine: the seed's tracing examples, compare panes,
// node -> source line, exports, and the bad-input paths (nothing traced, failed trace).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openApp, setSource } from './fixtures';

// The seed's ivy_func example, as written there (with the imports a script needs; the
// examples file loops over the backends itself, here the compare checkboxes choose them).
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

// pure_ivy, pure_torch and mix, each with its own tracing lines after the file's imports,
// cut from their one copy (the seed file the Python tests run too)
const [SEED_HEAD, ...SEED_PARTS] = readFileSync(
  new URL('../examples/seed_tracer_torch.py', import.meta.url), 'utf8').split(/^(?=def )/m);
const SAME_GRAPH: Record<string, string> = Object.fromEntries(
  SEED_PARTS.map((part) => [part.slice('def '.length, part.indexOf('(')), SEED_HEAD + part]));

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
  await expect(pane).toHaveAttribute('data-op-labels', /torch\.sin/); // the last good graph, not a blank pane
  await page.screenshot({ path: 'test-results/graph-trace-failed.png' });
  // the error's line link takes the editor there
  await page.getByTestId('graph-error').getByRole('button', { name: 'line 4' }).click();
  expect(await page.evaluate(() => (window as any).__tensorglot.editors.source.getPosition().lineNumber)).toBe(4);
});

/** The drawn pane of a backend (or pane key), once its layout is on screen. */
async function readyPane(page: Page, selector: string) {
  const pane = page.locator(`[data-testid=graph-pane]${selector}`);
  await expect(pane).toHaveAttribute('data-ready', 'true');
  return pane;
}

const graphHook = <T>(page: Page, fn: string, ...args: unknown[]) =>
  page.evaluate(([fn, args]) => (window as any).__tensorglot.graph[fn as string](...(args as unknown[])), [fn, args] as const) as Promise<T>;

test('after Verify, the graph colours module groups and ops by verdict; an edit marks the colours stale', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption('transformer_block');
  await page.getByTestId('tab-verify').click();
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('verify-verdict')).toContainText('PASS', { timeout: 30_000 });

  await page.getByTestId('tab-graph').click(); // opening the tab traces the source once
  const pane = await readyPane(page, '[data-backend=torch]');
  // attn, attn/qkv, attn/proj, ln1, ln2, mlp (a Sequential) and mlp/0..3 were each compared
  const key = (await pane.getAttribute('data-pane-key'))!; // the traced model's name
  await expect(pane).toHaveAttribute('data-verdict-pass', '10');
  await expect(pane).toHaveAttribute('data-verdict-fail', '0');
  await expect(pane).toHaveAttribute('data-verdict-stale', 'false');
  await expect(pane.getByTestId('graph-verdict-legend')).toContainText('pass 10');
  const drawn = await graphHook<any>(page, 'verdicts', key);
  expect(drawn.groups).toEqual({ PASS: 10, INACCURATE: 0, FAIL: 0 });
  expect(drawn.ops.PASS).toBeGreaterThan(10); // every op of the block sits in a passing layer or the passing entry
  expect(drawn.ops.FAIL + drawn.ops.INACCURATE).toBe(0);
  await page.screenshot({ path: 'test-results/graph-verify-pass.png' });

  // the inspector names the layer of a selected op, with its verdict and max abs error
  const softmax = (await pane.getAttribute('data-op-labels'))!.split(',').find((l) => l.includes('softmax'))!;
  // the block is too deep to fit legibly, so it opens on its inputs; the user fits it to see all
  await expect(pane.getByTestId('graph-focus-note')).toContainText('inputs');
  await pane.getByRole('button', { name: 'Fit the whole graph' }).click();
  await expect(pane).toHaveAttribute('data-view', 'fit');
  const at = await graphHook<{ x: number; y: number }>(page, 'nodeCentre', key, softmax);
  await page.mouse.click(at.x, at.y);
  const verdict = page.getByTestId('inspector-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'PASS');
  await expect(verdict).toContainText('attn');
  await expect(verdict).toContainText('max abs');

  // editing the source leaves the colours on, faded, and says so
  await setSource(page, (await page.evaluate(() => (window as any).__tensorglot.editors.source.getValue())) + '\n# edited\n');
  await expect(pane).toHaveAttribute('data-verdict-stale', 'true');
  await expect(pane.getByTestId('graph-verdict-legend')).toContainText('stale');
  expect((await graphHook<any>(page, 'verdicts', key)).stale).toBeGreaterThan(0);
});

test('verdict colours: yellow and red groups, the first divergence outlined (fixture report)', async ({ page }) => {
  await openApp(page);
  const [net] = JSON.parse(readFileSync(new URL('../src/panes/graph/__fixtures__/modules.json', import.meta.url), 'utf8'));
  await graphHook(page, 'load', [net]);
  const layer = (name: string, verdict: string, max_abs: number | null) => ({ name, verdict, max_abs, max_rel: null, message: null, module: name.replace(/\./g, '/') });
  await graphHook(page, 'showVerify', {
    verdict: 'INACCURATE',
    outputs: [],
    layers: [
      layer('encoder.layers.0.attn', 'PASS', 0),
      layer('encoder.layers.0.mlp', 'PASS', 1e-7),
      layer('encoder.layers.1.attn', 'INACCURATE', 0.03),
      layer('encoder.layers.1.mlp', 'FAIL', null),
      { ...layer('Net', 'INACCURATE', 0.5), module: '' },
    ],
    first_divergence: 'encoder.layers.1.attn',
    error: null,
    ms: 1,
  });
  const pane = await readyPane(page, '[data-backend=torch]');
  await expect(pane).toHaveAttribute('data-verdict-pass', '2');
  await expect(pane).toHaveAttribute('data-verdict-inaccurate', '1');
  await expect(pane).toHaveAttribute('data-verdict-fail', '1');
  await expect(pane.getByTestId('graph-verdict-legend')).toContainText('first divergence: encoder.layers.1.attn');
  const drawn = await graphHook<any>(page, 'verdicts', 'torch');
  expect(drawn.groups).toEqual({ PASS: 2, INACCURATE: 1, FAIL: 1 });
  expect(drawn.first).toEqual(['attn']);
  // ops: 3 + 2 in passing layers, 3 in the inaccurate attn, 2 in the failing mlp, and the root mul takes the entry's verdict
  expect(drawn.ops).toEqual({ PASS: 5, INACCURATE: 4, FAIL: 2 });
  await page.screenshot({ path: 'test-results/graph-verify-mixed.png' });
  // the colours can be switched off
  await page.getByTestId('graph-verdicts').uncheck();
  await expect(pane.getByTestId('graph-verdict-legend')).toHaveCount(0);
  expect((await graphHook<any>(page, 'verdicts', 'torch')).groups).toEqual({ PASS: 0, INACCURATE: 0, FAIL: 0 });
});

test('Source ⇄ converted: the source graph beside the converted code’s graph, each labelled', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption('mlp_classifier');
  await expect.poll(() => page.evaluate(() => (window as any).__tensorglot.editors.output.getValue())).toContain('tf.');
  await page.getByTestId('tab-graph').click();
  await readyPane(page, '[data-backend=torch]'); // the tab's own first trace
  await page.getByTestId('trace-converted').click();
  const panes = page.getByTestId('graph-pane');
  await expect(panes).toHaveCount(2);
  await expect(panes.nth(0)).toHaveAttribute('data-pane-key', 'source · torch');
  await expect(panes.nth(1)).toHaveAttribute('data-pane-key', 'converted · tensorflow');
  await expect(panes.nth(0).locator('.fw-badge')).toHaveText('source · torch');
  await expect(panes.nth(1).locator('.fw-badge')).toHaveText('converted · tensorflow');
  await expect(panes.nth(0)).toHaveAttribute('data-backend', 'torch');
  await expect(panes.nth(1)).toHaveAttribute('data-backend', 'tensorflow');
  for (const p of await panes.all()) await expect(p).toHaveAttribute('data-ready', 'true');
  expect(await panes.nth(0).getAttribute('data-op-labels')).toMatch(/torch\.nn\.functional\.linear/);
  expect(await panes.nth(1).getAttribute('data-op-labels')).toMatch(/(^|,)tf\./);
  await expect(page.getByTestId('graph-diff')).toContainText('converted · tensorflow');
  await page.screenshot({ path: 'test-results/graph-source-converted.png' });
});

test('a 1,000-node graph opens at a readable zoom on its output, and fits on demand', async ({ page }) => {
  await openApp(page);
  const { syntheticGraph } = await import('../bench/synthetic-graph.mjs');
  await graphHook(page, 'load', [{ ...syntheticGraph(1000, { modules: false }), title: 'big' }]);
  const pane = await readyPane(page, '[data-pane-key=big]');
  await expect(pane).toHaveAttribute('data-view', 'focus');
  await expect(pane.getByTestId('graph-focus-note')).toBeVisible();
  const opened = await graphHook<{ zoom: number; outputsInView: boolean }>(page, 'viewport', 'big');
  expect(opened.outputsInView).toBe(true);
  expect(opened.zoom).toBeGreaterThanOrEqual(0.66);
  await page.screenshot({ path: 'test-results/graph-large-open.png' });
  await pane.getByTestId('graph-fit').click();
  await expect(pane).toHaveAttribute('data-view', 'fit');
  expect((await graphHook<{ zoom: number }>(page, 'viewport', 'big')).zoom).toBeLessThan(0.1);
});

// A script that traces itself (its last line calls the model): ops inside nested modules,
// non-tensor arguments, and a value the test knows (cat of ones).
const NESTED = `import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)

    def forward(self, x):
        return torch.softmax(self.fc(x), dim=-1)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()

    def forward(self, x):
        y = torch.cat([x, x], dim=1)
        return self.block(x).sum(dim=0), y


out = Net()(torch.ones(2, 3))
`;
/** A script's own trace is titled by what it traced: the pane key is the model's name. */
const NET = 'Net';

test('inspector: function, arguments, shapes, dtypes, value preview, module path and source line', async ({ page }) => {
  await openApp(page);
  await traceOn(page, NESTED, ['torch'], 1);
  const inspector = page.getByTestId('graph-inspector');
  const click = async (label: string) => {
    const at = await graphHook<{ x: number; y: number }>(page, 'nodeCentre', NET, label);
    await page.mouse.click(at.x, at.y);
    await expect(page.getByTestId('inspector-label')).toHaveText(label);
  };
  await click('torch.cat');
  const args = inspector.getByTestId('inspector-arg');
  // two tensor arguments (the list's items, with shape and dtype) and the keyword dim=1
  await expect(args).toHaveCount(3);
  await expect(args.nth(0)).toContainText('0[0] ←');
  await expect(args.nth(0)).toContainText('float32[2,3]');
  await expect(args.nth(2)).toHaveText(/dim = 1/);
  await expect(inspector).toContainText('float32[2,6]'); // the result
  await expect(inspector.locator('.value-preview')).toHaveText(/^\[\[1\.0, 1\.0, 1\.0, 1\.0, 1\.0, 1\.0\], \[1\.0/);
  await expect(inspector).toContainText(`line ${lineOf(NESTED, 'torch.cat(')}`);

  await click('torch.softmax');
  await expect(inspector.getByTestId('inspector-arg').filter({ hasText: 'dim = -1' })).toHaveCount(1);
  await expect(inspector.getByTestId('inspector-arg').filter({ hasText: 'float32[2,4]' })).toHaveCount(1);
  await expect(inspector.locator('dd code').filter({ hasText: /^block$/ })).toHaveCount(1); // module path
  expect(await page.evaluate(() => (window as any).__tensorglot.editors.source.getSelection().startLineNumber)).toBe(lineOf(NESTED, 'torch.softmax('));
  await page.screenshot({ path: 'test-results/graph-inspector.png' });
});

test('search (Ctrl+F) by op name or argument, the source cursor highlights its nodes, groups collapse and expand', async ({ page }) => {
  await openApp(page);
  await traceOn(page, NESTED, ['torch'], 1);
  // Ctrl+F inside the graph view goes to the graph's search box
  const canvas = page.locator('[data-testid=graph-pane] canvas').first();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + 4, box.y + 4); // empty corner: focuses the view, selects nothing
  await page.keyboard.press('Control+f');
  const search = page.getByTestId('graph-search');
  await expect(search).toBeFocused();
  await page.keyboard.type('dim:1');
  await expect(page.locator('.match-count')).toHaveText('1 found');
  expect(await graphHook(page, 'withClass', NET, 'match')).toEqual(['torch.cat']);
  expect((await graphHook<string[]>(page, 'withClass', NET, 'dim')).length).toBeGreaterThan(3); // the rest fade
  await search.fill('softmax');
  expect(await graphHook(page, 'withClass', NET, 'match')).toEqual(['torch.softmax']);
  await search.press('Enter'); // steps to the match
  await expect(page.getByTestId('inspector-label')).toHaveText('torch.softmax');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  expect(await graphHook(page, 'withClass', NET, 'match')).toEqual([]);

  // the cursor on a source line lights up the nodes that line made
  await page.evaluate((n) => (window as any).__tensorglot.editors.source.setPosition({ lineNumber: n, column: 9 }), lineOf(NESTED, 'torch.cat('));
  await expect.poll(() => graphHook(page, 'withClass', NET, 'line-hit')).toEqual(['torch.cat']);
  await page.evaluate((n) => (window as any).__tensorglot.editors.source.setPosition({ lineNumber: n, column: 9 }), lineOf(NESTED, 'return self.block(x)'));
  await expect.poll(() => graphHook<string[]>(page, 'withClass', NET, 'line-hit').then((l) => l.sort())).toEqual(['torch.sum']);

  // module paths are compound nodes: block holds block/fc; collapse all, expand one by double-click, expand all
  const pane = page.getByTestId('graph-pane');
  const drawn = () => graphHook<number>(page, 'drawnCount', NET);
  const expanded = await drawn();
  expect(await graphHook(page, 'nodeCentre', NET, 'group:block')).not.toBeNull();
  expect(await graphHook(page, 'nodeCentre', NET, 'group:block/fc')).not.toBeNull();
  await page.getByRole('button', { name: 'Collapse all module groups' }).click();
  await expect.poll(drawn).toBeLessThan(expanded);
  await expect(pane).toHaveAttribute('data-ready', 'true');
  expect(await graphHook(page, 'nodeCentre', NET, 'group:block/fc')).toBeNull(); // hidden inside block
  expect(await graphHook(page, 'nodeCentre', NET, 'torch.softmax')).toBeNull();
  const block = (await graphHook<{ x: number; y: number }>(page, 'nodeCentre', NET, 'group:block'))!;
  await page.mouse.dblclick(block.x, block.y);
  await expect.poll(() => graphHook(page, 'nodeCentre', NET, 'torch.softmax')).not.toBeNull(); // block open, block/fc still shut
  expect(await graphHook(page, 'nodeCentre', NET, 'torch.nn.functional.linear')).toBeNull();
  await page.getByRole('button', { name: 'Expand all module groups' }).click();
  await expect.poll(drawn).toBe(expanded);
});

test('four panes side by side; node kinds and frameworks look different; edges are labelled with shape and dtype; wheel zooms', async ({ page }) => {
  await openApp(page);
  await traceOn(page, IVY_FUNC, ['torch', 'tensorflow', 'numpy', 'jax'], 4);
  const boxes = await Promise.all((await page.getByTestId('graph-pane').all()).map((p) => p.boundingBox()));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width - 1); // in a row
  const look = (pane: string, label: string) => graphHook<{ fill: string; shape: string }>(page, 'look', pane, label);
  const labels = async (pane: string) => (await page.locator(`[data-testid=graph-pane][data-backend=${pane}]`).getAttribute('data-op-labels'))!.split(',');
  const opFill: Record<string, string> = {};
  for (const b of ['torch', 'tensorflow', 'numpy', 'jax']) {
    const op = await look(b, (await labels(b))[0]);
    const input = await look(b, (await graphHook<string[]>(page, 'labelsOfKind', b, 'input'))[0]);
    const output = await look(b, 'output');
    expect(op.shape, b).toBe('round-rectangle');
    expect(input.shape, b).toBe('ellipse');
    expect(new Set([op.fill, input.fill, output.fill]).size, b).toBe(3);
    opFill[b] = op.fill;
  }
  expect(new Set(Object.values(opFill)).size).toBe(4); // one colour per framework
  // diag of the [1,3] input and matmul with y: shapes and dtypes on the edges
  const edges = await graphHook<string[]>(page, 'edgeLabels', 'tensorflow');
  expect(edges).toContain('float32[1,3]');
  expect(edges.every((l) => /^float32\[[\d,]*\]$/.test(l))).toBe(true);

  const zoom = async () => (await graphHook<{ zoom: number }>(page, 'viewport', 'jax')).zoom;
  const before = await zoom();
  const canvas = (await page.locator('[data-testid=graph-pane][data-backend=jax] canvas').first().boundingBox())!;
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(zoom).toBeGreaterThan(before);
});

test('a large graph with module groups opens with them collapsed and says so', async ({ page }) => {
  await openApp(page);
  const { syntheticGraph } = await import('../bench/synthetic-graph.mjs');
  await graphHook(page, 'load', [{ ...syntheticGraph(1000), title: 'grouped' }]);
  const pane = await readyPane(page, '[data-pane-key=grouped]');
  await expect(pane.getByTestId('graph-collapsed-note')).toContainText(/Large graph \(1000 nodes\): \d+ module groups start collapsed/);
  expect(await graphHook<number>(page, 'drawnCount', 'grouped')).toBeLessThan(200);
  await page.screenshot({ path: 'test-results/graph-large-grouped.png' });
  await page.getByRole('button', { name: 'Expand all module groups' }).click();
  await expect(pane.getByTestId('graph-collapsed-note')).toHaveCount(0);
  await expect.poll(() => graphHook<number>(page, 'drawnCount', 'grouped'), { timeout: 30_000 }).toBeGreaterThan(1000);
});

test('Source ⇄ converted on every ticked backend: torch source beside its TensorFlow, JAX and NumPy conversions', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('examples').selectOption('mlp_classifier');
  await expect.poll(() => page.evaluate(() => (window as any).__tensorglot.editors.output.getValue())).toContain('tf.');
  await page.getByTestId('tab-graph').click();
  await readyPane(page, '[data-backend=torch]');
  for (const f of ['torch', 'tensorflow', 'jax', 'numpy']) await page.getByTestId(`compare-${f}`).setChecked(f !== 'torch');
  await page.getByTestId('trace-converted').click();
  const panes = page.getByTestId('graph-pane');
  await expect(panes).toHaveCount(4);
  const keys = await panes.evaluateAll((els) => els.map((e) => e.getAttribute('data-pane-key')));
  expect(keys).toEqual(['source · torch', 'converted · tensorflow', 'converted · jax', 'converted · numpy']);
  const prefix: Record<string, RegExp> = { torch: /^torch\./, tensorflow: /^tf\./, jax: /^(jax|jnp)\./, numpy: /^(numpy|np|ndarray)\./ };
  for (const p of await panes.all()) {
    await expect(p).toHaveAttribute('data-ready', 'true');
    const backend = (await p.getAttribute('data-backend'))!;
    const labels = (await p.getAttribute('data-op-labels'))!.split(',');
    expect(labels.length, backend).toBeGreaterThan(2);
    for (const l of labels) expect(l, backend).toMatch(prefix[backend]);
  }
  await page.screenshot({ path: 'test-results/graph-source-converted-all.png' });
});
