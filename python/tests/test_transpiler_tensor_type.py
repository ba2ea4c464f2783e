"""``x.type(dtype)`` is a cast like ``x.to(dtype)`` on every target."""
import unittest

from tensorglot.runtime.sandbox import execute
from tensorglot.transpiler import transpile

SRC = "import torch\nx = torch.tensor([1.7, -2.2])\ny = x.type(torch.int64)\nprint(str(y.dtype), y.tolist())\n"


class TensorTypeTest(unittest.TestCase):
    def test_cast(self):
        for target in ("tensorflow", "jax", "numpy"):
            with self.subTest(target=target):
                r = transpile(SRC, "torch", target)
                self.assertFalse([d for d in r["diagnostics"] if d["severity"] == "warning"], r["diagnostics"])
                out = execute(r["code"])[0]
                self.assertIsNone(out["error"], out["error"])
                self.assertIn("[1, -2]", out["stdout"])


if __name__ == "__main__":
    unittest.main()
