// The CLI end to end (issue 2, Deliver 6): the real bin/tensorglot.mjs on Pyodide in Node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(__dirname, 'tensorglot.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));

function cli(args: string[], source: string) {
  const file = join(dir, `case${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, source);
  const r = spawnSync(process.execPath, [CLI, ...args.map((a) => (a === 'FILE' ? file : a))], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tensorglot CLI', { timeout: 90_000 }, () => {
  it('run prints the script output and the last expression, exit 0', () => {
    const r = cli(['run', 'FILE'], 'import torch\nprint("sum", torch.ones(3).sum().item())\n6 * 7\n');
    expect(r.stdout).toBe('sum 3.0\n42\n');
    expect(r.code).toBe(0);
  });

  it('run draws new random numbers each time (Python is restored from a snapshot, then reseeded)', () => {
    const draw = () => cli(['run', 'FILE'], 'import random\nprint(random.random())\n');
    const [a, b] = [draw(), draw()];
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^0\.\d+\n$/);
    expect(a.stdout).not.toBe(b.stdout);
  });

  it('run of a failing script prints the traceback with the user line and exits non-zero', () => {
    const r = cli(['run', 'FILE'], 'print("before")\n\ndef f(x):\n    return x / 0\n\nf(1)\n');
    expect(r.stdout).toBe('before\n');
    expect(r.stderr).toContain('line 4, in f');
    expect(r.stderr).toContain('ZeroDivisionError: division by zero');
    expect(r.code).toBe(1);
  });

  it('run refuses the browser bridge as in the page', () => {
    const r = cli(['run', 'FILE'], 'import js\n');
    expect(r.stderr).toContain("ImportError: import of 'js' is blocked in the Tensorglot sandbox");
    expect(r.code).toBe(1);
  });

  it('convert prints the converted code, --json the DESIGN.md result shape', () => {
    const src = 'import torch\ny = torch.exp(torch.ones(2))\n';
    const plain = cli(['convert', 'FILE', '--to', 'tensorflow'], src);
    expect(plain.stdout).toContain('import tensorflow as tf');
    expect(plain.stdout).toMatch(/^y = tf\.(math\.)?exp\(/m);
    expect(plain.code).toBe(0);
    const json = JSON.parse(cli(['convert', 'FILE', '--to', 'jax', '--json'], src).stdout);
    expect(Object.keys(json).sort()).toEqual(['code', 'diagnostics', 'line_map', 'stats']);
    expect(json.code).toContain('jax.numpy');
  });
});
