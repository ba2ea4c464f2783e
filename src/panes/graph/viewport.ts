// Where a pane opens: the whole drawing when it fits at a readable zoom, else a readable
// window on the outputs (a 1,000-node graph fitted to a pane is a grey smear). Computed from
// the layout's positions, so no Cytoscape bounding-box pass over every element is needed.
import type { Graph } from '../../../workers/protocol';
import type { View } from './model';
import { MIN_LABEL_PX, NODE_FONT_PX } from './styles';

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
  /** 'fit': everything is on screen; 'focus': zoomed in on `focus` (the outputs, or the first node). */
  mode: 'fit' | 'focus';
}

/** Below this zoom node labels are not drawn at all (styles.ts hides them under MIN_LABEL_PX). */
export const LABELS_VANISH_ZOOM = MIN_LABEL_PX / NODE_FONT_PX;
/** The least zoom a large graph opens at: labels at 2/3 size are still legible. */
const READABLE_ZOOM = 0.66;
/** Small graphs are not blown up past this. */
const MAX_FIT_ZOOM = 1.3;
const FOCUS_ZOOM = 0.85;
/**
 * Past this many drawn nodes a graph that cannot be fitted legibly opens on its outputs (where
 * a big model's result is); smaller ones open on their inputs, to be read top-down like code.
 */
export const FOCUS_MIN_DRAWN = 100;
const PAD = 24;

type Positions = Map<string, { x: number; y: number }>;

/** Bounding box of the drawn leaf nodes (compound groups only add their padding). */
export function boundsOf(view: View, pos: Positions, ids?: Iterable<string>): Box | null {
  const size = new Map(view.nodes.map((n) => [n.id, n]));
  let box: Box | null = null;
  for (const id of ids ?? pos.keys()) {
    const p = pos.get(id);
    const n = size.get(id);
    if (!p || !n) continue;
    const b = { x1: p.x - n.width / 2, y1: p.y - n.height / 2, x2: p.x + n.width / 2, y2: p.y + n.height / 2 };
    box = box ? { x1: Math.min(box.x1, b.x1), y1: Math.min(box.y1, b.y1), x2: Math.max(box.x2, b.x2), y2: Math.max(box.y2, b.y2) } : b;
  }
  return box;
}

/** The drawn elements a large graph opens on: its outputs (or what stands for them), else its first node. */
export function focusIds(graph: Graph, view: View): string[] {
  const out = [...new Set(graph.outputs.map((id) => view.shownAs.get(id)).filter((x): x is string => !!x))];
  if (out.length) return out;
  const first = view.nodes.find((n) => n.kind !== 'group');
  return first ? [first.id] : [];
}

/** The drawn inputs a smaller graph opens on (else its first node). */
export function startIds(view: View): string[] {
  const inputs = view.nodes.filter((n) => n.kind === 'input').map((n) => n.id);
  if (inputs.length) return inputs;
  const first = view.nodes.find((n) => n.kind !== 'group');
  return first ? [first.id] : [];
}

/** The box to open on: all the focus ids when they fit the pane at the opening zoom, else the first alone. */
export function focusBox(view: View, pos: Positions, ids: string[], width: number): Box | null {
  const all = boundsOf(view, pos, ids);
  if (!all || ids.length < 2 || (all.x2 - all.x1) * FOCUS_ZOOM <= width - 2 * PAD) return all;
  return boundsOf(view, pos, ids.slice(0, 1));
}

export function fitViewport(all: Box, width: number, height: number): Viewport {
  const w = Math.max(1, all.x2 - all.x1);
  const h = Math.max(1, all.y2 - all.y1);
  const zoom = Math.min(MAX_FIT_ZOOM, (width - 2 * PAD) / w, (height - 2 * PAD) / h);
  return { zoom, pan: { x: width / 2 - zoom * (all.x1 + w / 2), y: height / 2 - zoom * (all.y1 + h / 2) }, mode: 'fit' };
}

/**
 * Fit when the labels still show that way; otherwise open at a readable zoom with the
 * focus box near the bottom of the pane (the layout flows down, so what leads to the outputs
 * fills the view above them) or, anchored at the top, near the top (the inputs, with what
 * they feed below), and its left edge in view when the focus is wide.
 */
export function initialViewport(all: Box, focus: Box | null, width: number, height: number, anchor: 'top' | 'bottom' = 'bottom'): Viewport {
  const fit = fitViewport(all, width, height);
  if (fit.zoom >= LABELS_VANISH_ZOOM || !focus) return fit;
  const fw = focus.x2 - focus.x1;
  const zoom = Math.max(READABLE_ZOOM, Math.min(FOCUS_ZOOM, (width - 2 * PAD) / Math.max(1, fw)));
  const cx = focus.x1 + fw / 2;
  const x = fw * zoom <= width - 2 * PAD ? width / 2 - zoom * cx : PAD - zoom * focus.x1;
  // focus bottom 2*PAD above the pane's bottom; a focus taller than the pane (or one anchored
  // at the top: the inputs) shows its top instead
  const y = anchor === 'bottom' && zoom * (focus.y2 - focus.y1) <= height - 3 * PAD ? height - 2 * PAD - zoom * focus.y2 : PAD - zoom * focus.y1;
  return { zoom, pan: { x, y }, mode: 'focus' };
}
