"""Emulated ``torch.utils``: ``torch.utils.data`` (datasets and a batching DataLoader)."""
from ... import core as _core
from . import checkpoint, data  # noqa: F401

__getattr__ = _core.unsupported_getattr("torch.utils", "torch")
