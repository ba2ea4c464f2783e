// The one typed contract between the UI and the Python worker. Both sides import it.
// Results are plain JSON produced by python/tensorglot/api.py (shapes per DESIGN.md).

export type Framework = 'torch' | 'tensorflow' | 'jax' | 'numpy';
export const FRAMEWORKS: Framework[] = ['torch', 'tensorflow', 'jax', 'numpy'];

export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  col: number;
  end_line: number;
  end_col: number;
  api: string | null;
}

export interface TranspileResult {
  code: string;
  diagnostics: Diagnostic[];
  line_map: [number, number][];
  stats: { apis: number; converted: number; unsupported: number; ms: number };
}

export interface PyError {
  type: string;
  message: string;
  traceback: string;
  line: number | null;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  result: string | null;
  error: PyError | null;
  ms: number;
  /** The worker's wasm linear memory after the run, in bytes (it only grows): set by the worker. */
  heapBytes?: number;
}

export interface GraphNode {
  id: string;
  kind: 'input' | 'op' | 'param' | 'const' | 'output';
  label: string;
  shape: number[] | null;
  dtype: string | null;
  value: string | null;
  /** An op's non-tensor arguments (`dim` -> "1"), keyed by keyword or position; null for other kinds. */
  attrs?: Record<string, string> | null;
  module: string | null;
  line: number | null;
  status?: 'pass' | 'inaccurate' | 'fail' | null;
}

export interface GraphEdge {
  source: string;
  target: string;
  arg: number | string;
  shape: number[] | null;
  dtype: string | null;
}

export interface Graph {
  backend: Framework;
  title?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  outputs: string[];
  stats: { ops: number; pruned: number; ms: number };
}

export interface TraceEntry {
  name: string;
  kind: 'function' | 'module';
  params: string[];
}

export interface TraceResult {
  graphs: Graph[];
  entries: TraceEntry[];
  error: PyError | null;
  stdout?: string;
}

export interface VerifyOutput {
  name: string;
  verdict: 'PASS' | 'INACCURATE' | 'FAIL';
  shape: number[] | null;
  dtype: string | null;
  max_abs: number | null;
  max_rel: number | null;
  message: string | null;
}

export interface VerifyResult {
  verdict: 'PASS' | 'INACCURATE' | 'FAIL';
  outputs: VerifyOutput[];
  layers: { name: string; verdict: 'PASS' | 'INACCURATE' | 'FAIL'; max_abs: number | null; message: string | null }[];
  first_divergence: string | null;
  error: PyError | null;
  ms: number;
  [extra: string]: unknown;
}

export type TraceInputs = Record<string, string>; // name -> "float32[1,3]"

/** Requests the UI sends; `id` pairs each with its response. */
export type WorkerRequest =
  | { id: number; kind: 'transpile'; source: string; from: Framework; to: Framework }
  | { id: number; kind: 'run'; source: string; stream?: boolean }
  | { id: number; kind: 'trace'; source: string; entry: string | null; inputs: TraceInputs | null; backends: Framework[] | null }
  | { id: number; kind: 'verify'; source: string; from: Framework; to: Framework; entry: string | null; inputs: TraceInputs | null; atol?: number; rtol?: number; init?: Record<string, string> | null };

export type RequestKind = WorkerRequest['kind'];

export interface ResultOf {
  transpile: TranspileResult;
  run: RunResult;
  trace: TraceResult;
  verify: VerifyResult;
}

export type LoadStage = 'download' | 'python' | 'tensorglot' | 'ready';

/** Messages the worker sends. */
export type WorkerMessage =
  | { type: 'progress'; stage: LoadStage; fraction: number; message: string }
  | { type: 'ready'; ms: number; version: string; interruptible: boolean; fromSnapshot: boolean }
  | { type: 'boot-error'; message: string }
  /** An interruptible request (run, trace, verify) has left the queue and begun executing. */
  | { type: 'started'; id: number }
  | { type: 'result'; id: number; kind: RequestKind; result: unknown }
  | { type: 'error'; id: number; kind: RequestKind; error: PyError }
  | { type: 'stream'; id: number; stream: 'stdout' | 'stderr'; text: string };

/** The first message the UI sends: the interrupt buffer (shared memory) when the page is cross-origin isolated. */
export interface WorkerInit {
  type: 'init';
  interruptBuffer: SharedArrayBuffer | null;
  baseUrl: string;
}

/** Written into the interrupt buffer to raise KeyboardInterrupt in Python (SIGINT). */
export const SIGINT = 2;
