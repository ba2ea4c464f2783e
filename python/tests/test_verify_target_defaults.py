"""Verify and a target's documented default dtypes: JAX runs with 64-bit types disabled, so
torch's int64 results (argmax, indices) come back int32 -- JAX's documented default
(https://jax.readthedocs.io/en/latest/default_dtypes.html; "Sharp bits: double (64 bit)
precision", https://jax.readthedocs.io/en/latest/notebooks/Common_Gotchas_in_JAX.html).
That is PASS with a note when the values agree; a different kind (int vs float) still FAILs."""
import unittest

from tensorglot import api
from tensorglot.engine import NDArray
from tensorglot.verify.compare import FAIL, INACCURATE, PASS, compare_leaf



def arr(values, dtype):
    return NDArray(values, (len(values),), dtype)


class NarrowDefaultLeafTest(unittest.TestCase):
    def test_jax_int32_for_int64_passes_with_a_note(self):
        r = compare_leaf(arr([3, 0, 2], "int64"), arr([3, 0, 2], "int32"), "idx", target="jax")
        self.assertEqual(r["verdict"], PASS)
        self.assertIn("int32 for int64", r["message"])
        self.assertIn("https://jax.readthedocs.io/en/latest/default_dtypes.html", r["message"])

    def test_jax_float32_for_float64_compares_values(self):
        r = compare_leaf(arr([0.5, 1.5], "float64"), arr([0.5, 1.5], "float32"), "y", target="jax")
        self.assertEqual(r["verdict"], PASS)
        r = compare_leaf(arr([0.5, 1.5], "float64"), arr([0.5, 1.75], "float32"), "y", target="jax")
        self.assertEqual(r["verdict"], INACCURATE)
        self.assertIn("float32 for float64", r["message"])

    def test_wrong_values_are_not_hidden(self):
        r = compare_leaf(arr([3, 0, 2], "int64"), arr([3, 1, 2], "int32"), "idx", target="jax")
        self.assertNotEqual(r["verdict"], PASS)

    def test_kind_mismatch_still_fails(self):
        for src, tgt in (("int64", "float32"), ("float32", "int32"), ("int64", "int16")):
            with self.subTest(src=src, tgt=tgt):
                r = compare_leaf(arr([1, 2], src), arr([1, 2], tgt), "y", target="jax")
                self.assertEqual(r["verdict"], FAIL)
                self.assertIn("dtype differs", r["message"])

    def test_other_targets_keep_the_dtype_strict(self):
        for target in ("tensorflow", "numpy", None):
            with self.subTest(target=target):
                r = compare_leaf(arr([1, 2], "int64"), arr([1, 2], "int32"), "y", target=target)
                self.assertEqual(r["verdict"], FAIL)


SOURCE = '''
import torch
import torch.nn as nn

class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        logits = self.fc(x)
        return logits.argmax(dim=-1), logits

tagger = Tagger()
tags, logits = tagger(torch.randn(2, 5, 4))
'''


class VerifyJaxIndicesTest(unittest.TestCase):
    def test_int64_indices_verify_pass_on_jax_with_note(self):
        r = api.verify({"source": SOURCE, "to": "jax"})
        self.assertEqual(r["verdict"], PASS, r)
        idx = [o for o in r["outputs"] if o["dtype"] == "int64"]
        self.assertEqual(len(idx), 1, r["outputs"])
        self.assertIn("JAX's default", idx[0]["message"])
        floats = [o for o in r["outputs"] if o["dtype"] == "float32"]
        self.assertTrue(floats and all(o["message"] is None for o in floats), r["outputs"])


if __name__ == "__main__":
    unittest.main()
