"""TensorFlow target: torch module attributes whose names a Keras layer reserves.

tf.keras.layers.Layer (https://keras.io/api/layers/base_layer/) defines ``weights``,
``trainable_weights``, ``non_trainable_weights``, ``variables``, ``dtype``, ``name``, ``input``,
``output``, ``losses``... as properties: ``self.weights = nn.Parameter(...)`` in a converted
nn.Module would raise (no setter) or change the layer's meaning (``trainable``). The converted
class renames such an attribute everywhere in the class; load_state_dict/state_dict keep the
torch name.
"""
import re
import unittest

from tensorglot.transpiler.targets import TARGETS
from tests.transpiler_support import assert_close, convert, run_expr

LOGISTIC = """import math
import torch
import torch.nn as nn


class Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(784, 10) / math.sqrt(784))
        self.bias = nn.Parameter(torch.zeros(10))

    def forward(self, xb):
        return xb @ self.weights + self.bias
"""

# several reserved names, a buffer, an augmented update, a subclass and a submodule
MIXED = """import torch
import torch.nn as nn


class Scaler(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.variables = nn.Parameter(torch.ones(n))
        self.register_buffer("losses", torch.linspace(0.0, 1.0, n))
        self.name = "scaler"
        self.trainable = True

    def forward(self, x):
        out = x * self.variables + self.losses
        if self.trainable and self.name == "scaler":
            out = out + 1.0
        return out


class Wider(Scaler):
    def forward(self, x):
        return (x + self.losses) * self.variables.sum()


class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Wider(3)
        self.weights = nn.Parameter(torch.full((3,), 0.5))

    def forward(self, x):
        return self.inner(x) - self.weights
"""

_STATE = ("sd = {'inner.variables': torch.tensor([1.0, -2.0, 0.5]), 'inner.losses': torch.tensor([0.0, 3.0, -1.0]), "
          "'weights': torch.tensor([0.25, 0.5, 0.75])}\n")


class KerasReservedAttrsTest(unittest.TestCase):
    maxDiff = None

    def test_emulated_layer_properties_are_reserved(self):
        from tensorglot.runtime.tensorflow.keras.layers import Layer
        read_only = {n for n in dir(Layer) if isinstance(getattr(Layer, n, None), property)
                     and getattr(Layer, n).fset is None}
        self.assertIn("weights", read_only)
        self.assertLessEqual(read_only, TARGETS["tensorflow"].reserved_attrs)

    def test_logistic_renamed_and_verified(self):
        r = convert(LOGISTIC)
        code = r["code"]
        self.assertIsNone(re.search(r"self\.weights\b(?!_)", code), code)
        self.assertEqual(code.count("self.weights_"), 2, code)
        self.assertIn("self.bias", code)
        infos = [d for d in r["diagnostics"] if "self.weights" in d["message"]]
        self.assertEqual([(d["severity"], d["line"]) for d in infos], [("info", 9)])
        self.assertIn("'weights'", infos[0]["message"])
        from tensorglot.verify import verify
        v = verify({"source": LOGISTIC, "to": "tensorflow", "entry": "Logistic", "inputs": {"xb": "float32[2,784]"}})
        self.assertEqual(v["verdict"], "PASS", v)

    def test_state_dict_keeps_torch_names(self):
        r = convert(MIXED)
        code = r["code"]
        for attr in ("variables", "losses", "name", "trainable", "weights"):
            self.assertIsNone(re.search(rf"self\.{attr}\b(?!_)", code), attr + "\n" + code)
        body = MIXED + _STATE + ("m = Outer()\nm.load_state_dict(sd)\nx = torch.tensor([[1.0, 2.0, 3.0]])\n"
                                 "keys = sorted(m.state_dict())\n")
        conv = convert(body)["code"]
        self.assertNotIn("unsupported", conv)
        assert_close(self, run_expr(conv, "m(x)"), run_expr(body, "m(x)"))
        self.assertEqual(run_expr(conv, "keys"), ["inner.losses", "inner.variables", "weights"])
        self.assertEqual(run_expr(body, "keys"), ["inner.losses", "inner.variables", "weights"])


if __name__ == "__main__":
    unittest.main()
