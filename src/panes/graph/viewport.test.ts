import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../workers/protocol';
import { buildView } from './model';
import { boundsOf, fitViewport, focusIds, initialViewport, LABELS_VANISH_ZOOM } from './viewport';
import { syntheticGraph } from '../../../bench/synthetic-graph.mjs';

const W = 600;
const H = 400;
// rendered position of a model point under a viewport
const at = (v: { zoom: number; pan: { x: number; y: number } }, x: number, y: number) => ({ x: v.zoom * x + v.pan.x, y: v.zoom * y + v.pan.y });

describe('opening viewport', () => {
  it('fits a drawing whose labels stay visible, centred and never blown up past 1.3x', () => {
    const small = { x1: 0, y1: 0, x2: 100, y2: 50 };
    const v = initialViewport(small, { x1: 40, y1: 40, x2: 60, y2: 50 }, W, H);
    expect(v.mode).toBe('fit');
    expect(v.zoom).toBe(1.3);
    expect(at(v, 50, 25)).toEqual({ x: W / 2, y: H / 2 });
    const mid = fitViewport({ x1: 0, y1: 0, x2: 1000, y2: 400 }, W, H);
    expect(mid.zoom).toBeCloseTo((W - 48) / 1000);
  });

  it('opens a tall drawing at a readable zoom with the focus near the bottom of the pane', () => {
    const tall = { x1: 0, y1: 0, x2: 2000, y2: 30000 };
    expect(fitViewport(tall, W, H).zoom).toBeLessThan(LABELS_VANISH_ZOOM);
    const focus = { x1: 900, y1: 29900, x2: 960, y2: 29928 };
    const v = initialViewport(tall, focus, W, H);
    expect(v.mode).toBe('focus');
    expect(v.zoom * 11).toBeGreaterThanOrEqual(7); // 11px labels drawn at 7px or more
    expect(v.zoom).toBeLessThanOrEqual(1);
    const bottom = at(v, 930, focus.y2);
    expect(bottom.x).toBe(W / 2);
    expect(bottom.y).toBeGreaterThan(H / 2);
    expect(bottom.y).toBeLessThanOrEqual(H);
    expect(at(v, 930, focus.y1).y).toBeGreaterThanOrEqual(0);
  });

  it('a focus wider than the pane zooms out to fit it, down to a readable floor, left edge first', () => {
    const tall = { x1: 0, y1: 0, x2: 5000, y2: 30000 };
    const v = initialViewport(tall, { x1: 0, y1: 29000, x2: 4000, y2: 29028 }, W, H);
    expect(v.zoom).toBeGreaterThanOrEqual(0.66);
    expect(at(v, 0, 29000).x).toBe(24);
  });

  it('focuses a large graph on what stands for its outputs, else its first node', () => {
    const g = syntheticGraph(1000, { modules: false }) as Graph;
    const view = buildView(g, new Set());
    expect(focusIds(g, view)).toEqual(g.outputs);
    const noOutputs = { ...g, outputs: [] };
    expect(focusIds(noOutputs, view)).toEqual([view.nodes[0].id]);
    const grouped = syntheticGraph(300, { modules: true }) as Graph;
    const collapsedView = buildView(grouped, new Set(['encoder']));
    expect(focusIds(grouped, collapsedView)).toEqual(grouped.outputs); // outputs sit outside every module
  });

  it('bounds cover the laid-out nodes with their sizes', () => {
    const g = syntheticGraph(10, { modules: false }) as Graph;
    const view = buildView(g, new Set());
    const pos = new Map(view.nodes.map((n, i) => [n.id, { x: i * 100, y: i * 50 }]));
    const b = boundsOf(view, pos)!;
    const last = view.nodes[view.nodes.length - 1];
    expect(b.x1).toBe(-view.nodes[0].width / 2);
    expect(b.y2).toBe((view.nodes.length - 1) * 50 + last.height / 2);
    expect(boundsOf(view, pos, [])).toBeNull();
  });
});

describe('focus on several outputs', () => {
  it('opens on all outputs when they fit the pane, else on the first', async () => {
    const { focusBox } = await import('./viewport');
    const view = { nodes: ['a', 'b', 'c'].map((id) => ({ id, kind: 'output' as const, label: id, parent: null, width: 40, height: 28 })), edges: [], shownAs: new Map() };
    const near = new Map([['a', { x: 0, y: 0 }], ['b', { x: 200, y: 0 }], ['c', { x: 100, y: -100 }]]);
    expect(focusBox(view, near, ['a', 'b'], W)).toEqual({ x1: -20, y1: -14, x2: 220, y2: 14 });
    const far = new Map([['a', { x: 0, y: 0 }], ['b', { x: 3000, y: 0 }]]);
    expect(focusBox(view, far, ['a', 'b'], W)).toEqual({ x1: -20, y1: -14, x2: 20, y2: 14 });
  });
});

describe('a smaller graph too tall to fit legibly', () => {
  it('opens at a readable zoom on its inputs, near the top of the pane', async () => {
    const { startIds } = await import('./viewport');
    const node = (id: string, kind: 'input' | 'op' | 'group') => ({ id, kind, label: id, parent: null, width: 80, height: 28 });
    const view = { nodes: [node('g', 'group'), node('x', 'input'), node('w', 'input'), node('mm', 'op')], edges: [], shownAs: new Map() };
    expect(startIds(view)).toEqual(['x', 'w']);
    expect(startIds({ ...view, nodes: [node('g', 'group'), node('mm', 'op')] })).toEqual(['mm']);
    const all = { x1: 0, y1: 0, x2: 300, y2: 3000 }; // 60 layers deep: fitted, labels would vanish
    const inputs = { x1: 100, y1: 0, x2: 200, y2: 28 };
    const v = initialViewport(all, inputs, W, H, 'top');
    expect(v.mode).toBe('focus');
    expect(v.zoom).toBeGreaterThanOrEqual(LABELS_VANISH_ZOOM);
    expect(v.pan.y + v.zoom * inputs.y1).toBeGreaterThan(0); // the inputs' top edge is on screen...
    expect(v.pan.y + v.zoom * inputs.y2).toBeLessThan(H / 4); // ...in the top quarter of the pane
    // anchored at the bottom (the outputs of a big graph) the same box sits near the pane's bottom
    const b = initialViewport(all, inputs, W, H);
    expect(b.pan.y + b.zoom * inputs.y2).toBeGreaterThan(H / 2);
  });
});
