// The selected node: backend function, arguments (with their shapes and dtypes), result,
// value preview, module path and a link to its source line.
import type { Graph } from '../../../workers/protocol';
import { revealSourceLine } from '../../lib/editors';
import { formatShape } from './model';
import type { LayerVerdict } from './verdicts';
import { fig } from '../VerifyPane';

interface Props {
  graph: Graph | null;
  id: string | null;
  paneKey: string;
  /** The Verify verdict of the layer this node belongs to, if a report covers it. */
  verdict?: LayerVerdict | null;
  verdictStale?: boolean;
}

export function Inspector({ graph, id, paneKey, verdict, verdictStale }: Props) {
  const node = graph && id ? graph.nodes.find((n) => n.id === id) : null;
  if (!graph || !node)
    return (
      <div className="inspector empty" data-testid="graph-inspector">
        Select a node to inspect it. Put the cursor on a source line to see the nodes it produced.
      </div>
    );
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // tensor arguments (edges, with their shapes) and the others (`dim=1`), in call order
  const args = [
    ...graph.edges.filter((e) => e.target === node.id).map((e) => ({ arg: e.arg, sep: '←', text: byId.get(e.source)?.label ?? e.source, detail: formatShape(e.shape, e.dtype) })),
    ...Object.entries(node.attrs ?? {}).map(([k, v]) => ({ arg: /^\d+$/.test(k) ? Number(k) : k, sep: '=', text: v, detail: '' })),
  ].sort((a, b) => String(a.arg).localeCompare(String(b.arg), undefined, { numeric: true }));
  const users = graph.edges.filter((e) => e.source === node.id);
  return (
    <div className="inspector" data-testid="graph-inspector">
      <div className="inspector-title">
        <span className={`kind-chip kind-${node.kind}`}>{node.kind}</span> <code data-testid="inspector-label">{node.label}</code>
        <span className="muted"> in {paneKey}</span>
      </div>
      <dl>
        <dt>result</dt>
        <dd>
          <code>{formatShape(node.shape, node.dtype) || '—'}</code>
        </dd>
        {args.length > 0 && (
          <>
            <dt>args</dt>
            <dd>
              {args.map((a, i) => (
                <div key={i} data-testid="inspector-arg">
                  <code>
                    {typeof a.arg === 'number' ? `#${a.arg}` : a.arg} {a.sep} {a.text}
                  </code>{' '}
                  <span className="muted">{a.detail}</span>
                </div>
              ))}
            </dd>
          </>
        )}
        {users.length > 0 && (
          <>
            <dt>used by</dt>
            <dd>{users.map((e) => byId.get(e.target)?.label ?? e.target).join(', ')}</dd>
          </>
        )}
        {node.value != null && (
          <>
            <dt>value</dt>
            <dd>
              <code className="value-preview">{node.value}</code>
            </dd>
          </>
        )}
        {verdict && (
          <>
            <dt>verify</dt>
            <dd data-testid="inspector-verdict" data-verdict={verdict.verdict}>
              <b className={`v-${verdict.verdict}`}>{verdict.verdict}</b> <span className="muted">layer</span> <code>{verdict.layer}</code>
              <span className="muted"> · max abs </span>
              <code>{fig(verdict.max_abs)}</code>
              {verdict.message && <span className="muted"> · {verdict.message}</span>}
              {verdictStale && <span className="notice"> (stale: the code changed since)</span>}
            </dd>
          </>
        )}
        <dt>module</dt>
        <dd>{node.module ? <code>{node.module}</code> : <span className="muted">—</span>}</dd>
        <dt>source</dt>
        <dd>
          {node.line != null ? (
            <button className="linklike" onClick={() => revealSourceLine(node.line!)}>
              line {node.line}
            </button>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
      </dl>
    </div>
  );
}
