// The page's entry point, small on purpose: it starts the Python worker (which begins
// fetching Pyodide at once), then loads the app (React, Monaco: the big chunk), which adopts
// this engine. Loading the app first would delay the engine by the whole bundle's load.
import { Engine } from './engine';

export const engine = new Engine();
engine.start();

import('./main').catch((e) => {
  document.getElementById('root')!.textContent = `Tensorglot failed to load: ${e?.message ?? e}. Reload the page to try again.`;
});
