// The page's entry point, small on purpose: it can start the Python worker before the app
// (React, Monaco: the big chunk) has even downloaded; the app then adopts this engine.
import { Engine } from './engine';

export const engine = new Engine();

/**
 * Python boots alongside the UI only when there are cores to spare for it. On two or fewer,
 * the UI's loading (main thread plus V8's compile threads) and Pyodide's share them: measured
 * on two cores (bench/results.json, browser.startup), a parallel boot had the engine ready at
 * 1.26-1.42 s but the editor at 0.95-1.18 s; editor first gave the editor at 0.67-0.78 s and the
 * engine at 1.43-1.61 s (Python is restored from a memory snapshot, workers/python.worker.ts), so
 * there the editor, which the user needs first, goes first and the app starts the engine after it.
 */
const BOOT_ALONGSIDE_UI = navigator.hardwareConcurrency > 2;
if (BOOT_ALONGSIDE_UI) engine.start();

import('./main').catch((e) => {
  document.getElementById('root')!.textContent = `Tensorglot failed to load: ${e?.message ?? e}. Reload the page to try again.`;
});
