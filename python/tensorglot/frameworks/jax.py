"""How JAX spells each canonical op (see binding.py for the format).

Read by the transpiler, by the emulated ``jax`` runtime
(python/tensorglot/runtime/jax) and by the coverage report. Signatures follow
docs.jax.dev (jax.numpy mirrors numpy; ``out=`` is accepted and must be None).
jax.numpy is 32-bit by default (``jax_enable_x64`` off): creation functions
without a dtype give float32 / int32.

``custom`` names a hook in tensorglot.runtime.jax.hooks (keys as arrays for
jax.random, lax convolution dimension numbers, numpy-style split indices...).
``Array.__x__`` rows are jax.Array operators and ``Array.x`` its methods.
"""
from __future__ import annotations

from .binding import Binding, table


def _fn(op: str, names, sig: str, **kw) -> Binding:
    return Binding(names=tuple(names.split()) if isinstance(names, str) else tuple(names),
                   op=op, sig=sig, **kw)


def _unary(op: str, names: str, **kw) -> Binding:
    """jnp ufunc-style ``jnp.exp(x, /)``; space-separated public names."""
    return _fn(op, names, "(x)", **kw)


def _binary(op: str, names: str, **kw) -> Binding:
    return _fn(op, names, "(x1, x2)", args={"x1": "x", "x2": "y"}, **kw)


def _dunder(op: str, name: str, reflected: bool = False) -> Binding:
    return Binding(names=(f"Array.{name}",), op=op, sig="(y, x)" if reflected else "(x, y)")


_UNARY = [
    _unary("neg", "jax.numpy.negative Array.__neg__"),
    _unary("abs", "jax.numpy.abs jax.numpy.absolute Array.__abs__"),
    _unary("exp", "jax.numpy.exp jax.lax.exp"),
    _unary("log", "jax.numpy.log jax.lax.log"),
    _unary("log2", "jax.numpy.log2"),
    _unary("log10", "jax.numpy.log10"),
    _unary("log1p", "jax.numpy.log1p jax.lax.log1p"),
    _unary("expm1", "jax.numpy.expm1 jax.lax.expm1"),
    _unary("sqrt", "jax.numpy.sqrt jax.lax.sqrt"),
    _unary("rsqrt", "jax.lax.rsqrt"),
    _unary("square", "jax.numpy.square jax.lax.square"),
    _unary("reciprocal", "jax.numpy.reciprocal"),
    _unary("sin", "jax.numpy.sin jax.lax.sin"),
    _unary("cos", "jax.numpy.cos jax.lax.cos"),
    _unary("tan", "jax.numpy.tan jax.lax.tan"),
    _unary("asin", "jax.numpy.arcsin jax.numpy.asin"),
    _unary("acos", "jax.numpy.arccos jax.numpy.acos"),
    _unary("atan", "jax.numpy.arctan jax.numpy.atan"),
    _unary("sinh", "jax.numpy.sinh"),
    _unary("cosh", "jax.numpy.cosh"),
    _unary("tanh", "jax.numpy.tanh jax.lax.tanh jax.nn.tanh"),
    _unary("erf", "jax.lax.erf jax.scipy.special.erf"),
    _unary("floor", "jax.numpy.floor jax.lax.floor"),
    _unary("ceil", "jax.numpy.ceil jax.lax.ceil"),
    _unary("trunc", "jax.numpy.trunc jax.numpy.fix"),
    _unary("sign", "jax.numpy.sign jax.lax.sign"),
    _unary("logical_not", "jax.numpy.logical_not"),
    _unary("bitwise_not", "jax.numpy.invert jax.numpy.bitwise_not Array.__invert__"),
    _unary("isnan", "jax.numpy.isnan"),
    _unary("isinf", "jax.numpy.isinf"),
    _unary("isfinite", "jax.numpy.isfinite"),
    _fn("round", "jax.numpy.round jax.numpy.around", "(a, decimals=0, out=None)",
        args={"a": "x"}, custom="jnp_round", note="half to even; decimals scales first"),
    _unary("sigmoid", "jax.nn.sigmoid jax.lax.logistic jax.scipy.special.expit"),
    _unary("relu", "jax.nn.relu"),
    _unary("relu6", "jax.nn.relu6"),
    _unary("silu", "jax.nn.silu jax.nn.swish"),
    _unary("mish", "jax.nn.mish"),
    _unary("selu", "jax.nn.selu"),
    _unary("softplus", "jax.nn.softplus"),
    _unary("hardsigmoid", "jax.nn.hard_sigmoid", note="relu6(x + 3) / 6, as torch"),
    _unary("hardswish", "jax.nn.hard_swish jax.nn.hard_silu"),
    _unary("hardtanh", "jax.nn.hard_tanh"),
    # jax.nn.gelu defaults to the tanh approximation (torch and tf.nn.gelu: exact)
    _fn("gelu", "jax.nn.gelu", "(x, approximate=True)"),
    _fn("leaky_relu", "jax.nn.leaky_relu", "(x, negative_slope=0.01)"),
    _fn("elu", "jax.nn.elu", "(x, alpha=1.0)"),
    _fn("clip", "jax.numpy.clip",
        "(arr=None, min=None, max=None, *, a=None, a_min=None, a_max=None)",
        derive={"x": "a if arr is None else arr",
                "min": "a_min if min is None else min",
                "max": "a_max if max is None else max"},
        note="a/a_min/a_max are the deprecated pre-0.4.27 spellings"),
    # lax.clamp(min, x, max): bounds around the operand
    _fn("clip", "jax.lax.clamp", "(min, x, max)"),
]

_BINARY = [
    _binary("add", "jax.numpy.add jax.lax.add"),
    _binary("sub", "jax.numpy.subtract jax.lax.sub"),
    _binary("mul", "jax.numpy.multiply jax.lax.mul"),
    _binary("truediv", "jax.numpy.divide jax.numpy.true_divide"),
    _binary("floordiv", "jax.numpy.floor_divide"),
    # lax.div rounds toward zero on integers
    _binary("truncdiv", "jax.lax.div", note="true division on floats, toward zero on ints"),
    _binary("remainder", "jax.numpy.remainder jax.numpy.mod"),
    _binary("fmod", "jax.numpy.fmod jax.lax.rem"),
    _binary("pow", "jax.numpy.power jax.numpy.pow jax.lax.pow"),
    _binary("maximum", "jax.numpy.maximum jax.lax.max"),
    _binary("minimum", "jax.numpy.minimum jax.lax.min"),
    _binary("atan2", "jax.numpy.arctan2 jax.numpy.atan2 jax.lax.atan2"),
    _binary("eq", "jax.numpy.equal jax.lax.eq"),
    _binary("ne", "jax.numpy.not_equal jax.lax.ne"),
    _binary("lt", "jax.numpy.less jax.lax.lt"),
    _binary("le", "jax.numpy.less_equal jax.lax.le"),
    _binary("gt", "jax.numpy.greater jax.lax.gt"),
    _binary("ge", "jax.numpy.greater_equal jax.lax.ge"),
    _binary("logical_and", "jax.numpy.logical_and"),
    _binary("logical_or", "jax.numpy.logical_or"),
    _binary("logical_xor", "jax.numpy.logical_xor"),
    _binary("bitwise_and", "jax.numpy.bitwise_and"),
    _binary("bitwise_or", "jax.numpy.bitwise_or"),
    _binary("bitwise_xor", "jax.numpy.bitwise_xor"),
]

_OPERATORS = [
    _dunder("add", "__add__"), _dunder("add", "__radd__", True),
    _dunder("sub", "__sub__"), _dunder("sub", "__rsub__", True),
    _dunder("mul", "__mul__"), _dunder("mul", "__rmul__", True),
    _dunder("truediv", "__truediv__"), _dunder("truediv", "__rtruediv__", True),
    _dunder("floordiv", "__floordiv__"), _dunder("floordiv", "__rfloordiv__", True),
    _dunder("remainder", "__mod__"), _dunder("remainder", "__rmod__", True),
    _dunder("pow", "__pow__"), _dunder("pow", "__rpow__", True),
    _dunder("matmul", "__matmul__"), _dunder("matmul", "__rmatmul__", True),
    _dunder("lt", "__lt__"), _dunder("le", "__le__"),
    _dunder("gt", "__gt__"), _dunder("ge", "__ge__"),
    _dunder("eq", "__eq__"), _dunder("ne", "__ne__"),
    _dunder("bitwise_and", "__and__"), _dunder("bitwise_and", "__rand__", True),
    _dunder("bitwise_or", "__or__"), _dunder("bitwise_or", "__ror__", True),
    _dunder("bitwise_xor", "__xor__"), _dunder("bitwise_xor", "__rxor__", True),
    Binding(names=("Array.__getitem__",), op="getitem", sig="(x, index)"),
]


def _jreduce(op: str, names: str, sig: str, **kw) -> Binding:
    return _fn(op, names, sig, args={"a": "x", **kw.pop("args", {})}, **kw)


_RSIG = "(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None, promote_integers=True)"
_MSIG = "(a, axis=None, out=None, keepdims=False, initial=None, where=None)"
_VSIG = "(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None, correction=None)"

_REDUCE = [
    _jreduce("sum", "jax.numpy.sum Array.sum", _RSIG),
    _jreduce("prod", "jax.numpy.prod Array.prod", _RSIG),
    _jreduce("mean", "jax.numpy.mean Array.mean",
             "(a, axis=None, dtype=None, out=None, keepdims=False, *, where=None)"),
    _jreduce("max", "jax.numpy.max jax.numpy.amax Array.max", _MSIG),
    _jreduce("min", "jax.numpy.min jax.numpy.amin Array.min", _MSIG),
    _jreduce("all", "jax.numpy.all Array.all", "(a, axis=None, out=None, keepdims=False, *, where=None)"),
    _jreduce("any", "jax.numpy.any Array.any", "(a, axis=None, out=None, keepdims=False, *, where=None)"),
    _jreduce("argmax", "jax.numpy.argmax Array.argmax", "(a, axis=None, out=None, keepdims=None)",
             derive={"keepdims": "False if keepdims is None else keepdims"}),
    _jreduce("argmin", "jax.numpy.argmin Array.argmin", "(a, axis=None, out=None, keepdims=None)",
             derive={"keepdims": "False if keepdims is None else keepdims"}),
    # biased by default (ddof=0), as numpy
    _jreduce("var", "jax.numpy.var Array.var", _VSIG,
             derive={"correction": "ddof if correction is None else correction"}),
    _jreduce("std", "jax.numpy.std Array.std", _VSIG,
             derive={"correction": "ddof if correction is None else correction"}),
    _jreduce("logsumexp", "jax.nn.logsumexp jax.scipy.special.logsumexp",
             "(a, axis=None, b=None, keepdims=False, return_sign=False, where=None)",
             note="b= and return_sign unsupported"),
    # axis=None flattens first (numpy); the hook reshapes
    _jreduce("cumsum", "jax.numpy.cumsum Array.cumsum", "(a, axis=None, dtype=None, out=None)",
             custom="jnp_cumulative"),
    _jreduce("cumprod", "jax.numpy.cumprod Array.cumprod", "(a, axis=None, dtype=None, out=None)",
             custom="jnp_cumulative"),
    _fn("norm", "jax.numpy.linalg.norm", "(x, ord=None, axis=None, keepdims=False)"),
]

_SHAPE = [
    _fn("reshape", "jax.numpy.reshape", "(a, shape, order='C')", args={"a": "x"}),
    _fn("reshape", "Array.reshape", "(a, *shape, order='C')", args={"a": "x"},
        derive={"shape": "shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape"}),
    _fn("transpose", "jax.numpy.transpose Array.transpose", "(a, axes=None)",
        args={"a": "x", "axes": "perm"}),
    _fn("reshape", "jax.lax.reshape", "(operand, new_sizes, dimensions=None)",
        args={"operand": "x", "new_sizes": "shape"}, note="dimensions (a pre-transpose) unsupported"),
    _fn("expand_dims", "jax.lax.expand_dims", "(array, dimensions)",
        args={"array": "x", "dimensions": "axis"}),
    _fn("squeeze", "jax.lax.squeeze", "(array, dimensions)",
        args={"array": "x", "dimensions": "axis"}),
    _fn("transpose", "jax.lax.transpose", "(operand, permutation)",
        args={"operand": "x", "permutation": "perm"}),
    _fn("swapaxes", "jax.numpy.swapaxes Array.swapaxes", "(a, axis1, axis2)", args={"a": "x"}),
    _fn("expand_dims", "jax.numpy.expand_dims", "(a, axis)", args={"a": "x"}),
    _fn("squeeze", "jax.numpy.squeeze Array.squeeze", "(a, axis=None)", args={"a": "x"}),
    _fn("broadcast_to", "jax.numpy.broadcast_to", "(array, shape)", args={"array": "x"}),
    _fn("flatten", "jax.numpy.ravel Array.ravel Array.flatten", "(a, order='C')", args={"a": "x"}),
    _fn("concat", "jax.numpy.concatenate", "(arrays, axis=0, dtype=None)", args={"arrays": "xs"}),
    _fn("concat", "jax.numpy.concat", "(arrays, /, *, axis=0)", args={"arrays": "xs"}),
    _fn("concat", "jax.lax.concatenate", "(operands, dimension)",
        args={"operands": "xs", "dimension": "axis"}),
    _fn("stack", "jax.numpy.stack", "(arrays, axis=0, out=None, dtype=None)", args={"arrays": "xs"}),
    # numpy split: a list gives split POINTS, not sizes -> hook converts
    _fn("split", "jax.numpy.split", "(ary, indices_or_sections, axis=0)",
        args={"ary": "x", "indices_or_sections": "sections"}, custom="jnp_split",
        note="a list means split indices (numpy), converted to sizes"),
    _fn("flip", "jax.numpy.flip", "(m, axis=None)", args={"m": "x"}),
    _fn("roll", "jax.numpy.roll", "(a, shift, axis=None)", args={"a": "x"}),
    _fn("tile", "jax.numpy.tile", "(A, reps)", args={"A": "x"}),
    _fn("repeat", "jax.numpy.repeat Array.repeat", "(a, repeats, axis=None, *, total_repeat_length=None)",
        args={"a": "x"}),
    _fn("pad", "jax.numpy.pad", "(array, pad_width, mode='constant', *, constant_values=0)",
        args={"array": "x", "constant_values": "value"}, custom="jnp_pad",
        note="pad_width int / (before, after) / per-axis pairs, as numpy"),
    _fn("tril", "jax.numpy.tril", "(m, k=0)", args={"m": "x"}),
    _fn("triu", "jax.numpy.triu", "(m, k=0)", args={"m": "x"}),
    _fn("diag", "jax.numpy.diag", "(v, k=0)", args={"v": "x"}),
]

_INDEX = [
    _fn("take", "jax.numpy.take Array.take",
        "(a, indices, axis=None, out=None, mode=None, unique_indices=False, indices_are_sorted=False, fill_value=None)",
        args={"a": "x"}),
    _fn("isclose", "jax.numpy.isclose", "(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)",
        args={"a": "x", "b": "y"}),
    _fn("take_along_axis", "jax.numpy.take_along_axis", "(arr, indices, axis, mode=None, fill_value=None)",
        args={"arr": "x"}),
    _fn("where", "jax.numpy.where", "(condition, x=None, y=None, /, *, size=None, fill_value=None)",
        args={"condition": "cond"}, custom="jnp_where",
        note="one-argument form is nonzero(condition)"),
    _fn("where", "jax.lax.select", "(pred, on_true, on_false)",
        args={"pred": "cond", "on_true": "x", "on_false": "y"}),
    _fn("nonzero", "jax.numpy.nonzero Array.nonzero", "(a, *, size=None, fill_value=None)", args={"a": "x"},
        custom="nonzero", note="a tuple of one int32 index array per axis (numpy style); size pads/truncates"),
    _fn("nonzero", "jax.numpy.argwhere", "(a, *, size=None, fill_value=None)", args={"a": "x"},
        custom="jnp_argwhere", note="(n, ndim) int32 indices; size pads/truncates"),
    _fn("sort", "jax.numpy.sort Array.sort",
        "(a, axis=-1, *, kind=None, order=None, stable=True, descending=False)", args={"a": "x"}),
    _fn("argsort", "jax.numpy.argsort Array.argsort",
        "(a, axis=-1, *, kind=None, order=None, stable=True, descending=False)", args={"a": "x"}),
    _fn("topk", "jax.lax.top_k", "(operand, k)", args={"operand": "x"},
        fixed={"axis": -1, "largest": True, "sorted": True}, custom="jax_top_k",
        note="last axis; int32 indices"),
    # float32 one-hot by default (torch: int64)
    _fn("one_hot", "jax.nn.one_hot", "(x, num_classes, *, dtype='float32', axis=-1)",
        args={"x": "indices", "num_classes": "depth"}, custom="jax_one_hot"),
]

_CREATE = [
    _fn("asarray", "jax.numpy.asarray", "(a, dtype=None, order=None, *, copy=None, device=None)",
        args={"a": "data"}),
    _fn("asarray", "jax.numpy.array", "(object, dtype=None, copy=True, order='K', ndmin=0, *, device=None)",
        args={"object": "data"}),
    _fn("zeros", "jax.numpy.zeros", "(shape, dtype=None, *, device=None)",
        derive={"dtype": "'float32' if dtype is None else dtype"}),
    _fn("ones", "jax.numpy.ones", "(shape, dtype=None, *, device=None)",
        derive={"dtype": "'float32' if dtype is None else dtype"}),
    _fn("full", "jax.numpy.full", "(shape, fill_value, dtype=None, *, device=None)"),
    _fn("zeros_like", "jax.numpy.zeros_like", "(a, dtype=None, shape=None, *, device=None)",
        args={"a": "x"}),
    _fn("ones_like", "jax.numpy.ones_like", "(a, dtype=None, shape=None, *, device=None)",
        args={"a": "x"}),
    _fn("full_like", "jax.numpy.full_like", "(a, fill_value, dtype=None, shape=None, *, device=None)",
        args={"a": "x"}),
    _fn("arange", "jax.numpy.arange", "(start, stop=None, step=None, dtype=None, *, device=None)",
        derive={"step": "1 if step is None else step"}),
    _fn("linspace", "jax.numpy.linspace",
        "(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None)",
        derive={"dtype": "'float32' if dtype is None else dtype"},
        note="endpoint=False and retstep unsupported"),
    _fn("eye", "jax.numpy.eye", "(N, M=None, k=0, dtype=None, *, device=None)",
        args={"N": "n", "M": "m"}, derive={"dtype": "'float32' if dtype is None else dtype"},
        note="k != 0 unsupported"),
    _fn("astype", "jax.numpy.astype", "(x, dtype, /, *, copy=False, device=None)"),
    _fn("astype", "Array.astype", "(x, dtype)"),
    # arrays are immutable: a copy is a new array with the same dtype and values
    _fn("astype", "jax.numpy.copy Array.copy", "(a, order=None)", args={"a": "x", "order": None},
        derive={"dtype": "a.dtype"}, note="a new array with the same values"),
]

# keys are uint32 arrays; the hook seeds the engine RNG from the key's values
_KEY = dict(custom="jax_random")
_RANDOM = [
    _fn("random_uniform", "jax.random.uniform",
        "(key, shape=(), dtype='float32', minval=0.0, maxval=1.0)",
        args={"minval": "low", "maxval": "high"}, **_KEY),
    _fn("random_normal", "jax.random.normal", "(key, shape=(), dtype='float32')", **_KEY),
    _fn("randint", "jax.random.randint", "(key, shape, minval, maxval, dtype='int32')",
        args={"minval": "low", "maxval": "high"}, **_KEY),
    _fn("random_uniform", "jax.random.bernoulli", "(key, p=0.5, shape=None)",
        note="uniform(key, shape) < p", **_KEY),
    _fn("permutation", "jax.random.permutation", "(key, x, axis=0, independent=False)",
        note="int x: a permutation of range(x); an array: shuffled along axis", **_KEY),
]

_LINALG = [
    _fn("matmul", "jax.numpy.matmul", "(a, b, *, precision=None, preferred_element_type=None)",
        args={"a": "x", "b": "y"}),
    _fn("matmul", "jax.numpy.dot Array.dot", "(a, b, *, precision=None, preferred_element_type=None)",
        args={"a": "x", "b": "y"}, note="equal to matmul for operands of rank <= 2"),
    _fn("einsum", "jax.numpy.einsum",
        "(subscripts, *operands, out=None, optimize='auto', precision=None, preferred_element_type=None)",
        args={"subscripts": "equation", "operands": "xs"}),
    _fn("meshgrid", "jax.numpy.meshgrid", "(*xi, copy=True, sparse=False, indexing='xy')",
        args={"xi": "xs", "copy": None, "sparse": None}),
    _fn("outer", "jax.numpy.outer", "(a, b, out=None)", args={"a": "x", "b": "y"}),
]

_NN = [
    _fn("softmax", "jax.nn.softmax", "(x, axis=-1, where=None)"),
    _fn("log_softmax", "jax.nn.log_softmax", "(x, axis=-1, where=None)"),
    # lax.conv_general_dilated: NCHW/OIHW when dimension_numbers is None
    _fn("conv", "jax.lax.conv_general_dilated",
        "(lhs, rhs, window_strides, padding, lhs_dilation=None, rhs_dilation=None, "
        "dimension_numbers=None, feature_group_count=1, batch_group_count=1, precision=None, "
        "preferred_element_type=None)",
        args={"lhs": "x", "rhs": "weight", "window_strides": "stride", "rhs_dilation": "dilation",
              "feature_group_count": "groups"},
        custom="lax_conv_general_dilated",
        note="padding 'SAME'/'VALID' or [(lo, hi)] per spatial dim; lhs_dilation unsupported"),
    _fn("conv", "jax.lax.conv", "(lhs, rhs, window_strides, padding, precision=None, preferred_element_type=None)",
        args={"lhs": "x", "rhs": "weight", "window_strides": "stride"},
        custom="lax_conv_general_dilated"),
    _fn("max_pool", "jax.lax.reduce_window",
        "(operand, init_value, computation, window_dimensions, window_strides=None, padding='VALID', "
        "base_dilation=None, window_dilation=None)",
        args={"operand": "x", "window_dimensions": "kernel_size", "window_strides": "stride"},
        custom="lax_reduce_window",
        note="computation lax.max -> max pooling, lax.add -> window sum"),
    _fn("interpolate", "jax.image.resize",
        "(image, shape, method, antialias=True, precision=None)",
        args={"image": "x", "shape": "size"}, custom="jax_image_resize",
        note="shape is the full output shape; antialias only changes downsampling"),
]

BINDINGS = table(*_UNARY, *_BINARY, *_OPERATORS, *_REDUCE, *_SHAPE, *_INDEX, *_CREATE,
                 *_RANDOM, *_LINALG, *_NN)
