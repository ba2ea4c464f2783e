"""Emulated ``numpy.linalg`` (norm only)."""
from .. import core as _core
from ._array import LINALG_NS as _NS

globals().update(_NS)

__getattr__ = _core.unsupported_getattr("numpy.linalg", "numpy")
