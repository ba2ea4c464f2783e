#!/usr/bin/env node
// The Tensorglot CLI: the same Python package as the browser, run by Pyodide in Node.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadPyodide } from 'pyodide';
import { makeSnapshot, packPython, SNAPSHOT_PATH } from '../scripts/prepare-assets.mjs';

const USAGE = `usage:
  tensorglot convert FILE --from torch --to tensorflow|jax|numpy [-o OUT] [--json]
  tensorglot trace   FILE [--entry NAME] [--inputs 'x=float32[1,3]'] [--backend B] [--json]
  tensorglot run     FILE
  tensorglot verify  FILE --to tensorflow [--entry NAME] [--inputs ...] [--init 'width=6'] [--atol A] [--rtol R] [--json]`;

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string', default: 'torch' },
    to: { type: 'string', default: 'tensorflow' },
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean', default: false },
    entry: { type: 'string' },
    inputs: { type: 'string' },
    init: { type: 'string' }, // a model's constructor arguments, when the script builds none
    backend: { type: 'string', multiple: true },
    atol: { type: 'string' },
    rtol: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [command, file] = positionals;
if (opt.help || !command || !file) {
  console.log(USAGE);
  process.exit(opt.help ? 0 : 2);
}

/** 'x=float32[1,3]; y=int64[2]' -> { x: 'float32[1,3]', y: 'int64[2]' } */
function parseInputs(spec) {
  if (!spec) return null;
  const out = {};
  for (const part of spec.split(/;|\s(?=\w+=)/)) {
    const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new Error(`bad --inputs part ${JSON.stringify(part)} (want name=dtype[shape])`);
    out[m[1]] = m[2];
  }
  return out;
}

const source = readFileSync(file, 'utf8');
const indexURL = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'pyodide') + '/';
const pkg = packPython({ write: false });
const { zip } = pkg;
/** Python restored from the app's memory snapshot (made, once, if missing or stale: ~4 s), as
 * the browser's worker does; started the plain way if that fails. */
async function startPython() {
  try {
    await makeSnapshot({ pkg });
    return await loadPyodide({ indexURL, _loadSnapshot: gunzipSync(readFileSync(SNAPSHOT_PATH)) });
  } catch {
    return loadPyodide({ indexURL });
  }
}
const py = await startPython();
py.unpackArchive(new Uint8Array(zip), 'zip', { extractDir: '/home/pyodide/tensorglot_pkg' });
// A restored interpreter carries the snapshot's random state: reseed it from the OS.
py.runPython("import random, sys; random.seed(); sys.path.insert(0, '/home/pyodide/tensorglot_pkg'); from tensorglot import api as _tg_api");
const handle = py.globals.get('_tg_api').handle;
const call = (kind, req) => JSON.parse(handle(kind, JSON.stringify(req)));

const requests = {
  convert: () => ['transpile', { source, from: opt.from, to: opt.to }],
  trace: () => ['trace', { source, entry: opt.entry ?? null, inputs: parseInputs(opt.inputs), backends: opt.backend ?? null }],
  run: () => ['run', { source }],
  verify: () => ['verify', { source, from: opt.from, to: opt.to, entry: opt.entry ?? null, inputs: parseInputs(opt.inputs), init: parseInputs(opt.init), atol: opt.atol ? Number(opt.atol) : undefined, rtol: opt.rtol ? Number(opt.rtol) : undefined }],
};
if (!requests[command]) {
  console.error(`unknown command ${command}\n${USAGE}`);
  process.exit(2);
}
const [kind, req] = requests[command]();
const out = call(kind, req);
if (!out.ok) {
  console.error(out.error.traceback || `${out.error.type}: ${out.error.message}`);
  process.exit(1);
}
const r = out.result;
if (opt.json) {
  console.log(JSON.stringify(r, null, 2));
} else if (command === 'convert') {
  if (opt.output) writeFileSync(opt.output, r.code);
  else process.stdout.write(r.code);
  for (const d of r.diagnostics) console.error(`${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`);
  const s = r.stats;
  console.error(`converted ${s.converted}/${s.apis} APIs, ${s.unsupported} unsupported, ${s.ms.toFixed(1)} ms`);
} else if (command === 'run') {
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.result !== null) console.log(r.result);
  if (r.error) console.error(r.error.traceback || r.error.message);
} else if (command === 'trace') {
  if (r.error) console.error(r.error.traceback || r.error.message);
  for (const g of r.graphs) {
    console.log(`graph (${g.backend}): ${g.stats.ops} ops, ${g.stats.pruned} pruned`);
    for (const n of g.nodes) console.log(`  ${n.id.padEnd(6)} ${n.kind.padEnd(6)} ${n.label}${n.shape ? ' ' + JSON.stringify(n.shape) : ''}${n.line ? '  (line ' + n.line + ')' : ''}`);
  }
} else if (command === 'verify') {
  console.log(`verdict: ${r.verdict}`);
  for (const o of r.outputs ?? []) console.log(`  output ${o.name}: ${o.verdict} max_abs=${o.max_abs} max_rel=${o.max_rel}${o.message ? ' ' + o.message : ''}`);
  for (const l of r.layers ?? []) console.log(`  layer ${l.name}: ${l.verdict}${l.max_abs !== null ? ' max_abs=' + l.max_abs : ''}${l.message ? ' ' + l.message : ''}`);
  if (r.first_divergence) console.log(`first divergence: ${r.first_divergence}`);
  if (r.error) console.error(r.error.traceback || r.error.message);
}
const failed = (command === 'verify' && r.verdict !== 'PASS') || (command === 'run' && r.error) || (command === 'trace' && r.error) || (command === 'convert' && r.diagnostics.some((d) => d.severity === 'error'));
process.exit(failed ? 1 : 0);
