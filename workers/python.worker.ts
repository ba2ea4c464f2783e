/// <reference lib="webworker" />
// Runs Pyodide and the tensorglot package. All Python work happens here, off the main thread.
import type { WorkerInit, WorkerMessage, WorkerRequest, LoadStage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

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
let handle: ((kind: string, payload: string) => string) | null = null;
let currentId = -1;
const queue: WorkerRequest[] = [];

const post = (m: WorkerMessage) => self.postMessage(m);
const progress = (stage: LoadStage, fraction: number, message: string) => post({ type: 'progress', stage, fraction, message });

async function fetchWithProgress(url: string, onFraction: (f: number) => void): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.body || !total) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.length;
    onFraction(Math.min(1, got / total));
  }
  const out = new Uint8Array(got);
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.length; }
  return out;
}

async function boot(init: WorkerInit) {
  const t0 = performance.now();
  const indexURL = new URL('pyodide/', init.baseUrl).href;
  progress('download', 0, 'Downloading Python runtime');
  // Pre-fetch the wasm with progress so the bar moves; Pyodide then hits the HTTP cache.
  await fetchWithProgress(indexURL + 'pyodide.asm.wasm', (f) => progress('download', f * 0.9, 'Downloading Python runtime'));
  const { loadPyodide } = await import(/* @vite-ignore */ indexURL + 'pyodide.mjs');
  progress('python', 0, 'Starting Python');
  py = (await loadPyodide({ indexURL, fullStdLib: false })) as Pyodide;
  progress('tensorglot', 0, 'Loading Tensorglot');
  const zip = await fetchWithProgress(new URL('tensorglot.zip', init.baseUrl).href, (f) => progress('tensorglot', f * 0.5, 'Loading Tensorglot'));
  py.unpackArchive(zip, 'zip', { extractDir: '/home/pyodide/tensorglot_pkg' });
  if (init.interruptBuffer) py.setInterruptBuffer(new Int32Array(init.interruptBuffer));
  py.setStdout({ batched: (s) => post({ type: 'stream', id: currentId, stream: 'stdout', text: s + '\n' }) });
  py.setStderr({ batched: (s) => post({ type: 'stream', id: currentId, stream: 'stderr', text: s + '\n' }) });
  py.runPython(`
import sys
sys.path.insert(0, '/home/pyodide/tensorglot_pkg')
import os
os.chdir('/home/pyodide')
from tensorglot import api as _tg_api
`);
  handle = py.globals.get('_tg_api').handle;
  progress('ready', 1, 'Engine ready');
  post({ type: 'ready', ms: performance.now() - t0, version: py.version, interruptible: !!init.interruptBuffer });
  drain();
}

function drain() {
  while (handle && queue.length) {
    const req = queue.shift()!;
    currentId = req.id;
    try {
      const { id, kind, ...payload } = req;
      const out = JSON.parse(handle(kind, JSON.stringify(payload)));
      if (out.ok) post({ type: 'result', id, kind, result: out.result });
      else post({ type: 'error', id, kind, error: out.error });
    } catch (e) {
      // Only a failure of the bridge itself lands here: api.handle turns Python errors into results.
      const err = e as Error;
      post({ type: 'error', id: req.id, kind: req.kind, error: { type: err.name || 'Error', message: err.message, traceback: String(err.stack || ''), line: null } });
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
