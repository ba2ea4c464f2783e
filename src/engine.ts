// Owns the Python worker: boots it, pairs requests with responses, interrupts runaway
// code, and restarts the worker when it dies or stops answering.
import type { LoadStage, PyError, RequestKind, ResultOf, WorkerMessage, WorkerRequest } from '../workers/protocol';
import { SIGINT } from '../workers/protocol';

export type EngineState = 'loading' | 'ready' | 'busy' | 'error' | 'restarting';

export interface EngineEvents {
  onState: (state: EngineState, detail?: string) => void;
  onProgress: (stage: LoadStage, fraction: number, message: string) => void;
  onStream: (stream: 'stdout' | 'stderr', text: string) => void;
  onNotice: (message: string) => void;
}

export class EngineError extends Error {
  constructor(public error: PyError) {
    super(error.message);
  }
}

type Pending = { kind: RequestKind; resolve: (v: any) => void; reject: (e: unknown) => void; sent: number; started: boolean };

type Payload<K extends RequestKind> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>;

/** How long Stop waits for Python to honour the interrupt before the worker is replaced. */
export const STOP_WATCHDOG_MS = 3000;
/**
 * A Stop aimed at a run still queued behind a conversion waits for the run to start (the
 * interrupt then hits it at once); only a conversion stuck this long gets the worker replaced.
 */
export const QUEUED_STOP_GRACE_MS = 30_000;
/** How often an unanswered Stop re-sends the interrupt to a run that has started. */
const RESIGNAL_MS = 250;
/** Code that runs longer than this is interrupted automatically (the user can still Stop sooner). */
export const RUN_LIMIT_MS = 20_000;

/** Until the UI listens (it loads after the engine may have started): listen() replays the latest state and progress. */
const UNHEARD: EngineEvents = { onState() {}, onProgress() {}, onStream() {}, onNotice() {} };

export class Engine {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private interrupt: Int32Array | null = null;
  private limitTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  /** The runs a Stop is waiting on, and why they were stopped. */
  private stopping: { ids: number[]; reason: string } | null = null;
  state: EngineState = 'loading';
  private detail?: string;
  private progress: Parameters<EngineEvents['onProgress']> | null = null;
  bootMs = 0;
  /** Python was restored from the build's memory snapshot rather than started (worker boot). */
  fromSnapshot = false;

  constructor(private events: EngineEvents = UNHEARD, private baseUrl = new URL(import.meta.env.BASE_URL, location.href).href) {}

  /** Boot the worker; idempotent (React StrictMode mounts effects twice). */
  start(restarting = false) {
    if (this.worker) return;
    this.setState(restarting ? 'restarting' : 'loading');
    const shared = typeof SharedArrayBuffer !== 'undefined' && (self as any).crossOriginIsolated;
    const buffer = shared ? new SharedArrayBuffer(4) : null;
    this.interrupt = buffer ? new Int32Array(buffer) : null;
    const w = new Worker(new URL('../workers/python.worker.ts', import.meta.url), { type: 'module', name: 'python' });
    this.worker = w;
    w.onmessage = (ev: MessageEvent<WorkerMessage>) => this.onMessage(ev.data);
    w.onerror = (ev) => this.crashed(`Python worker crashed: ${ev.message || 'unknown error'}`);
    (w as any).onmessageerror = () => this.crashed('Python worker sent an unreadable message');
    w.postMessage({ type: 'init', interruptBuffer: buffer, baseUrl: this.baseUrl });
  }

  /** Take over the events, told at once where the boot has got to. */
  listen(events: EngineEvents) {
    this.events = events;
    if (this.progress) events.onProgress(...this.progress);
    events.onState(this.state, this.detail);
  }

  get interruptible() {
    return this.interrupt !== null;
  }

  get busy() {
    return this.pending.size > 0;
  }

  request<K extends RequestKind>(kind: K, payload: Payload<K>): Promise<ResultOf[K]> {
    if (!this.worker) this.start();
    const id = this.nextId++;
    const msg = { id, kind, ...payload } as WorkerRequest;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { kind, resolve, reject, sent: performance.now(), started: false });
      if (kind !== 'transpile') this.setState('busy');
      this.worker!.postMessage(msg);
    });
  }

  /** Interrupt running Python; replace the worker if it does not stop in time. */
  stop(reason = 'Stopped') {
    // Only running code is stopped; conversions are short and not interruptible.
    const ids = [...this.pending].filter(([, p]) => p.kind !== 'transpile').map(([id]) => id);
    if (!ids.length) return;
    if (!this.interrupt) {
      this.restart(`${reason}: this page cannot interrupt Python, so the engine was restarted.`);
      return;
    }
    Atomics.store(this.interrupt, 0, SIGINT);
    this.stopping = { ids, reason };
    // The watchdog counts from the moment the run executes: time spent queued behind a
    // conversion (slow on a cold engine) is not Python ignoring the interrupt.
    const running = ids.some((id) => this.pending.get(id)?.started);
    this.armWatchdog(running ? STOP_WATCHDOG_MS : QUEUED_STOP_GRACE_MS);
  }

  private armWatchdog(ms: number) {
    this.clearWatchdog();
    const deadline = performance.now() + ms;
    const check = () => {
      const s = this.stopping;
      if (!s || !s.ids.some((id) => this.pending.has(id))) return;
      if (performance.now() >= deadline) {
        this.restart(`${s.reason}: Python did not respond within ${ms} ms, so the engine was restarted.`);
        return;
      }
      // Python consumes the signal wherever it next checks for it; if that was inside code
      // that cannot raise (a __del__, a callback), it is lost, so a started run gets it again.
      if (s.ids.some((id) => this.pending.get(id)?.started)) Atomics.store(this.interrupt!, 0, SIGINT);
      this.watchdog = setTimeout(check, Math.min(RESIGNAL_MS, deadline - performance.now()));
    };
    this.watchdog = setTimeout(check, Math.min(RESIGNAL_MS, ms));
  }

  private clearWatchdog() {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  restart(notice: string) {
    this.worker?.terminate();
    this.worker = null;
    this.clearLimit();
    this.clearWatchdog();
    this.stopping = null;
    const err = new EngineError({ type: 'EngineRestarted', message: notice, traceback: '', line: null });
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.events.onNotice(notice);
    this.start(true);
  }

  private crashed(message: string) {
    if (this.state === 'loading' && !this.pending.size) {
      this.setState('error', message);
      return;
    }
    this.restart(`${message}. The engine was restarted; your code is safe.`);
  }

  private armLimit() {
    this.clearLimit();
    this.limitTimer = setTimeout(() => this.stop(`Time limit of ${RUN_LIMIT_MS / 1000} s reached`), RUN_LIMIT_MS);
  }

  private clearLimit() {
    if (this.limitTimer) clearTimeout(this.limitTimer);
    this.limitTimer = null;
  }

  private setState(s: EngineState, detail?: string) {
    this.state = s;
    this.detail = detail;
    this.events.onState(s, detail);
  }

  private onMessage(m: WorkerMessage) {
    switch (m.type) {
      case 'progress':
        this.progress = [m.stage, m.fraction, m.message];
        this.events.onProgress(m.stage, m.fraction, m.message);
        return;
      case 'ready':
        this.bootMs = m.ms;
        this.fromSnapshot = m.fromSnapshot;
        // Start-up is measured from navigation to here (scripts/bench-browser.mjs).
        performance.mark('tensorglot:engine-ready');
        this.setState(this.pending.size ? 'busy' : 'ready');
        return;
      case 'boot-error': {
        const err = new EngineError({ type: 'EngineStartFailed', message: m.message, traceback: '', line: null });
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        this.setState('error', m.message);
        return;
      }
      case 'stream':
        this.events.onStream(m.stream, m.text);
        return;
      case 'started': {
        const p = this.pending.get(m.id);
        if (!p) return;
        p.started = true;
        this.armLimit();
        if (this.stopping?.ids.includes(m.id)) this.armWatchdog(STOP_WATCHDOG_MS);
        return;
      }
      case 'result':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.result);
        else p.reject(new EngineError(m.error));
        const stopped = this.stopping?.ids.includes(m.id) ? this.stopping.reason : null;
        // Python only says KeyboardInterrupt; say who stopped it, after the run's own output.
        if (stopped) setTimeout(() => this.events.onNotice(`${stopped}: the run was interrupted.`), 0);
        if (![...this.pending.values()].some((q) => q.kind !== 'transpile')) {
          this.clearLimit();
          this.clearWatchdog();
          this.stopping = null;
          if (this.state === 'busy') this.setState('ready');
        }
      }
    }
  }
}
