"""torch.nn layers converted to tensorflow compute what torch computes on the same weights.

Each case wraps one layer in an nn.Module, runs it on the emulated torch, converts the file,
loads the torch state_dict into the converted Keras layer and compares outputs (atol 1e-4).
Tuple outputs (RNN states, attention weights) are compared element-wise.
"""
import unittest

from tests.transpiler_support import assert_close, convert, run_expr

_SRC = '''import torch
import torch.nn as nn


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = {ctor}

    def forward(self, x):
        return {call}
'''

_TORCH = '''
torch.manual_seed(0)
_m = M()
_m.eval()
_x = {input}
_result = {{"x": _x.tolist(), "sd": {{k: v.tolist() for k, v in _m.state_dict().items()}}, "y": _m(_x)}}
'''

_TF = '''
_m = M()
_m.load_state_dict({sd!r})
_y = _m(tf.constant({x!r}))
'''

# (constructor, forward expression over self.layer and x, input)
CASES = [
    ("nn.LSTM(3, 4)", "self.layer(x)", "torch.randn(5, 2, 3)"),
    ("nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)", "self.layer(x)", "torch.randn(2, 5, 3)"),
    ("nn.LSTM(3, 4, bias=False)", "self.layer(x)[0]", "torch.randn(4, 1, 3)"),
    ("nn.GRU(3, 4)", "self.layer(x)", "torch.randn(5, 2, 3)"),
    ("nn.GRU(3, 4, num_layers=2, batch_first=True)", "self.layer(x)", "torch.randn(2, 5, 3)"),
    ("nn.GRU(3, 4, bidirectional=True)", "self.layer(x)", "torch.randn(3, 2, 3)"),
    ("nn.RNN(3, 4)", "self.layer(x)", "torch.randn(5, 2, 3)"),
    ("nn.RNN(3, 4, nonlinearity='relu', batch_first=True)", "self.layer(x)", "torch.randn(2, 5, 3)"),
    ("nn.LSTMCell(3, 4)", "self.layer(x)", "torch.randn(2, 3)"),
    ("nn.GRUCell(3, 4)", "self.layer(x)", "torch.randn(2, 3)"),
    ("nn.RNNCell(3, 4)", "self.layer(x)", "torch.randn(2, 3)"),
    ("nn.MultiheadAttention(8, 2)", "self.layer(x, x, x)", "torch.randn(5, 2, 8)"),
    ("nn.MultiheadAttention(8, 4, batch_first=True)", "self.layer(x, x, x, need_weights=False)[0]",
     "torch.randn(2, 5, 8)"),
    ("nn.MultiheadAttention(8, 2)",
     "self.layer(x, x, x, attn_mask=torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1))",
     "torch.randn(5, 2, 8)"),
    ("nn.GroupNorm(2, 4)", "self.layer(x)", "torch.randn(2, 4, 3, 3)"),
    ("nn.GroupNorm(1, 4, eps=1e-3, affine=False)", "self.layer(x)", "torch.randn(2, 4, 3, 3)"),
    ("nn.InstanceNorm2d(3)", "self.layer(x)", "torch.randn(2, 3, 4, 4)"),
    ("nn.InstanceNorm2d(3, affine=True)", "self.layer(x)", "torch.randn(2, 3, 4, 4)"),
    ("nn.Upsample(scale_factor=2)", "self.layer(x)", "torch.randn(1, 2, 3, 3)"),
    # legacy 'nearest' (floor(i * in / out)) differs from 'nearest-exact' on 3 -> 5
    ("nn.Upsample(size=(5, 5))", "self.layer(x)", "torch.arange(9.0).view(1, 1, 3, 3)"),
    ("nn.Upsample(size=(5, 5), mode='nearest-exact')", "self.layer(x)", "torch.arange(9.0).view(1, 1, 3, 3)"),
    ("nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False)", "self.layer(x)",
     "torch.randn(1, 2, 3, 3)"),
    ("nn.Upsample(size=(4, 5), mode='bilinear', align_corners=True)", "self.layer(x)", "torch.randn(1, 2, 3, 3)"),
    ("nn.PixelShuffle(2)", "self.layer(x)", "torch.randn(1, 8, 2, 3)"),
    ("nn.ReflectionPad2d(1)", "self.layer(x)", "torch.randn(1, 2, 3, 3)"),
    ("nn.ReflectionPad2d((1, 0, 2, 1))", "self.layer(x)", "torch.randn(1, 2, 3, 3)"),
    ("nn.ZeroPad2d((1, 2, 0, 1))", "self.layer(x)", "torch.randn(1, 2, 3, 3)"),
    ("nn.ConstantPad2d(1, 0.5)", "self.layer(x)", "torch.randn(1, 1, 2, 2)"),
    ("nn.ReplicationPad2d(2)", "self.layer(x)", "torch.randn(1, 1, 2, 3)"),
    # padding: torch pads symmetrically; TF 'SAME' with stride 2 would pad 0 before / 1 after here
    ("nn.Conv2d(1, 2, 3, stride=2, padding=1)", "self.layer(x)", "torch.randn(1, 1, 6, 6)"),
    # even kernel, padding='same': the odd extra row/column goes after, in torch as in TF
    ("nn.Conv2d(2, 1, 4, padding='same')", "self.layer(x)", "torch.randn(1, 2, 5, 5)"),
    ("nn.MaxPool2d(3, stride=2, padding=1)", "self.layer(x)", "torch.randn(1, 2, 6, 6)"),
    ("nn.Conv1d(2, 3, 3, padding=2, dilation=2)", "self.layer(x)", "torch.randn(2, 2, 7)"),
    # LayerNorm over two trailing dims
    ("nn.LayerNorm((3, 4))", "self.layer(x)", "torch.randn(2, 3, 4)"),
    ("nn.LayerNorm(4, eps=1e-3, elementwise_affine=False)", "self.layer(x)", "torch.randn(2, 3, 4)"),
]


class LayerTextTest(unittest.TestCase):
    def test_converted_without_torch(self):
        for ctor, call, _ in CASES:
            with self.subTest(ctor=ctor):
                r = convert(_SRC.format(ctor=ctor, call=call))
                self.assertEqual(r["stats"]["unsupported"], 0, r["diagnostics"])
                self.assertNotIn("import torch", r["code"].replace("torch.triu", ""))

    def test_keras_classes_where_keras_has_them(self):
        code = convert(_SRC.format(ctor="nn.GroupNorm(2, 4, eps=1e-3)", call="self.layer(x)"))["code"]
        self.assertIn("tf.keras.layers.GroupNormalization(groups=2, axis=1, epsilon=0.001)", code)
        code = convert(_SRC.format(ctor="nn.InstanceNorm2d(3)", call="self.layer(x)"))["code"]
        self.assertIn("tf.keras.layers.GroupNormalization(groups=3, axis=1, epsilon=1e-05, center=False, "
                      "scale=False)", code)
        code = convert(_SRC.format(ctor="nn.ReflectionPad2d(1)", call="self.layer(x)"))["code"]
        self.assertIn("TorchPad2d(1, mode='reflect')", code)


class LayerNumericTest(unittest.TestCase):
    def test_layers(self):
        for ctor, call, inp in CASES:
            with self.subTest(ctor=ctor, call=call):
                src = _SRC.format(ctor=ctor, call=call)
                r = convert(src)
                ref = run_expr(src + _TORCH.format(input=inp), "_result")
                got = run_expr(r["code"] + _TF.format(sd=ref["sd"], x=ref["x"]), "_y")
                assert_close(self, got, ref["y"], tol=1e-4)


if __name__ == "__main__":
    unittest.main()
