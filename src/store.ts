// The one store every pane reads from and writes to.
import { create } from 'zustand';
import type { Framework, Graph, TraceInputs, TranspileResult, VerifyResult, TraceEntry, PyError, LoadStage } from '../workers/protocol';
import type { EngineState } from './engine';
import { DEFAULT_EXAMPLE } from './examples';

export type Tab = 'converted' | 'graph' | 'console' | 'verify';

export interface ConsoleEntry {
  kind: 'stdout' | 'stderr' | 'result' | 'error' | 'info';
  text: string;
  line?: number | null;
}

export interface AppState {
  source: string;
  from: Framework;
  to: Framework;
  tab: Tab;
  transpiled: TranspileResult | null;
  transpileError: string | null;
  console: ConsoleEntry[];
  engine: EngineState;
  engineDetail: string | null;
  progress: { stage: LoadStage; fraction: number; message: string };
  running: boolean;
  graphs: Graph[];
  staleGraphs: boolean;
  traceError: PyError | null;
  traceEntries: TraceEntry[];
  entry: string | null;
  traceInputs: TraceInputs | null;
  compare: Framework[];
  verify: VerifyResult | null;
  /** Set when the page was opened from a shared link: its code runs only after Run. */
  fromLink: boolean;
  timings: { transpileMs: number | null; runMs: number | null; traceMs: number | null };
  cursorLine: number | null;
  selectedNode: { backend: string; id: string } | null;
  theme: 'light' | 'dark';
  /** Why the link in the address bar could not be opened (the user's own work stays). */
  shareError: string | null;
  /** Link content is on screen: do not autosave it over the user's own work until they edit. */
  holdAutosave: boolean;
  shareOpen: boolean;
  helpOpen: boolean;
  /** Converted tab shows Monaco's diff of source against output. */
  diffView: boolean;
  set: (patch: Partial<AppState>) => void;
  log: (...entries: ConsoleEntry[]) => void;
}

export const SOURCE_KEY = 'tensorglot:v1:source';
export const PREFS_KEY = 'tensorglot:v1:prefs';

function restoredSource(): string {
  try {
    return localStorage.getItem(SOURCE_KEY) ?? DEFAULT_EXAMPLE.source;
  } catch {
    return DEFAULT_EXAMPLE.source;
  }
}

function restoredPrefs(): Partial<AppState> {
  try {
    return JSON.parse(localStorage.getItem(PREFS_KEY) || '{}');
  } catch {
    return {};
  }
}

const systemTheme = (): 'light' | 'dark' =>
  typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';

export const useStore = create<AppState>((set) => ({
  source: restoredSource(),
  from: 'torch',
  to: 'tensorflow',
  tab: 'converted',
  transpiled: null,
  transpileError: null,
  console: [],
  engine: 'loading',
  engineDetail: null,
  progress: { stage: 'download', fraction: 0, message: 'Starting' },
  running: false,
  graphs: [],
  staleGraphs: false,
  traceError: null,
  traceEntries: [],
  entry: null,
  traceInputs: null,
  compare: [],
  verify: null,
  fromLink: false,
  timings: { transpileMs: null, runMs: null, traceMs: null },
  cursorLine: null,
  selectedNode: null,
  theme: systemTheme(),
  shareError: null,
  holdAutosave: false,
  shareOpen: false,
  helpOpen: false,
  diffView: false,
  ...restoredPrefs(),
  set: (patch) => set(patch),
  log: (...entries) => set((s) => ({ console: [...s.console, ...entries].slice(-2000) })),
}));

// Autosave: the user's code survives reloads, crashes and worker restarts.
useStore.subscribe((s, prev) => {
  try {
    if (s.source !== prev.source && !s.holdAutosave) localStorage.setItem(SOURCE_KEY, s.source);
    if (s.to !== prev.to || s.from !== prev.from || s.theme !== prev.theme || s.compare !== prev.compare)
      localStorage.setItem(PREFS_KEY, JSON.stringify({ from: s.from, to: s.to, theme: s.theme, compare: s.compare }));
  } catch {
    /* storage full or disabled: nothing else to do */
  }
});
