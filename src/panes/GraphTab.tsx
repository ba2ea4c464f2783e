import { useStore } from '../store';
import { trace } from '../actions';

/** Placeholder graph tab: lists traced graphs; the Cytoscape view replaces the body. */
export function GraphTab() {
  const graphs = useStore((s) => s.graphs);
  return (
    <div className="graph-tab" data-testid="graph-view">
      <div className="graph-tools">
        <button onClick={() => trace()}>Trace</button>
      </div>
      {graphs.map((g, i) => {
        const labels = g.nodes.filter((n) => n.kind === 'op').map((n) => n.label).sort();
        return (
          <div key={i} data-testid="graph-pane" data-backend={g.backend} data-node-count={g.nodes.length} data-op-labels={labels.join(',')}>
            <h4>{g.backend}</h4>
            <ol>{labels.map((l, j) => <li key={j}>{l}</li>)}</ol>
          </div>
        );
      })}
    </div>
  );
}
