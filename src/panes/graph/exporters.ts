// Export a pane as PNG, SVG or JSON (a file download).
import type { Core } from 'cytoscape';
import type { Graph } from '../../../workers/protocol';
import { toSvg, type SvgNode } from './svg';
import type { Palette } from './styles';

export type ExportFormat = 'png' | 'svg' | 'json';
export const EXPORT_FORMATS: ExportFormat[] = ['png', 'svg', 'json'];

export function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function paneSvg(cy: Core, palette: Palette, title: string): string {
  const nodes: SvgNode[] = cy.nodes().map((n) => ({
    id: n.id(),
    kind: n.data('kind'),
    label: n.data('label'),
    x: n.position('x'),
    y: n.position('y'),
    w: n.isParent() ? n.boundingBox({ includeLabels: false }).w : n.data('width'),
    h: n.isParent() ? n.boundingBox({ includeLabels: false }).h : n.data('height'),
    collapsed: !!n.data('collapsed'),
    isParent: n.isParent(),
  }));
  const edges = cy.edges().map((e) => ({ source: e.data('source'), target: e.data('target'), label: e.data('label') ?? '' }));
  return toSvg(nodes, edges, palette, title);
}

export async function exportPane(format: ExportFormat, cy: Core, graph: Graph, palette: Palette, name: string) {
  const file = `${name}-graph.${format}`;
  if (format === 'json') return download(file, new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' }));
  if (format === 'svg') return download(file, new Blob([paneSvg(cy, palette, `${name} graph`)], { type: 'image/svg+xml' }));
  const blob = (await cy.png({ output: 'blob-promise', full: true, scale: 2, bg: palette.bg, maxWidth: 8000, maxHeight: 8000 })) as Blob;
  download(file, blob);
}
