// Test and benchmark handle: window.__tensorglot.graph. Tests find where a node is drawn
// (to click it like a user) and benchmarks load a generated graph without the engine.
import type cytoscape from 'cytoscape';
import type { Core } from 'cytoscape';
import type { Graph, VerifyResult } from '../../../workers/protocol';
import { useStore } from '../../store';

interface PaneHandle {
  cy: () => Core | null;
  graph: () => Graph;
}

const panes = new Map<string, PaneHandle>();

export function registerPane(key: string, handle: PaneHandle) {
  panes.set(key, handle);
}

export function unregisterPane(key: string) {
  panes.delete(key);
}

const api = {
  panes: () => [...panes.keys()],
  /** Page coordinates of the first drawn node with this label (or id) in a pane. */
  nodeCentre(pane: string, labelOrId: string): { x: number; y: number } | null {
    const cy = panes.get(pane)?.cy();
    if (!cy) return null;
    const n = cy.nodes().filter((x) => x.data('label') === labelOrId || x.id() === labelOrId)[0];
    if (!n) return null;
    const r = cy.container()!.getBoundingClientRect();
    const p = n.renderedPosition();
    return { x: r.left + p.x, y: r.top + p.y };
  },
  /** Labels of the nodes a pane marks as counterparts of the selection made in another pane. */
  linked(pane: string): string[] {
    const cy = panes.get(pane)?.cy();
    return cy ? cy.nodes('.linked').map((n) => n.data('label') as string) : [];
  },
  /** Labels of a pane's drawn nodes that carry a highlight class (match, dim, line-hit, linked). */
  withClass(pane: string, cls: string): string[] {
    const cy = panes.get(pane)?.cy();
    return cy ? cy.nodes(`.${cls}`).map((n) => n.data('label') as string) : [];
  },
  /** A drawn node's style as rendered (background colour, shape), by label: kinds and frameworks look different. */
  look(pane: string, label: string): { fill: string; shape: string } | null {
    const n = panes.get(pane)?.cy()?.nodes().filter((x) => x.data('label') === label)[0];
    return n ? { fill: n.style('background-color'), shape: n.style('shape') } : null;
  },
  /** Labels of a pane's drawn nodes of one kind (input, op, param, const, output, group). */
  labelsOfKind(pane: string, kind: string): string[] {
    return panes.get(pane)?.cy()?.nodes(`[kind = "${kind}"]`).map((n) => n.data('label') as string) ?? [];
  },
  /** The labels drawn on a pane's edges (shape and dtype). */
  edgeLabels(pane: string): string[] {
    return panes.get(pane)?.cy()?.edges().map((e) => e.data('label') as string) ?? [];
  },
  /** How many nodes (including group boxes) a pane draws. */
  drawnCount(pane: string): number {
    return panes.get(pane)?.cy()?.nodes().length ?? 0;
  },
  /** Drawn nodes per Verify class: how many groups and ops are coloured each verdict, which are outlined first, which are stale. */
  verdicts(pane: string): { groups: Record<string, number>; ops: Record<string, number>; first: string[]; stale: number } | null {
    const cy = panes.get(pane)?.cy();
    if (!cy) return null;
    const tally = (kind: string) =>
      Object.fromEntries(['PASS', 'INACCURATE', 'FAIL'].map((v) => [v, cy.nodes(`.vd-${v}`).filter((n) => (n.data('kind') === 'group') === (kind === 'group')).length]));
    return { groups: tally('group'), ops: tally('op'), first: cy.nodes('.vd-first').map((n) => n.data('label') as string), stale: cy.nodes('.vd-stale').length };
  },
  /** The pane's zoom and whether its output nodes are inside the visible area. */
  viewport(pane: string): { zoom: number; outputsInView: boolean } | null {
    const cy = panes.get(pane)?.cy();
    if (!cy) return null;
    const ext = cy.extent();
    const outs = cy.nodes('[kind = "output"]');
    const inView = outs.length > 0 && outs.toArray().every((n) => {
      const p = (n as cytoscape.NodeSingular).position();
      return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
    });
    return { zoom: cy.zoom(), outputsInView: inView };
  },
  /** Show a Verify report without the engine (fixtures: verdicts the gallery cannot produce). */
  showVerify(report: VerifyResult) {
    useStore.setState({ verify: report });
  },
  /** Draw graphs without the engine (benchmarks, fixtures). */
  load(graphs: Graph[]) {
    useStore.setState({ graphs, staleGraphs: false, traceError: null, tab: 'graph' });
  },
};

const g = globalThis as any;
g.__tensorglot = { ...(g.__tensorglot ?? {}), graph: api };
