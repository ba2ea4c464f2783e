// Worker around fastLayered: large drawings are laid out off the main thread.
import { fastLayered, type FastEdge, type FastNode, type FastOptions } from './fastLayout';

self.onmessage = (e: MessageEvent<{ seq: number; nodes: FastNode[]; edges: FastEdge[]; options?: Partial<FastOptions> }>) => {
  const { seq, nodes, edges, options } = e.data;
  try {
    (self as unknown as Worker).postMessage({ seq, positions: [...fastLayered(nodes, edges, options)] });
  } catch (err) {
    (self as unknown as Worker).postMessage({ seq, error: String((err as Error)?.message ?? err) });
  }
};
