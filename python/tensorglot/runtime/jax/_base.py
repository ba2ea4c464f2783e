"""jax.Array, dtypes and the jax Framework: 32-bit defaults (x64 disabled), the
engine's 'jax' promotion policy (weak Python scalars), immutable arrays with
``.at[index].set/add/multiply/divide/power/min/max/get``."""
from __future__ import annotations

from ..core import STATE, DType, TensorBase, public
from .._emulate import Framework32

class JaxFramework(Framework32):
    """x64 disabled: no 64-bit arrays exist; 64-bit requests and engine results
    (argmax indices, numpy float64 inputs) become 32-bit, as JAX does."""

    def canon_dtype(self, obj):
        n = super().canon_dtype(obj)
        return _x32(n) if n else n

    def to_array(self, obj, dtype=None):
        a = super().to_array(obj, _x32(dtype) if dtype else dtype)
        return a.astype(_NARROW[a.dtype]) if a.dtype in _NARROW else a

    def wrap(self, r):
        E = _engine()
        if isinstance(r, E.NDArray):
            if r.dtype in _NARROW:
                r = r.astype(_NARROW[r.dtype])
            return self.tensor_cls._new(r)
        return super().wrap(r)


_NARROW = {"int64": "int32", "float64": "float32"}


def _engine():
    from ..core import engine
    return engine()


FW = JaxFramework("jax", int64_overflow=False, policy="jax", accepts=("numpy",),
                  module_prefix="jax.numpy")
FW.py_types = {float: "float32", int: "int32", bool: "bool"}


class JDType(DType):
    """A jnp scalar type (``jnp.float32``): compares equal to the dtype name and,
    called, makes a 0-d array (``jnp.float32(3)``)."""
    __slots__ = ()

    def __call__(self, value):
        return FW.wrap(FW.to_array(value, _x32(self.name)))

    @property
    def dtype(self):
        return self

    @property
    def kind(self) -> str:
        return {"bool": "b", "uint8": "u"}.get(self.name, "f" if self.is_floating_point else "i")


def _x32(name: str) -> str:
    """x64 disabled: 64-bit requests give 32-bit arrays (JAX warns and truncates)."""
    return {"int64": "int32", "float64": "float32"}.get(name, name)


DTYPES: dict[str, JDType] = {}
for _n in ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "bool"):
    DTYPES[_n] = FW.dtypes[_n] = JDType(_n, _n, "jax")
DTYPE_ATTRS = dict(DTYPES, bool_=DTYPES["bool"], float_=DTYPES["float32"], int_=DTYPES["int32"])


def _fmt(a) -> str:
    def f(v):
        if isinstance(v, list):
            return "[" + ", ".join(f(x) for x in v) + "]"
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, float):
            t = f"{v:.7g}"
            return t if any(c in t for c in ".eni") else t + "."
        return str(v)
    return f(a.tolist())


class Array(TensorBase):
    """jax.Array (immutable). Operators and methods come from the jax binding table."""
    __slots__ = ()
    _fw = FW

    @property
    def shape(self) -> tuple:
        return self._a.shape

    @property
    def dtype(self) -> JDType:
        return DTYPES[self._a.dtype]

    @property
    def ndim(self) -> int:
        return len(self._a.shape)

    @property
    def size(self) -> int:
        return self._a.size

    @property
    def T(self) -> "Array":
        return self.transpose()     # the public method: traced like jnp.transpose

    @property
    def at(self) -> "_IndexHelper":
        return _IndexHelper(self)

    @property
    def weak_type(self) -> bool:
        return False

    def __setitem__(self, index, value):
        raise TypeError(f"'{type(self).__name__}' object does not support item assignment. JAX arrays "
                        "are immutable. Instead of ``x[idx] = y``, use ``x = x.at[idx].set(y)`` or "
                        "another .at[] method: https://jax.readthedocs.io/en/latest/_autosummary/"
                        "jax.numpy.ndarray.at.html")

    def __hash__(self):
        raise TypeError("unhashable type: 'jaxlib.xla_extension.ArrayImpl'")

    def block_until_ready(self):
        return self

    def __repr__(self) -> str:
        a = self._a
        body = _fmt(a) if a.shape else _fmt(a.reshape((1,)))[1:-1]
        return f"Array({body}, dtype={a.dtype})"

    def __str__(self) -> str:
        a = self._a
        return (_fmt(a) if a.shape else _fmt(a.reshape((1,)))[1:-1]).replace(",", "")

    def __format__(self, spec: str) -> str:
        if spec and not self._a.shape:
            return format(self._a.item(), spec)
        return str(self)


FW.tensor_cls = Array


def _at_update(kind: str):
    from ...ops import impl as I

    def update(x, index, value):
        a = x._a if isinstance(x, Array) else FW.to_array(x)
        v = FW.unwrap(value) if isinstance(value, TensorBase) else value
        if kind == "set":
            new = v
        elif kind in _COMBINE:
            offs, shape = I._index_plan(a.shape, index)
            if len(set(offs)) != len(offs):
                return FW.wrap(_accumulate(a, offs, shape, v, _COMBINE[kind]))
        if kind != "set":
            cur = I.getitem(a, index)
            with _policy():
                new = {"add": I.add, "multiply": I.mul, "divide": I.truediv, "power": I.pow,
                       "min": I.minimum, "max": I.maximum}[kind](cur, v)
            if not isinstance(new, (int, float)) and new.dtype != a.dtype:
                new = new.astype(a.dtype)
        return FW.wrap(I.setitem(a, index, new))
    return public(f"jax.numpy.ndarray.at.{kind}")(update)


#: .at[] updates that JAX applies once per index, so repeated indices accumulate
_COMBINE = {"add": lambda p, q: p + q, "multiply": lambda p, q: p * q,
            "min": lambda p, q: q if q < p or q != q else p, "max": lambda p, q: q if q > p or q != q else p}


def _accumulate(a, offs, shape, value, combine):
    """``a`` with ``combine(old, v)`` applied at every offset in turn (repeated offsets included)."""
    from ...ops import impl as I
    v = value if not isinstance(value, (int, float, bool)) else I.asarray(value, a.dtype)
    v = I.broadcast_to(v if v.dtype == a.dtype else I.astype(v, a.dtype), shape)
    data = list(a.values())
    for o, val in zip(offs, v.values()):
        data[o] = combine(data[o], val)
    return I.reshape(I.asarray(data, a.dtype), a.shape)


def _policy():
    from ...engine import promotion_policy
    return promotion_policy("jax")


_AT = {}


class _IndexHelper:
    __slots__ = ("_x",)

    def __init__(self, x) -> None:
        self._x = x

    def __getitem__(self, index) -> "_IndexUpdate":
        return _IndexUpdate(self._x, index)


class _IndexUpdate:
    """``x.at[index]``: each method returns a NEW array; x is unchanged.
    Repeated indices: add/multiply/min/max apply every update (JAX's scatter semantics);
    for set the last write wins (JAX leaves the order unspecified)."""
    __slots__ = ("_x", "_i")

    def __init__(self, x, index) -> None:
        self._x = x
        self._i = _unwrap_index(index)

    def _do(self, kind, value):
        fn = _AT.get(kind)
        if fn is None:
            fn = _AT[kind] = _at_update(kind)
        return fn(self._x, self._i, value)

    def set(self, values, **kw):
        return self._do("set", values)

    def add(self, values, **kw):
        return self._do("add", values)

    def multiply(self, values, **kw):
        return self._do("multiply", values)

    mul = multiply

    def divide(self, values, **kw):
        return self._do("divide", values)

    def power(self, values, **kw):
        return self._do("power", values)

    def min(self, values, **kw):
        return self._do("min", values)

    def max(self, values, **kw):
        return self._do("max", values)

    def get(self, **kw):
        from ...ops import impl as I
        return FW.wrap(I.getitem(self._x._a, self._i))


def _unwrap_index(index):
    if isinstance(index, tuple):
        return tuple(FW.unwrap(i) if isinstance(i, (TensorBase, list)) else i for i in index)
    return FW.unwrap(index) if isinstance(index, (TensorBase, list)) else index


def depth() -> int:
    return STATE.depth
