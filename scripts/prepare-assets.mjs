// Copies the Pyodide runtime out of node_modules, packs python/tensorglot and makes a memory
// snapshot of a started Python into public/, so the app serves every asset itself (no CDN, no PyPI).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
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
  // the zip's bytes carry the time of packing: the contents are hashed apart
  const digest = createHash('sha256');
  for (const name of Object.keys(files).sort()) digest.update(name).update('\0').update(files[name]);
  const contentHash = digest.digest('hex');
  if (write) {
    mkdirSync(join(root, 'public'), { recursive: true });
    writeFileSync(join(root, 'public', 'tensorglot.zip'), zip);
  }
  return { files: Object.keys(files).length, bytes: zip.length, zip, contentHash };
}

/**
 * Python's start-up (the interpreter's init, the stdlib modules Pyodide and Tensorglot import)
 * costs ~1.5 s of every page load. Pyodide can restore the wasm memory of a started
 * interpreter instead (loadPyodide's _makeSnapshot/_loadSnapshot); this makes that snapshot
 * once, in Node, with the stdlib modules our package imports already loaded, and gzips it
 * (it is mostly zeros). Tensorglot itself is not in it: the worker unpacks and imports the
 * current sources after the restore, so editing python/ never needs a new snapshot.
 * The worker falls back to a plain start if the snapshot is missing or will not restore.
 */
export const SNAPSHOT_FILE = 'python-snapshot.bin.gz';

export const SNAPSHOT_PATH = join(root, 'public', 'pyodide', SNAPSHOT_FILE);

/** Makes the snapshot unless the one in public/ is current; returns its size. ``zip``: the
 * package as packPython() gives it, when the caller has it already. */
export async function makeSnapshot({ force = false, pkg = packPython({ write: false }) } = {}) {
  const { zip, contentHash } = pkg;
  const dst = SNAPSHOT_PATH;
  const stamp = join(root, 'node_modules', '.cache', 'tensorglot-snapshot.key');
  mkdirSync(dirname(dst), { recursive: true });
  // Remade when Pyodide or the package's stdlib imports can have changed.
  const key = createHash('sha256')
    .update(readFileSync(join(root, 'node_modules', 'pyodide', 'package.json')))
    .update(contentHash)
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex');
  if (!force && existsSync(dst) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return { bytes: statSync(dst).size, cached: true };
  const { loadPyodide } = await import('pyodide');
  // 1. Which stdlib modules does the package import? Ask a throwaway interpreter.
  const probe = await loadPyodide();
  probe.unpackArchive(zip, 'zip', { extractDir: '/tmp/tg' });
  const stdlib = probe.runPython(`
import sys
before = set(sys.modules)
sys.path.insert(0, '/tmp/tg')
import tensorglot.api, tensorglot.transpiler, tensorglot.runtime.service, tensorglot.verify
' '.join(sorted(m for m in set(sys.modules) - before if not m.startswith('tensorglot')))
`);
  // 2. A clean interpreter with only those imported, snapshotted before any JS object is handed
  // to Python (the condition Pyodide sets for a snapshot).
  // Node's Emscripten would fill os.environ from this process (LANG, and `_` = this script's
  // path): the browser's values instead, so a restored Python sees what a started one sees.
  const py = await loadPyodide({ _makeSnapshot: true, env: { LANG: 'en_US.UTF-8', _: './this.program' } });
  py.runPython(`for _m in ${JSON.stringify(stdlib.split(' ').filter(Boolean))}: __import__(_m)\ndel _m`);
  const snapshot = gzipSync(py.makeMemorySnapshot(), { level: 6 });
  // written whole, then renamed: a CLI process reading it meanwhile sees the old one or the new
  const tmp = `${dst}.${process.pid}.tmp`;
  writeFileSync(tmp, snapshot);
  renameSync(tmp, dst);
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, key);
  return { bytes: snapshot.length, cached: false };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  copyPyodide();
  const { files, bytes } = packPython();
  const snap = await makeSnapshot();
  console.log(`assets: pyodide copied, tensorglot.zip ${files} files ${(bytes / 1024).toFixed(0)} KiB, ` +
    `Python snapshot ${(snap.bytes / 1048576).toFixed(1)} MiB${snap.cached ? ' (unchanged)' : ''}`);
}
