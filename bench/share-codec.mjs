// Which compressor gives shorter share links? Measures lz-string (compressToEncodedURIComponent)
// against fflate (raw deflate, level 9, + base64url) on every gallery example, wrapped the way
// the v1 link wraps it (compact JSON state); then times the app's own bounded decoder
// (src/share/codec.ts, loaded through Vite) on hostile links: decompression bombs, noise,
// oversized hashes. Merges the result into bench/results.json under "share-codec".
// Run: node bench/share-codec.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { mergeResults } from './results.mjs';
import { cpus, totalmem } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import { deflateSync, inflateSync, strToU8, strFromU8 } from 'fflate';
import LZString from 'lz-string';
import { createServer } from 'vite';

const dir = new URL('../examples/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.py') && !f.startsWith('_')).sort();

const b64url = (bytes) => Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const codecs = {
  'lz-string': (json) => LZString.compressToEncodedURIComponent(json),
  fflate: (json) => b64url(deflateSync(strToU8(json), { level: 9 })),
};
const decoders = {
  'lz-string': (p) => LZString.decompressFromEncodedURIComponent(p),
  fflate: (p) => strFromU8(inflateSync(Buffer.from(p.replace(/-/g, '+').replace(/_/g, '/'), 'base64'))),
};

function timeUs(fn, reps = 50) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1000 / reps;
}

const perFile = {};
const totals = Object.fromEntries(Object.keys(codecs).map((c) => [c, { chars: 0, encode_us: 0, decode_us: 0 }]));
let rawTotal = 0;
for (const f of files) {
  const source = readFileSync(new URL(f, dir), 'utf8');
  const json = JSON.stringify({ s: source, f: 'torch', t: 'tensorflow' });
  rawTotal += json.length;
  perFile[f] = { json_chars: json.length };
  for (const [name, enc] of Object.entries(codecs)) {
    const out = enc(json);
    if (decoders[name](out) !== json) throw new Error(`${name} does not round-trip ${f}`);
    const encode_us = timeUs(() => enc(json));
    const decode_us = timeUs(() => decoders[name](out));
    perFile[f][name] = out.length;
    totals[name].chars += out.length;
    totals[name].encode_us += encode_us;
    totals[name].decode_us += decode_us;
  }
}
for (const t of Object.values(totals)) (t.encode_us = Math.round(t.encode_us)), (t.decode_us = Math.round(t.decode_us));
const winner = Object.entries(totals).sort((a, b) => a[1].chars - b[1].chars)[0][0];

// The app's codec, as the browser runs it.
const vite = await createServer({ root: new URL('..', import.meta.url).pathname, server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'error' });
const codec = await vite.ssrLoadModule('/src/share/codec.ts');
await vite.close();
const linkChars = {};
for (const f of files) {
  const source = readFileSync(new URL(f, dir), 'utf8');
  linkChars[f] = ('#' + codec.encodeState({ source, from: 'torch', to: 'tensorflow', tab: 'converted', compare: [], entry: null, traceInputs: null })).length;
}
const spaces = (mb) => '#v1/' + deflateRawSync(Buffer.concat([Buffer.from('{"s":"'), Buffer.alloc(mb * 1e6, 32), Buffer.from('"}')]), { level: 9 }).toString('base64url');
const hostile = {
  'bomb 60 MB of spaces': spaces(60),
  'bomb 250 MB of spaces': spaces(250),
  'noise 300 kB': '#v1/' + Buffer.from(Array.from({ length: 225_000 }, (_, i) => (i * 7919 + 13) & 255)).toString('base64url'),
  'oversized 1 MB hash': '#v1/' + 'A'.repeat(1_000_000),
};
const hostileDecode = {};
for (const [name, hash] of Object.entries(hostile)) {
  const t0 = performance.now();
  const r = codec.decodeHash(hash);
  hostileDecode[name] = { hash_chars: hash.length, ms: +(performance.now() - t0).toFixed(1), rejected: !r.ok, message: r.ok ? null : r.message };
}

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node.split('.')[0]}`,
  machine_note: '2 cores, 24 GiB, Node 20',
  what: 'share-link payload length (chars) per gallery example; JSON {s,f,t} compressed',
  examples: files.length,
  json_chars_total: rawTotal,
  totals,
  per_file: perFile,
  winner,
  app_link_chars: linkChars,
  hostile_decode: hostileDecode,
};
mergeResults({ 'share-codec': result });
console.log(JSON.stringify({ totals, winner, app_link_chars: linkChars, hostile_decode: hostileDecode }, null, 1));
