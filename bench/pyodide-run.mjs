// Runs a bench/*.py script inside Pyodide in Node (the browser's interpreter, Python 3.14):
//   node bench/pyodide-run.mjs bench/bench_tracer.py [args...]
// The repository is mounted at /repo, so the script's own paths (and bench/results.json) work.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node bench/pyodide-run.mjs SCRIPT.py [args...]');
  process.exit(2);
}
const py = await loadPyodide({ indexURL: join(root, 'node_modules', 'pyodide') + '/' });
py.FS.mkdirTree('/repo');
py.FS.mount(py.FS.filesystems.NODEFS, { root }, '/repo');
py.setStdout({ batched: (s) => console.log(s) });
py.setStderr({ batched: (s) => console.error(s) });
py.globals.set('_argv', py.toPy(['/repo/' + relative(root, join(process.cwd(), script)), ...args]));
try {
  py.runPython(`
import runpy, sys
sys.dont_write_bytecode = True
sys.argv = list(_argv)
runpy.run_path(sys.argv[0], run_name="__main__")
`);
} catch (e) {
  console.error(String(e.message || e).slice(-3000));
  process.exit(1);
}
