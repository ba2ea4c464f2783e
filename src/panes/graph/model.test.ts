import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../workers/protocol';
import { buildView, convertedTargets, counterpart, differences, GROUP_PREFIX, initialCollapsed, matchNode, moduleAncestors, opLabels, paneKeys, parseTensorSpec } from './model';
import { centres, toElkGraph } from './layout';
import { toSvg } from './svg';
import ivyFunc from './__fixtures__/ivy_func.json';
import modules from './__fixtures__/modules.json';
import { syntheticGraph } from '../../../bench/synthetic-graph.mjs';

const [tf, np, jax] = ivyFunc as Graph[];
const [net] = modules as Graph[];

describe('module groups', () => {
  it('splits a module path into its ancestors', () => {
    expect(moduleAncestors('encoder/layers/0/attn')).toEqual(['encoder', 'encoder/layers', 'encoder/layers/0', 'encoder/layers/0/attn']);
    expect(moduleAncestors(null)).toEqual([]);
  });

  it('draws expanded groups as parents of their nodes', () => {
    const view = buildView(net, new Set());
    const w = view.nodes.find((n) => n.label === 'layers.0.attn.weight')!;
    expect(w.parent).toBe(GROUP_PREFIX + 'encoder/layers/0/attn');
    const attn = view.nodes.find((n) => n.id === GROUP_PREFIX + 'encoder/layers/0/attn')!;
    expect(attn.parent).toBe(GROUP_PREFIX + 'encoder/layers/0');
    expect(view.nodes.filter((n) => n.kind !== 'group')).toHaveLength(net.nodes.length);
  });

  it('a collapsed group stands for everything inside it, edges re-pointed and merged', () => {
    const view = buildView(net, new Set(['encoder/layers/0']));
    const inside = net.nodes.filter((n) => n.module?.startsWith('encoder/layers/0/'));
    for (const n of inside) expect(view.shownAs.get(n.id)).toBe(GROUP_PREFIX + 'encoder/layers/0');
    // nothing under the collapsed group is drawn, and it shows its size (4 attn + 3 mlp nodes)
    expect(view.nodes.some((n) => n.id.startsWith(GROUP_PREFIX + 'encoder/layers/0/'))).toBe(false);
    expect(view.nodes.find((n) => n.id === GROUP_PREFIX + 'encoder/layers/0')!.label).toBe('0 · 7');
    // x -> layer 0 and layer 0 -> layer 1: no self loops remain
    expect(view.edges.every((e) => e.source !== e.target)).toBe(true);
    expect(view.edges.filter((e) => e.source === 'n0')).toHaveLength(1);
  });

  it('small graphs open fully expanded; large ones collapse the most detailed level that fits', () => {
    expect(initialCollapsed(net).size).toBe(0);
    const big = syntheticGraph(1000) as Graph;
    const collapsed = initialCollapsed(big, 250);
    expect(collapsed.size).toBeGreaterThan(0);
    const view = buildView(big, collapsed);
    expect(view.nodes.length).toBeLessThanOrEqual(250);
    // the chosen level is as deep as possible: every collapsed group is a leaf module (…/attn, …/mlp)
    expect([...collapsed].every((m) => /\/(attn|mlp)$/.test(m))).toBe(true);
  });
});

describe('compare', () => {
  it('pairs nodes across backends by label, else by kind and position', () => {
    expect(counterpart(tf, 'n2', np)).toBe('n2'); // tf.linalg.diag_part <-> np.diag: the first op
    expect(counterpart(tf, 'n3', jax)).toBe('n3');
    expect(counterpart(tf, 'n1', np)).toBe('n1'); // input y <-> input y by label
    // a second np.matmul (the third op) has neither a same-label twin nor a third op in np
    const extra: Graph = { ...np, nodes: [...np.nodes, { ...np.nodes[3], id: 'n9' }] };
    expect(counterpart(extra, 'n9', np)).toBe(null);
    expect(counterpart(np, 'n3', extra)).toBe('n3'); // the first np.matmul pairs with the first
  });

  it('summarises op counts and ops found in one pane only', () => {
    const d = differences([tf, np]);
    expect(d.panes.map((p) => [p.key, p.ops, p.nodes])).toEqual([
      ['tensorflow', 2, 5],
      ['numpy', 2, 5],
    ]);
    expect(d.onlyIn.get('numpy')).toEqual(['np.diag', 'np.matmul']);
    expect(d.identical).toBe(false);
    const same = differences([tf, { ...tf, backend: 'torch' }]);
    expect(same.identical).toBe(true);
    expect(same.onlyIn.get('torch')).toEqual([]);
  });

  it('names panes by title or backend, numbering duplicates only', () => {
    expect(paneKeys([tf, np])).toEqual(['tensorflow', 'numpy']);
    expect(paneKeys([tf, tf, np])).toEqual(['tensorflow 1', 'tensorflow 2', 'numpy']);
    expect(paneKeys([{ ...tf, title: 'source · torch' }])).toEqual(['source · torch']);
  });

  it('op labels are sorted', () => {
    expect(opLabels(net).slice(0, 3)).toEqual(['torch.matmul', 'torch.matmul', 'torch.matmul']);
  });
});

describe('source ⇄ converted', () => {
  it('traces the converted code on the ticked backends other than the source, else on the target', () => {
    expect(convertedTargets('torch', 'tensorflow', [])).toEqual(['tensorflow']);
    expect(convertedTargets('torch', 'tensorflow', ['torch'])).toEqual(['tensorflow']);
    expect(convertedTargets('torch', 'tensorflow', ['torch', 'jax', 'numpy'])).toEqual(['jax', 'numpy']);
    expect(convertedTargets('torch', 'jax', ['tensorflow', 'jax', 'numpy'])).toEqual(['tensorflow', 'jax', 'numpy']);
  });
});

describe('search', () => {
  it('matches op names and attributes', () => {
    const diag = np.nodes[2];
    expect(matchNode(diag, 'DIAG')).toBe(true);
    expect(matchNode(diag, 'matmul')).toBe(false);
    expect(matchNode(diag, 'line:2')).toBe(true);
    expect(matchNode(diag, 'line:20')).toBe(false);
    expect(matchNode(np.nodes[0], 'shape:[1,3] dtype:float32')).toBe(true);
    expect(matchNode(np.nodes[0], 'kind:op')).toBe(false);
    expect(matchNode(net.nodes[1], 'module:layers/0/attn')).toBe(true);
  });

  it('matches a keyword argument of the call exactly, not a positional one', () => {
    // as the tracer describes `torch.sum(y, dim=0, keepdim=True)` and `y * 2`
    const sum = { ...np.nodes[2], label: 'torch.sum', attrs: { dim: '0', keepdim: 'True' } };
    const mul = { ...np.nodes[2], label: 'torch.mul', attrs: { '1': '2' } };
    expect(matchNode(sum, 'dim:0')).toBe(true);
    expect(matchNode(sum, 'sum keepdim:true')).toBe(true);
    expect(matchNode(sum, 'dim:1')).toBe(false);
    expect(matchNode(sum, 'dim:01')).toBe(false);
    expect(matchNode(mul, 'dim:0')).toBe(false);
    expect(matchNode(np.nodes[0], 'dim:0')).toBe(false); // no attrs at all
  });
});

describe('entry form specs', () => {
  it('parses dtype[shape]', () => {
    expect(parseTensorSpec('float32[1,3]')).toEqual({ dtype: 'float32', shape: [1, 3] });
    expect(parseTensorSpec(' int64[] ')).toEqual({ dtype: 'int64', shape: [] });
    expect(parseTensorSpec('[2, 2]')).toEqual({ dtype: 'float32', shape: [2, 2] });
    expect(parseTensorSpec('float33[1]')).toHaveProperty('error');
    expect(parseTensorSpec('float32(1,3)')).toHaveProperty('error');
    expect(parseTensorSpec('float32[1.5]')).toHaveProperty('error');
  });
});

describe('layout input and output', () => {
  it('nests groups and puts each edge in the common ancestor of its ends', () => {
    const elk = toElkGraph(buildView(net, new Set()));
    const encoder = elk.children!.find((c) => c.id === GROUP_PREFIX + 'encoder')!;
    expect(encoder.width).toBeUndefined(); // ELK sizes expanded groups
    expect(elk.edges!.some((e) => e.sources[0] === 'n0')).toBe(true); // x (top level) -> inside encoder
    const attn0 = encoder.children![0].children![0].children!.find((c) => c.id === GROUP_PREFIX + 'encoder/layers/0/attn')!;
    expect(attn0.edges!.length).toBeGreaterThan(0); // weight -> matmul inside attn
  });

  it('turns nested relative coordinates into absolute centres', () => {
    const laid = { id: 'r', children: [{ id: 'g', x: 100, y: 50, children: [{ id: 'a', x: 10, y: 20, width: 40, height: 20 }] }, { id: 'b', x: 0, y: 0, width: 10, height: 10 }] };
    const c = centres(laid);
    expect(c.get('a')).toEqual({ x: 130, y: 80 });
    expect(c.get('b')).toEqual({ x: 5, y: 5 });
    expect(c.has('g')).toBe(false);
  });
});

describe('svg export', () => {
  const palette = { framework: '#ff8f00', fg: '#111', muted: '#666', bg: '#fff', panel: '#eee', border: '#ccc', accent: '#33f', ok: '#0a0', error: '#a00' };
  it('writes every node, every edge with an arrow, and escapes labels', () => {
    const svg = toSvg(
      [
        { id: 'a', kind: 'input', label: 'x<1>', x: 0, y: 0, w: 40, h: 20 },
        { id: 'b', kind: 'op', label: 'tf.matmul', x: 0, y: 100, w: 80, h: 28 },
      ],
      [{ source: 'a', target: 'b', label: 'float32[1,3]' }],
      palette,
      'tf & co',
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('x&lt;1&gt;');
    expect(svg).toContain('<title>tf &amp; co</title>');
    expect(svg.match(/<line /g)).toHaveLength(1);
    expect(svg).toContain('marker-end="url(#arrow)"');
    // the edge starts at the input's lower border and ends at the op's upper border
    expect(svg).toContain('y1="10" x2="0" y2="86"');
    expect(svg).toContain('fill="#ff8f00"');
  });
});
