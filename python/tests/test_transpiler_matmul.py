"""torch.matmul / @ with 1-D operands (torch docs, torch.matmul: a 1-D first operand gets a 1
prepended and removed after, a 1-D second operand a 1 appended; two vectors give their dot product).
tf.linalg.matmul needs rank >= 2 operands, so the TF output goes through a helper; torch.mm / bmm
keep tf.linalg.matmul. Each snippet runs on the emulated torch and, converted, on each target."""
from __future__ import annotations

import unittest

from tests.test_transpiler_promotion import TARGETS, check_same
from tests.transpiler_support import convert

VECTORS = '''
import torch
v = torch.linspace(-1.0, 1.0, 3)
m = torch.linspace(0.0, 1.0, 6).reshape(2, 3)
b = torch.linspace(0.0, 2.0, 24).reshape(4, 2, 3)

def project(x, w):
    return x @ w

out = (torch.matmul(v, v), m @ v, v @ m.T, torch.matmul(b, v), v @ b.transpose(1, 2),
       m.matmul(m.T), b @ b.transpose(1, 2), v.matmul(m.T), project(v, m.T), project(m, v),
       torch.mm(m, m.T), torch.bmm(b, b.transpose(1, 2)))
'''


class MatmulVectorTest(unittest.TestCase):
    def test_vector_operands_match_torch_on_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                check_same(self, VECTORS, target)

    def test_fixed_rank_apis_keep_tf_matmul(self):
        code = convert(VECTORS, "tensorflow")["code"]
        self.assertIn("tf.linalg.matmul(m, tf.transpose(m))", code)
        self.assertIn("return _tg_matmul(x, w)", code)

    def test_operands_known_to_be_matrices_keep_tf_matmul(self):
        # view(B, T, h, d) and transpose(-2, -1) prove >= 2 axes; softmax, masked_fill and
        # dropout keep them: no helper where tf.linalg.matmul is exact
        src = '''
import torch
import torch.nn as nn
import torch.nn.functional as F

class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.0)

    def forward(self, x, mask):
        B, T, C = x.size()
        q = x.view(B, T, 2, C // 2).transpose(1, 2)
        att = (q @ q.transpose(-2, -1)) * 0.5
        att = self.drop(F.softmax(att.masked_fill(mask == 0, float("-inf")), dim=-1))
        return (att @ q).transpose(1, 2).reshape(B, T, C)

x = torch.linspace(-1.0, 1.0, 24).reshape(2, 3, 4)
out = (Heads().eval()(x, torch.tril(torch.ones(3, 3))),)
'''
        code = check_same(self, src, "tensorflow")
        self.assertNotIn("_tg_matmul", code)
        self.assertIn("_tg_swapaxes(att @ q, 1, 2)", code)
        for target in ("jax", "numpy"):
            with self.subTest(target=target):
                check_same(self, src, target)


if __name__ == "__main__":
    unittest.main()
