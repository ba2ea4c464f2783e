// The Engine's Stop logic against a scripted stand-in for the Python worker: when the
// watchdog counts, when the interrupt is re-sent, and when the worker is replaced.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine, QUEUED_STOP_GRACE_MS, RUN_LIMIT_MS, STOP_WATCHDOG_MS } from './engine';
import { SIGINT, type WorkerMessage } from '../workers/protocol';

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((ev: { data: WorkerMessage }) => void) | null = null;
  onerror: ((ev: { message: string }) => void) | null = null;
  interrupt: Int32Array | null = null;
  received: any[] = [];
  terminated = false;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(msg: any) {
    if (msg.type === 'init') this.interrupt = new Int32Array(msg.interruptBuffer);
    else this.received.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  send(m: WorkerMessage) {
    this.onmessage?.({ data: m });
  }
}

function bootedEngine() {
  const notices: string[] = [];
  const engine = new Engine(
    { onState: () => {}, onProgress: () => {}, onStream: () => {}, onNotice: (n) => notices.push(n) },
    'http://localhost/',
  );
  engine.start();
  const worker = FakeWorker.all.at(-1)!;
  worker.send({ type: 'ready', ms: 1, version: '3.14', interruptible: true, fromSnapshot: false });
  return { engine, worker, notices };
}

describe('Engine Stop', () => {
  beforeEach(() => {
    FakeWorker.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('self', { crossOriginIsolated: true });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a run still queued behind a conversion is not counted as Python ignoring Stop', async () => {
    const { engine, worker, notices } = bootedEngine();
    engine.request('transpile', { source: 'x = 1', target: 'tensorflow' } as any).catch(() => {});
    const run = engine.request('run', { source: 'while True: pass' } as any).catch((e) => e);
    engine.stop();
    expect(Atomics.load(worker.interrupt!, 0)).toBe(SIGINT);
    vi.advanceTimersByTime(STOP_WATCHDOG_MS * 3); // the conversion is slow (a cold engine)
    expect(worker.terminated).toBe(false);
    // The run starts; Python answers the interrupt at once.
    const runId = worker.received[1].id;
    worker.send({ type: 'started', id: runId });
    worker.send({ type: 'error', id: runId, kind: 'run', error: { type: 'KeyboardInterrupt', message: 'Interrupted by Stop', traceback: '', line: null } });
    expect((await run).error.type).toBe('KeyboardInterrupt');
    vi.advanceTimersByTime(QUEUED_STOP_GRACE_MS * 2);
    expect(worker.terminated).toBe(false);
    expect(notices).toEqual(['Stopped: the run was interrupted.']);
  });

  it('the automatic time limit says so when it interrupts a run', async () => {
    const { engine, worker, notices } = bootedEngine();
    engine.request('run', { source: 'while True: pass' } as any).catch(() => {});
    const runId = worker.received[0].id;
    worker.send({ type: 'started', id: runId });
    vi.advanceTimersByTime(RUN_LIMIT_MS);
    expect(Atomics.load(worker.interrupt!, 0)).toBe(SIGINT);
    worker.send({ type: 'result', id: runId, kind: 'run', result: { error: { type: 'KeyboardInterrupt' } } });
    vi.advanceTimersByTime(1);
    expect(notices).toEqual([`Time limit of ${RUN_LIMIT_MS / 1000} s reached: the run was interrupted.`]);
    expect(worker.terminated).toBe(false);
  });

  it('re-sends the interrupt to a started run and replaces the worker only after the watchdog', async () => {
    const { engine, worker, notices } = bootedEngine();
    const run = engine.request('run', { source: 'while True: pass' } as any).catch((e) => e);
    worker.send({ type: 'started', id: worker.received[0].id });
    engine.stop();
    // Python consumed the signal somewhere it could not raise: the engine signals again.
    Atomics.store(worker.interrupt!, 0, 0);
    vi.advanceTimersByTime(300);
    expect(Atomics.load(worker.interrupt!, 0)).toBe(SIGINT);
    expect(worker.terminated).toBe(false);
    vi.advanceTimersByTime(STOP_WATCHDOG_MS);
    expect(worker.terminated).toBe(true);
    expect((await run).error.type).toBe('EngineRestarted');
    expect(notices[0]).toMatch(/did not respond within 3000 ms/);
    expect(FakeWorker.all.length).toBe(2); // a fresh worker replaces the dead one
  });

  it('a queued run whose conversion never finishes gets the worker replaced after the grace period', async () => {
    const { engine, worker } = bootedEngine();
    engine.request('transpile', { source: 'x = 1', target: 'tensorflow' } as any).catch(() => {});
    const run = engine.request('run', { source: 'print(1)' } as any).catch((e) => e);
    engine.stop();
    vi.advanceTimersByTime(QUEUED_STOP_GRACE_MS - 1);
    expect(worker.terminated).toBe(false);
    vi.advanceTimersByTime(2);
    expect(worker.terminated).toBe(true);
    expect((await run).error.type).toBe('EngineRestarted');
  });
});

// The page's entry starts the engine before the UI exists (src/boot.ts); the UI then listens.
describe('Engine started before its listener', () => {
  beforeEach(() => {
    FakeWorker.all = [];
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('self', { crossOriginIsolated: true });
  });
  afterEach(() => vi.unstubAllGlobals());

  function listener() {
    const heard: any[] = [];
    return {
      heard,
      events: {
        onState: (s: string, d?: string) => heard.push(['state', s, d]),
        onProgress: (stage: string, f: number) => heard.push(['progress', stage, f]),
        onStream: () => {},
        onNotice: () => {},
      },
    };
  }

  it('hears the latest progress and state on listening, then live events', () => {
    const engine = new Engine(undefined, 'http://localhost/');
    engine.start();
    const worker = FakeWorker.all[0];
    worker.send({ type: 'progress', stage: 'download', fraction: 0.5, message: 'Downloading Python runtime' });
    worker.send({ type: 'progress', stage: 'python', fraction: 0, message: 'Starting Python' });
    const { heard, events } = listener();
    engine.listen(events as any);
    expect(heard).toEqual([['progress', 'python', 0], ['state', 'loading', undefined]]);
    worker.send({ type: 'ready', ms: 1, version: '3.14', interruptible: true, fromSnapshot: false });
    expect(heard.at(-1)).toEqual(['state', 'ready', undefined]);
    expect(FakeWorker.all.length).toBe(1); // one worker: the UI adopted it, started none
  });

  it('hears a start failure that happened before it listened, with its message', () => {
    const engine = new Engine(undefined, 'http://localhost/');
    engine.start();
    FakeWorker.all[0].send({ type: 'boot-error', message: 'could not load pyodide.asm.wasm: HTTP 404' });
    const { heard, events } = listener();
    engine.listen(events as any);
    expect(heard.at(-1)).toEqual(['state', 'error', 'could not load pyodide.asm.wasm: HTTP 404']);
  });
});
