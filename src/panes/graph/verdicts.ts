// Verify verdicts on the graph (issue 7, localisation): which module groups and op nodes a
// Verify report colours PASS / INACCURATE / FAIL, matched by module path. Pure logic (no DOM,
// no store) so vitest covers the matching directly.
import type { Graph, VerifyResult } from '../../../workers/protocol';
import { groupsOf, moduleAncestors } from './model';

export type Verdict = 'PASS' | 'INACCURATE' | 'FAIL';
export const VERDICTS: readonly Verdict[] = ['PASS', 'INACCURATE', 'FAIL'];
const RANK: Record<Verdict, number> = { PASS: 0, INACCURATE: 1, FAIL: 2 };

/** One row of `VerifyResult.layers` as the verifier writes it (`module` is a slash path; '' is the entry's own code). */
export interface VerifyLayer {
  name: string;
  verdict: Verdict;
  max_abs: number | string | null;
  message?: string | null;
  module?: string | null;
}

export interface LayerVerdict {
  /** The layer's name in the report ("attn.qkv", or "Model.attn.qkv" with several entries). */
  layer: string;
  verdict: Verdict;
  max_abs: number | string | null;
  message: string | null;
}

export interface VerdictIndex {
  /** Module path -> the verdict of the layer at that path ('' = the entry's code outside its submodules). */
  byModule: Map<string, LayerVerdict>;
  /** Module path of the first divergence ('' when it is the entry's own code), if any. */
  first: string | null;
}

/**
 * Index a report's layers by module path. Rows without a module (plain functions) cannot be
 * placed on a graph and are skipped; two rows at one path (several entries) keep the worse.
 */
export function verdictIndex(r: Pick<VerifyResult, 'layers' | 'first_divergence'> | null): VerdictIndex | null {
  if (!r) return null;
  const byModule = new Map<string, LayerVerdict>();
  let first: string | null = null;
  for (const row of r.layers as VerifyLayer[]) {
    if (row.module == null) continue;
    const path = row.module;
    if (row.name === r.first_divergence) first = path;
    const prev = byModule.get(path);
    if (prev && RANK[prev.verdict] >= RANK[row.verdict]) continue;
    byModule.set(path, { layer: row.name, verdict: row.verdict, max_abs: row.max_abs ?? null, message: row.message ?? null });
  }
  return byModule.size ? { byModule, first } : null;
}

/**
 * The verdict covering a module: its own, else its nearest verified ancestor's, else (with
 * `entry`) the entry's own ('' row), which covers all the code it ran.
 */
export function verdictOf(module: string | null, index: VerdictIndex, entry = true): LayerVerdict | null {
  const chain = moduleAncestors(module);
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = index.byModule.get(chain[i]);
    if (v) return v;
  }
  return entry ? index.byModule.get('') ?? null : null;
}

export interface PaneVerdicts {
  /** Op node id -> verdict (only op nodes are coloured; inputs, params and consts keep their look). */
  ops: Map<string, LayerVerdict>;
  /** Module path of a group in this graph -> verdict. */
  groups: Map<string, LayerVerdict>;
  /** Op node ids at the root marked as the first divergence (the entry's own code diverges). */
  firstOps: Set<string>;
  /** Module path of the group marked as the first divergence, when the graph has it. */
  firstGroup: string | null;
  /** Coloured groups per verdict (what the legend and the pane's data attributes report). */
  counts: Record<Verdict, number>;
}

export function paneVerdicts(g: Graph, index: VerdictIndex): PaneVerdicts {
  const ops = new Map<string, LayerVerdict>();
  const groups = new Map<string, LayerVerdict>();
  const firstOps = new Set<string>();
  const counts: Record<Verdict, number> = { PASS: 0, INACCURATE: 0, FAIL: 0 };
  // A group is coloured only when it, or a group around it, was compared: containers that were
  // never called (a ModuleList) stay neutral rather than taking the whole entry's verdict.
  for (const path of groupsOf(g).keys()) {
    const v = verdictOf(path, index, false);
    if (!v) continue;
    groups.set(path, v);
    counts[v.verdict]++;
  }
  for (const n of g.nodes) {
    if (n.kind !== 'op') continue;
    const v = verdictOf(n.module, index);
    if (v) ops.set(n.id, v);
    if (index.first === '' && !n.module && v) firstOps.add(n.id);
  }
  const firstGroup = index.first && groups.has(index.first) ? index.first : null;
  return { ops, groups, firstOps, firstGroup, counts };
}

/** The group drawn for a module path when some groups are collapsed: its outermost collapsed ancestor, else itself. */
export function drawnGroup(path: string, collapsed: ReadonlySet<string>): string {
  return moduleAncestors(path).find((m) => collapsed.has(m)) ?? path;
}
