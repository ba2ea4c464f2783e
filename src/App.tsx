import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useStore, type Tab } from './store';
import { TopBar } from './panes/TopBar';
import { SourcePane } from './panes/SourcePane';
import { OutputPane } from './panes/OutputPane';
import { ConsolePane } from './panes/ConsolePane';
import { StatusBar } from './panes/StatusBar';
import { engine } from './actions';
import { installShortcuts } from './lib/shortcuts';
import { installLineLinks } from './lib/lineLinks';
import { editors } from './lib/editors';
import { HelpDialog } from './panes/HelpDialog';
import { ShareErrorBanner } from './panes/ShareButton';
import { VerifyPane } from './panes/VerifyPane';

// The Graph tab (Cytoscape, ELK) is its own chunk: the page does not parse it at start-up, when
// the editor and Python's boot need the CPU, but once Python is ready and the page idle, or at
// once when the Graph tab is opened first (issue 2's start-up target; bench/README.md).
const loadGraphTab = () => import('./panes/GraphTab');
const GraphTab = lazy(() => loadGraphTab().then((m) => ({ default: m.GraphTab })));

function useGraphTabWanted(): boolean {
  const tab = useStore((s) => s.tab);
  const engineReady = useStore((s) => s.engine === 'ready');
  const [idleAfterReady, setIdleAfterReady] = useState(false);
  useEffect(() => {
    if (!engineReady) return;
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
    if (idle) idle(() => setIdleAfterReady(true), { timeout: 2000 });
    else setTimeout(() => setIdleAfterReady(true), 500);
  }, [engineReady]);
  const wanted = useRef(false);
  wanted.current ||= tab === 'graph' || idleAfterReady;
  return wanted.current;
}

const TABS: { id: Tab; label: string }[] = [
  { id: 'converted', label: 'Converted' },
  { id: 'graph', label: 'Graph' },
  { id: 'console', label: 'Console' },
  { id: 'verify', label: 'Verify' },
];

export function App() {
  const tab = useStore((s) => s.tab);
  const theme = useStore((s) => s.theme);
  const set = useStore((s) => s.set);
  const [split, setSplit] = useState(50);
  const dragging = useRef(false);
  const graphTabWanted = useGraphTabWanted();

  // The children's effects ran first, so the editor is up; a no-op when src/boot.ts started it.
  useEffect(() => engine.start(), []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(installShortcuts, []);
  // Runs after the children's effects, so both editors exist.
  useEffect(() => installLineLinks(editors.source, editors.output), []);

  return (
    <div className="app" onMouseMove={(e) => dragging.current && setSplit(Math.min(85, Math.max(15, (100 * e.clientX) / window.innerWidth)))} onMouseUp={() => (dragging.current = false)}>
      <TopBar />
      <ShareErrorBanner />
      <HelpDialog />
      <main className="panes" style={{ gridTemplateColumns: `${split}% 6px 1fr` }}>
        <SourcePane />
        <div
          className="splitter"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize panes"
          tabIndex={0}
          onMouseDown={() => (dragging.current = true)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowLeft') setSplit((s) => Math.max(15, s - 2));
            if (e.key === 'ArrowRight') setSplit((s) => Math.min(85, s + 2));
          }}
        />
        <section className="pane right-pane" aria-label="Results">
          <nav className="tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'active' : ''} onClick={() => set({ tab: t.id })} data-testid={`tab-${t.id}`}>
                {t.label}
              </button>
            ))}
          </nav>
          <div className="tab-body">
            <div hidden={tab !== 'converted'} className="fill">
              <OutputPane />
            </div>
            <div hidden={tab !== 'graph'} className="fill">
              {graphTabWanted && (
                <Suspense fallback={<div className="empty-note">Loading the graph view…</div>}>
                  <GraphTab />
                </Suspense>
              )}
            </div>
            <div hidden={tab !== 'console'} className="fill">
              <ConsolePane />
            </div>
            <div hidden={tab !== 'verify'} className="fill">
              <VerifyPane />
            </div>
          </div>
        </section>
      </main>
      <StatusBar />
    </div>
  );
}
