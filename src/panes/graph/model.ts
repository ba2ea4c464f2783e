// Pure graph logic for the Graph tab: what a pane shows (with collapsed module groups),
// counterparts across panes, the differences summary, search and the entry form's specs.
// No DOM and no Cytoscape here, so vitest covers it directly.
import type { Framework, Graph, GraphNode } from '../../../workers/protocol';

/** Past this many nodes a graph opens with its module groups collapsed. */
export const LARGE_GRAPH_NODES = 250;

export type ViewKind = GraphNode['kind'] | 'group';

export interface ViewNode {
  id: string;
  kind: ViewKind;
  label: string;
  /** Enclosing (expanded) group id, if any. */
  parent: string | null;
  /** For a group: is it drawn as one collapsed node? */
  collapsed?: boolean;
  /** For a group: how many graph nodes it holds. */
  size?: number;
  width: number;
  height: number;
  node?: GraphNode;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  /** How many graph edges this drawn edge stands for (edges into collapsed groups merge). */
  count: number;
}

export interface View {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Graph node id -> the drawn element standing for it (itself or its collapsed group). */
  shownAs: Map<string, string>;
}

export const GROUP_PREFIX = 'group:';

/** "encoder/layers/0" -> ["encoder", "encoder/layers", "encoder/layers/0"]. */
export function moduleAncestors(module: string | null): string[] {
  if (!module) return [];
  const parts = module.split('/').filter(Boolean);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function groupsOf(g: Graph): Map<string, number> {
  const count = new Map<string, number>();
  for (const n of g.nodes) for (const m of moduleAncestors(n.module)) count.set(m, (count.get(m) ?? 0) + 1);
  return count;
}

export function opLabels(g: Graph): string[] {
  return g.nodes.filter((n) => n.kind === 'op').map((n) => n.label).sort();
}

export function formatShape(shape: number[] | null | undefined, dtype: string | null | undefined): string {
  if (!shape && !dtype) return '';
  return `${dtype ?? '?'}${shape ? `[${shape.join(',')}]` : ''}`;
}

/** Monospace label metrics (11px): sizes are known before anything is drawn, so layout can run in a worker. */
const CHAR_PX = 6.7;
export function nodeSize(kind: ViewKind, label: string): { width: number; height: number } {
  const text = kind === 'group' ? label.length + 4 : label.length;
  return { width: Math.round(Math.max(kind === 'op' ? 70 : 46, text * CHAR_PX + 22)), height: kind === 'group' ? 34 : 28 };
}

function shortName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * What one pane draws: every node not hidden inside a collapsed group, expanded groups as
 * compound parents, collapsed groups as single nodes, and edges re-pointed at what is drawn.
 */
export function buildView(g: Graph, collapsed: ReadonlySet<string>): View {
  const sizes = groupsOf(g);
  const nodes: ViewNode[] = [];
  const shownAs = new Map<string, string>();
  const drawnGroups = new Set<string>();

  // The outermost collapsed ancestor hides everything below it.
  const visibleChain = (module: string | null): { parent: string | null; hiddenIn: string | null } => {
    let parent: string | null = null;
    for (const m of moduleAncestors(module)) {
      drawnGroups.add(m);
      if (collapsed.has(m)) return { parent, hiddenIn: m };
      parent = m;
    }
    return { parent, hiddenIn: null };
  };

  for (const n of g.nodes) {
    const { parent, hiddenIn } = visibleChain(n.module);
    if (hiddenIn) {
      shownAs.set(n.id, GROUP_PREFIX + hiddenIn);
      continue;
    }
    shownAs.set(n.id, n.id);
    nodes.push({ id: n.id, kind: n.kind, label: n.label, parent: parent && GROUP_PREFIX + parent, node: n, ...nodeSize(n.kind, n.label) });
  }
  for (const m of drawnGroups) {
    const ancestors = moduleAncestors(m).slice(0, -1);
    if (ancestors.some((a) => collapsed.has(a))) continue;
    const parent = ancestors.length ? GROUP_PREFIX + ancestors[ancestors.length - 1] : null;
    const isCollapsed = collapsed.has(m);
    const label = isCollapsed ? `${shortName(m)} · ${sizes.get(m)}` : shortName(m);
    nodes.push({ id: GROUP_PREFIX + m, kind: 'group', label, parent, collapsed: isCollapsed, size: sizes.get(m), ...nodeSize('group', label) });
  }

  const edges: ViewEdge[] = [];
  const merged = new Map<string, ViewEdge>();
  g.edges.forEach((e, i) => {
    const source = shownAs.get(e.source);
    const target = shownAs.get(e.target);
    if (!source || !target || source === target) return;
    const label = formatShape(e.shape, e.dtype);
    const collapsedEnd = source !== e.source || target !== e.target;
    if (!collapsedEnd) {
      edges.push({ id: `e${i}`, source, target, label, count: 1 });
      return;
    }
    const key = `${source}->${target}`;
    const prev = merged.get(key);
    if (prev) {
      prev.count++;
      prev.label = `×${prev.count}`;
    } else {
      const edge = { id: `m${i}`, source, target, label, count: 1 };
      merged.set(key, edge);
      edges.push(edge);
    }
  });
  return { nodes, edges, shownAs };
}

/** How many elements a view with these groups collapsed would draw. */
function drawnCount(g: Graph, collapsed: ReadonlySet<string>): number {
  return buildView(g, collapsed).nodes.length;
}

/**
 * Groups to collapse when a graph opens: none for small graphs; for large ones the most
 * detailed depth of grouping that keeps the drawing under the threshold (else the top level).
 */
export function initialCollapsed(g: Graph, limit = LARGE_GRAPH_NODES): Set<string> {
  if (g.nodes.length <= limit) return new Set();
  const groups = [...groupsOf(g).keys()];
  if (!groups.length) return new Set();
  const depth = (m: string) => m.split('/').length;
  const maxDepth = Math.max(...groups.map(depth));
  for (let d = maxDepth; d >= 1; d--) {
    const atDepth = new Set(groups.filter((m) => depth(m) === d));
    if (drawnCount(g, atDepth) <= limit) return atDepth;
  }
  return new Set(groups.filter((m) => depth(m) === 1));
}

/** Per-kind ordinal ("the 3rd op") for pairing nodes of graphs whose labels differ by backend. */
function ordinals(g: Graph): Map<string, string> {
  const seenLabel = new Map<string, number>();
  const seenKind = new Map<string, number>();
  const out = new Map<string, string>();
  for (const n of g.nodes) {
    const l = seenLabel.get(n.label) ?? 0;
    const k = seenKind.get(n.kind) ?? 0;
    seenLabel.set(n.label, l + 1);
    seenKind.set(n.kind, k + 1);
    out.set(n.id, `${n.label}#${l}|${n.kind}@${k}`);
  }
  return out;
}

/**
 * The node in `other` that corresponds to `id` in `from`: the same label at the same
 * occurrence if there is one, else the node of the same kind at the same position.
 */
export function counterpart(from: Graph, id: string, other: Graph): string | null {
  const key = ordinals(from).get(id);
  if (!key) return null;
  const [byLabel, byKind] = key.split('|');
  let kindMatch: string | null = null;
  for (const [oid, okey] of ordinals(other)) {
    const [l, k] = okey.split('|');
    if (l === byLabel) return oid;
    if (k === byKind) kindMatch = oid;
  }
  return kindMatch;
}

export interface PaneSummary {
  key: string;
  ops: number;
  nodes: number;
  /** op label -> count */
  counts: Map<string, number>;
}

export interface Differences {
  panes: PaneSummary[];
  /** pane key -> op labels found in that pane only */
  onlyIn: Map<string, string[]>;
  /** every pane has the same op labels with the same counts and the same edges between kinds */
  identical: boolean;
}

/** A name per pane: its title or backend, numbered only when two panes would share one. */
export function paneKeys(graphs: Graph[]): string[] {
  const base = graphs.map((g) => g.title ?? g.backend);
  return base.map((b, i) => (base.indexOf(b) === base.lastIndexOf(b) ? b : `${b} ${base.slice(0, i + 1).filter((x) => x === b).length}`));
}

/** Structure ignoring ids: (kind/label of source, kind/label of target, arg) per edge, sorted. */
function signature(g: Graph): string {
  const at = new Map(g.nodes.map((n) => [n.id, n]));
  const name = (id: string) => {
    const n = at.get(id);
    return n ? (n.kind === 'op' ? n.label : n.kind) : '?';
  };
  return JSON.stringify([opLabels(g), g.edges.map((e) => `${name(e.source)}>${name(e.target)}:${e.arg}`).sort()]);
}

export function differences(graphs: Graph[]): Differences {
  const keys = paneKeys(graphs);
  const panes = graphs.map((g, i) => {
    const counts = new Map<string, number>();
    for (const n of g.nodes) if (n.kind === 'op') counts.set(n.label, (counts.get(n.label) ?? 0) + 1);
    return { key: keys[i], ops: g.nodes.filter((n) => n.kind === 'op').length, nodes: g.nodes.length, counts };
  });
  const onlyIn = new Map<string, string[]>();
  for (const p of panes) {
    const only = [...p.counts.keys()].filter((l) => panes.every((q) => q === p || !q.counts.has(l))).sort();
    onlyIn.set(p.key, only);
  }
  const sigs = new Set(graphs.map(signature));
  return { panes, onlyIn, identical: graphs.length > 1 && sigs.size === 1 };
}

/**
 * Search: plain words match the op label (substring, case-insensitive);
 * `field:value` matches an attribute (kind, dtype, shape, module, line, value), or a
 * keyword argument of the call (`dim:1`, `keepdim:true`).
 */
export function matchNode(n: GraphNode, query: string): boolean {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return false;
  return terms.every((t) => {
    const m = /^(kind|dtype|shape|module|line|value|label):(.*)$/.exec(t);
    const kw = m ? null : /^([a-z_]\w*):(.+)$/.exec(t);
    if (kw) return Object.entries(n.attrs ?? {}).some(([k, v]) => k.toLowerCase() === kw[1] && v.toLowerCase() === kw[2]);
    if (!m) return n.label.toLowerCase().includes(t);
    const [, field, want] = m;
    const have =
      field === 'shape' ? (n.shape ? n.shape.join(',') : '') : field === 'line' ? String(n.line ?? '') : String((n as any)[field] ?? '').toLowerCase();
    return field === 'line' || field === 'kind' ? have === want : have.includes(want.replace(/[[\]()\s]/g, ''));
  });
}

export function nodesAtLine(g: Graph, line: number): string[] {
  return g.nodes.filter((n) => n.line === line).map((n) => n.id);
}

/** One input of the entry form: `float32[1,3]`, `int64[]` (a scalar) or `[2,2]` (float32). */
export interface TensorSpec {
  dtype: string;
  shape: number[];
}

const DTYPES = ['float16', 'bfloat16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool', 'complex64', 'complex128'];

export function parseTensorSpec(text: string): TensorSpec | { error: string } {
  const m = /^\s*([a-z0-9]*)\s*\[\s*([0-9,\s]*)\]\s*$/i.exec(text);
  if (!m) return { error: 'write dtype[shape], e.g. float32[1,3]' };
  const dtype = (m[1] || 'float32').toLowerCase();
  if (!DTYPES.includes(dtype)) return { error: `unknown dtype ${dtype}; one of ${DTYPES.join(', ')}` };
  const dims = m[2].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) return { error: 'dimensions are non-negative integers' };
  return { dtype, shape: dims };
}

/**
 * What "Source ⇄ converted" traces the converted code on: the ticked backends other than the
 * source framework (three at most, beside the source pane), else the current target.
 */
export function convertedTargets(from: Framework, to: Framework, compare: Framework[]): Framework[] {
  const picked = compare.filter((f) => f !== from);
  return picked.length ? picked.slice(0, 3) : [to];
}
