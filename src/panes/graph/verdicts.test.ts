import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../../workers/protocol';
import { drawnGroup, paneVerdicts, verdictIndex, verdictOf, type VerifyLayer } from './verdicts';

const node = (id: string, kind: GraphNode['kind'], module: string | null): GraphNode => ({ id, kind, label: id, shape: null, dtype: null, value: null, module, line: null });

// A transformer-ish block as the tracer writes it: ops at the root, in attn (with its qkv and proj) and in mlp/0.
const graph: Graph = {
  backend: 'torch',
  nodes: [
    node('x', 'input', null),
    node('ln', 'op', null),
    node('qkv_w', 'param', 'attn/qkv'),
    node('qkv', 'op', 'attn/qkv'),
    node('split', 'op', 'attn'),
    node('proj', 'op', 'attn/proj'),
    node('fc', 'op', 'mlp/0'),
    node('gelu', 'op', 'mlp/1'),
    node('out', 'output', null),
  ],
  edges: [],
  outputs: ['out'],
  stats: { ops: 6, pruned: 0, ms: 0 },
};

const report = (layers: VerifyLayer[], first: string | null = null) => ({ layers: layers as any, first_divergence: first });

describe('verify verdicts on the graph', () => {
  const layers: VerifyLayer[] = [
    { name: 'attn.qkv', verdict: 'PASS', max_abs: 0, module: 'attn/qkv' },
    { name: 'attn.proj', verdict: 'INACCURATE', max_abs: 0.02, module: 'attn/proj', message: 'beyond tolerance' },
    { name: 'attn', verdict: 'INACCURATE', max_abs: 0.02, module: 'attn' },
    { name: 'mlp.0', verdict: 'FAIL', max_abs: null, module: 'mlp/0', message: 'raises' },
    { name: 'helper', verdict: 'FAIL', max_abs: null, module: null },
    { name: 'Block', verdict: 'FAIL', max_abs: null, module: '' },
  ];

  it('indexes layers by module path, skipping rows no graph can show', () => {
    const index = verdictIndex(report(layers, 'attn.proj'))!;
    expect([...index.byModule.keys()].sort()).toEqual(['', 'attn', 'attn/proj', 'attn/qkv', 'mlp/0']);
    expect(index.first).toBe('attn/proj');
    expect(index.byModule.get('attn/proj')).toEqual({ layer: 'attn.proj', verdict: 'INACCURATE', max_abs: 0.02, message: 'beyond tolerance' });
    expect(verdictIndex(null)).toBeNull();
    expect(verdictIndex(report([]))).toBeNull();
  });

  it('a module takes its own verdict, else its nearest verified ancestor, else the entry', () => {
    const index = verdictIndex(report(layers))!;
    expect(verdictOf('attn/qkv', index)!.verdict).toBe('PASS');
    expect(verdictOf('attn/qkv/inner', index)!.layer).toBe('attn.qkv');
    expect(verdictOf('attn', index)!.layer).toBe('attn');
    expect(verdictOf('mlp/1', index)!.layer).toBe('Block'); // mlp.1 was not compared: the entry's verdict covers it
    expect(verdictOf(null, index)!.layer).toBe('Block');
    const noEntry = verdictIndex(report(layers.filter((l) => l.module !== '')))!;
    expect(verdictOf(null, noEntry)).toBeNull();
    expect(verdictOf('mlp/1', noEntry)).toBeNull();
  });

  it('colours the groups and op nodes of a pane and counts coloured groups per verdict', () => {
    const v = paneVerdicts(graph, verdictIndex(report(layers, 'attn.proj'))!);
    expect(Object.fromEntries([...v.groups].map(([k, x]) => [k, x.verdict]))).toEqual({
      attn: 'INACCURATE',
      'attn/qkv': 'PASS',
      'attn/proj': 'INACCURATE',
      'mlp/0': 'FAIL',
    });
    // mlp (a container never called itself) and mlp/1 (not compared) stay neutral, though their ops take the entry's verdict
    expect(v.counts).toEqual({ PASS: 1, INACCURATE: 2, FAIL: 1 });
    expect(Object.fromEntries([...v.ops].map(([k, x]) => [k, x.verdict]))).toEqual({
      ln: 'FAIL',
      qkv: 'PASS',
      split: 'INACCURATE',
      proj: 'INACCURATE',
      fc: 'FAIL',
      gelu: 'FAIL',
    });
    expect(v.ops.has('qkv_w')).toBe(false); // params keep their own look
    expect(v.firstGroup).toBe('attn/proj');
    expect(v.firstOps.size).toBe(0);
  });

  it('the entry’s own code as first divergence marks its root ops', () => {
    const v = paneVerdicts(graph, verdictIndex(report(layers, 'Block'))!);
    expect(v.firstGroup).toBeNull();
    expect([...v.firstOps]).toEqual(['ln']);
  });

  it('several entries at one path keep the worse verdict', () => {
    const index = verdictIndex(
      report([
        { name: 'A.fc', verdict: 'PASS', max_abs: 0, module: 'fc' },
        { name: 'B.fc', verdict: 'INACCURATE', max_abs: 1, module: 'fc' },
        { name: 'C.fc', verdict: 'PASS', max_abs: 0, module: 'fc' },
      ]),
    )!;
    expect(index.byModule.get('fc')!.layer).toBe('B.fc');
  });

  it('a layer that does not occur in the graph colours nothing', () => {
    const v = paneVerdicts(graph, verdictIndex(report([{ name: 'decoder', verdict: 'FAIL', max_abs: null, module: 'decoder' }], 'decoder'))!);
    expect(v.groups.size + v.ops.size).toBe(0);
    expect(v.firstGroup).toBeNull();
    expect(v.counts).toEqual({ PASS: 0, INACCURATE: 0, FAIL: 0 });
  });

  it('a group hidden in a collapsed ancestor is drawn as that ancestor', () => {
    expect(drawnGroup('attn/proj', new Set(['attn']))).toBe('attn');
    expect(drawnGroup('attn/proj', new Set(['mlp']))).toBe('attn/proj');
    expect(drawnGroup('encoder/layers/0/attn', new Set(['encoder/layers', 'encoder/layers/0']))).toBe('encoder/layers');
  });
});
