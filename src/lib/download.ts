// Saving converted code: one file, or every target as a zip laid out like the seed's
// Translated_Outputs/ directory (ivy.transpile writes its generated sources there).
import { zipSync, strToU8 } from 'fflate';
import type { Framework } from '../../workers/protocol';

export const ZIP_ROOT = 'Translated_Outputs';
export const ZIP_NAME = `${ZIP_ROOT}.zip`;

/** Save bytes or text as a file through a temporary blob: link (no server round trip). */
export function saveFile(name: string, data: string | Uint8Array, type = 'text/x-python') {
  const blob = new Blob([typeof data === 'string' ? data : (data as BlobPart)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name for the code: its first class (snake_case) or function, else "model". */
export function moduleNameOf(source: string): string {
  const m = /^(?:class|def)\s+([A-Za-z_]\w*)/m.exec(source);
  if (!m) return 'model';
  const snake = m[1]
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  return snake.replace(/^_+/, '') || 'model';
}

export interface TranslatedOutputs {
  source: string;
  from: Framework;
  /** Converted code per target framework (at least the one on screen). */
  outputs: Partial<Record<Framework, string>>;
  /** Per-target note, e.g. a conversion that failed. */
  notes?: Partial<Record<Framework, string>>;
}

/** The zip's entries: README, the original source, and `<target>_outputs/<name>.py` per target. */
export function translatedOutputsFiles(t: TranslatedOutputs): Record<string, string> {
  const name = moduleNameOf(t.source);
  const files: Record<string, string> = {};
  const targets = Object.keys(t.outputs) as Framework[];
  files[`${ZIP_ROOT}/source/${name}.py`] = t.source;
  for (const fw of targets) {
    files[`${ZIP_ROOT}/${fw}_outputs/__init__.py`] = `from .${name} import *  # noqa: F401,F403\n`;
    files[`${ZIP_ROOT}/${fw}_outputs/${name}.py`] = t.outputs[fw]!;
  }
  const lines = [
    `# Translated outputs`,
    '',
    `Converted by Tensorglot from ${t.from} on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `- \`source/${name}.py\`: the original ${t.from} code`,
    ...targets.map((fw) => `- \`${fw}_outputs/${name}.py\`: the ${fw} version${t.notes?.[fw] ? ` (${t.notes[fw]})` : ''}`),
    '',
    'Lines that could not be converted are marked with a comment naming the API.',
    'Edit these files freely: they are plain source code, as if the model had been written in that framework.',
    '',
  ];
  files[`${ZIP_ROOT}/README.md`] = lines.join('\n');
  return files;
}

export function zipFiles(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), { level: 6 });
}
