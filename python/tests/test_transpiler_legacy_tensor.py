"""torch.Tensor(data): the class called with data is the default-dtype legacy constructor (a
float32 tensor, as torch.FloatTensor(data)); converted, run on each target and compared."""
from __future__ import annotations

import unittest

from tests.test_transpiler_promotion import TARGETS, check_same
from tests.transpiler_support import convert

SRC = '''
import torch
import numpy as np

def batch(rows):
    return torch.Tensor(rows)

data = [[1, 2], [3, 4]]
out = (batch(data), torch.Tensor(np.array(data)), torch.Tensor([0.5, 1.5]) * batch(data))
'''


class TensorConstructorTest(unittest.TestCase):
    def test_tensor_of_data_matches_torch(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(SRC, target)
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                check_same(self, SRC, target)

    def test_annotations_and_isinstance_keep_the_class(self):
        src = "import torch\ndef f(x: torch.Tensor):\n    return isinstance(x, torch.Tensor)\n"
        code = convert(src, "tensorflow")["code"]
        self.assertIn("def f(x: tf.Tensor):", code)
        self.assertIn("isinstance(x, tf.Tensor)", code)


if __name__ == "__main__":
    unittest.main()
