"""More idioms of public PyTorch vision code (SRGAN/ESRGAN/StarGAN-style blocks, EfficientNet
drop-connect, GAN generators): written here in the idiom's shape, converted to every target and
verified (the converted code, given the source's weights, computes the same numbers)."""
import unittest

from tensorglot.transpiler import transpile
from tests.transpiler_support import assert_converts, assert_cases_verify

from tensorglot.verify import verify

TARGETS = ("tensorflow", "jax", "numpy")

#: nn.PReLU (one and per-channel slopes), F.prelu with a learned slope, InstanceNorm with an affine
#: transform and running statistics (used in eval mode), InstanceNorm1d
PRELU_INSTANCE_NORM = '''import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, channels):
        super(Block, self).__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.act = nn.PReLU()
        self.act_c = nn.PReLU(num_parameters=channels, init=0.1)
        self.norm = nn.InstanceNorm2d(channels, affine=True, track_running_stats=True)
        self.norm1d = nn.InstanceNorm1d(channels, track_running_stats=True)
        self.slope = nn.Parameter(torch.tensor([0.3]))

    def forward(self, x):
        y = self.act_c(self.norm(self.conv(x)))
        z = self.norm1d(self.act(x).flatten(2))
        return F.prelu(y, self.slope) + z.view(x.shape)


block = Block(3)
block.eval()
out = block(torch.randn(2, 3, 4, 4))
'''

#: submodules called through a plain list, a ModuleList (loop, comprehension, index), a Sequential and a
#: ModuleDict: their results are tensors, so .mul/.add/.sum/.view on them convert
MODULE_CONTAINERS = '''import torch
import torch.nn as nn


class Dense(nn.Module):
    def __init__(self, c, scale=0.2):
        super(Dense, self).__init__()
        self.scale = scale
        self.b1 = nn.Conv2d(c, c, 3, padding=1)
        self.b2 = nn.Conv2d(2 * c, c, 3, padding=1)
        self.blocks = [self.b1, self.b2]
        self.branches = nn.ModuleList([nn.Conv2d(c, c, 1), nn.Conv2d(c, c, 3, padding=1)])
        self.heads = nn.ModuleDict({"a": nn.Conv2d(c, c, 1)})
        self.seq = nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, 1))

    def forward(self, x):
        inputs = x
        for block in self.blocks:
            out = block(inputs)
            inputs = torch.cat([inputs, out], 1)
        y = out.mul(self.scale).add(x)
        outs = [b(y) for b in self.branches]
        z = torch.cat(outs, 1).sum(1, keepdim=True)
        for i, layer in enumerate(self.seq):
            y = layer(y)
        for name, head in self.heads.items():
            y = head(y).add(z)
        w = self.branches[1](y)
        return w.view(w.size(0), -1).mul(2) + z.sum()


m = Dense(2)
m.eval()
r = m(torch.randn(1, 2, 4, 4))
'''

#: drop-connect / stochastic depth: a per-sample mask from Tensor.bernoulli_ (keep ratio 1 and
#: probabilities 0/1 make the draws deterministic, so the numbers compare)
DROP_CONNECT = '''import torch


def drop_connect(x, keep_ratio):
    mask = torch.empty([x.shape[0], 1, 1, 1], dtype=x.dtype, device=x.device)
    mask.bernoulli_(keep_ratio)
    x = x / keep_ratio
    return x * mask, torch.bernoulli(torch.ones_like(x)).mul(x), x.new_zeros(x.shape).bernoulli().sum()


out = drop_connect(torch.randn(2, 3, 4, 4), 1.0)
'''

#: GAN noise: the legacy typed constructor chosen by device (``torch.cuda.FloatTensor if mu.is_cuda else
#: torch.FloatTensor``, ``mu`` a plain method parameter) over a NumPy array (the noise is scaled to 0)
LEGACY_CUDA_TENSOR = '''import numpy as np
import torch
import torch.nn as nn
from torch.autograd import Variable


class Enc(nn.Module):
    def __init__(self):
        super(Enc, self).__init__()
        self.fc = nn.Linear(3, 3)

    def reparameterization(self, mu):
        Tensor = torch.cuda.FloatTensor if mu.is_cuda else torch.FloatTensor
        z = Variable(Tensor(np.random.normal(0, 1, mu.shape)))
        return z + mu

    def forward(self, x):
        mu = self.fc(x)
        return mu, self.reparameterization(mu) * 0


e = Enc()
y = e(torch.ones(2, 3))
'''

#: children built by helper functions (a nested ``def block(...)`` returning nn.Sequential, a top-level
#: one), kept in a plain list and run by a loop whose variable shadows the helper's name
MODULE_FACTORIES = '''import torch
import torch.nn as nn


def stage(c):
    return nn.Sequential(nn.Conv2d(c, c, 1), nn.LeakyReLU(0.2))


class Residual(nn.Module):
    def __init__(self, c, scale=0.5):
        super(Residual, self).__init__()
        self.scale = scale

        def block(n_in, act=True):
            layers = [nn.Conv2d(n_in, c, 3, 1, 1)]
            if act:
                layers += [nn.ReLU()]
            return nn.Sequential(*layers)

        self.first = block(c)
        self.second = block(2 * c, act=False)
        self.third = stage(c)
        self.blocks = [self.first, self.second]
        self.head = nn.Conv2d(c, c, 1)
        self.heads = {"scale": self.head}  # a plain dict: its modules are registered as attributes

    def forward(self, x):
        inputs = x
        for block in self.blocks:
            out = block(inputs)
            inputs = torch.cat([inputs, out], 1)
        return self.third(out).mul(self.scale).add(x) + self.heads["scale"](x).sum(1, keepdim=True)


res = Residual(2)
res.eval()
y = res(torch.randn(1, 2, 4, 4))
'''

#: a size given as one value: spread (``*shape``), a name bound to a tuple, a shape, an int
VIEW_FORMS = '''import torch


def regroup(x, groups):
    shape = (x.size(0), groups, -1)
    a = x.view(*shape)
    b = x.reshape(shape)
    c = x.view(x.size())
    n = x.numel()
    d = x.view(n)
    e = x.reshape(x.size(0) * x.size(1) * 3)
    return a + 1, b * 2, c, d, e


out = regroup(torch.randn(2, 4, 3), 2)
'''

#: a norm layer class passed as a constructor argument, built with and without running statistics
NORM_LAYER_ARGUMENT = '''import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, c, norm_layer=nn.InstanceNorm2d):
        super(Block, self).__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.norm = norm_layer(c, affine=True, track_running_stats=True)
        self.plain = norm_layer(c)

    def forward(self, x):
        return self.plain(self.norm(self.conv(x)))


b = Block(2)
b.eval()
y = b(torch.randn(2, 2, 4, 4))
'''

CASES = {"norm_layer_argument": (NORM_LAYER_ARGUMENT, {}), "view_forms": (VIEW_FORMS, {}), "module_factories": (MODULE_FACTORIES, {}), "legacy_cuda_tensor": (LEGACY_CUDA_TENSOR, {}), "drop_connect": (DROP_CONNECT, {}), "prelu_instance_norm": (PRELU_INSTANCE_NORM, {}), "module_containers": (MODULE_CONTAINERS, {})}


class VisionIdiomTest(unittest.TestCase):
    def test_no_warnings(self):
        for name, (src, _) in CASES.items():
            for target in TARGETS:
                with self.subTest(case=name, target=target):
                    r = assert_converts(self, src, target)
                    compile(r["code"], name, "exec")

    def test_instance_norm_keeps_keras_layer_without_running_stats(self):
        code = transpile(PRELU_INSTANCE_NORM.replace(", track_running_stats=True)", ")"), "torch", "tensorflow")["code"]
        self.assertIn("tf.keras.layers.GroupNormalization(groups=channels, axis=1, epsilon=1e-05, center=True, scale=True)", code)
        code = transpile(PRELU_INSTANCE_NORM, "torch", "tensorflow")["code"]
        self.assertIn("self.norm = TorchInstanceNorm(channels, affine=True, track_running_stats=True)", code)
        self.assertIn("self.act_c = TorchPReLU(num_parameters=channels, init=0.1)", code)

    def test_module_call_results_are_tensors(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = transpile(MODULE_CONTAINERS, "torch", target)
                left = [d["message"] for d in r["diagnostics"] if "left unchanged" in d["message"]]
                self.assertFalse(left)
                r2 = transpile(MODULE_FACTORIES, "torch", target)
                self.assertNotIn("out).mul(", r2["code"])
                self.assertNotIn("(x).sum(", r2["code"])
                for method_call in ("out.mul(", "head(y).add(", "1).sum(", "w.view("):
                    self.assertNotIn(method_call, r["code"])

    def test_bernoulli_says_where_its_numbers_come_from(self):
        for target in TARGETS:
            with self.subTest(target=target):
                r = transpile(DROP_CONNECT, "torch", target)
                self.assertIn("mask = _tg_bernoulli(keep_ratio, shape=mask.shape, dtype=", r["code"])
                infos = [d["message"] for d in r["diagnostics"] if d["api"] == "Tensor.bernoulli_"]
                self.assertIn(f"Tensor.bernoulli_: draws from {target}'s random generator (the same "
                              "distribution, other numbers than torch's)", infos)

    def test_no_torch_left_by_device_choices(self):
        for target in TARGETS:
            with self.subTest(target=target):
                code = transpile(LEGACY_CUDA_TENSOR, "torch", target)["code"]
                self.assertNotIn("import torch", code)
                self.assertNotIn("torch.cuda", code)
                self.assertIn(" if False else ", code)

    def test_view_of_a_shape_reads_plainly(self):
        code = transpile(PRELU_INSTANCE_NORM, "torch", "tensorflow")["code"]
        self.assertIn("tf.reshape(z, x.shape)", code)
        for target, fn in (("tensorflow", "tf.reshape"), ("jax", "jnp.reshape"), ("numpy", "np.reshape")):
            with self.subTest(target=target):
                code = transpile(VIEW_FORMS, "torch", target)["code"]
                for line in (f"a = {fn}(x, shape)", f"b = {fn}(x, shape)", f"c = {fn}(x, x.shape)",
                             f"d = {fn}(x, _tg_size(n))", f"e = {fn}(x, (x.shape[0] * x.shape[1] * 3,))"):
                    self.assertIn(line, code)
                self.assertNotIn("isinstance((", code)

    def test_verify_pass(self):
        assert_cases_verify(self, CASES, TARGETS)


if __name__ == "__main__":
    unittest.main()
