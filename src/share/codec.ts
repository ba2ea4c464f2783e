// The shareable state as a URL hash: `#v<version>/<payload>`.
//
// v1 payload = base64url( raw DEFLATE( UTF-8( compact JSON ) ) ).  fflate's deflate gave links
// about 29% shorter than lz-string's compressToEncodedURIComponent on the gallery
// (bench/share-codec.mjs, bench/results.json "share-codec").
//
// Links come from strangers, so decoding is bounded: the hash length is capped before anything
// else, inflation runs in small chunks and stops at a byte cap (a deflate stream can expand
// ~1000x, so a 100 kB hash could otherwise become 100 MB), and a deadline stops the loop.
// Every failure is a ShareError with a message meant for the user.
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { FRAMEWORKS, type Framework, type TraceInputs } from '../../workers/protocol';
import type { Tab } from '../store';

export interface SharedState {
  source: string;
  from: Framework;
  to: Framework;
  tab: Tab;
  compare: Framework[];
  entry: string | null;
  traceInputs: TraceInputs | null;
}

export const TABS: Tab[] = ['converted', 'graph', 'console', 'verify'];

export const LIMITS = {
  /** Characters after `#`; about 150 kB of typical Python source once compressed. */
  hashChars: 400_000,
  /** Inflated JSON bytes; larger means a hostile or broken link. */
  jsonBytes: 2_000_000,
  /** Compressed bytes fed to the inflater per step: bounds one step's output to ~64 kB. */
  chunkBytes: 64,
  /** Wall-clock budget for one decode. */
  ms: 1_000,
  traceInputs: 32,
  nameChars: 200,
};

/** A link the user should be told about (never an internal crash). */
export class ShareError extends Error {}

export const CURRENT_VERSION = 1;

export type DecodeResult = { ok: true; state: SharedState; version: number } | { ok: false; message: string };

// ---------------------------------------------------------------- base64url

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ShareError('The link is truncated (its data ends mid-character).');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new ShareError(`The link contains a character that cannot be in a Tensorglot link (${JSON.stringify(text[i])} at position ${i}).`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

// ---------------------------------------------------------------- bounded inflate

/** Raw-DEFLATE decode that never produces more than `maxBytes` nor runs past `ms`. */
export function boundedInflate(data: Uint8Array, maxBytes = LIMITS.jsonBytes, ms = LIMITS.ms): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new ShareError(`The link expands to more than ${(maxBytes / 1e6).toFixed(0)} MB: it is not a Tensorglot link, or it is damaged.`);
    parts.push(chunk);
    if (final) done = true;
  });
  const deadline = Date.now() + ms;
  try {
    for (let i = 0; i < data.length; i += LIMITS.chunkBytes) {
      inflater.push(data.subarray(i, i + LIMITS.chunkBytes), i + LIMITS.chunkBytes >= data.length);
      if (Date.now() > deadline) throw new ShareError('The link took too long to decode and was abandoned.');
    }
    if (!data.length) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    // fflate: "unexpected EOF" for a cut-off stream, "invalid block type" and the like for noise.
    const why = String((e as Error)?.message ?? e);
    throw new ShareError(/EOF/i.test(why) ? 'The link is truncated: part of it is missing.' : `The link's data is damaged (${why}).`);
  }
  if (!done) throw new ShareError('The link is truncated: part of it is missing.');
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) out.set(p, at), (at += p.length);
  return out;
}

// ---------------------------------------------------------------- validation

const isFramework = (v: unknown): v is Framework => typeof v === 'string' && (FRAMEWORKS as string[]).includes(v);

/** The JSON of a link, checked field by field: a link can say anything. */
function validState(raw: unknown): SharedState {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ShareError('The link does not describe a Tensorglot session.');
  const o = raw as Record<string, unknown>;
  if (typeof o.s !== 'string') throw new ShareError('The link has no source code.');
  const from = o.f ?? 'torch';
  const to = o.t ?? 'tensorflow';
  if (!isFramework(from) || !isFramework(to)) throw new ShareError(`The link names an unknown framework (${String(from)} → ${String(to)}).`);
  const tab = o.v ?? 'converted';
  if (!TABS.includes(tab as Tab)) throw new ShareError(`The link names an unknown view (${String(tab)}).`);
  const compare = o.c ?? [];
  if (!Array.isArray(compare) || compare.length > FRAMEWORKS.length || !compare.every(isFramework))
    throw new ShareError('The link lists backends to compare that Tensorglot does not know.');
  const entry = o.e ?? null;
  if (entry !== null && (typeof entry !== 'string' || entry.length > LIMITS.nameChars)) throw new ShareError('The link has an invalid entry point.');
  const inputs = o.i ?? null;
  if (inputs !== null) {
    const ok =
      typeof inputs === 'object' &&
      !Array.isArray(inputs) &&
      Object.keys(inputs).length <= LIMITS.traceInputs &&
      Object.entries(inputs).every(([k, v]) => k.length <= LIMITS.nameChars && typeof v === 'string' && v.length <= LIMITS.nameChars);
    if (!ok) throw new ShareError('The link has invalid trace inputs.');
  }
  return { source: o.s, from, to, tab: tab as Tab, compare: [...compare], entry, traceInputs: inputs ? { ...(inputs as TraceInputs) } : null };
}

// ---------------------------------------------------------------- versions

/** Compact JSON: defaults are left out, so short keys and absent fields keep links short. */
function toJson(s: SharedState): string {
  const o: Record<string, unknown> = { s: s.source, f: s.from, t: s.to };
  if (s.tab !== 'converted') o.v = s.tab;
  if (s.compare.length) o.c = s.compare;
  if (s.entry) o.e = s.entry;
  if (s.traceInputs && Object.keys(s.traceInputs).length) o.i = s.traceInputs;
  return JSON.stringify(o);
}

/**
 * One decoder per link version, kept forever so old links keep opening. A new format gets a
 * new version number and a new entry here; existing entries never change.
 */
export const DECODERS: Record<number, (payload: string) => SharedState> = {
  1: (payload) => {
    const json = strFromU8(boundedInflate(fromBase64Url(payload)));
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new ShareError('The link decodes to something that is not a Tensorglot session (bad JSON).');
    }
    return validState(raw);
  },
};

/** `v1/<payload>` (without the `#`). */
export function encodeState(s: SharedState): string {
  return `v${CURRENT_VERSION}/${toBase64Url(deflateSync(strToU8(toJson(s)), { level: 9 }))}`;
}

const HASH_RE = /^v(\d{1,4})\/(.*)$/s;

/** Decode `location.hash` (with or without `#`). Never throws; never runs unbounded. */
export function decodeHash(hash: string): DecodeResult {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    if (h.length > LIMITS.hashChars)
      throw new ShareError(`The link is too long (${h.length.toLocaleString('en')} characters; at most ${LIMITS.hashChars.toLocaleString('en')} are accepted).`);
    const m = HASH_RE.exec(h);
    if (!m) throw new ShareError('The link is not a Tensorglot link (it should start with #v1/).');
    const version = Number(m[1]);
    const decoder = DECODERS[version];
    if (!decoder) throw new ShareError(`The link was made by a newer Tensorglot (format v${version}); this version reads up to v${CURRENT_VERSION}.`);
    if (!m[2]) throw new ShareError('The link is truncated: it has no data.');
    return { ok: true, state: decoder(m[2]), version };
  } catch (e) {
    if (e instanceof ShareError) return { ok: false, message: e.message };
    return { ok: false, message: `The link could not be read (${String((e as Error)?.message ?? e)}).` };
  }
}
