// Summary of how the panes differ: op counts per pane and ops only one pane has.
import { useMemo } from 'react';
import type { Graph } from '../../../workers/protocol';
import { differences } from './model';

export function Differences({ graphs }: { graphs: Graph[] }) {
  const diff = useMemo(() => differences(graphs), [graphs]);
  return (
    <div className="graph-diff" data-testid="graph-diff">
      <div className="graph-diff-head">
        Differences{' '}
        {diff.identical ? (
          <span className="badge ok" data-testid="graph-identical">
            identical graphs
          </span>
        ) : (
          <span className="badge">{graphs.length} panes</span>
        )}
      </div>
      <table>
        <thead>
          <tr>
            <th>pane</th>
            <th>ops</th>
            <th>nodes</th>
            <th>ops only here</th>
          </tr>
        </thead>
        <tbody>
          {diff.panes.map((p) => (
            <tr key={p.key}>
              <td>{p.key}</td>
              <td>{p.ops}</td>
              <td>{p.nodes}</td>
              <td className="only">
                {(diff.onlyIn.get(p.key) ?? []).map((l) => (
                  <code key={l}>
                    {l}
                    {(p.counts.get(l) ?? 0) > 1 ? ` ×${p.counts.get(l)}` : ''}
                  </code>
                ))}
                {!diff.onlyIn.get(p.key)?.length && <span className="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
