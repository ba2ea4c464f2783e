// Worker around fastCompound: large drawings are laid out off the main thread.
import { fastCompound, type CompoundNode, type FastEdge, type FastOptions } from './fastLayout';

self.onmessage = (e: MessageEvent<{ seq: number; nodes: CompoundNode[]; edges: FastEdge[]; options?: Partial<FastOptions> }>) => {
  const { seq, nodes, edges, options } = e.data;
  try {
    (self as unknown as Worker).postMessage({ seq, positions: [...fastCompound(nodes, edges, options)] });
  } catch (err) {
    (self as unknown as Worker).postMessage({ seq, error: String((err as Error)?.message ?? err) });
  }
};
