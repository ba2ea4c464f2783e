import { useState } from 'react';
import { useStore } from '../store';
import { engine } from '../actions';
import { FRAMEWORKS, type Framework } from '../../workers/protocol';
import { copyText } from '../share/clipboard';
import { moduleNameOf, saveFile, translatedOutputsFiles, zipFiles, ZIP_NAME } from '../lib/download';
import { describeShortcut } from '../lib/shortcuts';

/** Copy, download (.py or every target as a zip) and the diff toggle, above the converted code. */
export function OutputTools() {
  const code = useStore((s) => s.transpiled?.code ?? null);
  const diffView = useStore((s) => s.diffView);
  const set = useStore((s) => s.set);
  const [note, setNote] = useState<string | null>(null);
  const flash = (text: string) => {
    setNote(text);
    setTimeout(() => setNote((n) => (n === text ? null : n)), 2500);
  };

  const copy = async () => {
    if (code === null) return;
    flash((await copyText(code)) === 'failed' ? 'Copy failed: select the code and copy it' : 'Copied');
  };
  const downloadPy = () => {
    const { source, to } = useStore.getState();
    if (code !== null) saveFile(`${moduleNameOf(source)}_${to}.py`, code);
  };
  const downloadZip = async () => {
    const { source, from, to } = useStore.getState();
    if (code === null) return;
    flash('Converting to every target…');
    const outputs: Partial<Record<Framework, string>> = { [to]: code };
    const notes: Partial<Record<Framework, string>> = {};
    // The other targets are converted on demand; the one on screen is reused as it is.
    for (const fw of FRAMEWORKS.filter((f) => f !== from && f !== to)) {
      try {
        outputs[fw] = (await engine.request('transpile', { source, from, to: fw })).code;
      } catch (e) {
        notes[fw] = `not included: ${String((e as Error)?.message ?? e).slice(0, 120)}`;
      }
    }
    saveFile(ZIP_NAME, zipFiles(translatedOutputsFiles({ source, from, outputs, notes })), 'application/zip');
    flash('Downloaded ' + ZIP_NAME);
  };

  return (
    <div className="output-tools" role="toolbar" aria-label="Converted code tools">
      <button data-testid="copy-output" onClick={copy} disabled={code === null} aria-label="Copy converted code">
        Copy
      </button>
      <button data-testid="download-py" onClick={downloadPy} disabled={code === null} aria-label="Download converted code as a .py file">
        Download .py
      </button>
      <button data-testid="download-zip" onClick={downloadZip} disabled={code === null} aria-label={`Download all outputs as ${ZIP_NAME}`} title={`Every target framework, laid out like Translated_Outputs/`}>
        All targets (.zip)
      </button>
      <label className="toggle" title={`Diff of source against output (${describeShortcut('diff')})`}>
        <input type="checkbox" role="switch" data-testid="diff-toggle" aria-label="Show diff of source against converted code" checked={diffView} onChange={(e) => set({ diffView: e.target.checked })} />
        Diff
      </label>
      {note && (
        <span className="tool-note" role="status">
          {note}
        </span>
      )}
    </div>
  );
}
