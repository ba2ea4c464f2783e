"""torch.isclose / torch.allclose (and the Tensor methods) and one-argument torch.where, run on the
emulated torch and converted to every target: values, dtypes and shapes must match.

torch semantics (https://pytorch.org/docs/1.13/generated/torch.isclose.html): |input - other| <=
atol + rtol * |other| with rtol=1e-05, atol=1e-08, equal infinities close, NaN close only with
equal_nan; torch.allclose returns a Python bool. torch.where(condition) is
torch.nonzero(condition, as_tuple=True) (https://pytorch.org/docs/1.13/generated/torch.where.html).
"""
import unittest

from tests.transpiler_support import convert, run_expr

_PROGRAM = """import math
import torch
a = torch.tensor([1.0, math.inf, math.inf, math.nan, 100.0, 0.0, 1e-9])
b = torch.tensor([1.0, math.inf, -math.inf, math.nan, 100.0009, 1e-7, 0.0])
m = torch.tensor([[0.0, 2.5, 0.0], [1.0, 0.0, -3.0]])
result = {expr}
"""

_DESCRIBE = '''
def _tg_describe(v):
    if isinstance(v, (tuple, list)):
        return [_tg_describe(e) for e in v]
    if isinstance(v, bool):
        return {"bool": v}
    d = str(v.dtype)
    d = d[len("torch."):] if d.startswith("torch.") else getattr(v.dtype, "name", d)
    vals = v.numpy() if hasattr(v, "numpy") else v
    return {"dtype": d, "shape": list(vals.shape), "values": vals.tolist()}
'''

CASES = [
    "torch.isclose(a, b)", "torch.isclose(a, b, equal_nan=True)", "a.isclose(b, rtol=0.0, atol=0.01)",
    "torch.isclose(m, m + 1e-6)", "torch.allclose(a, a)", "torch.allclose(a, b)",
    "torch.allclose(a, b, atol=1.0, equal_nan=True) and torch.allclose(a[:2], b[:2])",
    "a.allclose(b, 0.5, 1.0, True)", "torch.where(m != 0)", "torch.where(m > 0)[0]",
    "m[torch.where(m < 0)]", "torch.where(m > 0, m, torch.zeros_like(m))",
]

#: jax.numpy computes in 32 bits unless jax_enable_x64 is set
#: (https://jax.readthedocs.io/en/latest/notebooks/Common_Gotchas_in_JAX.html#double-64bit-precision)
_JAX_DTYPE = {"int64": "int32", "float64": "float32"}


def _on_jax(v):
    if isinstance(v, list):
        return [_on_jax(e) for e in v]
    if "dtype" in v:
        return dict(v, dtype=_JAX_DTYPE.get(v["dtype"], v["dtype"]))
    return v


class CloseWhereTest(unittest.TestCase):
    maxDiff = None

    def test_targets_match_torch(self):
        for expr in CASES:
            src = _PROGRAM.format(expr=expr)
            want = run_expr(src + _DESCRIBE, "_tg_describe(result)")
            for target in ("tensorflow", "jax", "numpy"):
                with self.subTest(expr=expr, target=target):
                    r = convert(src, target)
                    self.assertEqual([d for d in r["diagnostics"] if d["severity"] != "info"], [], r["code"])
                    self.assertNotIn("torch", r["code"].split("# --- end of tensorglot support ---")[-1])
                    got = run_expr(r["code"] + _DESCRIBE, "_tg_describe(result)")
                    self.assertEqual(got, _on_jax(want) if target == "jax" else want, r["code"])

    def test_torch_values(self):
        """The emulated torch against values stated by torch's documented formula."""
        got = run_expr(_PROGRAM.format(expr="torch.isclose(a, b)"), "result")
        self.assertEqual(got, [True, True, False, False, True, False, True])
        got = run_expr(_PROGRAM.format(expr="(torch.allclose(a, a), torch.allclose(a, a, equal_nan=True))"),
                       "result")
        self.assertEqual(got, [False, True])
        self.assertEqual(run_expr(_PROGRAM.format(expr="torch.where(m != 0)"), "result"), [[0, 1, 1], [1, 0, 2]])


if __name__ == "__main__":
    unittest.main()
