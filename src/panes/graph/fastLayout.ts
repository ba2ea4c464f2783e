// A quick layered (Sugiyama-style) layout for large drawings, where ELK layered takes most of
// the 1.5 s budget (bench/graph-layout.mjs measures both, speed and crossings). Steps: layers
// by longest path (sources pulled down next to their first user, outputs in the bottom layer),
// long edges split by dummy nodes, barycentre ordering sweeps keeping the order with
// the fewest crossings, then x by isotonic regression (each node as near the mean of its
// neighbours as the order and spacing allow). Pure and synchronous: it runs in a worker.

export interface FastNode {
  id: string;
  width: number;
  height: number;
  /** Drawn in the bottom layer (graph outputs). */
  bottom?: boolean;
}

export interface FastEdge {
  source: string;
  target: string;
}

export interface FastOptions {
  nodeSpacing: number;
  layerSpacing: number;
  sweeps: number;
}

const DEFAULTS: FastOptions = { nodeSpacing: 22, layerSpacing: 50, sweeps: 12 };
/** Dummy nodes (long-edge bends) are thin and weigh more, so long edges stay straight. */
const DUMMY_WIDTH = 8;
const DUMMY_WEIGHT = 4;

interface Item {
  width: number;
  height: number;
  layer: number;
  dummy: boolean;
  up: number[];
  down: number[];
}

/** Layers: longest path from the sources in topological order; back edges of cycles are dropped. */
function layering(n: number, edges: [number, number][], bottom: boolean[]): { layer: number[]; kept: [number, number][] } {
  const outs: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Array(n).fill(0);
  for (const [s, t] of edges) {
    outs[s].push(t);
    indeg[t]++;
  }
  const order: number[] = [];
  const pos = new Array(n).fill(-1);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  for (let head = 0; order.length < n; ) {
    if (head === queue.length) {
      // a cycle: release the earliest unplaced node (callers list nodes in order of first use)
      const next = pos.findIndex((p, i) => p < 0 && !queue.includes(i));
      queue.push(next);
    }
    const v = queue[head++];
    if (pos[v] >= 0) continue;
    pos[v] = order.length;
    order.push(v);
    for (const t of outs[v]) if (--indeg[t] === 0) queue.push(t);
  }
  const kept = edges.filter(([s, t]) => pos[s] < pos[t]);
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (const [s, t] of kept) {
    preds[t].push(s);
    succs[s].push(t);
  }
  const layer = new Array(n).fill(0);
  for (const v of order) for (const p of preds[v]) layer[v] = Math.max(layer[v], layer[p] + 1);
  // Weights, inputs and constants (sources) sit right above their first user, not at the top.
  for (const v of order) if (!preds[v].length && succs[v].length) layer[v] = Math.max(0, Math.min(...succs[v].map((s) => layer[s])) - 1);
  // Nodes marked `bottom` (the outputs) get a bottom layer of their own, where a reader looks for them.
  const isBottom = (v: number) => bottom[v] && preds[v].length > 0 && !succs[v].length;
  let last = -1;
  for (let v = 0; v < n; v++) if (!isBottom(v)) last = Math.max(last, layer[v]);
  for (let v = 0; v < n; v++) if (isBottom(v)) layer[v] = last + 1;
  return { layer, kept };
}

/** Crossings between two adjacent layers (edges as index pairs), by counting inversions. */
function crossingsBetween(upper: number[], lowerIndex: Int32Array, items: Item[]): number {
  const targets: number[] = [];
  for (const u of upper) {
    const ts = items[u].down.map((d) => lowerIndex[d]).sort((a, b) => a - b);
    for (const t of ts) targets.push(t);
  }
  // inversions by merge sort
  let count = 0;
  const buf = new Array(targets.length);
  const sort = (lo: number, hi: number) => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    sort(lo, mid);
    sort(mid, hi);
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) {
      if (targets[j] < targets[i]) {
        count += mid - i;
        buf[k++] = targets[j++];
      } else buf[k++] = targets[i++];
    }
    while (i < mid) buf[k++] = targets[i++];
    while (j < hi) buf[k++] = targets[j++];
    for (k = lo; k < hi; k++) targets[k] = buf[k];
  };
  sort(0, targets.length);
  return count;
}

/** Minimise Σ w(x - want)² with x in the given order and at least `gap[i]` between neighbours i, i+1 (pool adjacent violators). */
function placeRow(want: number[], weight: number[], gap: number[]): number[] {
  const n = want.length;
  // shift so the constraint becomes "non-decreasing": y_i = x_i - offset_i
  const offset = new Array(n).fill(0);
  for (let i = 1; i < n; i++) offset[i] = offset[i - 1] + gap[i - 1];
  const blocks: { sum: number; w: number; count: number }[] = [];
  for (let i = 0; i < n; i++) {
    blocks.push({ sum: weight[i] * (want[i] - offset[i]), w: weight[i], count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.w <= b.sum / b.w) break;
      blocks.splice(blocks.length - 2, 2, { sum: a.sum + b.sum, w: a.w + b.w, count: a.count + b.count });
    }
  }
  const x: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.count; k++) x.push(b.sum / b.w + offset[x.length]);
  return x;
}

export function fastLayered(nodes: FastNode[], edges: FastEdge[], options: Partial<FastOptions> = {}): Map<string, { x: number; y: number }> {
  const opt = { ...DEFAULTS, ...options };
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const pairs: [number, number][] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t || seen.has(`${s}>${t}`)) continue;
    seen.add(`${s}>${t}`);
    pairs.push([s, t]);
  }
  const { layer, kept } = layering(nodes.length, pairs, nodes.map((n) => !!n.bottom));
  const items: Item[] = nodes.map((n, i) => ({ width: n.width, height: n.height, layer: layer[i], dummy: false, up: [], down: [] }));
  const link = (s: number, t: number) => {
    items[s].down.push(t);
    items[t].up.push(s);
  };
  for (const [s, t] of kept) {
    let prev = s;
    for (let l = items[s].layer + 1; l < items[t].layer; l++) {
      items.push({ width: DUMMY_WIDTH, height: 0, layer: l, dummy: true, up: [], down: [] });
      link(prev, items.length - 1);
      prev = items.length - 1;
    }
    link(prev, t);
  }
  const depth = Math.max(0, ...items.map((it) => it.layer)) + 1;
  let layers: number[][] = Array.from({ length: depth }, () => []);
  // initial order: depth-first from the sources, so chains start out together
  const visited = new Uint8Array(items.length);
  const visit = (root: number) => {
    const stack = [root];
    while (stack.length) {
      const v = stack.pop()!;
      if (visited[v]) continue;
      visited[v] = 1;
      layers[items[v].layer].push(v);
      for (let k = items[v].down.length - 1; k >= 0; k--) stack.push(items[v].down[k]);
    }
  };
  items.forEach((it, i) => !it.up.length && visit(i));
  items.forEach((_, i) => visit(i));

  const posIn = new Int32Array(items.length);
  const index_ = (ls: number[][]) => ls.forEach((row) => row.forEach((v, i) => (posIn[v] = i)));
  const totalCrossings = (ls: number[][]) => {
    index_(ls);
    let c = 0;
    for (let l = 0; l + 1 < ls.length; l++) c += crossingsBetween(ls[l], posIn, items);
    return c;
  };
  let best = layers.map((r) => [...r]);
  let bestCrossings = totalCrossings(layers);
  for (let sweep = 0; sweep < opt.sweeps && bestCrossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    index_(layers);
    const range = down ? [...Array(depth).keys()].slice(1) : [...Array(depth).keys()].reverse().slice(1);
    for (const l of range) {
      const row = layers[l];
      const bary = new Map<number, number>();
      for (const v of row) {
        const ns = down ? items[v].up : items[v].down;
        bary.set(v, ns.length ? ns.reduce((a, u) => a + posIn[u], 0) / ns.length : posIn[v]);
      }
      row.sort((a, b) => bary.get(a)! - bary.get(b)! || posIn[a] - posIn[b]);
      row.forEach((v, i) => (posIn[v] = i));
    }
    const c = totalCrossings(layers);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map((r) => [...r]);
    }
  }
  layers = best;

  // x: rows packed, then pulled toward their neighbours' mean, alternating down and up
  const x = new Float64Array(items.length);
  for (const row of layers) {
    let at = 0;
    for (const v of row) {
      x[v] = at + items[v].width / 2;
      at += items[v].width + opt.nodeSpacing;
    }
    const shift = at / 2;
    for (const v of row) x[v] -= shift;
  }
  const gapsOf = (row: number[]) => row.slice(1).map((v, i) => (items[row[i]].width + items[v].width) / 2 + opt.nodeSpacing);
  for (let pass = 0; pass < 8; pass++) {
    const down = pass % 2 === 0;
    const order = down ? layers : [...layers].reverse();
    for (const row of order) {
      const want = row.map((v) => {
        const ns = pass < 2 ? (down ? items[v].up : items[v].down) : [...items[v].up, ...items[v].down];
        return ns.length ? ns.reduce((a, u) => a + x[u], 0) / ns.length : x[v];
      });
      const placed = placeRow(want, row.map((v) => (items[v].dummy ? DUMMY_WEIGHT : 1)), gapsOf(row));
      row.forEach((v, i) => (x[v] = placed[i]));
    }
  }

  const out = new Map<string, { x: number; y: number }>();
  let y = 0;
  for (const row of layers) {
    const h = Math.max(0, ...row.map((v) => items[v].height));
    for (const v of row) if (v < nodes.length) out.set(nodes[v].id, { x: x[v], y: y + h / 2 });
    y += h + opt.layerSpacing;
  }
  return out;
}

/**
 * Drawings with more nodes than this get the fast layout: ELK takes 0.5 s (warm) to 2 s (cold)
 * from about here on. Smaller ones keep ELK, whose layout of nested groups is better (it sees
 * inside them, where this one lays each group out as a box).
 */
export const FAST_LAYOUT_NODES = 250;

export interface CompoundNode extends FastNode {
  /** Enclosing group id, if any; a node with children is a group box sized by them. */
  parent: string | null;
}

/** Room inside a group box around its children (the label sits in the top band), as ELK is told in layout.ts. */
export const GROUP_PADDING = { top: 30, side: 14, bottom: 14 };

/**
 * Groups as boxes: each group's children are laid out on their own (edges between two
 * descendants count between the children that hold them), the box takes their size, and the
 * group is then one node of its parent's layout. Returns the centres of the leaves.
 */
export function fastCompound(nodes: CompoundNode[], edges: FastEdge[], options: Partial<FastOptions> = {}): Map<string, { x: number; y: number }> {
  const ROOT = '';
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    const p = n.parent && byId.has(n.parent) ? n.parent : ROOT;
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(n.id);
  }
  const chain = (id: string) => {
    const out = [id];
    for (let p = byId.get(id)?.parent; p && byId.has(p); p = byId.get(p)!.parent) out.unshift(p);
    return out; // outermost first, the node itself last
  };
  // each edge belongs to the group that is the two ends' lowest common ancestor, between the children holding them
  const edgesIn = new Map<string, FastEdge[]>();
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    const a = chain(e.source);
    const b = chain(e.target);
    let d = 0;
    while (d < a.length && d < b.length && a[d] === b[d]) d++;
    if (d === a.length || d === b.length) continue; // an edge into its own group box
    const holder = d === 0 ? ROOT : a[d - 1];
    if (!edgesIn.has(holder)) edgesIn.set(holder, []);
    edgesIn.get(holder)!.push({ source: a[d], target: b[d] });
  }
  // Children in order of first use (a group by its earliest member): that is also the order in
  // which a cycle between groups (a module called twice, around another) is broken.
  const first = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const id of chain(n.id)) if (!first.has(id) || first.get(id)! > i) first.set(id, i);
  });
  for (const kids of children.values()) kids.sort((a, b) => first.get(a)! - first.get(b)!);
  const size = new Map<string, { width: number; height: number }>();
  const local = new Map<string, { x: number; y: number }>(); // centre relative to the enclosing box's top-left
  const lay = (group: string): { width: number; height: number } => {
    const kids = children.get(group) ?? [];
    const sized = kids.map((id) => ({ id, bottom: byId.get(id)!.bottom, ...(children.has(id) ? lay(id) : { width: byId.get(id)!.width, height: byId.get(id)!.height }) }));
    sized.forEach((k) => size.set(k.id, { width: k.width, height: k.height }));
    const pos = fastLayered(sized, edgesIn.get(group) ?? [], options);
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (const k of sized) {
      const p = pos.get(k.id)!;
      x1 = Math.min(x1, p.x - k.width / 2);
      y1 = Math.min(y1, p.y - k.height / 2);
      x2 = Math.max(x2, p.x + k.width / 2);
      y2 = Math.max(y2, p.y + k.height / 2);
    }
    const pad = group === ROOT ? { top: 0, side: 0, bottom: 0 } : GROUP_PADDING;
    for (const k of sized) {
      const p = pos.get(k.id)!;
      local.set(k.id, { x: p.x - x1 + pad.side, y: p.y - y1 + pad.top });
    }
    return sized.length ? { width: x2 - x1 + 2 * pad.side, height: y2 - y1 + pad.top + pad.bottom } : { width: 0, height: 0 };
  };
  lay(ROOT);
  const out = new Map<string, { x: number; y: number }>();
  const place = (group: string, left: number, top: number) => {
    for (const id of children.get(group) ?? []) {
      const p = local.get(id)!;
      const x = left + p.x;
      const y = top + p.y;
      if (children.has(id)) {
        const s = size.get(id)!;
        place(id, x - s.width / 2, y - s.height / 2);
      } else out.set(id, { x, y });
    }
  };
  place(ROOT, 0, 0);
  return out;
}
