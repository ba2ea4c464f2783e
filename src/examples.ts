// The gallery: example sources live once, as .py files in examples/
// (the Python tests run the same files), and are bundled here as text.
export interface Example {
  id: string;
  title: string;
  source: string;
}

const files = import.meta.glob('../examples/*.py', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Title: the first comment line, up to a colon. */
function titleOf(id: string, source: string): string {
  const m = /^#\s*([^:\n]+)/.exec(source);
  return m ? m[1].trim() : id.replace(/_/g, ' ');
}

export const EXAMPLES: Example[] = Object.entries(files)
  .map(([path, source]) => {
    const id = path.split('/').pop()!.replace(/\.py$/, '');
    return { id, title: titleOf(id, source), source };
  })
  .filter((e) => !e.id.startsWith('_'))
  .sort((a, b) => a.title.localeCompare(b.title));

export const DEFAULT_EXAMPLE: Example = EXAMPLES.find((e) => e.id === 'mlp_classifier') ?? EXAMPLES[0];
