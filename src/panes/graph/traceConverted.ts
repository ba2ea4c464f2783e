// "Source vs converted": trace the source and the converted code, one pane each.
import { engine, describe } from '../../actions';
import { useStore } from '../../store';
import type { Graph, TraceResult } from '../../../workers/protocol';

export async function traceSourceAndConverted() {
  const s = useStore.getState();
  if (!s.transpiled || s.running) return;
  useStore.setState({ running: true, fromLink: false });
  const request = (source: string) => engine.request('trace', { source, entry: s.entry, inputs: s.traceInputs, backends: null });
  try {
    const source: TraceResult = await request(s.source);
    const converted: TraceResult = source.error ? source : await request(s.transpiled.code);
    const error = source.error ?? converted.error;
    if (error) {
      useStore.setState({ traceError: error, staleGraphs: useStore.getState().graphs.length > 0 });
      return;
    }
    const titled = (gs: Graph[], what: string) => gs.map((g) => ({ ...g, title: `${what} · ${g.backend}` }));
    useStore.setState({
      graphs: [...titled(source.graphs, 'source'), ...titled(converted.graphs, 'converted')].slice(0, 4),
      traceEntries: source.entries ?? [],
      traceError: null,
      staleGraphs: false,
    });
  } catch (e) {
    useStore.setState({ traceError: describe(e), staleGraphs: useStore.getState().graphs.length > 0 });
  } finally {
    useStore.setState({ running: false });
  }
}
