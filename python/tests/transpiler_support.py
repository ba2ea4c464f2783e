"""Shared helpers for the transpiler tests: convert, run source and output in the sandbox, compare."""
from __future__ import annotations

import json
import math
import textwrap

from tensorglot.transpiler import transpile
from tensorglot.runtime.sandbox import run_source

_DUMP = '''
import json as _json
def _tg_plain(v):
    if hasattr(v, "numpy") and not isinstance(v, (list, tuple)):
        v = v.numpy()
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, dict):
        return {k: _tg_plain(e) for k, e in v.items()}
    if isinstance(v, (list, tuple)):
        return [_tg_plain(e) for e in v]
    return v
'''


def convert(src: str, target: str = "tensorflow") -> dict:
    return transpile(textwrap.dedent(src), "torch", target)


def run_expr(code: str, expr: str):
    """Run ``code`` in the sandbox, return the JSON-plain value of ``expr``."""
    script = code + "\n" + _DUMP + f"\nprint('@@' + _json.dumps(_tg_plain({expr})))\n"
    r = run_source(script)
    if r.get("error"):
        raise AssertionError(f"run failed: {r['error']}\n--- code ---\n{script}")
    line = [l for l in r["stdout"].splitlines() if l.startswith("@@")][-1]
    return json.loads(line[2:])


def assert_close(tc, a, b, tol=1e-4, path="out"):
    if isinstance(a, list) or isinstance(b, list):
        tc.assertIsInstance(a, list, path)
        tc.assertIsInstance(b, list, path)
        tc.assertEqual(len(a), len(b), f"{path}: length")
        for i, (x, y) in enumerate(zip(a, b)):
            assert_close(tc, x, y, tol, f"{path}[{i}]")
        return
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        tc.assertEqual(a, b, path)
        return
    if isinstance(a, float) and math.isnan(a):
        tc.assertTrue(isinstance(b, float) and math.isnan(b), f"{path}: {a} vs {b}")
        return
    tc.assertAlmostEqual(float(a), float(b), delta=tol * (1 + abs(float(b))), msg=path)


_SEVERITY = {"info": 0, "warning": 1, "error": 2}


def assert_converts(tc, src: str, target: str, worst: str = "info") -> dict:
    """torch -> ``target`` conversion of ``src``, asserted to carry no diagnostic above ``worst``."""
    r = transpile(src, "torch", target)
    tc.assertFalse([d for d in r["diagnostics"] if _SEVERITY[d["severity"]] > _SEVERITY[worst]], r["diagnostics"])
    return r


def assert_cases_verify(tc, cases: dict, targets=("tensorflow", "jax", "numpy")):
    """Every ``name -> (source, extra verify request fields)`` case verifies PASS on every target."""
    from tensorglot.verify import verify
    for name, (src, extra) in cases.items():
        for target in targets:
            with tc.subTest(case=name, target=target):
                v = verify(dict({"source": src, "to": target, "layers": "never"}, **extra))
                tc.assertEqual(v["verdict"], "PASS", (v.get("error"), v.get("notes")))
