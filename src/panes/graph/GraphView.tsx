// One Cytoscape pane: lays its graph out in the ELK worker, draws it, and reflects the
// shared selection, linked counterparts, search matches and the source cursor's line.
import { useEffect, useMemo, useRef, useState } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { Graph } from '../../../workers/protocol';
import { buildView, counterpart, GROUP_PREFIX, initialCollapsed, LARGE_GRAPH_NODES, matchNode, opLabels, type View, type ViewNode } from './model';
import { layoutView, usesFastLayout } from './layout';
import { readPalette, stylesheet, verdictLook } from './styles';
import { boundsOf, fitViewport, focusBox, focusIds, FOCUS_MIN_DRAWN, initialViewport, startIds, type Box, type Viewport } from './viewport';
import { drawnGroup, paneVerdicts, VERDICTS, type VerdictIndex } from './verdicts';
import './graph.css';
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
  /** The last Verify report's verdicts by module path (null: none, or colouring off) and whether the code changed since. */
  verdicts: VerdictIndex | null;
  verdictsStale: boolean;
}

/** Main-thread time one drawing task may take before yielding (the target is no task over 200 ms). */
const DRAW_BUDGET_MS = 25;
/** Elements per cy.add call within a task; the budget is checked between calls. */
const ADD_STEP = 40;
/** Drawn nodes past which the renderer trades crispness for speed (1x pixels, no edges while panning). */
const HUGE_DRAW = 400;
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));
const depthOf = (n: ViewNode) => (n.kind === 'group' ? n.id.split('/').length : Infinity);
type Positions = Map<string, { x: number; y: number }>;

/**
 * Elements in drawing order: groups outermost first (parents before children, as chunks may
 * split them), then nodes and edges nearest the opening view first, so what is on screen
 * appears in the first task.
 */
function elements(view: View, pos: Positions, large: boolean, centre: { x: number; y: number } | null): ElementDefinition[] {
  const dist = (id: string) => {
    const p = pos.get(id);
    return p && centre ? (p.x - centre.x) ** 2 + (p.y - centre.y) ** 2 : 0;
  };
  const ordered = [...view.nodes].sort((a, b) => depthOf(a) - depthOf(b) || (a.kind === 'group' ? 0 : dist(a.id) - dist(b.id)));
  const nodes: ElementDefinition[] = ordered.map((n) => ({
    group: 'nodes',
    data: { id: n.id, parent: n.parent ?? undefined, kind: n.kind, label: n.label, width: n.width, height: n.height, collapsed: !!n.collapsed, line: n.node?.line ?? null },
    position: pos.get(n.id) ?? { x: 0, y: 0 },
  }));
  // Large drawings: straight edges without shape labels (unreadable at that zoom, and costly).
  const byNearest = centre ? [...view.edges].sort((a, b) => dist(a.target) - dist(b.target)) : view.edges;
  const edges: ElementDefinition[] = byNearest.map((e) => ({
    group: 'edges',
    data: { id: e.id, source: e.source, target: e.target, label: large ? '' : e.label, count: e.count, fast: large },
  }));
  return [...nodes, ...edges];
}

/** Add elements a few at a time, yielding whenever a task has used its time budget. Resolves false if cancelled. */
async function drawInTasks(cy: Core, els: ElementDefinition[], cancelled: () => boolean): Promise<boolean> {
  let i = 0;
  while (i < els.length) {
    const start = performance.now();
    do {
      const added = cy.add(els.slice(i, i + ADD_STEP)) as any;
      // Style and rendered geometry are otherwise computed lazily in the next frame, for every
      // element added since: one frame of several hundred ms. Computing them here keeps that
      // work inside this task's budget (both are collection methods Cytoscape uses internally).
      added.cleanStyle?.();
      added.recalculateRenderedStyle?.();
      i += ADD_STEP;
    } while (i < els.length && performance.now() - start < DRAW_BUDGET_MS);
    if (i < els.length) {
      await nextTask();
      if (cancelled()) return false;
    }
  }
  return true;
}

/**
 * Renderer settings for huge drawings. Cytoscape reads these renderer fields on every frame
 * (its constructor options only seed them), so one instance serves small and huge graphs.
 */
function tuneRenderer(cy: Core, huge: boolean) {
  const r = (cy as any).renderer?.();
  if (!r) return;
  r.hideEdgesOnViewport = huge;
  const ratio = huge ? 1 : null;
  if (r.forcedPixelRatio !== ratio) {
    r.forcedPixelRatio = ratio;
    cy.resize();
  }
}

function applyViewport(cy: Core, v: Viewport) {
  cy.viewport({ zoom: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), v.zoom)), pan: v.pan });
}

export function GraphView(props: Props) {
  const { graph, paneKey, graphsByKey, selection, onSelect, query, cursorLine, stale, theme, groupCommand, verdicts, verdictsStale } = props;
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const viewRef = useRef<View | null>(null);
  /** Layout bounds of the drawing and of what it opens on (for the opening view and Fit). */
  const frameRef = useRef<{ all: Box; focus: Box | null; anchor: 'top' | 'bottom' } | null>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => initialCollapsed(graph));
  const [drawn, setDrawn] = useState(0); // bumps after each draw so highlight effects re-apply
  const [timing, setTiming] = useState<{ layout: number; draw: number; engine: 'elk' | 'fast' } | null>(null);
  const [viewMode, setViewMode] = useState<Viewport['mode'] | null>(null);
  const palette = useMemo(() => readPalette(graph.backend), [graph.backend, theme]);
  const autoCollapsed = useMemo(() => initialCollapsed(graph), [graph]);
  const paneVerdict = useMemo(() => (verdicts ? paneVerdicts(graph, verdicts) : null), [graph, verdicts]);
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

  /** The opening view (or, with `fit`, the whole drawing) for the pane's current size. */
  const frame = (cy: Core, fit: boolean) => {
    const f = frameRef.current;
    const el = box.current;
    if (!f || !el || el.clientWidth === 0) return false;
    // keep the drawing clear of the verdict legend along the bottom
    const height = el.clientHeight - (legendRef.current?.offsetHeight ?? 0);
    const v = fit ? fitViewport(f.all, el.clientWidth, height) : initialViewport(f.all, f.focus, el.clientWidth, height, f.anchor);
    applyViewport(cy, v);
    setViewMode(v.mode);
    return true;
  };

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
      if (cy.scratch('_needsFrame') && frame(cy, false)) cy.scratch('_needsFrame', false);
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

  // Lay out in the worker, then draw in budgeted tasks so a big graph never blocks the page.
  useEffect(() => {
    let cancelled = false;
    const view = buildView(graph, collapsed);
    const t0 = performance.now();
    setTiming(null);
    layoutView(view).then(async (pos) => {
      const cy = cyRef.current;
      if (cancelled || !cy) return;
      const t1 = performance.now();
      const all = boundsOf(view, pos) ?? { x1: 0, y1: 0, x2: 1, y2: 1 };
      const big = view.nodes.length > FOCUS_MIN_DRAWN;
      const focus = focusBox(view, pos, big ? focusIds(graph, view) : startIds(view), box.current?.clientWidth ?? 0);
      frameRef.current = { all, focus, anchor: big ? 'bottom' : 'top' };
      cy.elements().remove();
      tuneRenderer(cy, view.nodes.length > HUGE_DRAW);
      // The viewport is set before anything is added: frames drawn meanwhile show only what is in view.
      const visible = frame(cy, false);
      cy.scratch('_needsFrame', !visible);
      const centre = visible ? { x: (cy.extent().x1 + cy.extent().x2) / 2, y: (cy.extent().y1 + cy.extent().y2) / 2 } : null;
      const els = elements(view, pos, view.nodes.length > LARGE_GRAPH_NODES, centre);
      if (!(await drawInTasks(cy, els, () => cancelled))) return;
      viewRef.current = view;
      const done = () => {
        if (cancelled) return;
        setTiming({ layout: Math.round(t1 - t0), draw: Math.round(performance.now() - t1), engine: usesFastLayout(view) ? 'fast' : 'elk' });
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

  // Verify verdicts: groups and op nodes coloured, the first divergence outlined, all faded when stale.
  useEffect(() => {
    const cy = cyRef.current;
    const view = viewRef.current;
    if (!cy || !view) return;
    const classes = ['vd-first', 'vd-stale', 'vd-none', ...VERDICTS.map((v) => `vd-${v}`)].join(' ');
    cy.batch(() => {
      cy.nodes().removeClass(classes);
      if (!paneVerdict) return;
      // what no verdict covers turns neutral grey, so a framework colour is never read as one
      cy.nodes('[kind = "op"], [kind = "group"]').addClass('vd-none');
      const mark = (id: string, verdict: string) => cy.getElementById(id).removeClass('vd-none').addClass(`vd-${verdict}${verdictsStale ? ' vd-stale' : ''}`);
      for (const [path, v] of paneVerdict.groups) mark(GROUP_PREFIX + path, v.verdict);
      for (const [id, v] of paneVerdict.ops) if (view.shownAs.get(id) === id) mark(id, v.verdict);
      if (paneVerdict.firstGroup != null) cy.getElementById(GROUP_PREFIX + drawnGroup(paneVerdict.firstGroup, collapsed)).addClass('vd-first');
      for (const id of paneVerdict.firstOps) cy.getElementById(view.shownAs.get(id) ?? '').addClass('vd-first');
    });
  }, [paneVerdict, verdictsStale, drawn]);

  const labels = useMemo(() => opLabels(graph).join(','), [graph]);
  const groupsCollapsed = collapsed.size;
  const first = paneVerdict && verdicts?.first != null ? verdicts.byModule.get(verdicts.first) ?? null : null;
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
      data-layout-engine={timing?.engine}
      data-view={viewMode ?? undefined}
      data-verdict-pass={paneVerdict?.counts.PASS}
      data-verdict-inaccurate={paneVerdict?.counts.INACCURATE}
      data-verdict-fail={paneVerdict?.counts.FAIL}
      data-verdict-stale={paneVerdict ? String(verdictsStale) : undefined}
      style={{ ['--fw' as string]: palette.framework }}
    >
      <header className="graph-pane-head">
        <span className="fw-badge">{graph.title ?? graph.backend}</span>
        <span className="graph-pane-stats" title={`${graph.nodes.length} nodes${graph.stats?.pruned ? `, ${graph.stats.pruned} unused ops pruned` : ''}`}>
          {graph.nodes.filter((n) => n.kind === 'op').length} ops
          {graph.stats?.pruned ? ` · ${graph.stats.pruned} pruned` : ''}
        </span>
        <span className="spacer" />
        <button title="Fit the whole graph to the pane" aria-label={`Fit ${paneKey} graph`} data-testid="graph-fit" onClick={() => cyRef.current && frame(cyRef.current, true)}>
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
      {viewMode === 'focus' && timing && (
        <div className="graph-note" data-testid="graph-focus-note">
          Zoomed in on the {frameRef.current?.anchor === 'top' ? 'inputs' : graph.outputs.length ? 'output' : 'first node'} so labels can be read.{' '}
          <button className="linklike" onClick={() => cyRef.current && frame(cyRef.current, true)}>
            Fit the whole graph
          </button>
        </div>
      )}
      <div className="graph-canvas" ref={box} />
      {!timing && <div className="graph-busy">Laying out…</div>}
      {paneVerdict && (
        <div ref={legendRef} className={`graph-legend${verdictsStale ? ' stale' : ''}`} data-testid="graph-verdict-legend">
          <span className="legend-title">Verify</span>
          {VERDICTS.map((v) => (
            <span key={v} className="legend-item" title={`module groups: ${paneVerdict.counts[v]} ${v}`}>
              <i className="swatch" style={{ background: verdictLook(v, palette).fill }} /> {v.toLowerCase()} {paneVerdict.counts[v]}
            </span>
          ))}
          {first && (
            <span className="legend-item" title="The first layer whose converted output differs">
              <i className="swatch first" style={{ outlineColor: verdictLook(first.verdict, palette).fill }} /> first divergence: <code>{first.layer}</code>
            </span>
          )}
          {verdictsStale && <span className="legend-stale">stale: the code changed since Verify</span>}
        </div>
      )}
    </div>
  );
}
