import { describe, expect, it } from 'vitest';
import { fastLayered, type FastEdge } from './fastLayout';
import { syntheticGraph } from '../../../bench/synthetic-graph.mjs';
import { layoutQuality } from '../../../bench/layout-quality.mjs';

const box = (id: string, width = 60) => ({ id, width, height: 28 });

describe('fast layered layout', () => {
  it('puts every edge downwards and no two nodes over each other (1,000-node network)', () => {
    const g = syntheticGraph(1000, { modules: false });
    const nodes = g.nodes.map((n: { id: string; label: string }) => box(n.id, Math.max(46, n.label.length * 6.7 + 22)));
    const pos = fastLayered(nodes, g.edges);
    expect(pos.size).toBe(1000);
    const placed = nodes.map((n: { id: string; width: number; height: number }) => ({ id: n.id, ...pos.get(n.id)!, w: n.width, h: n.height }));
    const q = layoutQuality(placed, g.edges);
    expect(q.upwardEdges).toBe(0);
    expect(q.overlaps).toBe(0);
  });

  it('a weight sits in the layer right above its user, however deep the user is', () => {
    const chain = ['a', 'b', 'c', 'd'];
    const edges: FastEdge[] = [...chain.slice(1).map((t, i) => ({ source: chain[i], target: t })), { source: 'w', target: 'd' }];
    const pos = fastLayered([...chain, 'w'].map((id) => box(id)), edges);
    expect(pos.get('w')!.y).toBe(pos.get('c')!.y);
    expect(pos.get('d')!.y).toBeGreaterThan(pos.get('c')!.y);
  });

  it('untangles crossing edges', () => {
    // given in an order that crosses: a->y, b->x, with x listed before y
    const nodes = ['a', 'b', 'x', 'y', 'out'].map((id) => box(id));
    const edges = [
      { source: 'a', target: 'y' },
      { source: 'b', target: 'x' },
      { source: 'x', target: 'out' },
      { source: 'y', target: 'out' },
    ];
    const pos = fastLayered(nodes, edges);
    const p = (id: string) => pos.get(id)!;
    expect(Math.sign(p('a').x - p('b').x)).toBe(Math.sign(p('y').x - p('x').x));
    // the output is centred under its two inputs
    expect(p('out').x).toBeCloseTo((p('x').x + p('y').x) / 2);
  });

  it('spaces a layer by the widths and the spacing, and survives a cycle', () => {
    const nodes = [box('s'), box('l', 100), box('r', 40), box('c1'), box('c2')];
    const edges = [
      { source: 's', target: 'l' },
      { source: 's', target: 'r' },
      { source: 'c1', target: 'c2' },
      { source: 'c2', target: 'c1' },
    ];
    const pos = fastLayered(nodes, edges, { nodeSpacing: 30 });
    expect(pos.size).toBe(5);
    expect(Math.abs(pos.get('l')!.x - pos.get('r')!.x)).toBeGreaterThanOrEqual(50 + 20 + 30 - 1e-9);
    expect(pos.get('l')!.y).toBe(pos.get('r')!.y);
  });
});
