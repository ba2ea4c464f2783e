// A small SVG serialiser for a laid-out pane: boxes at their positions, straight edges
// clipped to the box borders with arrowheads, and the edge labels. No extension needed.
import { FONT, kindLook, type Palette } from './styles';

export interface SvgNode {
  id: string;
  kind: string;
  label: string;
  x: number; // centre
  y: number;
  w: number;
  h: number;
  collapsed?: boolean;
  isParent?: boolean;
}

export interface SvgEdge {
  source: string;
  target: string;
  label: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const r1 = (v: number) => Math.round(v * 10) / 10;

/** Where the segment from a box's centre towards (tx, ty) leaves the box. */
function clip(n: SvgNode, tx: number, ty: number): [number, number] {
  const dx = tx - n.x;
  const dy = ty - n.y;
  if (!dx && !dy) return [n.x, n.y];
  const s = Math.min(dx ? n.w / 2 / Math.abs(dx) : Infinity, dy ? n.h / 2 / Math.abs(dy) : Infinity);
  return [n.x + dx * s, n.y + dy * s];
}

function shape(n: SvgNode, fill: string, stroke: string, dashed: boolean, p: Palette): string {
  const x = r1(n.x - n.w / 2);
  const y = r1(n.y - n.h / 2);
  const common = `fill="${fill}" stroke="${stroke}" stroke-width="1.5"${dashed ? ' stroke-dasharray="4 3"' : ''}`;
  if (n.kind === 'input' || n.kind === 'output')
    return `<ellipse cx="${r1(n.x)}" cy="${r1(n.y)}" rx="${r1(n.w / 2)}" ry="${r1(n.h / 2)}" ${common}/>`;
  if (n.kind === 'group')
    return `<rect x="${x}" y="${y}" width="${r1(n.w)}" height="${r1(n.h)}" rx="6" fill="${p.framework}" fill-opacity="${n.collapsed ? 0.18 : 0.06}" stroke="${p.framework}" stroke-dasharray="${n.collapsed ? '' : '5 3'}"/>`;
  return `<rect x="${x}" y="${y}" width="${r1(n.w)}" height="${r1(n.h)}" rx="${n.kind === 'op' ? 5 : 0}" ${common}/>`;
}

export function toSvg(nodes: SvgNode[], edges: SvgEdge[], p: Palette, title: string): string {
  const pad = 20;
  const minX = Math.min(...nodes.map((n) => n.x - n.w / 2)) - pad;
  const minY = Math.min(...nodes.map((n) => n.y - n.h / 2)) - pad;
  const maxX = Math.max(...nodes.map((n) => n.x + n.w / 2)) + pad;
  const maxY = Math.max(...nodes.map((n) => n.y + n.h / 2)) + pad;
  const at = new Map(nodes.map((n) => [n.id, n]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${r1(minX)} ${r1(minY)} ${r1(maxX - minX)} ${r1(maxY - minY)}" width="${r1(maxX - minX)}" height="${r1(maxY - minY)}" font-family="${esc(FONT)}" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${p.muted}"/></marker></defs>`,
    `<rect x="${r1(minX)}" y="${r1(minY)}" width="${r1(maxX - minX)}" height="${r1(maxY - minY)}" fill="${p.bg}"/>`,
  ];
  // Groups first (they sit behind their children), then edges, then the other nodes.
  const groups = nodes.filter((n) => n.isParent);
  for (const g of groups)
    out.push(`<g class="group">${shape(g, '', '', false, p)}<text x="${r1(g.x)}" y="${r1(g.y - g.h / 2 + 14)}" text-anchor="middle" fill="${p.muted}">${esc(g.label)}</text></g>`);
  for (const e of edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b) continue;
    const [x1, y1] = clip(a, b.x, b.y);
    const [x2, y2] = clip(b, a.x, a.y);
    out.push(`<line x1="${r1(x1)}" y1="${r1(y1)}" x2="${r1(x2)}" y2="${r1(y2)}" stroke="${p.muted}" stroke-width="1.4" marker-end="url(#arrow)"/>`);
    if (e.label)
      out.push(`<text x="${r1((x1 + x2) / 2)}" y="${r1((y1 + y2) / 2 + 3)}" text-anchor="middle" font-size="9" fill="${p.muted}" paint-order="stroke" stroke="${p.bg}" stroke-width="3">${esc(e.label)}</text>`);
  }
  for (const n of nodes) {
    if (n.isParent) continue;
    const look = kindLook(n.kind, p);
    out.push(
      `<g class="node ${n.kind}">${shape(n, look.fill, look.stroke, !!look.dashed, p)}<text x="${r1(n.x)}" y="${r1(n.y + 4)}" text-anchor="middle" fill="${n.kind === 'group' ? p.fg : look.text}">${esc(n.label)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
