import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { packPython, SNAPSHOT_FILE } from './scripts/prepare-assets.mjs';

/** Cross-origin isolation gives SharedArrayBuffer, which the Stop button's interrupt buffer needs. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Only our own origin; wasm compilation for Pyodide; blob: for Monaco/Cytoscape export. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Re-pack python/tensorglot when its sources change, then reload the page. */
function pythonPackage(): Plugin {
  return {
    name: 'tensorglot-python',
    configureServer(server) {
      server.watcher.add('python/tensorglot');
      server.watcher.on('change', (file) => {
        if (file.includes('/python/tensorglot/')) {
          packPython();
          server.ws.send({ type: 'full-reload' });
        }
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), pythonPackage()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['pyodide'] },
  server: {
    headers: SECURITY_HEADERS,
    watch: { ignored: ['**/python/tests/**', '**/test-results/**', '**/Translated_Outputs/**'] },
  },
  // The dev server injects an inline React-refresh preamble, so the strict CSP applies to
  // what users get: the built app served by `vite preview` (and the e2e tests).
  preview: { headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': CSP } },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  // the snapshot's file name, one source of truth with scripts/prepare-assets.mjs (the worker fetches it)
  define: { __DEV__: command === 'serve', __SNAPSHOT_FILE__: JSON.stringify(SNAPSHOT_FILE) },
  test: { include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'bin/**/*.test.ts'] },
}));
