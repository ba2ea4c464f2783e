// Graph layout benchmark (issue 5). Two parts, results merged into bench/results.json:
//  1. "graph-layout-choice": dagre vs ELK layered vs our fast layered layout
//     (src/panes/graph/fastLayout.ts, used past the large-graph size) on the same generated
//     1,000-node DAG, in Node: time and quality (crossings, edge length, width, overlaps).
//  2. "graph-large-render": the built app in headless Chromium draws a 1,000-node graph
//     (layout in the ELK worker + Cytoscape draw); time from load to first frame and the
//     longest main-thread task (Long Tasks API) while it happens.
// Usage: node bench/graph-layout.mjs [--url http://localhost:4301/] [--skip-choice]
//   Without --url it builds the app into a temp dir and serves it with vite preview.
import { spawn, execSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { chromium } from '@playwright/test';
import { syntheticGraph } from './synthetic-graph.mjs';
import { layoutQuality } from './layout-quality.mjs';
import { mergeResults } from './results.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const MACHINE = '2 cores, 24 GiB, headless Chromium 156 (Debian)';
const ELK_OPTIONS = JSON.parse(readFileSync(join(ROOT, 'src/panes/graph/elk-options.json'), 'utf8'));
const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
const N = 1000;
const REPS = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Same sizing rule as src/panes/graph/model.ts nodeSize (11px monospace labels).
const size = (n) => ({ w: Math.round(Math.max(n.kind === 'op' ? 70 : 46, n.label.length * 6.7 + 22)), h: 28 });

/** One of the app's TypeScript modules, bundled for Node with rolldown (a Vite dependency). */
async function importTs(path) {
  const out = join(mkdtempSync(join(tmpdir(), 'tg-ts-')), 'module.mjs');
  execSync(`npx rolldown ${join(ROOT, path)} --format esm -o ${out}`, { cwd: ROOT, stdio: 'ignore' });
  return import(out);
}

async function layoutChoice() {
  const g = syntheticGraph(N, { modules: false });
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const { fastLayered, FAST_LAYOUT_NODES } = await importTs('src/panes/graph/fastLayout.ts');
  cytoscape.use(dagre);
  const runs = { dagre: [], elk: [], fast: [] };
  let quality = {};
  // first round warms up both JITs; it is reported separately as "cold"
  for (let rep = 0; rep <= REPS; rep++) {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)' } }],
      elements: [...g.nodes.map((n) => ({ data: { id: n.id, ...size(n) } })), ...g.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target } }))] });
    let t = performance.now();
    cy.layout({ name: 'dagre', rankDir: 'TB', nodeSep: 22, rankSep: 50, animate: false }).run();
    runs.dagre.push(performance.now() - t);
    const dagrePos = cy.nodes().map((n) => ({ id: n.id(), ...n.position(), w: n.data('w'), h: n.data('h') }));
    t = performance.now();
    const laid = await new ELK().layout({ id: 'root', layoutOptions: ELK_OPTIONS,
      children: g.nodes.map((n) => ({ id: n.id, width: size(n).w, height: size(n).h })),
      edges: g.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })) });
    runs.elk.push(performance.now() - t);
    const elkPos = laid.children.map((c) => ({ id: c.id, x: c.x + c.width / 2, y: c.y + c.height / 2, w: c.width, h: c.height }));
    t = performance.now();
    const fast = fastLayered(g.nodes.map((n) => ({ id: n.id, width: size(n).w, height: size(n).h })), g.edges,
      { nodeSpacing: Number(ELK_OPTIONS['elk.spacing.nodeNode']), layerSpacing: Number(ELK_OPTIONS['elk.layered.spacing.nodeNodeBetweenLayers']) });
    runs.fast.push(performance.now() - t);
    const fastPos = g.nodes.map((n) => ({ id: n.id, ...fast.get(n.id), w: size(n).w, h: size(n).h }));
    if (rep === 0) quality = { dagre: layoutQuality(dagrePos, g.edges), elk: layoutQuality(elkPos, g.edges), fast: layoutQuality(fastPos, g.edges) };
  }
  const fig = (name) => ({ cold_ms: Math.round(runs[name][0]), median_ms: Math.round(median(runs[name].slice(1))), ...quality[name] });
  const result = {
    graph: `synthetic DAG: ${g.nodes.length} nodes, ${g.edges.length} edges (bench/synthetic-graph.mjs, no module groups)`,
    runtime: `Node ${process.version} (V8, same engine as Chromium), ${REPS} timed runs after one cold run`,
    dagre: fig('dagre'),
    elk_layered: { options: ELK_OPTIONS, ...fig('elk') },
    fast_layered: { source: 'src/panes/graph/fastLayout.ts', ...fig('fast') },
    quality_note: 'crossings: straight-line edge crossings; meanEdgeLength/width/height in px; upwardEdges/overlaps should be 0',
  };
  const d = result.dagre, e = result.elk_layered;
  const f = result.fast_layered;
  result.chosen = [
    e.median_ms <= d.median_ms && e.crossings <= d.crossings ? 'elk layered over dagre (faster and fewer crossings)' : 'see figures (elk vs dagre)',
    `past ${FAST_LAYOUT_NODES} drawn nodes: fast layered (${Math.round(e.median_ms / Math.max(1, f.median_ms))}x faster than elk, crossings ${f.crossings} vs ${e.crossings})`,
  ].join('; ');
  return result;
}

async function serve() {
  const url = arg('--url');
  if (url) return { url, stop: () => {} };
  const out = mkdtempSync(join(tmpdir(), 'tg-bench-'));
  execSync(`npm run prepare-assets && npx vite build --outDir ${out} --emptyOutDir`, { cwd: ROOT, stdio: 'ignore' });
  const port = 4390;
  const proc = spawn('npx', ['vite', 'preview', '--outDir', out, '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: 'ignore', detached: true });
  const base = `http://localhost:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: base, stop: () => process.kill(-proc.pid) };
}

async function largeRender() {
  const { url, stop } = await serve();
  const loadAtStart = (await import('node:os')).loadavg()[0];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.goto(url);
    await page.getByTestId('tab-graph').click();
    // Opening the tab traces the example once the engine is up: wait for that graph, or it could
    // land in the middle of a measurement and replace the benchmark's graph. Then let start-up
    // work (Monaco, Pyodide boot messages) settle so it is not charged to the graph.
    await page.locator('[data-testid=status]', { hasText: 'ready' }).waitFor({ timeout: 90_000 });
    await page.locator('[data-testid=graph-pane][data-ready=true]').first().waitFor({ timeout: 90_000 });
    await page.waitForTimeout(1500);
    const cases = {};
    for (const [name, modules] of [['flat_1000', false], ['grouped_1000', true]]) {
      const graph = syntheticGraph(N, { modules });
      const samples = [];
      for (let rep = 0; rep <= REPS; rep++) {
        const sample = await page.evaluate(async ({ graph, rep }) => {
          const tasks = [];
          const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push({ d: e.duration, at: e.startTime })));
          obs.observe({ type: 'longtask' });
          // a fresh object each time so the pane lays out again
          const g = { ...graph, title: `bench ${rep}` };
          const t0 = performance.now();
          window.__tensorglot.graph.load([g]);
          const pane = await new Promise((resolve) => {
            const tick = () => {
              const p = document.querySelector(`[data-testid=graph-pane][data-ready=true][data-pane-key="bench ${rep}"]`);
              if (p) resolve(p);
              else requestAnimationFrame(tick);
            };
            tick();
          });
          const total = performance.now() - t0;
          await new Promise((r) => setTimeout(r, 100)); // deliver pending long-task entries
          obs.disconnect();
          // only tasks that started after the load (earlier ones belong to the previous run)
          tasks.splice(0, tasks.length, ...tasks.filter((x) => x.at >= t0));
          return {
            total_ms: Math.round(total),
            layout_ms: Number(pane.getAttribute('data-layout-ms')),
            draw_ms: Number(pane.getAttribute('data-draw-ms')),
            layout_engine: pane.getAttribute('data-layout-engine'),
            longest_task_ms: Math.round(Math.max(0, ...tasks.map((x) => x.d))),
            tasks: tasks.map((x) => [Math.round(x.at - t0), Math.round(x.d)]),
            drawn_elements: document.querySelectorAll('[data-testid=graph-pane]').length && window.__tensorglot.graph.drawnCount(`bench ${rep}`),
          };
        }, { graph, rep });
        samples.push(sample);
      }
      const warm = samples.slice(1);
      cases[name] = {
        nodes: graph.nodes.length,
        edges: graph.edges.length,
        drawn_nodes: samples[0].drawn_elements,
        layout_engine: samples[0].layout_engine,
        cold: samples[0],
        median_total_ms: median(warm.map((s) => s.total_ms)),
        median_layout_ms: median(warm.map((s) => s.layout_ms)),
        median_draw_ms: median(warm.map((s) => s.draw_ms)),
        max_longest_task_ms: Math.max(...warm.map((s) => s.longest_task_ms)),
      };
    }
    const load = (await import('node:os')).loadavg()[0];
    return {
      load_average_1min: Math.round(load * 10) / 10, // at the end
      load_average_1min_at_start: Math.round(loadAtStart * 10) / 10,
      load_note: 'other engineers were running builds/tests on the same 2 cores; figures scale with load',
      url_kind: 'built app (vite preview, strict CSP, cross-origin isolated)',
      target: 'total < 1500 ms; no main-thread task > 200 ms (the first, cold drawing of the session included)',
      cases,
      pass: Object.values(cases).every(
        (c) => c.median_total_ms < 1500 && c.max_longest_task_ms <= 200 && c.cold.total_ms < 1500 && c.cold.longest_task_ms <= 200,
      ),
    };
  } finally {
    await browser.close();
    stop();
  }
}

const results = {};
const stamp = { date: new Date().toISOString(), machine: MACHINE };
if (!args.includes('--skip-choice')) {
  results['graph-layout-choice'] = { ...stamp, ...(await layoutChoice()) };
  console.log(JSON.stringify(results['graph-layout-choice'], null, 1));
}
if (!args.includes('--skip-render')) {
  results['graph-large-render'] = { ...stamp, ...(await largeRender()) };
  console.log(JSON.stringify(results['graph-large-render'], null, 1));
}
mergeResults(results); // only this script's keys; everyone else's stay
process.exit(0);
