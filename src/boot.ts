// The page's entry point, small on purpose: it can start the Python worker before the app
// (React, Monaco: the big chunk) has even downloaded; the app then adopts this engine.
import { Engine } from './engine';

export const engine = new Engine();

/**
 * Python boots alongside the UI only when there are cores to spare for it. On two or fewer,
 * the UI's loading (main thread plus V8's compile threads) already fills them: measured on
 * two cores, a parallel boot delayed the editor by about 1 s and brought the engine no
 * sooner (bench/README.md, start-up), so there the app starts the engine once the editor is up.
 */
export const BOOT_ALONGSIDE_UI = navigator.hardwareConcurrency > 2;
if (BOOT_ALONGSIDE_UI) engine.start();

import('./main').catch((e) => {
  document.getElementById('root')!.textContent = `Tensorglot failed to load: ${e?.message ?? e}. Reload the page to try again.`;
});
