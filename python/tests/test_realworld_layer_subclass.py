"""User classes subclassing a torch layer whose target layer has another shape (CLIP's fp16-safe
LayerNorm, guided-diffusion's GroupNorm32, ConvNeXt's channels-first LayerNorm2d): converted,
run, and compared with the source on the same weights, on every target. Snippets written here in
the style of those projects."""
import unittest

from tests.transpiler_support import assert_cases_verify, assert_converts

#: super().forward around a dtype round trip, the subclass used like the layer inside a module
CAST_AROUND_SUPER = '''import torch
from torch import nn


class LayerNorm(nn.LayerNorm):
    """Keeps the input's dtype."""

    def forward(self, x: torch.Tensor):
        orig_type = x.dtype
        ret = super().forward(x.type(torch.float32))
        return ret.type(orig_type)


class GroupNorm32(nn.GroupNorm):
    def forward(self, x):
        return super().forward(x.float()).type(x.dtype)


class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln = LayerNorm(d)
        self.fc = nn.Linear(d, d)
        self.gn = GroupNorm32(2, 4)

    def forward(self, x, img):
        return self.fc(self.ln(x)), self.gn(img)


torch.manual_seed(0)
m = Block(6)
m.eval()
y, z = m(torch.randn(3, 6), torch.randn(2, 4, 3, 3))
'''

#: the subclass reads the layer's own attributes: torch's weight names and constructor arguments
READS_OWN_ATTRIBUTES = '''import torch
import torch.nn as nn
import torch.nn.functional as F


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of (N, C, H, W)."""

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 2, stride=2)
        self.norm = LayerNorm2d(8, eps=1e-6)

    def forward(self, x):
        return self.norm(self.conv(x))


torch.manual_seed(0)
stem = Stem()
with torch.no_grad():
    stem.norm.weight.mul_(1.5)
    stem.norm.bias.add_(0.25)
out = stem(torch.randn(2, 3, 4, 4))
'''

#: a subclass adding only a method: the layer's forward is inherited
INHERITED_FORWARD = '''import torch
import torch.nn as nn


class Tokens(nn.Embedding):
    def scaled(self, ids):
        return self(ids) * self.embedding_dim ** 0.5


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = Tokens(10, 4)
        self.fc = nn.Linear(4, 2)

    def forward(self, ids):
        return self.fc(self.tok.scaled(ids))


torch.manual_seed(0)
head = Head()
v = head(torch.tensor([[1, 2, 3], [4, 5, 9]]))
'''

#: the init loop of older torchvision-style models: each module narrowed by isinstance, its
#: constructor attributes read (kernel_size, out_channels, num_features) and its weight redrawn
#: through .data; constructor attributes read off the layers after construction
INIT_LOOP = '''import math
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.emb = nn.Embedding(7, 4)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(4, 2)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                n = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
                m.weight.data.normal_(0, math.sqrt(2.0 / n))
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.data.fill_(1)
                m.bias.data.zero_()
            elif isinstance(m, nn.Linear):
                m.bias.data.zero_()
        self.width = self.conv.out_channels + self.conv.in_channels + self.bn.num_features + self.emb.embedding_dim
        self.step = self.conv.stride[0] + self.pool.kernel_size + self.emb.num_embeddings

    def forward(self, x, ids):
        h = self.pool(self.bn(self.conv(x)))
        return self.fc(h.mean(dim=(2, 3)) + self.emb(ids)) * self.width * self.step


torch.manual_seed(0)
net = Net()
net.eval()
y = net(torch.randn(2, 3, 8, 8), torch.tensor([1, 3]))
'''

#: a subclass of a layer whose constructor takes *args, **kwargs (nn.Identity): the generated base
#: passes them on as such
VARARGS_LAYER = '''import torch
from torch import nn


class Skip(nn.Identity):
    def forward(self, x):
        return super().forward(x) * 2


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)
        self.skip = Skip()

    def forward(self, x):
        return self.skip(self.fc(x))


net = Net()
y = net(torch.randn(2, 3))
'''

#: a learned temperature built from a NumPy scalar (CLIP's logit scale): torch keeps float32, as
#: for any Python number, so the converted product of it with float32 features must too
NUMPY_SCALAR_PARAMETER = '''import numpy as np
import torch
from torch import nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.logit_scale = nn.Parameter(torch.ones([]) * np.log(1 / 0.07))

    def forward(self, a, b):
        a = a / a.norm(dim=1, keepdim=True)
        return self.logit_scale.exp() * a @ b.t()


m = Scale()
s = m(torch.randn(2, 3), torch.randn(4, 3))
'''


#: a DETR-style decoder: layers cloned with copy.deepcopy, attention called with every input by
#: keyword, Optional[Tensor] hints, positional embeddings added only when given, a key padding mask
CLONED_DECODER = '''import copy
from typing import Optional

import torch
from torch import nn, Tensor


class DecoderLayer(nn.Module):
    def __init__(self, d_model, nhead):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d_model, nhead, dropout=0.0)
        self.cross_attn = nn.MultiheadAttention(d_model, nhead, dropout=0.0)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)

    def with_pos(self, tensor, pos: Optional[Tensor]):
        return tensor if pos is None else tensor + pos

    def forward(self, tgt, memory, memory_key_padding_mask: Optional[Tensor] = None,
                pos: Optional[Tensor] = None, query_pos: Optional[Tensor] = None):
        q = k = self.with_pos(tgt, query_pos)
        tgt = self.norm1(tgt + self.self_attn(q, k, value=tgt)[0])
        out = self.cross_attn(query=self.with_pos(tgt, query_pos), key=self.with_pos(memory, pos),
                              value=memory, key_padding_mask=memory_key_padding_mask)[0]
        return self.norm2(tgt + out)


class Decoder(nn.Module):
    def __init__(self, layer, n):
        super().__init__()
        self.layers = nn.ModuleList([copy.deepcopy(layer) for _ in range(n)])

    def forward(self, tgt, memory, mask, pos, query_pos):
        for layer in self.layers:
            tgt = layer(tgt, memory, memory_key_padding_mask=mask, pos=pos, query_pos=query_pos)
        return tgt


torch.manual_seed(0)
dec = Decoder(DecoderLayer(8, 2), 2)
dec.eval()
memory = torch.randn(6, 2, 8)
mask = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])
out = dec(torch.zeros(3, 2, 8), memory, mask, torch.randn(6, 2, 8), torch.randn(3, 2, 8))
'''


class LayerSubclassTest(unittest.TestCase):
    def test_subclasses_verify_on_every_target(self):
        assert_cases_verify(self, {
            "cast around super().forward": (CAST_AROUND_SUPER, {}),
            "reads weight, bias, eps, normalized_shape": (READS_OWN_ATTRIBUTES, {}),
            "inherited forward": (INHERITED_FORWARD, {}),
            "varargs layer base": (VARARGS_LAYER, {}),
            "isinstance-narrowed init loop": (INIT_LOOP, {}),
            "NumPy scalar parameter": (NUMPY_SCALAR_PARAMETER, {}),
            "cloned decoder, attention inputs by keyword": (CLONED_DECODER, {}),
        })

    def test_tensorflow_base_is_a_layer_class_not_the_factory(self):
        r = assert_converts(self, CAST_AROUND_SUPER, "tensorflow")
        self.assertIn("class LayerNorm(_TgLayerNormBase):", r["code"])
        self.assertIn("ret = super().call(", r["code"])


if __name__ == "__main__":
    unittest.main()
