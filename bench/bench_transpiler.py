"""Transpiler speed: conversion time vs ast.parse of the same source; prints JSON.

Targets (issue 4): <= 5x ast.parse, < 50 ms per seed example, < 300 ms for a 400-line model file.
Cases: the seed's Network class and pure_torch function (as the UI converts them), every
whole example file of examples/ (the seed's and the gallery's), and a 400-line model file.
Run: python3 bench/bench_transpiler.py [--record [--label NAME]]
     node bench/pyodide-run.mjs bench/bench_transpiler.py [--record [--label NAME]]
--record merges the figures into bench/results.json under ``transpiler.<runtime>``
(``transpiler.<runtime>.<NAME>`` with --label, e.g. a baseline taken before a change).
"""
import ast
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

from tensorglot.transpiler import transpile  # noqa: E402
from tests.seed_examples import EXAMPLES, example_code, example_source  # noqa: E402

SEED_NETWORK = "import torch\n" + example_code("seed_transpile", "Network")
SEED_PURE_TORCH = ("import torch\n" + example_code("seed_tracer_torch", "pure_torch")
                   + "x = torch.tensor([[1., 2., 3.]])\n")


def best_ms(fn, n=30):
    """Minimum CPU time of ``fn`` in ms (CPU time: other jobs share the cores). Each
    function runs in its own loop: interleaving would leave ast.parse cold caches and
    flatter the ratio."""
    best = float("inf")
    for _ in range(n):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best * 1000


def model_file(lines=400):
    models = os.path.join(ROOT, "python", "tests", "models")
    parts = []
    for name in sorted(os.listdir(models)):
        if name.endswith(".py") and name != "__init__.py":
            with open(os.path.join(models, name)) as f:
                parts.append(f.read())
    text = "\n".join(parts)
    while text.count("\n") < lines:
        text += "\n" + text
    return "\n".join(text.splitlines()[:lines]) + "\n"


def main():
    transpile(SEED_NETWORK)  # warm: tables load once per process
    out = {}
    cases = [("seed_network", SEED_NETWORK), ("seed_pure_torch", SEED_PURE_TORCH)]
    cases += [("example_" + name[:-3], example_source(name[:-3]))
              for name in sorted(os.listdir(EXAMPLES)) if name.endswith(".py")]
    cases.append(("model_400_lines", model_file()))
    for name, src in cases:
        t_conv = best_ms(lambda: transpile(src))
        t_parse = best_ms(lambda: ast.parse(src))
        out[name] = {"lines": src.count("\n"), "transpile_ms": round(t_conv, 3),
                     "ast_parse_ms": round(t_parse, 3), "ratio": round(t_conv / t_parse, 2)}
    print(json.dumps(out, indent=2))
    if "--record" in sys.argv:
        sys.path.insert(0, os.path.join(ROOT, "bench"))
        import results as store
        out["machine"] = f"{store.MACHINE} (best of 30 runs each; other jobs running)"
        out["max_ratio"] = max(v["ratio"] for v in out.values() if isinstance(v, dict))
        out["pass"] = out["max_ratio"] <= 5
        key = "transpiler." + store.runtime()
        if "--label" in sys.argv:
            key += "." + sys.argv[sys.argv.index("--label") + 1]
        store.merge(key, out)

if __name__ == "__main__":
    main()
