"""Emulated ``torch.nn.utils``: weight normalisation as an inference-time identity.

``weight_norm(m)`` reparametrises ``m.weight`` as ``g * v / ||v||`` with ``g = ||v||`` and
``v = weight``: until an optimiser moves ``g`` and ``v`` apart the forward pass computes with
the very weight the module had, so the emulation keeps the module (and its ``weight``
parameter, the name the converted model loads) as it is. ``spectral_norm`` rescales the
weight by an estimated largest singular value: not an identity, so not emulated.
"""
from .... import core as _core
from . import parametrizations  # noqa: F401


def weight_norm(module, name="weight", dim=0):
    return module


def remove_weight_norm(module, name="weight"):
    return module


__getattr__ = _core.unsupported_getattr("torch.nn.utils", "torch")
