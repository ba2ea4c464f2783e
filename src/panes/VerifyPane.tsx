// The Verify panel: runs the source and its conversion on the same inputs and weights and
// shows the verdict per output and per layer, with the figures. Also the badge that the
// converted pane shows with the last verdict.
import { useState } from 'react';
import { useStore } from '../store';
import { verify } from '../actions';
import type { VerifyResult, TraceInputs } from '../../workers/protocol';

type Verdict = VerifyResult['verdict'];
const MARK: Record<Verdict, string> = { PASS: '✓', INACCURATE: '≈', FAIL: '✗' };

/** Figures arrive as numbers, or as strings for inf/nan (JSON has neither). */
export function fig(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  const n = v as number;
  if (n === 0) return '0';
  return Math.abs(n) >= 1e-3 && Math.abs(n) < 1e4 ? n.toPrecision(3) : n.toExponential(2);
}

/** "x=float32[1,3], y=int64[2]" <-> {x: "float32[1,3]", y: "int64[2]"} (commas inside [] or <> stay). */
export function parseInputs(text: string): TraceInputs | null {
  const out: TraceInputs = {};
  let depth = 0;
  let cur = '';
  const parts: string[] = [];
  for (const ch of text) {
    if (ch === '[' || ch === '<' || ch === '(') depth++;
    if (ch === ']' || ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const p of parts.map((x) => x.trim()).filter(Boolean)) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : null;
}

function formatInputs(inputs: TraceInputs | null): string {
  return inputs ? Object.entries(inputs).map(([k, v]) => `${k}=${v}`).join(', ') : '';
}

interface Stamp {
  for_source?: string;
  for_to?: string;
}

export function VerifyPane() {
  const result = useStore((s) => s.verify);
  const running = useStore((s) => s.running);
  const engine = useStore((s) => s.engine);
  const entry = useStore((s) => s.entry);
  const traceInputs = useStore((s) => s.traceInputs);
  const entries = useStore((s) => s.traceEntries);
  const to = useStore((s) => s.to);
  const from = useStore((s) => s.from);
  const [atol, setAtol] = useState('1e-5');
  const [rtol, setRtol] = useState('1e-5');
  const [inputsText, setInputsText] = useState(formatInputs(traceInputs));
  const [initText, setInitText] = useState('');
  const [runs, setRuns] = useState(0);

  const onVerify = async () => {
    const { source, to: target } = useStore.getState();
    const tol: { atol?: number; rtol?: number } = {};
    if (atol.trim() && Number.isFinite(Number(atol))) tol.atol = Number(atol);
    if (rtol.trim() && Number.isFinite(Number(rtol))) tol.rtol = Number(rtol);
    useStore.setState({ traceInputs: parseInputs(inputsText) });
    await verify({ ...tol, init: parseInputs(initText) });
    const r = useStore.getState().verify;
    if (r) useStore.setState({ verify: { ...r, for_source: source, for_to: target } });
    setRuns((n) => n + 1);
  };

  const disabled = running || engine === 'loading' || engine === 'error' || engine === 'restarting';
  return (
    <div className="verify-pane">
      <form
        className="verify-form"
        onSubmit={(e) => {
          e.preventDefault();
          onVerify();
        }}
      >
        <button type="submit" data-testid="verify" disabled={disabled} title="Run the source and the converted code on the same inputs and weights, and compare">
          ✓ Verify
        </button>
        <label>
          entry
          <input
            list="verify-entries"
            data-testid="verify-entry"
            placeholder="auto"
            value={entry ?? ''}
            onChange={(e) => useStore.setState({ entry: e.target.value.trim() || null })}
            size={10}
          />
          <datalist id="verify-entries">
            {entries.map((e) => (
              <option key={e.name} value={e.name}>
                {e.kind}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          inputs
          <input data-testid="verify-inputs" placeholder="x=float32[1,3]" value={inputsText} onChange={(e) => setInputsText(e.target.value)} size={16} />
        </label>
        <label title="constructor arguments of a model the script does not build itself, e.g. width=6 or config=Config(n_layer=1)">
          init
          <input data-testid="verify-init" placeholder="auto" value={initText} onChange={(e) => setInitText(e.target.value)} size={10} />
        </label>
        <label title="absolute tolerance">
          atol
          <input data-testid="verify-atol" value={atol} onChange={(e) => setAtol(e.target.value)} size={5} inputMode="decimal" />
        </label>
        <label title="relative tolerance (× |source value|)">
          rtol
          <input data-testid="verify-rtol" value={rtol} onChange={(e) => setRtol(e.target.value)} size={5} inputMode="decimal" />
        </label>
        <span className="verify-target">{from} → {to}</span>
      </form>
      <div className="verify-report" data-testid="verify-report" data-runs={runs} aria-live="polite">
        {running && !result && <p className="muted">Verifying…</p>}
        {!running && !result && (
          <p className="muted">
            Verify runs the source on emulated torch and the converted code on emulated {to}, on the same seeded inputs and the same weights, and compares every output.
          </p>
        )}
        {result && <Report r={result} stale={isStale(result)} />}
      </div>
    </div>
  );
}

function isStale(r: VerifyResult & Stamp): boolean {
  const s = useStore.getState();
  return (r.for_source !== undefined && r.for_source !== s.source) || (r.for_to !== undefined && r.for_to !== s.to);
}

function Report({ r, stale }: { r: VerifyResult; stale: boolean }) {
  const entries = (r.entries as { name: string; kind: string; origin: string; inputs: Record<string, string>; init: string | null }[] | undefined) ?? [];
  const notes = (r.notes as string[] | undefined) ?? [];
  const unmatched = (r.unmatched as { name: string; message: string }[] | undefined) ?? [];
  const passing = r.outputs.filter((o) => o.verdict === 'PASS').length;
  return (
    <>
      <div className={`verdict verdict-${r.verdict}`} data-testid="verify-verdict">
        <span className="verdict-mark">{MARK[r.verdict]}</span> {r.verdict}
        <span className="verdict-detail">
          {r.outputs.length ? `${passing}/${r.outputs.length} output${r.outputs.length === 1 ? '' : 's'} match` : 'nothing compared'}
          {r.first_divergence && <> · first divergence: <b data-testid="verify-first-divergence">{r.first_divergence}</b></>}
          {' · '}
          {Math.round(r.ms)} ms
          {stale && <span className="notice"> · code changed since</span>}
        </span>
      </div>
      {r.error && (
        <pre className="verify-error">
          {r.error.message}
          {r.error.line ? ` (line ${r.error.line})` : ''}
        </pre>
      )}
      {entries.length > 0 && (
        <ul className="verify-entries">
          {entries.map((e, i) => (
            <li key={i}>
              <code>
                {e.name}({Object.entries(e.inputs).map(([k, v]) => `${k}=${v}`).join(', ')})
              </code>{' '}
              <span className="muted">
                {e.kind}
                {e.init ? `, built as ${e.init}` : ''}, inputs {e.origin === 'script' ? 'the script passed' : e.origin === 'form' ? 'from the form (seeded)' : 'guessed (seeded)'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {r.outputs.length > 0 && (
        <table className="verify-table" data-testid="verify-outputs">
          <caption>Outputs</caption>
          <thead>
            <tr>
              <th>output</th>
              <th>verdict</th>
              <th>shape</th>
              <th>dtype</th>
              <th>max abs</th>
              <th>max rel</th>
              <th>detail</th>
            </tr>
          </thead>
          <tbody>
            {r.outputs.map((o, i) => (
              <tr key={i} className={`row-${o.verdict}`}>
                <td>
                  <code>{o.name}</code>
                </td>
                <td className={`v-${o.verdict}`}>
                  {MARK[o.verdict]} {o.verdict}
                </td>
                <td>{o.shape ? `[${o.shape.join(', ')}]` : '–'}</td>
                <td>{o.dtype ?? '–'}</td>
                <td className="num">{fig(o.max_abs)}</td>
                <td className="num">{fig(o.max_rel)}</td>
                <td className="msg">{o.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.layers.length > 0 && (
        <table className="verify-table" data-testid="verify-layers">
          <caption>Layers, each on the inputs it received in the source run</caption>
          <thead>
            <tr>
              <th>layer</th>
              <th>verdict</th>
              <th>max abs</th>
              <th>detail</th>
            </tr>
          </thead>
          <tbody>
            {r.layers.map((l, i) => (
              <tr key={i} className={`row-${l.verdict}${l.name === r.first_divergence ? ' first-divergence' : ''}`}>
                <td>
                  <code>{l.name}</code>
                </td>
                <td className={`v-${l.verdict}`}>
                  {MARK[l.verdict]} {l.verdict}
                </td>
                <td className="num">{fig(l.max_abs)}</td>
                <td className="msg">{l.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unmatched.length > 0 && (
        <p className="muted">
          Not compared (no converted counterpart): {unmatched.map((u) => u.name).join(', ')}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="verify-notes">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The last verdict, on the converted pane; a click opens the Verify tab. */
export function VerifyBadge() {
  const r = useStore((s) => s.verify) as (VerifyResult & Stamp) | null;
  const source = useStore((s) => s.source);
  const to = useStore((s) => s.to);
  if (!r) return null;
  const stale = (r.for_source !== undefined && r.for_source !== source) || (r.for_to !== undefined && r.for_to !== to);
  return (
    <button
      className={`verify-badge verdict-${r.verdict}${stale ? ' stale' : ''}`}
      data-testid="verify-badge"
      data-verdict={r.verdict}
      title={stale ? 'Last verification (the code has changed since): click for the report' : 'Last verification: click for the report'}
      onClick={() => useStore.setState({ tab: 'verify' })}
    >
      {MARK[r.verdict]} {r.verdict}
      {stale ? ' (stale)' : ''}
    </button>
  );
}
