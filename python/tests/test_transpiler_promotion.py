"""torch's type promotion in converted arithmetic: TensorFlow does no implicit promotion (DESIGN.md,
"promotion"), so operators whose operand dtypes differ or cannot be known go through a helper
applying torch's rules at run time; operands known to share a dtype keep the plain operator.
Each snippet runs on the emulated torch and, converted, on each emulated target: values, dtypes
and shapes compared."""
from __future__ import annotations

import json
import subprocess
import unittest

from tests.test_numpy_real import REAL_NUMPY, REAL_PYTHON
from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")

# JAX runs with 64-bit types disabled by default: int64 becomes int32, float64 float32
# (https://jax.readthedocs.io/en/latest/default_dtypes.html)
_JAX_DEFAULT = {"int64": "int32", "float64": "float32"}

_DUMP = "[(str(o.dtype).split('.')[-1], list(o.shape), o) for o in out]"


def check_same(tc, src: str, target: str):
    """Run ``src`` (which binds ``out``, a tuple of tensors) as torch and converted; compare."""
    want = run_expr(src, _DUMP)
    r = convert(src, target)
    got = run_expr(r["code"], _DUMP)
    tc.assertEqual(len(want), len(got))
    for i, ((wd, ws, wv), (gd, gs, gv)) in enumerate(zip(want, got)):
        if target == "jax":
            wd = _JAX_DEFAULT.get(wd, wd)
        tc.assertEqual(gd, wd, f"out[{i}] dtype\n{r['code']}")
        tc.assertEqual(gs, ws, f"out[{i}] shape")
        assert_close(tc, gv, wv, 1e-6, f"out[{i}]")
    return r["code"]


MIXED = '''
import torch
import numpy as np

def mixed(n, d_k):
    x = torch.linspace(-1.0, 1.0, 4)
    i = torch.arange(n)
    scores = torch.ones(2, 4) * x
    a = i * x                      # int tensor * float tensor -> float32
    b = scores / np.sqrt(d_k)      # float32 / np.float64 scalar stays float32
    c = i / 3                      # int / int true-divides to float32
    g = i / (i + 1)
    h = i * 2.5                    # int tensor * Python float -> float32
    e = x * (x > 0)                # float * bool -> float32
    k = torch.arange(n) ** 0.5
    w = i
    w = w + x
    w += i
    return a, b, c, g, h, e, k, w

def ints():
    i = torch.arange(4)
    pos = torch.arange(4) > 1
    return (pos + i, i % 3, i // 2, i * True, pos * pos)

y, x = torch.meshgrid(torch.arange(3), torch.arange(2), indexing="ij")
omega = 1.0 / (100 ** (torch.arange(4) / 3))
out = mixed(4, 16) + ints() + (y.flatten()[:, None] * omega[None, :], x[:, :1] * omega)
'''


class PromotionTest(unittest.TestCase):
    def test_mixed_dtypes_match_torch_on_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                check_same(self, MIXED, target)

    def test_tensorflow_casts_only_where_dtypes_can_differ(self):
        code = convert(MIXED, "tensorflow")["code"]
        self.assertIn("tf.math.multiply(*_tg_promote(i, x))", code)
        self.assertIn("tf.math.truediv(*_tg_promote(scores, np.sqrt(d_k), true_div=True))", code)
        self.assertIn("w = tf.math.add(*_tg_promote(w, i))", code)
        # both sides known floating: the plain operator stays
        self.assertIn("scores = tf.ones((2, 4)) * x", code)
        self.assertIn("1.0 / (100 ** ", code)

    def test_unknown_operands_keep_plain_operators(self):
        src = '''
import torch
def f(x, y):
    return x * y + x / 2 - y
'''
        code = convert(src, "tensorflow")["code"]
        self.assertNotIn("_tg_promote", code)
        self.assertIn("return x * y + x / 2 - y", code)

    def test_promotion_helper_follows_torch_priority(self):
        # torch docs, "Type promotion": a 0-d tensor of a higher category than the dimensioned
        # operands decides the result (int tensor * float64 0-d -> float64); a float16 tensor
        # times an int tensor stays float16
        src = '''
import torch
i = torch.arange(3)
s = torch.tensor(2.0, dtype=torch.float64)
h = torch.ones(3).half()
out = (i * s, h * i, i * torch.tensor(True))
'''
        for target in ("tensorflow", "numpy"):
            with self.subTest(target=target):
                check_same(self, src, target)

    def test_arange_of_python_ints_is_int64(self):
        # torch.arange(n) of Python ints is int64 (torch docs, torch.arange); tf.range gives int32
        src = '''
import torch

def positions(x, n):
    return torch.arange(n), torch.arange(x.size(1)) + torch.tensor([1]), torch.arange(0, n, 0.5)

out = positions(torch.ones(2, 3), 4)
'''
        for target in TARGETS:
            with self.subTest(target=target):
                check_same(self, src, target)

    def test_dtype_evidence_flows_through_helper_functions(self):
        # a padding mask (bool) plus a causal mask made as uint8: torch gives uint8
        src = '''
import torch

def padding_mask(tokens):
    return tokens.eq(0).unsqueeze(1).expand(tokens.size(0), tokens.size(1), tokens.size(1))

def causal_mask(tokens):
    n = tokens.size(1)
    return torch.triu(torch.ones(n, n), diagonal=1).byte()

def combined(tokens):
    both = padding_mask(tokens) + causal_mask(tokens)
    return torch.gt(both, 0), both

out = combined(torch.tensor([[3, 1, 0], [2, 0, 0]]))
'''
        for target in TARGETS:
            with self.subTest(target=target):
                code = check_same(self, src, target)
                if target == "tensorflow":
                    self.assertIn("_tg_promote(padding_mask(tokens), causal_mask(tokens))", code)

    @unittest.skipUnless(REAL_NUMPY, "no real NumPy for /usr/bin/python3")
    def test_numpy_helper_runs_on_real_numpy(self):
        want = run_expr(MIXED, _DUMP)
        code = convert(MIXED, "numpy")["code"]
        dump = f"\nimport json\nprint(json.dumps([(d, s, v.tolist()) for d, s, v in {_DUMP}]))\n"
        r = subprocess.run([REAL_PYTHON, "-c", code + dump], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = json.loads(r.stdout.strip().splitlines()[-1])
        self.assertEqual([(d, s) for d, s, _ in got], [(d, s) for d, s, _ in want])
        assert_close(self, [v for _, _, v in got], [v for _, _, v in want], 1e-6)


if __name__ == "__main__":
    unittest.main()
