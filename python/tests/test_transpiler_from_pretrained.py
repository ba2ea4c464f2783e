"""nn.Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None): an Embedding starting
from the given rows (torch docs, torch.nn.Embedding.from_pretrained; padding_idx only keeps the
row's gradient at zero, the row is not zeroed). Converted and run on each target: the lookups
equal torch's without any load_state_dict, and verify (which copies the weights) passes."""
from __future__ import annotations

import unittest

from tensorglot import api

from tests.test_transpiler_promotion import TARGETS, check_same
from tests.transpiler_support import convert, run_expr

LOOKUPS = '''
import torch
import torch.nn as nn

class Positions(nn.Module):
    def __init__(self, table):
        super().__init__()
        self.pos = nn.Embedding.from_pretrained(table, freeze=True)
        self.free = nn.Embedding.from_pretrained(table * 2, freeze=False, padding_idx=0)

    def forward(self, positions):
        return self.pos(positions) - self.free(positions)

table = torch.linspace(-1.0, 1.0, 24).reshape(6, 4)
positions = torch.tensor([[0, 1, 2], [3, 4, 5]])
plain = nn.Embedding.from_pretrained(table, padding_idx=2)
out = (Positions(table)(positions), plain(positions))
'''

MODEL = '''
import torch
import torch.nn as nn

class Encoder(nn.Module):
    def __init__(self, table):
        super().__init__()
        self.pos = nn.Embedding.from_pretrained(table, freeze=True)
        self.tok = nn.Embedding(10, 4)

    def forward(self, ids, positions):
        return self.tok(ids) + self.pos(positions)

enc = Encoder(torch.linspace(-1.0, 1.0, 24).reshape(6, 4))
y = enc(torch.tensor([[1, 2, 3], [4, 5, 6]]), torch.tensor([[0, 1, 2], [3, 4, 5]]))
'''


class FromPretrainedTest(unittest.TestCase):
    def test_lookups_match_torch_on_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(LOOKUPS, target)
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                check_same(self, LOOKUPS, target)

    def test_model_verifies_on_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                v = api.verify({"source": MODEL, "to": target})
                self.assertEqual(v["verdict"], "PASS", v)

    def test_freeze_is_keras_trainable(self):
        code = convert(LOOKUPS, "tensorflow")["code"]
        m = "Positions(table)"
        self.assertEqual(run_expr(code, f"[{m}.pos.trainable, {m}.free.trainable]"), [False, True])


if __name__ == "__main__":
    unittest.main()
