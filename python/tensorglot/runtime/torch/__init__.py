"""Tensorglot's emulated ``torch`` (PyTorch 1.13 semantics), importable inside the sandbox.

Functions and Tensor methods come from the binding table
(tensorglot.frameworks.torch) through the generic machinery in runtime.core.
"""
from __future__ import annotations

import builtins as _builtins
import math as _math
import sys as _sys

from .. import core as _core
from ._tensor import (CPU as _CPU, DTYPE_ATTRS as _DTYPE_ATTRS, FUNCTIONAL_NS as _FNS, FW as _FW,
                      LINALG_NS as _LNS, TORCH_NS as _TNS, Size, Tensor, api as _api, device,
                      initial_seed, manual_seed)
from ._tensor import KNOWN_DIFFERENCES as _KNOWN_DIFFERENCES  # noqa: F401  (read by gen_coverage)

__version__ = "1.13.0+tensorglot"

globals().update(_TNS)
globals().update(_DTYPE_ATTRS)
dtype = _core.DType


class _LegacyTensorType(type):
    """torch.LongTensor & co: ``T(data)`` is the binding row's typed tensor, ``T(2, 3)`` an
    uninitialised (here zero) tensor of that size; ``isinstance(t, T)`` checks the dtype."""

    def __call__(cls, *args):
        if len(args) == 1 and not isinstance(args[0], _builtins.int):  # torch.int is a dtype here
            return cls._from_data(args[0])
        return zeros(*args, dtype=_DTYPE_ATTRS[cls.dtype_name])

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and str(obj.dtype) == f"torch.{cls.dtype_name}"


def _legacy_tensor_types():
    from ...frameworks.torch import TENSOR_TYPES
    for name, dtype_name in TENSOR_TYPES.items():
        if dtype_name in _DTYPE_ATTRS:
            yield name, _LegacyTensorType(name, (), {"dtype_name": dtype_name, "_from_data": staticmethod(_TNS[f"{name}"]),
                                                     "__module__": "torch"})


_TNS_LEGACY = dict(_legacy_tensor_types())
globals().update(_TNS_LEGACY)
inf = _math.inf
nan = _math.nan
pi = _math.pi
e = _math.e
float32 = _DTYPE_ATTRS["float32"]


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def numel(input) -> int:
    return input.numel()


def is_floating_point(input) -> bool:
    return input.is_floating_point()


def meshgrid(*tensors, indexing=None):
    """torch.meshgrid: 1-D tensors (or one list of them) -> N-D grids; indexing 'ij' unless 'xy'
    (torch 1.13 warns when ``indexing`` is not given and uses 'ij')."""
    from .._emulate import meshgrid_arrays
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if len({t.dtype for t in tensors}) > 1:
        raise RuntimeError("torch.meshgrid: expects all tensors to have the same dtype")
    if indexing not in (None, "ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    return tuple(_FW.wrap(g) for g in meshgrid_arrays([_FW.to_array(t) for t in tensors], indexing or "ij"))


def get_default_dtype():
    return float32


def set_default_dtype(d) -> None:
    if _FW.canon_dtype(d) != "float32":
        raise _core.UnsupportedAPI("torch.set_default_dtype: only float32 is supported by "
                                   "Tensorglot's torch emulation")


def clone(input, *, memory_format=None):
    return input.clone()


def set_grad_enabled(mode=True):
    return no_grad()


def is_grad_enabled() -> bool:
    return False


class no_grad:
    """Autograd does not exist here: a context manager and decorator that does nothing."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, fn):
        return fn


enable_grad = inference_mode = no_grad


class _finfo_t:
    _TABLE = {"float32": (1.1920928955078125e-07, 3.4028234663852886e+38, 1.1754943508222875e-38, 4),
              "float64": (2.220446049250313e-16, 1.7976931348623157e+308, 2.2250738585072014e-308, 8),
              "float16": (0.0009765625, 65504.0, 6.103515625e-05, 2),
              "bfloat16": (0.0078125, 3.3895313892515355e+38, 1.1754943508222875e-38, 2)}

    def __init__(self, type=None):
        name = _FW.canon_dtype(type) if type is not None else "float32"
        self.eps, self.max, self.tiny, b = self._TABLE[name]
        self.min = -self.max
        self.smallest_normal = self.tiny
        self.bits = 8 * b
        self.dtype = name


class _iinfo_t:
    def __init__(self, type):
        name = _FW.canon_dtype(type)
        bits = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8}[name]
        self.bits = bits
        self.min = 0 if name == "uint8" else -(1 << (bits - 1))
        self.max = (1 << bits) - 1 if name == "uint8" else (1 << (bits - 1)) - 1
        self.dtype = name


finfo = _finfo_t
iinfo = _iinfo_t


class _Namespace:
    """A light submodule (torch.cuda, torch.jit, torch.backends...) that names missing APIs."""

    def __init__(self, name, **attrs):
        self.__name__ = name
        self.__dict__.update(attrs)

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise _core.UnsupportedAPI(f"{self.__name__}.{attr} is not supported by Tensorglot's torch emulation")


def _jit_passthrough(fn=None, *args, **kwargs):
    return fn


cuda = _Namespace("torch.cuda", is_available=lambda: False, device_count=lambda: 0,
                  manual_seed=lambda seed: None, manual_seed_all=lambda seed: None,
                  synchronize=lambda *a: None, empty_cache=lambda: None)
# torch.accelerator (torch >= 2.6, used by pytorch/examples): no accelerator here
accelerator = _Namespace("torch.accelerator", is_available=lambda: False, current_accelerator=lambda: None,
                         device_count=lambda: 0, synchronize=lambda *a: None)
# torch.jit.trace/script return what they are given: it runs eagerly, as it would in torch
jit = _Namespace("torch.jit", trace=_jit_passthrough, script=_jit_passthrough,
                 ignore=_jit_passthrough, unused=_jit_passthrough, export=_jit_passthrough)
linalg = _Namespace("torch.linalg", **_LNS)

from . import return_types  # noqa: E402,F401
from . import nn  # noqa: E402  (nn needs the names above)
from . import optim  # noqa: E402
from . import autograd, backends, distributions, utils  # noqa: E402,F401

__getattr__ = _core.unsupported_getattr("torch", "torch")
