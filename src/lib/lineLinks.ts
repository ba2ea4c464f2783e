// Source and output lines linked by colour, Compiler Explorer style.
//
// From the transpiler's line map ([src_line, out_line] pairs), every mapped source line and the
// output lines it became share a faint background colour (a few colours in rotation, so
// neighbouring statements differ). The line under the mouse or the cursor, in either editor,
// and its linked lines on the other side are highlighted strongly, and the other editor scrolls
// to show them.
// (Editors are passed in rather than imported, so this module stays loadable without Monaco.)
import type { monaco } from './monaco';
import { useStore } from '../store';

export const LINK_COLOURS = 6;
/** monaco.editor.CursorChangeReason.ContentFlush (a const enum value; importing monaco here would load it in tests). */
const CONTENT_FLUSH = 1;

export interface LineLinks {
  srcToOut: Map<number, number[]>;
  outToSrc: Map<number, number[]>;
  /** Colour index per source line, in order of first appearance. */
  colour: Map<number, number>;
}

function push(m: Map<number, number[]>, k: number, v: number) {
  const a = m.get(k);
  if (!a) m.set(k, [v]);
  else if (!a.includes(v)) a.push(v);
}

export function buildLineLinks(lineMap: [number, number][]): LineLinks {
  const srcToOut = new Map<number, number[]>();
  const outToSrc = new Map<number, number[]>();
  for (const [s, o] of lineMap) {
    if (!(s > 0 && o > 0)) continue;
    push(srcToOut, s, o);
    push(outToSrc, o, s);
  }
  const colour = new Map<number, number>();
  [...srcToOut.keys()].sort((a, b) => a - b).forEach((s, i) => colour.set(s, i % LINK_COLOURS));
  return { srcToOut, outToSrc, colour };
}

type Side = 'source' | 'output';
/** Lines decorated beyond the visible ones, so a small scroll never shows undecorated lines. */
const OFFSCREEN_LINES = 50;
const line = (n: number, className: string, gutter?: string): monaco.editor.IModelDeltaDecoration => ({
  range: { startLineNumber: n, startColumn: 1, endLineNumber: n, endColumn: 1 },
  options: { isWholeLine: true, className, linesDecorationsClassName: gutter, stickiness: 1 },
});

type Ed = monaco.editor.IStandaloneCodeEditor;

/** [first, last] line worth decorating: the visible ranges plus a margin, clamped to the model. */
function onScreen(ed: Ed): [number, number] {
  const lines = ed.getModel()?.getLineCount() ?? 0;
  const ranges = ed.getVisibleRanges();
  if (!ranges.length) return [1, Math.min(lines, 2 * OFFSCREEN_LINES)]; // not laid out yet
  return [Math.max(1, ranges[0].startLineNumber - OFFSCREEN_LINES), Math.min(lines, ranges[ranges.length - 1].endLineNumber + OFFSCREEN_LINES)];
}

/** Wire both editors; returns the uninstaller. Call after both editors exist. */
export function installLineLinks(src: Ed | null, out: Ed | null): () => void {
  if (!src || !out) return () => {};
  let links = buildLineLinks(useStore.getState().transpiled?.line_map ?? []);
  let hot: { side: Side; line: number } | null = null;
  let srcDecos: string[] = [];
  let outDecos: string[] = [];

  const paint = () => {
    // Only the lines on screen (and a margin) are decorated, repainted on scroll: a 10,000-line
    // file would otherwise cost tens of thousands of decorations on every conversion and hover.
    const [srcLo, srcHi] = onScreen(src);
    const [outLo, outHi] = onScreen(out);
    const hotSrc = new Set<number>();
    const hotOut = new Set<number>();
    if (hot) {
      const srcs = hot.side === 'source' ? [hot.line] : links.outToSrc.get(hot.line) ?? [];
      for (const s of srcs) {
        if (!links.srcToOut.has(s)) continue;
        hotSrc.add(s);
        for (const o of links.srcToOut.get(s)!) hotOut.add(o);
      }
    }
    const sd: monaco.editor.IModelDeltaDecoration[] = [];
    const od: monaco.editor.IModelDeltaDecoration[] = [];
    const deco = (n: number, c: number, isHot: boolean) => line(n, `tg-link tg-link-${c}${isHot ? ' tg-link-hot' : ''}`, isHot ? `tg-link-gutter tg-link-${c}` : undefined);
    for (const s of links.srcToOut.keys()) if (s >= srcLo && s <= srcHi) sd.push(deco(s, links.colour.get(s)!, hotSrc.has(s)));
    // One decoration per output line: the colour of its first source line (several may map to it).
    for (const [o, srcs] of links.outToSrc) if (o >= outLo && o <= outHi) od.push(deco(o, links.colour.get(Math.min(...srcs))!, hotOut.has(o)));
    srcDecos = src.deltaDecorations(srcDecos, sd);
    outDecos = out.deltaDecorations(outDecos, od);
    return { hotSrc, hotOut };
  };

  const focusOn = (side: Side, n: number | null) => {
    const next = n === null ? null : { side, line: n };
    if (next?.side === hot?.side && next?.line === hot?.line) return;
    hot = next;
    const { hotSrc, hotOut } = paint();
    // Bring the linked lines into view on the other side only.
    const other = side === 'source' ? out : src;
    const targets = [...(side === 'source' ? hotOut : hotSrc)].sort((a, b) => a - b);
    if (targets.length) other.revealLinesInCenterIfOutsideViewport(targets[0], targets[targets.length - 1]);
  };

  const subs = [
    src.onMouseMove((e) => e.target.position && focusOn('source', e.target.position.lineNumber)),
    out.onMouseMove((e) => e.target.position && focusOn('output', e.target.position.lineNumber)),
    // Content replaced by code (a conversion, an example) moves the cursor too: not a user's focus.
    src.onDidChangeCursorPosition((e) => e.source !== 'modelChange' && e.reason !== CONTENT_FLUSH && focusOn('source', e.position.lineNumber)),
    out.onDidChangeCursorPosition((e) => e.source !== 'modelChange' && e.reason !== CONTENT_FLUSH && focusOn('output', e.position.lineNumber)),
    src.onMouseLeave(() => hot?.side === 'source' && focusOn('source', src.hasTextFocus() ? src.getPosition()?.lineNumber ?? null : null)),
    out.onMouseLeave(() => hot?.side === 'output' && focusOn('output', out.hasTextFocus() ? out.getPosition()?.lineNumber ?? null : null)),
    // The output model is replaced after every conversion: repaint on its content change too.
    out.onDidChangeModelContent(() => paint()),
    ...[src, out].flatMap((ed) => [ed.onDidScrollChange(() => paint()), ed.onDidLayoutChange(() => paint())]),
  ];
  const unsubscribe = useStore.subscribe((s, prev) => {
    if (s.transpiled !== prev.transpiled) {
      links = buildLineLinks(s.transpiled?.line_map ?? []);
      paint();
    }
  });
  paint();

  return () => {
    subs.forEach((d) => d.dispose());
    unsubscribe();
    srcDecos = src.deltaDecorations(srcDecos, []);
    outDecos = out.deltaDecorations(outDecos, []);
  };
}
