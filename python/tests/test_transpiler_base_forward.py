"""A subclass of the file's own module class calls its base's forward (``super().forward(x)``,
``super(Cls, self).forward(x)``, ``Base.forward(self, x)``): the base's forward is renamed on
every target (Keras ``call``, the plain classes' ``__call__``), so these calls are renamed with
it. And ``torch.arange`` of a Python float is float32, not torch's integer default.
Expected values come from real torch 1.13 (noted beside each)."""
import unittest

from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")

SRC = '''import torch
import torch.nn as nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.arange(9.0).reshape(3, 3) / 10)

    def forward(self, x):
        return x @ self.w


class Twice(Scale):
    def forward(self, x):
        y = super().forward(x)
        z = super(Twice, self).forward(y)
        return Scale.forward(self, z) + 1


def demo():
    return Twice()(torch.arange(6.0).reshape(2, 3))


def ramp(n: int):
    return torch.arange(float(n)) / 2, torch.arange(n * 0.5)
'''
# real torch 1.13
DEMO = [[3.4300003051757812, 4.131999969482422, 4.834000110626221],
        [8.45199966430664, 10.61199951171875, 12.77199935913086]]
RAMP = ([0.0, 0.5, 1.0, 1.5, 2.0], [0.0, 1.0, 2.0])
CALL_NAME = {"tensorflow": "call", "jax": "__call__", "numpy": "__call__"}


class BaseForwardTest(unittest.TestCase):
    def test_source_runs(self):
        assert_close(self, run_expr(SRC, "demo()"), DEMO)

    def test_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(SRC, target)
                self.assertFalse([d for d in r["diagnostics"] if d["severity"] != "info"], r["diagnostics"])
                name = CALL_NAME[target]
                for line in (f"y = super().{name}(x)", f"z = super(Twice, self).{name}(y)",
                             f"return Scale.{name}(self, z) + 1"):
                    self.assertIn(line, r["code"])
                assert_close(self, run_expr(r["code"], "demo()"), DEMO)

    def test_arange_of_a_float_is_float32(self):
        for target in TARGETS:
            with self.subTest(target=target):
                code = convert(SRC, target)["code"]
                self.assertNotIn("float(n), dtype=tf.int64", code)
                a, b = run_expr(code, "[ramp(5)[0], ramp(5)[1]]")
                assert_close(self, a, RAMP[0])
                assert_close(self, b, RAMP[1])
                kinds = run_expr(code, "[str(ramp(5)[0].dtype), str(ramp(5)[1].dtype)]")
                self.assertTrue(all("float32" in k for k in kinds), kinds)


if __name__ == "__main__":
    unittest.main()
