"""Converted code computes what the torch source computes: run both on the emulated
runtimes (torch source vs tensorflow output) and compare values.

One case per row of DESIGN.md's semantics table and per basic mapping.
"""
import unittest

from tests.transpiler_support import assert_close, convert, run_expr

X = "[[1.0, -2.0, 3.5], [4.0, 5.0, -6.0]]"

# (torch expression over x, why)
CASES = [
    ("torch.mean(x)", "reduction"),
    ("torch.sum(x, dim=1)", "reduction with dim"),
    ("torch.var(x)", "var: torch is unbiased (correction=1), tf.math.reduce_variance biased"),
    ("torch.var(x, dim=1, unbiased=False)", "var biased"),
    ("torch.std(x, 0)", "std unbiased"),
    ("torch.var(torch.mean(x))", "var of one element is nan"),
    ("x / 2", "true division"),
    ("torch.div(x, 2, rounding_mode='trunc')", "division rounding_mode trunc"),
    ("torch.div(x, 2, rounding_mode='floor')", "division rounding_mode floor"),
    ("x % 3", "% follows the divisor's sign"),
    ("torch.fmod(x, 3)", "fmod follows the dividend's sign"),
    ("torch.nn.functional.gelu(x)", "GELU exact (erf)"),
    ("torch.nn.functional.softmax(x, dim=0)", "softmax dim"),
    ("torch.nn.functional.softmax(x)", "softmax implicit dim: 1 for 2-D input"),
    ("torch.flatten(x)", "flatten start_dim=0"),
    ("torch.argmax(torch.tensor([[1.0, 3.0, 3.0]]), dim=1)", "argmax ties: first index"),
    ("torch.cat([x, x], -1)", "concat"),
    ("torch.matmul(x, x.T)", "matmul"),
    ("x.view(3, 2)", "view"),
    ("x.permute(1, 0).contiguous()", "permute"),
    ("x.unsqueeze(0).squeeze(0)", "unsqueeze/squeeze"),
    ("torch.tensor([1, 2, 3]) / 2", "promotion: int tensor / int -> float"),
    ("x[x > 0]", "boolean mask indexing -> tf.boolean_mask"),
    ("x[torch.tensor([1, 0])]", "tensor indexing -> gather"),
    ("x.masked_fill(x < 0, 0.0)", "masked_fill"),
    ("torch.nn.functional.dropout(x, p=0.5, training=False)", "dropout eval is identity"),
    ("torch.clamp(x, min=0.0, max=4.0)", "clamp"),
    ("x.float().sum()", "cast"),
    # (values, indices) overloads and torch-only call shapes
    ("torch.max(x, dim=1)", "max with dim: (values, indices)"),
    ("torch.max(x, 1, keepdim=True)[1]", "max keepdim indices"),
    ("torch.min(x, 0)[1]", "min with dim: indices"),
    ("torch.max(x, torch.zeros_like(x))", "max of two tensors is maximum"),
    ("torch.split(x, 2, dim=1)", "split: an int is the chunk size (2 + 1)"),
    ("x.split([1, 2], dim=1)", "split by sizes"),
    ("torch.chunk(x, 2, dim=1)", "chunk: ceil(3 / 2) = 2 per chunk"),
    ("torch.nn.functional.pad(x, (1, 2))", "F.pad pairs start from the last dim"),
    ("torch.nn.functional.pad(x, (1, 0, 0, 1), value=2.0)", "F.pad two dims, value"),
    ("torch.nn.functional.pad(x.unsqueeze(0), (2, 1), mode='reflect')", "F.pad reflect"),
    ("x[0:1].expand(4, 3)", "expand"),
    ("x[:, :1].expand(-1, 3)", "expand -1 keeps the size"),
    ("x[0].expand_as(x)", "expand_as"),
    ("torch.nn.functional.one_hot(torch.tensor([0, 2, 1]))", "one_hot: num_classes=-1 is max + 1"),
    ("torch.nn.functional.one_hot(torch.tensor([0, 2]), num_classes=4)", "one_hot num_classes"),
    ("torch.sort(x, dim=1, descending=True)", "sort: (values, indices)"),
    ("torch.tril(x, diagonal=-1) + torch.triu(x, 1) * 2", "tril/triu"),
    ("x.transpose(0, 1)", "transpose of two dims"),
    ("torch.gather(x, 1, torch.tensor([[0, 0], [2, 1]]))", "gather along a dim"),
    ("torch.nn.functional.layer_norm(x, (2, 3))", "LayerNorm over several trailing dims"),
    ("torch.nn.functional.layer_norm(x, (3,), eps=1e-3)", "LayerNorm eps"),
    ("torch.nn.functional.interpolate(x.view(1, 1, 2, 3), size=(3, 5))", "interpolate 'nearest' = legacy floor"),
    ("torch.nn.functional.interpolate(x.view(1, 1, 2, 3), size=(3, 5), mode='nearest-exact')",
     "interpolate 'nearest-exact' (tf's nearest)"),
    ("torch.nn.functional.interpolate(x.view(1, 1, 2, 3), scale_factor=2, mode='bilinear', align_corners=False)",
     "interpolate bilinear half-pixel"),
    ("torch.nn.functional.scaled_dot_product_attention(x.view(1, 2, 3), x.view(1, 2, 3), x.view(1, 2, 3), "
     "is_causal=True)", "sdpa causal"),
    ("torch.nn.functional.normalize(x, dim=1)", "normalize"),
    ("torch.nn.functional.linear(x, torch.ones(2, 3), torch.tensor([1.0, 2.0]))", "F.linear weight (out, in)"),
    ("torch.nn.functional.hardswish(x) + torch.nn.functional.mish(x)", "hardswish, mish"),
    ("torch.log2(torch.abs(x)) + torch.trunc(x)", "log2, trunc"),
    ("torch.where(x > 0, x, torch.zeros_like(x))", "where"),
]


class NumericTest(unittest.TestCase):
    def check(self, body: str, result: str = "f(x)"):
        src = f"import torch\n\ndef f(x: torch.Tensor):\n{body}\n\nx = torch.tensor({X})\n"
        r = convert(src)
        self.assertFalse([d for d in r["diagnostics"] if d["severity"] != "info"], r["code"])
        want = run_expr(src, result)
        got = run_expr(r["code"], result)
        assert_close(self, got, want)
        return r["code"]

    def test_cases(self):
        for expr, why in CASES:
            with self.subTest(expr=expr, why=why):
                self.check(f"    return {expr}")

    def test_inplace_methods_rebind(self):
        code = self.check("    y = x.clone()\n    y.add_(1.0)\n    y.mul_(2.0)\n    return y")
        self.assertIn("y = tf.math.add(y, 1.0)", code)

    def test_setitem_functional(self):
        code = self.check("    y = x.clone()\n    y[0] = 7.0\n    y[y < 0] = 0.0\n    return y")
        self.assertIn("y = _tg_setitem(y, 0, 7.0)", code)

    def test_augassign(self):
        self.check("    y = x * 1.0\n    y += x\n    y *= 2\n    return y")

    def test_no_grad_block(self):
        code = self.check("    with torch.no_grad():\n        y = x * 2\n    return y")
        self.assertNotIn("torch", code)

    def test_seed_pure_torch(self):
        src = ("import torch\n\ndef pure_torch(x):\n    y = torch.mean(x)\n    z = torch.sum(x)\n"
               "    f = torch.var(y)\n    k = torch.cos(z)\n    m = torch.sin(f)\n    o = torch.tan(y)\n"
               "    return torch.stack(\n        [k, m, o], -1)\n\nx = torch.tensor([[1., 2., 3.]])\n")
        r = convert(src)
        assert_close(self, run_expr(r["code"], "pure_torch(x)"), run_expr(src, "pure_torch(x)"))


if __name__ == "__main__":
    unittest.main()
