// When code traces nothing: explain how to get a graph, and offer a one-click form
// (entry function or module, one dtype[shape] per input, Trace).
import { useEffect, useState } from 'react';
import { useStore } from '../../store';
import { trace } from '../../actions';
import { parseTensorSpec } from './model';

export function EntryForm() {
  const entries = useStore((s) => s.traceEntries);
  const entry = useStore((s) => s.entry);
  const traceInputs = useStore((s) => s.traceInputs);
  const engine = useStore((s) => s.engine);
  const running = useStore((s) => s.running);
  const [name, setName] = useState(entry ?? entries[0]?.name ?? '');
  const chosen = entries.find((e) => e.name === name) ?? null;
  const [specs, setSpecs] = useState<Record<string, string>>(traceInputs ?? {});

  useEffect(() => {
    if (!chosen && entries.length) setName(entries[0].name);
  }, [entries]);

  const params = chosen?.params ?? [];
  const errors = Object.fromEntries(params.map((p) => [p, specs[p] ? parseTensorSpec(specs[p]) : { error: 'required' }]));
  const valid = params.every((p) => !('error' in errors[p]));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!chosen || !valid) return;
    useStore.setState({ entry: chosen.name, traceInputs: Object.fromEntries(params.map((p) => [p, specs[p].trim()])) });
    trace();
  };

  return (
    <div className="graph-empty" data-testid="graph-empty">
      <h3>No graph yet</h3>
      <p>
        A graph comes from tracing: call <code>ivy.trace_graph(fn, *inputs)</code> (or <code>net.trace_graph(x)</code>) in your code and press <b>Trace</b>,
        or pick an entry point below and give its inputs as <code>dtype[shape]</code>, for example <code>float32[1,3]</code>.
      </p>
      {entries.length === 0 ? (
        <p className="muted">
          {engine === 'ready' ? 'Press Trace to look for functions and modules in the code.' : 'Waiting for the Python engine…'}
        </p>
      ) : (
        <form className="entry-form" onSubmit={submit} data-testid="entry-form">
          <label>
            Entry point{' '}
            <select value={name} onChange={(e) => setName(e.target.value)} aria-label="Entry point">
              {entries.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.kind === 'module' ? 'module ' : 'def '}
                  {e.name}({e.params.join(', ')})
                </option>
              ))}
            </select>
          </label>
          {params.map((p) => (
            <label key={p} className="entry-input">
              <code>{p}</code>
              <input
                value={specs[p] ?? ''}
                placeholder="float32[1,3]"
                aria-label={`Input ${p}`}
                aria-invalid={'error' in errors[p] && !!specs[p]}
                onChange={(e) => setSpecs({ ...specs, [p]: e.target.value })}
              />
              {'error' in errors[p] && specs[p] ? <span className="error-text">{(errors[p] as { error: string }).error}</span> : null}
            </label>
          ))}
          <button type="submit" className="primary" disabled={!valid || running || engine !== 'ready'}>
            Trace {name}
          </button>
        </form>
      )}
    </div>
  );
}
