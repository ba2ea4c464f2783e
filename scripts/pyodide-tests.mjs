// Runs the Python test suite inside Pyodide (Python 3.14, the browser's interpreter) in Node,
// so the package is proven to work where users run it, not only in CPython.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const py = await loadPyodide({ indexURL: join(root, 'node_modules', 'pyodide') + '/' });
py.FS.mkdirTree('/mnt/python');
py.FS.mount(py.FS.filesystems.NODEFS, { root: join(root, 'python') }, '/mnt/python');
// The gallery (examples/) sits beside python/ in the repository, as the tests expect.
py.FS.mkdirTree('/mnt/examples');
py.FS.mount(py.FS.filesystems.NODEFS, { root: join(root, 'examples') }, '/mnt/examples');
const pattern = process.argv[2] || 'test_*.py';
let out;
try {
  out = py.runPython(`
import sys, unittest, io, os
sys.dont_write_bytecode = True
os.chdir('/tmp')
sys.path.insert(0, '/mnt/python')
suite = unittest.defaultTestLoader.discover('/mnt/python/tests', pattern=${JSON.stringify(pattern)}, top_level_dir='/mnt/python')
stream = io.StringIO()
res = unittest.TextTestRunner(stream=stream, verbosity=1).run(suite)
bad = len(res.failures) + len(res.errors)
print(stream.getvalue()[-4000:])
f"{res.testsRun - bad} {bad} {len(res.skipped)}"
`);
} catch (e) {
  console.error(String(e.message || e).slice(-3000));
  console.log('pyodide: 0 passed, 1 failed');
  process.exit(1);
}
const [ok, bad] = String(out).split(' ').map(Number);
console.log(`pyodide: ${ok} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
