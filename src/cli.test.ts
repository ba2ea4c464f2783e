// The CLI (bin/tensorglot.mjs) as a user runs it: convert and verify, text and --json, exit codes
// (DESIGN.md "CLI"; issue 4 Product, issue 7 item 4).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'tensorglot.mjs');
const SLOW = 90_000; // each run boots Pyodide in Node

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { cwd: ROOT, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tg-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('tensorglot convert', () => {
  it('--json prints the transpile result of DESIGN.md, warnings included, and exits 0', async () => {
    const file = tempFile('f.py', 'import torch\n\ndef f(x):\n    return torch.erfinv(torch.sin(x))\n');
    const r = await cli('convert', file, '--from', 'torch', '--to', 'tensorflow', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['code', 'diagnostics', 'line_map', 'stats']);
    expect(out.code).toContain('tf.math.sin(x)');
    expect(out.code).toContain('# tensorglot: unsupported torch.erfinv');
    expect(out.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', api: 'torch.erfinv', line: 4 }));
    expect(out.stats).toMatchObject({ apis: 2, converted: 1, unsupported: 1 });
    expect(out.line_map).toContainEqual([4, expect.any(Number)]);
  }, SLOW);

  it('text mode writes the code to stdout and diagnostics plus the convert rate to stderr; a syntax error exits 1', async () => {
    const ok = await cli('convert', tempFile('g.py', 'import torch\ny = torch.exp(torch.ones(2))\n'));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('import tensorflow as tf');
    expect(ok.stdout).toContain('y = tf.math.exp(tf.ones((2,)))');
    expect(ok.stderr).toMatch(/converted 2\/2 APIs, 0 unsupported/);
    const bad = await cli('convert', tempFile('h.py', 'import torch\ndef f(x:\n'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("h.py:2:6: error: SyntaxError"); // 1-based column of the unclosed (
  }, SLOW);
});

describe('tensorglot verify', () => {
  it('a gallery model PASSes: verdict, outputs and layers as text, exit 0', async () => {
    const r = await cli('verify', join(ROOT, 'examples', 'mlp_classifier.py'), '--to', 'tensorflow');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verdict: PASS$/m);
    expect(r.stdout).toMatch(/^ {2}output MLP: PASS max_abs=0 max_rel=0$/m);
    expect(r.stdout).toMatch(/^ {2}layer fc1: PASS/m);
  }, SLOW);

  it('tighter tolerances make it INACCURATE, localised, with --json, and exit 1', async () => {
    // the LSTM's float32 gate sums differ in the last bits between the two runtimes (max abs ~1e-7)
    const r = await cli('verify', join(ROOT, 'examples', 'lstm_lm.py'), '--atol', '0', '--rtol', '0', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe('INACCURATE');
    expect(out.first_divergence).toBe('lstm');
    const lstm = out.layers.find((l: { name: string }) => l.name === 'lstm');
    expect(lstm.verdict).toBe('INACCURATE');
    expect(lstm.max_abs).toBeGreaterThan(0);
    expect(lstm.max_abs).toBeLessThan(1e-5);
  }, SLOW);

  it('--init gives the constructor arguments of a model the script never builds', async () => {
    const file = tempFile('net.py', [
      'import torch', 'import torch.nn as nn', '', '',
      'class Net(nn.Module):', '    def __init__(self, width):', '        super().__init__()', '        self.fc = nn.Linear(width, 2)', '',
      '    def forward(self, x):', '        return self.fc(x)', '',
    ].join('\n'));
    const r = await cli('verify', file, '--init', 'width=5', '--inputs', 'x=float32[3,5]', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.verdict).toBe('PASS');
    expect(out.entries[0].init).toBe('Net(width=5)');
    expect(out.outputs[0].shape).toEqual([3, 2]);
  }, SLOW);

  it('a source that raises is FAIL with its message, exit 1', async () => {
    const r = await cli('verify', tempFile('boom.py', 'import torch\nx = torch.ones(2)\nraise ValueError("boom")\n'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^verdict: FAIL$/m);
    expect(r.stderr).toContain('boom');
  }, SLOW);
});
