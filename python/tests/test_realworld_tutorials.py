"""Constructs met in the official PyTorch tutorials and small classic models (char-RNN
one-hot encoders, GAT layers, LSTMCell sequence models, nn_tutorial's hand-written loss),
in snippets written here: each is converted to every target and run on the emulated
frameworks. Expected values come from real torch 1.13 (noted beside each)."""
import unittest

from tensorglot.transpiler import transpile
from tests.transpiler_support import assert_close, convert, run_expr

TARGETS = ("tensorflow", "jax", "numpy")


def warnings_of(result):
    return [d for d in result["diagnostics"] if d["severity"] in ("warning", "error")]


class ChainedSetitemTest(unittest.TestCase):
    """``t[i][j] = 1`` writes through torch's view (one-hot encoders); ``t[i] += v`` too."""

    SRC = """
import torch
def one_hot_edits(k: int):
    t = torch.zeros(3, 4)
    t[1][k] = 1
    t[0, 2] += 5
    t[2][1] += 2
    t[1][0:2] = 7
    t[2][1] *= 3
    return t
"""
    # real torch 1.13: one_hot_edits(3)
    EXPECTED = [[0.0, 0.0, 5.0, 0.0], [7.0, 7.0, 0.0, 1.0], [0.0, 6.0, 0.0, 0.0]]

    def test_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(self.SRC, target)
                self.assertFalse(warnings_of(r), r["diagnostics"])
                assert_close(self, run_expr(r["code"], "one_hot_edits(3)"), self.EXPECTED)

    def test_readable(self):
        code = convert(self.SRC, "jax")["code"]
        self.assertIn("t = t.at[1, k].set(1)", code)
        self.assertIn("t = t.at[2, 1].set(t[2, 1] + 2)", code)

    def test_slice_first_is_not_merged(self):
        """``t[0:2][1]`` re-indexes the view's first dim: not ``t[0:2, 1]``; left as written."""
        src = "import torch\ndef f():\n    t = torch.zeros(3, 4)\n    t[0:2][1] = 1\n    return t\n"
        self.assertIn("t[0:2][1] = 1", transpile(src, "torch", "jax")["code"])


class TorchSpellingsTest(unittest.TestCase):
    """Spellings real model code uses: ``torch.empty(size=(...))`` (pytorch/examples' GAT),
    ``view(size=...)``, ``permute(dims=...)`` and the batched transpose ``.mT``."""

    CASES = [
        ("""
import torch
def f(n: int):
    w = torch.zeros(size=(n, 3))
    e = torch.ones(size=(2, 3))
    x = torch.arange(6.0).view(size=(3, 2))
    return w.sum() + e.sum() + x.permute(dims=(1, 0))
""", "f(2)", [[6.0, 8.0, 10.0], [7.0, 9.0, 11.0]]),  # real torch 1.13
        ("""
import torch
def scores(src: torch.Tensor, tgt: torch.Tensor):
    return src + tgt.mT
def demo():
    return scores(torch.arange(12.0).reshape(2, 2, 3), torch.arange(12.0).reshape(2, 3, 2))
""", "demo()", [[[0.0, 3.0, 6.0], [4.0, 7.0, 10.0]], [[12.0, 15.0, 18.0], [16.0, 19.0, 22.0]]]),  # real torch 1.13
    ]

    def test_source_runs(self):
        for src, expr, expected in self.CASES:
            assert_close(self, run_expr(src, expr), expected)

    def test_every_target(self):
        for src, expr, expected in self.CASES:
            for target in TARGETS:
                with self.subTest(expr=expr, target=target):
                    r = convert(src, target)
                    self.assertFalse(warnings_of(r), r["diagnostics"])
                    assert_close(self, run_expr(r["code"], expr), expected)

class HelperParameterEvidenceTest(unittest.TestCase):
    """An unannotated helper's parameter is a tensor when a chain of Tensor methods on it ends
    in a torch-only one (``x.exp().sum(-1).log().unsqueeze(-1)``, as in nn_tutorial), so the
    ambiguous ``exp``/``sum``/``log`` before it convert too."""

    SRC = """
import torch
def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)
def demo():
    return log_softmax(torch.tensor([[1.0, 2.0, 3.0], [0.5, 0.0, -0.5]]))
"""
    # real torch 1.13
    EXPECTED = [[-2.4076058864593506, -1.4076058864593506, -0.4076058864593506],
                [-0.6802695989608765, -1.1802695989608765, -1.6802695989608765]]

    def test_every_target(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = convert(self.SRC, target)
                self.assertFalse(warnings_of(r), r["diagnostics"])
                self.assertNotIn(".exp()", r["code"])
                assert_close(self, run_expr(r["code"], "demo()"), self.EXPECTED)

    def test_range_positions_index_the_emulated_torch(self):
        """nn_tutorial's ``-input[range(n), target].mean()``: a range indexes as its list of ints."""
        src = ("import torch\ndef nll(input, target):\n    return -input[range(target.shape[0]), target].mean()\n"
               "def demo():\n    x = torch.tensor([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]]).log()\n"
               "    return nll(x, torch.tensor([2, 0]))\n")
        assert_close(self, run_expr(src, "demo()"), 0.5249110460281372)  # real torch 1.13


if __name__ == "__main__":
    unittest.main()
