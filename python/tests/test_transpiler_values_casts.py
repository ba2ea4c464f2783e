"""Torch functions used as values (not called), module-level casts, cross_entropy(ignore_index=),
meshgrid(indexing=), Tensor.fill_: converted, run on the emulated targets and compared with torch."""
from __future__ import annotations

import unittest

from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")

FUNCTION_REFS = '''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.functional import gelu

class Block(nn.Module):
    def __init__(self, activation=F.gelu):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = activation
        self.out_act = F.relu
        self.squash = getattr(F, "silu")

    def forward(self, x):
        return self.squash(self.out_act(self.act(self.fc(x))) - 0.1)

def apply_all(x, name="tanh"):
    act = torch.tanh
    fns = [gelu, torch.sigmoid, getattr(torch, name)]
    return act(x) + sum(f(x) for f in fns)

torch.manual_seed(0)
x = torch.linspace(-3.0, 3.0, 16).reshape(4, 4)
block = Block()
block.load_state_dict({"fc.weight": torch.linspace(-1.0, 1.0, 16).reshape(4, 4),
                       "fc.bias": torch.linspace(-0.5, 0.5, 4)})
result = [block(x), apply_all(x), gelu(x)]
'''


class FunctionReferenceTest(unittest.TestCase):
    def test_references_convert_without_unsupported(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(FUNCTION_REFS, target)
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                self.assertNotIn("F.", r["code"].split("# --- tensorglot support")[0])

    def test_jax_gelu_reference_is_exact(self):
        # jax.nn.gelu defaults to the tanh approximation: a bare reference would change the numbers
        code = convert("import torch.nn.functional as F\nact = F.gelu\n", "jax")["code"]
        self.assertIn("approximate=False", code)
        self.assertNotIn("act = jax.nn.gelu\n", code)

    def test_bare_reference_when_defaults_agree(self):
        code = convert("import torch\nact = torch.tanh\n", "tensorflow")["code"]
        self.assertIn("act = tf.math.tanh", code)

    def test_unconvertible_reference_warns_at_its_position(self):
        r = convert("import torch\nimport torch.nn.functional as F\n\nfns = [F.softmax]\n", "tensorflow")
        warn = [d for d in r["diagnostics"] if d["severity"] == "warning"]
        self.assertEqual(len(warn), 1, r["diagnostics"])
        self.assertEqual((warn[0]["line"], warn[0]["col"]), (4, 8))
        self.assertIn("unsupported torch.nn.functional.softmax", r["code"])

    def test_transformer_activation_callable(self):
        src = '''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
enc = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation=F.gelu, batch_first=True)
x = torch.linspace(-1.0, 1.0, 48).reshape(2, 3, 8)
'''
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(src, target)
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                self.assertNotIn("activation=F.gelu", r["code"])

    def test_references_run_like_torch(self):
        want = run_expr(FUNCTION_REFS, "result")
        for target in TARGETS:
            with self.subTest(target=target):
                got = run_expr(convert(FUNCTION_REFS, target)["code"], "result")
                assert_close(self, got, want, tol=1e-4)


if __name__ == "__main__":
    unittest.main()


MODULE_CAST = '''
import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
    def forward(self, x):
        return self.fc(x)
model = Net()
model.load_state_dict({"fc.weight": torch.linspace(-1.0, 1.0, 6).reshape(2, 3), "fc.bias": torch.ones(2)})
model = model.double()
x = torch.linspace(0.0, 1.0, 6, dtype=torch.float64).reshape(2, 3)
y = model(x)
result = [y, str(y.dtype), str(model.fc.weight.dtype)]
'''


class ModuleCastTest(unittest.TestCase):
    def test_tensorflow_module_cast_is_unsupported_with_warning(self):
        r = convert(MODULE_CAST, "tensorflow")
        warn = [d for d in r["diagnostics"] if d.get("api") == "Module.double"]
        self.assertEqual(len(warn), 1, r["diagnostics"])
        self.assertEqual(warn[0]["line"], 12)
        self.assertNotIn("tf.cast(model", r["code"])

    def test_module_cast_not_a_tensor_cast(self):
        for target in ("jax", "numpy"):
            with self.subTest(target=target):
                r = convert(MODULE_CAST, target)
                self.assertIn("model = model.double()", r["code"])
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])

    def test_numpy_module_cast_casts_weights(self):
        want = run_expr(MODULE_CAST, "result")
        got = run_expr(convert(MODULE_CAST, "numpy")["code"], "result")
        self.assertEqual(got[1:], ["float64", "float64"])
        assert_close(self, got[0], want[0])
