// Copies the Pyodide runtime out of node_modules and packs python/tensorglot into
// public/, so the app serves every asset itself (no CDN, no PyPI).
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

export function copyPyodide() {
  const dst = join(root, 'public', 'pyodide');
  mkdirSync(dst, { recursive: true });
  for (const f of PYODIDE_FILES) cpSync(join(root, 'node_modules', 'pyodide', f), join(dst, f));
}

/** Zip of python/tensorglot (sources only), unpacked into site-packages by the worker and the CLI. */
export function packPython({ write = true } = {}) {
  const files = {};
  const base = join(root, 'python');
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === '__pycache__' || name.startsWith('.')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(py|json)$/.test(name)) files[relative(base, p).split('\\').join('/')] = readFileSync(p);
    }
  };
  walk(join(base, 'tensorglot'));
  const zip = zipSync(files, { level: 6 });
  if (write) {
    mkdirSync(join(root, 'public'), { recursive: true });
    writeFileSync(join(root, 'public', 'tensorglot.zip'), zip);
  }
  return { files: Object.keys(files).length, bytes: zip.length, zip };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  copyPyodide();
  const { files, bytes } = packPython();
  console.log(`assets: pyodide copied, tensorglot.zip ${files} files ${(bytes / 1024).toFixed(0)} KiB`);
}
