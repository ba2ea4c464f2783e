import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { revealSourceLine } from '../lib/editors';

export function ConsolePane() {
  const entries = useStore((s) => s.console);
  const set = useStore((s) => s.set);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [entries.length]);
  return (
    <div className="console" data-testid="console" role="log" aria-label="Console output" aria-live="polite">
      <div className="console-tools">
        <button onClick={() => set({ console: [] })} aria-label="Clear console">
          Clear
        </button>
      </div>
      {entries.map((e, i) => (
        <pre key={i} className={`console-${e.kind}`}>
          {e.text}
          {e.line ? (
            <>
              {' '}
              <button className="linklike" onClick={() => revealSourceLine(e.line!)}>
                → line {e.line}
              </button>
            </>
          ) : null}
        </pre>
      ))}
      <div ref={end} />
    </div>
  );
}
