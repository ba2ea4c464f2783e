"""Idioms of public PyTorch vision code (torchvision's DenseNet / VGG builders, CIFAR model zoos,
GAN implementations, pytorch/examples scripts) that once failed to convert or verify. Each snippet
is written here in the idiom's shape, converted to every target and verified: the converted code,
given the source's weights, computes the same numbers (PASS) with no warning."""
import unittest

from tensorglot.transpiler import transpile
from tests.transpiler_support import assert_converts, assert_cases_verify

from tensorglot.verify import verify

TARGETS = ("tensorflow", "jax", "numpy")

#: pre-0.4 ``Variable`` wrappers and torch >= 2.6's ``torch.accelerator`` device selection
VARIABLE_AND_ACCELERATOR = '''import torch
import torch.nn as nn
from torch.autograd import Variable

use_accel = torch.accelerator.is_available()
device = torch.accelerator.current_accelerator() if use_accel else torch.device("cpu")


class Critic(nn.Module):
    def __init__(self):
        super(Critic, self).__init__()
        self.fc = nn.Linear(6, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))


critic = Critic().to(device)
real = Variable(torch.ones(3, 1), requires_grad=False)
imgs = torch.autograd.Variable(torch.randn(3, 6))
score = critic(imgs) * real
'''

#: ``x.view(n, *shape)``: a starred argument inside torch's varargs shape (GAN generators)
STARRED_SHAPE = '''import torch
import torch.nn as nn

img_shape = (1, 3, 3)


class Generator(nn.Module):
    def __init__(self, latent_dim):
        super(Generator, self).__init__()
        self.fc = nn.Linear(latent_dim, 9)

    def forward(self, z):
        img = torch.tanh(self.fc(z))
        return img.view(img.size(0), *img_shape)


gen = Generator(4)
fake = gen(torch.randn(2, 4))
'''

#: children registered by name with ``self.__setattr__`` and read back with ``self.__getattr__``
#: (DLA-style trees), and a block class passed to the model's constructor
TREE = '''import torch
import torch.nn as nn
import torch.nn.functional as F

class Block(nn.Module):
    def __init__(self, channels):
        super(Block, self).__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return F.relu(self.conv(x)) + x


class Tree(nn.Module):
    def __init__(self, block, channels, depth=2):
        super(Tree, self).__init__()
        self.depth = depth
        for i in range(depth):
            self.__setattr__('level_%d' % i, block(channels))

    def forward(self, x):
        for i in range(self.depth):
            x = self.__getattr__('level_%d' % i)(x)
        return x


tree = Tree(Block, 2)
y = tree(torch.randn(1, 2, 4, 4))
'''

#: nn.Sequential subclasses filled with ``add_module`` whose forward calls ``super().forward``,
#: and ``nn.Sequential(OrderedDict(...))`` with named children (torchvision's DenseNet)
SEQUENTIAL_SUBCLASS = '''from collections import OrderedDict

import torch
import torch.nn as nn


class _Layer(nn.Sequential):
    def __init__(self, channels, growth):
        super(_Layer, self).__init__()
        self.add_module('norm', nn.BatchNorm2d(channels)),
        self.add_module('relu', nn.ReLU(inplace=True)),
        self.add_module('conv', nn.Conv2d(channels, growth, kernel_size=3, padding=1, bias=False)),

    def forward(self, x):
        new = super(_Layer, self).forward(x)
        return torch.cat([x, new], 1)


class Net(nn.Module):
    def __init__(self, growth=2):
        super(Net, self).__init__()
        self.features = nn.Sequential(OrderedDict([
            ('conv0', nn.Conv2d(3, 4, kernel_size=3, padding=1, bias=False)),
            ('norm0', nn.BatchNorm2d(4)),
        ]))
        self.features.add_module('dense1', _Layer(4, growth))
        self.head = nn.Linear(4 + growth, 3)

    def forward(self, x):
        out = self.features(x)
        out = torch.flatten(nn.functional.adaptive_avg_pool2d(out, (1, 1)), 1)
        return self.head(out)


net = Net()
logits = net(torch.randn(2, 3, 5, 5))
'''

#: a model that is a bare nn.Sequential built by a helper function (torchvision's make_layers)
SEQUENTIAL_ENTRY = '''import torch.nn as nn


def make_layers(cfg, batch_norm=False):
    layers = []
    in_channels = 3
    for v in cfg:
        if v == 'M':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            layers += [nn.Conv2d(in_channels, v, kernel_size=3, padding=1)]
            if batch_norm:
                layers += [nn.BatchNorm2d(v)]
            layers += [nn.ReLU(inplace=True)]
            in_channels = v
    return nn.Sequential(*layers)


features = make_layers([4, 'M', 6], batch_norm=True)
features.eval()
'''

CASES = {"variable_and_accelerator": (VARIABLE_AND_ACCELERATOR, {}),
         "starred_shape": (STARRED_SHAPE, {}),
         "tree": (TREE, {}),
         "sequential_subclass": (SEQUENTIAL_SUBCLASS, {}),
         "sequential_entry": (SEQUENTIAL_ENTRY, {"entry": "features", "inputs": {"x": "float32[1,3,6,6]"}})}


class VisionIdiomConversionTest(unittest.TestCase):
    def test_no_warnings(self):
        for name, (src, _) in CASES.items():
            for target in TARGETS:
                with self.subTest(case=name, target=target):
                    r = assert_converts(self, src, target)
                    compile(r["code"], name, "exec")

    def test_variable_is_unwrapped(self):
        code = transpile(VARIABLE_AND_ACCELERATOR, "torch", "numpy")["code"]
        self.assertIn("real = np.ones((3, 1), dtype=np.float32)", code)
        self.assertNotIn("Variable", code)
        self.assertNotIn("accelerator", code)

    def test_starred_shape_stays_starred(self):
        code = transpile(STARRED_SHAPE, "torch", "tensorflow")["code"]
        self.assertIn("tf.reshape(img, (img.shape[0], *img_shape))", code)

    def test_getattr_of_a_module(self):
        for target in TARGETS:
            code = transpile(TREE, "torch", target)["code"]
            self.assertIn("x = getattr(self, 'level_%d' % i)(x)", code)

    def test_verify_pass(self):
        assert_cases_verify(self, CASES, TARGETS)

    def test_class_argument_maps_to_the_converted_class(self):
        """When the converted script stops before building the model, Verify builds the converted
        Tree itself with the source's arguments: the Block class among them must become the converted
        Block, or the tree's children would be torch modules without the converted weights."""
        for target in TARGETS:
            with self.subTest(target=target):
                code = transpile(TREE, "torch", target)["code"]
                stopped = code.replace("tree = Tree(Block, 2)", "raise RuntimeError('stopped')\ntree = Tree(Block, 2)")
                self.assertNotEqual(stopped, code)
                v = verify({"source": TREE, "converted": stopped, "to": target, "entry": "Tree",
                            "layers": "never"})
                self.assertEqual(v["verdict"], "PASS", (v.get("error"), v.get("notes")))
                self.assertTrue(any("raises at its top level" in n for n in v["notes"]), v["notes"])

if __name__ == "__main__":
    unittest.main()
