// The Graph tab: toolbar (backends to compare, Trace, search, grouping), up to four panes
// side by side, the inspector and the differences summary.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { trace } from '../actions';
import { editors, revealSourceLine } from '../lib/editors';
import { FRAMEWORKS, type Framework } from '../../workers/protocol';
import { GraphView, type Selection } from './graph/GraphView';
import { Inspector } from './graph/Inspector';
import { EntryForm } from './graph/EntryForm';
import { Differences } from './graph/Differences';
import { matchNode, paneKeys } from './graph/model';
import { warmUpLayout } from './graph/layout';
import { traceSourceAndConverted } from './graph/traceConverted';
import { useVerdicts } from './graph/verifyState';
import { verdictOf } from './graph/verdicts';
import './graph/hooks';

const MAX_PANES = 4;

// Warm the layout workers up once the engine is ready and the page is idle, before the Graph
// tab is first opened: a cold ELK takes seconds over its first real graph.
const stopWatching = useStore.subscribe((s) => {
  if (s.engine !== 'ready') return;
  stopWatching();
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
  if (idle) idle(() => warmUpLayout(), { timeout: 5000 });
  else setTimeout(warmUpLayout, 1000);
});

/** Keep store.cursorLine in step with the source editor's cursor (the editor mounts on its own schedule). */
function useSourceCursor() {
  useEffect(() => {
    let sub: { dispose(): void } | null = null;
    const attach = () => {
      if (!editors.source || sub) return !!sub;
      sub = editors.source.onDidChangeCursorPosition((e) => {
        if (useStore.getState().cursorLine !== e.position.lineNumber) useStore.setState({ cursorLine: e.position.lineNumber });
      });
      return true;
    };
    const timer = attach() ? null : setInterval(() => attach() && clearInterval(timer!), 250);
    return () => {
      if (timer) clearInterval(timer);
      sub?.dispose();
    };
  }, []);
}

export function GraphTab() {
  const graphs = useStore((s) => s.graphs);
  const stale = useStore((s) => s.staleGraphs);
  const traceError = useStore((s) => s.traceError);
  const compare = useStore((s) => s.compare);
  const selectedNode = useStore((s) => s.selectedNode);
  const cursorLine = useStore((s) => s.cursorLine);
  const running = useStore((s) => s.running);
  const engine = useStore((s) => s.engine);
  const tab = useStore((s) => s.tab);
  const fromLink = useStore((s) => s.fromLink);
  const theme = useStore((s) => s.theme);
  const transpiled = useStore((s) => s.transpiled);
  const [query, setQuery] = useState('');
  const [groupCommand, setGroupCommand] = useState<{ kind: 'collapse' | 'expand' | 'auto'; seq: number }>({ kind: 'auto', seq: 0 });
  const [showVerdicts, setShowVerdicts] = useState(true);
  const verdicts = useVerdicts();
  const searchBox = useRef<HTMLInputElement>(null);
  const autoTraced = useRef(false);
  useSourceCursor();


  // Opening the tab with nothing to show traces once (not for a shared link: its code runs only on request).
  useEffect(() => {
    if (tab !== 'graph' || autoTraced.current || graphs.length || traceError || fromLink || running || engine !== 'ready') return;
    autoTraced.current = true;
    trace();
  }, [tab, engine, graphs.length, traceError, fromLink, running]);

  const shown = graphs.slice(0, MAX_PANES);
  const keys = useMemo(() => paneKeys(shown), [shown]);
  const byKey = useMemo(() => new Map(shown.map((g, i) => [keys[i], g])), [shown, keys]);
  const selection: Selection | null = selectedNode ? { pane: selectedNode.backend, id: selectedNode.id } : null;
  const selectedGraph = selection ? byKey.get(selection.pane) ?? null : null;
  const verdictIndex = showVerdicts ? verdicts.index : null;
  const selectedModule = selection ? selectedGraph?.nodes.find((n) => n.id === selection.id)?.module ?? null : null;
  const selectedVerdict = verdictIndex && selection ? verdictOf(selectedModule, verdictIndex) : null;

  const select = (sel: Selection | null) => {
    useStore.setState({ selectedNode: sel ? { backend: sel.pane, id: sel.id } : null });
    const line = sel ? byKey.get(sel.pane)?.nodes.find((n) => n.id === sel.id)?.line : null;
    if (line != null) revealSourceLine(line);
  };

  const toggleBackend = (f: Framework) => {
    const next = compare.includes(f) ? compare.filter((x) => x !== f) : FRAMEWORKS.filter((x) => x === f || compare.includes(x));
    useStore.setState({ compare: next });
  };

  // Enter in the search box steps through matches of the first pane that has any.
  const matches = useMemo(() => {
    if (!query.trim()) return [];
    return shown.flatMap((g, i) => g.nodes.filter((n) => matchNode(n, query)).map((n) => ({ pane: keys[i], id: n.id })));
  }, [query, shown, keys]);
  const stepMatch = (dir: 1 | -1) => {
    if (!matches.length) return;
    const at = matches.findIndex((m) => selection && m.pane === selection.pane && m.id === selection.id);
    const next = matches[(at + dir + matches.length) % matches.length];
    useStore.setState({ selectedNode: { backend: next.pane, id: next.id } });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    }
  };

  const errorLine = traceError?.line ?? null;
  return (
    <div className="graph-tab" data-testid="graph-view" tabIndex={-1} onKeyDown={onKeyDown} onMouseDown={(e) => e.target instanceof HTMLCanvasElement && (e.currentTarget as HTMLElement).focus()}>
      <div className="graph-toolbar" role="toolbar" aria-label="Graph toolbar">
        <button className="primary" data-testid="trace" onClick={() => trace()} disabled={running || engine !== 'ready'} title="Run the code and trace its graphs">
          ◇ Trace
        </button>
        <fieldset className="backend-picks" aria-label="Backends to compare (ivy code)">
          <span className="muted" title="Ivy code is traced once per chosen backend; framework code traces to its own framework">
            Backends
          </span>
          {FRAMEWORKS.map((f) => (
            <label key={f} className={`backend-pick fw-${f}`}>
              <input type="checkbox" data-testid={`compare-${f}`} checked={compare.includes(f)} onChange={() => toggleBackend(f)} />
              {f}
            </label>
          ))}
        </fieldset>
        <button onClick={traceSourceAndConverted} disabled={running || engine !== 'ready' || !transpiled} data-testid="trace-converted" title="Trace the source beside its converted code: on each ticked backend, else on the current target">
          Source ⇄ converted
        </button>
        {verdicts.index && (
          <label className="verdict-toggle" title="Colour module groups and ops by the last Verify report (green PASS, yellow INACCURATE, red FAIL)">
            <input type="checkbox" data-testid="graph-verdicts" checked={showVerdicts} onChange={(e) => setShowVerdicts(e.target.checked)} />
            Verify colours{verdicts.stale ? ' (stale)' : ''}
          </label>
        )}
        <span className="spacer" />
        <input
          ref={searchBox}
          className="graph-search"
          type="search"
          data-testid="graph-search"
          placeholder="Search ops… (Ctrl+F)"
          title="Op name, or field:value — kind:param, dtype:int64, shape:1,3, module:attn, line:3. Enter steps through matches."
          aria-label="Search graph nodes"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') stepMatch(e.shiftKey ? -1 : 1);
            if (e.key === 'Escape') setQuery('');
          }}
        />
        {query.trim() && <span className="muted match-count">{matches.length} found</span>}
        <button title="Collapse all module groups" aria-label="Collapse all module groups" onClick={() => setGroupCommand((c) => ({ kind: 'collapse', seq: c.seq + 1 }))}>
          ⊟
        </button>
        <button title="Expand all module groups" aria-label="Expand all module groups" onClick={() => setGroupCommand((c) => ({ kind: 'expand', seq: c.seq + 1 }))}>
          ⊞
        </button>
      </div>
      {traceError && (
        <div className="banner error graph-error" data-testid="graph-error" role="alert">
          Trace failed{errorLine != null && (
            <>
              {' '}at{' '}
              <button className="linklike" onClick={() => revealSourceLine(errorLine)}>
                line {errorLine}
              </button>
            </>
          )}
          : {traceError.type}: {traceError.message}
          {stale && <span className="muted"> — showing the last good graph, greyed out.</span>}
        </div>
      )}
      {running && <div className="graph-running">Tracing…</div>}
      {shown.length === 0 ? (
        <EntryForm />
      ) : (
        <>
          {graphs.length > MAX_PANES && <div className="banner notice">Showing the first {MAX_PANES} of {graphs.length} graphs.</div>}
          <div className="graph-panes" style={{ gridTemplateColumns: `repeat(${shown.length}, minmax(0, 1fr))` }}>
            {shown.map((g, i) => (
              <GraphView
                key={keys[i]}
                graph={g}
                paneKey={keys[i]}
                graphsByKey={byKey}
                selection={selection}
                onSelect={select}
                query={query}
                cursorLine={cursorLine}
                stale={stale}
                theme={theme}
                groupCommand={groupCommand}
                verdicts={verdictIndex}
                verdictsStale={verdicts.stale}
              />
            ))}
          </div>
          <div className="graph-bottom">
            <Inspector graph={selectedGraph} id={selection?.id ?? null} paneKey={selection?.pane ?? ''} verdict={selectedVerdict} verdictStale={verdicts.stale} />
            {shown.length > 1 && <Differences graphs={shown} />}
          </div>
        </>
      )}
    </div>
  );
}
