"""The engine's implementation of every canonical op (tensorglot.ops.catalogue).

Each function has exactly its catalogue signature. Inputs are NDArrays or
Python scalars (lists are accepted and converted); results are NDArrays (or
tuples of them where noted). Binary ops promote dtypes with the policy set by
``tensorglot.engine.promotion_policy`` (default 'torch').

A handful of primitive kernels do the work -- elementwise map (unary, binary
with broadcasting), reduce over axes, gather by flat index list, matmul -- and
everything else is composed from them.
"""
from __future__ import annotations

import builtins
import itertools
import math
import operator
from array import array
from functools import lru_cache

from ..engine import dtypes as _dt
from ..engine import random as _random
from ..engine.limits import check_size
from ..engine.ndarray import NDArray, asarray as _asarray, make_storage, prod as _prod, \
    resolve_shape, strides_of

_wrap = NDArray._wrap
_INF = float("inf")
_NAN = float("nan")
_FLOATS = _dt.FLOATS
_INTS = _dt.INTS
_pyabs, _pymax, _pymin, _pysum, _pyround, _pyall, _pyany, _pypow = (
    builtins.abs, builtins.max, builtins.min, builtins.sum, builtins.round, builtins.all,
    builtins.any, builtins.pow)
_isnan = math.isnan
_isinf = math.isinf
_mul = operator.mul

_sumprod = getattr(math, "sumprod", None)  # Python >= 3.12 (Pyodide 3.14)


# The one dot-product kernel: each interpreter keeps its own accumulation (sumprod's
# extended precision on 3.12+, sum's left-to-right double sum on 3.11), so results stay
# bit-identical to what each gave before. Operands are Python lists/tuples, never
# array.array: indexing an array boxes a new float per element, a list hands out the
# floats it holds (35-60% faster per multiply-add, measured in both interpreters).
if _sumprod is not None:
    def _dots(rows, cols, _sp=_sumprod, _rep=itertools.repeat):
        """Row-major [dot(r, c) for r in rows for c in cols]."""
        n = len(cols)
        out = []
        for r in rows:
            out += map(_sp, _rep(r, n), cols)
        return out
else:
    def _dots(rows, cols, _s=_pysum, _m=map, _mul=_mul):
        """Row-major [dot(r, c) for r in rows for c in cols]."""
        return [_s(_m(_mul, r, c)) for r in rows for c in cols]


def _split_rows(flat: list, length: int) -> list:
    return [flat[i:i + length] for i in range(0, len(flat), length)]


def _fsum(values, _f=math.fsum):
    """Exact float sum; inf - inf gives nan and overflow gives inf, as IEEE sums do."""
    if not isinstance(values, (list, tuple, array)):
        values = list(values)  # may be needed twice
    try:
        return _f(values)
    except (ValueError, OverflowError):
        return _pysum(values)


def _new(values, shape, dtype) -> NDArray:
    return _wrap(make_storage(values, dtype), tuple(shape), dtype)


def _arr(x) -> NDArray:
    if isinstance(x, NDArray):
        return x
    return _asarray(x)


def _is_scalar(x) -> bool:
    return isinstance(x, (bool, int, float)) and not isinstance(x, NDArray)


def _kind(x) -> str:
    """dtype, or the weak marker of a Python scalar."""
    if isinstance(x, NDArray):
        return x.dtype
    return _dt.scalar_kind(x)


def _default_float() -> str:
    return _dt.DEFAULT_FLOAT[_dt._policy]


def _default_int() -> str:
    return _dt.DEFAULT_INT[_dt._policy]


def _float_dtype(dtype: str) -> str:
    """Dtype of a float-valued op (exp, mean, ...) on an input of ``dtype``."""
    return dtype if dtype in _FLOATS else _default_float()


def _axis(axis: int, ndim: int) -> int:
    axis = operator.index(axis)
    a = axis + ndim if axis < 0 else axis
    if not 0 <= a < _pymax(ndim, 1):  # a 0-d array accepts axis 0 / -1, as torch
        raise IndexError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return a


def _axes(axis, ndim: int) -> tuple:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    out = []
    for a in axis:
        a = int(a)
        b = a + ndim if a < 0 else a
        if not 0 <= b < ndim:
            if ndim == 0 and a in (0, -1):
                continue
            raise IndexError(f"axis {a} is out of bounds for array of dimension {ndim}")
        if b in out:
            raise ValueError(f"repeated axis {a}")
        out.append(b)
    return tuple(sorted(out))


# ========================================================================================
# primitive: gather by flat index list (transpose, broadcast, indexing all reduce to it)
# ========================================================================================
def _small_cache(fn):
    """Memoise index plans keyed by shapes, but only small ones: a plan holds one Python
    int per element, and the 200 MB budget rules out keeping big ones around."""
    cache = {}

    def wrapper(*key):
        r = cache.get(key)
        if r is None:
            r = fn(*key)
            # a plan is a tuple of offsets, or (kind, offsets-or-count)
            size = len(r[-1]) if r and isinstance(r[-1], tuple) else len(r)
            if size <= _CACHE_MAX_ELEMS:
                if len(cache) >= 512:
                    cache.clear()
                cache[key] = r
        return r
    wrapper.cache = cache
    wrapper.__wrapped__ = fn
    return wrapper


_CACHE_MAX_ELEMS = 1 << 16


def _outer_offsets(dim_offsets) -> tuple:
    """Flat offsets of the outer sum of per-dimension offset lists, row-major."""
    offs = [0]
    for d in dim_offsets:
        if len(d) == 1:
            k = d[0]
            if k:
                offs = [o + k for o in offs]
            continue
        offs = [o + k for o in offs for k in d]
    return tuple(offs)


@_small_cache
def _permute_offsets(shape: tuple, perm: tuple) -> tuple:
    st = strides_of(shape)
    return _outer_offsets(tuple(tuple(range(0, shape[p] * st[p], st[p])) if shape[p] else ()
                                for p in perm))


def _gather(data, offsets):
    return list(map(data.__getitem__, offsets))


def _take_storage(x: NDArray, offsets, shape) -> NDArray:
    data = x.data
    if len(offsets) > 1 and 2 * len(offsets) >= len(data):
        # one C-level gather from a list: 1.3x (CPython) to 1.7x (Pyodide) map(getitem) on
        # the array; only when most of it is read (tolist converts all of it)
        out = array(data.typecode, operator.itemgetter(*offsets)(data.tolist()))
    else:
        out = array(data.typecode, map(data.__getitem__, offsets))
    return _wrap(out, tuple(shape), x.dtype)


def _gatherers(offset_lists) -> list:
    """Per offset list a C-level gather ``g(seq) -> tuple`` (conv patches, pool windows);
    itemgetter of one offset returns the item itself, not a 1-tuple, hence the wrappers."""
    out = []
    for offs in offset_lists:
        if len(offs) > 1:
            out.append(operator.itemgetter(*offs))
        elif offs:
            out.append(lambda seq, _o=offs[0]: (seq[_o],))
        else:
            out.append(lambda seq: ())
    return out


# ========================================================================================
# broadcasting
# ========================================================================================
@lru_cache(maxsize=2048)
def broadcast_shapes(*shapes) -> tuple:
    nd = _pymax((len(s) for s in shapes), default=0)
    out = []
    for i in range(nd):
        dim = 1
        for s in shapes:
            j = i - (nd - len(s))
            if j < 0:
                continue
            d = s[j]
            if d == 1:
                continue
            if dim != 1 and d != dim:
                raise ValueError("operands could not be broadcast together with shapes "
                                 + " ".join(str(tuple(s)) for s in shapes))
            dim = d
        out.append(dim)
    return check_size(tuple(out))


@_small_cache
def _broadcast_plan(shape: tuple, out_shape: tuple):
    """('same',) | ('fill', n) | ('tile', reps) | ('repeat', outer, inner) | ('index', offsets):
    how to expand shape -> out_shape."""
    if shape == out_shape:
        return ("same",)
    n_in = _prod(shape)
    if n_in == 1:
        return ("fill", _prod(out_shape))
    lead = len(out_shape) - len(shape)
    full = (1,) * lead + shape
    # trailing block identical, leading dims broadcast: repeat the whole storage
    k = len(full)
    while k > 0 and full[k - 1] == out_shape[k - 1]:
        k -= 1
    if _pyall(d == 1 for d in full[:k]):
        return ("tile", _prod(out_shape[:k]))
    # ones, then a block identical to the output, then ones (a per-channel (C, 1, 1) operand):
    # every element repeated for the trailing block, the whole tiled over the leading one
    j = len(full)
    while j > 0 and full[j - 1] == 1:
        j -= 1
    i = j
    while i > 0 and full[i - 1] == out_shape[i - 1]:
        i -= 1
    if _pyall(d == 1 for d in full[:i]):
        return ("repeat", _prod(out_shape[:i]), _prod(out_shape[j:]))
    st = strides_of(full)
    dims = tuple((0,) * out_shape[i] if full[i] == 1 else tuple(range(0, out_shape[i] * st[i], st[i]))
                 for i in range(len(full)))
    return ("index", _outer_offsets(dims))


def _expand(data, shape: tuple, out_shape: tuple):
    """Storage-like sequence of ``data`` broadcast to out_shape (may return data itself)."""
    plan = _broadcast_plan(shape, out_shape)
    kind = plan[0]
    if kind == "same":
        return data
    if kind == "fill":
        return [data[0]] * plan[1] if len(data) else []
    if kind == "tile":
        return data * plan[1] if isinstance(data, list) else data.tolist() * plan[1]
    if kind == "repeat":
        inner = plan[2]
        out = []
        for v in (data if isinstance(data, list) else data.tolist()):
            out += [v] * inner
        return out * plan[1] if plan[1] != 1 else out
    return list(map(data.__getitem__, plan[1]))


def broadcast_to(x, shape):
    x = _arr(x)
    shape = tuple(int(s) for s in shape)
    if broadcast_shapes(x.shape, shape) != shape:
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    data = _expand(x.data, x.shape, shape)
    if data is x.data:
        return x
    return _wrap(array(x.data.typecode, data), shape, x.dtype)


# ========================================================================================
# primitive: elementwise unary
# ========================================================================================
def _map_unary(x: NDArray, fast, safe, out_dtype: str) -> NDArray:
    data = x.data
    try:
        vals = list(map(fast, data))
    except (ValueError, OverflowError, ZeroDivisionError, TypeError):
        vals = list(map(safe, data))
    return _wrap(make_storage(vals, out_dtype), x.shape, out_dtype)


def _guard(f, on_overflow=None, on_domain=None):
    """Per-element fallback of ``f`` giving IEEE results where math raises."""
    def g(v):
        try:
            return f(v)
        except OverflowError:
            return on_overflow(v) if on_overflow else math.copysign(_INF, v)
        except (ValueError, ZeroDivisionError):
            return on_domain(v) if on_domain else _NAN
    return g


def _log_domain(v):
    return -_INF if v == 0 else _NAN


def _recip_safe(v):
    try:
        return 1.0 / v
    except ZeroDivisionError:
        return math.copysign(_INF, v)


def _rsqrt(v):
    return 1.0 / math.sqrt(v)


def _rsqrt_safe(v):
    if v == 0:
        return math.copysign(_INF, v)
    if v < 0 or v != v:
        return _NAN
    return 1.0 / math.sqrt(v)


def _keep_nonfinite(f):
    def g(v):
        try:
            return f(v)
        except (OverflowError, ValueError):
            return v
    return g


def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def _sigmoid_safe(v):
    if v != v:
        return v
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def _softplus1(v):
    # log(1 + e^v) without overflow
    return v + math.log1p(math.exp(-v)) if v > 0 else math.log1p(math.exp(v))


_SQRT1_2 = 1.0 / math.sqrt(2.0)
_GELU_C = math.sqrt(2.0 / math.pi)
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _float_unary(name, fast, safe=None):
    """Define a float-valued unary op (int input -> the policy's default float)."""
    safe = safe or _guard(fast)

    def op(x):
        x = _arr(x)
        return _map_unary(x, fast, safe, _float_dtype(x.dtype))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise {name}; integer input gives the default float dtype."
    return op


def _exp_over(v):
    return _INF


exp = _float_unary("exp", math.exp, _guard(math.exp, on_overflow=_exp_over))
log = _float_unary("log", math.log, _guard(math.log, on_domain=_log_domain))
log2 = _float_unary("log2", math.log2, _guard(math.log2, on_domain=_log_domain))
log10 = _float_unary("log10", math.log10, _guard(math.log10, on_domain=_log_domain))
log1p = _float_unary("log1p", math.log1p,
                     _guard(math.log1p, on_domain=lambda v: -_INF if v == -1 else _NAN))
expm1 = _float_unary("expm1", math.expm1, _guard(math.expm1, on_overflow=_exp_over))
sqrt = _float_unary("sqrt", math.sqrt)
rsqrt = _float_unary("rsqrt", _rsqrt, _rsqrt_safe)
reciprocal = _float_unary("reciprocal", lambda v: 1.0 / v, _recip_safe)
sin = _float_unary("sin", math.sin)
cos = _float_unary("cos", math.cos)
tan = _float_unary("tan", math.tan)
asin = _float_unary("asin", math.asin)
acos = _float_unary("acos", math.acos)
atan = _float_unary("atan", math.atan)
sinh = _float_unary("sinh", math.sinh)
cosh = _float_unary("cosh", math.cosh, _guard(math.cosh, on_overflow=_exp_over))
tanh = _float_unary("tanh", math.tanh)
erf = _float_unary("erf", math.erf)
sigmoid = _float_unary("sigmoid", _sigmoid, _sigmoid_safe)
silu = _float_unary("silu", lambda v: v * _sigmoid_safe(v), lambda v: v * _sigmoid_safe(v))
mish = _float_unary("mish", lambda v: v * math.tanh(_softplus1(v)))
selu = _float_unary("selu", lambda v: _SELU_SCALE * (v if v > 0 else _SELU_ALPHA * math.expm1(v)))
hardsigmoid = _float_unary("hardsigmoid",
                           lambda v: 0.0 if v <= -3 else (1.0 if v >= 3 else v / 6.0 + 0.5))
hardswish = _float_unary("hardswish",
                         lambda v: 0.0 if v <= -3 else (v if v >= 3 else v * (v + 3.0) / 6.0))


def _same_dtype_unary(x, fast_float, fast_int, safe=None):
    x = _arr(x)
    if x.dtype in _FLOATS:
        return _map_unary(x, fast_float, safe or _keep_nonfinite(fast_float), x.dtype)
    return _map_unary(x, fast_int, fast_int, x.dtype)


def neg(x):
    x = _arr(x)
    if x.dtype == "bool":
        raise TypeError("negation of a bool array is not supported; use logical_not")
    return _map_unary(x, operator.neg, operator.neg, x.dtype)


def abs(x):
    x = _arr(x)
    return _map_unary(x, _pyabs, _pyabs, x.dtype)


def square(x):
    x = _arr(x)
    dt = x.dtype if x.dtype != "bool" else _default_int()
    return _map_unary(x, lambda v: v * v, lambda v: v * v, dt)


def floor(x):
    return _same_dtype_unary(x, lambda v: float(math.floor(v)), int)


def ceil(x):
    return _same_dtype_unary(x, lambda v: float(math.ceil(v)), int)


def trunc(x):
    return _same_dtype_unary(x, lambda v: float(math.trunc(v)), int)


def round(x):
    """Half to even (Python's round), as torch/numpy/tf."""
    return _same_dtype_unary(x, lambda v: float(_pyround(v)), int)


def sign(x):
    x = _arr(x)
    if x.dtype in _FLOATS:
        return _map_unary(x, lambda v: (v > 0) - (v < 0) + 0.0 if v == v else v,
                          lambda v: v, x.dtype)
    return _map_unary(x, lambda v: (v > 0) - (v < 0), None, x.dtype)


def logical_not(x):
    x = _arr(x)
    return _wrap(array("B", [0 if v else 1 for v in x.data]), x.shape, "bool")


def bitwise_not(x):
    x = _arr(x)
    if x.dtype == "bool":
        return logical_not(x)
    if x.dtype in _FLOATS:
        raise TypeError(f"bitwise_not is only defined for integer and bool arrays, not {x.dtype}")
    return _map_unary(x, operator.invert, operator.invert, x.dtype)


def _bool_unary(x, pred):
    x = _arr(x)
    if x.dtype not in _FLOATS:
        fill = 1 if pred is math.isfinite else 0
        return _wrap(array("B", [fill]) * x.size, x.shape, "bool")
    return _wrap(array("B", map(pred, x.data)), x.shape, "bool")


def isnan(x):
    return _bool_unary(x, math.isnan)


def isinf(x):
    return _bool_unary(x, math.isinf)


def isfinite(x):
    return _bool_unary(x, math.isfinite)


def relu(x):
    x = _arr(x)
    zero = 0.0 if x.dtype in _FLOATS else 0
    # "not v <= 0" keeps nan, as torch.relu does
    vals = [v if not v <= 0 else zero for v in x.data]
    return _wrap(make_storage(vals, x.dtype), x.shape, x.dtype)


def relu6(x):
    return hardtanh(x, 0.0, 6.0)


def gelu(x, approximate=False):
    """Exact form 0.5 x (1 + erf(x / sqrt 2)); approximate=True (or 'tanh') the tanh form."""
    x = _arr(x)
    if approximate in (True, "tanh"):
        f = lambda v: 0.5 * v * (1.0 + math.tanh(_GELU_C * (v + 0.044715 * v * v * v)))
    elif approximate in (False, None, "none"):
        # the transformer activation: inlined (a comprehension, not a call per element),
        # the same expression as the lambda; float ops and erf raise on no input
        erf, c, dt = math.erf, _SQRT1_2, _float_dtype(x.dtype)
        return _wrap(make_storage([0.5 * v * (1.0 + erf(v * c)) for v in x.data], dt), x.shape, dt)
    else:
        raise ValueError(f"gelu: approximate must be False/True/'none'/'tanh', got {approximate!r}")
    return _map_unary(x, f, _guard(f), _float_dtype(x.dtype))


def softplus(x, beta=1.0, threshold=20.0):
    x = _arr(x)

    def f(v):
        bv = beta * v
        return v if bv > threshold else _softplus1(bv) / beta
    return _map_unary(x, f, _guard(f), _float_dtype(x.dtype))


def leaky_relu(x, negative_slope=0.01):
    x = _arr(x)
    s = negative_slope
    return _map_unary(x, lambda v: v if v > 0 else v * s, lambda v: v, _float_dtype(x.dtype))


def elu(x, alpha=1.0):
    x = _arr(x)
    f = lambda v: v if v > 0 else alpha * math.expm1(v)
    return _map_unary(x, f, _guard(f), _float_dtype(x.dtype))


def hardtanh(x, min_val=-1.0, max_val=1.0):
    return clip(x, min_val, max_val)


def clip(x, min=None, max=None):
    """Clamp into [min, max] (scalars or arrays); nan stays nan; min > max gives max, as torch."""
    x = _arr(x)
    out = x
    if min is not None:
        if _is_scalar(min):
            dt = _dt.result_type(x.dtype, _kind(min), _dt._policy)
            lo = _cast_scalar(min, dt)
            out = _wrap(make_storage([lo if v < lo else v for v in out.data], dt), x.shape, dt)
        else:
            out = _binary(out, min, _max_nan, "arith", _max_nan)
    if max is not None:
        if _is_scalar(max):
            dt = _dt.result_type(out.dtype, _kind(max), _dt._policy)
            hi = _cast_scalar(max, dt)
            out = _wrap(make_storage([hi if v > hi else v for v in out.data], dt), out.shape, dt)
        else:
            out = _binary(out, max, _min_nan, "arith", _min_nan)
    if out is x:
        out = x.copy()
    return out


# ========================================================================================
# primitive: elementwise binary with broadcasting and promotion
# ========================================================================================
def _cast_scalar(v, dtype):
    """A Python scalar as the compute dtype would hold it (float32 rounding included)."""
    if dtype in _FLOATS:
        v = float(v)
        if dtype != "float64":
            return make_storage([v], dtype)[0]
        return v
    if dtype == "bool":
        return bool(v)
    return int(v)


def _operand(x, dtype):
    """(storage-like data, shape) of an operand in the compute dtype."""
    if isinstance(x, NDArray):
        if x.dtype == dtype or (dtype in _FLOATS and x.dtype not in _FLOATS) \
                or (x.dtype in _FLOATS and dtype == "float64") or x.dtype == "bool":
            return x.data, x.shape
        # float64 -> float32 etc. (only under numpy-like value rules): round first
        return make_storage(x.data, dtype), x.shape
    return None, _cast_scalar(x, dtype)


def _binary(x, y, fast, kind, safe=None):
    """Apply ``fast(a, b)`` elementwise. kind: arith | cmp | truediv | int_only | logical."""
    if isinstance(x, (list, tuple)):
        x = _asarray(x)
    if isinstance(y, (list, tuple)):
        y = _asarray(y)
    kx, ky = _kind(x), _kind(y)
    if kx in _dt.WEAK or ky in _dt.WEAK:
        if _dt._policy == "numpy" and not (kx not in _dt.WEAK and x.shape or ky not in _dt.WEAK and y.shape):
            # numpy 1.24: with no dimensioned operand there is no value-based casting and
            # Python scalars promote as int64 / float64 (np.float32(2) * 2 -> float64)
            ct = _dt.result_type(_dt.STRONG.get(kx, kx), _dt.STRONG.get(ky, ky), "numpy")
        else:
            ct = _dt.result_type(kx, ky, _dt._policy)
    else:
        ct = _dt.result_type_nd(kx, len(x.shape), ky, len(y.shape), _dt._policy)
    if kind == "cmp" or kind == "logical":
        out_dt = "bool"
    elif kind == "truediv":
        if ct not in _FLOATS:
            ct = _truediv_float(ct)
        out_dt = ct
    else:
        out_dt = ct
        if kind == "int_only" and ct in _FLOATS:
            raise TypeError(f"bitwise ops need integer or bool operands, not {ct}")
    xd, xs = _operand(x, ct)
    yd, ys = _operand(y, ct)
    if xd is None and yd is None:  # two Python scalars: a 0-d result
        xd, xs, yd, ys = [xs], (), [ys], ()
    try:
        if xd is None:
            vals = list(map(fast, itertools.repeat(xs, len(yd)), yd))
            shape = ys
        elif yd is None:
            vals = list(map(fast, xd, itertools.repeat(ys, len(xd))))
            shape = xs
        elif xs == ys:
            vals = list(map(fast, xd, yd))
            shape = xs
        else:
            shape = broadcast_shapes(xs, ys)
            vals = list(map(fast, _expand(xd, xs, shape), _expand(yd, ys, shape)))
    except (ZeroDivisionError, OverflowError, ValueError):
        if safe is None:
            raise
        if xd is None:
            vals = [safe(xs, b) for b in yd]
            shape = ys
        elif yd is None:
            vals = [safe(a, ys) for a in xd]
            shape = xs
        else:
            shape = broadcast_shapes(xs, ys)
            vals = list(map(safe, _expand(xd, xs, shape), _expand(yd, ys, shape)))
    if out_dt == "bool":
        return _wrap(array("B", [1 if v else 0 for v in vals]), shape, "bool")
    return _wrap(make_storage(vals, out_dt), shape, out_dt)


def _truediv_float(dtype: str) -> str:
    pol = _dt._policy
    if pol == "tensorflow":
        return "float64" if dtype in ("int32", "int64") else "float32"
    return _dt.DEFAULT_FLOAT[pol]


def _int_zero_div(a, b):
    if _dt._policy == "torch":
        raise ZeroDivisionError("integer division by zero")
    return 0


def _fdiv_safe(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return _NAN
        return math.copysign(_INF, a) * math.copysign(1.0, b)
    except OverflowError:  # huge ints
        return float(a) / float(b)


def _floordiv_safe(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return _int_zero_div(a, b)
    if b == 0:
        return _fdiv_safe(a, b)
    try:
        return a // b
    except (OverflowError, ValueError):
        return math.floor(a / b) if math.isfinite(a / b) else a / b


def _remainder_safe(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return _int_zero_div(a, b)
    try:
        return a % b
    except ZeroDivisionError:
        return _NAN


def _trunc_div(a, b):
    if isinstance(a, int) and isinstance(b, int):
        q = _pyabs(a) // _pyabs(b)
        return q if (a >= 0) == (b >= 0) else -q
    return float(math.trunc(a / b))


def _trunc_div_safe(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return _int_zero_div(a, b)
    try:
        return float(math.trunc(a / b))
    except ZeroDivisionError:
        return _fdiv_safe(a, b)
    except (OverflowError, ValueError):
        return a / b


def _fmod(a, b):
    if isinstance(a, int) and isinstance(b, int):
        r = _pyabs(a) % _pyabs(b)
        return r if a >= 0 else -r
    return math.fmod(a, b)


def _fmod_safe(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return _int_zero_div(a, b)
    try:
        return math.fmod(a, b)
    except ValueError:
        return _NAN


def _pow(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return math.pow(a, b)
    if b < 0:
        if a == 1:
            return 1
        if a == -1:
            return 1 if b % 2 == 0 else -1
        raise ValueError("integers to negative integer powers are not allowed")
    return a ** b


def _pow_safe(a, b):
    try:
        return _pow(a, b)
    except OverflowError:
        if a < 0 and float(b).is_integer() and int(b) % 2:
            return -_INF
        return _INF
    except (ValueError, ZeroDivisionError):
        if isinstance(a, int) and isinstance(b, int):
            raise
        if a == 0 and b < 0:
            return math.copysign(_INF, a) if float(b).is_integer() and int(b) % 2 else _INF
        return _NAN


def _max_nan(a, b):
    return a if (a >= b or a != a) else b


def _min_nan(a, b):
    return a if (a <= b or a != a) else b


def add(x, y):
    return _binary(x, y, operator.add, "arith")


def sub(x, y):
    if _kind(x) in ("bool", "pybool") and _kind(y) in ("bool", "pybool"):
        raise TypeError("subtraction of two bool arrays is not supported; use logical_xor")
    return _binary(x, y, operator.sub, "arith")


def mul(x, y):
    return _binary(x, y, operator.mul, "arith")


def truediv(x, y):
    """Always true division; integer operands give the policy's default float."""
    return _binary(x, y, operator.truediv, "truediv", _fdiv_safe)


def floordiv(x, y):
    """Rounds toward -inf (Python //)."""
    return _binary(x, y, operator.floordiv, "arith", _floordiv_safe)


def truncdiv(x, y):
    """Rounds toward zero (C division)."""
    return _binary(x, y, _trunc_div, "arith", _trunc_div_safe)


def remainder(x, y):
    """Sign of the divisor (Python %)."""
    return _binary(x, y, operator.mod, "arith", _remainder_safe)


def fmod(x, y):
    """Sign of the dividend (C fmod)."""
    return _binary(x, y, _fmod, "arith", _fmod_safe)


def pow(x, y):
    return _binary(x, y, _pow, "arith", _pow_safe)


def maximum(x, y):
    """Elementwise max; nan propagates."""
    return _binary(x, y, _max_nan, "arith")


def minimum(x, y):
    return _binary(x, y, _min_nan, "arith")


def atan2(x, y):
    return _binary(x, y, math.atan2, "truediv")


def eq(x, y):
    return _binary(x, y, operator.eq, "cmp")


def ne(x, y):
    return _binary(x, y, operator.ne, "cmp")


def lt(x, y):
    return _binary(x, y, operator.lt, "cmp")


def le(x, y):
    return _binary(x, y, operator.le, "cmp")


def gt(x, y):
    return _binary(x, y, operator.gt, "cmp")


def ge(x, y):
    return _binary(x, y, operator.ge, "cmp")


def _logical(x, y, f):
    # logical ops accept any dtypes: operands are only tested for truth
    x = _bool_of(x)
    y = _bool_of(y)
    return _binary(x, y, f, "logical")


def _bool_of(x):
    if isinstance(x, (list, tuple)):
        x = _asarray(x)
    if isinstance(x, NDArray):
        return x if x.dtype == "bool" else ne(x, 0)
    return bool(x)


def isclose(x, y, rtol=1e-05, atol=1e-08, equal_nan=False):
    def close(a, b):
        if a == b:  # also equal infinities
            return True
        if a != a or b != b:
            return bool(equal_nan) and a != a and b != b
        if _isinf(a) or _isinf(b):
            return False
        return _pyabs(a - b) <= atol + rtol * _pyabs(b)
    return _binary(x, y, close, "cmp")


def logical_and(x, y):
    return _logical(x, y, lambda a, b: bool(a) and bool(b))


def logical_or(x, y):
    return _logical(x, y, lambda a, b: bool(a) or bool(b))


def logical_xor(x, y):
    return _logical(x, y, lambda a, b: bool(a) != bool(b))


def bitwise_and(x, y):
    return _binary(x, y, operator.and_, "int_only")


def bitwise_or(x, y):
    return _binary(x, y, operator.or_, "int_only")


def bitwise_xor(x, y):
    return _binary(x, y, operator.xor, "int_only")


# ========================================================================================
# primitive: reduce over axes
# ========================================================================================
def _groups(x: NDArray, axes: tuple):
    """(list of per-output groups, kept shape) with reduced axes moved last."""
    nd = x.ndim
    keep = tuple(a for a in range(nd) if a not in axes)
    out_shape = tuple(x.shape[a] for a in keep)
    r = _prod(x.shape[a] for a in axes)
    data = x.data
    if keep + axes != tuple(range(nd)):
        data = list(map(data.__getitem__, _permute_offsets(x.shape, keep + axes)))
    if r == 0:
        return [[] for _ in range(_prod(out_shape))], out_shape
    if not keep:
        return [data], out_shape
    return [data[i:i + r] for i in range(0, len(data), r)], out_shape


def _reduce(x, axis, keepdims, fn, out_dtype):
    x = _arr(x)
    axes = _axes(axis, x.ndim)
    groups, out_shape = _groups(x, axes)
    vals = list(map(fn, groups))
    if keepdims:
        out_shape = tuple(1 if a in axes else s for a, s in enumerate(x.shape))
    return _wrap(make_storage(vals, out_dtype), out_shape, out_dtype)


def _sum_dtype(dtype):
    if dtype in _FLOATS:
        return dtype
    if _dt._policy in ("torch", "numpy"):
        return "int64"
    return "int32" if dtype in ("bool", "int8", "int16", "uint8") else dtype


def sum(x, axis=None, keepdims=False, dtype=None):
    x = _arr(x)
    if dtype is not None:
        x = x.astype(dtype)
    out_dt = dtype or _sum_dtype(x.dtype)
    f = _fsum if x.dtype in _FLOATS else _pysum
    return _reduce(x, axis, keepdims, f, out_dt)


def mean(x, axis=None, keepdims=False):
    x = _arr(x)

    def f(g):
        n = len(g)
        return _fsum(g) / n if n else _NAN
    return _reduce(x, axis, keepdims, f, _float_dtype(x.dtype))


def prod(x, axis=None, keepdims=False):
    x = _arr(x)
    return _reduce(x, axis, keepdims, math.prod, _sum_dtype(x.dtype))


def _extreme(x, axis, keepdims, pick, name):
    x = _arr(x)
    isf = x.dtype in _FLOATS

    def f(g):
        if not len(g):
            raise ValueError(f"{name}: reduction over an empty dimension has no identity")
        m = pick(g)
        if isf and m == m and _pyany(map(_isnan, g)):
            return _NAN
        return m
    return _reduce(x, axis, keepdims, f, x.dtype)


def max(x, axis=None, keepdims=False):
    """Maximum; nan propagates."""
    return _extreme(x, axis, keepdims, _pymax, "max")


def min(x, axis=None, keepdims=False):
    return _extreme(x, axis, keepdims, _pymin, "min")


def _arg_extreme(x, axis, keepdims, pick, name):
    isf = x.dtype in _FLOATS
    if axis is None:  # index into the flattened array
        x, axis = _wrap(x.data, (x.size,), x.dtype), 0

    def f(g):
        if not len(g):
            raise ValueError(f"{name}: attempt to get {name} of an empty sequence")
        if isf:
            for i, v in enumerate(g):
                if v != v:
                    return i  # nan counts as the extreme, as torch/numpy
        return g.index(pick(g))  # first index on ties
    return _reduce(x, axis, keepdims, f, "int64")


def argmax(x, axis=None, keepdims=False):
    """Index of the maximum (first on ties), int64; axis=None indexes the flattened array."""
    x = _arr(x)
    out = _arg_extreme(x, axis, keepdims, _pymax, "argmax")
    if axis is None and keepdims:
        return _wrap(out.data, (1,) * x.ndim, "int64")
    return out


def argmin(x, axis=None, keepdims=False):
    x = _arr(x)
    out = _arg_extreme(x, axis, keepdims, _pymin, "argmin")
    if axis is None and keepdims:
        return _wrap(out.data, (1,) * x.ndim, "int64")
    return out


def _var_group(correction):
    def f(g):
        n = len(g)
        dof = n - correction
        if n == 0 or dof <= 0:
            return _NAN
        m = _fsum(g) / n
        return _fsum([(v - m) * (v - m) for v in g]) / dof
    return f


def var(x, axis=None, correction=0, keepdims=False):
    """Variance with ``correction`` (1 = Bessel); nan when correction >= count."""
    x = _arr(x)
    return _reduce(x, axis, keepdims, _var_group(correction), _float_dtype(x.dtype))


def std(x, axis=None, correction=0, keepdims=False):
    x = _arr(x)
    vf = _var_group(correction)
    return _reduce(x, axis, keepdims, lambda g: math.sqrt(vf(g)) if vf(g) == vf(g) else _NAN,
                   _float_dtype(x.dtype))


def all(x, axis=None, keepdims=False):
    return _reduce(x, axis, keepdims, _pyall, "bool")


def any(x, axis=None, keepdims=False):
    return _reduce(x, axis, keepdims, _pyany, "bool")


def _lse(g):
    if not len(g):
        return -_INF
    m = _pymax(g)
    if m != m:
        return _NAN
    if m in (_INF, -_INF):
        return m
    return m + math.log(_fsum([math.exp(v - m) for v in g]))


def logsumexp(x, axis=None, keepdims=False):
    x = _arr(x)
    return _reduce(x, axis, keepdims, _lse, _float_dtype(x.dtype))


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector p-norm over ``axis`` (all axes flattened when None); ord None/'fro' = 2, inf,
    -inf, 0, p. With a 2-tuple ``axis`` and ord 1/-1/inf/-inf: the matrix norm (max/min
    column or row abs sum), as numpy.linalg.norm; spectral/nuclear norms are unsupported."""
    x = _arr(x)
    if isinstance(axis, (tuple, list)) and len(axis) == 2 and ord not in (None, "fro"):
        r, c = (_axis(a, x.ndim) for a in axis)
        if ord in (1, -1, _INF, -_INF):
            summed_axis, pick_axis = (r, c) if ord in (1, -1) else (c, r)
            s = sum(abs(x), summed_axis, keepdims=True)
            out = (max if ord > 0 else min)(s, pick_axis, keepdims=True)
            out = out if keepdims else squeeze(out, (r, c))
            return out.astype(_float_dtype(x.dtype)) if out.dtype != _float_dtype(x.dtype) else out
        raise NotImplementedError(f"norm: matrix ord={ord!r} (needs an SVD) is not supported")
    if ord in (None, "fro", 2, 2.0):
        f = lambda g: math.sqrt(_fsum([v * v for v in g]))
    elif ord in (_INF, "inf"):
        f = lambda g: _pymax(map(_pyabs, g)) if len(g) else 0.0
    elif ord in (-_INF, "-inf"):
        f = lambda g: _pymin(map(_pyabs, g)) if len(g) else _INF
    elif ord == 0:
        f = lambda g: float(_pysum(1 for v in g if v != 0))
    elif ord == 1:
        f = lambda g: _fsum(map(_pyabs, g))
    elif isinstance(ord, (int, float)):
        p = float(ord)
        f = lambda g: _fsum([_pyabs(v) ** p for v in g]) ** (1.0 / p)
    else:
        raise NotImplementedError(f"norm: ord={ord!r} is not supported by the engine")
    return _reduce(x, axis, keepdims, f, _float_dtype(x.dtype))


def _scan(x, axis, fn, out_dtype):
    x = _arr(x)
    if x.ndim == 0:
        return x.astype(out_dtype)
    return _along_axis(x, axis, lambda row: list(itertools.accumulate(row, fn)), out_dtype)


def cumsum(x, axis):
    x = _arr(x)
    if axis is None:
        x, axis = flatten(x), 0
    return _scan(x, axis, operator.add, _sum_dtype(x.dtype))


def cumprod(x, axis):
    x = _arr(x)
    if axis is None:
        x, axis = flatten(x), 0
    return _scan(x, axis, operator.mul, _sum_dtype(x.dtype))


# ========================================================================================
# rows along one axis (scan, sort, softmax, interpolate, flip, pad ...)
# ========================================================================================
def _along_axis(x: NDArray, axis: int, fn, out_dtype=None, out_len=None):
    """Apply ``fn(row) -> list`` to every 1-D row along ``axis``; rows may change length."""
    out_dtype = out_dtype or x.dtype
    nd = x.ndim
    axis = _axis(axis, nd)
    n = x.shape[axis]
    if axis == nd - 1:
        data = x.data
        rows = [data[i:i + n] for i in range(0, len(data), n)] if n else \
            [[] for _ in range(_prod(x.shape[:-1]))]
        outs = list(map(fn, rows))
        m = len(outs[0]) if outs else (out_len if out_len is not None else n)
        vals = [v for r in outs for v in r]
        return _wrap(make_storage(vals, out_dtype), x.shape[:-1] + (m,), out_dtype)
    perm = tuple(a for a in range(nd) if a != axis) + (axis,)
    moved = transpose(x, perm)
    res = _along_axis(moved, nd - 1, fn, out_dtype, out_len)
    inv = [0] * nd
    for i, p in enumerate(perm):
        inv[p] = i
    return transpose(res, tuple(inv))


# ========================================================================================
# shape ops
# ========================================================================================
def reshape(x, shape):
    x = _arr(x)
    return _wrap(x.data, resolve_shape(shape, x.size), x.dtype)


def transpose(x, perm=None):
    """Permute axes (None reverses them); copies into a new contiguous array."""
    x = _arr(x)
    nd = x.ndim
    perm = tuple(reversed(range(nd))) if perm is None else tuple(_axis(int(p), nd) for p in perm)
    if sorted(perm) != list(range(nd)):
        raise ValueError(f"transpose: {perm} is not a permutation of {nd} axes")
    shape = tuple(x.shape[p] for p in perm)
    if perm == tuple(range(nd)):
        return _wrap(x.data, shape, x.dtype)
    return _take_storage(x, _permute_offsets(x.shape, perm), shape)


def swapaxes(x, axis1, axis2):
    x = _arr(x)
    perm = list(range(x.ndim))
    a, b = _axis(axis1, x.ndim), _axis(axis2, x.ndim)
    perm[a], perm[b] = perm[b], perm[a]
    return transpose(x, perm)


def expand_dims(x, axis):
    x = _arr(x)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    nd = x.ndim + len(axes)
    axes = sorted(a + nd if a < 0 else a for a in axes)
    shape = list(x.shape)
    for a in axes:
        if not 0 <= a <= len(shape):
            raise IndexError(f"expand_dims: axis {a} out of range for {nd} dims")
        shape.insert(a, 1)
    return _wrap(x.data, tuple(shape), x.dtype)


def squeeze(x, axis=None):
    """Drop size-1 axes (all when None); an axis of size != 1 is left alone, as torch."""
    x = _arr(x)
    if axis is None:
        shape = tuple(s for s in x.shape if s != 1)
    else:
        axes = _axes(axis, x.ndim)
        shape = tuple(s for a, s in enumerate(x.shape) if not (a in axes and s == 1))
    return _wrap(x.data, shape, x.dtype)


def flatten(x, start_axis=0, end_axis=-1):
    x = _arr(x)
    if x.ndim == 0:
        return _wrap(x.data, (1,), x.dtype)
    s, e = _axis(start_axis, x.ndim), _axis(end_axis, x.ndim)
    if s > e:
        raise ValueError("flatten: start_axis must not come after end_axis")
    shape = x.shape[:s] + (_prod(x.shape[s:e + 1]),) + x.shape[e + 1:]
    return _wrap(x.data, shape, x.dtype)


def _common_dtype(arrs):
    dt = arrs[0].dtype
    for a in arrs[1:]:
        if a.dtype != dt:
            dt = _dt.result_type(dt, a.dtype, _dt._policy)
    return dt


def concat(xs, axis=0):
    xs = [_arr(a) for a in xs]
    if not xs:
        raise ValueError("concat: need at least one array")
    nd = xs[0].ndim
    if nd == 0:
        raise ValueError("concat: zero-dimensional arrays cannot be concatenated")
    axis = _axis(axis, nd)
    dt = _common_dtype(xs)
    base = xs[0].shape
    for a in xs:
        if a.ndim != nd or a.shape[:axis] != base[:axis] or a.shape[axis + 1:] != base[axis + 1:]:
            raise ValueError(f"concat: shapes {[t.shape for t in xs]} do not match outside axis {axis}")
    outer = _prod(base[:axis])
    inner = _prod(base[axis + 1:])
    blocks = [(a.data if a.dtype == dt else a.astype(dt).data, a.shape[axis] * inner) for a in xs]
    out = array(_dt.TYPECODE[dt])
    for o in range(outer):
        for d, b in blocks:
            out.extend(d[o * b:(o + 1) * b])
    shape = base[:axis] + (_pysum(a.shape[axis] for a in xs),) + base[axis + 1:]
    return _wrap(out, shape, dt)


def stack(xs, axis=0):
    xs = [_arr(a) for a in xs]
    if not xs:
        raise ValueError("stack: need at least one array")
    if _pyany(a.shape != xs[0].shape for a in xs):
        raise ValueError(f"stack: all arrays must have the same shape, got {[a.shape for a in xs]}")
    nd = xs[0].ndim + 1
    axis = axis + nd if axis < 0 else axis
    return concat([expand_dims(a, axis) for a in xs], axis)


def meshgrid(xs, indexing="xy"):
    """numpy.meshgrid: every input is flattened; grid k varies along axis k ('ij'), or with the first
    two axes swapped ('xy', numpy's default)."""
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    flat = [reshape(_arr(a), (-1,)) for a in xs]
    n = len(flat)
    axes = list(range(n))
    if indexing == "xy" and n >= 2:
        axes[0], axes[1] = 1, 0
    shape = [0] * n
    for a, ax in zip(flat, axes):
        shape[ax] = a.shape[0]
    out = []
    for a, ax in zip(flat, axes):
        view = [1] * n
        view[ax] = a.shape[0]
        out.append(broadcast_to(reshape(a, tuple(view)), tuple(shape)))
    return out


def split(x, sections, axis=0):
    """sections: int = number of equal parts (numpy), or a list of part sizes (torch/tf)."""
    x = _arr(x)
    axis = _axis(axis, x.ndim)
    n = x.shape[axis]
    if isinstance(sections, int):
        if sections <= 0 or n % sections:
            raise ValueError(f"split: array of size {n} along axis {axis} does not divide "
                             f"into {sections} equal parts")
        sizes = [n // sections] * sections
    else:
        sizes = [int(s) for s in sections]
        if _pysum(sizes) != n:
            raise ValueError(f"split: sizes {sizes} do not add up to {n}")
    outs = []
    start = 0
    for s in sizes:
        idx = (slice(None),) * axis + (slice(start, start + s),)
        outs.append(getitem(x, idx))
        start += s
    return tuple(outs)


def unbind(x, axis=0):
    x = _arr(x)
    axis = _axis(axis, x.ndim)
    return tuple(getitem(x, (slice(None),) * axis + (i,)) for i in range(x.shape[axis]))


def flip(x, axis):
    x = _arr(x)
    axes = _axes(axis, x.ndim)
    return getitem(x, tuple(slice(None, None, -1) if a in axes else slice(None)
                            for a in range(x.ndim)))


def roll(x, shift, axis=None):
    x = _arr(x)
    if axis is None:
        return reshape(roll(flatten(x), shift, 0), x.shape)
    shifts = (shift,) if isinstance(shift, int) else tuple(shift)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if len(shifts) != len(axes):
        raise ValueError("roll: shift and axis must have the same length")
    out = x
    for s, a in zip(shifts, axes):
        a = _axis(a, x.ndim)
        n = x.shape[a]
        if n == 0:
            continue
        s %= n
        idx = [(i - s) % n for i in range(n)]
        out = take(out, _wrap(array("q", idx), (n,), "int64"), a)
    return out if out is not x else x.copy()


def tile(x, reps):
    x = _arr(x)
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    nd = _pymax(x.ndim, len(reps))
    shape = (1,) * (nd - x.ndim) + x.shape
    reps = (1,) * (nd - len(reps)) + reps
    st = strides_of(shape)
    dims = tuple(tuple(i * st[d] for _ in range(reps[d]) for i in range(shape[d])) for d in range(nd))
    out_shape = tuple(s * r for s, r in zip(shape, reps))
    return _take_storage(x, _outer_offsets(dims), out_shape)


def repeat(x, repeats, axis=None):
    """numpy.repeat / torch.repeat_interleave: each element repeated along ``axis``."""
    x = _arr(x)
    if axis is None:
        x, axis = flatten(x), 0
    axis = _axis(axis, x.ndim)
    n = x.shape[axis]
    if isinstance(repeats, NDArray):
        repeats = repeats.tolist()
    reps = [int(repeats)] * n if isinstance(repeats, int) else [int(r) for r in repeats]
    if len(reps) == 1 and n != 1:
        reps = reps * n
    if len(reps) != n:
        raise ValueError(f"repeat: {len(reps)} repeats for an axis of size {n}")
    idx = [i for i, r in enumerate(reps) for _ in range(r)]
    return take(x, _wrap(array("q", idx), (len(idx),), "int64"), axis)


def pad(x, pad_width, mode="constant", value=0.0):
    """Pad with numpy's ((before, after), ...) per axis (fewer pairs pad the last axes? no: the
    first axes, as numpy; a single pair or int applies to every axis). Modes: constant,
    reflect, replicate/edge, circular/wrap."""
    x = _arr(x)
    nd = x.ndim
    pw = _norm_pad_width(pad_width, nd)
    if mode == "constant":
        out_shape = tuple(s + b + a for s, (b, a) in zip(x.shape, pw))
        fill = _cast_scalar(value, x.dtype)
        out = array(x.data.typecode, [fill]) * _prod(out_shape)
        if x.size:
            ost = strides_of(out_shape)
            dims = tuple(tuple(range(b * ost[d], (b + x.shape[d]) * ost[d], ost[d]))
                         for d, (b, a) in enumerate(pw))
            for o, v in zip(_outer_offsets(dims), x.data):
                out[o] = v
        return _wrap(out, out_shape, x.dtype)
    dims = []
    for d, (b, a) in enumerate(pw):
        n = x.shape[d]
        idx = [_pad_index(i, n, mode) for i in range(-b, n + a)]
        dims.append(idx)
    st = strides_of(x.shape)
    offs = _outer_offsets(tuple(tuple(i * st[d] for i in idx) for d, idx in enumerate(dims)))
    return _take_storage(x, offs, tuple(len(i) for i in dims))


def _norm_pad_width(pad_width, nd):
    if isinstance(pad_width, int):
        return [(pad_width, pad_width)] * nd
    pw = [tuple(p) if not isinstance(p, int) else (p, p) for p in pad_width]
    if len(pw) == 1 and nd > 1:
        pw = pw * nd
    if len(pw) != nd:
        raise ValueError(f"pad: {len(pw)} (before, after) pairs for {nd} axes")
    return [(int(b), int(a)) for b, a in pw]


def _pad_index(i, n, mode):
    if 0 <= i < n:
        return i
    if mode in ("replicate", "edge"):
        return 0 if i < 0 else n - 1
    if mode in ("circular", "wrap"):
        return i % n
    if mode == "reflect":
        if n == 1:
            return 0
        period = 2 * (n - 1)
        i %= period
        return i if i < n else period - i
    if mode == "symmetric":
        period = 2 * n
        i %= period
        return i if i < n else period - 1 - i
    raise ValueError(f"pad: unknown mode {mode!r}")


def _tri(x, k, lower):
    x = _arr(x)
    if x.ndim < 2:
        raise ValueError("tril/triu need at least 2 dimensions")
    r, c = x.shape[-2:]
    keep = [(j - i <= k) if lower else (j - i >= k) for i in range(r) for j in range(c)]
    zero = _cast_scalar(0, x.dtype)
    data = x.data
    m = r * c
    vals = [data[i] if keep[i % m] else zero for i in range(len(data))]
    return _wrap(make_storage(vals, x.dtype), x.shape, x.dtype)


def tril(x, k=0):
    return _tri(x, k, True)


def triu(x, k=0):
    return _tri(x, k, False)


def diag(x, k=0):
    """1-D -> 2-D matrix with x on diagonal k; 2-D -> its k-th diagonal."""
    x = _arr(x)
    if x.ndim == 1:
        n = x.size + _pyabs(k)
        out = array(x.data.typecode, [_cast_scalar(0, x.dtype)]) * (n * n)
        for i, v in enumerate(x.data):
            r, c = (i, i + k) if k >= 0 else (i - k, i)
            out[r * n + c] = v
        return _wrap(out, (n, n), x.dtype)
    if x.ndim == 2:
        r, c = x.shape
        offs = [i * c + i + k for i in range(r) if 0 <= i + k < c]
        return _take_storage(x, offs, (len(offs),))
    raise ValueError("diag: input must be 1-D or 2-D")


# ========================================================================================
# indexing
# ========================================================================================
def _index_tuple(index, ndim):
    if not isinstance(index, tuple):
        index = (index,)
    out = []
    for it in index:
        if isinstance(it, (list,)) or (isinstance(it, tuple)):
            it = _asarray(list(it))
        if isinstance(it, NDArray) and it.dtype == "bool":
            # a k-d mask is k integer index arrays (its nonzero coordinates)
            nz = nonzero(it)
            k = it.ndim
            if k == 0:
                out.append(None)  # x[True]: a new axis of length 1 (x[False] is rare)
                if not it.item():
                    out.append(_wrap(array("q"), (0,), "int64"))
                continue
            cnt = nz.shape[0]
            for d in range(k):
                out.append(_wrap(array("q", nz.data[d::k]), (cnt,), "int64"))
            continue
        if isinstance(it, bool):
            out.append(_asarray(it))
            continue
        out.append(it)
    # expand Ellipsis
    n_real = _pysum(1 for it in out if it is not None and it is not Ellipsis)
    if _pysum(1 for it in out if it is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if n_real > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, "
                         f"but {n_real} were indexed")
    if Ellipsis in [it for it in out if not isinstance(it, NDArray)]:
        i = next(j for j, it in enumerate(out) if it is Ellipsis)
        out = out[:i] + [slice(None)] * (ndim - n_real) + out[i + 1:]
    else:
        out += [slice(None)] * (ndim - n_real)
    return out


def _index_plan(shape, index):
    """(flat offsets, result shape) of ``x[index]`` for an array of ``shape``."""
    items = _index_tuple(index, len(shape))
    st = strides_of(shape)
    adv_pos = [i for i, it in enumerate(items) if isinstance(it, NDArray)]
    has_adv = bool(adv_pos)
    # (kind, payload): 'b' basic dim with (offsets, size) ; 'a' advanced dim ; 'n' newaxis
    entries = []
    d = 0
    for it in items:
        if it is None:
            entries.append(("n",))
            continue
        n = shape[d]
        if isinstance(it, slice):
            r = range(*it.indices(n))
            entries.append(("b", tuple(i * st[d] for i in r), len(r)))
        elif isinstance(it, NDArray) or (has_adv and not isinstance(it, slice)):
            a = it if isinstance(it, NDArray) else _asarray(int(it))
            if a.dtype in _FLOATS:
                raise IndexError("arrays used as indices must be of integer (or boolean) type")
            entries.append(("a", a, d))
        else:
            i = operator.index(it)
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {d} with size {n}")
            entries.append(("i", (i % n) * st[d]))
        d += 1
    if not has_adv:
        dims, out_shape = [], []
        const = 0
        for e in entries:
            if e[0] == "b":
                dims.append(e[1])
                out_shape.append(e[2])
            elif e[0] == "n":
                out_shape.append(1)
            else:
                const += e[1]
        offs = _outer_offsets(tuple(dims))
        if const:
            offs = [o + const for o in offs]
        return offs, tuple(out_shape)
    adv = [e for e in entries if e[0] == "a"]
    bshape = broadcast_shapes(*[e[1].shape for e in adv])
    bsize = _prod(bshape)
    adv_off = [0] * bsize
    for _, a, dim in adv:
        n = shape[dim]
        s = st[dim]
        vals = _expand(a.data, a.shape, bshape)
        for j, v in enumerate(vals):
            if not -n <= v < n:
                raise IndexError(f"index {v} is out of bounds for axis {dim} with size {n}")
        adv_off = [o + (v % n) * s for o, v in zip(adv_off, vals)]
    pos = [i for i, e in enumerate(entries) if e[0] == "a"]
    adjacent = pos[-1] - pos[0] + 1 == len(pos)
    vdims, out_shape = [], []
    placed = False
    if not adjacent:
        vdims.append(tuple(adv_off))
        out_shape.extend(bshape)
        placed = True
    for e in entries:
        if e[0] == "a":
            if not placed:
                vdims.append(tuple(adv_off))
                out_shape.extend(bshape)
                placed = True
        elif e[0] == "b":
            vdims.append(e[1])
            out_shape.append(e[2])
        elif e[0] == "n":
            out_shape.append(1)
        else:
            vdims.append((e[1],))
    return _outer_offsets(tuple(vdims)), tuple(out_shape)


def getitem(x, index):
    """numpy indexing: ints, slices (any step), None, Ellipsis, integer arrays/lists and
    boolean masks; advanced indices separated by a slice put their dims first."""
    x = _arr(x)
    offs, shape = _index_plan(x.shape, index)
    return _take_storage(x, offs, shape)


def setitem(x, index, value):
    """Functional ``x[index] = value``: returns an updated copy; value broadcasts and is
    cast to x's dtype; with repeated indices the last write wins."""
    x = _arr(x)
    offs, shape = _index_plan(x.shape, index)
    if _is_scalar(value):
        vals = [_cast_scalar(value, x.dtype)] * len(offs)
    else:
        v = _arr(value)
        if v.dtype != x.dtype:
            v = v.astype(x.dtype)
        vshape = v.shape
        while len(vshape) > len(shape) and vshape[0] == 1:  # torch drops leading 1s
            vshape = vshape[1:]
        try:
            ok = broadcast_shapes(vshape, shape) == shape
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(f"setitem: value of shape {v.shape} does not broadcast to {shape}")
        vals = _expand(v.data, vshape, shape) if vshape != shape else v.data
    out = array(x.data.typecode, x.data)
    for o, val in zip(offs, vals):
        out[o] = val
    return _wrap(out, x.shape, x.dtype)


def _index_array(indices):
    ind = _arr(indices)
    if ind.dtype in _FLOATS:
        raise IndexError("indices must be integers")
    return ind


def take(x, indices, axis=None):
    """numpy.take: axis=None indexes the flattened array; negative indices count from the end."""
    x = _arr(x)
    ind = _index_array(indices)
    if axis is None:
        x, axis = flatten(x), 0
    axis = _axis(axis, x.ndim)
    return getitem(x, (slice(None),) * axis + (ind,))


def index_select(x, axis, indices):
    ind = _index_array(indices)
    if ind.ndim > 1:
        raise IndexError("index_select: indices must be 1-D")
    return take(x, flatten(ind) if ind.ndim == 0 else ind, axis)


def _along_offsets(xshape, ind: NDArray, axis):
    st = strides_of(xshape)
    ishape = ind.shape
    if len(ishape) != len(xshape):
        raise ValueError(f"index has {len(ishape)} dims but the array has {len(xshape)}")
    for d, (a, b) in enumerate(zip(xshape, ishape)):
        if d != axis and b > a:
            raise ValueError(f"index size {b} exceeds array size {a} on axis {d}")
    # offset of every index position in x, ignoring the axis coordinate (filled in below)
    base = _outer_offsets(tuple(tuple(range(0, ishape[d] * st[d], st[d])) if d != axis
                                else (0,) * ishape[d] for d in range(len(ishape))))
    n = xshape[axis]
    offs = []
    sa = st[axis]
    for b, v in zip(base, ind.data):
        if not -n <= v < n:
            raise IndexError(f"index {v} is out of bounds for axis {axis} with size {n}")
        offs.append(b + (v % n) * sa)
    return offs


def take_along_axis(x, indices, axis):
    x = _arr(x)
    ind = _index_array(indices)
    axis = _axis(axis, x.ndim)
    # numpy broadcasting of size-1 dims, then torch.gather's "index no larger" rule
    shape = list(ind.shape)
    for d in range(x.ndim):
        if d != axis and ind.shape[d] == 1 and x.shape[d] > 1:
            shape[d] = x.shape[d]
    if tuple(shape) != ind.shape:
        ind = broadcast_to(ind, shape)
    return _take_storage(x, _along_offsets(x.shape, ind, axis), ind.shape)


def scatter(x, axis, indices, src, reduce=None):
    """torch.scatter: out[..., indices[p], ...] = src[p] along ``axis``.

    reduce: None (last write wins), 'add'/'sum', 'multiply'/'prod', 'amax', 'amin', 'mean'.
    """
    x = _arr(x)
    ind = _index_array(indices)
    axis = _axis(axis, x.ndim)
    offs = _along_offsets(x.shape, ind, axis)
    if _is_scalar(src):
        vals = [_cast_scalar(src, x.dtype)] * len(offs)
    else:
        s = _arr(src)
        if s.dtype != x.dtype:
            s = s.astype(x.dtype)
        # src may be larger than index: take its leading block of index's shape
        if s.shape != ind.shape:
            s = getitem(s, tuple(slice(0, n) for n in ind.shape))
        vals = s.data
    out = array(x.data.typecode, x.data)
    if reduce is None:
        for o, v in zip(offs, vals):
            out[o] = v
    elif reduce in ("add", "sum"):
        for o, v in zip(offs, vals):
            out[o] += v
    elif reduce in ("multiply", "prod"):
        for o, v in zip(offs, vals):
            out[o] *= v
    elif reduce in ("amax", "amin"):
        pick = _max_nan if reduce == "amax" else _min_nan
        for o, v in zip(offs, vals):
            out[o] = pick(out[o], v)
    elif reduce == "mean":
        cnt = {}
        for o, v in zip(offs, vals):
            out[o] += v
            cnt[o] = cnt.get(o, 1) + 1
        for o, c in cnt.items():
            out[o] = out[o] / c if x.dtype in _FLOATS else out[o] // c
    else:
        raise ValueError(f"scatter: unknown reduce {reduce!r}")
    if x.dtype in ("float16", "bfloat16"):
        return _new(out, x.shape, x.dtype)
    return _wrap(out, x.shape, x.dtype)


def where(cond, x, y):
    c = _bool_of(cond)
    if isinstance(x, (list, tuple)):
        x = _asarray(x)
    if isinstance(y, (list, tuple)):
        y = _asarray(y)
    dt = _dt.result_type(_kind(x), _kind(y), _dt._policy)
    shapes = [a.shape if isinstance(a, NDArray) else () for a in (c, x, y)]
    shape = broadcast_shapes(*shapes)
    cd = _expand(c.data, c.shape, shape) if isinstance(c, NDArray) else [c] * _prod(shape)

    def vals(a):
        if isinstance(a, NDArray):
            return _expand(a.data if a.dtype == dt or dt in _FLOATS else a.astype(dt).data,
                           a.shape, shape)
        return [_cast_scalar(a, dt)] * _prod(shape)
    xv, yv = vals(x), vals(y)
    out = [a if k else b for k, a, b in zip(cd, xv, yv)]
    return _new(out, shape, dt)


def masked_fill(x, mask, value):
    """x where mask is False, value where True; keeps x's dtype and shape."""
    x = _arr(x)
    m = _bool_of(mask)
    shape = broadcast_shapes(x.shape, m.shape)
    if shape != x.shape:
        raise ValueError(f"masked_fill: mask of shape {m.shape} does not broadcast to {x.shape}")
    md = _expand(m.data, m.shape, shape)
    if _is_scalar(value):
        v = _cast_scalar(value, x.dtype)
        out = [v if k else a for k, a in zip(md, x.data)]
    else:
        vv = _arr(value)
        if vv.size != 1:
            raise ValueError("masked_fill: value must be a scalar or a 1-element array")
        v = _cast_scalar(vv.item(), x.dtype)
        out = [v if k else a for k, a in zip(md, x.data)]
    return _new(out, x.shape, x.dtype)


def nonzero(x):
    """Coordinates of the nonzero elements as an (count, ndim) int64 array (torch.nonzero /
    tf.where layout); numpy's tuple form is ``unbind(nonzero(x), 1)``."""
    x = _arr(x)
    nd = x.ndim
    flat = [i for i, v in enumerate(x.data) if v]
    if nd == 0:
        return _wrap(array("q"), (len(flat), 0), "int64")
    st = strides_of(x.shape)
    coords = []
    for i in flat:
        for s, n in zip(st, x.shape):
            coords.append((i // s) % n)
    return _wrap(array("q", coords), (len(flat), nd), "int64")


def _sort_key(row, isf):
    if isf and _pyany(map(_isnan, row)):
        # nan sorts as the largest value, as torch/numpy
        return lambda i: (1, 0.0) if row[i] != row[i] else (0, row[i])
    return row.__getitem__


def _argsort_row(row, descending, isf):
    # sorted(reverse=True) keeps equal elements in their order: stable both ways
    return sorted(range(len(row)), key=_sort_key(row, isf), reverse=bool(descending))


def argsort(x, axis=-1, descending=False):
    x = _arr(x)
    if x.ndim == 0:
        return _wrap(array("q", [0]), (), "int64")
    isf = x.dtype in _FLOATS
    return _along_axis(x, axis, lambda r: _argsort_row(r, descending, isf), "int64")


def sort(x, axis=-1, descending=False):
    """Sorted values (stable; nan last ascending). Returns values only; argsort gives indices."""
    x = _arr(x)
    if x.ndim == 0:
        return x.copy()
    isf = x.dtype in _FLOATS
    return _along_axis(x, axis, lambda r: [r[i] for i in _argsort_row(r, descending, isf)])


def topk(x, k, axis=-1, largest=True, sorted=True):
    """(values, indices) of the k largest (or smallest) along axis, sorted."""
    x = _arr(x)
    axis = _axis(axis, x.ndim)
    if not 0 <= k <= x.shape[axis]:
        raise ValueError(f"topk: k={k} out of range for dimension of size {x.shape[axis]}")
    isf = x.dtype in _FLOATS
    idx = _along_axis(x, axis, lambda r: _argsort_row(r, largest, isf)[:k], "int64", out_len=k)
    return take_along_axis(x, idx, axis), idx


def one_hot(indices, depth):
    """One-hot along a new last axis. dtype: int64 under torch, the default float otherwise
    (tf.one_hot / jax.nn.one_hot give float32); indices outside [0, depth) give a zero row."""
    ind = _index_array(indices)
    dt = "int64" if _dt._policy == "torch" else _default_float()
    one, zero = _cast_scalar(1, dt), _cast_scalar(0, dt)
    if _dt._policy == "torch":
        for v in ind.data:
            if not 0 <= v < depth:
                raise ValueError(f"one_hot: class value {v} out of range [0, {depth})")
    out = [one if j == v else zero for v in ind.data for j in range(depth)]
    return _new(out, ind.shape + (depth,), dt)


# ========================================================================================
# creation and cast
# ========================================================================================
def asarray(data, dtype=None):
    return _asarray(data, dtype)


def _shape_arg(shape):
    if isinstance(shape, int):
        return check_size((shape,))
    if isinstance(shape, NDArray):
        return check_size(tuple(_size_int(v) for v in shape.data))
    return check_size(tuple(_size_int(s) for s in shape))


def _size_int(s):
    # torch, numpy, TF and JAX all refuse a float size (``nn.Conv2d(c, c / 4, 1)`` fails as it is built)
    if isinstance(s, float):
        raise TypeError(f"'float' object cannot be interpreted as an integer (a size of {s!r})")
    return int(s)


def zeros(shape, dtype="float32"):
    return full(shape, 0, dtype)


def ones(shape, dtype="float32"):
    return full(shape, 1, dtype)


def full(shape, fill_value, dtype=None):
    shape = _shape_arg(shape)
    if isinstance(fill_value, NDArray):
        fill_value = fill_value.item()
    if dtype is None:
        k = _dt.scalar_kind(fill_value)
        dtype = {"pybool": "bool", "pyint": _default_int(), "pyfloat": _default_float()}[k]
    v = _cast_scalar(fill_value, dtype)
    return _wrap(array(_dt.TYPECODE[dtype], [v]) * _prod(shape), shape, dtype)


def zeros_like(x, dtype=None):
    x = _arr(x)
    return full(x.shape, 0, dtype or x.dtype)


def ones_like(x, dtype=None):
    x = _arr(x)
    return full(x.shape, 1, dtype or x.dtype)


def full_like(x, fill_value, dtype=None):
    x = _arr(x)
    return full(x.shape, fill_value, dtype or x.dtype)


def arange(start, stop=None, step=1, dtype=None):
    if stop is None:
        start, stop = 0, start
    vals = [v.item() if isinstance(v, NDArray) else v for v in (start, stop, step)]
    start, stop, step = vals
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    all_int = _pyall(isinstance(v, int) for v in vals)
    if dtype is None:
        dtype = _default_int() if all_int else _default_float()
    n = _pymax(0, math.ceil((stop - start) / step))
    out = [start + i * step for i in range(n)]
    if dtype in _INTS and not all_int:
        out = [int(math.floor(v)) if v == v else 0 for v in out]
    return _new(out, (n,), dtype)


def linspace(start, stop, num, dtype="float32"):
    num = int(num)
    if num == 1:
        vals = [float(start)]
    else:
        step = (stop - start) / (num - 1)
        # compute from both ends so the last value is exactly stop, as numpy/torch
        half = num // 2
        vals = [start + i * step if i < half else stop - (num - 1 - i) * step for i in range(num)]
    if dtype in _INTS:
        vals = [int(v) for v in vals]
    return _new(vals, (num,), dtype)


def eye(n, m=None, dtype="float32"):
    m = n if m is None else m
    one, zero = _cast_scalar(1, dtype), _cast_scalar(0, dtype)
    return _new([one if i == j else zero for i in range(n) for j in range(m)], (n, m), dtype)


def astype(x, dtype):
    return _arr(x).astype(dtype)


# ========================================================================================
# random
# ========================================================================================
def _one_number(v):
    """A bound given as a one-element array (np.random.uniform(-np.sqrt(k), np.sqrt(k))) as its number."""
    return v.data[0] if isinstance(v, NDArray) and len(v.data) == 1 else v


def random_uniform(shape, low=0.0, high=1.0, dtype="float32", seed=None):
    return _random.resolve(seed).uniform(_shape_arg(shape), _one_number(low), _one_number(high), dtype)


def random_normal(shape, mean=0.0, std=1.0, dtype="float32", seed=None):
    return _random.resolve(seed).normal(_shape_arg(shape), _one_number(mean), _one_number(std), dtype)


def randint(low, high, shape, dtype="int64", seed=None):
    return _random.resolve(seed).randint(low, high, _shape_arg(shape), dtype)


def bernoulli(probs, shape=None, dtype=None, seed=None):
    p = _arr(probs)
    draws = random_uniform(p.shape if shape is None else shape, seed=seed)
    return astype(lt(draws, p), p.dtype if dtype is None else dtype)


def permutation(n, seed=None):
    return _random.resolve(seed).permutation(int(n))


def multinomial(probs, num_samples, replacement=False, seed=None):
    """torch.multinomial: per row of a 1-D/2-D weight tensor, ``num_samples`` indices; without
    replacement a drawn index's weight drops out of the next draws."""
    p = _arr(probs)
    if p.ndim not in (1, 2):
        raise RuntimeError("multinomial: prob_dist must be 1 or 2 dim")
    n = p.shape[-1]
    k = int(num_samples)
    if not replacement and k > n:
        raise RuntimeError("multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    rng = _random.resolve(seed)
    out = []
    for r in range(len(p.data) // n if n else 0):
        w = [float(v) for v in p.data[r * n:(r + 1) * n]]
        if builtins.any(v < 0 or v != v or v == math.inf for v in w):
            raise RuntimeError("multinomial: probability tensor contains either `inf`, `nan` or element < 0")
        for _ in range(k):
            total = math.fsum(w)
            if total <= 0:
                raise RuntimeError("multinomial: invalid multinomial distribution (sum of probabilities <= 0)")
            u = rng.random_floats(1)[0] * total
            i = last = builtins.max(j for j in range(n) if w[j] > 0)
            acc = 0.0
            for j in range(last):
                acc += w[j]
                if w[j] > 0 and u < acc:
                    i = j
                    break
            out.append(i)
            if not replacement:
                w[i] = 0.0
    shape = p.shape[:-1] + (k,)
    return NDArray._wrap(array("q", out), shape, "int64")


# ========================================================================================
# linalg
# ========================================================================================
def _mm_rows(xd, m, k, xo=0):
    """Rows of the (m,k) matrix at offset xo of flat storage, as lists."""
    return _split_rows(xd[xo:xo + m * k].tolist(), k)


def _mm_cols(yd, k, n, yo=0):
    """Columns of the (k,n) matrix at offset yo of flat storage, as lists (transposed once)."""
    yl = yd[yo:yo + k * n].tolist()
    return [yl[j::n] for j in range(n)] if n != 1 else [yl]


def _mm_kernel(xd, yd, m, k, n, xo=0, yo=0):
    """(m,k) @ (k,n) over flat storage at offsets xo, yo -> flat list of m*n."""
    if k == 0:
        return [0.0] * (m * n)
    return _dots(_mm_rows(xd, m, k, xo), _mm_cols(yd, k, n, yo))


def dot(x, y):
    """torch.dot / torch.mv: a 1-D second operand and a 1-D or 2-D first one, same dtype."""
    x, y = _arr(x), _arr(y)
    if y.ndim != 1 or x.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise RuntimeError(f"dot: expected a 1-D (or 2-D) tensor and a 1-D tensor of matching size, "
                           f"got shapes {list(x.shape)} and {list(y.shape)}")
    if x.dtype != y.dtype:
        raise RuntimeError(f"dot: expected both tensors to have the same dtype, got {x.dtype} and {y.dtype}")
    return matmul(x, y)


def matmul(x, y):
    """numpy matmul: batch dims broadcast; a 1-D operand gets a 1 prepended/appended and removed."""
    x, y = _arr(x), _arr(y)
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError("matmul: both operands must have at least one dimension")
    dt = _dt.result_type(x.dtype, y.dtype, _dt._policy)
    xs, ys = x.shape, y.shape
    squeeze_x = squeeze_y = False
    if len(xs) == 1:
        xs, squeeze_x = (1,) + xs, True
    if len(ys) == 1:
        ys, squeeze_y = ys + (1,), True
    m, k = xs[-2:]
    k2, n = ys[-2:]
    if k != k2:
        raise ValueError(f"matmul: shapes {x.shape} and {y.shape} are not aligned "
                         f"({k} (dim {len(x.shape) - 1}) != {k2})")
    xd, yd = _compute_data(x, dt), _compute_data(y, dt)
    bshape = broadcast_shapes(xs[:-2], ys[:-2])
    nb = _prod(bshape)
    if nb == 1 and len(xs) == 2 and len(ys) == 2:
        vals = _mm_kernel(xd, yd, m, k, n)
    else:
        xb = _broadcast_batch(xs[:-2], bshape)
        yb = _broadcast_batch(ys[:-2], bshape)
        vals = []
        if k == 0:
            vals = [0.0] * (nb * m * n)
        else:
            # a broadcast operand (one weight for every batch) is split/transposed once
            rows_of, cols_of = {}, {}
            for bx, by in zip(xb, yb):
                rows = rows_of.get(bx)
                if rows is None:
                    rows = rows_of[bx] = _mm_rows(xd, m, k, bx * m * k)
                cols = cols_of.get(by)
                if cols is None:
                    cols = cols_of[by] = _mm_cols(yd, k, n, by * k * n)
                vals += _dots(rows, cols)
    shape = bshape + (m, n)
    if squeeze_x:
        shape = shape[:-2] + shape[-1:]
    if squeeze_y:
        shape = shape[:-1]
    if dt == "bool":
        vals = [v != 0 for v in vals]
    return _new(vals, shape, dt)


def _compute_data(x: NDArray, dt: str):
    """x's storage as operands of a ``dt`` computation (ints feed float math as they are)."""
    if x.dtype == dt or (dt in _FLOATS and x.dtype not in _FLOATS) or dt == "float64":
        return x.data
    return x.astype(dt).data


def _broadcast_batch(bs: tuple, bshape: tuple):
    """Batch index of each broadcast batch position."""
    n = _prod(bs)
    idx = array("q", range(n)) if n else array("q")
    return _expand(idx, bs, bshape) if bs != bshape else list(range(n))


def outer(x, y):
    x, y = flatten(_arr(x)), flatten(_arr(y))
    return mul(reshape(x, (x.size, 1)), reshape(y, (1, y.size)))


def linear(x, weight, bias=None):
    """x @ weight.T + bias with weight (out, in): rows of x dot rows of weight."""
    x, w = _arr(x), _arr(weight)
    if w.ndim == 1:
        out = matmul(x, w)
    else:
        o, i = w.shape
        if x.shape[-1] != i:
            raise ValueError(f"linear: input features {x.shape[-1]} != weight in-features {i}")
        dt = _dt.result_type(x.dtype, w.dtype, _dt._policy)
        xd, wd = _compute_data(x, dt), _compute_data(w, dt)
        nrows = _prod(x.shape[:-1])
        if i == 0:
            vals = [0] * (nrows * o)
        else:
            vals = _dots(_split_rows(xd.tolist(), i), _split_rows(wd.tolist(), i))
        out = _new(vals, x.shape[:-1] + (o,), dt)
    if bias is not None:
        out = add(out, bias)
    return out


def einsum(equation, xs):
    """Einstein summation over any number of operands ('...' supported; implicit output =
    the sorted indices that appear once)."""
    if isinstance(xs, NDArray):
        xs = [xs]
    xs = [_arr(a) for a in xs]
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, rhs = eq.split("->")
    else:
        lhs, rhs = eq, None
    terms = lhs.split(",")
    if len(terms) != len(xs):
        raise ValueError(f"einsum: {len(terms)} operand subscripts for {len(xs)} operands")
    # expand '...' into fresh capital letters
    free = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in eq]
    ell_nd = 0
    for t, a in zip(terms, xs):
        if "..." in t:
            ell_nd = _pymax(ell_nd, a.ndim - (len(t) - 3))
    ell = "".join(free[:ell_nd])
    new_terms = []
    for t, a in zip(terms, xs):
        if "..." in t:
            k = a.ndim - (len(t) - 3)
            t = t.replace("...", ell[ell_nd - k:])
        if len(t) != a.ndim:
            raise ValueError(f"einsum: subscripts {t!r} do not match operand of {a.ndim} dims")
        new_terms.append(t)
    if rhs is None:
        counts = {}
        for t in new_terms:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        rhs = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    else:
        rhs = rhs.replace("...", ell)
    sizes = {}
    for t, a in zip(new_terms, xs):
        for c, s in zip(t, a.shape):
            if c in sizes and sizes[c] != s and s != 1 and sizes[c] != 1:
                raise ValueError(f"einsum: size mismatch for index {c!r}: {sizes[c]} vs {s}")
            sizes[c] = _pymax(sizes.get(c, 1), s)
    summed = [c for c in sizes if c not in rhs]
    order = list(rhs) + summed
    dt = xs[0].dtype
    for a in xs[1:]:
        dt = _dt.result_type(dt, a.dtype, _dt._policy)
    gathered = []
    for t, a in zip(new_terms, xs):
        st = strides_of(a.shape)
        dims = []
        for c in order:
            if c in t:
                # a letter repeated within one operand (diagonal) adds its strides
                stride = _pysum(st[i] for i, ch in enumerate(t) if ch == c and a.shape[i] != 1)
                dims.append(tuple(range(0, sizes[c] * stride, stride)) if stride else (0,) * sizes[c])
            else:
                dims.append((0,) * sizes[c])
        gathered.append(_gather(a.data, _outer_offsets(tuple(dims))))
    prods = gathered[0]
    for g in gathered[1:]:
        prods = list(map(_mul, prods, g))
    r = _prod(sizes[c] for c in summed)
    if r == 1:
        vals = prods
    elif r == 0:
        vals = [0] * _prod(sizes[c] for c in rhs)
    else:
        f = _fsum if dt in _FLOATS else _pysum
        vals = [f(prods[i:i + r]) for i in range(0, len(prods), r)]
    return _new(vals, tuple(sizes[c] for c in rhs), dt)


# ========================================================================================
# nn
# ========================================================================================
def softmax(x, axis=-1):
    x = _arr(x)
    dt = _float_dtype(x.dtype)
    if x.ndim == 0:
        return full((), 1.0, dt)
    exp_ = math.exp

    def row(r):
        m = _pymax(r) if len(r) else 0.0
        if m in (_INF, -_INF) or m != m:
            return _softmax_nonfinite(r)
        e = [exp_(v - m) for v in r]
        s = _pysum(e)
        return [v / s for v in e]
    return _along_axis(x, axis, row, dt)


def _softmax_nonfinite(r):
    m = _pymax(r)
    if m == -_INF:
        return [_NAN] * len(r)
    if m == _INF:
        n = _pysum(1 for v in r if v == _INF)
        return [(1.0 / n if v == _INF else 0.0) if v == v else _NAN for v in r]
    return [_NAN] * len(r)


def log_softmax(x, axis=-1):
    x = _arr(x)
    dt = _float_dtype(x.dtype)
    if x.ndim == 0:
        return full((), 0.0, dt)

    def row(r):
        lse = _lse(r)
        return [v - lse for v in r]
    return _along_axis(x, axis, row, dt)


def _tuple_n(v, n, name):
    if isinstance(v, int):
        return (v,) * n
    v = tuple(int(a) for a in v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise ValueError(f"{name}: expected {n} values, got {v}")
    return v


def _im2col_offsets(cin_per_group, ksize, in_sp, out_sp, stride, dilation, plane_strides,
                    c_stride):
    """Per output position (row) the flat offsets of its patch (columns: c, then kernel)."""
    ck = _outer_offsets((tuple(c * c_stride for c in range(cin_per_group)),) +
                        tuple(tuple(j * dilation[d] * plane_strides[d] for j in range(ksize[d]))
                              for d in range(len(ksize))))
    pos = _outer_offsets(tuple(tuple(o * stride[d] * plane_strides[d] for o in range(out_sp[d]))
                               for d in range(len(out_sp))))
    return pos, ck


def conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """N-d convolution (cross-correlation) on (N, C, *S) input with (O, C/groups, *K) weight.

    padding: int, tuple (symmetric per dim), 'valid', or 'same' (extra on the right, as torch).
    Computed as im2col + a dot product per (output position, output channel).
    """
    x, w = _arr(x), _arr(weight)
    nsp = w.ndim - 2
    if nsp < 1:
        raise ValueError("conv: weight must be (O, C/groups, *kernel)")
    unbatched = x.ndim == nsp + 1
    if unbatched:
        x = expand_dims(x, 0)
    if x.ndim != nsp + 2:
        raise ValueError(f"conv: input of shape {x.shape} does not fit a {nsp}-d weight {w.shape}")
    N, C = x.shape[:2]
    O, Cg = w.shape[:2]
    K = w.shape[2:]
    if C != Cg * groups or O % groups:
        raise ValueError(f"conv: input channels {C} / weight {w.shape} / groups {groups} mismatch")
    stride = _tuple_n(stride, nsp, "stride")
    dilation = _tuple_n(dilation, nsp, "dilation")
    if isinstance(padding, str):
        if padding == "valid":
            pads = [(0, 0)] * nsp
        elif padding == "same":
            tot = [dilation[d] * (K[d] - 1) for d in range(nsp)]
            pads = [(t // 2, t - t // 2) for t in tot]
        else:
            raise ValueError(f"conv: unknown padding {padding!r}")
    else:
        p = _tuple_n(padding, nsp, "padding")
        pads = [(a, a) for a in p]
    dt = _dt.result_type(x.dtype, w.dtype, _dt._policy)
    if _pyany(a or b for a, b in pads):
        x = pad(x, [(0, 0), (0, 0)] + pads)
    S = x.shape[2:]
    out_sp = tuple((S[d] - dilation[d] * (K[d] - 1) - 1) // stride[d] + 1 for d in range(nsp))
    if _pyany(o <= 0 for o in out_sp):
        raise ValueError(f"conv: input {S} (padded) is smaller than the dilated kernel {K}")
    plane = _prod(S)
    sst = strides_of(S)
    pos, ck = _im2col_offsets(Cg, K, S, out_sp, stride, dilation, sst, plane)
    L = len(pos)
    R = len(ck)
    Og = O // groups
    xd, wd = _compute_data(x, dt), _compute_data(w, dt)
    wrows = _split_rows(wd.tolist(), R)
    # one gather per output position, relative to one group's channel block
    gathers = _gatherers([[p + c for c in ck] for p in pos])
    out = []
    for n in range(N):
        for g in range(groups):
            base = (n * C + g * Cg) * plane
            chunk = xd[base: base + Cg * plane].tolist()
            patches = [gat(chunk) for gat in gathers]
            # output channels of a group are contiguous: (Og, L) rows in output order
            out += _dots(wrows[g * Og:(g + 1) * Og], patches)
    result = _new(out, (N, O) + out_sp, dt)
    if bias is not None:
        result = add(result, reshape(_arr(bias), (O,) + (1,) * nsp))
    if unbatched:
        result = squeeze(result, 0)
    return result


def conv_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                   dilation=1):
    """Transposed convolution, weight (C_in, C_out/groups, *K) as torch.

    Composed: zero-insert the input by stride, pad by dilation*(K-1) (+output_padding on the
    right), convolve with the flipped, in/out-swapped weight, then crop ``padding``."""
    x, w = _arr(x), _arr(weight)
    nsp = w.ndim - 2
    unbatched = x.ndim == nsp + 1
    if unbatched:
        x = expand_dims(x, 0)
    N, C = x.shape[:2]
    Cw, Og = w.shape[:2]
    K = w.shape[2:]
    if C != Cw or C % groups:
        raise ValueError(f"conv_transpose: input channels {C} != weight in-channels {Cw}")
    stride = _tuple_n(stride, nsp, "stride")
    padding = _tuple_n(padding, nsp, "padding")
    output_padding = _tuple_n(output_padding, nsp, "output_padding")
    dilation = _tuple_n(dilation, nsp, "dilation")
    # zero insertion between input samples
    S = x.shape[2:]
    up = tuple((S[d] - 1) * stride[d] + 1 for d in range(nsp))
    z = zeros((N, C) + up, x.dtype)
    z = setitem(z, (slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride), x)
    pads = [(dilation[d] * (K[d] - 1), dilation[d] * (K[d] - 1) + output_padding[d])
            for d in range(nsp)]
    z = pad(z, [(0, 0), (0, 0)] + pads)
    # weight (C, Og, *K) -> (groups*Og, C/groups, *K), flipped spatially
    Cg = C // groups
    wg = reshape(w, (groups, Cg, Og) + K)
    wg = swapaxes(wg, 1, 2)
    wg = reshape(wg, (groups * Og, Cg) + K)
    wg = flip(wg, tuple(range(2, 2 + nsp)))
    out = conv(z, wg, None, 1, 0, dilation, groups)
    if _pyany(padding):
        out = getitem(out, (slice(None), slice(None)) +
                      tuple(slice(p, out.shape[2 + d] - p) for d, p in enumerate(padding)))
    if bias is not None:
        out = add(out, reshape(_arr(bias), (groups * Og,) + (1,) * nsp))
    if unbatched:
        out = squeeze(out, 0)
    return out


def _windows(S, out_sp, starts_ends, sst):
    """Per output position: flat offsets (within one plane) of its window."""
    per_dim = []
    for d in range(len(S)):
        per_dim.append([tuple(i * sst[d] for i in idx) for idx in starts_ends[d]])
    res = []
    for combo in itertools.product(*per_dim):
        res.append(_outer_offsets(combo))
    return res


def _pool_out(S, k, s, p, dil, ceil_mode):
    span = dil * (k - 1) + 1
    num = S + 2 * p - span
    o = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (o - 1) * s >= S + p:
        o -= 1  # the last window must start inside the input or left padding
    return o


def _pool_planes(x, nsp):
    unbatched = x.ndim == nsp + 1
    if unbatched:
        x = expand_dims(x, 0)
    return x, unbatched


def max_pool(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Max pooling of (N, C, *S) input; -inf padding never wins.

    The number of spatial dims is len(kernel_size) for a tuple (so unbatched (C, *S) input
    works); an int kernel_size means every dim after (N, C). Bindings of max_pool2d etc.
    should pass tuples when input may be unbatched. Same rule for avg_pool and the
    adaptive pools (with output_size)."""
    x = _arr(x)
    nsp = len(kernel_size) if not isinstance(kernel_size, int) else _pymax(1, x.ndim - 2)
    x, unb = _pool_planes(x, nsp)
    k = _tuple_n(kernel_size, nsp, "kernel_size")
    s = _tuple_n(stride if stride not in (None, ()) else k, nsp, "stride")
    p = _tuple_n(padding, nsp, "padding")
    dl = _tuple_n(dilation, nsp, "dilation")
    S = x.shape[2:]
    out_sp = tuple(_pool_out(S[d], k[d], s[d], p[d], dl[d], ceil_mode) for d in range(nsp))
    idx = [[[i for i in (o * s[d] - p[d] + j * dl[d] for j in range(k[d])) if 0 <= i < S[d]]
            for o in range(out_sp[d])] for d in range(nsp)]
    wins = _windows(S, out_sp, idx, strides_of(S))
    isf = x.dtype in _FLOATS
    plane = _prod(S)
    data = x.data
    gathers = _gatherers(wins)
    out = []
    for b in range(0, len(data), plane):
        ch = data[b:b + plane].tolist()
        if not (isf and _pyany(map(_isnan, ch))):
            out += map(_pymax, [g(ch) for g in gathers])
            continue
        for g in gathers:  # a nan in the plane: the windows holding one give nan
            vals = g(ch)
            m = _pymax(vals)
            if m == m and _pyany(map(_isnan, vals)):
                m = _NAN
            out.append(m)
    res = _new(out, x.shape[:2] + out_sp, x.dtype)
    return squeeze(res, 0) if unb else res


def avg_pool(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    x = _arr(x)
    nsp = len(kernel_size) if not isinstance(kernel_size, int) else _pymax(1, x.ndim - 2)
    x, unb = _pool_planes(x, nsp)
    k = _tuple_n(kernel_size, nsp, "kernel_size")
    s = _tuple_n(stride if stride not in (None, ()) else k, nsp, "stride")
    p = _tuple_n(padding, nsp, "padding")
    S = x.shape[2:]
    out_sp = tuple(_pool_out(S[d], k[d], s[d], p[d], 1, ceil_mode) for d in range(nsp))
    idx, cnt = [], []
    for d in range(nsp):
        di, dc = [], []
        for o in range(out_sp[d]):
            st = o * s[d] - p[d]
            end = _pymin(st + k[d], S[d] + p[d])  # padded extent, not the ceil overhang
            valid = [i for i in range(st, end) if 0 <= i < S[d]]
            di.append(valid)
            dc.append(end - st if count_include_pad else len(valid))
        idx.append(di)
        cnt.append(dc)
    wins = _windows(S, out_sp, idx, strides_of(S))
    divs = [math.prod(c) for c in itertools.product(*cnt)]
    plane = _prod(S)
    data = x.data
    out = []
    gathers = _gatherers(wins)
    for b in range(0, len(data), plane):
        ch = data[b:b + plane].tolist()
        out += [_fsum(g(ch)) / dv for g, dv in zip(gathers, divs)]
    dt = _float_dtype(x.dtype)
    res = _new(out, x.shape[:2] + out_sp, dt)
    return squeeze(res, 0) if unb else res


def _adaptive(x, output_size, reducer, out_dtype):
    x = _arr(x)
    nsp = len(output_size) if not isinstance(output_size, int) else _pymax(1, x.ndim - 2)
    x, unb = _pool_planes(x, nsp)
    S = x.shape[2:]
    osz = tuple(S[d] if v is None else int(v)
                for d, v in enumerate(_tuple_none(output_size, nsp)))
    idx = [[list(range((o * S[d]) // osz[d], -((-(o + 1) * S[d]) // osz[d])))
            for o in range(osz[d])] for d in range(nsp)]
    wins = _windows(S, osz, idx, strides_of(S))
    plane = _prod(S)
    data = x.data
    gathers = _gatherers(wins)
    out = []
    for b in range(0, len(data), plane):
        ch = data[b:b + plane].tolist()
        out += [reducer(list(g(ch))) for g in gathers]
    res = _new(out, x.shape[:2] + osz, out_dtype(x.dtype))
    return squeeze(res, 0) if unb else res


def _tuple_none(v, n):
    if v is None or isinstance(v, int):
        return (v,) * n
    v = tuple(v)
    return v * n if len(v) == 1 else v


def adaptive_avg_pool(x, output_size):
    return _adaptive(x, output_size, lambda g: _fsum(g) / len(g), _float_dtype)


def adaptive_max_pool(x, output_size):
    def f(g):
        m = _pymax(g)
        return _NAN if m == m and _pyany(v != v for v in g) else m
    return _adaptive(x, output_size, f, lambda d: d)


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Resize the spatial dims of (N, C, *S).

    'nearest': torch's legacy src = floor(dst * scale); 'nearest-exact': floor((dst + .5) *
    scale); 'linear'/'bilinear'/'trilinear': separable linear with align_corners (False:
    half-pixel centres, clamped at 0); 'area': adaptive average pooling. scale = in/out, or
    1/scale_factor when scale_factor is given (torch without recompute_scale_factor)."""
    x = _arr(x)
    nsp = x.ndim - 2
    if nsp < 1:
        raise ValueError("interpolate: input must be (N, C, *spatial)")
    S = x.shape[2:]
    if size is not None:
        out_sz = _tuple_n(size, nsp, "size")
        scales = [S[d] / out_sz[d] for d in range(nsp)]
    elif scale_factor is not None:
        sf = (scale_factor,) * nsp if isinstance(scale_factor, (int, float)) else tuple(scale_factor)
        out_sz = tuple(int(math.floor(S[d] * sf[d])) for d in range(nsp))
        scales = [1.0 / sf[d] for d in range(nsp)]
    else:
        raise ValueError("interpolate: either size or scale_factor must be given")
    if mode == "area":
        return adaptive_avg_pool(x, out_sz)
    out = x
    for d in range(nsp):
        n_in, n_out, sc = S[d], out_sz[d], scales[d]
        axis = 2 + d
        if mode == "nearest":
            src = [_pymin(int(math.floor(o * sc)), n_in - 1) for o in range(n_out)]
            out = take(out, _wrap(array("q", src), (n_out,), "int64"), axis)
        elif mode == "nearest-exact":
            src = [_pymin(int(math.floor((o + 0.5) * sc)), n_in - 1) for o in range(n_out)]
            out = take(out, _wrap(array("q", src), (n_out,), "int64"), axis)
        elif mode in ("linear", "bilinear", "trilinear"):
            taps = []
            for o in range(n_out):
                if align_corners:
                    s = o * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
                else:
                    s = _pymax((o + 0.5) * sc - 0.5, 0.0)
                i0 = _pymin(int(math.floor(s)), n_in - 1)
                i1 = _pymin(i0 + 1, n_in - 1)
                lam = s - i0
                taps.append((i0, i1, lam))
            out = _along_axis(out, axis,
                              lambda r: [r[a] * (1.0 - l) + r[b] * l for a, b, l in taps],
                              "float64", out_len=n_out)
        else:
            raise NotImplementedError(f"interpolate: mode {mode!r} is not supported by the engine")
    dt = _float_dtype(x.dtype) if mode not in ("nearest", "nearest-exact") else x.dtype
    return out if out.dtype == dt else out.astype(dt)


def embedding(indices, weight, padding_idx=None):
    """Rows of ``weight`` (num, dim) for integer ``indices`` (padding_idx only matters for
    gradients, so it does not change the forward value)."""
    return take(weight, indices, 0)


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the trailing ``normalized_shape`` dims (biased variance)."""
    x = _arr(x)
    ns = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(x.shape[len(x.shape) - len(ns):]) != ns:
        raise ValueError(f"layer_norm: normalized_shape {ns} does not match input {x.shape}")
    n = _prod(ns)
    dt = _float_dtype(x.dtype)
    data = x.data
    sqrt_, fsum = math.sqrt, _fsum
    out = []
    for i in range(0, len(data), n):
        r = data[i:i + n]
        m = fsum(r) / n
        c = [v - m for v in r]
        inv = 1.0 / sqrt_(fsum([v * v for v in c]) / n + eps)
        out += [v * inv for v in c]
    if weight is not None:
        wd = _arr(weight).data
        reps = len(out) // n if n else 0
        out = list(map(_mul, out, wd.tolist() * reps))
    if bias is not None:
        bd = _arr(bias).data
        reps = len(out) // n if n else 0
        out = list(map(operator.add, out, bd.tolist() * reps))
    return _new(out, x.shape, dt)


def _channel_shape(x):
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Batch norm over (N, C, *). Returns ``out`` only, in both modes.

    training=True normalises with the batch statistics (biased variance); the new running
    statistics (torch momentum convention, unbiased variance) come from
    ``batch_norm_update(x, running_mean, running_var, momentum)``. training=False uses
    running_mean/running_var."""
    x = _arr(x)
    cs = _channel_shape(x)
    if training:
        axes = (0,) + tuple(range(2, x.ndim))
        m = mean(x, axes, keepdims=True)
        v = var(x, axes, 0, keepdims=True)
    else:
        m = reshape(_arr(running_mean), cs)
        v = reshape(_arr(running_var), cs)
    out = mul(sub(x, m), rsqrt(add(v, eps)))
    if weight is not None:
        out = mul(out, reshape(_arr(weight), cs))
    if bias is not None:
        out = add(out, reshape(_arr(bias), cs))
    return out


def batch_norm_update(x, running_mean, running_var, momentum=0.1):
    """Helper (not a catalogue op): the running statistics after one training step,
    ``new = (1 - momentum) * old + momentum * batch`` with the unbiased batch variance;
    momentum=None is torch's cumulative average and is not handled here."""
    x = _arr(x)
    axes = (0,) + tuple(range(2, x.ndim))
    bm = mean(x, axes)
    bv = var(x, axes, 1)
    nm = add(mul(_arr(running_mean), 1.0 - momentum), mul(bm, momentum))
    nv = add(mul(_arr(running_var), 1.0 - momentum), mul(bv, momentum))
    return nm, nv


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    x = _arr(x)
    N, C = x.shape[:2]
    if C % num_groups:
        raise ValueError(f"group_norm: {C} channels do not divide into {num_groups} groups")
    g = reshape(x, (N, num_groups, -1))
    gn = layer_norm(g, (g.shape[-1],), None, None, eps)
    out = reshape(gn, x.shape)
    cs = _channel_shape(x)
    if weight is not None:
        out = mul(out, reshape(_arr(weight), cs))
    if bias is not None:
        out = add(out, reshape(_arr(bias), cs))
    return out


def instance_norm(x, weight=None, bias=None, eps=1e-5):
    x = _arr(x)
    return group_norm(x, x.shape[1], weight, bias, eps)


def prelu(x, weight):
    x, w = _arr(x), _arr(weight)
    if w.size > 1:  # one slope per channel: axis 1 (torch has no channel axis below 2-D)
        if x.ndim < 2 or x.shape[1] != w.size:
            raise ValueError(f"prelu: {w.size} weights for input of shape {x.shape}")
        w = reshape(w, _channel_shape(x))
    return where(gt(x, 0), x, mul(x, w))


def dropout(x, p=0.5, training=True, seed=None):
    """Zero elements with probability p and scale the rest by 1/(1-p); identity (the same
    array) when not training or p == 0."""
    x = _arr(x)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return x
    if p == 1:
        return zeros_like(x)
    keep = _random.resolve(seed).bernoulli_keep(x.size, p)
    scale = 1.0 / (1.0 - p)
    zero = _cast_scalar(0, x.dtype)
    out = [v * scale if k else zero for v, k in zip(x.data, keep)]
    return _new(out, x.shape, x.dtype)


def pixel_shuffle(x, upscale_factor):
    x = _arr(x)
    r = int(upscale_factor)
    *lead, C, H, W = x.shape
    if C % (r * r):
        raise ValueError(f"pixel_shuffle: channels {C} not divisible by {r}^2")
    lead = tuple(lead)
    y = reshape(x, lead + (C // (r * r), r, r, H, W))
    b = len(lead)
    perm = tuple(range(b)) + (b, b + 3, b + 1, b + 4, b + 2)
    y = transpose(y, perm)
    return reshape(y, lead + (C // (r * r), H * r, W * r))


def _reduce_loss(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "sum":
        return sum(loss)
    if reduction == "mean":
        return mean(loss)
    raise ValueError(f"unknown reduction {reduction!r}")


def _class_weights(weight, axis, ndim):
    """A per-class weight vector shaped to broadcast along ``axis`` of an ``ndim``-D input."""
    w = _arr(weight)
    return reshape(w, (w.shape[0],) + (1,) * (ndim - 1 - axis))


def cross_entropy(logits, target, axis=1, reduction="mean", label_smoothing=0.0, ignore_index=-100, weight=None):
    """Softmax cross-entropy; target = class indices (integer, logits' shape without axis)
    or class probabilities (float, logits' shape). Index targets equal to ``ignore_index`` give 0
    and 'mean' divides by the count of the others (torch, label smoothing included). ``weight``
    scales each class's terms (the smoothing term too); with index targets 'mean' then divides by
    the summed weights of the kept targets, with probabilities by the count (torch 1.13)."""
    z = _arr(logits)
    t = _arr(target)
    if z.ndim == 1:
        axis = 0
    axis = _axis(axis, z.ndim)
    logp = log_softmax(z, axis)
    C = z.shape[axis]
    if t.dtype in _FLOATS:
        if t.shape != z.shape:
            raise ValueError(f"cross_entropy: probability target {t.shape} != logits {z.shape}")
        if ignore_index != -100:
            raise ValueError("cross_entropy: ignore_index is not supported for floating point target")
        if label_smoothing:
            t = add(mul(t, 1.0 - label_smoothing), label_smoothing / C)
        if weight is not None:
            t = mul(t, _class_weights(weight, axis, z.ndim))
        loss = neg(sum(mul(logp, t), axis))
        return _reduce_loss(loss, reduction)
    kept = ne(t, ignore_index)
    safe = where(kept, t, 0)
    nll = neg(squeeze(take_along_axis(logp, expand_dims(safe, axis), axis), axis))
    wy = None if weight is None else take(weight, safe)
    if wy is not None:
        nll = mul(nll, wy)
    if label_smoothing:
        smooth = (neg(mean(logp, axis)) if weight is None
                  else truediv(neg(sum(mul(logp, _class_weights(weight, axis, z.ndim)), axis)), C))
        nll = add(mul(nll, 1.0 - label_smoothing), mul(smooth, label_smoothing))
    nll = where(kept, nll, 0.0)
    if reduction == "mean":
        # torch: 0/0 = nan when every target is ignored
        return truediv(sum(nll), sum(astype(kept, nll.dtype) if wy is None else where(kept, wy, 0.0)))
    return _reduce_loss(nll, reduction)


def mse_loss(x, y, reduction="mean"):
    d = sub(x, y)
    return _reduce_loss(mul(d, d), reduction)


def nll_loss(logp, target, axis=1, reduction="mean", ignore_index=-100, weight=None):
    """Negative log-likelihood of class-index targets (logp: log-probabilities along ``axis``),
    each scaled by its class weight; ``ignore_index`` targets give 0 and 'mean' divides by the
    summed weights of the others (torch)."""
    z = _arr(logp)
    t = _arr(target)
    axis = 0 if z.ndim == 1 else _axis(axis, z.ndim)
    kept = ne(t, ignore_index)
    safe = where(kept, t, 0)
    picked = squeeze(take_along_axis(z, expand_dims(safe, axis), axis), axis)
    w = astype(kept, z.dtype) if weight is None else where(kept, take(weight, safe), 0.0)
    loss = where(kept, neg(mul(picked, w)), 0.0)
    if reduction == "mean":
        return truediv(sum(loss), sum(w))
    return _reduce_loss(loss, reduction)


def binary_cross_entropy(x, y, reduction="mean"):
    """-(y log x + (1 - y) log(1 - x)), each log clamped at -100 as torch does."""
    x = _arr(x)
    lx = maximum(log(x), -100.0)
    l1x = maximum(log(sub(1.0, x)), -100.0)
    return _reduce_loss(neg(add(mul(y, lx), mul(sub(1.0, y), l1x))), reduction)


def bce_with_logits(x, y, reduction="mean", pos_weight=None):
    """Binary cross-entropy on logits, the stable form: (1 - y) x + w (log(1 + exp(-|x|)) + max(-x, 0))
    with w = 1 + (pos_weight - 1) y."""
    x = _arr(x)
    tail = add(log1p(exp(neg(abs(x)))), maximum(neg(x), 0.0))
    w = 1.0 if pos_weight is None else add(1.0, mul(sub(pos_weight, 1.0), y))
    return _reduce_loss(add(mul(sub(1.0, y), x), mul(w, tail)), reduction)


def l1_loss(x, y, reduction="mean"):
    return _reduce_loss(abs(sub(x, y)), reduction)


def smooth_l1_loss(x, y, reduction="mean", beta=1.0):
    d = abs(sub(x, y))
    if beta == 0:
        return _reduce_loss(d, reduction)
    quad = truediv(mul(mul(d, d), 0.5), beta)
    return _reduce_loss(where(lt(d, beta), quad, sub(d, 0.5 * beta)), reduction)


# ========================================================================================
def _check_complete():
    """Every catalogue op must exist here with the catalogue's parameter names/defaults."""
    import inspect
    from .catalogue import OPS
    missing = []
    for name in OPS:
        if name not in globals():
            missing.append(name)
    return missing


def _stub(name):
    def f(*args, **kwargs):
        raise NotImplementedError(f"tensorglot engine: op {name!r} is not implemented yet")
    f.__name__ = name
    return f


for _missing in _check_complete():
    globals()[_missing] = _stub(_missing)
