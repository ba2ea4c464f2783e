import { monaco } from './monaco';
import type { Diagnostic } from '../../workers/protocol';

const SEVERITY = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
} as const;

/** Transpiler diagnostics (1-based lines and columns, end exclusive) as Monaco markers (the same). */
export function toMarkers(diags: Diagnostic[]): monaco.editor.IMarkerData[] {
  return diags.map((d) => ({
    severity: SEVERITY[d.severity],
    message: d.api ? `${d.message} [${d.api}]` : d.message,
    startLineNumber: Math.max(1, d.line),
    startColumn: Math.max(1, d.col),
    endLineNumber: Math.max(1, d.end_line || d.line),
    endColumn: (d.end_line || d.line) === d.line && d.end_col <= d.col ? 1000 : d.end_col,
  }));
}
