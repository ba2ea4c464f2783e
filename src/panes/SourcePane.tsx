import { useMemo } from 'react';
import { Editor } from '../lib/Editor';
import { monaco } from '../lib/monaco';
import { useStore } from '../store';
import { setSource } from '../actions';
import { toMarkers } from '../lib/markers';
import { registerSourceEditor } from '../lib/editors';

export function SourcePane() {
  const source = useStore((s) => s.source);
  const transpiled = useStore((s) => s.transpiled);
  const traceError = useStore((s) => s.traceError);
  const markers = useMemo(() => {
    const m = toMarkers(transpiled?.diagnostics ?? []);
    if (traceError?.line)
      m.push({ severity: monaco.MarkerSeverity.Error, message: `${traceError.type}: ${traceError.message}`, startLineNumber: traceError.line, startColumn: 1, endLineNumber: traceError.line, endColumn: 1000 });
    return m;
  }, [transpiled, traceError]);
  return (
    <section className="pane source-pane" aria-label="Source code">
      <Editor testId="source-editor" label="Source editor" value={source} onChange={setSource} markers={markers} onMount={registerSourceEditor} />
    </section>
  );
}
