"""numpy.ndarray, dtypes and the functional API built from the numpy binding table."""
from __future__ import annotations

import math
import struct

from .. import core
from ..core import DType, Framework, TensorBase, call_impl, public, quiet, record
from ...frameworks.numpy import BINDINGS


#: numpy's dtype strings beyond canonical names (``'f4'``, ``'int'`` is int64, ``'float'`` float64)
_NP_ALIASES = {"f2": "float16", "f4": "float32", "f8": "float64", "i1": "int8", "i2": "int16",
               "i4": "int32", "i8": "int64", "u1": "uint8", "b1": "bool", "?": "bool", "int": "int64",
               "float": "float64", "double": "float64", "single": "float32", "half": "float16",
               "long": "int64", "longlong": "int64", "intp": "int64", "int_": "int64",
               "float_": "float64", "bool_": "bool", "short": "int16", "byte": "int8", "ubyte": "uint8",
               "e": "float16", "f": "float32", "d": "float64", "b": "int8", "h": "int16", "i": "int32",
               "l": "int64", "q": "int64", "B": "uint8"}


class _NumpyFramework(Framework):
    def canon_dtype(self, obj):
        if isinstance(obj, str):
            s = obj.rsplit(".", 1)[-1].lstrip("<>=|")
            if s in _NP_ALIASES:
                return _NP_ALIASES[s]
        return super().canon_dtype(obj)

    def wrap(self, r):
        # numpy returns scalars (np.float64, np.int64...), not 0-d arrays, from computations
        E = core.engine()
        if isinstance(r, E.NDArray):
            return (SCALAR_TYPES[r.dtype] if not r.shape else ndarray)._new(r)
        if isinstance(r, tuple):
            return tuple(self.wrap(v) for v in r)
        if isinstance(r, list):
            return [self.wrap(v) for v in r]
        return r


FW = _NumpyFramework("numpy", policy="numpy", default_float="float64", default_int="int64",
                     coerce_lists=True, accepts=("torch", "tensorflow", "jax"))


class dtype(DType):
    """numpy.dtype: ``np.dtype('float32')``, equal to np.float32 and 'float32'."""
    __slots__ = ()

    def __new__(cls, obj="float64", *args, **kwargs):
        if isinstance(obj, TensorBase):   # np.dtype(array) is an error in numpy too
            raise TypeError(f"Cannot interpret '{obj!r}' as a data type")
        return FW.dtype_obj(FW.canon_dtype(obj))

    def __init__(self, *args, **kwargs) -> None:
        pass    # __new__ returned the shared dtype object

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        return {"bool": "b", "uint8": "u"}.get(self.name, "f" if "float" in self.name else "i")

    @property
    def type(self):
        return SCALAR_TYPES[self.name]

    @property
    def char(self) -> str:
        return {"float32": "f", "float64": "d", "float16": "e", "int64": "l", "int32": "i", "int16": "h",
                "int8": "b", "uint8": "B", "bool": "?"}.get(self.name, "?")


def _make_dtype(name):
    d = object.__new__(dtype)
    DType.__init__(d, name, f"dtype('{name}')", "numpy")
    FW.dtypes[name] = d
    return d


for _n in ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"):
    _make_dtype(_n)


class _ScalarMeta(type):
    def __eq__(cls, other):
        n = getattr(cls, "_tg_dtype", None)
        if n is None:
            return type.__eq__(cls, other)
        if isinstance(other, (DType, str)):
            return FW.canon_dtype(other) == n
        return getattr(other, "_tg_dtype", None) == n if isinstance(other, type) else False

    def __hash__(cls):
        return type.__hash__(cls)

    def __repr__(cls):
        n = getattr(cls, "_tg_dtype", None)
        return f"<class 'numpy.{'bool_' if n == 'bool' else n}'>" if n else type.__repr__(cls)


class ndarray(TensorBase, metaclass=_ScalarMeta):
    """numpy.ndarray over an engine NDArray (basic indexing copies: no shared views)."""
    __slots__ = ()
    _fw = FW

    def __new__(cls, shape, dtype=float, *args, **kwargs):
        return ndarray._new(call_impl(FW, "zeros", shape=shape, dtype=FW.canon_dtype(dtype)))

    def __init__(self, *args, **kwargs) -> None:
        pass

    @classmethod
    def _new(cls, a):
        t = object.__new__(cls)
        t._a = a
        return t

    # copy.copy / copy.deepcopy (a module cloned with its arrays: DETR's _get_clones), as numpy
    def __copy__(self):
        return type(self)._new(self._a.copy())

    def __deepcopy__(self, memo):
        return type(self)._new(self._a.copy())

    __hash__ = None

    @property
    def shape(self):
        return self._a.shape

    @shape.setter
    def shape(self, value):
        self._a = call_impl(FW, "reshape", x=self._a, shape=value)

    @property
    def ndim(self):
        return len(self._a.shape)

    @property
    def size(self):
        return len(self._a.data)

    @property
    def dtype(self):
        return FW.dtype_obj(self._a.dtype)

    @property
    def itemsize(self):
        return self._a.itemsize

    @property
    def nbytes(self):
        return self._a.itemsize * len(self._a.data)

    @property
    def T(self):
        return api["ndarray.transpose"](self)

    @property
    def flat(self):
        return iter(self._a.values())

    def copy(self, order="C"):
        return ndarray._new(self._a.copy())

    def fill(self, value) -> None:
        self._a = call_impl(FW, "full_like", x=self._a, fill_value=value)

    def view(self, *a, **k):
        return self

    def __array__(self, dtype=None):
        return self

    def __len__(self):
        if not self._a.shape:
            raise TypeError("len() of unsized object")
        return self._a.shape[0]

    def __iter__(self):
        if not self._a.shape:
            raise TypeError("iteration over a 0-d array")
        for i in range(self._a.shape[0]):
            yield self[i]

    def __bool__(self):
        if len(self._a.data) != 1:
            raise ValueError("The truth value of an array with more than one element is ambiguous. "
                             "Use a.any() or a.all()")
        return bool(self._a.data[0])

    def __repr__(self):
        return format_array(self)

    def __str__(self):
        return format_array(self, bare=True)

    def __format__(self, spec):
        if not self._a.shape:
            return format(self._a.item(), spec)
        return format(str(self), spec)

    def _assign(self, a) -> None:
        if a.dtype != self._a.dtype:
            a = a.astype(self._a.dtype)
        if a.shape != self._a.shape:
            a = call_impl(FW, "broadcast_to", x=a, shape=self._a.shape)
        self._a = a


class generic(ndarray):
    """numpy scalar (np.float64(2.0) and friends): a 0-d array printed as a number."""
    __slots__ = ()
    _python_number = True  # other frameworks take it as a Python scalar

    def __new__(cls, value=0, *args, **kwargs):
        name = getattr(cls, "_tg_dtype", None)
        if name is None:
            raise TypeError(f"cannot create 'numpy.{cls.__name__}' instances")
        a = FW.to_array(value, name)
        # np.float32([1, 2]) is an array; np.float32(3) a scalar of that type
        return ndarray._new(a) if a.shape else cls._new(a)

    def __round__(self, ndigits=None):
        if ndigits is None:
            return round(self._a.item())
        return api["numpy.round"](self, ndigits)

    def __repr__(self):
        v = self._a.item()
        if self._a.dtype in ("float32", "float16"):
            return repr(_shortest(v, self._a.dtype))
        return repr(v)

    __str__ = __repr__

    def __hash__(self):
        return hash(self._a.item())


def _abstract(name, base):
    return _ScalarMeta(name, (base,), {"__slots__": (), "__module__": "numpy"})


# numpy's abstract scalar hierarchy (np.issubdtype, isinstance(x, np.floating))
number = _abstract("number", generic)
integer = _abstract("integer", number)
signedinteger = _abstract("signedinteger", integer)
unsignedinteger = _abstract("unsignedinteger", integer)
inexact = _abstract("inexact", number)
floating = _abstract("floating", inexact)
ABSTRACT_TYPES = {"generic": generic, "number": number, "integer": integer,
                  "signedinteger": signedinteger, "unsignedinteger": unsignedinteger,
                  "inexact": inexact, "floating": floating}
_SCALAR_BASE = {"float16": floating, "float32": floating, "float64": floating, "int8": signedinteger,
                "int16": signedinteger, "int32": signedinteger, "int64": signedinteger,
                "uint8": unsignedinteger, "bool": generic}

SCALAR_TYPES = {}
for _n in ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"):
    SCALAR_TYPES[_n] = _ScalarMeta(_n if _n != "bool" else "bool_", (_SCALAR_BASE[_n],),
                                   {"__slots__": (), "_tg_dtype": _n, "__module__": "numpy"})

FW.tensor_cls = ndarray


def _wrap_shared(tensor):
    """``Tensor.numpy()``: an ndarray over the same engine array."""
    return ndarray._new(tensor._a)


# --- printing ------------------------------------------------------------------------------------
_PACK = {"float32": "f", "float16": "e"}


def _shortest(v, dtype):
    """The shortest decimal that rounds back to ``v`` in ``dtype`` (numpy's repr of
    float32 / float16 values: 2.57, not 2.5699999)."""
    code = _PACK.get(dtype)
    if code is None or not math.isfinite(v):
        return v
    for p in range(1, 10):
        c = float(f"{v:.{p}g}")
        try:
            if struct.unpack(code, struct.pack(code, c))[0] == v:
                return c
        except OverflowError:
            break
    return v


def _fmt_float(v, prec=8):
    if v != v:
        return "nan"
    if v in (math.inf, -math.inf):
        return "inf" if v > 0 else "-inf"
    s = f"{v:.{prec}f}".rstrip("0")
    return s if not s.endswith(".") else s


def format_array(arr, bare=False):
    a = arr._a
    vals = a.values()
    dt = a.dtype
    if dt.startswith("float"):
        finite = [abs(v) for v in vals if math.isfinite(v)]
        if finite and (max(finite) >= 1e16 or (min(v for v in finite) < 1e-4 and max(finite) > 0
                                                and min(v for v in finite if v) < 1e-4 if any(finite) else False)):
            items = [f"{v:.8e}" for v in vals]
        else:
            raw = [_fmt_float(_shortest(v, dt)) for v in vals]
            ints = [r.split(".")[0] for r in raw]
            fracs = [r.split(".")[1] if "." in r else None for r in raw]
            fw = max((len(f) for f in fracs if f is not None), default=0)
            items = [r if f is None else f"{i}.{f.ljust(fw)}" for r, i, f in zip(raw, ints, fracs)]
    elif dt == "bool":
        items = ["True" if v else "False" for v in vals]
    else:
        items = [str(v) for v in vals]
    width = max((len(s) for s in items), default=0)
    items = [s.rjust(width) for s in items]
    sep = " " if bare else ", "
    suffix = ""
    if not bare and dt not in ("float64", "int64", "bool"):
        suffix = f", dtype={dt}"
    if not a.shape:
        body = items[0]
        return body if bare else f"array({body}{suffix})"
    if not vals:
        return "[]" if bare else f"array([], shape={a.shape}{suffix})" if len(a.shape) > 1 else \
            f"array([]{', dtype=' + dt if dt != 'float64' else ''})"
    indent = 0 if bare else 6

    def build(off, dim):
        if dim == len(a.shape) - 1:
            return "[" + sep.join(items[off:off + a.shape[dim]]) + "]"
        step = 1
        for s in a.shape[dim + 1:]:
            step *= s
        joiner = ("" if bare else ",") + "\n" * (len(a.shape) - dim - 1) + " " * (indent + dim + 1)
        return "[" + joiner.join(build(off + i * step, dim + 1) for i in range(a.shape[dim])) + "]"
    body = build(0, 0)
    return body if bare else f"array({body}{suffix})"


# --- hooks for custom= rows -----------------------------------------------------------------------------
def _arr(x):
    return FW.to_array(x)


def _w(a):
    return FW.wrap(a)


@public("numpy.round")
def round_(a, decimals=0, out=None):
    x = _arr(a)
    if decimals == 0:
        return _w(call_impl(FW, "round", x=x))
    if x.dtype not in ("float16", "float32", "float64"):
        if decimals >= 0:   # integers have no fractional digits to round
            return _w(x.copy())
        x = x.astype("float64")
        f = 10.0 ** decimals
        r = call_impl(FW, "truediv", x=call_impl(FW, "round", x=call_impl(FW, "mul", x=x, y=f)), y=f)
        return _w(r.astype(_arr(a).dtype))
    f = 10.0 ** decimals
    r = call_impl(FW, "truediv", x=call_impl(FW, "round", x=call_impl(FW, "mul", x=x, y=f)), y=f)
    return _w(r if r.dtype == x.dtype else r.astype(x.dtype))   # keeps the input's float dtype


def _cum(op):
    def fn(a, axis=None, dtype=None, out=None):
        x = _arr(a)
        if axis is None:
            x = call_impl(FW, "reshape", x=x, shape=(-1,))
            axis = 0
        if dtype is not None:
            x = x.astype(FW.canon_dtype(dtype))
        elif op == "cumsum" and x.dtype in ("bool", "int8", "int16", "int32", "uint8"):
            x = x.astype("int64")
        return _w(call_impl(FW, op, x=x, axis=axis))
    return public(f"numpy.{op}", fn)


cumsum = _cum("cumsum")
cumprod = _cum("cumprod")


@public("numpy.moveaxis")
def moveaxis(a, source, destination):
    x = _arr(a)
    nd = x.ndim
    src = [s % nd for s in (source if isinstance(source, (tuple, list)) else (source,))]
    dst = [d % nd for d in (destination if isinstance(destination, (tuple, list)) else (destination,))]
    order = [i for i in range(nd) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return _w(call_impl(FW, "transpose", x=x, perm=tuple(order)))


def _split_points(n, ios):
    if isinstance(ios, int):
        if ios <= 0 or n % ios:
            raise ValueError("array split does not result in an equal division")
        return [n // ios] * ios
    bounds = [0] + [min(max(int(i), 0), n) for i in ios] + [n]
    return [max(bounds[i + 1] - bounds[i], 0) for i in range(len(bounds) - 1)]


@public("numpy.split")
def split(ary, indices_or_sections, axis=0):
    x = _arr(ary)
    sizes = _split_points(x.shape[axis], indices_or_sections)
    return list(_w(call_impl(FW, "split", x=x, sections=sizes, axis=axis)))


@public("numpy.array_split")
def array_split(ary, indices_or_sections, axis=0):
    x = _arr(ary)
    n = x.shape[axis]
    if isinstance(indices_or_sections, int):
        k = indices_or_sections
        sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
    else:
        sizes = _split_points(n, indices_or_sections)
    return list(_w(call_impl(FW, "split", x=x, sections=sizes, axis=axis)))


@public("numpy.vstack")
def vstack(tup, *, dtype=None, casting="same_kind"):
    xs = [_arr(t) for t in tup]
    xs = [call_impl(FW, "reshape", x=x, shape=(1, -1)) if x.ndim < 2 else x for x in xs]
    return _w(call_impl(FW, "concat", xs=xs, axis=0))


@public("numpy.hstack")
def hstack(tup, *, dtype=None, casting="same_kind"):
    xs = [_arr(t) for t in tup]
    return _w(call_impl(FW, "concat", xs=xs, axis=0 if xs and xs[0].ndim == 1 else 1))


@public("numpy.flip")
def flip(m, axis=None):
    x = _arr(m)
    return _w(call_impl(FW, "flip", x=x, axis=tuple(range(x.ndim)) if axis is None else axis))


@public("numpy.where")
def where(condition, x=None, y=None):
    if x is None and y is None:
        return nonzero(condition)
    return _w(call_impl(FW, "where", cond=_arr(condition), x=_unwrap_scalar(x), y=_unwrap_scalar(y)))


def _unwrap_scalar(v):
    return v if isinstance(v, (int, float, bool)) else _arr(v)


@public("numpy.nonzero")
def nonzero(a):
    coords = call_impl(FW, "nonzero", x=_arr(a))
    return tuple(_w(p) for p in call_impl(FW, "unbind", x=coords, axis=1)) if coords.shape[1] else ()


def _index(key):
    if isinstance(key, tuple):
        return tuple(_index_item(k) for k in key)
    return _index_item(key)


def _index_item(k):
    if isinstance(k, TensorBase):
        return FW.unwrap(k)
    if isinstance(k, list):
        return FW.to_array(k)
    return k


@public("ndarray.__getitem__")
def getitem(self, key):
    return _w(call_impl(FW, "getitem", x=self._a, index=_index(key)))


def setitem_(self, key, value):
    with quiet():
        v = FW.unwrap(value) if isinstance(value, (TensorBase, list, tuple)) else value
        if isinstance(v, (list, tuple)):
            v = FW.to_array(v)
        self._assign(call_impl(FW, "setitem", x=self._a, index=_index(key), value=v))
    record("ndarray.__setitem__", setitem_, (self, key, value), {}, self)
    return self


def setitem(self, key, value) -> None:
    setitem_(self, key, value)


@public("numpy.linspace")
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    d = FW.canon_dtype(dtype) or "float64"
    if endpoint:
        out = call_impl(FW, "linspace", start=start, stop=stop, num=num, dtype="float64")
        step = (stop - start) / (num - 1) if num > 1 else math.nan
    else:
        full = call_impl(FW, "linspace", start=start, stop=stop, num=num + 1, dtype="float64")
        out = call_impl(FW, "getitem", x=full, index=slice(0, num))
        step = (stop - start) / num
    if d != "float64":
        out = out.astype(d)
    return (ndarray._new(out), step) if retstep else ndarray._new(out)


@public("numpy.random.randint")
def randint(low, high=None, size=None, dtype=int):
    if high is None:
        low, high = 0, low
    shape = () if size is None else (size if isinstance(size, (tuple, list)) else (size,))
    return _w(call_impl(FW, "randint", low=low, high=high, shape=tuple(shape),
                        dtype=FW.canon_dtype(dtype)))


@public("numpy.random.permutation")
def permutation(x):
    if isinstance(x, int):
        return _w(call_impl(FW, "permutation", n=x))
    a = _arr(x)
    idx = call_impl(FW, "permutation", n=a.shape[0])
    return _w(call_impl(FW, "take", x=a, indices=idx, axis=0))


def seed(seed=None) -> None:
    core.engine().random.manual_seed(0 if seed is None else int(seed))


@public("numpy.pad")
def pad(array, pad_width, mode="constant", constant_values=0):
    x = _arr(array)
    nd = x.ndim
    pw = pad_width
    if isinstance(pw, int):
        pw = ((pw, pw),) * nd
    elif len(pw) == 2 and all(isinstance(v, int) for v in pw):
        pw = (tuple(pw),) * nd
    elif len(pw) == 1:
        pw = (tuple(pw[0]) if len(pw[0]) == 2 else (pw[0][0], pw[0][0]),) * nd
    return _w(call_impl(FW, "pad", x=x, pad_width=tuple(tuple(p) for p in pw),
                        mode={"edge": "replicate", "wrap": "circular"}.get(mode, mode),
                        value=constant_values))


def _as_ndarray(out, bound):
    """np.array(3.5) is a 0-d array, not a scalar."""
    return ndarray._new(out._a) if isinstance(out, generic) else out


CUSTOMS = {"pad": pad, "round": round_, "cumsum": cumsum, "cumprod": cumprod, "moveaxis": moveaxis, "split": split,
           "array_split": array_split, "vstack": vstack, "hstack": hstack, "flip": flip, "where": where,
           "nonzero": nonzero, "getitem": getitem, "setitem": setitem, "linspace": linspace,
           "randint": randint, "permutation": permutation, "seed": seed}

api: dict = {}
NUMPY_NS: dict = {}
RANDOM_NS: dict = {}
LINALG_NS: dict = {}
for _prefix, _ns in (("numpy", NUMPY_NS), ("numpy.random", RANDOM_NS), ("numpy.linalg", LINALG_NS)):
    api.update(core.build_namespace(BINDINGS, FW, _prefix, _ns, method_prefix="ndarray.",
                                    tensor_cls=ndarray, customs=CUSTOMS,
                                    post={"numpy.array": _as_ndarray, "numpy.asarray": _as_ndarray}))


def _inplace(name, src):
    label = f"ndarray.{name}"
    fn = getattr(ndarray, src)

    def method(self, other):
        with quiet():
            self._assign(FW.unwrap(fn(self, other)))
        record(label, method, (self, other), {}, self)
        return self
    method.__name__ = name
    setattr(ndarray, name, method)


for _name, _src in {"__iadd__": "__add__", "__isub__": "__sub__", "__imul__": "__mul__",
                    "__itruediv__": "__truediv__", "__ifloordiv__": "__floordiv__", "__imod__": "__mod__",
                    "__ipow__": "__pow__", "__iand__": "__and__", "__ior__": "__or__",
                    "__ixor__": "__xor__", "__imatmul__": "__matmul__"}.items():
    _inplace(_name, _src)
