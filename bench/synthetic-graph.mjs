// A deterministic, network-shaped DAG in DESIGN.md's Graph format, for layout benchmarks
// and large-graph tests: blocks of ops with weights, residual (skip) edges and module paths.
const OPS = ['torch.matmul', 'torch.add', 'torch.relu', 'torch.mean', 'torch.var', 'torch.sub',
  'torch.div', 'torch.mul', 'torch.softmax', 'torch.transpose', 'torch.reshape', 'torch.tanh'];

/** Small seeded PRNG (mulberry32) so every run lays out the same graph. */
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {number} n total node count
 * @param {{modules?: boolean, seed?: number, backend?: string}} opts
 */
export function syntheticGraph(n, { modules = true, seed = 7, backend = 'torch' } = {}) {
  const rand = rng(seed);
  const nodes = [];
  const edges = [];
  const shape = [8, 64];
  const add = (kind, label, module, extra = {}) => {
    const id = `n${nodes.length}`;
    nodes.push({ id, kind, label, shape, dtype: 'float32', value: null, module, line: 1 + (nodes.length % 40), ...extra });
    return id;
  };
  const link = (source, target, arg) => edges.push({ source, target, arg, shape, dtype: 'float32' });
  let frontier = [add('input', 'x', null)];
  const perBlock = 24;
  let block = 0;
  while (nodes.length < n - 1) {
    const module = modules ? `encoder/layers/${Math.floor(block / 2)}/${block % 2 ? 'mlp' : 'attn'}` : null;
    const blockStart = frontier[frontier.length - 1];
    for (let k = 0; k < perBlock && nodes.length < n - 1; k++) {
      const useParam = rand() < 0.3 && nodes.length < n - 2;
      const op = add('op', OPS[Math.floor(rand() * OPS.length)], module);
      const recent = frontier.slice(-4);
      link(recent[Math.floor(rand() * recent.length)], op, 0);
      if (useParam) link(add('param', `${module ?? 'p'}.weight${k}`, module, { value: null }), op, 1);
      else if (rand() < 0.35 && recent.length > 1) link(recent[Math.floor(rand() * recent.length)], op, 1);
      frontier.push(op);
    }
    // residual connection across the block
    if (nodes.length < n - 1) {
      const res = add('op', 'torch.add', module);
      link(blockStart, res, 0);
      link(frontier[frontier.length - 1], res, 1);
      frontier.push(res);
    }
    block++;
  }
  const out = `out0`;
  nodes.push({ id: out, kind: 'output', label: 'output', shape, dtype: 'float32', value: null, module: null, line: null });
  link(frontier[frontier.length - 1], out, 0);
  return { backend, nodes, edges, outputs: [out], stats: { ops: nodes.filter((x) => x.kind === 'op').length, pruned: 0, ms: 0 } };
}
