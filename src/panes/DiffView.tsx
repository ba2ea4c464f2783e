import { useEffect, useRef } from 'react';
import { monaco } from '../lib/monaco';
import { useStore } from '../store';
import { frameworkName } from './TopBar';

/** Monaco's diff editor: the source (left/original) against the converted code (right). */
export function DiffView() {
  const source = useStore((s) => s.source);
  const code = useStore((s) => s.transpiled?.code ?? '');
  const theme = useStore((s) => s.theme);
  const from = useStore((s) => s.from);
  const to = useStore((s) => s.to);
  const host = useRef<HTMLDivElement>(null);
  const models = useRef<{ original: monaco.editor.ITextModel; modified: monaco.editor.ITextModel } | null>(null);

  useEffect(() => {
    const original = monaco.editor.createModel(source, 'python');
    const modified = monaco.editor.createModel(code, 'python');
    models.current = { original, modified };
    const narrow = (host.current?.clientWidth ?? 1000) < 700;
    const diff = monaco.editor.createDiffEditor(host.current!, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: !narrow,
      useInlineViewWhenSpaceIsLimited: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      ariaLabel: 'Diff of source against converted code',
      originalAriaLabel: `Source (${frameworkName(from)})`,
      modifiedAriaLabel: `Converted (${frameworkName(to)})`,
      theme: theme === 'dark' ? 'vs-dark' : 'vs',
    } as monaco.editor.IStandaloneDiffEditorConstructionOptions);
    diff.setModel({ original, modified });
    return () => {
      diff.dispose();
      original.dispose();
      modified.dispose();
      models.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const m = models.current;
    if (m && m.original.getValue() !== source) m.original.setValue(source);
  }, [source]);
  useEffect(() => {
    const m = models.current;
    if (m && m.modified.getValue() !== code) m.modified.setValue(code);
  }, [code]);

  return (
    <div className="diff-view" data-testid="diff-view" aria-label="Diff view">
      <div className="diff-legend" aria-hidden>
        <span className="diff-removed">{frameworkName(from)} source</span>
        <span className="diff-added">{frameworkName(to)} output</span>
      </div>
      <div className="editor" ref={host} />
    </div>
  );
}
