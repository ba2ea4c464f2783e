import { useStore } from '../store';
import { engine as eng } from '../actions';

const STATE_TEXT = { loading: 'loading', ready: 'ready', busy: 'running', error: 'error', restarting: 'restarting' } as const;

export function StatusBar() {
  const { engine, engineDetail, progress, transpiled, timings, fromLink } = useStore();
  const rate = transpiled && transpiled.stats.apis ? Math.round((100 * transpiled.stats.converted) / transpiled.stats.apis) : null;
  return (
    <footer className="statusbar" role="status">
      <span data-testid="status" className={`engine-${engine}`}>
        {STATE_TEXT[engine]}
      </span>
      {(engine === 'loading' || engine === 'restarting') && (
        <span className="progress" aria-label="Engine start progress">
          <span className="stage">{progress.message}</span>
          <progress max={1} value={stageFraction(progress.stage, progress.fraction)} />
        </span>
      )}
      {engine === 'error' && (
        <span className="error-text">
          Engine failed to start: {engineDetail}{' '}
          <button onClick={() => eng.restart('Retrying engine start')}>Retry</button>
        </span>
      )}
      {engine !== 'error' && !eng.interruptible && engine !== 'loading' && <span title="Page is not cross-origin isolated">Stop restarts the engine</span>}
      {fromLink && <span className="notice">Opened from a link: code is converted, not run, until you press Run.</span>}
      <span className="spacer" />
      {rate !== null && (
        <span data-testid="convert-rate">
          converted {transpiled!.stats.converted}/{transpiled!.stats.apis} APIs ({rate}%)
        </span>
      )}
      {timings.transpileMs !== null && <span data-testid="convert-ms">convert {timings.transpileMs.toFixed(0)} ms</span>}
      {timings.traceMs !== null && <span data-testid="trace-ms">trace {timings.traceMs.toFixed(0)} ms</span>}
      {timings.runMs !== null && <span>run {timings.runMs.toFixed(0)} ms</span>}
    </footer>
  );
}

const STAGES = ['download', 'python', 'tensorglot', 'ready'] as const;
/** Three stages share the bar: download, start Python, load Tensorglot. */
function stageFraction(stage: (typeof STAGES)[number], f: number) {
  return (STAGES.indexOf(stage) + Math.min(1, f)) / 3;
}
