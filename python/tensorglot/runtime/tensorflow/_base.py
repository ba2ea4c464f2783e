"""tf.Tensor (EagerTensor), tf.Variable, TensorShape, dtypes and tf.errors.

TF semantics kept here: no implicit promotion between tensors of different
dtypes (``tf.errors.InvalidArgumentError``, as eager TF raises), Python
scalars take the tensor's dtype (``TypeError`` when they cannot, e.g. 2.5 to
int32), Python ints become int32 and floats float32, tensors are unhashable.
"""
from __future__ import annotations

import importlib

from ..core import STATE, DType, TensorBase, UnsupportedAPI, engine
from .._emulate import Framework32

FW = Framework32("tensorflow", int64_overflow=True, policy="tensorflow",
                 accepts=("numpy",), module_prefix="tf")
FW.py_types = {float: "float32", int: "int32", bool: "bool"}

_FLOATS = ("float16", "bfloat16", "float32", "float64")
_INTS = ("int8", "int16", "int32", "int64", "uint8")
_RANGES = {"int8": (-2**7, 2**7 - 1), "int16": (-2**15, 2**15 - 1), "int32": (-2**31, 2**31 - 1),
           "int64": (-2**63, 2**63 - 1), "uint8": (0, 255), "bool": (False, True),
           "float16": (-65504.0, 65504.0), "bfloat16": (-3.3895e38, 3.3895e38),
           "float32": (-3.4028235e38, 3.4028235e38), "float64": (-1.7976931348623157e308, 1.7976931348623157e308)}


class TFDType(DType):
    """tf.DType: ``tf.float32.name == 'float32'``, ``is_floating``..."""
    __slots__ = ()

    @property
    def is_floating(self) -> bool:
        return self.name in _FLOATS

    @property
    def is_integer(self) -> bool:
        return self.name in _INTS

    @property
    def is_bool(self) -> bool:
        return self.name == "bool"

    @property
    def is_unsigned(self) -> bool:
        return self.name in ("uint8", "bool")

    @property
    def base_dtype(self) -> "TFDType":
        return self

    @property
    def as_numpy_dtype(self) -> str:
        return self.name

    @property
    def size(self) -> int:
        return self.itemsize

    @property
    def min(self):
        return _RANGES[self.name][0]

    @property
    def max(self):
        return _RANGES[self.name][1]


DTYPES: dict[str, TFDType] = {}
for _n in ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
           "uint8", "bool"):
    DTYPES[_n] = FW.dtypes[_n] = TFDType(_n, f"tf.{_n}", "tensorflow")
DTYPE_ATTRS = dict(DTYPES, half=DTYPES["float16"], double=DTYPES["float64"])


def as_dtype(type_value) -> TFDType:
    return DTYPES[FW.canon_dtype(type_value)]


# --- tf.errors ------------------------------------------------------------------
class OpError(Exception):
    def __init__(self, node_def=None, op=None, message="", *args) -> None:
        # accept the common one-argument form too
        if message == "" and isinstance(node_def, str) and op is None:
            message, node_def = node_def, None
        super().__init__(message)
        self.message = message
        self.node_def = node_def
        self.op = op


class InvalidArgumentError(OpError):
    pass


class UnimplementedError(OpError):
    pass


def map_errors(fn):
    """Engine promotion TypeErrors between tensors -> InvalidArgumentError, as eager TF."""
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TypeError as e:
            if str(e).startswith("tensorflow does no implicit type promotion"):
                raise InvalidArgumentError(None, None, f"{fn._tg_label}: {e}") from None
            raise
    for attr in ("__name__", "__qualname__", "__doc__", "_tg_binding", "_tg_label"):
        if hasattr(fn, attr):
            setattr(wrapper, attr, getattr(fn, attr))
    return wrapper


# --- TensorShape ----------------------------------------------------------------
class TensorShape:
    """tf.TensorShape: list-like, ``as_list()``, ``rank``; dims are ints (or None)."""
    __slots__ = ("_dims",)

    def __init__(self, dims) -> None:
        if isinstance(dims, TensorShape):
            dims = dims._dims
        self._dims = None if dims is None else tuple(None if d is None else int(d) for d in dims)

    @property
    def rank(self):
        return None if self._dims is None else len(self._dims)

    ndims = rank

    @property
    def dims(self):
        return None if self._dims is None else list(self._dims)

    def as_list(self) -> list:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def num_elements(self):
        if self._dims is None or None in self._dims:
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_fully_defined(self) -> bool:
        return self._dims is not None and None not in self._dims

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        return iter(self._dims)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return self._dims[key]

    def __eq__(self, other) -> bool:
        if isinstance(other, TensorShape):
            return self._dims == other._dims
        if isinstance(other, (list, tuple)):
            return self._dims == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._dims)

    def __add__(self, other) -> "TensorShape":
        return self.concatenate(other)

    def concatenate(self, other) -> "TensorShape":
        return TensorShape(self._dims + tuple(TensorShape(other)._dims))

    def __repr__(self) -> str:
        return f"TensorShape({list(self._dims)!r})" if self._dims is not None else "TensorShape(None)"

    def __str__(self) -> str:
        if self._dims is None:
            return "<unknown>"
        inner = ", ".join("None" if d is None else str(d) for d in self._dims)
        return f"({inner},)" if len(self._dims) == 1 else f"({inner})"


# --- host arrays returned by .numpy() -------------------------------------------
def to_host(a):
    """``.numpy()``: the emulated numpy's ndarray when that emulation exists,
    else a list-backed stand-in (HostArray)."""
    try:
        np_mod = importlib.import_module("tensorglot.runtime.numpy")
        cls = getattr(np_mod, "ndarray", None)
        if isinstance(cls, type) and issubclass(cls, TensorBase):
            return cls._new(a.copy())
    except ImportError:
        pass
    if not a.shape:
        return a.item()
    return HostArray(a.copy())


class HostArray:
    """Minimal numpy-like result of ``.numpy()`` (no numpy emulation present)."""
    __slots__ = ("_a",)

    def __init__(self, a) -> None:
        self._a = a

    shape = property(lambda self: self._a.shape)
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: len(self._a.shape))
    size = property(lambda self: self._a.size)

    def tolist(self):
        return self._a.tolist()

    def item(self):
        return self._a.item()

    def __len__(self):
        return self._a.shape[0]

    def __getitem__(self, i):
        from ...ops import impl
        r = impl.getitem(self._a, i)
        return HostArray(r) if r.shape else r.item()

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other):
        o = other.tolist() if hasattr(other, "tolist") else other
        return self.tolist() == o

    __hash__ = None

    def __repr__(self) -> str:
        return f"array({_fmt(self._a)}, dtype={self._a.dtype})"


def _fmt(a, sep=", ") -> str:
    def f(v):
        if isinstance(v, list):
            return "[" + sep.join(f(x) for x in v) + "]"
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, float):
            t = f"{v:.7g}" if a.dtype != "float64" else repr(v)
            return t if any(c in t for c in ".eni") else t + "."
        return str(v)
    return f(a.tolist())


# --- tf.Tensor ------------------------------------------------------------------
class Tensor(TensorBase):
    """An eager tf.Tensor (EagerTensor). Operators come from the binding table."""
    __slots__ = ()
    _fw = FW

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._a.shape)

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def dtype(self) -> TFDType:
        return DTYPES[self._a.dtype]

    @property
    def ndim(self) -> int:
        return len(self._a.shape)

    @property
    def device(self) -> str:
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    def numpy(self):
        return to_host(self._a)

    def __array__(self, *a, **k):
        raise UnsupportedAPI("np.asarray(tf.Tensor) needs real numpy; use .numpy()")

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def ref(self):
        return _Ref(self)

    def __format__(self, spec: str) -> str:
        if spec and not self._a.shape:
            return format(self._a.item(), spec)
        return str(self)

    def __repr__(self) -> str:
        a = self._a
        body = _fmt(a) if a.shape else repr(a.item())
        np_ = f"array({body}, dtype={a.dtype})" if a.shape else body
        return f"<tf.Tensor: shape={self.shape}, dtype={a.dtype}, numpy={np_}>"

    def __str__(self) -> str:
        a = self._a
        body = _fmt(a, " ") if a.shape else str(a.item())
        return f"tf.Tensor({body}, shape={self.shape}, dtype={a.dtype})"

    def __iter__(self):
        if not self._a.shape:
            raise TypeError("Cannot iterate over a scalar tensor.")
        for i in range(self._a.shape[0]):
            yield self[i]


EagerTensor = Tensor
FW.tensor_cls = Tensor


class _Ref:
    __slots__ = ("_t",)

    def __init__(self, t) -> None:
        self._t = t

    def deref(self):
        return self._t

    def __hash__(self):
        return id(self._t)

    def __eq__(self, other):
        return isinstance(other, _Ref) and other._t is self._t


_var_counter = [0]


class Variable(Tensor):
    """tf.Variable: a tensor whose value ``assign*`` replaces (same dtype and shape)."""
    __slots__ = ("name", "trainable", "_tg_param_name")

    def __init__(self, initial_value=None, trainable=True, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=None, aggregation=None, shape=None, experimental_enable_variable_lifting=True):
        if callable(initial_value):
            initial_value = initial_value()
        self._a = FW.to_array(initial_value, FW.canon_dtype(dtype))
        if name is None:
            name = "Variable" if _var_counter[0] == 0 else f"Variable_{_var_counter[0]}"
            _var_counter[0] += 1
        self.name = name if ":" in name else f"{name}:0"
        self.trainable = trainable

    def _set(self, value) -> "Variable":
        a = FW.to_array(value, self._a.dtype)
        if a.shape != self._a.shape:
            raise ValueError(f"Cannot assign value of shape {a.shape} to a variable of shape {self._a.shape}")
        self._a = a
        return self

    def assign(self, value, use_locking=False, name=None, read_value=True):
        return self._set(value)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        from ...ops import impl
        return self._set(impl.add(self._a, FW.to_array(delta, self._a.dtype)))

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        from ...ops import impl
        return self._set(impl.sub(self._a, FW.to_array(delta, self._a.dtype)))

    def read_value(self) -> Tensor:
        return Tensor._new(self._a)

    def value(self) -> Tensor:
        return Tensor._new(self._a)

    def __repr__(self) -> str:
        a = self._a
        body = _fmt(a) if a.shape else repr(a.item())
        np_ = f"array({body}, dtype={a.dtype})" if a.shape else body
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={a.dtype}, numpy={np_}>"


ResourceVariable = Variable


def depth_guard():
    """True when called from inside another public TF call (do not record)."""
    return STATE.depth > 0
