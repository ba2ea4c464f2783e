// Layout quality figures for a laid-out DAG: straight-line edge crossings, edge length,
// edges that point against the flow, node overlaps, drawing area. Pure functions.

function segmentsCross(a, b, c, d) {
  const o = (p, q, r) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/**
 * @param {{id:string,x:number,y:number,w:number,h:number}[]} nodes centre positions
 * @param {{source:string,target:string}[]} edges
 */
export function layoutQuality(nodes, edges) {
  const at = new Map(nodes.map((n) => [n.id, n]));
  const segs = edges.map((e) => [at.get(e.source), at.get(e.target)]).filter(([a, b]) => a && b);
  let crossings = 0;
  // bucket by x-range to keep this O(E * local) instead of O(E^2) on wide drawings
  for (let i = 0; i < segs.length; i++) {
    const [a, b] = segs[i];
    const lo = Math.min(a.x, b.x), hi = Math.max(a.x, b.x), top = Math.min(a.y, b.y), bot = Math.max(a.y, b.y);
    for (let j = i + 1; j < segs.length; j++) {
      const [c, d] = segs[j];
      if (Math.max(c.x, d.x) < lo || Math.min(c.x, d.x) > hi || Math.max(c.y, d.y) < top || Math.min(c.y, d.y) > bot) continue;
      if (a === c || a === d || b === c || b === d) continue;
      if (segmentsCross(a, b, c, d)) crossings++;
    }
  }
  const lengths = segs.map(([a, b]) => Math.hypot(a.x - b.x, a.y - b.y));
  const upward = segs.filter(([a, b]) => b.y <= a.y).length;
  let overlaps = 0;
  const sorted = [...nodes].sort((p, q) => p.x - q.x);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j].x - sorted[i].x < (sorted[i].w + sorted[j].w) / 2; j++)
      if (Math.abs(sorted[j].y - sorted[i].y) < (sorted[i].h + sorted[j].h) / 2) overlaps++;
  const xs = nodes.flatMap((n) => [n.x - n.w / 2, n.x + n.w / 2]);
  const ys = nodes.flatMap((n) => [n.y - n.h / 2, n.y + n.h / 2]);
  const width = Math.max(...xs) - Math.min(...xs), height = Math.max(...ys) - Math.min(...ys);
  return {
    crossings,
    meanEdgeLength: Math.round(lengths.reduce((s, l) => s + l, 0) / Math.max(1, lengths.length)),
    upwardEdges: upward,
    overlaps,
    width: Math.round(width),
    height: Math.round(height),
  };
}
