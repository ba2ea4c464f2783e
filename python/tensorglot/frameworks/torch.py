"""How PyTorch (1.13) spells the canonical ops.

Rows that share a shape (all unary ops, all binary ops...) are generated from
small name lists; every row is still an ordinary ``Binding``. Rows with
``custom=`` name a hand-written hook in tensorglot.runtime.torch (what the
table cannot say: overloads such as ``torch.max(x, dim)`` returning
``(values, indices)``, or torch's legacy implicit softmax dim warning).
"""
from __future__ import annotations

from .binding import Binding, table

F = "torch.nn.functional."

#: torch's legacy tensor types -> canonical dtype: Tensor.type() names, and constructors of
#: data (torch.LongTensor(data) makes an int64 tensor)
TENSOR_TYPES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16",
                "BFloat16Tensor": "bfloat16", "LongTensor": "int64", "IntTensor": "int32", "ShortTensor": "int16",
                "CharTensor": "int8", "ByteTensor": "uint8", "BoolTensor": "bool"}

#: torch modules where public names are defined -> the public module that re-exports them
#: (``from torch.nn.modules.module import Module`` is ``torch.nn.Module``)
PUBLIC_HOMES = {**{f"torch.utils.data.{m}": "torch.utils.data" for m in ("dataloader", "dataset", "sampler")},
                **{f"torch.nn.{m}": "torch.nn" for m in ("parameter", "modules", "modules.module", "modules.conv",
                                                         "modules.linear", "modules.activation")}}

#: accepts ``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])`` (torch's *size varargs)
_VARARGS_SHAPE = "size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size"
_CREATE_KW = "dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, out=None"
_CREATE_IGNORED = {"layout": None, "device": None, "requires_grad": None, "pin_memory": None,
                   "out": None}


def _unary(names: str, method: bool = True) -> list[Binding]:
    out = []
    for spec in names.split():
        op, _, aliases = spec.partition("=")
        pub = aliases.split("|") if aliases else [op]
        ns = tuple(f"torch.{n}" for n in pub) + (tuple(f"Tensor.{n}" for n in pub) if method else ())
        out.append(Binding(names=ns, op=op, sig="(input)", args={"input": "x"}))
    return out


#: binary ops whose function and method take torch's keyword-only ``alpha``: ``other`` scaled by it first
_ALPHA = ("add", "sub")


def _binary(names: str) -> list[Binding]:
    """``op=name|alias:dunder|rdunder``: function, method, operator and reflected operator."""
    out = []
    for spec in names.split():
        head, _, dunders = spec.partition(":")
        op, _, aliases = head.partition("=")
        pub = aliases.split("|") if aliases else [op]
        fwd, _, rev = dunders.partition("|")
        ns = tuple(f"torch.{n}" for n in pub) + tuple(f"Tensor.{n}" for n in pub)
        if op in _ALPHA:  # the operator keeps the plain row: no alpha to evaluate per ``+``
            out.append(Binding(names=ns, op=op, sig="(input, other, *, alpha=1)",
                               args={"input": "x", "other": None},
                               derive={"y": "other if alpha == 1 else other * alpha"}, custom=f"{op}_alpha"))
            ns = ()
        if fwd:
            ns += (f"Tensor.{fwd}",)
        if ns:
            out.append(Binding(names=ns, op=op, sig="(input, other)", args={"input": "x", "other": "y"},
                               label=f"torch.{pub[0]}"))
        if rev:
            # reflected operator: the receiver is the right operand
            out.append(Binding(names=(f"Tensor.{rev}",), op=op, sig="(input, other)",
                               args={"input": "y", "other": "x"}))
    return out


def _reduce(spec: str) -> list[Binding]:
    out = []
    for op in spec.split():
        out.append(Binding(names=(f"torch.{op}", f"Tensor.{op}"), op=op,
                           sig="(input, dim=None, keepdim=False)",
                           args={"input": "x", "dim": "axis", "keepdim": "keepdims"}))
    return out


def _activation(spec: str) -> list[Binding]:
    """torch.nn.functional activations with an ignored ``inplace`` flag."""
    out = []
    for item in spec.split():
        op, _, extra = item.partition("(")
        extra = extra.rstrip(")").replace(";", ", ")
        sig = f"(input, {extra + ', ' if extra else ''}inplace=False)"
        out.append(Binding(names=(F + op,), op=op, sig=sig, args={"input": "x", "inplace": None}))
    return out


def _cast(spec: str) -> list[Binding]:
    return [Binding(names=(f"Tensor.{m}",), op="astype", sig="(input, memory_format=None)",
                    args={"input": "x", "memory_format": None}, fixed={"dtype": d})
            for m, d in (p.split("=") for p in spec.split())]


_ROWS: list[Binding] = []
_ROWS += _unary("""abs=abs|absolute exp log log2 log10 log1p expm1 sqrt rsqrt square reciprocal
sin cos tan asin=asin|arcsin acos=acos|arccos atan=atan|arctan sinh cosh tanh erf floor ceil
round trunc=trunc|fix sign logical_not bitwise_not isnan isinf isfinite sigmoid relu
neg=neg|negative""")
_ROWS += [
    Binding(names=("Tensor.__neg__",), op="neg", sig="(input)", args={"input": "x"}),
    Binding(names=("Tensor.__abs__",), op="abs", sig="(input)", args={"input": "x"}),
    Binding(names=("Tensor.__invert__",), op="bitwise_not", sig="(input)", args={"input": "x"},
            note="on bool tensors this is logical not, as in torch"),
    Binding(names=("torch.clamp", "torch.clip", "Tensor.clamp", "Tensor.clip"), op="clip",
            sig="(input, min=None, max=None)", args={"input": "x"}),
]
_ROWS += _activation("""relu sigmoid tanh silu mish selu hardsigmoid hardswish relu6
leaky_relu(negative_slope=0.01) elu(alpha=1.0) hardtanh(min_val=-1.0;max_val=1.0)""")
_ROWS += [
    Binding(names=(F + "gelu",), op="gelu", sig="(input, approximate='none')",
            args={"input": "x"}, derive={"approximate": "approximate == 'tanh'"}),
    Binding(names=(F + "softplus",), op="softplus", sig="(input, beta=1, threshold=20)",
            args={"input": "x"}),
]
_ROWS += _binary("""add:__add__|__radd__ sub=sub|subtract:__sub__|__rsub__
mul=mul|multiply:__mul__|__rmul__ truediv=true_divide:__truediv__|__rtruediv__
floordiv=floor_divide:__floordiv__|__rfloordiv__ remainder:__mod__|__rmod__ fmod
pow:__pow__|__rpow__ maximum minimum atan2=atan2|arctan2 eq:__eq__ ne=ne|not_equal:__ne__
lt=lt|less:__lt__ le=le|less_equal:__le__ gt=gt|greater:__gt__ ge=ge|greater_equal:__ge__
logical_and logical_or logical_xor bitwise_and:__and__|__rand__ bitwise_or:__or__|__ror__
bitwise_xor:__xor__|__rxor__""")
_ROWS += [
    Binding(names=("torch.div", "torch.divide", "Tensor.div", "Tensor.divide"), op="truediv",
            sig="(input, other, *, rounding_mode=None)", args={"input": "x", "other": "y"},
            custom="div", note="rounding_mode 'trunc' -> truncdiv, 'floor' -> floordiv"),
]
_ROWS += _reduce("mean argmax argmin all any")
_ROWS += [
    Binding(names=("torch.sum", "Tensor.sum"), op="sum",
            sig="(input, dim=None, keepdim=False, *, dtype=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims"},
            derive={"dtype": "dtype if dtype is not None else ('int64' if input.dtype in "
                             "('bool', 'uint8', 'int8', 'int16', 'int32') else None)"},
            note="integer and bool sums are int64, as in torch"),
    Binding(names=("torch.prod", "Tensor.prod"), op="prod",
            sig="(input, dim=None, keepdim=False, *, dtype=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims", "dtype": None}),
    Binding(names=("torch.amax", "Tensor.amax"), op="max", sig="(input, dim=(), keepdim=False)",
            args={"input": "x", "keepdim": "keepdims"},
            derive={"axis": "None if dim == () or dim == [] else dim"}),
    Binding(names=("torch.amin", "Tensor.amin"), op="min", sig="(input, dim=(), keepdim=False)",
            args={"input": "x", "keepdim": "keepdims"},
            derive={"axis": "None if dim == () or dim == [] else dim"}),
    Binding(names=("torch.var", "Tensor.var"), op="var",
            sig="(input, dim=None, unbiased=True, keepdim=False, *, correction=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims"},
            derive={"correction": "(1 if unbiased else 0) if correction is None else correction"}),
    Binding(names=("torch.std", "Tensor.std"), op="std",
            sig="(input, dim=None, unbiased=True, keepdim=False, *, correction=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims"},
            derive={"correction": "(1 if unbiased else 0) if correction is None else correction"}),
    Binding(names=("torch.logsumexp", "Tensor.logsumexp"), op="logsumexp",
            sig="(input, dim, keepdim=False)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims"}),
    Binding(names=("torch.cumsum", "Tensor.cumsum"), op="cumsum", sig="(input, dim, *, dtype=None)",
            args={"input": "x", "dim": "axis", "dtype": None}),
    Binding(names=("torch.cumprod", "Tensor.cumprod"), op="cumprod", sig="(input, dim, *, dtype=None)",
            args={"input": "x", "dim": "axis", "dtype": None}),
    Binding(names=("torch.norm", "Tensor.norm"), op="norm",
            sig="(input, p='fro', dim=None, keepdim=False, dtype=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims", "dtype": None},
            derive={"ord": "None if p in ('fro', 2, 2.0) else p"},
            note="p other than 2/'fro' over several dims follows numpy's matrix-norm meaning"),
    Binding(names=("torch.linalg.norm",), op="norm",
            sig="(input, ord=None, dim=None, keepdim=False, *, dtype=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims", "dtype": None}),
    # shape
    Binding(names=("torch.reshape",), op="reshape", sig="(input, shape)", args={"input": "x"}),
    Binding(names=("Tensor.reshape", "Tensor.view"), op="reshape", sig="(input, *size)",
            args={"input": "x", "size": None}, derive={"shape": _VARARGS_SHAPE},
            note="view shares storage with its base (runtime keeps the views in sync)"),
    Binding(names=("Tensor.view_as", "Tensor.reshape_as"), op="reshape", sig="(input, other)",
            args={"input": "x", "other": None}, derive={"shape": "other.shape"}),
    Binding(names=("torch.transpose", "torch.swapaxes", "torch.swapdims", "Tensor.transpose",
                   "Tensor.swapaxes", "Tensor.swapdims"), op="swapaxes", sig="(input, dim0, dim1)",
            args={"input": "x", "dim0": "axis1", "dim1": "axis2"}),
    Binding(names=("torch.t", "Tensor.t"), op="transpose", sig="(input)", args={"input": "x"}),
    Binding(names=("torch.permute",), op="transpose", sig="(input, dims)",
            args={"input": "x", "dims": "perm"}),
    Binding(names=("Tensor.permute",), op="transpose", sig="(input, *dims)",
            args={"input": "x", "dims": None},
            derive={"perm": "dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims"}),
    Binding(names=("torch.unsqueeze", "Tensor.unsqueeze"), op="expand_dims", sig="(input, dim)",
            args={"input": "x", "dim": "axis"}),
    Binding(names=("torch.squeeze", "Tensor.squeeze"), op="squeeze", sig="(input, dim=None)",
            args={"input": "x", "dim": None},
            derive={"axis": "dim if dim is None or input.shape[dim] == 1 else ()"},
            note="squeezing a dim whose size is not 1 is a no-op in torch"),
    Binding(names=("torch.flatten", "Tensor.flatten"), op="flatten",
            sig="(input, start_dim=0, end_dim=-1)",
            args={"input": "x", "start_dim": "start_axis", "end_dim": "end_axis"}),
    Binding(names=("torch.broadcast_to", "Tensor.broadcast_to"), op="broadcast_to",
            sig="(input, size)", args={"input": "x", "size": "shape"}),
    Binding(names=("Tensor.expand",), op="broadcast_to", sig="(input, *sizes)", custom="expand",
            note="-1 keeps the existing size"),
    Binding(names=("Tensor.expand_as",), op="broadcast_to", sig="(input, other)",
            args={"input": "x", "other": None}, derive={"shape": "other.shape"}),
    Binding(names=("torch.cat", "torch.concat"), op="concat", sig="(tensors, dim=0)",
            args={"tensors": "xs", "dim": "axis"}, custom="cat",
            note="0-d inputs: a known difference (accepted with a warning; real torch raises)"),
    Binding(names=("torch.stack",), op="stack", sig="(tensors, dim=0)",
            args={"tensors": "xs", "dim": "axis"}),
    Binding(names=("torch.meshgrid",), op="meshgrid", sig="(*tensors, indexing=None)",
            args={"tensors": None},
            derive={"xs": "tensors[0] if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)) "
                          "else list(tensors)",
                    "indexing": "indexing if indexing is not None else 'ij'"},
            note="indexing defaults to 'ij' (numpy, jax and tf default to 'xy')"),
    Binding(names=("torch.split", "Tensor.split"), op="split",
            sig="(tensor, split_size_or_sections, dim=0)", custom="split",
            note="an int is the chunk SIZE (not the number of parts)"),
    Binding(names=("torch.chunk", "Tensor.chunk"), op="split", sig="(input, chunks, dim=0)",
            custom="chunk", note="chunk size is ceil(n / chunks); may return fewer chunks"),
    Binding(names=("torch.unbind", "Tensor.unbind"), op="unbind", sig="(input, dim=0)",
            args={"input": "x", "dim": "axis"}),
    Binding(names=("torch.flip", "Tensor.flip"), op="flip", sig="(input, dims)",
            args={"input": "x", "dims": "axis"}),
    Binding(names=("torch.roll", "Tensor.roll"), op="roll", sig="(input, shifts, dims=None)",
            args={"input": "x", "shifts": "shift", "dims": "axis"}),
    Binding(names=("torch.tile", "Tensor.tile"), op="tile", sig="(input, dims)",
            args={"input": "x", "dims": "reps"}),
    Binding(names=("Tensor.repeat",), op="tile", sig="(input, *sizes)",
            args={"input": "x", "sizes": None},
            derive={"reps": "sizes[0] if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes"}),
    Binding(names=("torch.repeat_interleave", "Tensor.repeat_interleave"), op="repeat",
            sig="(input, repeats, dim=None, *, output_size=None)",
            args={"input": "x", "dim": "axis", "output_size": None}),
    Binding(names=(F + "pad",), op="pad", sig="(input, pad, mode='constant', value=None)",
            custom="pad", note="pad lists (left, right) pairs from the LAST dim backwards"),
    Binding(names=("torch.tril", "Tensor.tril"), op="tril", sig="(input, diagonal=0)",
            args={"input": "x", "diagonal": "k"}),
    Binding(names=("torch.triu", "Tensor.triu"), op="triu", sig="(input, diagonal=0)",
            args={"input": "x", "diagonal": "k"}),
    Binding(names=("torch.diag", "Tensor.diag"), op="diag", sig="(input, diagonal=0)",
            args={"input": "x", "diagonal": "k"}),
    # indexing
    Binding(names=("Tensor.__getitem__",), op="getitem", sig="(input, index)", custom="getitem",
            args={"input": "x"}, note="basic indexing returns a view"),
    # x.narrow(dim, start, length) is x[..., start:start + length, ...] with the slice at dim
    Binding(names=("torch.narrow", "Tensor.narrow"), op="getitem", sig="(input, dim, start, length)",
            args={"input": "x", "dim": None, "start": None, "length": None},
            derive={"index": "(slice(None),) * dim + (slice(start, start + length),) if dim >= 0 else "
                             "(Ellipsis, slice(start, start + length)) + (slice(None),) * (-dim - 1)"}),
    Binding(names=("Tensor.__setitem__",), op="setitem", sig="(input, index, value)",
            custom="setitem", args={"input": "x"}, note="in place"),
    Binding(names=("torch.gather", "Tensor.gather"), op="take_along_axis",
            sig="(input, dim, index, *, sparse_grad=False)",
            args={"input": "x", "dim": "axis", "index": "indices", "sparse_grad": None}),
    Binding(names=("torch.take",), op="take", sig="(input, index)",
            args={"input": "x", "index": "indices"}),
    Binding(names=("torch.scatter", "Tensor.scatter"), op="scatter",
            sig="(input, dim, index, src=None, *, value=None, reduce=None)",
            args={"input": "x", "dim": "axis", "index": "indices", "value": None},
            derive={"src": "src if src is not None else value"}),
    Binding(names=("torch.index_select", "Tensor.index_select"), op="index_select",
            sig="(input, dim, index)", args={"input": "x", "dim": "axis", "index": "indices"}),
    Binding(names=("torch.where",), op="where", sig="(condition, input=None, other=None)",
            args={"condition": "cond", "input": "x", "other": "y"}, custom="where",
            note="one argument: nonzero(condition, as_tuple=True)"),
    Binding(names=("Tensor.where",), op="where", sig="(input, condition, other)",
            args={"condition": "cond", "input": "x", "other": "y"}),
    Binding(names=("torch.isclose", "Tensor.isclose"), op="isclose",
            sig="(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)", args={"input": "x", "other": "y"}),
    Binding(names=("torch.allclose", "Tensor.allclose"), op="isclose",
            sig="(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)", args={"input": "x", "other": "y"},
            custom="allclose", note="all elements isclose, as a Python bool"),
    Binding(names=("torch.masked_fill", "Tensor.masked_fill"), op="masked_fill",
            sig="(input, mask, value)", args={"input": "x"}),
    Binding(names=("torch.nonzero", "Tensor.nonzero"), op="nonzero", sig="(input, *, as_tuple=False)",
            custom="nonzero", note="(n, ndim) int64 tensor unless as_tuple"),
    Binding(names=("torch.sort", "Tensor.sort"), op="sort",
            sig="(input, dim=-1, descending=False, stable=False)", custom="sort",
            note="returns torch.return_types.sort (values, indices)"),
    Binding(names=("torch.median", "Tensor.median"), op="sort", sig="(input, dim=None, keepdim=False)",
            custom="median", note="without dim: the lower median (NaN if any); with dim: (values, indices)"),
    Binding(names=("torch.kthvalue", "Tensor.kthvalue"), op="sort",
            sig="(input, k, dim=-1, keepdim=False)", custom="kthvalue",
            note="k-th smallest (1-based): (values, indices)"),
    Binding(names=("torch.aminmax", "Tensor.aminmax"), op="min", sig="(input, *, dim=None, keepdim=False)",
            custom="aminmax", note="(min, max) named tuple"),
    Binding(names=("torch.argsort", "Tensor.argsort"), op="argsort",
            sig="(input, dim=-1, descending=False)", args={"input": "x", "dim": "axis"}),
    Binding(names=("torch.topk", "Tensor.topk"), op="topk",
            sig="(input, k, dim=-1, largest=True, sorted=True)", args={"input": "x", "dim": "axis"},
            note="returns torch.return_types.topk (values, indices)"),
    Binding(names=(F + "one_hot",), op="one_hot", sig="(tensor, num_classes=-1)", custom="one_hot",
            args={"tensor": "indices", "num_classes": "depth"},
            note="num_classes=-1 means max(tensor) + 1"),
    Binding(names=("torch.max", "Tensor.max"), op="max", sig="(input, dim=None, keepdim=False)",
            custom="max", note="with dim: (values, indices); with a tensor: maximum"),
    Binding(names=("torch.min", "Tensor.min"), op="min", sig="(input, dim=None, keepdim=False)",
            custom="min", note="with dim: (values, indices); with a tensor: minimum"),
    # creation
    Binding(names=("torch.tensor",), op="asarray",
            sig="(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False)",
            args={"device": None, "requires_grad": None, "pin_memory": None}),
    Binding(names=("torch.as_tensor", "torch.asarray"), op="asarray",
            sig="(data, dtype=None, device=None)", args={"device": None}),
    Binding(names=("torch.from_numpy",), op="asarray", sig="(ndarray)", args={"ndarray": "data"},
            custom="from_numpy", note="keeps the array's dtype (numpy float64 stays float64)"),
    # legacy typed constructors of data (torch.LongTensor(list)); their size form
    # (torch.FloatTensor(2, 3)) does not bind: the transpiler makes zeros of the fixed dtype
    # (torch.cuda.FloatTensor too: GAN scripts pick ``Tensor = torch.cuda.FloatTensor if cuda else ...``,
    # and converted code runs on the target's default device)
    *(Binding(names=(f"torch.{name}", f"torch.cuda.{name}"), op="asarray", sig="(data)", fixed={"dtype": dtype})
      for name, dtype in TENSOR_TYPES.items()),
    Binding(names=("torch.zeros", "torch.empty"), op="zeros", sig=f"(*size, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, size=None),
            derive={"shape": _VARARGS_SHAPE, "dtype": "dtype if dtype is not None else 'float32'"}),
    Binding(names=("torch.ones",), op="ones", sig=f"(*size, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, size=None),
            derive={"shape": _VARARGS_SHAPE, "dtype": "dtype if dtype is not None else 'float32'"}),
    Binding(names=("torch.full",), op="full", sig=f"(size, fill_value, *, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, size="shape")),
    Binding(names=("torch.zeros_like", "torch.empty_like"), op="zeros_like",
            sig=f"(input, *, {_CREATE_KW}, memory_format=None)",
            args=dict(_CREATE_IGNORED, input="x", memory_format=None)),
    Binding(names=("torch.ones_like",), op="ones_like", sig=f"(input, *, {_CREATE_KW}, memory_format=None)",
            args=dict(_CREATE_IGNORED, input="x", memory_format=None)),
    Binding(names=("torch.full_like",), op="full_like",
            sig=f"(input, fill_value, *, {_CREATE_KW}, memory_format=None)",
            args=dict(_CREATE_IGNORED, input="x", memory_format=None)),
    # no out-of-place Tensor.fill: the converter rebinds the receiver as for any trailing-underscore method
    Binding(names=("Tensor.fill_",), op="full_like", sig="(input, value)",
            args={"input": "x", "value": "fill_value"}, note="in place; keeps the tensor's dtype"),
    # the receiver's dtype, src's values (src of the receiver's shape: broadcasting src is not converted)
    Binding(names=("Tensor.copy_",), op="astype", sig="(input, src, non_blocking=False)",
            args={"input": None, "src": "x", "non_blocking": None}, derive={"dtype": "input.dtype"},
            note="in place: src's values in the tensor's dtype"),
    Binding(names=("Tensor.zero_",), op="zeros_like", sig="(input)", args={"input": "x"},
            note="in place; keeps the tensor's dtype"),
    Binding(names=("torch.arange",), op="arange", sig=f"(start, end=None, step=1, *, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, end="stop")),
    Binding(names=("torch.linspace",), op="linspace", sig=f"(start, end, steps, *, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, end="stop", steps="num"),
            derive={"dtype": "dtype if dtype is not None else 'float32'"}),
    Binding(names=("torch.eye",), op="eye", sig=f"(n, m=None, *, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED), derive={"dtype": "dtype if dtype is not None else 'float32'"}),
    # random
    Binding(names=("torch.rand",), op="random_uniform", sig=f"(*size, generator=None, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, size=None, generator=None),
            derive={"shape": _VARARGS_SHAPE, "dtype": "dtype if dtype is not None else 'float32'"}),
    Binding(names=("torch.randn",), op="random_normal", sig=f"(*size, generator=None, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, size=None, generator=None),
            derive={"shape": _VARARGS_SHAPE, "dtype": "dtype if dtype is not None else 'float32'"}),
    Binding(names=("torch.rand_like",), op="random_uniform", sig=f"(input, *, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, input=None),
            derive={"shape": "input.shape", "dtype": "dtype if dtype is not None else input.dtype"}),
    Binding(names=("torch.randn_like",), op="random_normal", sig=f"(input, *, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, input=None),
            derive={"shape": "input.shape", "dtype": "dtype if dtype is not None else input.dtype"}),
    Binding(names=("torch.randint",), op="randint", sig="(low, high=None, size=None, *, generator=None, "
            f"{_CREATE_KW})", custom="randint", note="randint(high, size) and randint(low, high, size)"),
    Binding(names=("torch.randperm",), op="permutation", sig=f"(n, *, generator=None, {_CREATE_KW})",
            args=dict(_CREATE_IGNORED, generator=None, dtype=None)),
    Binding(names=("torch.multinomial", "Tensor.multinomial"), op="multinomial",
            sig="(input, num_samples, replacement=False, *, generator=None, out=None)",
            args={"input": "probs", "generator": None, "out": None}),
    Binding(names=("torch.bernoulli", "Tensor.bernoulli"), op="bernoulli",
            sig="(input, *, generator=None, out=None)", args={"input": "probs", "generator": None, "out": None}),
    Binding(names=("Tensor.bernoulli_",), op="bernoulli", sig="(input, p=0.5, *, generator=None)",
            args={"input": None, "p": "probs", "generator": None},
            derive={"shape": "input.shape", "dtype": "input.dtype"},
            note="in place: the tensor's elements become 1 with probability p, else 0"),
    # in-place initialisers (``w.data.normal_(0, 0.01)``): new draws of the tensor's shape and dtype
    Binding(names=("Tensor.uniform_",), op="random_uniform", sig="(input, a=0.0, b=1.0, *, generator=None)",
            args={"input": None, "a": "low", "b": "high", "generator": None},
            derive={"shape": "input.shape", "dtype": "input.dtype"}, note="in place"),
    Binding(names=("Tensor.normal_",), op="random_normal", sig="(input, mean=0.0, std=1.0, *, generator=None)",
            args={"input": None, "generator": None},
            derive={"shape": "input.shape", "dtype": "input.dtype"}, note="in place"),
    Binding(names=("torch.normal",), op="random_normal", sig="(mean, std, size=None, *, generator=None)",
            custom="normal"),
    Binding(names=("torch.manual_seed",), op="random_uniform", sig="(seed)", custom="manual_seed",
            note="seeds the engine's global generator"),
    # linalg
    # torch.spmm: a sparse x dense product; on the dense tensors the emulation has, it is mm
    Binding(names=("torch.matmul", "torch.mm", "torch.bmm", "torch.spmm", "Tensor.matmul", "Tensor.mm",
                   "Tensor.bmm", "Tensor.__matmul__"), op="matmul", sig="(input, other)",
            args={"input": "x", "other": "y"}),
    Binding(names=("torch.dot", "torch.mv", "Tensor.dot", "Tensor.mv"), op="dot", sig="(input, other)",
            args={"input": "x", "other": "y"}, note="dot: 1-D x 1-D; mv: 2-D x 1-D"),
    Binding(names=("Tensor.__rmatmul__",), op="matmul", sig="(input, other)",
            args={"input": "y", "other": "x"}),
    Binding(names=("torch.einsum",), op="einsum", sig="(equation, *operands)",
            args={"operands": None},
            derive={"xs": "operands[0] if len(operands) == 1 and isinstance(operands[0], (list, tuple)) "
                          "else list(operands)"}),
    Binding(names=("torch.outer", "torch.ger", "Tensor.outer", "Tensor.ger"), op="outer", sig="(input, vec2)",
            args={"input": "x", "vec2": "y"}),
    Binding(names=(F + "linear",), op="linear", sig="(input, weight, bias=None)", args={"input": "x"}),
    # nn
    Binding(names=(F + "softmax",), op="softmax", sig="(input, dim=None, _stacklevel=3, dtype=None)",
            args={"input": "x", "_stacklevel": None, "dtype": None},
            derive={"axis": "dim if dim is not None else (0 if len(input.shape) in (0, 1, 3) else 1)"},
            custom="softmax_implicit",
            note="dim=None is torch's legacy implicit dim (0 for 0/1/3-D input, else 1), with a warning"),
    Binding(names=(F + "log_softmax",), op="log_softmax",
            sig="(input, dim=None, _stacklevel=3, dtype=None)",
            args={"input": "x", "_stacklevel": None, "dtype": None},
            derive={"axis": "dim if dim is not None else (0 if len(input.shape) in (0, 1, 3) else 1)"},
            custom="log_softmax_implicit"),
    Binding(names=("torch.softmax", "Tensor.softmax"), op="softmax", sig="(input, dim, dtype=None)",
            args={"input": "x", "dim": "axis", "dtype": None}),
    Binding(names=("torch.log_softmax", "Tensor.log_softmax"), op="log_softmax",
            sig="(input, dim, dtype=None)", args={"input": "x", "dim": "axis", "dtype": None}),
    Binding(names=(F + "conv1d", F + "conv2d", F + "conv3d", "torch.conv1d", "torch.conv2d"), op="conv",
            sig="(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)",
            args={"input": "x"}),
    Binding(names=(F + "conv_transpose1d", F + "conv_transpose2d"), op="conv_transpose",
            sig="(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)",
            args={"input": "x"}),
    Binding(names=(F + "max_pool1d", F + "max_pool2d"), op="max_pool",
            sig="(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, "
                "return_indices=False)", args={"input": "x", "return_indices": None}),
    Binding(names=(F + "avg_pool1d", F + "avg_pool2d"), op="avg_pool",
            sig="(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
                "divisor_override=None)", args={"input": "x", "divisor_override": None}),
    Binding(names=(F + "adaptive_avg_pool1d", F + "adaptive_avg_pool2d"), op="adaptive_avg_pool",
            sig="(input, output_size)", args={"input": "x"}),
    Binding(names=(F + "adaptive_max_pool1d", F + "adaptive_max_pool2d"), op="adaptive_max_pool",
            sig="(input, output_size, return_indices=False)", args={"input": "x", "return_indices": None}),
    Binding(names=(F + "interpolate",), op="interpolate",
            sig="(input, size=None, scale_factor=None, mode='nearest', align_corners=None, "
                "recompute_scale_factor=None, antialias=False)",
            args={"input": "x", "recompute_scale_factor": None, "antialias": None}),
    Binding(names=(F + "embedding",), op="embedding",
            sig="(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, "
                "scale_grad_by_freq=False, sparse=False)",
            args={"input": "indices", "max_norm": None, "norm_type": None,
                  "scale_grad_by_freq": None, "sparse": None}),
    Binding(names=(F + "layer_norm",), op="layer_norm",
            sig="(input, normalized_shape, weight=None, bias=None, eps=1e-05)", args={"input": "x"}),
    Binding(names=(F + "batch_norm",), op="batch_norm",
            sig="(input, running_mean, running_var, weight=None, bias=None, training=False, "
                "momentum=0.1, eps=1e-05)", args={"input": "x"}, custom="batch_norm",
            note="training=True updates running_mean/running_var in place"),
    Binding(names=(F + "group_norm",), op="group_norm",
            sig="(input, num_groups, weight=None, bias=None, eps=1e-05)", args={"input": "x"}),
    Binding(names=(F + "instance_norm",), op="instance_norm",
            sig="(input, running_mean=None, running_var=None, weight=None, bias=None, "
                "use_input_stats=True, momentum=0.1, eps=1e-05)",
            args={"input": "x", "running_mean": None, "running_var": None,
                  "use_input_stats": None, "momentum": None}),
    Binding(names=(F + "prelu", "torch.prelu", "Tensor.prelu"), op="prelu", sig="(input, weight)",
            args={"input": "x"}),
    Binding(names=(F + "dropout",), op="dropout", sig="(input, p=0.5, training=True, inplace=False)",
            args={"input": "x", "inplace": None}, note="training defaults to True"),
    Binding(names=(F + "pixel_shuffle", "torch.pixel_shuffle"), op="pixel_shuffle",
            sig="(input, upscale_factor)", args={"input": "x"}),
    Binding(names=(F + "cross_entropy",), op="cross_entropy",
            sig="(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, "
                "reduction='mean', label_smoothing=0.0)",
            args={"input": "logits", "size_average": None, "reduce": None}),
    Binding(names=(F + "mse_loss",), op="mse_loss",
            sig="(input, target, size_average=None, reduce=None, reduction='mean')",
            args={"input": "x", "target": "y", "size_average": None, "reduce": None}),
    Binding(names=(F + "nll_loss",), op="nll_loss",
            sig="(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, "
                "reduction='mean')",
            args={"input": "logp", "size_average": None, "reduce": None}),
    Binding(names=(F + "binary_cross_entropy",), op="binary_cross_entropy",
            sig="(input, target, weight=None, size_average=None, reduce=None, reduction='mean')",
            args={"input": "x", "target": "y", "weight": None, "size_average": None, "reduce": None}),
    Binding(names=(F + "binary_cross_entropy_with_logits",), op="bce_with_logits",
            sig="(input, target, weight=None, size_average=None, reduce=None, reduction='mean', "
                "pos_weight=None)",
            args={"input": "x", "target": "y", "weight": None, "size_average": None, "reduce": None}),
    Binding(names=(F + "l1_loss",), op="l1_loss",
            sig="(input, target, size_average=None, reduce=None, reduction='mean')",
            args={"input": "x", "target": "y", "size_average": None, "reduce": None}),
    Binding(names=(F + "smooth_l1_loss",), op="smooth_l1_loss",
            sig="(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0)",
            args={"input": "x", "target": "y", "size_average": None, "reduce": None}),
    Binding(names=(F + "scaled_dot_product_attention",), op="softmax",
            sig="(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False)",
            custom="sdpa", note="torch 2.x API; composed from matmul, softmax, masked_fill"),
    Binding(names=(F + "multi_head_attention_forward",), op="softmax",
            sig="(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k, bias_v, "
                "add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training=True, key_padding_mask=None, "
                "need_weights=True, attn_mask=None, use_separate_proj_weight=False, q_proj_weight=None, "
                "k_proj_weight=None, v_proj_weight=None, static_k=None, static_v=None, "
                "average_attn_weights=True, is_causal=False)",
            custom="mha_forward", note="nn.MultiheadAttention's core on (L, N, E) inputs; bias_k/bias_v, "
                                       "add_zero_attn and static_k/static_v not supported"),
    Binding(names=("torch.nn.Transformer.generate_square_subsequent_mask",), op="triu",
            sig="(sz, device=None, dtype=None)", custom="square_subsequent_mask",
            note="float (sz, sz) mask: -inf above the diagonal, 0 elsewhere"),
    Binding(names=(F + "normalize",), op="norm", sig="(input, p=2.0, dim=1, eps=1e-12)",
            custom="normalize", note="x / max(norm_p(x, dim), eps)"),
    # casts
    Binding(names=("Tensor.to",), op="astype", sig="(input, *args, **kwargs)",
            custom="to", note="dtype conversion; devices are ignored"),
    Binding(names=("Tensor.type",), op="astype", sig="(input, dtype=None, non_blocking=False, **kwargs)",
            custom="tensor_type", note="no argument: the type string ('torch.FloatTensor'); a dtype or a "
                                       "type string: a cast"),
]
#: torch base classes that add nothing a plain Python class lacks (torch's Dataset only defines
#: ``__add__`` -> ConcatDataset and an abstract ``__getitem__``): a subclass's base becomes ``object``
PLAIN_BASES = {"torch.utils.data.Dataset": "object", "torch.utils.data.dataset.Dataset": "object",
               "torch.utils.data.IterableDataset": "object"}
_ROWS += _cast("float=float32 double=float64 half=float16 bfloat16=bfloat16 long=int64 int=int32 "
               "short=int16 bool=bool byte=uint8 char=int8")

BINDINGS = table(*_ROWS)
