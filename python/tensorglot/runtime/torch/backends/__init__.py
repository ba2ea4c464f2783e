"""Emulated ``torch.backends``: flags scripts set (cudnn.benchmark...) and device probes (no GPU)."""
from ... import core as _core
from . import cudnn, mps  # noqa: F401

__getattr__ = _core.unsupported_getattr("torch.backends", "torch")
