import { useMemo } from 'react';
import { Editor } from '../lib/Editor';
import { useStore } from '../store';
import { toMarkers } from '../lib/markers';
import { registerOutputEditor } from '../lib/editors';
import { OutputTools } from './OutputTools';
import { DiffView } from './DiffView';
import { VerifyBadge } from './VerifyPane';

/** The converted code. Diagnostics are placed on the output lines via the line map. */
export function OutputPane() {
  const transpiled = useStore((s) => s.transpiled);
  const error = useStore((s) => s.transpileError);
  const engine = useStore((s) => s.engine);
  const diffView = useStore((s) => s.diffView);
  const code = transpiled?.code ?? (engine === 'ready' ? '' : '# Converting as soon as the engine is ready…');
  const markers = useMemo(() => {
    if (!transpiled) return [];
    const toOut = new Map(transpiled.line_map.map(([s, o]) => [s, o]));
    return toMarkers(
      transpiled.diagnostics
        .filter((d) => d.severity !== 'info' && toOut.has(d.line))
        .map((d) => ({ ...d, line: toOut.get(d.line)!, end_line: toOut.get(d.line)!, col: 0, end_col: 0 })),
    );
  }, [transpiled]);
  const firstError = transpiled?.diagnostics.find((d) => d.severity === 'error');
  return (
    <div className="output-pane">
      <OutputTools />
      <VerifyBadge />
      {error && <div className="banner error">Conversion failed: {error}</div>}
      {firstError && (
        <div className="banner error" role="alert" data-testid="convert-error">
          {firstError.line > 0 ? `Line ${firstError.line}: ` : ''}
          {firstError.message.split('\n')[0]}
        </div>
      )}
      {/* The output editor stays mounted under the diff, so its handle and decorations survive. */}
      <div className="output-editor-host" hidden={diffView}>
        <Editor testId="output-editor" label="Converted code" value={code} readOnly markers={markers} onMount={registerOutputEditor} />
      </div>
      {diffView && <DiffView />}
    </div>
  );
}
