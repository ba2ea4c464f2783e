import { useStore } from '../store';
import { FRAMEWORKS, type Framework } from '../../workers/protocol';
import { run, stop, setFrameworks, setSource } from '../actions';
import { EXAMPLES } from '../examples';
import { ShareButton } from './ShareButton';
import { toggleTheme } from '../lib/theme';
import { describeShortcut } from '../lib/shortcuts';

const NAMES: Record<Framework, string> = { torch: 'PyTorch', tensorflow: 'TensorFlow', jax: 'JAX', numpy: 'NumPy' };
export const frameworkName = (f: Framework) => NAMES[f];

export function TopBar() {
  const { from, to, running, engine, theme } = useStore();
  const busy = running || engine === 'busy';
  return (
    <header className="topbar" role="toolbar" aria-label="Main toolbar">
      <strong className="brand">Tensorglot</strong>
      <label>
        From{' '}
        <select data-testid="source-framework" aria-label="Source framework" value={from} onChange={(e) => setFrameworks(e.target.value as Framework, to)}>
          {FRAMEWORKS.map((f) => (
            <option key={f} value={f} disabled={f !== 'torch'}>
              {NAMES[f]}
            </option>
          ))}
        </select>
      </label>
      <span aria-hidden>→</span>
      <label>
        To{' '}
        <select data-testid="target-framework" aria-label="Target framework" value={to} onChange={(e) => setFrameworks(from, e.target.value as Framework)}>
          {FRAMEWORKS.filter((f) => f !== from).map((f) => (
            <option key={f} value={f}>
              {NAMES[f]}
            </option>
          ))}
        </select>
      </label>
      <select
        data-testid="examples"
        aria-label="Examples"
        value=""
        onChange={(e) => {
          const ex = EXAMPLES.find((x) => x.id === e.target.value);
          if (ex) setSource(ex.source);
        }}
      >
        <option value="">Examples…</option>
        {EXAMPLES.map((e) => (
          <option key={e.id} value={e.id}>
            {e.title}
          </option>
        ))}
      </select>
      <span className="spacer" />
      <button data-testid="run" onClick={run} disabled={busy || engine === 'loading' || engine === 'error'} title={`Run (${describeShortcut('run')})`} aria-label="Run the code">
        ▶ Run
      </button>
      <button data-testid="stop" onClick={stop} disabled={!busy} title={`Stop (${describeShortcut('stop')})`} aria-label="Stop running code">
        ■ Stop
      </button>
      <ShareButton />
      <button aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'} title={`Toggle light/dark theme (${describeShortcut('theme')})`} onClick={toggleTheme} data-testid="theme-toggle">
        {theme === 'dark' ? '☀' : '☾'}
      </button>
      <button aria-label="Keyboard shortcuts and help" title="Keyboard shortcuts and help (? or F1)" onClick={() => useStore.setState({ helpOpen: true })} data-testid="help">
        ?
      </button>
    </header>
  );
}
