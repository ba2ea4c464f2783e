// Handles on the live editors, for cross-pane actions (reveal a line, highlight a range).
import { monaco } from './monaco';

export const editors: { source: monaco.editor.IStandaloneCodeEditor | null; output: monaco.editor.IStandaloneCodeEditor | null } = {
  source: null,
  output: null,
};

export function registerSourceEditor(ed: monaco.editor.IStandaloneCodeEditor) {
  editors.source = ed;
}

export function registerOutputEditor(ed: monaco.editor.IStandaloneCodeEditor) {
  editors.output = ed;
}

/** Move the source editor to a line and select it (graph node -> source line). */
export function revealSourceLine(line: number) {
  const ed = editors.source;
  if (!ed) return;
  ed.revealLineInCenter(line);
  ed.setSelection({ startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: ed.getModel()!.getLineMaxColumn(line) });
  ed.focus();
}

// Test and debugging handle: e2e tests read and set editor text through it.
(globalThis as any).__tensorglot = Object.assign((globalThis as any).__tensorglot ?? {}, { editors, monaco });
