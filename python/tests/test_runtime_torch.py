"""Emulated torch: semantics converters get wrong (DESIGN.md table), in-place/view
behaviour, nn.Module bookkeeping and tracer reporting. Expected values are hand-computed
or taken from torch 1.13's documented behaviour."""
from __future__ import annotations

import math
import unittest
import warnings

from tensorglot.runtime import core, tracer
from tensorglot.runtime import torch
from tensorglot.runtime.torch import nn
from tensorglot.runtime.torch.nn import functional as F
from tests.seed_examples import example_function


class Semantics(unittest.TestCase):
    def test_var_of_one_element_is_nan(self):
        self.assertTrue(math.isnan(torch.var(torch.tensor([3.0])).item()))
        self.assertTrue(math.isnan(torch.var(torch.mean(torch.tensor([[1.0, 2.0, 3.0]]))).item()))
        self.assertEqual(torch.var(torch.tensor([1.0, 3.0]), unbiased=False).item(), 1.0)

    def test_softmax_implicit_dim(self):
        x = torch.tensor([[1.0, 2.0], [3.0, 5.0]])
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            y = F.softmax(x)
        self.assertTrue(any("Implicit dimension" in str(m.message) for m in w))
        # 2-D input: legacy implicit dim is 1 -> rows sum to 1
        self.assertAlmostEqual(y[0].sum().item(), 1.0, places=6)
        self.assertAlmostEqual(y[0, 1].item(), 1 / (1 + math.exp(-1)), places=6)
        x3 = torch.ones(2, 3, 4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y3 = F.softmax(x3)  # 3-D: dim 0
        self.assertAlmostEqual(y3[0, 0, 0].item(), 0.5, places=6)

    def test_dropout_training_by_default(self):
        torch.manual_seed(0)
        y = F.dropout(torch.ones(200))
        vals = set(y.tolist())
        self.assertEqual(vals, {0.0, 2.0})
        self.assertEqual(F.dropout(torch.ones(5), training=False).tolist(), [1.0] * 5)
        d = nn.Dropout(0.5).eval()
        self.assertEqual(d(torch.ones(5)).tolist(), [1.0] * 5)

    def test_argmax_first_index_on_ties(self):
        self.assertEqual(torch.argmax(torch.tensor([1.0, 5.0, 5.0, 0.0])).item(), 1)
        self.assertEqual(torch.tensor([[2, 2], [1, 3]]).argmax(dim=1).tolist(), [0, 1])

    def test_remainder_sign_follows_divisor_fmod_dividend(self):
        x = torch.tensor([-3, 3])
        self.assertEqual((x % 2).tolist(), [1, 1])
        self.assertEqual((x % -2).tolist(), [-1, -1])
        self.assertEqual(torch.fmod(x, 2).tolist(), [-1, 1])

    def test_int64_default_and_true_division(self):
        x = torch.tensor([1, 2, 3])
        self.assertEqual(x.dtype, torch.int64)
        self.assertEqual(repr(x.dtype), "torch.int64")
        y = x / 2
        self.assertEqual(y.dtype, torch.float32)
        self.assertEqual(y.tolist(), [0.5, 1.0, 1.5])
        self.assertEqual((x // 2).tolist(), [0, 1, 1])
        self.assertEqual(torch.div(torch.tensor([-7]), 2, rounding_mode="trunc").tolist(), [-3])
        self.assertEqual(torch.div(torch.tensor([-7]), 2, rounding_mode="floor").tolist(), [-4])
        self.assertEqual(torch.tensor([1.0]).dtype, torch.float32)

    def test_repr(self):
        self.assertEqual(repr(torch.tensor([[1.0, 2.0]])), "tensor([[1., 2.]])")
        self.assertEqual(repr(torch.tensor([1, 2], dtype=torch.int32)), "tensor([1, 2], dtype=torch.int32)")
        self.assertEqual(repr(torch.tensor(0.5)), "tensor(0.5000)")
        self.assertEqual(repr(torch.zeros(2).shape), "torch.Size([2])")

    def test_unsupported_api_is_named(self):
        with self.assertRaises(AttributeError) as cm:
            F.grid_sample
        self.assertIn("torch.nn.functional.grid_sample is not supported by Tensorglot's torch emulation",
                      str(cm.exception))
        with self.assertRaises(TypeError) as cm:
            torch.mean(torch.ones(2), 0, False, 1, 2, 3)
        self.assertIn("torch.mean", str(cm.exception))

    def test_seed_pure_torch(self):
        pure_torch = example_function("seed_tracer_torch", "pure_torch", {"torch": torch})
        # real torch raises on 0-d inputs to cat; the emulation runs the seed's code and warns
        with self.assertWarnsRegex(UserWarning, "zero-dimensional"):
            out = pure_torch(torch.tensor([[1.0, 2.0, 3.0]])).tolist()
        self.assertAlmostEqual(out[0], math.cos(6.0), places=6)
        self.assertTrue(math.isnan(out[1]))
        self.assertAlmostEqual(out[2], math.tan(2.0), places=5)


class InPlace(unittest.TestCase):
    def test_augmented_assignment_mutates_shared_object(self):
        x = torch.tensor([1.0, 2.0])
        y = x
        y += 1
        self.assertEqual(x.tolist(), [2.0, 3.0])
        x.mul_(2).sub_(1)
        self.assertEqual(y.tolist(), [3.0, 5.0])

    def test_setitem(self):
        x = torch.zeros(2, 3)
        x[0] = 5
        x[1, 2] = -1.0
        x[x < 0] = 7.0
        self.assertEqual(x.tolist(), [[5.0, 5.0, 5.0], [0.0, 0.0, 7.0]])

    def test_views_share_storage(self):
        x = torch.arange(6.0).reshape(2, 3)
        row = x[1]
        row[0] = 100.0
        self.assertEqual(x[1, 0].item(), 100.0)
        flat = x.view(-1)
        x[0, 0] = -5.0
        self.assertEqual(flat[0].item(), -5.0)
        t = x.t()
        t[2, 0] = 9.0
        self.assertEqual(x[0, 2].item(), 9.0)
        clone = x.clone()
        clone[0, 0] = 1234.0
        self.assertEqual(x[0, 0].item(), -5.0)

    def test_in_place_methods(self):
        x = torch.tensor([[1.0, -2.0], [3.0, -4.0]])
        x.clamp_(min=0.0)
        self.assertEqual(x.tolist(), [[1.0, 0.0], [3.0, 0.0]])
        x.masked_fill_(x == 0, -1.0)
        self.assertEqual(x.tolist(), [[1.0, -1.0], [3.0, -1.0]])
        x.zero_().add_(2)
        self.assertEqual(x.tolist(), [[2.0, 2.0], [2.0, 2.0]])
        x.fill_(3).copy_(torch.tensor([1.0, 2.0]))
        self.assertEqual(x.tolist(), [[1.0, 2.0], [1.0, 2.0]])
        i = torch.tensor([1, 2])
        with self.assertRaises(RuntimeError):
            i += 0.5  # float result cannot be cast back to int64, as in torch


class Modules(unittest.TestCase):
    def make(self):
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(1, 2, 3)
                self.bn = nn.BatchNorm2d(2)
                self.head = nn.Sequential(nn.Flatten(), nn.Linear(8, 3))
                self.register_buffer("scale", torch.ones(1))

            def forward(self, x):
                return self.head(self.bn(self.conv(x))) * self.scale
        return Net()

    def test_state_dict_names_and_shapes(self):
        sd = self.make().state_dict()
        self.assertEqual({k: tuple(v.shape) for k, v in sd.items()}, {
            "scale": (1,), "conv.weight": (2, 1, 3, 3), "conv.bias": (2,), "bn.weight": (2,), "bn.bias": (2,),
            "bn.running_mean": (2,), "bn.running_var": (2,), "bn.num_batches_tracked": (),
            "head.1.weight": (3, 8), "head.1.bias": (3,)})
        self.assertEqual(list(sd)[:3], ["scale", "conv.weight", "conv.bias"])
        self.assertEqual(len(list(self.make().parameters())), 6)
        self.assertEqual([n for n, _ in self.make().named_modules()], ["", "conv", "bn", "head", "head.0", "head.1"])

    def test_load_state_dict_roundtrip(self):
        a, b = self.make().eval(), self.make().eval()
        x = torch.randn(1, 1, 4, 4)
        self.assertNotEqual(a(x).tolist(), b(x).tolist())
        b.load_state_dict(a.state_dict())
        self.assertEqual(a(x).tolist(), b(x).tolist())
        sd = a.state_dict()
        del sd["conv.bias"]
        with self.assertRaises(RuntimeError) as cm:
            b.load_state_dict(sd)
        self.assertIn('Missing key(s) in state_dict: "conv.bias"', str(cm.exception))
        self.assertEqual(b.load_state_dict(sd, strict=False).missing_keys, ["conv.bias"])

    def test_batchnorm_running_stats(self):
        bn = nn.BatchNorm1d(2)
        x = torch.tensor([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])
        y = bn(x)
        # batch mean (3, 30); unbiased var (4, 700); running = 0.9 * init + 0.1 * batch
        self.assertEqual([round(v, 5) for v in bn.running_mean.tolist()], [0.3, 3.0])
        self.assertEqual([round(v, 4) for v in bn.running_var.tolist()], [0.9 + 0.4, 0.9 + 70.0])
        self.assertEqual(bn.num_batches_tracked.item(), 1)
        # output normalised with the biased batch variance 8/3
        self.assertAlmostEqual(y[0, 0].item(), (1 - 3) / math.sqrt(8 / 3 + 1e-5), places=5)
        bn.eval()
        y2 = bn(x)
        self.assertAlmostEqual(y2[0, 0].item(), (1 - 0.3) / math.sqrt(1.3 + 1e-5), places=5)

    def test_linear_default_init_bounds(self):
        lin = nn.Linear(16, 4)
        bound = 1 / math.sqrt(16)
        self.assertTrue(all(abs(v) <= bound for v in lin.weight.flatten().tolist()))
        self.assertTrue(all(abs(v) <= bound for v in lin.bias.tolist()))
        self.assertEqual(repr(lin), "Linear(in_features=16, out_features=4, bias=True)")

    def test_containers_and_modes(self):
        seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Dropout())
        self.assertEqual(len(seq), 3)
        self.assertIsInstance(seq[1], nn.ReLU)
        self.assertEqual(len(seq[:2]), 2)
        seq.eval()
        self.assertFalse(seq[2].training)
        ml = nn.ModuleList([nn.Linear(1, 1) for _ in range(3)])
        self.assertEqual(len(list(ml.parameters())), 6)
        md = nn.ModuleDict({"a": nn.Identity()})
        self.assertIn("a", md)

    def test_recurrent_shapes(self):
        lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True)
        out, (h, c) = lstm(torch.randn(4, 7, 3))
        self.assertEqual((tuple(out.shape), tuple(h.shape), tuple(c.shape)), ((4, 7, 5), (2, 4, 5), (2, 4, 5)))
        self.assertEqual(tuple(lstm.weight_ih_l0.shape), (20, 3))
        gru = nn.GRU(3, 4, bidirectional=True)
        out, h = gru(torch.randn(6, 2, 3))
        self.assertEqual((tuple(out.shape), tuple(h.shape)), ((6, 2, 8), (2, 2, 4)))

    def test_gru_cell_matches_hand_computation(self):
        cell = nn.GRUCell(1, 1)
        for p in cell.parameters():
            p.data.fill_(0.5)
        h = cell(torch.tensor([[1.0]]), torch.tensor([[2.0]]))
        s = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
        r = s(0.5 + 0.5 + 1.0 + 0.5)
        z = r
        n = math.tanh(0.5 + 0.5 + r * (1.0 + 0.5))
        self.assertAlmostEqual(h.item(), (1 - z) * n + z * 2.0, places=5)

    def test_mha_batch_first_equivalence(self):
        torch.manual_seed(1)
        m1 = nn.MultiheadAttention(4, 2)
        m2 = nn.MultiheadAttention(4, 2, batch_first=True)
        m2.load_state_dict(m1.state_dict())
        x = torch.randn(3, 2, 4)  # (L, N, E)
        o1, w1 = m1(x, x, x)
        o2, w2 = m2(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1))
        for a, b in zip(o1.transpose(0, 1).flatten().tolist(), o2.flatten().tolist()):
            self.assertAlmostEqual(a, b, places=5)
        self.assertEqual(tuple(w1.shape), (2, 3, 3))
        self.assertAlmostEqual(w1[0, 0].sum().item(), 1.0, places=5)


class _Recorder:
    def __init__(self):
        self.calls = []

    def record(self, label, func, args, kwargs, result):
        self.calls.append((label, func, args, kwargs, result))


class Tracing(unittest.TestCase):
    def setUp(self):
        self.saved = tracer.ACTIVE
        self.rec = _Recorder()

    def start(self):
        tracer.ACTIVE = self.rec

    def tearDown(self):
        tracer.ACTIVE = self.saved

    def test_method_and_function_record_the_same_label(self):
        x = torch.ones(2, 2)
        self.start()
        x.mean()
        torch.mean(x)
        self.assertEqual([c[0] for c in self.rec.calls], ["torch.mean", "torch.mean"])

    def test_outermost_call_only_and_replayable(self):
        x = torch.tensor([[1.0, 2.0]])
        self.start()
        F.scaled_dot_product_attention(x, x, x)
        self.assertEqual([c[0] for c in self.rec.calls], ["torch.nn.functional.scaled_dot_product_attention"])
        label, func, args, kwargs, result = self.rec.calls[0]
        tracer.ACTIVE = None
        self.assertEqual(func(*args, **kwargs).tolist(), result.tolist())

    def test_in_place_records_itself(self):
        x = torch.ones(2)
        self.start()
        x += 1
        x[0] = 3.0
        self.assertEqual([c[0] for c in self.rec.calls], ["Tensor.__iadd__", "Tensor.__setitem__"])
        self.assertIs(self.rec.calls[-1][4], x)


if __name__ == "__main__":
    unittest.main()
