"""NDArray: a row-major, contiguous n-d array over ``array.array`` storage.

Storing into a float32 ``array('f')`` rounds every result to float32 exactly as
float32 hardware does (compute in double, round once on store); float16 and
bfloat16 values are rounded to their format and kept in float32 storage.
Integer storage wraps on overflow like two's-complement hardware.
"""
from __future__ import annotations

import math
import struct
from array import array
from functools import lru_cache

from .dtypes import DTYPES, FLOATS, INTS, TYPECODE, check_dtype

_INF = float("inf")


# --- rounding to the narrow float formats --------------------------------------------
def _round_f16_one(v: float) -> float:
    try:
        return struct.unpack("e", struct.pack("e", v))[0]
    except OverflowError:
        # beyond float16's range (65504 + half an ulp) rounds to infinity
        return math.copysign(_INF, v)


def round_float16(values) -> list:
    vals = list(values)
    n = len(vals)
    try:
        return list(struct.unpack(f"{n}e", struct.pack(f"{n}e", *vals)))
    except (OverflowError, struct.error):
        return [_round_f16_one(float(v)) for v in vals]


def round_bfloat16(values) -> list:
    """Round to bfloat16 (nearest, ties to even on the upper 16 bits of the float32)."""
    f = array("f", values)
    u = array("I")
    u.frombytes(f.tobytes())
    out = array("I", [
        w if (w & 0x7F800000) == 0x7F800000  # inf/nan stay as they are
        else ((w + 0x7FFF + ((w >> 16) & 1)) & 0xFFFF0000) & 0xFFFFFFFF
        for w in u])
    r = array("f")
    r.frombytes(out.tobytes())
    return r.tolist()


def _wrap_int(v: int, dtype: str) -> int:
    if dtype == "uint8":
        return v & 0xFF
    bits = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}[dtype]
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def _to_int(v) -> int:
    if isinstance(v, float):
        if v != v or v in (_INF, -_INF):
            # undefined in C; torch/numpy on x86 give INT_MIN, we pick the same
            return -(1 << 63)
        return int(v)
    return int(v)


def make_storage(values, dtype: str) -> array:
    """Flat storage for ``values`` (any iterable of Python numbers) as ``dtype``."""
    tc = TYPECODE[dtype]
    if dtype == "bool":
        if isinstance(values, array) and values.typecode == "B":
            return array("B", values)
        return array("B", [1 if v else 0 for v in values])
    if dtype in FLOATS:
        if dtype == "float16":
            return array("f", round_float16(values))
        if dtype == "bfloat16":
            return array("f", round_bfloat16(values))
        return array(tc, values)
    try:
        return array(tc, values)
    except TypeError:
        vals = [_to_int(v) for v in values]
    except OverflowError:
        vals = list(values)
    try:
        return array(tc, vals)
    except OverflowError:
        return array(tc, [_wrap_int(int(v), dtype) for v in vals])


def prod(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


@lru_cache(maxsize=4096)
def strides_of(shape: tuple) -> tuple:
    st = []
    acc = 1
    for s in reversed(shape):
        st.append(acc)
        acc *= s
    return tuple(reversed(st))


class NDArray:
    """Contiguous row-major array: ``data`` (array.array), ``shape``, ``dtype``."""

    __slots__ = ("data", "shape", "dtype")
    __array_priority__ = -1  # never let a real numpy treat us as an array-like

    def __init__(self, data, shape, dtype: str = "float32"):
        shape = tuple(int(s) for s in shape)
        check_dtype(dtype)
        if not (isinstance(data, array) and data.typecode == TYPECODE[dtype]
                and dtype not in ("float16", "bfloat16") and dtype != "bool"):
            data = make_storage(data, dtype)
        if len(data) != prod(shape):
            raise ValueError(f"storage of {len(data)} elements does not fit shape {shape}")
        self.data = data
        self.shape = shape
        self.dtype = dtype

    @classmethod
    def _wrap(cls, data: array, shape: tuple, dtype: str) -> "NDArray":
        """Trusted constructor: storage already has the right typecode, rounding and size."""
        a = object.__new__(cls)
        a.data = data
        a.shape = shape
        a.dtype = dtype
        return a

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def itemsize(self) -> int:
        from .dtypes import ITEMSIZE
        return ITEMSIZE[self.dtype]

    def values(self) -> list:
        """Flat list of Python scalars (bools for a bool array)."""
        if self.dtype == "bool":
            return [v != 0 for v in self.data]
        return self.data.tolist()

    def tolist(self):
        flat = self.values()
        if not self.shape:
            return flat[0]
        return _nest(flat, self.shape)

    def item(self):
        if len(self.data) != 1:
            raise ValueError(f"only one element arrays can be converted to Python scalars (size {self.size})")
        v = self.data[0]
        return v != 0 if self.dtype == "bool" else v

    def copy(self) -> "NDArray":
        return NDArray._wrap(array(self.data.typecode, self.data), self.shape, self.dtype)

    def astype(self, dtype: str) -> "NDArray":
        check_dtype(dtype)
        if dtype == self.dtype:
            return self.copy()
        src = self.data
        if dtype in INTS and self.dtype in FLOATS:
            src = [_to_int(v) for v in src]
        return NDArray._wrap(make_storage(src, dtype), self.shape, dtype)

    def reshape(self, shape) -> "NDArray":
        return NDArray._wrap(self.data, resolve_shape(shape, len(self.data)), self.dtype)

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of a 0-d array")
        return self.shape[0]

    def __repr__(self):
        body = _format(self.tolist(), self.dtype)
        return f"NDArray({body}, shape={self.shape}, dtype={self.dtype})"

    def __bool__(self):
        if len(self.data) != 1:
            raise ValueError("the truth value of an array with more than one element is ambiguous")
        return bool(self.data[0])

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.dtype not in INTS and self.dtype != "bool":
            raise TypeError("only integer arrays can be used as an index")
        return int(self.item())


def _nest(flat: list, shape: tuple):
    if len(shape) == 1:
        return flat
    if 0 in shape:
        # an empty dimension: build the nesting down to it
        def build(sh):
            if not sh:
                return None
            if sh[0] == 0:
                return []
            return [build(sh[1:]) for _ in range(sh[0])]
        return build(shape)
    out = flat
    for s in reversed(shape[1:]):
        out = [out[i:i + s] for i in range(0, len(out), s)]
    return out


def _format(v, dtype):
    if isinstance(v, list):
        return "[" + ", ".join(_format(x, dtype) for x in v) + "]"
    if isinstance(v, float):
        return repr(float(f"{v:.7g}")) if dtype in ("float32", "float16", "bfloat16") else repr(v)
    return repr(v)


def resolve_shape(shape, size: int) -> tuple:
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(int(s) for s in shape)
    if -1 in shape:
        if shape.count(-1) > 1:
            raise ValueError("only one dimension can be inferred (-1)")
        known = prod(s for s in shape if s != -1)
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape array of size {size} into shape {shape}")
        shape = tuple(size // known if s == -1 else s for s in shape)
    if prod(shape) != size:
        raise ValueError(f"cannot reshape array of size {size} into shape {shape}")
    return shape


# --- construction from Python data ------------------------------------------------------
def _infer(data):
    """(flat values, shape, inferred dtype) of nested Python data."""
    if isinstance(data, NDArray):
        return data.values(), data.shape, data.dtype
    if isinstance(data, (list, tuple)):
        if len(data) == 0:
            return [], (0,), "float32"
        parts = [_infer(d) for d in data]
        sub = parts[0][1]
        for p in parts:
            if p[1] != sub:
                raise ValueError(f"setting an array element with a sequence: inhomogeneous shape "
                                 f"({p[1]} vs {sub})")
        flat = [v for p in parts for v in p[0]]
        kinds = {p[2] for p in parts}
        return flat, (len(data),) + sub, _join_inferred(kinds)
    if isinstance(data, bool):
        return [data], (), "bool"
    if isinstance(data, int):
        return [data], (), "int64"
    if isinstance(data, float):
        return [data], (), "float32"
    if hasattr(data, "__float__") and not isinstance(data, (str, bytes)):
        return [float(data)], (), "float32"
    if hasattr(data, "__len__") and hasattr(data, "__getitem__") and not isinstance(data, (str, bytes, dict)):
        return _infer(list(data))  # other sequences (tf.TensorShape), as numpy reads them
    raise TypeError(f"cannot make an array from {type(data).__name__}")


def _join_inferred(kinds: set) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds & FLOATS:
        floats = kinds & FLOATS
        return "float64" if "float64" in floats else "float32"
    if kinds & INTS:
        return "int64"
    return "bool"


def asarray(data, dtype: str | None = None) -> NDArray:
    """NDArray from nested lists/tuples, a scalar or an NDArray.

    Inference when ``dtype`` is None: bool -> 'bool', int -> 'int64',
    float -> 'float32' (frameworks pass their own defaults explicitly).
    """
    if isinstance(data, NDArray):
        if dtype is None or dtype == data.dtype:
            return data
        return data.astype(dtype)
    flat, shape, inferred = _infer(data)
    dtype = dtype or inferred
    check_dtype(dtype)
    if dtype in INTS and inferred in FLOATS:
        flat = [_to_int(v) for v in flat]
    return NDArray._wrap(make_storage(flat, dtype), shape, dtype)


__all__ = ["NDArray", "asarray", "DTYPES", "make_storage", "strides_of", "prod", "resolve_shape"]
