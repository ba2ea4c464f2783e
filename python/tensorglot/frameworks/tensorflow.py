"""How TensorFlow 2 spells each canonical op (see binding.py for the format).

Read by the transpiler (to emit TF code), by the emulated ``tensorflow``
runtime (python/tensorglot/runtime/tensorflow) and by the coverage report.
Signatures follow the TF 2.x API docs (tensorflow.org/api_docs/python/tf/...).
Defaults that are dtype objects in TF (``tf.float32``) are spelled as the
canonical dtype string here; the runtime accepts either.

``custom`` names a hook in tensorglot.runtime.tensorflow.hooks: used where TF
semantics differ from the canonical op in a way a rename cannot say
(channels-last layouts, 'SAME' padding, batch-wise diag, gather_nd...).
``Tensor.__x__`` rows are the EagerTensor operators; ``x.op(y)`` in TF
is always the operator (TF tensors have no arithmetic methods).
"""
from __future__ import annotations

from .binding import Binding, table


def _names(primary: str, *aliases: str) -> tuple[str, ...]:
    return (primary,) + aliases


def _unary(op: str, primary: str, *aliases: str, param: str = "x", **kw) -> Binding:
    """A one-tensor elementwise op: ``tf.math.exp(x, name=None)``."""
    args = {param: "x"} if param != "x" else {}
    return Binding(names=_names(primary, *aliases), op=op, sig=f"({param}, name=None)",
                   args=args, **kw)


def _binary(op: str, primary: str, *aliases: str, sig: str = "(x, y, name=None)", **kw) -> Binding:
    return Binding(names=_names(primary, *aliases), op=op, sig=sig, **kw)


def _reduce(op: str, primary: str, *aliases: str, **kw) -> Binding:
    """``tf.math.reduce_*(input_tensor, axis=None, keepdims=False, name=None)``."""
    return Binding(names=_names(primary, *aliases), op=op,
                   sig="(input_tensor, axis=None, keepdims=False, name=None)",
                   args={"input_tensor": "x"}, **kw)


def _dunder(op: str, name: str, reflected: bool = False, **kw) -> Binding:
    """An EagerTensor operator; the reflected form binds ``self`` to ``y``."""
    return Binding(names=(f"Tensor.{name}",), op=op,
                   sig="(y, x)" if reflected else "(x, y)", **kw)


_UNARY = [
    _unary("neg", "tf.math.negative", "tf.negative"),
    _unary("abs", "tf.math.abs", "tf.abs"),
    _unary("exp", "tf.math.exp", "tf.exp"),
    _unary("log", "tf.math.log"),
    _unary("log1p", "tf.math.log1p"),
    _unary("expm1", "tf.math.expm1"),
    _unary("sqrt", "tf.math.sqrt", "tf.sqrt"),
    _unary("rsqrt", "tf.math.rsqrt"),
    _unary("square", "tf.math.square", "tf.square"),
    _unary("reciprocal", "tf.math.reciprocal"),
    _unary("sin", "tf.math.sin", "tf.sin"),
    _unary("cos", "tf.math.cos", "tf.cos"),
    _unary("tan", "tf.math.tan", "tf.tan"),
    _unary("asin", "tf.math.asin", "tf.asin"),
    _unary("acos", "tf.math.acos", "tf.acos"),
    _unary("atan", "tf.math.atan", "tf.atan"),
    _unary("sinh", "tf.math.sinh", "tf.sinh"),
    _unary("cosh", "tf.math.cosh", "tf.cosh"),
    _unary("tanh", "tf.math.tanh", "tf.tanh", "tf.nn.tanh", "tf.keras.activations.tanh"),
    _unary("erf", "tf.math.erf"),
    _unary("floor", "tf.math.floor", "tf.floor"),
    _unary("ceil", "tf.math.ceil"),
    _unary("round", "tf.math.round", "tf.round", note="rounds half to even"),
    _unary("sign", "tf.math.sign", "tf.sign"),
    _unary("logical_not", "tf.math.logical_not", "tf.logical_not"),
    _unary("bitwise_not", "tf.bitwise.invert"),
    _unary("isnan", "tf.math.is_nan"),
    _unary("isinf", "tf.math.is_inf"),
    _unary("isfinite", "tf.math.is_finite"),
    _unary("sigmoid", "tf.math.sigmoid", "tf.sigmoid", "tf.nn.sigmoid"),
    _unary("relu", "tf.nn.relu", param="features"),
    _unary("relu6", "tf.nn.relu6", param="features"),
    _unary("selu", "tf.nn.selu", param="features"),
    _unary("softplus", "tf.math.softplus", "tf.nn.softplus", param="features"),
    Binding(names=("tf.nn.elu",), op="elu", sig="(features, name=None)",
            args={"features": "x"}, note="alpha is fixed at 1"),
    Binding(names=("tf.nn.silu", "tf.nn.swish"), op="silu", sig="(features, beta=1.0)",
            args={"features": "x"}, note="beta != 1 is not expressible canonically"),
    Binding(names=("tf.nn.gelu",), op="gelu", sig="(features, approximate=False, name=None)",
            args={"features": "x"}),
    Binding(names=("tf.nn.leaky_relu",), op="leaky_relu", sig="(features, alpha=0.2, name=None)",
            args={"features": "x", "alpha": "negative_slope"},
            note="TF default slope is 0.2 (torch/jax: 0.01)"),
    Binding(names=("tf.clip_by_value",), op="clip",
            sig="(t, clip_value_min, clip_value_max, name=None)",
            args={"t": "x", "clip_value_min": "min", "clip_value_max": "max"}),
    # keras.activations: the Keras spelling of the same functions
    Binding(names=("tf.keras.activations.relu",), op="relu",
            sig="(x, alpha=0.0, max_value=None, threshold=0.0)",
            note="only the defaults are canonical (plain relu)"),
    Binding(names=("tf.keras.activations.sigmoid",), op="sigmoid", sig="(x)"),
    Binding(names=("tf.keras.activations.gelu",), op="gelu", sig="(x, approximate=False)"),
    Binding(names=("tf.keras.activations.swish", "tf.keras.activations.silu"), op="silu", sig="(x)"),
    Binding(names=("tf.keras.activations.elu",), op="elu", sig="(x, alpha=1.0)"),
    Binding(names=("tf.keras.activations.selu",), op="selu", sig="(x)"),
    Binding(names=("tf.keras.activations.softplus",), op="softplus", sig="(x)"),
    Binding(names=("tf.keras.activations.softmax",), op="softmax", sig="(x, axis=-1)"),
]

_BINARY = [
    _binary("add", "tf.math.add", "tf.add"),
    _binary("sub", "tf.math.subtract", "tf.subtract"),
    _binary("mul", "tf.math.multiply", "tf.multiply"),
    _binary("truediv", "tf.math.truediv", "tf.truediv", "tf.math.divide", "tf.divide",
            note="int8/int16 -> float32, int32/int64 -> float64"),
    _binary("floordiv", "tf.math.floordiv", "tf.floordiv"),
    _binary("truncdiv", "tf.math.truncatediv", "tf.truncatediv"),
    _binary("remainder", "tf.math.floormod", "tf.math.mod", "tf.floormod", "tf.mod"),
    _binary("fmod", "tf.math.truncatemod", "tf.truncatemod"),
    _binary("pow", "tf.math.pow", "tf.pow"),
    _binary("maximum", "tf.math.maximum", "tf.maximum"),
    _binary("minimum", "tf.math.minimum", "tf.minimum"),
    # tf.math.atan2(y, x): the first argument is the numerator, like canonical x
    _binary("atan2", "tf.math.atan2", "tf.atan2", sig="(y, x, name=None)",
            args={"y": "x", "x": "y"}),
    _binary("eq", "tf.math.equal", "tf.equal"),
    _binary("ne", "tf.math.not_equal", "tf.not_equal"),
    _binary("lt", "tf.math.less", "tf.less"),
    _binary("le", "tf.math.less_equal", "tf.less_equal"),
    _binary("gt", "tf.math.greater", "tf.greater"),
    _binary("ge", "tf.math.greater_equal", "tf.greater_equal"),
    _binary("logical_and", "tf.math.logical_and", "tf.logical_and"),
    _binary("logical_or", "tf.math.logical_or", "tf.logical_or"),
    _binary("logical_xor", "tf.math.logical_xor"),
    _binary("bitwise_and", "tf.bitwise.bitwise_and"),
    _binary("bitwise_or", "tf.bitwise.bitwise_or"),
    _binary("bitwise_xor", "tf.bitwise.bitwise_xor"),
]

_OPERATORS = [
    _dunder("add", "__add__"), _dunder("add", "__radd__", True),
    _dunder("sub", "__sub__"), _dunder("sub", "__rsub__", True),
    _dunder("mul", "__mul__"), _dunder("mul", "__rmul__", True),
    _dunder("truediv", "__truediv__"), _dunder("truediv", "__rtruediv__", True),
    _dunder("floordiv", "__floordiv__"), _dunder("floordiv", "__rfloordiv__", True),
    _dunder("remainder", "__mod__"), _dunder("remainder", "__rmod__", True),
    _dunder("pow", "__pow__"), _dunder("pow", "__rpow__", True),
    # ``a @ b`` is tf.linalg.matmul: rank >= 2 operands only, as the function
    *(Binding(names=(f"Tensor.{name}",), op="matmul", custom="tf_matmul", args={"a": "x", "b": "y"},
              sig=f"({operands}, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False)")
      for name, operands in (("__matmul__", "a, b"), ("__rmatmul__", "b, a"))),
    _dunder("lt", "__lt__"), _dunder("le", "__le__"),
    _dunder("gt", "__gt__"), _dunder("ge", "__ge__"),
    _dunder("eq", "__eq__"), _dunder("ne", "__ne__"),
    # TF's & | ^ ~ are logical on bool tensors and bitwise on ints
    _dunder("bitwise_and", "__and__"), _dunder("bitwise_and", "__rand__", True),
    _dunder("bitwise_or", "__or__"), _dunder("bitwise_or", "__ror__", True),
    _dunder("bitwise_xor", "__xor__"), _dunder("bitwise_xor", "__rxor__", True),
    Binding(names=("Tensor.__neg__",), op="neg", sig="(x)"),
    Binding(names=("Tensor.__abs__",), op="abs", sig="(x)"),
    Binding(names=("Tensor.__invert__",), op="bitwise_not", sig="(x)"),
    Binding(names=("Tensor.__getitem__",), op="getitem", sig="(tensor, slice_spec)",
            args={"tensor": "x", "slice_spec": "index"}, custom="tf_getitem",
            note="ints, slices, Ellipsis and tf.newaxis only; no tensor or boolean indexing"),
]

_REDUCE = [
    _reduce("sum", "tf.math.reduce_sum", "tf.reduce_sum"),
    _reduce("mean", "tf.math.reduce_mean", "tf.reduce_mean"),
    _reduce("prod", "tf.math.reduce_prod", "tf.reduce_prod"),
    _reduce("max", "tf.math.reduce_max", "tf.reduce_max"),
    _reduce("min", "tf.math.reduce_min", "tf.reduce_min"),
    _reduce("all", "tf.math.reduce_all", "tf.reduce_all"),
    _reduce("any", "tf.math.reduce_any", "tf.reduce_any"),
    _reduce("logsumexp", "tf.math.reduce_logsumexp", "tf.reduce_logsumexp"),
    # always biased (np.var semantics): correction cannot be expressed
    _reduce("var", "tf.math.reduce_variance", fixed={"correction": 0}),
    _reduce("std", "tf.math.reduce_std", fixed={"correction": 0}),
    # axis=None means axis 0 in TF2 (not "flatten" as in numpy/torch)
    Binding(names=("tf.math.argmax", "tf.argmax"), op="argmax",
            sig="(input, axis=None, output_type='int64', name=None)",
            args={"input": "x"}, derive={"axis": "0 if axis is None else axis"}),
    Binding(names=("tf.math.argmin", "tf.argmin"), op="argmin",
            sig="(input, axis=None, output_type='int64', name=None)",
            args={"input": "x"}, derive={"axis": "0 if axis is None else axis"}),
    Binding(names=("tf.math.cumsum", "tf.cumsum"), op="cumsum",
            sig="(x, axis=0, exclusive=False, reverse=False, name=None)", custom="tf_cumulative",
            note="exclusive/reverse handled by the hook"),
    Binding(names=("tf.math.cumprod", "tf.cumprod"), op="cumprod",
            sig="(x, axis=0, exclusive=False, reverse=False, name=None)", custom="tf_cumulative",
            note="exclusive/reverse handled by the hook"),
    Binding(names=("tf.norm", "tf.linalg.norm"), op="norm",
            sig="(tensor, ord='euclidean', axis=None, keepdims=None, name=None)",
            args={"tensor": "x"},
            derive={"ord": "None if ord in ('euclidean', 2, 2.0) and not isinstance(axis, (tuple, list)) else ord",
                    "keepdims": "False if keepdims is None else keepdims"},
            note="'euclidean' is the 2-norm (Frobenius over a matrix axis pair)"),
]

_SHAPE = [
    Binding(names=("tf.reshape",), op="reshape", sig="(tensor, shape, name=None)",
            args={"tensor": "x"}),
    Binding(names=("tf.transpose", "tf.linalg.matrix_transpose"), op="transpose",
            sig="(a, perm=None, conjugate=False, name=None)", args={"a": "x"},
            note="tf.linalg.matrix_transpose swaps only the last two axes: the transpiler "
                 "must emit a perm"),
    Binding(names=("tf.expand_dims",), op="expand_dims", sig="(input, axis, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.squeeze",), op="squeeze", sig="(input, axis=None, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.broadcast_to",), op="broadcast_to", sig="(input, shape, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.concat",), op="concat", sig="(values, axis, name='concat')",
            args={"values": "xs"}),
    Binding(names=("tf.stack",), op="stack", sig="(values, axis=0, name='stack')",
            args={"values": "xs"}),
    Binding(names=("tf.split",), op="split",
            sig="(value, num_or_size_splits, axis=0, num=None, name='split')",
            args={"value": "x", "num_or_size_splits": "sections"}),
    Binding(names=("tf.unstack",), op="unbind", sig="(value, num=None, axis=0, name='unstack')",
            args={"value": "x"}),
    Binding(names=("tf.reverse",), op="flip", sig="(tensor, axis, name=None)",
            args={"tensor": "x"}),
    Binding(names=("tf.roll",), op="roll", sig="(input, shift, axis, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.tile",), op="tile", sig="(input, multiples, name=None)",
            args={"input": "x", "multiples": "reps"}),
    Binding(names=("tf.repeat",), op="repeat", sig="(input, repeats, axis=None, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.pad",), op="pad",
            sig="(tensor, paddings, mode='CONSTANT', constant_values=0, name=None)",
            args={"tensor": "x", "paddings": "pad_width", "constant_values": "value"},
            derive={"mode": "mode.lower()"},
            note="modes CONSTANT, REFLECT, SYMMETRIC (upper-case in TF)"),
    # batch-wise: builds a diagonal matrix from the LAST axis (unlike np.diag on 2-D input)
    Binding(names=("tf.linalg.diag",), op="diag",
            sig="(diagonal, name='diag', k=0, num_rows=-1, num_cols=-1, padding_value=0, "
                "align='RIGHT_LEFT')",
            args={"diagonal": "x"}, custom="tf_linalg_diag"),
    Binding(names=("tf.linalg.diag_part",), op="diag",
            sig="(input, name='diag_part', k=0, padding_value=0, align='RIGHT_LEFT')",
            args={"input": "x"}, custom="tf_linalg_diag_part"),
    Binding(names=("tf.linalg.band_part",), op="tril",
            sig="(input, num_lower, num_upper, name=None)", args={"input": "x"},
            custom="tf_band_part", note="tril(k) = band_part(x, -1, k); triu(k) = band_part(x, -k, -1) for k <= 0"),
]

_INDEX = [
    # axis=None means 0 in tf.gather (numpy's take flattens)
    Binding(names=("tf.gather",), op="take",
            sig="(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None)",
            args={"params": "x"}, derive={"axis": "0 if axis is None else axis"},
            custom="tf_gather", note="batch_dims: leading dims shared by params and indices; axis "
            "defaults to batch_dims"),
    Binding(names=("tf.gather_nd",), op="getitem", sig="(params, indices, batch_dims=0, name=None)",
            args={"params": "x", "indices": "index"}, custom="tf_gather_nd",
            note="index = tuple(indices[..., i]) for i in range(indices.shape[-1])"),
    Binding(names=("tf.boolean_mask",), op="getitem",
            sig="(tensor, mask, axis=None, name='boolean_mask')",
            args={"tensor": "x", "mask": "index"}, custom="tf_boolean_mask"),
    Binding(names=("tf.tensor_scatter_nd_update",), op="setitem",
            sig="(tensor, indices, updates, name=None)",
            args={"tensor": "x", "updates": "value"}, custom="tf_scatter_nd_update"),
    Binding(names=("tf.where",), op="where", sig="(condition, x=None, y=None, name=None)",
            args={"condition": "cond"}, custom="tf_where",
            note="one-argument form returns the int64 coordinates of true elements"),
    Binding(names=("tf.sort",), op="sort", sig="(values, axis=-1, direction='ASCENDING', name=None)",
            args={"values": "x"}, derive={"descending": "direction == 'DESCENDING'"}),
    Binding(names=("tf.argsort",), op="argsort",
            sig="(values, axis=-1, direction='ASCENDING', stable=False, name=None)",
            args={"values": "x"}, derive={"descending": "direction == 'DESCENDING'"},
            custom="tf_argsort", note="returns int32 indices"),
    Binding(names=("tf.math.top_k", "tf.nn.top_k"), op="topk",
            sig="(input, k=1, sorted=True, index_type='int32', name=None)",
            args={"input": "x"}, fixed={"axis": -1, "largest": True}, custom="tf_top_k",
            note="returns a (values, indices) namedtuple; int32 indices"),
    Binding(names=("tf.one_hot",), op="one_hot",
            sig="(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None)",
            custom="tf_one_hot", note="float32 result by default (torch: int64)"),
]

_CREATE = [
    Binding(names=("tf.constant",), op="asarray",
            sig="(value, dtype=None, shape=None, name='Const')", args={"value": "data"},
            custom="tf_constant", note="python floats -> float32, ints -> int32"),
    Binding(names=("tf.convert_to_tensor",), op="asarray",
            sig="(value, dtype=None, dtype_hint=None, name=None)", args={"value": "data"},
            custom="tf_convert_to_tensor"),
    Binding(names=("tf.zeros",), op="zeros", sig="(shape, dtype='float32', name=None)"),
    Binding(names=("tf.ones",), op="ones", sig="(shape, dtype='float32', name=None)"),
    Binding(names=("tf.fill",), op="full", sig="(dims, value, name=None)",
            args={"dims": "shape", "value": "fill_value"}, custom="tf_fill",
            note="dtype follows value: float -> float32, int -> int32"),
    Binding(names=("tf.zeros_like",), op="zeros_like", sig="(input, dtype=None, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.ones_like",), op="ones_like", sig="(input, dtype=None, name=None)",
            args={"input": "x"}),
    Binding(names=("tf.range",), op="arange", sig="(start, limit=None, delta=1, dtype=None, name='range')",
            args={"limit": "stop", "delta": "step"}, custom="tf_range",
            note="int32 for int arguments, float32 for floats"),
    Binding(names=("tf.linspace", "tf.lin_space"), op="linspace",
            sig="(start, stop, num, name=None, axis=0)", custom="tf_linspace",
            note="dtype follows start (python float -> float32)"),
    Binding(names=("tf.eye", "tf.linalg.eye"), op="eye",
            sig="(num_rows, num_columns=None, batch_shape=None, dtype='float32', name=None)",
            args={"num_rows": "n", "num_columns": "m"}, note="batch_shape unsupported"),
    Binding(names=("tf.cast", "tf.dtypes.cast"), op="astype", sig="(x, dtype, name=None)"),
]

_RANDOM = [
    Binding(names=("tf.random.uniform",), op="random_uniform",
            sig="(shape, minval=0, maxval=None, dtype='float32', seed=None, name=None)",
            args={"minval": "low", "maxval": "high"},
            derive={"high": "1.0 if maxval is None else maxval"}, custom="tf_random_uniform",
            note="integer dtypes draw integers in [minval, maxval)"),
    Binding(names=("tf.random.normal",), op="random_normal",
            sig="(shape, mean=0.0, stddev=1.0, dtype='float32', seed=None, name=None)",
            args={"stddev": "std"}),
    Binding(names=("tf.random.shuffle",), op="permutation", sig="(value, seed=None, name=None)",
            custom="tf_random_shuffle", note="shuffles along axis 0"),
]

_LINALG = [
    Binding(names=("tf.linalg.matmul", "tf.matmul"), op="matmul",
            sig="(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, "
                "a_is_sparse=False, b_is_sparse=False, output_type=None, name=None)",
            args={"a": "x", "b": "y"}, custom="tf_matmul",
            note="transpose_a/b swap the last two axes first; both operands need rank >= 2"),
    Binding(names=("tf.einsum", "tf.linalg.einsum"), op="einsum", sig="(equation, *inputs, name=None)",
            args={"inputs": "xs"}),
    Binding(names=("tf.meshgrid",), op="meshgrid", sig="(*args, indexing='xy', name=None)",
            args={"args": "xs"}),
    Binding(names=("tf.experimental.numpy.isclose",), op="isclose",
            sig="(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", args={"a": "x", "b": "y"}),
    Binding(names=("tf.experimental.numpy.outer",), op="outer", sig="(a, b)",
            args={"a": "x", "b": "y"}),
    Binding(names=("tf.linalg.tensor_diag",), op="diag", sig="(diagonal, name=None)",
            args={"diagonal": "x"}, note="np.diag for 1-D input"),
]

_NN = [
    # axis=None means the last axis
    Binding(names=("tf.nn.softmax", "tf.math.softmax"), op="softmax",
            sig="(logits, axis=None, name=None)", args={"logits": "x"},
            derive={"axis": "-1 if axis is None else axis"}),
    Binding(names=("tf.nn.log_softmax", "tf.math.log_softmax"), op="log_softmax",
            sig="(logits, axis=None, name=None)", args={"logits": "x"},
            derive={"axis": "-1 if axis is None else axis"}),
    Binding(names=("tf.nn.conv2d",), op="conv",
            sig="(input, filters, strides, padding, data_format='NHWC', dilations=None, name=None)",
            args={"input": "x", "filters": "weight", "strides": "stride", "dilations": "dilation"},
            layout="NHWC", custom="tf_conv",
            note="filters HWIO; 'SAME' pads (total//2) before, the rest after"),
    Binding(names=("tf.nn.conv1d",), op="conv",
            sig="(input, filters, stride, padding, data_format='NWC', dilations=None, name=None)",
            args={"input": "x", "filters": "weight", "dilations": "dilation"},
            layout="NWC", custom="tf_conv", note="filters WIO"),
    Binding(names=("tf.nn.convolution",), op="conv",
            sig="(input, filters, strides=None, padding='VALID', data_format=None, dilations=None, name=None)",
            args={"input": "x", "filters": "weight", "strides": "stride", "dilations": "dilation"},
            layout="NHWC", custom="tf_conv"),
    Binding(names=("tf.nn.depthwise_conv2d",), op="conv",
            sig="(input, filter, strides, padding, data_format=None, dilations=None, name=None)",
            args={"input": "x", "filter": "weight", "strides": "stride", "dilations": "dilation"},
            layout="NHWC", custom="tf_depthwise_conv2d",
            note="filter (H, W, in, multiplier); groups = in channels"),
    Binding(names=("tf.nn.conv2d_transpose",), op="conv_transpose",
            sig="(input, filters, output_shape, strides, padding='SAME', data_format='NHWC', "
                "dilations=None, name=None)",
            args={"input": "x", "filters": "weight", "strides": "stride", "dilations": "dilation"},
            layout="NHWC", custom="tf_conv2d_transpose",
            note="filters (H, W, out, in); output_shape decides the output size"),
    Binding(names=("tf.nn.max_pool2d",), op="max_pool",
            sig="(input, ksize, strides, padding, data_format='NHWC', name=None)",
            args={"input": "x", "ksize": "kernel_size", "strides": "stride"},
            layout="NHWC", custom="tf_pool2d", note="'SAME' pads with -inf, extra at the end"),
    Binding(names=("tf.nn.avg_pool2d",), op="avg_pool",
            sig="(input, ksize, strides, padding, data_format='NHWC', name=None)",
            args={"input": "x", "ksize": "kernel_size", "strides": "stride"},
            layout="NHWC", custom="tf_pool2d",
            note="'SAME' averages over the valid elements only (count_include_pad=False)"),
    Binding(names=("tf.nn.dropout",), op="dropout",
            sig="(x, rate, noise_shape=None, seed=None, name=None)", args={"rate": "p"},
            fixed={"training": True}, note="always active; noise_shape unsupported"),
    Binding(names=("tf.nn.embedding_lookup",), op="embedding",
            sig="(params, ids, max_norm=None, name=None)",
            args={"params": "weight", "ids": "indices"}),
    Binding(names=("tf.nn.moments",), op="var", sig="(x, axes, shift=None, keepdims=False, name=None)",
            args={"axes": "axis"}, fixed={"correction": 0}, custom="tf_moments",
            note="returns (mean, biased variance)"),
    Binding(names=("tf.nn.batch_normalization",), op="batch_norm",
            sig="(x, mean, variance, offset, scale, variance_epsilon, name=None)",
            args={"mean": "running_mean", "variance": "running_var", "offset": "bias",
                  "scale": "weight", "variance_epsilon": "eps"},
            custom="tf_batch_normalization",
            note="(x - mean) * rsqrt(variance + eps) * scale + offset, broadcasting (channels last)"),
    Binding(names=("tf.nn.sparse_softmax_cross_entropy_with_logits",), op="cross_entropy",
            sig="(labels, logits, name=None)", args={"labels": "target"},
            fixed={"axis": -1, "reduction": "none"}),
    Binding(names=("tf.image.resize",), op="interpolate",
            sig="(images, size, method='bilinear', preserve_aspect_ratio=False, antialias=False, name=None)",
            args={"images": "x"}, layout="NHWC", custom="tf_image_resize",
            note="half-pixel centres: 'nearest' = torch 'nearest-exact', 'bilinear' = align_corners=False"),
]

BINDINGS = table(*_UNARY, *_BINARY, *_OPERATORS, *_REDUCE, *_SHAPE, *_INDEX, *_CREATE,
                 *_RANDOM, *_LINALG, *_NN)
