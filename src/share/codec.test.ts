import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { CURRENT_VERSION, DECODERS, LIMITS, boundedInflate, decodeHash, encodeState, fromBase64Url, toBase64Url, type SharedState } from './codec';

const STATE: SharedState = {
  source: 'import torch\nx = torch.ones(2)\nprint(x.sum())\n',
  from: 'torch',
  to: 'jax',
  tab: 'graph',
  compare: ['torch', 'jax'],
  entry: 'f',
  traceInputs: { x: 'float32[1,3]' },
};

/** A v1 link built by Node's zlib (not by the encoder under test) from a hand-written JSON. */
function v1Link(json: string | Buffer): string {
  const raw = deflateRawSync(typeof json === 'string' ? Buffer.from(json, 'utf8') : json, { level: 9 });
  return '#v1/' + raw.toString('base64url');
}

function failure(hash: string): string {
  const r = decodeHash(hash);
  if (r.ok) throw new Error('expected a failure, decoded ' + JSON.stringify(r.state));
  return r.message;
}

describe('share codec v1', () => {
  it('opens a fixed v1 link made by Python zlib (raw deflate, urlsafe base64)', () => {
    // python3: zlib.compressobj(9, DEFLATED, -15) over the compact JSON of STATE, urlsafe_b64encode, '=' stripped.
    const literal =
      '#v1/PYtLCsMgFEW3Eu5IQQKNM6ErSTKQkI-lUdHXIoTsvc8UMjvnfg5kGLg9hkQNhTRtgy_N849t8HMWnRx8TM6TKG3-7EKyQ2Hh37ViJuaXLUxfpjXZWNMJpr8ntR4VZu4XVgdzoFR5B0u66x9KjzjPHw';
    expect(decodeHash(literal)).toEqual({ ok: true, version: 1, state: STATE });
  });

  it('round-trips every field, unicode and long sources', () => {
    const states: SharedState[] = [
      STATE,
      { ...STATE, tab: 'converted', compare: [], entry: null, traceInputs: null },
      { ...STATE, source: '# ünïcødé ✓ 🚀\nx = "\\u00e9"\n' + 'y = x\n'.repeat(3000), to: 'numpy', tab: 'verify' },
      { ...STATE, source: '' },
    ];
    for (const s of states) {
      const hash = encodeState(s);
      expect(hash.startsWith(`v${CURRENT_VERSION}/`)).toBe(true);
      expect(hash).toMatch(/^v1\/[A-Za-z0-9_-]*$/);
      expect(decodeHash('#' + hash)).toEqual({ ok: true, version: 1, state: s });
    }
  });

  it('fills defaults for fields a link leaves out', () => {
    const r = decodeHash(v1Link('{"s":"x = 1"}'));
    expect(r).toEqual({ ok: true, version: 1, state: { source: 'x = 1', from: 'torch', to: 'tensorflow', tab: 'converted', compare: [], entry: null, traceInputs: null } });
  });

  it('base64url matches Node for every length remainder', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 250) & 255);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(Array.from(fromBase64Url(Buffer.from(bytes).toString('base64url')))).toEqual(Array.from(bytes));
    }
  });

  it('keeps a decoder for every version up to the current one', () => {
    for (let v = 1; v <= CURRENT_VERSION; v++) expect(typeof DECODERS[v]).toBe('function');
  });
});

describe('hostile and broken links', () => {
  it('rejects what is not a link', () => {
    expect(failure('')).toMatch(/not a Tensorglot link/);
    expect(failure('#hello')).toMatch(/not a Tensorglot link/);
    expect(failure('#v1/')).toMatch(/no data/);
  });

  it('names a newer version instead of failing obscurely', () => {
    expect(failure('#v9/abc')).toMatch(/newer Tensorglot \(format v9\)/);
  });

  it('rejects characters outside base64url', () => {
    expect(failure('#v1/abc$def')).toMatch(/character/);
    expect(failure('#v1/abc%20def')).toMatch(/character/);
  });

  it('says a cut-off link is truncated', () => {
    const full = encodeState({ ...STATE, source: 'print(1)\n'.repeat(200) + 'x = 1\n' });
    for (const cut of [0.3, 0.6, 0.9]) {
      const msg = failure('#' + full.slice(0, Math.floor(full.length * cut)));
      expect(msg).toMatch(/truncated|damaged/);
    }
  });

  it('rejects random bytes', () => {
    const noise = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) & 255)).toString('base64url');
    expect(failure('#v1/' + noise)).toMatch(/damaged|truncated|not a Tensorglot session/);
  });

  it('stops a decompression bomb at the byte cap', () => {
    // 50 MB of spaces inside a JSON string: about 65 kB as a link.
    const raw = deflateRawSync(Buffer.concat([Buffer.from('{"s":"'), Buffer.alloc(50_000_000, 32), Buffer.from('"}')]), { level: 9 });
    const hash = '#v1/' + raw.toString('base64url');
    expect(hash.length).toBeLessThan(LIMITS.hashChars);
    expect(failure(hash)).toMatch(/expands to more than 2 MB/);
  });

  it('abandons a decode that runs past its time budget', () => {
    // A budget already spent: the first chunk's check must stop it (no clock-dependent waiting).
    const raw = deflateRawSync(Buffer.alloc(LIMITS.chunkBytes * 4, 32), { level: 9 });
    expect(() => boundedInflate(new Uint8Array(raw), LIMITS.jsonBytes, -1)).toThrow(/took too long/);
    expect(boundedInflate(new Uint8Array(raw)).length).toBe(LIMITS.chunkBytes * 4);
  });

  it('refuses an oversized hash before decoding it', () => {
    expect(failure('#v1/' + 'A'.repeat(LIMITS.hashChars + 1))).toMatch(/too long/);
  });

  it('validates the decoded JSON field by field', () => {
    expect(failure(v1Link('not json'))).toMatch(/bad JSON/);
    expect(failure(v1Link('[1,2]'))).toMatch(/does not describe/);
    expect(failure(v1Link('{"f":"torch"}'))).toMatch(/no source code/);
    expect(failure(v1Link('{"s":"","t":"caffe"}'))).toMatch(/unknown framework/);
    expect(failure(v1Link('{"s":"","v":"settings"}'))).toMatch(/unknown view/);
    expect(failure(v1Link('{"s":"","c":["torch","mxnet"]}'))).toMatch(/compare/);
    expect(failure(v1Link('{"s":"","e":5}'))).toMatch(/entry point/);
    expect(failure(v1Link('{"s":"","i":{"x":3}}'))).toMatch(/trace inputs/);
    expect(failure(v1Link(JSON.stringify({ s: '', i: Object.fromEntries(Array.from({ length: 40 }, (_, k) => ['x' + k, 'float32[1]'])) })))).toMatch(/trace inputs/);
  });
});
