// "Source vs converted": trace the source, and the converted code on each chosen backend, one pane each.
import { engine, describe } from '../../actions';
import { useStore } from '../../store';
import type { Graph, TraceResult } from '../../../workers/protocol';
import { convertedTargets } from './model';

export async function traceSourceAndConverted() {
  const s = useStore.getState();
  if (!s.transpiled || s.running) return;
  useStore.setState({ running: true, fromLink: false });
  const request = (source: string) => engine.request('trace', { source, entry: s.entry, inputs: s.traceInputs, backends: null });
  const titled = (gs: Graph[], what: string) => gs.map((g) => ({ ...g, title: `${what} · ${g.backend}` }));
  const failed = (error: TraceResult['error']) => useStore.setState({ traceError: error, staleGraphs: useStore.getState().graphs.length > 0 });
  try {
    const source: TraceResult = await request(s.source);
    if (source.error) return failed(source.error);
    const graphs = titled(source.graphs, 'source');
    for (const to of convertedTargets(s.from, s.to, s.compare)) {
      // the current target's conversion is on screen already; other targets are converted here
      const code = to === s.to ? s.transpiled.code : (await engine.request('transpile', { source: s.source, from: s.from, to })).code;
      const converted: TraceResult = await request(code);
      if (converted.error) return failed(converted.error);
      graphs.push(...titled(converted.graphs, 'converted'));
    }
    useStore.setState({
      graphs: graphs.slice(0, 4),
      traceEntries: source.entries ?? [],
      traceError: null,
      staleGraphs: false,
    });
  } catch (e) {
    failed(describe(e));
  } finally {
    useStore.setState({ running: false });
  }
}
