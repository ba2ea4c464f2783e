// bench/results.json for the Node benchmarks, merged as bench/results.py does for the
// Python ones: read just before writing, set only the writer's own keys.
import { readFileSync, writeFileSync } from 'node:fs';

export const RESULTS = new URL('results.json', import.meta.url);

/** Write every key of `entries` into bench/results.json, keeping all other keys. */
export function mergeResults(entries) {
  let data = {};
  try { data = JSON.parse(readFileSync(RESULTS, 'utf8')); } catch {}
  Object.assign(data, entries);
  writeFileSync(RESULTS, JSON.stringify(data, null, 2) + '\n');
}
