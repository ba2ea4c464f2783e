// One Cytoscape pane: lays its graph out in the ELK worker, draws it, and reflects the
// shared selection, linked counterparts, search matches and the source cursor's line.
import { useEffect, useMemo, useRef, useState } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { Graph } from '../../../workers/protocol';
import { buildView, counterpart, GROUP_PREFIX, initialCollapsed, LARGE_GRAPH_NODES, matchNode, opLabels, type View, type ViewNode } from './model';
import { layoutView } from './layout';
import { readPalette, stylesheet } from './styles';
import { EXPORT_FORMATS, exportPane, type ExportFormat } from './exporters';
import { registerPane, unregisterPane } from './hooks';

export interface Selection {
  pane: string;
  id: string;
}

interface Props {
  graph: Graph;
  paneKey: string;
  /** All panes' graphs by key, to find counterparts of a selection made elsewhere. */
  graphsByKey: Map<string, Graph>;
  selection: Selection | null;
  onSelect: (sel: Selection | null) => void;
  query: string;
  cursorLine: number | null;
  stale: boolean;
  theme: string;
  /** Bumped by "collapse all" / "expand all" in the toolbar. */
  groupCommand: { kind: 'collapse' | 'expand' | 'auto'; seq: number };
}

/** Elements added per task when drawing: keeps each main-thread task well under 200 ms. */
const DRAW_CHUNK = 120;
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));
const depthOf = (n: ViewNode) => (n.kind === 'group' ? n.id.split('/').length : Infinity);

function elements(view: View, pos: Map<string, { x: number; y: number }>, large: boolean): ElementDefinition[] {
  // Parents before children (chunks may split them), groups outermost first.
  const ordered = [...view.nodes].sort((a, b) => depthOf(a) - depthOf(b));
  const nodes: ElementDefinition[] = ordered.map((n) => ({
    group: 'nodes',
    data: { id: n.id, parent: n.parent ?? undefined, kind: n.kind, label: n.label, width: n.width, height: n.height, collapsed: !!n.collapsed, line: n.node?.line ?? null },
    position: pos.get(n.id) ?? { x: 0, y: 0 },
  }));
  // Large drawings: straight edges without shape labels (unreadable at that zoom, and costly).
  const edges: ElementDefinition[] = view.edges.map((e) => ({
    group: 'edges',
    data: { id: e.id, source: e.source, target: e.target, label: large ? '' : e.label, count: e.count, fast: large },
  }));
  return [...nodes, ...edges];
}

/** Fit the drawing, but never blow a small graph up past a readable size. */
function fit(cy: Core) {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  }
}

export function GraphView(props: Props) {
  const { graph, paneKey, graphsByKey, selection, onSelect, query, cursorLine, stale, theme, groupCommand } = props;
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const viewRef = useRef<View | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => initialCollapsed(graph));
  const [drawn, setDrawn] = useState(0); // bumps after each draw so highlight effects re-apply
  const [timing, setTiming] = useState<{ layout: number; draw: number } | null>(null);
  const palette = useMemo(() => readPalette(graph.backend), [graph.backend, theme]);
  const autoCollapsed = useMemo(() => initialCollapsed(graph), [graph]);
  const latest = useRef({ onSelect, graph, paneKey });
  latest.current = { onSelect, graph, paneKey };

  // New graph: start from its default grouping.
  useEffect(() => setCollapsed(autoCollapsed), [autoCollapsed]);

  useEffect(() => {
    if (groupCommand.seq === 0) return;
    const all = new Set<string>();
    for (const n of graph.nodes) if (n.module) n.module.split('/').forEach((_, i, parts) => all.add(parts.slice(0, i + 1).join('/')));
    setCollapsed(groupCommand.kind === 'collapse' ? all : groupCommand.kind === 'expand' ? new Set() : autoCollapsed);
  }, [groupCommand.seq]);

  // The Cytoscape instance lives as long as the pane.
  useEffect(() => {
    const cy = cytoscape({
      container: box.current,
      style: stylesheet(palette),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      textureOnViewport: true,
      hideEdgesOnViewport: false,
    });
    cyRef.current = cy;
    cy.on('tap', 'node', (ev) => {
      const n = ev.target;
      if (n.data('kind') === 'group') return;
      latest.current.onSelect({ pane: latest.current.paneKey, id: n.id() });
    });
    cy.on('tap', (ev) => {
      if (ev.target === cy) latest.current.onSelect(null);
    });
    cy.on('dbltap', 'node[kind = "group"]', (ev) => {
      const m = (ev.target.id() as string).slice(GROUP_PREFIX.length);
      setCollapsed((c) => {
        const next = new Set(c);
        if (next.has(m)) next.delete(m);
        else next.add(m);
        return next;
      });
    });
    const ro = new ResizeObserver(() => {
      cy.resize();
      if (cy.scratch('_needsFit') && box.current!.clientWidth > 0) {
        cy.scratch('_needsFit', false);
        fit(cy);
      }
    });
    ro.observe(box.current!);
    registerPane(paneKey, { cy: () => cyRef.current, graph: () => latest.current.graph });
    return () => {
      ro.disconnect();
      unregisterPane(paneKey);
      cy.destroy();
      cyRef.current = null;
    };
  }, [paneKey]);

  useEffect(() => {
    cyRef.current?.style(stylesheet(palette));
  }, [palette]);

  // Lay out in the worker, then draw in chunks (one task each) so a big graph never blocks the page.
  useEffect(() => {
    let cancelled = false;
    const view = buildView(graph, collapsed);
    const t0 = performance.now();
    setTiming(null);
    layoutView(view).then(async (pos) => {
      const cy = cyRef.current;
      if (cancelled || !cy) return;
      const t1 = performance.now();
      const els = elements(view, pos, view.nodes.length > LARGE_GRAPH_NODES);
      cy.elements().remove();
      for (let i = 0; i < els.length; i += DRAW_CHUNK) {
        if (i) await nextTask();
        if (cancelled) return;
        cy.add(els.slice(i, i + DRAW_CHUNK));
      }
      viewRef.current = view;
      const visible = !!box.current && box.current.clientWidth > 0;
      if (visible) fit(cy);
      else cy.scratch('_needsFit', true);
      const done = () => {
        if (cancelled) return;
        setTiming({ layout: Math.round(t1 - t0), draw: Math.round(performance.now() - t1) });
        setDrawn((d) => d + 1);
      };
      if (visible) cy.one('render', done);
      else done();
    });
    return () => {
      cancelled = true;
    };
  }, [graph, collapsed]);

  // Highlights: selection here or a counterpart of one elsewhere, search matches, source line.
  useEffect(() => {
    const cy = cyRef.current;
    const view = viewRef.current;
    if (!cy || !view) return;
    cy.batch(() => {
      cy.elements().removeClass('linked match dim line-hit');
      cy.nodes().unselect();
      if (selection) {
        let id: string | null = null;
        if (selection.pane === paneKey) id = selection.id;
        else {
          const other = graphsByKey.get(selection.pane);
          id = other ? counterpart(other, selection.id, graph) : null;
        }
        const shown = id ? view.shownAs.get(id) : null;
        if (shown) {
          const el = cy.getElementById(shown);
          if (selection.pane === paneKey && shown === id) el.select();
          else el.addClass('linked');
          // Bring it into view when it is off screen (search steps, links from other panes).
          const bb = el.boundingBox({});
          const ext = cy.extent();
          if (bb.x2 < ext.x1 || bb.x1 > ext.x2 || bb.y2 < ext.y1 || bb.y1 > ext.y2) cy.animate({ center: { eles: el } }, { duration: 200 });
        }
      }
      if (query.trim()) {
        const hits = new Set(graph.nodes.filter((n) => matchNode(n, query)).map((n) => view.shownAs.get(n.id)));
        cy.nodes().forEach((n) => {
          if (hits.has(n.id())) n.addClass('match');
          else if (!n.isParent()) n.addClass('dim');
        });
      }
      if (cursorLine != null)
        for (const n of graph.nodes) if (n.line === cursorLine) cy.getElementById(view.shownAs.get(n.id) ?? '').addClass('line-hit');
    });
  }, [selection, query, cursorLine, drawn, graphsByKey]);

  const labels = useMemo(() => opLabels(graph).join(','), [graph]);
  const groupsCollapsed = collapsed.size;
  return (
    <div
      className={`graph-pane${stale ? ' stale' : ''}`}
      data-testid="graph-pane"
      data-backend={graph.backend}
      data-node-count={graph.nodes.length}
      data-op-labels={labels}
      data-pane-key={paneKey}
      data-ready={timing ? 'true' : 'false'}
      data-layout-ms={timing?.layout}
      data-draw-ms={timing?.draw}
      style={{ ['--fw' as string]: palette.framework }}
    >
      <header className="graph-pane-head">
        <span className="fw-badge">{graph.title ?? graph.backend}</span>
        <span className="graph-pane-stats" title={`${graph.nodes.length} nodes${graph.stats?.pruned ? `, ${graph.stats.pruned} unused ops pruned` : ''}`}>
          {graph.nodes.filter((n) => n.kind === 'op').length} ops
          {graph.stats?.pruned ? ` · ${graph.stats.pruned} pruned` : ''}
        </span>
        <span className="spacer" />
        <button title="Fit to view" aria-label={`Fit ${paneKey} graph`} onClick={() => cyRef.current && fit(cyRef.current)}>
          ⤢
        </button>
        <details className="export-menu">
          <summary title={`Export the ${paneKey} graph`} aria-label={`Export the ${paneKey} graph`}>
            ⤓
          </summary>
          <div className="export-items">
            {EXPORT_FORMATS.map((f: ExportFormat) => (
              <button
                key={f}
                data-testid={`export-${f}`}
                onClick={(e) => {
                  (e.currentTarget.closest('details') as HTMLDetailsElement).open = false;
                  if (cyRef.current) exportPane(f, cyRef.current, graph, palette, paneKey.replace(/\W+/g, '_'));
                }}
              >
                {f.toUpperCase()}
              </button>
            ))}
          </div>
        </details>
      </header>
      {groupsCollapsed > 0 && autoCollapsed.size > 0 && collapsed === autoCollapsed && (
        <div className="graph-note" data-testid="graph-collapsed-note">
          Large graph ({graph.nodes.length} nodes): {groupsCollapsed} module groups start collapsed. Double-click a group to expand it.
        </div>
      )}
      <div className="graph-canvas" ref={box} />
      {!timing && <div className="graph-busy">Laying out…</div>}
    </div>
  );
}
