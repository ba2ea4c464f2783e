"""Tensorglot's emulated ``numpy`` (NumPy 1.24 semantics), importable inside the sandbox."""
from __future__ import annotations

import builtins as _builtins
import math as _math

from .. import core as _core
from ._array import (ABSTRACT_TYPES as _ABSTRACT, FW as _FW, NUMPY_NS as _NS, SCALAR_TYPES as _SCALARS,
                     _wrap_shared, dtype, generic, ndarray)
from . import linalg, random

__version__ = "1.24.0+tensorglot"

globals().update(_NS)
float16, float32, float64 = _SCALARS["float16"], _SCALARS["float32"], _SCALARS["float64"]
int8, int16, int32, int64 = _SCALARS["int8"], _SCALARS["int16"], _SCALARS["int32"], _SCALARS["int64"]
uint8, bool_ = _SCALARS["uint8"], _SCALARS["bool"]
float_, int_, double, intp, single = float64, int64, float64, int64, float32
floating, integer, number, inexact = (_ABSTRACT[n] for n in ("floating", "integer", "number", "inexact"))
signedinteger, unsignedinteger = _ABSTRACT["signedinteger"], _ABSTRACT["unsignedinteger"]
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


def array_equal(a1, a2, equal_nan=False) -> bool:
    x, y = _FW.to_array(a1), _FW.to_array(a2)
    return x.shape == y.shape and bool(all(equal(ndarray._new(x), ndarray._new(y))))


@_core.public("numpy.meshgrid")
def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """A list of N-D coordinate arrays (numpy 1.24 returns a list)."""
    from .._emulate import meshgrid_arrays
    if sparse:
        raise _core.UnsupportedAPI("numpy.meshgrid(sparse=True) is not supported by Tensorglot's "
                                   "numpy emulation")
    return [_FW.wrap(g) for g in meshgrid_arrays([_FW.to_array(x) for x in xi], indexing)]


def copy(a):
    return ndarray._new(_FW.to_array(a).copy())


_CATEGORY = {"bool": 0, "uint8": 1, "int8": 1, "int16": 1, "int32": 1, "int64": 1}


def _category(name: str) -> int:
    return _CATEGORY.get(name, 2)


def _dtype_name(obj) -> str:
    """Canonical name of a dtype-like (dtype, scalar type, string, Python type)."""
    if isinstance(obj, type) and obj in _ABSTRACT.values():
        raise TypeError(f"Cannot interpret {obj!r} as a concrete data type")
    return _FW.canon_dtype(obj)


def result_type(*arrays_and_dtypes):
    """numpy 1.24 (legacy, value-based): dtypes and dimensioned arrays decide; scalars
    (Python numbers, numpy scalars, 0-d arrays) only when every operand is one or their
    kind is higher than every array's (then as int64 / float64 / their own dtype)."""
    if not arrays_and_dtypes:
        raise ValueError("at least one array or dtype is required")
    arrays, scalars = [], []
    for a in arrays_and_dtypes:
        if isinstance(a, bool):
            scalars.append("bool")
        elif isinstance(a, int):
            scalars.append("int64")
        elif isinstance(a, float):
            scalars.append("float64")
        elif isinstance(a, (_core.DType, str, type)):
            arrays.append(_dtype_name(a))
        else:
            arr = _FW.to_array(a)
            (arrays if arr.shape else scalars).append(arr.dtype)
    pool = arrays
    if not arrays or _builtins.max(map(_category, scalars), default=-1) > \
            _builtins.max(map(_category, arrays)):
        pool = arrays + scalars
    d = pool[0]
    for n in pool[1:]:
        d = _core.engine().result_type(d, n, "numpy")
    return dtype(d)


def promote_types(type1, type2):
    return dtype(_core.engine().result_type(_dtype_name(type1), _dtype_name(type2), "numpy"))


def can_cast(from_, to, casting="safe") -> bool:
    src = from_.dtype.name if isinstance(from_, ndarray) else _dtype_name(from_)
    return _core.engine().can_cast(src, _dtype_name(to), casting)


def issubdtype(arg1, arg2) -> bool:
    """``np.issubdtype(np.float32, np.floating)``: arguments are dtypes, scalar types or
    the abstract types (np.floating, np.integer, np.number...)."""
    def as_type(t):
        if isinstance(t, type) and issubclass(t, generic):
            return t
        if isinstance(t, type) and t in (float, int, bool, complex):
            return {float: floating, int: signedinteger, bool: bool_, complex: number}[t]
        return _SCALARS[_FW.canon_dtype(t)]
    return issubclass(as_type(arg1), as_type(arg2))


class finfo:
    """Machine limits of a float dtype (values as scalars of that dtype, as numpy)."""
    _TABLE = {"float16": (0.0009765625, 65504.0, 6.103515625e-05, 3, 16),
              "float32": (1.1920928955078125e-07, 3.4028234663852886e+38, 1.1754943508222875e-38, 6, 32),
              "float64": (2.220446049250313e-16, 1.7976931348623157e+308, 2.2250738585072014e-308, 15, 64)}

    def __init__(self, dtype=float64):
        name = dtype.dtype.name if isinstance(dtype, ndarray) else _dtype_name(dtype)
        if name not in self._TABLE:
            raise ValueError(f"data type {name!r} not inexact")
        eps, mx, tiny, self.precision, self.bits = self._TABLE[name]
        s = _SCALARS[name]
        self.dtype = globals()["dtype"](name)
        self.eps, self.max, self.min, self.tiny = s(eps), s(mx), s(-mx), s(tiny)
        self.smallest_normal = self.tiny
        self.resolution = s(10.0 ** -self.precision)


class iinfo:
    """Limits of an integer dtype (Python ints, as numpy)."""

    def __init__(self, int_type):
        name = int_type.dtype.name if isinstance(int_type, ndarray) else _dtype_name(int_type)
        bits = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8}.get(name)
        if bits is None:
            raise ValueError(f"Invalid integer data type {name!r}.")
        self.bits, self.dtype = bits, dtype(name)
        self.min = 0 if name == "uint8" else -(1 << (bits - 1))
        self.max = (1 << bits) - 1 if name == "uint8" else (1 << (bits - 1)) - 1


__getattr__ = _core.unsupported_getattr("numpy", "numpy")
