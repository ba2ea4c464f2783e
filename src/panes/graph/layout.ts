// Layered DAG layout with ELK, run in a web worker (elkjs's own worker build, served by us).
// ELK layered was chosen over dagre by bench/graph-layout.mjs: on a 1,000-node DAG it was
// several times faster with fewer crossings (figures in bench/results.json). Large drawings
// go to fastLayout.ts instead (same bench: ~10x faster than ELK there, with comparable
// crossings), so a 1,000-node graph is on screen well within 1.5 s.
import type { View } from './model';
import { FAST_LAYOUT_NODES, GROUP_PADDING } from './fastLayout';
import elkOptions from './elk-options.json';

export interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
  layoutOptions?: Record<string, string>;
  labels?: { text: string; width: number; height: number }[];
}

/** Measured best speed/quality trade-off (bench/graph-layout.mjs reads the same file). */
export const ELK_OPTIONS: Record<string, string> = elkOptions;

/** The view as an ELK graph: groups hold their children; each edge sits in its endpoints' common ancestor. */
export function toElkGraph(view: View): ElkNode {
  const root: ElkNode = { id: '__root', layoutOptions: { ...ELK_OPTIONS, 'elk.padding': '[top=10,left=10,bottom=10,right=10]' }, children: [], edges: [] };
  const elk = new Map<string, ElkNode>([['__root', root]]);
  const parentOf = new Map<string, string>();
  for (const n of view.nodes) {
    elk.set(n.id, { id: n.id, width: n.width, height: n.height });
    parentOf.set(n.id, n.parent ?? '__root');
  }
  for (const n of view.nodes) {
    const parent = elk.get(parentOf.get(n.id)!)!;
    (parent.children ??= []).push(elk.get(n.id)!);
  }
  // Expanded groups have children: ELK sizes them; they only need label room at the top.
  for (const n of view.nodes)
    if (n.kind === 'group' && !n.collapsed) {
      const e = elk.get(n.id)!;
      delete e.width;
      delete e.height;
      const { top, side, bottom } = GROUP_PADDING;
      e.layoutOptions = { 'elk.padding': `[top=${top},left=${side},bottom=${bottom},right=${side}]` };
    }
  const chain = (id: string) => {
    const out: string[] = [];
    for (let p = parentOf.get(id); p; p = parentOf.get(p)) out.push(p);
    return out;
  };
  for (const e of view.edges) {
    const up = new Set(chain(e.source));
    const lca = chain(e.target).find((p) => up.has(p)) ?? '__root';
    (elk.get(lca)!.edges ??= []).push({ id: e.id, sources: [e.source], targets: [e.target] });
  }
  return root;
}

/** Centre positions of leaf elements (compound parents follow their children in Cytoscape). */
export function centres(laid: ElkNode): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      if (c.children?.length) walk(c, x, y);
      else out.set(c.id, { x: x + (c.width ?? 0) / 2, y: y + (c.height ?? 0) / 2 });
    }
  };
  walk(laid, 0, 0);
  return out;
}

interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let elkInstance: Promise<ElkLike> | null = null;

/** One ELK worker for the page, started on first use. */
function elkWorker(): Promise<ElkLike> {
  elkInstance ??= (async () => {
    const [{ default: ELK }, { default: workerUrl }] = await Promise.all([
      import('elkjs/lib/elk-api.js'),
      import('elkjs/lib/elk-worker.min.js?url'),
    ]);
    return new ELK({ workerUrl }) as unknown as ElkLike;
  })();
  return elkInstance;
}

type Positions = Map<string, { x: number; y: number }>;
let fastWorker: Worker | null = null;
let fastSeq = 0;
const fastPending = new Map<number, { resolve: (p: Positions) => void; reject: (e: Error) => void }>();

/** The fast layered layout in its worker (started on first use). */
function fastLayout(view: View): Promise<Positions> {
  if (!fastWorker) {
    fastWorker = new Worker(new URL('./fastLayout.worker.ts', import.meta.url), { type: 'module' });
    fastWorker.onmessage = (e: MessageEvent<{ seq: number; positions?: [string, { x: number; y: number }][]; error?: string }>) => {
      const p = fastPending.get(e.data.seq);
      fastPending.delete(e.data.seq);
      if (e.data.positions) p?.resolve(new Map(e.data.positions));
      else p?.reject(new Error(e.data.error ?? 'layout failed'));
    };
  }
  const seq = ++fastSeq;
  const nodes = view.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height, parent: n.parent, bottom: n.kind === 'output' }));
  const edges = view.edges.map((e) => ({ source: e.source, target: e.target }));
  // the same spacing as ELK's, so both layouts look alike
  const options = { nodeSpacing: Number(ELK_OPTIONS['elk.spacing.nodeNode']), layerSpacing: Number(ELK_OPTIONS['elk.layered.spacing.nodeNodeBetweenLayers']) };
  return new Promise((resolve, reject) => {
    fastPending.set(seq, { resolve, reject });
    fastWorker!.postMessage({ seq, nodes, edges, options });
  });
}

/** Which layout a view gets: ELK for ordinary sizes (the better drawing), the fast one past FAST_LAYOUT_NODES. */
export function usesFastLayout(view: View): boolean {
  return view.nodes.length > FAST_LAYOUT_NODES;
}

/** Start the worker and compile ELK's code paths before the first real graph arrives. */
export function warmUpLayout() {
  // A chain with side branches, half of it in two nested module groups, exercises the same
  // phases as a real trace, hierarchy included (JIT warm-up in the worker).
  const n = 200;
  const group = (i: number) => (i < 60 ? null : i < 110 ? 'group:w/a' : i < 160 ? 'group:w' : null);
  const nodes: View['nodes'] = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, kind: 'op' as const, label: 'op', parent: group(i), width: 60, height: 28 }));
  nodes.push({ id: 'group:w', kind: 'group', label: 'w', parent: null, width: 0, height: 0 }, { id: 'group:w/a', kind: 'group', label: 'a', parent: 'group:w', width: 0, height: 0 });
  const edges = nodes.slice(1, n).flatMap((_, i) => [
    { id: `a${i}`, source: `w${i}`, target: `w${i + 1}`, label: '', count: 1 },
    ...(i > 3 && i % 3 === 0 ? [{ id: `b${i}`, source: `w${i - 3}`, target: `w${i + 1}`, label: '', count: 1 }] : []),
  ]);
  const view = { nodes, edges, shownAs: new Map() };
  elkLayout(view).catch(() => undefined);
  fastLayout(view).catch(() => undefined);
}

export async function layoutView(view: View): Promise<Positions> {
  if (!view.nodes.length) return new Map();
  return usesFastLayout(view) ? fastLayout(view) : elkLayout(view);
}

async function elkLayout(view: View): Promise<Positions> {
  const elk = await elkWorker();
  return centres(await elk.layout(toElkGraph(view)));
}
