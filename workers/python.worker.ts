/// <reference lib="webworker" />
// Runs Pyodide and the tensorglot package. All Python work happens here, off the main thread.
import type { WorkerInit, WorkerMessage, WorkerRequest, LoadStage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;
/** scripts/prepare-assets.mjs's SNAPSHOT_FILE, put in by Vite (vite.config.ts). */
declare const __SNAPSHOT_FILE__: string;

type Pyodide = {
  runPython: (code: string) => unknown;
  setInterruptBuffer: (buf: Int32Array) => void;
  setStdout: (opts: { batched: (s: string) => void }) => void;
  setStderr: (opts: { batched: (s: string) => void }) => void;
  unpackArchive: (buf: Uint8Array, format: string, opts?: { extractDir?: string }) => void;
  globals: { get: (name: string) => any };
  version: string;
};

let py: Pyodide | null = null;
let fromSnapshot = false;
let handle: ((kind: string, payload: string) => string) | null = null;
let currentId = -1;
let stopSignal: Int32Array | null = null;
let noSignal: Int32Array | null = null;
const queue: WorkerRequest[] = [];

const post = (m: WorkerMessage) => self.postMessage(m);
const progress = (stage: LoadStage, fraction: number, message: string) => post({ type: 'progress', stage, fraction, message });

/** Bytes of a response body as they arrive, reported as a fraction of its length. */
function counted(res: Response, onFraction: (f: number) => void): Response {
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.body || !total) return res;
  let got = 0;
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        got += chunk.length;
        onFraction(Math.min(1, got / total));
        ctl.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

async function fetchBytes(url: string, onFraction: (f: number) => void): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await counted(res, onFraction).arrayBuffer());
}

/**
 * A memory snapshot of an interpreter that has already started (made at build time by
 * scripts/prepare-assets.mjs): restoring it skips Python's
 * ~1.5 s init. Null when it is missing or unreadable; the boot then starts Python plainly.
 */
async function fetchSnapshot(url: string): Promise<Uint8Array | null> {
  try {
    const res = await fetch(url);
    if (!res.ok) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A server may already have undone the gzip (Content-Encoding); only gunzip real gzip.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  } catch {
    return null;
  }
}

async function boot(init: WorkerInit) {
  const t0 = performance.now();
  const indexURL = new URL('pyodide/', init.baseUrl).href;
  progress('download', 0, 'Downloading Python runtime');
  // Our package downloads while Python starts.
  const pkg = fetchBytes(new URL('tensorglot.zip', init.baseUrl).href, () => {});
  pkg.catch(() => {}); // awaited below; avoid an unhandled rejection meanwhile
  const snapshot = fetchSnapshot(indexURL + __SNAPSHOT_FILE__);
  // The wasm is fetched once, by Pyodide (streaming compile); this wrapper only counts its bytes.
  const plainFetch = self.fetch.bind(self);
  self.fetch = async (input: RequestInfo | URL, initArg?: RequestInit) => {
    const res = await plainFetch(input, initArg);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Once the wasm is in, Python starts (the stage a UI that mounts during the download shows next).
    const wasm = (f: number) => (f < 1 ? progress('download', f, 'Downloading Python runtime') : progress('python', 0, 'Starting Python'));
    return url.endsWith('.wasm') ? counted(res, wasm) : res;
  };
  try {
    const { loadPyodide } = await import(/* @vite-ignore */ indexURL + 'pyodide.mjs');
    progress('python', 0, 'Starting Python');
    const restored = await snapshot;
    try {
      py = restored && ((await loadPyodide({ indexURL, fullStdLib: false, _loadSnapshot: restored })) as Pyodide);
    } catch (e) {
      console.warn('Tensorglot: the Python snapshot did not restore, starting Python plainly:', e);
    }
    fromSnapshot = !!py;
    py ||= (await loadPyodide({ indexURL, fullStdLib: false })) as Pyodide;
  } finally {
    self.fetch = plainFetch;
  }
  progress('tensorglot', 0, 'Loading Tensorglot');
  py.unpackArchive(await pkg, 'zip', { extractDir: '/home/pyodide/tensorglot_pkg' });
  if (init.interruptBuffer) {
    stopSignal = new Int32Array(init.interruptBuffer);
    // Conversions run with a buffer nobody writes to: a Stop aimed at a queued run waits
    // in stopSignal and interrupts that run, never the conversion ahead of it.
    noSignal = new Int32Array(typeof SharedArrayBuffer !== 'undefined' ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    py.setInterruptBuffer(stopSignal);
  }
  py.setStdout({ batched: (s) => post({ type: 'stream', id: currentId, stream: 'stdout', text: s + '\n' }) });
  py.setStderr({ batched: (s) => post({ type: 'stream', id: currentId, stream: 'stderr', text: s + '\n' }) });
  // A restored interpreter carries the build's random state: reseed it from the OS.
  py.runPython(`
import random, sys
random.seed()
sys.path.insert(0, '/home/pyodide/tensorglot_pkg')
import os
os.chdir('/home/pyodide')
from tensorglot import api as _tg_api
`);
  handle = py.globals.get('_tg_api').handle;
  progress('ready', 1, 'Engine ready');
  post({ type: 'ready', ms: performance.now() - t0, version: py.version, interruptible: !!init.interruptBuffer, fromSnapshot });
  drain();
}

/** Size of Python's wasm linear memory (Emscripten's heap), which user code cannot read any more
 * (ctypes is refused in the sandbox). */
const wasmHeapBytes = (): number | undefined =>
  (py as unknown as { _module?: { HEAP8?: Int8Array } })._module?.HEAP8?.buffer.byteLength;

function drain() {
  while (handle && queue.length) {
    const req = queue.shift()!;
    currentId = req.id;
    const interruptible = req.kind !== 'transpile';
    if (!interruptible && noSignal) py!.setInterruptBuffer(noSignal);
    if (interruptible) post({ type: 'started', id: req.id });
    try {
      const { id, kind, ...payload } = req;
      const out = JSON.parse(handle(kind, JSON.stringify(payload)));
      if (out.ok && kind === 'run') out.result.heapBytes = wasmHeapBytes();
      if (out.ok) post({ type: 'result', id, kind, result: out.result });
      else post({ type: 'error', id, kind, error: out.error });
    } catch (e) {
      // Only a failure of the bridge itself lands here: api.handle turns Python errors into results.
      const err = e as Error;
      post({ type: 'error', id: req.id, kind: req.kind, error: { type: err.name || 'Error', message: err.message, traceback: String(err.stack || ''), line: null } });
    }
    if (stopSignal) {
      if (interruptible) Atomics.store(stopSignal, 0, 0); // a Stop that came too late must not hit the next run
      else py!.setInterruptBuffer(stopSignal);
    }
    currentId = -1;
  }
}

self.onmessage = (ev: MessageEvent<WorkerInit | WorkerRequest>) => {
  const msg = ev.data;
  if ('type' in msg && msg.type === 'init') {
    boot(msg).catch((e) => post({ type: 'boot-error', message: String(e?.message || e) }));
    return;
  }
  queue.push(msg as WorkerRequest);
  // Transpiles are superseded by newer ones: keep only the latest queued.
  drain();
};
