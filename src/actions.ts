// What the UI can ask of the engine. Panes call these; results land in the store.
import { EngineError } from './engine';
import { engine } from './boot';
import { useStore } from './store';
import type { Framework, PyError } from '../workers/protocol';

const store = useStore;
const get = () => store.getState();

/** Whether the running program's output has been arriving live (see run()). */
let streamed = false;

export { engine };

engine.listen({
  onState: (state, detail) => {
    store.setState({ engine: state, engineDetail: detail ?? null });
    if (state === 'ready' && !get().transpiled) scheduleTranspile(0);
  },
  onProgress: (stage, fraction, message) => store.setState({ progress: { stage, fraction, message } }),
  onStream: (stream, text) => {
    streamed = true;
    get().log({ kind: stream, text });
  },
  onNotice: (message) => get().log({ kind: 'info', text: message }),
});


/** Debounce for re-converting while the user types. */
export const TRANSPILE_DEBOUNCE_MS = 300;
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;
let again = false;

export function scheduleTranspile(delay = TRANSPILE_DEBOUNCE_MS) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(transpileNow, delay);
}

/** Only one conversion in flight; a newer edit waits for it and then converts the latest text. */
export async function transpileNow() {
  if (inFlight) {
    again = true;
    return;
  }
  const { source, from, to } = get();
  if (from === to) {
    store.setState({ transpiled: { code: source, diagnostics: [], line_map: [], stats: { apis: 0, converted: 0, unsupported: 0, ms: 0 } } });
    return;
  }
  inFlight = true;
  try {
    const r = await engine.request('transpile', { source, from, to });
    store.setState((s) => ({ transpiled: r, transpileError: null, timings: { ...s.timings, transpileMs: r.stats.ms } }));
  } catch (e) {
    store.setState({ transpileError: describe(e).message });
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      transpileNow();
    }
  }
}

export function describe(e: unknown): PyError {
  if (e instanceof EngineError) return e.error;
  return { type: 'Error', message: String((e as Error)?.message ?? e), traceback: '', line: null };
}

function logError(err: PyError) {
  get().log({ kind: 'error', text: err.traceback || `${err.type}: ${err.message}`, line: err.line });
}

export async function run() {
  if (get().running) return;
  store.setState({ running: true, fromLink: false, tab: get().tab === 'converted' ? 'console' : get().tab });
  get().log({ kind: 'info', text: `▶ Run ${new Date().toLocaleTimeString()}` });
  try {
    streamed = false;
    const r = await engine.request('run', { source: get().source, stream: true });
    // Printed output already reached the console live; only a silent worker needs it here.
    if (r.stdout && !streamed) get().log({ kind: 'stdout', text: r.stdout });
    if (r.stderr) get().log({ kind: 'stderr', text: r.stderr });
    if (r.result !== null) get().log({ kind: 'result', text: r.result });
    if (r.error) logError(r.error);
    store.setState((s) => ({ timings: { ...s.timings, runMs: r.ms } }));
  } catch (e) {
    logError(describe(e));
  } finally {
    store.setState({ running: false });
  }
}

export function stop() {
  engine.stop();
}

export async function trace(backends?: Framework[]) {
  const s = get();
  store.setState({ running: true, fromLink: false });
  // what the user waited for (running the code included), not only the graphs' recording time
  const t0 = performance.now();
  try {
    const r = await engine.request('trace', {
      source: s.source,
      entry: s.entry,
      inputs: s.traceInputs,
      backends: backends ?? (s.compare.length ? s.compare : null),
    });
    if (r.stdout) get().log({ kind: 'stdout', text: r.stdout });
    if (r.error) {
      logError(r.error);
      store.setState({ traceError: r.error, staleGraphs: get().graphs.length > 0, traceEntries: r.entries ?? [] });
    } else {
      store.setState((st) => ({
        graphs: r.graphs,
        traceError: null,
        staleGraphs: false,
        traceEntries: r.entries ?? [],
        timings: { ...st.timings, traceMs: performance.now() - t0 },
      }));
    }
  } catch (e) {
    const err = describe(e);
    logError(err);
    store.setState({ traceError: err, staleGraphs: get().graphs.length > 0 });
  } finally {
    store.setState({ running: false });
  }
}

/** `opts`: tolerances, and the model's constructor arguments (name -> expression) when the script builds none. */
export async function verify(opts: { atol?: number; rtol?: number; init?: Record<string, string> | null } = {}) {
  const s = get();
  store.setState({ running: true, fromLink: false, tab: 'verify' });
  try {
    const r = await engine.request('verify', { source: s.source, from: s.from, to: s.to, entry: s.entry, inputs: s.traceInputs, ...opts });
    store.setState({ verify: r });
    if (r.error) logError(r.error);
  } catch (e) {
    const err = describe(e);
    logError(err);
    store.setState({ verify: { verdict: 'FAIL', outputs: [], layers: [], first_divergence: null, error: err, ms: 0 } });
  } finally {
    store.setState({ running: false });
  }
}

export function setSource(source: string) {
  store.setState({ source });
  scheduleTranspile();
}

export function setFrameworks(from: Framework, to: Framework) {
  store.setState({ from, to });
  scheduleTranspile(0);
}

// Debug and test handle (e2e tests and bench scripts drive the engine through it).
(globalThis as any).__tensorglot = Object.assign((globalThis as any).__tensorglot ?? {}, {
  engine,
  actions: { run, stop, trace, verify, transpileNow, setSource, setFrameworks },
});
