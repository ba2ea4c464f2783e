"""How NumPy (1.24) spells the canonical ops.

Function rows are named ``numpy.<name>`` and ndarray methods ``ndarray.<name>``.
NumPy defaults to float64 / int64, computes var/std biased (ddof=0) and always
true-divides with ``/``. ``custom`` rows name hooks in tensorglot.runtime.numpy
(split by indices, cumsum over the flattened array, pad_width forms...).
"""
from __future__ import annotations

from .binding import Binding, table

_UNARY = """abs=absolute|abs exp log log2 log10 log1p expm1 sqrt square reciprocal sin cos tan
asin=arcsin acos=arccos atan=arctan sinh cosh tanh floor ceil trunc=trunc|fix sign logical_not
bitwise_not=invert|bitwise_not isnan isinf isfinite neg=negative"""
_BINARY = """add:__add__|__radd__ sub=subtract:__sub__|__rsub__ mul=multiply:__mul__|__rmul__
truediv=divide|true_divide:__truediv__|__rtruediv__ floordiv=floor_divide:__floordiv__|__rfloordiv__
remainder=remainder|mod:__mod__|__rmod__ fmod pow=power:__pow__|__rpow__ maximum minimum
atan2=arctan2 eq=equal:__eq__ ne=not_equal:__ne__ lt=less:__lt__ le=less_equal:__le__
gt=greater:__gt__ ge=greater_equal:__ge__ logical_and logical_or logical_xor
bitwise_and:__and__|__rand__ bitwise_or:__or__|__ror__ bitwise_xor:__xor__|__rxor__
matmul:__matmul__|__rmatmul__"""
_UFUNC_KW = "out=None, *, where=True, casting='same_kind', order='K', dtype=None"
_UFUNC_IGNORED = {"out": None, "where": None, "casting": None, "order": None, "dtype": None}


def _spec(spec: str):
    for item in spec.split():
        head, _, dunders = item.partition(":")
        op, _, aliases = head.partition("=")
        yield op, (aliases.split("|") if aliases else [op]), dunders


def _unary_rows() -> list[Binding]:
    return [Binding(names=tuple(f"numpy.{n}" for n in pub), op=op, sig=f"(x, /, {_UFUNC_KW})",
                    args=dict(_UFUNC_IGNORED))
            for op, pub, _ in _spec(_UNARY)]


def _binary_rows() -> list[Binding]:
    out = []
    for op, pub, dunders in _spec(_BINARY):
        fwd, _, rev = dunders.partition("|")
        out.append(Binding(names=tuple(f"numpy.{n}" for n in pub), op=op,
                           sig=f"(x1, x2, /, {_UFUNC_KW})",
                           args=dict(_UFUNC_IGNORED, x1="x", x2="y")))
        if fwd:
            out.append(Binding(names=(f"ndarray.{fwd}",), op=op, sig="(self, other)",
                               args={"self": "x", "other": "y"}))
        if rev:
            out.append(Binding(names=(f"ndarray.{rev}",), op=op, sig="(self, other)",
                               args={"self": "y", "other": "x"}))
    return out


def _reduce(op: str, names: str, extra: str = "", methods: bool = True, **kw) -> Binding:
    pub = names.split()
    ns = tuple(f"numpy.{n}" for n in pub) + (tuple(f"ndarray.{n}" for n in pub) if methods else ())
    args = {"a": "x", "out": None, "initial": None, "where": None}
    args.update(kw.pop("args", {}))
    return Binding(names=ns, op=op, sig=f"(a, axis=None, {extra}out=None, keepdims=False, initial=None, "
                   "where=True)", args=args, **kw)


_ROWS: list[Binding] = _unary_rows() + _binary_rows() + [
    Binding(names=("ndarray.__neg__",), op="neg", sig="(self)", args={"self": "x"}),
    Binding(names=("ndarray.__abs__",), op="abs", sig="(self)", args={"self": "x"}),
    Binding(names=("ndarray.__invert__",), op="bitwise_not", sig="(self)", args={"self": "x"}),
    Binding(names=("numpy.round", "numpy.around", "ndarray.round"), op="round",
            sig="(a, decimals=0, out=None)", args={"a": "x", "out": None}, custom="round",
            note="decimals != 0 scales by 10**decimals around a half-to-even round"),
    # numpy 1.24: both bounds required (one may be None); the method takes min= / max=
    Binding(names=("numpy.clip",), op="clip", sig="(a, a_min, a_max, out=None)",
            args={"a": "x", "a_min": "min", "a_max": "max", "out": None}),
    Binding(names=("ndarray.clip",), op="clip", sig="(a, min=None, max=None, out=None)",
            args={"a": "x", "out": None}),
    _reduce("sum", "sum", "dtype=None, ",
            derive={"dtype": "dtype if dtype is not None else ('int64' if a.dtype in "
                             "('bool', 'uint8', 'int8', 'int16', 'int32') else None)"},
            args={"axis": "axis"}, note="small ints and bools sum as int64 (the platform int)"),
    _reduce("prod", "prod", "dtype=None, ", args={"dtype": None}),
    _reduce("max", "max amax"),
    _reduce("min", "min amin"),
    Binding(names=("numpy.mean", "ndarray.mean"), op="mean",
            sig="(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True)",
            args={"a": "x", "dtype": None, "out": None, "where": None}),
    Binding(names=("numpy.var", "ndarray.var"), op="var",
            sig="(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True)",
            args={"a": "x", "dtype": None, "out": None, "ddof": "correction", "where": None}),
    Binding(names=("numpy.std", "ndarray.std"), op="std",
            sig="(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True)",
            args={"a": "x", "dtype": None, "out": None, "ddof": "correction", "where": None}),
    Binding(names=("numpy.argmax", "ndarray.argmax"), op="argmax",
            sig="(a, axis=None, out=None, *, keepdims=False)", args={"a": "x", "out": None}),
    Binding(names=("numpy.argmin", "ndarray.argmin"), op="argmin",
            sig="(a, axis=None, out=None, *, keepdims=False)", args={"a": "x", "out": None}),
    Binding(names=("numpy.all", "ndarray.all"), op="all",
            sig="(a, axis=None, out=None, keepdims=False, *, where=True)",
            args={"a": "x", "out": None, "where": None}),
    Binding(names=("numpy.any", "ndarray.any"), op="any",
            sig="(a, axis=None, out=None, keepdims=False, *, where=True)",
            args={"a": "x", "out": None, "where": None}),
    Binding(names=("numpy.cumsum", "ndarray.cumsum"), op="cumsum",
            sig="(a, axis=None, dtype=None, out=None)", custom="cumsum",
            args={"a": "x", "dtype": None, "out": None},
            note="axis=None works on the flattened array"),
    Binding(names=("numpy.cumprod", "ndarray.cumprod"), op="cumprod",
            sig="(a, axis=None, dtype=None, out=None)", custom="cumprod",
            args={"a": "x", "dtype": None, "out": None}),
    Binding(names=("numpy.linalg.norm",), op="norm", sig="(x, ord=None, axis=None, keepdims=False)"),
    # shape
    Binding(names=("numpy.reshape",), op="reshape", sig="(a, newshape, order='C')",
            args={"a": "x", "newshape": "shape", "order": None}),
    Binding(names=("ndarray.reshape",), op="reshape", sig="(a, *shape, order='C')",
            args={"a": "x", "shape": None, "order": None},
            derive={"shape": "shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape"}),
    Binding(names=("numpy.transpose",), op="transpose", sig="(a, axes=None)",
            args={"a": "x", "axes": "perm"}),
    Binding(names=("ndarray.transpose",), op="transpose", sig="(a, *axes)", args={"a": "x", "axes": None},
            derive={"perm": "None if not axes else (axes[0] if len(axes) == 1 and "
                            "isinstance(axes[0], (tuple, list)) else axes)"}),
    Binding(names=("numpy.swapaxes", "ndarray.swapaxes"), op="swapaxes", sig="(a, axis1, axis2)",
            args={"a": "x"}),
    Binding(names=("numpy.moveaxis",), op="transpose", sig="(a, source, destination)", custom="moveaxis"),
    Binding(names=("numpy.expand_dims",), op="expand_dims", sig="(a, axis)", args={"a": "x"}),
    Binding(names=("numpy.squeeze", "ndarray.squeeze"), op="squeeze", sig="(a, axis=None)", args={"a": "x"}),
    Binding(names=("numpy.broadcast_to",), op="broadcast_to", sig="(array, shape, subok=False)",
            args={"array": "x", "subok": None}),
    Binding(names=("numpy.ravel", "ndarray.ravel", "ndarray.flatten"), op="flatten", sig="(a, order='C')",
            args={"a": "x", "order": None}),
    Binding(names=("numpy.concatenate",), op="concat",
            sig="(arrays, axis=0, out=None, *, dtype=None, casting='same_kind')",
            args={"arrays": "xs", "out": None, "dtype": None, "casting": None}),
    Binding(names=("numpy.stack",), op="stack", sig="(arrays, axis=0, out=None, *, dtype=None, casting='same_kind')",
            args={"arrays": "xs", "out": None, "dtype": None, "casting": None}),
    Binding(names=("numpy.vstack",), op="concat", sig="(tup, *, dtype=None, casting='same_kind')",
            custom="vstack", note="1-D inputs become rows"),
    Binding(names=("numpy.hstack",), op="concat", sig="(tup, *, dtype=None, casting='same_kind')",
            custom="hstack", note="1-D inputs concatenate along axis 0, others along axis 1"),
    Binding(names=("numpy.split",), op="split", sig="(ary, indices_or_sections, axis=0)", custom="split",
            note="a list gives split INDICES, not sizes"),
    Binding(names=("numpy.array_split",), op="split", sig="(ary, indices_or_sections, axis=0)",
            custom="array_split"),
    Binding(names=("numpy.flip",), op="flip", sig="(m, axis=None)", custom="flip", args={"m": "x"},
            note="axis=None flips every axis"),
    Binding(names=("numpy.roll",), op="roll", sig="(a, shift, axis=None)", args={"a": "x"}),
    Binding(names=("numpy.tile",), op="tile", sig="(A, reps)", args={"A": "x"}),
    Binding(names=("numpy.repeat", "ndarray.repeat"), op="repeat", sig="(a, repeats, axis=None)",
            args={"a": "x"}),
    Binding(names=("numpy.pad",), op="pad", sig="(array, pad_width, mode='constant', constant_values=0)",
            args={"array": "x", "constant_values": "value"}, custom="pad",
            note="pad_width: int, (before, after) or one pair per axis; mode 'edge' is 'replicate'"),
    Binding(names=("numpy.tril",), op="tril", sig="(m, k=0)", args={"m": "x"}),
    Binding(names=("numpy.triu",), op="triu", sig="(m, k=0)", args={"m": "x"}),
    Binding(names=("numpy.diag",), op="diag", sig="(v, k=0)", args={"v": "x"}),
    # indexing
    Binding(names=("numpy.take", "ndarray.take"), op="take", sig="(a, indices, axis=None, out=None, mode='raise')",
            args={"a": "x", "out": None, "mode": None}),
    Binding(names=("numpy.isclose",), op="isclose", sig="(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)",
            args={"a": "x", "b": "y"}),
    Binding(names=("numpy.take_along_axis",), op="take_along_axis", sig="(arr, indices, axis)",
            args={"arr": "x"}),
    Binding(names=("numpy.where",), op="where", sig="(condition, x=None, y=None, /)", custom="where",
            args={"condition": "cond"}, note="one argument: nonzero"),
    Binding(names=("numpy.nonzero", "ndarray.nonzero"), op="nonzero", sig="(a)", custom="nonzero",
            note="tuple of index arrays, one per axis"),
    Binding(names=("numpy.sort",), op="sort", sig="(a, axis=-1, kind=None, order=None)",
            args={"a": "x", "kind": None, "order": None}),
    Binding(names=("numpy.argsort", "ndarray.argsort"), op="argsort", sig="(a, axis=-1, kind=None, order=None)",
            args={"a": "x", "kind": None, "order": None}),
    Binding(names=("ndarray.__getitem__",), op="getitem", sig="(self, key)", custom="getitem"),
    Binding(names=("ndarray.__setitem__",), op="setitem", sig="(self, key, value)", custom="setitem",
            note="in place"),
    # creation
    Binding(names=("numpy.array",), op="asarray",
            sig="(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0, like=None)",
            args={"object": "data", "copy": None, "order": None, "subok": None, "ndmin": None, "like": None}),
    Binding(names=("numpy.asarray",), op="asarray", sig="(a, dtype=None, order=None, *, like=None)",
            args={"a": "data", "order": None, "like": None}),
    Binding(names=("numpy.zeros", "numpy.empty"), op="zeros", sig="(shape, dtype=float, order='C', *, like=None)",
            args={"order": None, "like": None}),
    Binding(names=("numpy.ones",), op="ones", sig="(shape, dtype=None, order='C', *, like=None)",
            args={"order": None, "like": None}, derive={"dtype": "'float64' if dtype is None else dtype"}),
    Binding(names=("numpy.full",), op="full", sig="(shape, fill_value, dtype=None, order='C', *, like=None)",
            args={"order": None, "like": None}),
    Binding(names=("numpy.zeros_like", "numpy.empty_like"), op="zeros_like",
            sig="(a, dtype=None, order='K', subok=True, shape=None)",
            args={"a": "x", "order": None, "subok": None, "shape": None}),
    Binding(names=("numpy.ones_like",), op="ones_like", sig="(a, dtype=None, order='K', subok=True, shape=None)",
            args={"a": "x", "order": None, "subok": None, "shape": None}),
    Binding(names=("numpy.full_like",), op="full_like",
            sig="(a, fill_value, dtype=None, order='K', subok=True, shape=None)",
            args={"a": "x", "order": None, "subok": None, "shape": None}),
    Binding(names=("numpy.arange",), op="arange", sig="(start, stop=None, step=1, dtype=None, *, like=None)",
            args={"like": None}),
    Binding(names=("numpy.linspace",), op="linspace",
            sig="(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)",
            args={"endpoint": None, "retstep": None, "axis": None},
            derive={"dtype": "'float64' if dtype is None else dtype"}, custom="linspace",
            note="endpoint=False computed as num+1 points without the last"),
    Binding(names=("numpy.eye",), op="eye", sig="(N, M=None, k=0, dtype=float, order='C', *, like=None)",
            args={"N": "n", "M": "m", "k": None, "order": None, "like": None}),
    Binding(names=("ndarray.astype",), op="astype",
            sig="(self, dtype, order='K', casting='unsafe', subok=True, copy=True)",
            args={"self": "x", "order": None, "casting": None, "subok": None, "copy": None}),
    # linalg
    Binding(names=("numpy.dot", "ndarray.dot"), op="matmul", sig="(a, b, out=None)",
            args={"a": "x", "b": "y", "out": None}, note="equals matmul for 1-D and 2-D operands"),
    Binding(names=("numpy.einsum",), op="einsum", sig="(subscripts, *operands, out=None, optimize=False)",
            args={"subscripts": "equation", "operands": "xs", "out": None, "optimize": None}),
    Binding(names=("numpy.meshgrid",), op="meshgrid", sig="(*xi, copy=True, sparse=False, indexing='xy')",
            args={"xi": "xs", "copy": None, "sparse": None}),
    Binding(names=("numpy.outer",), op="outer", sig="(a, b, out=None)", args={"a": "x", "b": "y", "out": None}),
    # random (numpy's legacy global RandomState API; streams differ from real numpy)
    Binding(names=("numpy.random.rand",), op="random_uniform", sig="(*d0)", args={"d0": None},
            derive={"shape": "d0", "dtype": "'float64'"}),
    Binding(names=("numpy.random.randn",), op="random_normal", sig="(*d0)", args={"d0": None},
            derive={"shape": "d0", "dtype": "'float64'"}),
    Binding(names=("numpy.random.random", "numpy.random.random_sample"), op="random_uniform",
            sig="(size=None)", args={"size": None},
            derive={"shape": "() if size is None else size", "dtype": "'float64'"}),
    Binding(names=("numpy.random.uniform",), op="random_uniform", sig="(low=0.0, high=1.0, size=None)",
            args={"size": None}, derive={"shape": "() if size is None else size", "dtype": "'float64'"}),
    Binding(names=("numpy.random.normal",), op="random_normal", sig="(loc=0.0, scale=1.0, size=None)",
            args={"loc": "mean", "scale": "std", "size": None},
            derive={"shape": "() if size is None else size", "dtype": "'float64'"}),
    Binding(names=("numpy.random.randint",), op="randint", sig="(low, high=None, size=None, dtype=int)",
            custom="randint", note="randint(high) draws from [0, high)"),
    Binding(names=("numpy.random.permutation",), op="permutation", sig="(x)", custom="permutation"),
    Binding(names=("numpy.random.seed",), op="random_uniform", sig="(seed=None)", custom="seed"),
]

BINDINGS = table(*_ROWS)
