// The page's entry point, small on purpose: it can start the Python worker before the app
// (React, Monaco: the big chunk) has even downloaded; the app then adopts this engine.
import { Engine } from './engine';

export const engine = new Engine();

/**
 * Python boots alongside the UI only when there are cores to spare for it. On two or fewer,
 * the UI's loading (main thread plus V8's compile threads) and Pyodide's share them: measured
 * on two cores, a parallel boot had the engine ready sooner (1.11x vs 1.25x a bare Pyodide
 * load) but the editor about 1 s later (2.4 s vs 1.3 s; bench/README.md, start-up), so there
 * the editor, which the user needs first, goes first and the app starts the engine after it.
 */
const BOOT_ALONGSIDE_UI = navigator.hardwareConcurrency > 2;
if (BOOT_ALONGSIDE_UI) engine.start();

import('./main').catch((e) => {
  document.getElementById('root')!.textContent = `Tensorglot failed to load: ${e?.message ?? e}. Reload the page to try again.`;
});
