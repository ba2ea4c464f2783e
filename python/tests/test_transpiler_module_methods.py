"""nn.Module methods (eval / train) on layers bound at top level with a bare ``nn.X(...)``: never
converted as Tensor methods; converted code runs on the emulated targets and matches torch."""
from __future__ import annotations

import unittest

from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")

BARE_LAYERS = '''
import torch
import torch.nn as nn
torch.manual_seed(0)
enc = nn.TransformerEncoderLayer(d_model=8, nhead=2, batch_first=True)
enc.eval()
drop = nn.Dropout(0.5)
drop.eval()
lin = nn.Linear(8, 8).eval()
lin.train(False)
x = torch.linspace(-1.0, 1.0, 48).reshape(2, 3, 8)
# weights are random: their shapes are compared; dropout in eval mode is the identity
result = [drop(x), list(enc(x).shape), list(lin(x).shape)]
'''


class BareLayerModeTest(unittest.TestCase):
    def test_no_tensor_method_conversion(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(BARE_LAYERS, target)
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                self.assertFalse([d for d in r["diagnostics"] if (d.get("api") or "").startswith("Tensor.")],
                                 r["diagnostics"])

    def test_keras_train_mode_is_flagged(self):
        r = convert("import torch.nn as nn\nlin = nn.Linear(2, 2)\nlin.train()\n", "tensorflow")
        self.assertEqual(r["stats"]["unsupported"], 1)
        self.assertTrue([d for d in r["diagnostics"] if d.get("api") == "Module.train"
                         and d["severity"] == "warning"], r["diagnostics"])

    def test_numerics_match_torch(self):
        want = run_expr(BARE_LAYERS, "result")
        for target in TARGETS:
            with self.subTest(target=target):
                assert_close(self, run_expr(convert(BARE_LAYERS, target)["code"], "result"), want)


if __name__ == "__main__":
    unittest.main()


FILL_MESHGRID = '''
import torch
x = torch.linspace(-1.0, 1.0, 6).reshape(2, 3)
x.fill_(2.5)
n = torch.arange(4)
n.fill_(7)
a = torch.arange(3)
b = torch.arange(4) * 2
c = torch.arange(2) + 5
g = torch.meshgrid(a, b)
h = torch.meshgrid(a, b, indexing="xy")
k = torch.meshgrid([a, b], indexing="ij")
m = torch.meshgrid(c, a, b, indexing="xy")
result = [x, n, list(g), list(h), list(k), list(m), [list(t.shape) for t in m]]
'''


class FillMeshgridTest(unittest.TestCase):
    def test_converted_with_explicit_ij(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(FILL_MESHGRID, target)
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                code = r["code"].split("# --- end of tensorglot support ---")[-1]
                # the targets default to 'xy': torch's default 'ij' must be spelled out
                self.assertIn("g = " + {"tensorflow": "tf", "jax": "jnp", "numpy": "np"}[target]
                              + ".meshgrid(a, b, indexing='ij')", code)
                self.assertIn("x = ", code)  # fill_ rebinds its receiver

    def test_numerics_match_torch(self):
        want = run_expr(FILL_MESHGRID, "result")
        self.assertEqual(want[1], [7, 7, 7, 7])
        for target in TARGETS:
            with self.subTest(target=target):
                got = run_expr(convert(FILL_MESHGRID, target)["code"], "result")
                assert_close(self, got, want)
                self.assertIsInstance(got[1][0], int)  # fill_ keeps an integer tensor's dtype
