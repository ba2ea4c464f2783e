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
  const diffEditor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const retired = useRef<monaco.editor.ITextModel[]>([]);
  const disposeRetired = (diff: monaco.editor.IStandaloneDiffEditor) => {
    const live = diff.getModel();
    retired.current = retired.current.filter((m) => (m === live?.original || m === live?.modified ? true : (m.dispose(), false)));
  };

  useEffect(() => {
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
    diffEditor.current = diff;
    // Replaced models are disposed once the diff of their successors is in: disposed under a
    // diff still computing in the editor worker, they make Monaco throw "no diff result available".
    const sub = diff.onDidUpdateDiff(() => disposeRetired(diff));
    return () => {
      sub.dispose();
      const old = diff.getModel();
      diff.dispose();
      old?.original.dispose();
      old?.modified.dispose();
      for (const m of retired.current.splice(0)) m.dispose();
      diffEditor.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Both sides are replaced together: editing one model under a pending diff of the old text
  // makes Monaco apply stale line ranges ("startLineNumber cannot be after ...").
  useEffect(() => {
    const diff = diffEditor.current;
    if (!diff) return;
    const old = diff.getModel();
    if (old && old.original.getValue() === source && old.modified.getValue() === code) return;
    diff.setModel({ original: monaco.editor.createModel(source, 'python'), modified: monaco.editor.createModel(code, 'python') });
    if (old) retired.current.push(old.original, old.modified);
  }, [source, code]);

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
