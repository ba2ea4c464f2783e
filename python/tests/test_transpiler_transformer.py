"""nn.Transformer* and nn.MultiheadAttention converted to every target: helper classes that keep
torch's sub-layer names (layers.0.self_attn.in_proj_weight...) load the source model's state_dict
and compute the same numbers (Verify PASS). The torch emulation itself is checked against real
torch 1.13 by the golden cases (tests/golden_cases.py)."""
import unittest

from tensorglot.runtime.sandbox import execute
from tensorglot.transpiler import transpile
from tensorglot.verify import verify

TARGETS = ("tensorflow", "jax", "numpy")

SEQ2SEQ = '''import torch
import torch.nn as nn


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.t = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=16,
                                batch_first=True, norm_first=True)

    def forward(self, src, tgt, mask, pad):
        return self.t(src, tgt, tgt_mask=mask, memory_key_padding_mask=pad)


model = Seq2Seq()
model.eval()
out = model(torch.randn(2, 5, 8), torch.randn(2, 3, 8), nn.Transformer.generate_square_subsequent_mask(3),
            torch.tensor([[False, False, False, True, True], [False] * 5]))
'''

ATTENTION = '''import torch
import torch.nn as nn


class Attend(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 4)
        self.dec = nn.TransformerDecoderLayer(8, 2, 12, activation="gelu")

    def forward(self, x, memory):
        y, w = self.attn(x, memory, memory, attn_mask=torch.zeros(3, 5) - torch.eye(3, 5))
        return self.dec(y, memory), w


m = Attend()
m.eval()
out = m(torch.randn(3, 2, 8), torch.randn(5, 2, 8))
'''


class TransformerConversionTest(unittest.TestCase):
    def test_verify_pass(self):
        for name, src in (("seq2seq", SEQ2SEQ), ("attention", ATTENTION)):
            for target in TARGETS:
                with self.subTest(model=name, target=target):
                    v = verify({"source": src, "to": target, "layers": "never"})
                    self.assertIsNone(v["error"], v["error"])
                    self.assertEqual(v["verdict"], "PASS", v["outputs"])

    def test_no_unconverted_transformer_apis(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = transpile(SEQ2SEQ, "torch", target)
                self.assertFalse([d for d in r["diagnostics"] if d["severity"] in ("warning", "error")])
                self.assertIn("TorchTransformer(", r["code"])

    def test_square_subsequent_mask(self):
        """The converted generate_square_subsequent_mask runs on each target: -inf above the diagonal."""
        src = "import torch.nn as nn\nm = nn.Transformer.generate_square_subsequent_mask(3)\nprint(m.tolist())\n"
        inf = float("-inf")
        for target in TARGETS:
            with self.subTest(target=target):
                code = transpile(src, "torch", target)["code"]
                r = execute(code)[0]
                self.assertIsNone(r["error"], r["error"])
                self.assertEqual(eval(r["stdout"], {"inf": float("inf")}), [[0.0, inf, inf], [0.0, 0.0, inf],
                                                                            [0.0, 0.0, 0.0]])


if __name__ == "__main__":
    unittest.main()
