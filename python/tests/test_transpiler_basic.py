"""Transpiler unit tests: mechanism, name resolution, per-mapping conversions (torch -> tensorflow)."""
import textwrap
import unittest

from tests.transpiler_support import assert_close, convert, run_expr


class MechanismTest(unittest.TestCase):
    def test_result_contract(self):
        r = convert("import torch\ny = torch.cos(torch.tensor([1.0]))\n")
        self.assertEqual(set(r), {"code", "diagnostics", "line_map", "stats"})
        self.assertEqual(set(r["stats"]), {"apis", "converted", "unsupported", "ms"})
        self.assertEqual(r["stats"]["apis"], 2)
        self.assertEqual(r["stats"]["converted"], 2)
        self.assertIn("import tensorflow as tf", r["code"])
        self.assertNotIn("import torch", r["code"])
        self.assertIn("tf.math.cos(tf.constant([1.0]))", r["code"])

    def test_syntax_error_is_one_diagnostic(self):
        src = "import torch\n\ndef f(x:\n    return x\n"
        r = convert(src)
        self.assertEqual(r["code"], src)
        self.assertEqual(len(r["diagnostics"]), 1)
        d = r["diagnostics"][0]
        self.assertEqual(d["severity"], "error")
        self.assertEqual(d["line"], 3)
        self.assertGreaterEqual(d["col"], 1)

    def test_unknown_target_never_raises(self):
        r = convert("x = 1\n", target="caffe")
        self.assertEqual(r["diagnostics"][0]["severity"], "error")

    def test_format_preserved_byte_for_byte(self):
        src = textwrap.dedent('''\
            """Module docstring with torch.mean inside a string."""
            import torch   # the framework

            # a comment   with   spacing
            s = 'torch.sum(x)  # not code'


            def f(x):
                """doc"""
                # keep me
                return torch.mean(x)    # trailing comment
            ''')
        r = convert(src)
        out = r["code"]
        for line in src.splitlines():
            if "torch.mean(x)" in line or line.startswith("import torch"):
                continue
            self.assertIn(line, out.splitlines())
        self.assertIn("    return tf.math.reduce_mean(x)    # trailing comment", out)
        self.assertTrue(out.startswith('"""Module docstring'))

    def test_line_map(self):
        src = "import torch\n\ndef f(x):\n    return torch.sin(x)\n"
        r = convert(src)
        out_lines = r["code"].splitlines()
        mapping = dict(map(tuple, r["line_map"]))
        self.assertEqual(out_lines[mapping[4] - 1].strip(), "return tf.math.sin(x)")
        self.assertEqual(out_lines[mapping[3] - 1].strip(), "def f(x):")

    def test_unsupported_marked_with_comment_and_warning(self):
        r = convert("import torch\ny = torch.erfinv(torch.ones(2))\n")
        self.assertIn("# tensorglot: unsupported torch.erfinv", r["code"])
        self.assertIn("import torch", r["code"])  # still needed by the unconverted call
        warns = [d for d in r["diagnostics"] if d["severity"] == "warning"]
        self.assertEqual(warns[0]["api"], "torch.erfinv")
        self.assertEqual((warns[0]["line"], warns[0]["col"]), (2, 5))
        self.assertEqual(r["stats"]["unsupported"], 1)


class NameResolutionTest(unittest.TestCase):
    def test_aliases(self):
        src = """
        import torch as t
        import torch.nn.functional as F
        from torch import nn
        from torch.nn.functional import relu
        a = t.exp(x)
        b = F.sigmoid(x)
        c = relu(x)
        d = nn.functional.tanh(x)
        """
        code = convert(src)["code"]
        for want in ("a = tf.math.exp(x)", "b = tf.math.sigmoid(x)", "c = tf.nn.relu(x)",
                     "d = tf.math.tanh(x)"):
            self.assertIn(want, code)
        self.assertNotIn("import torch", code)

    def test_local_shadowing(self):
        src = """
        import torch
        def f(torch):
            return torch.mean(3)
        def g(x):
            return torch.mean(x)
        """
        code = convert(src)["code"]
        self.assertIn("return torch.mean(3)", code)
        self.assertIn("return tf.math.reduce_mean(x)", code)

    def test_tensor_annotation(self):
        code = convert("import torch\ndef f(x: torch.Tensor) -> torch.Tensor:\n    return x.exp()\n")["code"]
        self.assertIn("def f(x: tf.Tensor) -> tf.Tensor:", code)
        self.assertIn("return tf.math.exp(x)", code)

    def test_ambiguous_method_needs_evidence(self):
        src = """
        import torch
        def f(items, x: torch.Tensor):
            a = items.sum()
            b = x.sum()
            return a, b

        def g(items):
            c = items.unsqueeze(0)
            return c
        """
        r = convert(src)
        self.assertIn("a = items.sum()", r["code"])
        self.assertIn("b = tf.math.reduce_sum(x)", r["code"])
        self.assertIn("c = tf.expand_dims(items, 0)", r["code"])
        infos = [d for d in r["diagnostics"] if d["severity"] == "info" and d["api"] == "Tensor.sum"]
        self.assertTrue(any("not known to be a tensor" in d["message"] for d in infos))


class MappingTextTest(unittest.TestCase):
    """Output text per mapping (the numbers are checked in NumericTest)."""
    CASES = [
        ("torch.mean(x, dim=1, keepdim=True)", "tf.math.reduce_mean(x, axis=1, keepdims=True)"),
        ("torch.sum(x, 0)", "tf.math.reduce_sum(x, axis=0)"),
        ("torch.var(x)", "_tg_var(x, correction=1)"),
        ("torch.var(x, unbiased=False)", "tf.math.reduce_variance(x)"),
        ("torch.std(x, dim=0, correction=0)", "tf.math.reduce_std(x, axis=0)"),
        ("torch.cat([x, x], -1)", "tf.concat([x, x], -1)"),
        ("torch.matmul(x, x.T)", "_tg_matmul(x, tf.transpose(x))"),  # x may be 1-D
        ("torch.mm(x, x.T)", "tf.linalg.matmul(x, tf.transpose(x))"),
        ("torch.zeros(2, 3)", "tf.zeros((2, 3))"),
        ("torch.tensor([1, 2])", "tf.constant([1, 2], dtype=tf.int64)"),
        ("torch.arange(5)", "tf.range(5, dtype=tf.int64)"),
        ("x.float()", "tf.cast(x, tf.float32)"),
        ("x.permute(1, 0)", "tf.transpose(x, perm=(1, 0))"),
        ("x.view(-1)", "tf.reshape(x, (-1,))"),
        ("torch.div(x, 2, rounding_mode='floor')", "tf.math.floordiv(x, 2)"),
        ("torch.div(x, 2, rounding_mode='trunc')", "tf.math.truncatediv(x, 2)"),
        ("torch.fmod(x, 2)", "tf.math.truncatemod(x, 2)"),
        ("torch.remainder(x, 2)", "tf.math.floormod(x, 2)"),
        ("torch.nn.functional.gelu(x)", "tf.nn.gelu(x)"),
        ("torch.nn.functional.softmax(x, dim=-1)", "tf.nn.softmax(x)"),
        ("torch.argmax(x, dim=1)", "tf.math.argmax(x, axis=1)"),
        ("torch.flatten(x)", "_tg_flatten(x)"),
        ("x.to('cuda')", "x"),
        ("x.size(0)", "x.shape[0]"),
        ("x.item()", "x.numpy().item()"),
    ]

    def test_cases(self):
        for expr, want in self.CASES:
            with self.subTest(expr=expr):
                src = f"import torch\ndef f(x: torch.Tensor):\n    return {expr}\n"
                code = convert(src)["code"]
                self.assertIn(f"return {want}", code)
