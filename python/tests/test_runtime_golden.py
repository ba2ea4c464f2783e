"""The emulated torch and numpy against values computed by the real libraries.

Fixtures: python/tests/fixtures/golden_*.json, written by scripts/gen_golden.py from
python/tests/golden_cases.py with real torch 1.13 and numpy 1.24 (torch is not needed here).
Tolerance: 1e-5 relative/absolute for floats (float16 1e-3); ints, bools, shapes and dtypes exact.
"""
from __future__ import annotations

import json
import math
import os
import unittest

from tests.golden_calls import Golden
from tests.golden_cases import CASES
from tensorglot.runtime import numpy as enp
from tensorglot.runtime import torch as etorch
from tensorglot.runtime.core import TensorBase

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
GOLDEN = Golden(etorch, enp)


def _num(v):
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(v, v) if isinstance(v, str) else v


class GoldenMixin:
    fw = ""

    def check(self, got, exp, where):
        if "seq" in exp:
            self.assertIsInstance(got, (tuple, list), where)
            self.assertEqual(len(got), len(exp["seq"]), where)
            for g, e in zip(got, exp["seq"]):
                self.check(g, e, where)
            if "type" in exp:   # torch.return_types.<type>: fields are attributes too
                self.assertEqual(f"{type(got).__module__}.{type(got).__name__}",
                                 f"torch.return_types.{exp['type']}", where)
                for i, f in enumerate(exp["fields"]):
                    self.assertIs(getattr(got, f), got[i], f"{where}: .{f}")
            return
        if "str" in exp:
            self.assertEqual(got, exp["str"], where)
            return
        if "dtype_obj" in exp:
            self.assertNotIsInstance(got, TensorBase, where)
            self.assertEqual(getattr(got, "name", None), exp["dtype_obj"], where)
            return
        if "py" in exp:
            self.assertNotIsInstance(got, TensorBase, where)
            self.assertAlmostEqual(float(got), float(_num(exp["py"])), places=5, msg=where)
            return
        self.assertIsInstance(got, TensorBase, where)
        a = got._a
        self.assertEqual(list(a.shape), exp["shape"], f"{where}: shape")
        self.assertEqual(a.dtype, exp["dtype"], f"{where}: dtype")
        if exp.get("scalar") is not None:
            self.assertEqual(isinstance(got, enp.generic), exp["scalar"], f"{where}: numpy scalar vs array")
        if "scalar_type" in exp:
            self.assertEqual(type(got).__name__, exp["scalar_type"], f"{where}: numpy scalar type")
        if "data" not in exp:
            return
        vals = a.values()
        want = [_num(v) for v in exp["data"]]
        if a.dtype.startswith("float") or a.dtype == "bfloat16":
            tol = 1e-3 if a.dtype in ("float16", "bfloat16") else 1e-5
            for g, w in zip(vals, want):
                if math.isnan(w):
                    self.assertTrue(math.isnan(g), f"{where}: {vals} != {want}")
                else:
                    self.assertTrue(g == w or abs(g - w) <= tol + tol * abs(w), f"{where}: {vals} != {want}")
        else:
            self.assertEqual(vals, want, where)

    def test_golden(self):
        with open(os.path.join(FIXTURES, f"golden_{self.fw}.json")) as f:
            fixture = json.load(f)
        cases = CASES[self.fw]
        self.assertEqual(len(fixture["cases"]), len(cases), "fixture is stale: rerun scripts/gen_golden.py")
        for entry, case in zip(fixture["cases"], cases):
            where = f"{case[0]} args={entry['args']} kwargs={entry['kwargs']}"
            self.assertEqual(entry["api"], case[0], "fixture is stale: rerun scripts/gen_golden.py")
            with self.subTest(case=entry["i"], api=case[0]):
                opts = case[3] if len(case) > 3 else {}
                if "error" in entry and opts.get("known_difference"):
                    # the real library raises; the emulation accepts, warns, and lists the difference
                    self.assertIn(opts["known_difference"], GOLDEN.libs[self.fw]._KNOWN_DIFFERENCES, where)
                    with self.assertWarns(UserWarning, msg=where):
                        GOLDEN.run(self.fw, case)
                    continue
                if "error" in entry:
                    with self.assertRaises(Exception, msg=where):
                        GOLDEN.call(self.fw, case)
                    continue
                self.check(GOLDEN.call(self.fw, case), entry["expect"], where)


class TestTorchGolden(GoldenMixin, unittest.TestCase):
    fw = "torch"


class TestNumpyGolden(GoldenMixin, unittest.TestCase):
    fw = "numpy"


if __name__ == "__main__":
    unittest.main()
