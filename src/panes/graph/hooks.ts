// Test and benchmark handle: window.__tensorglot.graph. Tests find where a node is drawn
// (to click it like a user) and benchmarks load a generated graph without the engine.
import type { Core } from 'cytoscape';
import type { Graph } from '../../../workers/protocol';
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
  /** How many nodes (including group boxes) a pane draws. */
  drawnCount(pane: string): number {
    return panes.get(pane)?.cy()?.nodes().length ?? 0;
  },
  /** Draw graphs without the engine (benchmarks, fixtures). */
  load(graphs: Graph[]) {
    useStore.setState({ graphs, staleGraphs: false, traceError: null, tab: 'graph' });
  },
};

const g = globalThis as any;
g.__tensorglot = { ...(g.__tensorglot ?? {}), graph: api };
