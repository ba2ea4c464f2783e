"""Emulated ``torch.nn.functional``: every row of the torch table named torch.nn.functional.*."""
from ... import core as _core
from .._tensor import FUNCTIONAL_NS as _NS

globals().update(_NS)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zeroes whole channels (N, C, ...) with probability p, scaling the rest by 1/(1-p)."""
    from .. import Tensor, ones, rand
    if not training or p == 0.0:
        return input
    shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    keep = (rand(shape) >= p).float() / (1.0 - p)
    return input * keep


dropout1d = dropout3d = dropout2d

__getattr__ = _core.unsupported_getattr("torch.nn.functional", "torch")
