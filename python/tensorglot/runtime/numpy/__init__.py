"""Tensorglot's emulated ``numpy`` (NumPy 1.24 semantics), importable inside the sandbox."""
from __future__ import annotations

import math as _math

from .. import core as _core
from ._array import (FW as _FW, NUMPY_NS as _NS, SCALAR_TYPES as _SCALARS, _wrap_shared, dtype, generic,
                     ndarray)
from . import linalg, random

__version__ = "1.24.0+tensorglot"

globals().update(_NS)
float16, float32, float64 = _SCALARS["float16"], _SCALARS["float32"], _SCALARS["float64"]
int8, int16, int32, int64 = _SCALARS["int8"], _SCALARS["int16"], _SCALARS["int32"], _SCALARS["int64"]
uint8, bool_ = _SCALARS["uint8"], _SCALARS["bool"]
float_, int_, double, intp, single = float64, int64, float64, int64, float32
floating, integer, number, inexact, signedinteger = generic, generic, generic, generic, generic
pi, e, inf, nan, newaxis = _math.pi, _math.e, _math.inf, _math.nan, None
Inf = NaN = None
del Inf, NaN


def shape(a):
    return _FW.to_array(a).shape


def ndim(a):
    return len(_FW.to_array(a).shape)


def size(a):
    return len(_FW.to_array(a).data)


def isscalar(x) -> bool:
    return isinstance(x, (int, float, bool, complex, generic))


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(all(isclose(a, b, rtol, atol, equal_nan)))


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    x, y = _FW.to_array(a), _FW.to_array(b)
    d = abs(subtract(x, y)) if False else absolute(subtract(ndarray._new(x), ndarray._new(y)))
    tol = add(atol, multiply(rtol, absolute(ndarray._new(y))))
    out = less_equal(d, tol)
    if equal_nan:
        out = logical_or(out, logical_and(isnan(ndarray._new(x)), isnan(ndarray._new(y))))
    return out


def array_equal(a1, a2, equal_nan=False) -> bool:
    x, y = _FW.to_array(a1), _FW.to_array(a2)
    return x.shape == y.shape and bool(all(equal(ndarray._new(x), ndarray._new(y))))


def copy(a):
    return ndarray._new(_FW.to_array(a).copy())


def result_type(*args):
    d = _FW.to_array(args[0]).dtype
    for a in args[1:]:
        d = _core.engine().result_type(d, _FW.to_array(a).dtype, "numpy")
    return dtype(d)


__getattr__ = _core.unsupported_getattr("numpy", "numpy")
