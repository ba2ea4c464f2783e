"""Emulated ``torch.nn.utils.parametrizations``: ``weight_norm`` as in ``torch.nn.utils``."""
from .... import core as _core


def weight_norm(module, name="weight", dim=0):
    return module


__getattr__ = _core.unsupported_getattr("torch.nn.utils.parametrizations", "torch")
