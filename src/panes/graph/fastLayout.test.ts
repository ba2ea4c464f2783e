import { describe, expect, it } from 'vitest';
import { fastCompound, fastLayered, GROUP_PADDING, type CompoundNode, type FastEdge } from './fastLayout';
import { buildView } from './model';
import type { Graph } from '../../../workers/protocol';
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

describe('fast layout with module groups', () => {
  const inside = (p: { x: number; y: number }, b: { x1: number; y1: number; x2: number; y2: number }) => p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2;
  const boxOf = (ids: string[], pos: Map<string, { x: number; y: number }>, nodes: CompoundNode[]) => {
    const size = new Map(nodes.map((n) => [n.id, n]));
    const xs = ids.flatMap((id) => [pos.get(id)!.x - size.get(id)!.width / 2, pos.get(id)!.x + size.get(id)!.width / 2]);
    const ys = ids.flatMap((id) => [pos.get(id)!.y - size.get(id)!.height / 2, pos.get(id)!.y + size.get(id)!.height / 2]);
    return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
  };

  it('keeps each expanded group’s nodes together, clear of every other node, edges still flowing down', () => {
    const g = syntheticGraph(600, { modules: true }) as Graph;
    const view = buildView(g, new Set());
    const nodes: CompoundNode[] = view.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height, parent: n.parent }));
    const pos = fastCompound(nodes, view.edges);
    const leaves = view.nodes.filter((n) => !view.nodes.some((c) => c.parent === n.id));
    expect(pos.size).toBe(leaves.length);
    // every innermost group: the box around its members holds no other leaf
    const groups = new Set(view.nodes.map((n) => n.parent).filter((p): p is string => !!p));
    const members = (grp: string) => leaves.filter((l) => { for (let p = l.parent; p; p = view.nodes.find((n) => n.id === p)!.parent) if (p === grp) return true; return false; }).map((l) => l.id);
    for (const grp of groups) {
      const mine = new Set(members(grp));
      const b = boxOf([...mine], pos, nodes);
      for (const l of leaves) if (!mine.has(l.id)) expect(inside(pos.get(l.id)!, b), `${l.id} inside ${grp}`).toBe(false);
    }
    const placed = leaves.map((n) => ({ id: n.id, ...pos.get(n.id)!, w: n.width, h: n.height }));
    const q = layoutQuality(placed, g.edges.filter((e: FastEdge) => pos.has(e.source) && pos.has(e.target)));
    expect(q.overlaps).toBe(0);
    expect(q.upwardEdges).toBe(0);
  });

  it('leaves room for the group label above a group’s children', () => {
    const nodes: CompoundNode[] = [
      { id: 'x', width: 40, height: 28, parent: null },
      { id: 'grp', width: 0, height: 0, parent: null },
      { id: 'a', width: 60, height: 28, parent: 'grp' },
      { id: 'b', width: 60, height: 28, parent: 'grp' },
    ];
    const pos = fastCompound(nodes, [{ source: 'x', target: 'a' }, { source: 'a', target: 'b' }], { layerSpacing: 50 });
    // x's layer, then the group box: its top padding, then a
    expect(pos.get('a')!.y - pos.get('x')!.y).toBe(14 + 50 + GROUP_PADDING.top + 14);
    expect(pos.get('b')!.y - pos.get('a')!.y).toBe(28 + 50);
  });

  it('a module used before and after another (a cycle between groups) still ends in the outputs at the bottom', () => {
    // x -> embed -> drop(1st use) -> lstm -> drop(2nd use) -> out: drop and lstm point at each other as boxes
    const nodes: CompoundNode[] = [
      { id: 'x', width: 40, height: 28, parent: null },
      { id: 'e', width: 60, height: 28, parent: 'g:embed' },
      { id: 'd1', width: 60, height: 28, parent: 'g:drop' },
      { id: 'l', width: 60, height: 28, parent: 'g:lstm' },
      { id: 'd2', width: 60, height: 28, parent: 'g:drop' },
      { id: 'out', width: 40, height: 28, parent: null, bottom: true },
      ...['g:embed', 'g:drop', 'g:lstm'].map((id) => ({ id, width: 0, height: 0, parent: null })),
    ];
    const chainEdges = ['x', 'e', 'd1', 'l', 'd2', 'out'].slice(1).map((t, i, rest) => ({ source: i ? rest[i - 1] : 'x', target: t }));
    const pos = fastCompound(nodes, chainEdges);
    const y = (id: string) => pos.get(id)!.y;
    for (const id of ['x', 'e', 'd1', 'l', 'd2']) expect(y('out')).toBeGreaterThan(y(id));
    expect(y('e')).toBeGreaterThan(y('x'));
    expect(y('l')).toBeGreaterThan(y('d1'));
  });
});

