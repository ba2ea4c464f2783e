// Cytoscape stylesheet: one look per node kind, the framework's colour on ops, and
// the highlight classes (selected, linked counterpart, search match, source-line hit).
import type { StylesheetJson } from 'cytoscape';

export interface Palette {
  framework: string;
  fg: string;
  muted: string;
  bg: string;
  panel: string;
  border: string;
  accent: string;
  ok: string;
  error: string;
}

export function readPalette(framework: string): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    framework: v(`--${framework}`, '#3157d5'),
    fg: v('--fg', '#1d2330'),
    muted: v('--muted', '#687084'),
    bg: v('--bg', '#ffffff'),
    panel: v('--panel', '#f4f6fa'),
    border: v('--border', '#d7dce6'),
    accent: v('--accent', '#3157d5'),
    ok: v('--ok', '#2e7d32'),
    error: v('--error', '#c62828'),
  };
}

/** Node label size, and the rendered size under which labels are not drawn. */
export const NODE_FONT_PX = 11;
export const MIN_LABEL_PX = 4;

export const FONT = 'ui-monospace, Menlo, Consolas, DejaVu Sans Mono, monospace';

/** Also used by the SVG exporter so the file looks like the pane. */
export function kindLook(kind: string, p: Palette): { fill: string; stroke: string; text: string; shape: string; dashed?: boolean } {
  switch (kind) {
    case 'op':
      return { fill: p.framework, stroke: p.framework, text: '#ffffff', shape: 'round-rectangle' };
    case 'input':
      return { fill: p.bg, stroke: p.ok, text: p.fg, shape: 'ellipse' };
    case 'output':
      return { fill: p.fg, stroke: p.fg, text: p.bg, shape: 'ellipse' };
    case 'param':
      return { fill: p.panel, stroke: p.muted, text: p.fg, shape: 'cut-rectangle' };
    case 'const':
      return { fill: p.bg, stroke: p.muted, text: p.muted, shape: 'rectangle', dashed: true };
    default:
      return { fill: p.panel, stroke: p.border, text: p.fg, shape: 'round-rectangle' };
  }
}

/** Verify verdict colours (green / yellow / red) and the text that reads on each. */
export function verdictLook(verdict: 'PASS' | 'INACCURATE' | 'FAIL', p: Palette): { fill: string; text: string } {
  if (verdict === 'PASS') return { fill: p.ok, text: '#ffffff' };
  if (verdict === 'INACCURATE') return { fill: '#e8b600', text: '#1d2330' };
  return { fill: p.error, text: '#ffffff' };
}

/** Classes the graph view puts on elements a Verify report covers (vd-<verdict>, vd-first, vd-stale). */
function verdictRules(p: Palette): StylesheetJson {
  const rules = (['PASS', 'INACCURATE', 'FAIL'] as const).flatMap((v) => {
    const look = verdictLook(v, p);
    return [
      { selector: `node[kind = "op"].vd-${v}`, style: { 'background-color': look.fill, color: look.text } },
      {
        selector: `node[kind = "group"].vd-${v}`,
        style: { 'background-color': look.fill, 'background-opacity': 0.13, 'border-color': look.fill, 'border-style': 'solid' as const, 'border-width': 2, color: p.fg },
      },
      { selector: `node[kind = "group"][?collapsed].vd-${v}`, style: { 'background-opacity': 0.3, 'border-style': 'double' as const, 'border-width': 5 } },
      { selector: `node.vd-first.vd-${v}`, style: { 'outline-color': look.fill } as any },
    ];
  });
  return [
    { selector: 'node[kind = "op"].vd-none', style: { 'background-color': p.muted, color: '#ffffff' } },
    { selector: 'node[kind = "group"].vd-none', style: { 'background-color': p.muted, 'background-opacity': 0.06, 'border-color': p.muted } },
    ...rules,
    // the first divergence: a strong outline and a bold label
    { selector: 'node.vd-first', style: { 'outline-width': 5, 'outline-offset': 3, 'outline-style': 'solid', 'font-weight': 'bold' } as any },
    // the code changed since Verify: colours faded, outlines dashed
    { selector: 'node[kind = "op"].vd-stale', style: { 'background-blacken': -0.55 } },
    { selector: 'node[kind = "group"].vd-stale', style: { 'background-opacity': 0.05, 'border-style': 'dashed' as const } },
    { selector: 'node.vd-first.vd-stale', style: { 'outline-opacity': 0.4, 'outline-style': 'dashed' } as any },
  ];
}

export function stylesheet(p: Palette): StylesheetJson {
  const kinds = ['op', 'input', 'output', 'param', 'const'].map((kind) => {
    const look = kindLook(kind, p);
    return {
      selector: `node[kind = "${kind}"]`,
      style: {
        'background-color': look.fill,
        'border-color': look.stroke,
        color: look.text,
        shape: look.shape as any,
        'border-style': look.dashed ? ('dashed' as const) : ('solid' as const),
        'border-width': kind === 'op' ? 0 : 1.5,
      },
    };
  });
  return [
    {
      selector: 'node',
      style: {
        width: 'data(width)',
        height: 'data(height)',
        label: 'data(label)',
        'font-family': FONT,
        'font-size': NODE_FONT_PX,
        'text-valign': 'center',
        'text-halign': 'center',
        'min-zoomed-font-size': MIN_LABEL_PX,
      },
    },
    ...kinds,
    {
      selector: 'node[kind = "group"]',
      style: {
        'background-color': p.framework,
        'background-opacity': 0.06,
        'border-color': p.framework,
        'border-width': 1,
        'border-style': 'dashed',
        shape: 'round-rectangle',
        color: p.muted,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': 18,
        'font-size': 11,
      },
    },
    { selector: 'node[kind = "group"]:parent', style: { padding: '12px' } as any },
    {
      selector: 'node[kind = "group"][?collapsed]',
      style: {
        'background-opacity': 0.18,
        'border-style': 'double',
        'border-width': 4,
        color: p.fg,
        'text-valign': 'center',
        'text-margin-y': 0,
        'font-weight': 'bold',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.4,
        'line-color': p.muted,
        'target-arrow-color': p.muted,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 9,
        color: p.muted,
        'text-background-color': p.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 6,
      },
    },
    { selector: 'edge[count > 1]', style: { width: 2.4 } },
    { selector: 'edge[?fast]', style: { 'curve-style': 'straight' } },
    ...verdictRules(p),
    { selector: '.dim', style: { opacity: 0.25 } },
    { selector: 'node.match', style: { 'underlay-color': '#ffd400', 'underlay-opacity': 0.9, 'underlay-padding': 5 } as any },
    { selector: 'node.line-hit', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.35, 'underlay-padding': 6 } as any },
    { selector: 'node.linked', style: { 'outline-color': p.accent, 'outline-width': 3, 'outline-style': 'dashed', 'outline-offset': 2 } as any },
    { selector: 'node:selected', style: { 'outline-color': p.accent, 'outline-width': 3, 'outline-offset': 2 } as any },
    { selector: 'edge:selected', style: { 'line-color': p.accent, 'target-arrow-color': p.accent, width: 2.5 } },
  ];
}
