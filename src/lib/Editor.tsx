import { useEffect, useRef } from 'react';
import { monaco } from './monaco';
import { useStore } from '../store';

export interface EditorProps {
  value: string;
  onChange?: (v: string) => void;
  readOnly?: boolean;
  testId: string;
  label: string;
  markers?: monaco.editor.IMarkerData[];
  /** Called once with the editor instance (for decorations, reveal, commands). */
  onMount?: (ed: monaco.editor.IStandaloneCodeEditor) => void;
}

/** A Monaco editor bound to a string; external value changes keep the cursor and undo stack. */
export function Editor({ value, onChange, readOnly, testId, label, markers, onMount }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const ed = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const change = useRef(onChange);
  change.current = onChange;
  const theme = useStore((s) => s.theme);

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      value,
      language: 'python',
      readOnly,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      ariaLabel: label,
      tabSize: 4,
      renderValidationDecorations: 'on',
      theme: theme === 'dark' ? 'vs-dark' : 'vs',
    });
    ed.current = editor;
    const sub = editor.onDidChangeModelContent(() => change.current?.(editor.getValue()));
    onMount?.(editor);
    return () => {
      sub.dispose();
      editor.getModel()?.dispose();
      editor.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = ed.current;
    if (editor && editor.getValue() !== value) {
      const model = editor.getModel()!;
      if (readOnly) model.setValue(value);
      else model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    }
  }, [value, readOnly]);

  useEffect(() => {
    const model = ed.current?.getModel();
    if (model) monaco.editor.setModelMarkers(model, 'tensorglot', markers ?? []);
  }, [markers]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div className="editor" data-testid={testId} ref={host} aria-label={label} />;
}
