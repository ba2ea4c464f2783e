"""einops (rearrange / repeat / reduce, einops.layers.torch.Rearrange / Reduce): the sandbox's
emulated module against index formulas written out by hand, and the conversion of each call
to every target (literal patterns as the target's own reshape/transpose/reduce calls, other
patterns through the run-time helper), run on the emulated target and compared."""
import unittest

from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")
_X = "x = torch.arange(2 * 3 * 4 * 4, dtype=torch.float32).reshape(2, 3, 4, 4)\n"


def _x(b, c, h, w):
    """the value of _X at [b, c, h, w]"""
    return float(((b * 3 + c) * 4 + h) * 4 + w)


class EinopsRuntimeTest(unittest.TestCase):
    def run_torch(self, expr, prelude=""):
        return run_expr("import torch\nfrom einops import rearrange, repeat, reduce\n"
                        "from einops.layers.torch import Rearrange, Reduce\n" + _X + prelude, expr)

    def test_patches(self):
        got = self.run_torch("rearrange(x, 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=2, p2=2)")
        want = [[[_x(b, c, h * 2 + p1, w * 2 + p2) for p1 in range(2) for p2 in range(2) for c in range(3)]
                 for h in range(2) for w in range(2)] for b in range(2)]
        self.assertEqual(got, want)

    def test_heads_split_and_merge(self):
        got = self.run_torch("rearrange(y, 'b n (h d) -> b h n d', h=2)", "y = x.reshape(2, 6, 8)\n")
        flat = lambda b, n, k: _x(b, *divmod(n * 8 + k, 16)[0:1], *divmod(divmod(n * 8 + k, 16)[1], 4))  # noqa: E731
        self.assertEqual(got, [[[[flat(b, n, h * 4 + d) for d in range(4)] for n in range(6)] for h in range(2)]
                               for b in range(2)])
        back = self.run_torch("rearrange(rearrange(y, 'b n (h d) -> b h n d', h=2), 'b h n d -> b n (h d)')",
                              "y = x.reshape(2, 6, 8)\n")
        self.assertEqual(back, self.run_torch("y", "y = x.reshape(2, 6, 8)\n"))

    def test_repeat_and_reduce(self):
        self.assertEqual(self.run_torch("repeat(torch.tensor([[[1., 2.]]]), '1 1 d -> b 1 d', b=3)"),
                         [[[1.0, 2.0]]] * 3)
        self.assertEqual(self.run_torch("repeat(torch.tensor([1., 2.]), 'w -> h w', h=2)"), [[1.0, 2.0]] * 2)
        self.assertEqual(self.run_torch("reduce(x, 'b c h w -> b c', 'mean')"),
                         [[sum(_x(b, c, h, w) for h in range(4) for w in range(4)) / 16 for c in range(3)]
                          for b in range(2)])
        self.assertEqual(self.run_torch("reduce(x, 'b c (h 2) (w 2) -> b c h w', 'max')[1, 2]"),
                         [[_x(1, 2, 2 * h + 1, 2 * w + 1) for w in range(2)] for h in range(2)])
        self.assertEqual(self.run_torch("reduce(x, 'b c h w -> c 1', 'sum')"),
                         [[sum(_x(b, c, h, w) for b in range(2) for h in range(4) for w in range(4))]
                          for c in range(3)])

    def test_ellipsis_and_layers(self):
        self.assertEqual(self.run_torch("list(rearrange(x, '... h w -> ... (h w)').shape)"), [2, 3, 16])
        self.assertEqual(self.run_torch("Rearrange('b c h w -> b (h w) c')(x)[1, 5]"),
                         [_x(1, c, 1, 1) for c in range(3)])
        self.assertEqual(self.run_torch("Reduce('b c h w -> b c', 'min')(x)"),
                         [[_x(b, c, 0, 0) for c in range(3)] for b in range(2)])
        self.assertEqual(self.run_torch(
            "list(torch.nn.Sequential(Rearrange('b c h w -> b (c h w)'), torch.nn.Linear(48, 2))(x).shape)"), [2, 2])

    def test_numpy_arrays(self):
        got = run_expr("import numpy as np\nfrom einops import rearrange\n"
                       "a = np.arange(6).reshape(2, 3)", "rearrange(a, 'i j -> j i')")
        self.assertEqual(got, [[0, 3], [1, 4], [2, 5]])

    def test_errors(self):
        from tensorglot.runtime.sandbox import run_source
        for pattern, msg in (("'b c h w -> b c'", "not in the output"), ("'b c h w -> b c h w d'", "not given"),
                             ("'b (c k) h w -> b c h w', k=2", "not divisible"), ("'b c h w'", "no '->'")):
            with self.subTest(pattern=pattern):
                r = run_source("import torch\nfrom einops import rearrange\n" + _X + f"rearrange(x, {pattern})\n")
                self.assertIn(msg, r["error"]["message"])


#: (source lines after ``x``/``y`` exist, the result expression)
CASES = (
    ("z = rearrange(x, 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)', p1=p, p2=p)", "z"),
    ("z = rearrange(y, 'b n (h d) -> b h n d', h=heads)", "z"),
    ("z = rearrange(x, 'b c h w -> b (h w) c')", "z"),
    ("z = repeat(cls, '1 1 d -> b 1 d', b=2)", "z"),
    ("z = repeat(v, 'd -> b d', b=3)", "z"),
    ("z = reduce(x, 'b c h w -> b c', 'mean')", "z"),
    ("z = reduce(x, 'b c (h h2) (w w2) -> b c h w', 'max', h2=2, w2=2)", "z"),
    ("z = reduce(x, 'b c h w -> b c 1 1', 'sum')", "z"),
    ("z = rearrange(x, '... h w -> ... (h w)')", "z"),          # ellipsis: the helper
    ("pat = 'b c h w -> b h w c'\nz = rearrange(x, pat)", "z"),  # pattern in a variable: the helper
    ("z = rearrange(x + 1, 'b c h w -> b c (h w)')", "z"),      # expression: the helper
    ("z = torch.nn.Sequential(Rearrange('b c h w -> b (h w) c'), Reduce('b n c -> b c', 'max'))(x)", "z"),
)
_PRELUDE = ("import torch\nfrom einops import rearrange, repeat, reduce\n"
            "from einops.layers.torch import Rearrange, Reduce\n" + _X +
            "y = x.reshape(2, 6, 8)\ncls = torch.tensor([[[1., 2., 3.]]])\nv = torch.tensor([4., 5.])\n"
            "p, heads = 2, 2\n")


class EinopsConversionTest(unittest.TestCase):
    def test_cases_on_every_target(self):
        for body, expr in CASES:
            src = _PRELUDE + body + "\n"
            want = run_expr(src, expr)
            for target in TARGETS:
                with self.subTest(case=body, target=target):
                    r = convert(src, target)
                    self.assertFalse([d for d in r["diagnostics"] if d["severity"] != "info"], r["diagnostics"])
                    self.assertNotIn("import einops", r["code"])
                    self.assertNotIn("from einops", r["code"])
                    assert_close(self, run_expr(r["code"], expr), want)

    def test_literal_patterns_are_the_targets_own_calls(self):
        src = _PRELUDE + "z = rearrange(y, 'b n (h d) -> b h n d', h=heads)\n" \
                         "c = repeat(cls, '1 1 d -> b 1 d', b=2)\nm = reduce(x, 'b c h w -> b c', 'mean')\n"
        want = {"tensorflow": ("tf.transpose(tf.reshape(y, (y.shape[0], y.shape[1], heads, -1)), (0, 2, 1, 3))",
                               "tf.broadcast_to(cls, (2, 1, cls.shape[2]))", "tf.reduce_mean(x, axis=(2, 3))"),
                "jax": ("jnp.transpose(jnp.reshape(y, (y.shape[0], y.shape[1], heads, -1)), (0, 2, 1, 3))",
                        "jnp.broadcast_to(cls, (2, 1, cls.shape[2]))", "jnp.mean(x, axis=(2, 3))"),
                "numpy": ("np.transpose(np.reshape(y, (y.shape[0], y.shape[1], heads, -1)), (0, 2, 1, 3))",
                          "np.broadcast_to(cls, (2, 1, cls.shape[2]))", "np.mean(x, axis=(2, 3))")}
        for target, lines in want.items():
            with self.subTest(target=target):
                code = convert(src, target)["code"]
                for line in lines:
                    self.assertIn(line, code)
                self.assertNotIn("_tg_einops", code)
                self.assertNotIn("import einops", code)
                self.assertNotIn("from einops", code)

    def test_layer_with_literal_pattern_binds_lengths(self):
        src = ("import torch\nfrom einops.layers.torch import Rearrange\n"
               "def make(p):\n    return torch.nn.Sequential(Rearrange('b c (h p1) w -> b h (p1 c w)', p1=p))\n")
        code = convert(src, "jax")["code"]
        self.assertIn("lambda t, p1=p: jnp.reshape(jnp.transpose(jnp.reshape(t, (t.shape[0], t.shape[1], -1, p1, "
                      "t.shape[3])), (0, 2, 3, 1, 4)), (t.shape[0], -1, p1 * t.shape[1] * t.shape[3])))", code)

    def test_bad_literal_pattern_is_a_warning(self):
        r = convert("import torch\nfrom einops import rearrange\ndef f(x):\n    return rearrange(x, 'b c -> b')\n",
                    "numpy")
        self.assertTrue([d for d in r["diagnostics"] if d["severity"] == "warning" and "not in the output" in d["message"]])
        self.assertIn("# tensorglot: unsupported einops.rearrange", r["code"])


if __name__ == "__main__":
    unittest.main()
