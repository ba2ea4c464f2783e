"""TensorFlow-side helper snippets the transpiler emits (once each) into converted code.

A helper is used where no tf.* binding can express a canonical call: its
signature is exactly the canonical op's (tensorglot.ops.catalogue), so the
transpiler calls it with canonical argument names. ``EXPRS`` are templates for
torch idioms that are not ops (``x.size(0)``, ``.item()``, ``.to(device)``).
"""
from __future__ import annotations

from dataclasses import dataclass
from . import einops as _einops
from .torch import TENSOR_TYPES as _TENSOR_TYPES


@dataclass(frozen=True)
class Helper:
    name: str
    code: str
    needs: tuple[str, ...] = ()      # other helper keys emitted before this one
    imports: tuple[str, ...] = ()    # extra import lines


def _h(name: str, code: str, needs=(), imports=()) -> Helper:
    return Helper(name, code.strip("\n") + "\n", tuple(needs), tuple(imports))


_REDUCED_COUNT = '''
def _tg_reduced_count(x, axis):
    """Number of elements a reduction over ``axis`` combines."""
    shape = tf.shape(x)
    if axis is None:
        return tf.cast(tf.size(x), x.dtype)
    axes = [a % len(x.shape) for a in ([axis] if isinstance(axis, int) else axis)]
    return tf.cast(tf.reduce_prod(tf.gather(shape, axes)), x.dtype)
'''

#: torch's Tensor.type() with no argument; ``x.dtype.name`` spells the dtype alike in tf, jax and numpy
_TYPE_ROWS = [f"{d!r}: {n!r}" for n, d in _TENSOR_TYPES.items()]
TENSOR_TYPE = '''
def _tg_tensor_type(x):
    """torch's Tensor.type(): the legacy type name of ``x``'s dtype."""
    names = {%s}
    return "torch." + names[x.dtype.name]
''' % ",\n             ".join(", ".join(_TYPE_ROWS[i:i + 4]) for i in range(0, len(_TYPE_ROWS), 4))

# torch promotes mixed operands (int tensor * float tensor is float32, int / int true-divides to
# float32, a float32 tensor / np.float64 scalar stays float32); TF raises on mixed dtypes and NumPy
# widens to float64. The transpiler wraps an operator whose operand dtypes differ or cannot be
# known in ``PROMOTE_OPS[op](*_tg_promote(a, b))``. DTYPE_OF and CAST are per target.
PROMOTE = '''
def _tg_promote(a, b, true_div=False):
    """``a`` and ``b`` cast to the dtype torch's type promotion gives ``a op b``."""
    order = ("bool", "uint8", "int8", "int16", "int32", "int64",
             "float16", "bfloat16", "float32", "float64", "complex64", "complex128")
    def category(name):  # bool < integer < floating < complex
        i = order.index(name)
        return 0 if i == 0 else 1 if i < 6 else 2 if i < 10 else 3
    def info(v):  # (priority: tensor > 0-d tensor > Python or NumPy scalar, dtype name torch sees, own dtype)
        own = DTYPE_OF(v) if hasattr(v, "dtype") else None
        # a NumPy scalar (np.float64, np.float32, np.int64) too: torch takes it as a Python number
        if isinstance(v, (bool, int, float)) or (type(v).__module__ == "numpy" and getattr(v, "ndim", None) == 0):
            c = category(own) if own else 0 if isinstance(v, bool) else 1 if isinstance(v, int) else 2
            return 0, ("bool", "int64", "float32", "complex64")[c], own
        return (2 if len(v.shape) else 1), own, own
    ops = [info(a), info(b)]
    cat = max(category(n) for _, n, _ in ops)
    prio = max(p for p, n, _ in ops if category(n) == cat)
    names = {n for p, n, _ in ops if category(n) == cat and p == prio}
    if prio == 0:
        dtype = ("bool", "int64", "float32", "complex64")[cat]
    elif names == {"float16", "bfloat16"}:
        dtype = "float32"
    else:
        dtype = max(names, key=order.index)
    if true_div and cat < 2:
        dtype = "float32"
    return tuple(v if (own or name) == dtype else CAST(v, dtype) for v, (_, name, own) in zip((a, b), ops))
'''

#: torch F.multi_head_attention_forward's signature and docstring, the same in every target's helper
MHA_FORWARD_HEAD = '''
def _tg_mha_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k=None,
                    bias_v=None, add_zero_attn=False, dropout_p=0.0, out_proj_weight=None, out_proj_bias=None,
                    training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                    use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None, v_proj_weight=None,
                    static_k=None, static_v=None, average_attn_weights=True, is_causal=False, _out_proj=None):
    """torch F.multi_head_attention_forward: (L, N, E) or unbatched (L, E) query, key, value; torch-layout
    projection weights, packed (in_proj_weight) or separate; returns (output, attention weights or None).
    ``_out_proj``: a layer or module to project the output with instead of out_proj_weight / out_proj_bias."""
    if bias_k is not None or bias_v is not None or add_zero_attn or static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward with bias_k/bias_v, add_zero_attn or static_k/v")
'''

HELPERS: dict[str, Helper] = {
    "_reduced_count": _h("_tg_reduced_count", _REDUCED_COUNT),
    "tensor_type": _h("_tg_tensor_type", TENSOR_TYPE),
    # tf.math.reduce_variance is always biased; torch defaults to correction=1
    "var": _h("_tg_var", '''
def _tg_var(x, axis=None, correction=0, keepdims=False):
    """Variance with torch's ``correction`` (tf.math.reduce_variance is biased)."""
    x = tf.convert_to_tensor(x)
    n = _tg_reduced_count(x, axis)
    return tf.math.reduce_variance(x, axis=axis, keepdims=keepdims) * (n / (n - correction))
''', needs=("_reduced_count",)),
    "std": _h("_tg_std", '''
def _tg_std(x, axis=None, correction=0, keepdims=False):
    """Standard deviation with torch's ``correction`` (tf.math.reduce_std is biased)."""
    x = tf.convert_to_tensor(x)
    n = _tg_reduced_count(x, axis)
    return tf.sqrt(tf.math.reduce_variance(x, axis=axis, keepdims=keepdims) * (n / (n - correction)))
''', needs=("_reduced_count",)),
    "flatten": _h("_tg_flatten", '''
def _tg_flatten(x, start_axis=0, end_axis=-1):
    """torch.flatten: merge axes start_axis..end_axis (inclusive)."""
    shape = list(x.shape)
    rank = len(shape)
    start, end = start_axis % max(rank, 1), end_axis % max(rank, 1)
    if rank == 0:
        return tf.reshape(x, [1])
    return tf.reshape(x, shape[:start] + [-1] + shape[end + 1:])
'''),
    "softmax_legacy_axis": _h("_tg_softmax_axis", '''
def _tg_softmax_axis(x):
    """torch's implicit softmax dim (deprecated): 0 for 0-, 1- and 3-D input, else 1."""
    return 0 if len(x.shape) in (0, 1, 3) else 1
'''),
    "setitem": _h("_tg_setitem", '''
def _tg_setitem(x, index, value):
    """Functional ``x[index] = value`` (TF tensors are immutable)."""
    index_t = index if tf.is_tensor(index) else None
    if index_t is not None and index_t.dtype == tf.bool:
        value = tf.cast(value, x.dtype)
        return tf.where(index_t, value, x)
    # positions of the selected elements, then one scatter into the flattened tensor
    positions = tf.reshape(tf.range(tf.size(x)), x.shape)[index]
    updates = tf.broadcast_to(tf.cast(value, x.dtype), positions.shape)
    flat = tf.tensor_scatter_nd_update(tf.reshape(x, [-1]), tf.reshape(positions, [-1, 1]),
                                       tf.reshape(updates, [-1]))
    return tf.reshape(flat, x.shape)
'''),
    "getitem": _h("_tg_getitem", '''
def _tg_getitem(x, index):
    """Tensor-valued indexing: boolean masks -> tf.boolean_mask, integer tensors and lists ->
    tf.gather (negative positions wrapped, as torch), also one such index among slices."""
    if tf.is_tensor(index) and index.dtype == tf.bool:
        return tf.boolean_mask(x, index)
    if tf.is_tensor(index) or isinstance(index, list):
        return tf.gather(x, _tg_wrap_positions(index, tf.shape(x)[0]))
    if isinstance(index, tuple):
        advanced = [i for i, ix in enumerate(index) if tf.is_tensor(ix) or isinstance(ix, list)]
        if len(advanced) == 1:
            a = advanced[0]
            basic = index[:a] + (slice(None),) + index[a + 1:]
            # the advanced axis in the basic result: ints before it drop axes, None adds one
            rest = sum(1 for ix in index if ix is not None and ix is not Ellipsis)
            axis = sum(len(x.shape) - rest if ix is Ellipsis else 0 if isinstance(ix, int) else 1
                       for ix in index[:a])
            y = x[basic]
            return tf.gather(y, _tg_wrap_positions(index[a], tf.shape(y)[axis]), axis=axis)
        if len(advanced) == len(index) > 1:  # x[rows, cols] (torch.where(mask)'s tuple): one position per axis
            return tf.gather_nd(x, tf.stack([tf.cast(_tg_wrap_positions(ix, tf.shape(x)[k]), tf.int64)
                                             for k, ix in enumerate(index)], axis=-1))
        full = [ix for i, ix in enumerate(index) if i not in advanced]
        if len(advanced) > 1 and advanced == list(range(advanced[0], advanced[-1] + 1)) \
                and all(isinstance(ix, slice) and ix == slice(None) for ix in full):
            # x[:, rows, cols]: adjacent position tensors after whole axes; their axes first, gathered
            # together, then the whole axes put back in front of the positions' axes (numpy's order)
            nd, lead = len(x.shape), advanced[0]
            moved = tf.transpose(x, advanced + [i for i in range(nd) if i not in advanced])
            pos = tf.stack([tf.cast(_tg_wrap_positions(index[i], tf.shape(x)[i]), tf.int64) for i in advanced],
                           axis=-1)
            g = tf.gather_nd(moved, pos)
            b = len(pos.shape) - 1
            return tf.transpose(g, [*range(b, b + lead), *range(b), *range(b + lead, len(g.shape))])
    return x[index]


def _tg_wrap_positions(index, n):
    """tf.gather takes no negative positions: count them from the end, as torch."""
    index = tf.convert_to_tensor(index)
    return tf.where(index < 0, index + tf.cast(n, index.dtype), index)
'''),
    "masked_fill": _h("_tg_masked_fill", '''
def _tg_masked_fill(x, mask, value):
    """torch masked_fill: value where mask is True."""
    return tf.where(tf.cast(mask, tf.bool), tf.cast(value, x.dtype), x)
'''),
    "truediv": _h("_tg_truediv", '''
def _tg_truediv(x, y):
    """torch true division: integer operands give float32 (tf would give float64)."""
    x, y = tf.convert_to_tensor(x), tf.convert_to_tensor(y)
    if not x.dtype.is_floating:
        x = tf.cast(x, tf.float32 if not y.dtype.is_floating else y.dtype)
    if not y.dtype.is_floating:
        y = tf.cast(y, x.dtype)
    return x / y
'''),
}

_NTUPLE = """
def _tg_ntuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n
"""

HELPERS.update({
    "_ntuple": _h("_tg_ntuple", _NTUPLE),
    "permutation": _h("_tg_permutation", '''
def _tg_permutation(n, seed=None):
    """torch.randperm: a random permutation of range(n) (int64, as torch)."""
    return tf.random.shuffle(tf.range(n, dtype=tf.int64), seed=seed)
'''),
    "dropout": _h("_tg_dropout", '''
def _tg_dropout(x, p=0.5, training=True, seed=None):
    """torch dropout: active only when training (F.dropout defaults to training=True)."""
    return tf.nn.dropout(x, rate=p, seed=seed) if training and p > 0 else x
'''),
    # the base of converted nn.Module classes: compact (it precedes the user's classes); its
    # methods are the ones the file uses (MODULE_METHODS), the loader is support code at the end
    "module": _h("TorchCompatLayer", '''
class TorchCompatLayer(tf.keras.layers.Layer):
    """A Keras layer with torch.nn.Module's interface (load_state_dict takes torch weights)."""
'''),
    "_load_state_dict": _h("_tg_load_state_dict", '''
def _tg_load_state_dict(model, state_dict, strict=True):
    """Assign torch-named, torch-layout weights, converted by _TG_WEIGHTS (Linear kernels
    transposed, OIHW convolution kernels to HWIO, BatchNorm running stats to moving stats)."""
    groups = {}
    for key, value in state_dict.items():
        path, _, name = key.rpartition(".")
        groups.setdefault(path, {})[name] = _tg_tensor(value)
    unknown = []
    for path, weights in groups.items():
        layer = model
        for part in path.split(".") if path else ():
            layer = _tg_child(layer, part)
        unknown += [f"{path}.{n}".lstrip(".") for n in _tg_assign(layer, weights)]
    if unknown and strict:
        raise KeyError(f"no {type(model).__name__} weight for: {', '.join(unknown)}")
    return model


def _tg_child(layer, part):
    if isinstance(layer, (list, tuple)):
        return layer[int(part)]
    if isinstance(layer, dict):
        return layer[part]
    if hasattr(layer, "_tg_children") and part.isdigit():
        return layer._tg_children[int(part)]
    return getattr(layer, part)


def _tg_tensor(value):
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return tf.convert_to_tensor(value)


def _tg_assign(layer, weights):
    """Assign one layer's torch weights; return the names it has no slot for."""
    if hasattr(layer, "_tg_load_torch"):  # layers that regroup torch weights (RNN gates...)
        return layer._tg_load_torch(weights)
    spec = _TG_WEIGHTS.get(type(layer).__name__)
    if spec is not None and not getattr(layer, "built", True) and spec[1] is not None:
        layer.build(spec[1]({n: tuple(v.shape) for n, v in weights.items()}))
    unknown = []
    for name, value in weights.items():
        if spec is not None and name in spec[0]:
            attr, perm = spec[0][name]
            if not attr:
                continue  # torch-only bookkeeping (num_batches_tracked)
            if perm is not None:
                value = tf.transpose(value, perm)
        else:
            attr = name
        target = getattr(layer, attr, None)
        if target is None:
            unknown.append(name)
        elif hasattr(target, "assign"):
            target.assign(tf.cast(value, target.dtype))
        else:
            setattr(layer, attr, tf.cast(value, target.dtype))
    return unknown
'''),
    "_state_dict": _h("_tg_state_dict", '''
def _tg_state_dict(model, prefix=""):
    """torch's Module.state_dict(): torch names and layouts (load_state_dict's mapping inverted)."""
    if hasattr(model, "_tg_load_torch"):
        raise NotImplementedError(f"state_dict() of {type(model).__name__}: its torch weights are regrouped "
                                  "when loaded and not mapped back")
    out = {}
    spec = _TG_WEIGHTS.get(type(model).__name__)
    mapped = set()
    for name, (attr, perm) in (spec[0].items() if spec is not None else ()):
        value = getattr(model, attr, None) if attr else None
        if value is None:
            continue
        mapped.add(attr)
        if perm is not None:
            value = tf.transpose(value, [perm.index(i) for i in range(len(perm))])
        out[prefix + name] = tf.convert_to_tensor(value)
    children = getattr(model, "_tg_children", None)
    items = enumerate(children) if children is not None else \
        ((k, v) for k, v in vars(model).items() if not k.startswith("_"))
    stack = [(f"{prefix}{name}", value) for name, value in items][::-1]
    while stack:
        path, value = stack.pop()
        if isinstance(value, tf.Variable) and path[len(prefix):] not in mapped:
            out[path] = tf.convert_to_tensor(value)  # nn.Parameter / buffer attributes
        elif isinstance(value, tf.keras.layers.Layer):
            out.update(_tg_state_dict(value, path + "."))
        elif isinstance(value, (list, tuple, dict)):  # ModuleList / ModuleDict, nested
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            stack += [(f"{path}.{k}", v) for k, v in pairs][::-1]
    return out
'''),
    "_train": _h("_tg_train", '''
def _tg_train(model, mode=True):
    """torch's Module.train(mode): the mode of ``model`` and of every layer below it."""
    for layer in _tg_modules(model):
        layer._tg_training = bool(mode)
    return model
''', needs=("_modules",)),
    "_modules": _h("_tg_modules", '''
def _tg_modules(model):
    """``model`` and every layer below it, as torch's Module.modules()."""
    out, stack = [], [model]
    while stack:
        obj = stack.pop(0)
        if isinstance(obj, (list, tuple)):
            stack[:0] = list(obj)
        elif isinstance(obj, dict):
            stack[:0] = list(obj.values())
        elif isinstance(obj, tf.keras.layers.Layer) and obj not in out:
            out.append(obj)
            children = getattr(obj, "_tg_children", None)
            stack[:0] = list(children) if children is not None else [
                v for k, v in vars(obj).items() if not k.startswith("_")]
    return out
'''),
    "layer:Conv1d": _h("TorchConv1d", '''
class TorchConv1d(tf.keras.layers.Layer):
    """torch.nn.Conv1d: NCW input, explicit symmetric padding, kernel stored as WIO."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros"):
        super().__init__()
        k = _tg_ntuple(kernel_size, 1)[0]
        # torch's attributes, as torch keeps them (1-tuples; code reads m.kernel_size[0], m.out_channels)
        self.in_channels, self.out_channels, self.kernel_size, self.groups = in_channels, out_channels, (k,), groups
        self.stride, self.dilation, self.padding = _tg_ntuple(stride, 1), _tg_ntuple(dilation, 1), padding
        self.padding_mode = padding_mode
        bound = 1.0 / (in_channels // groups * k) ** 0.5
        self.kernel = tf.Variable(tf.random.uniform((k, in_channels // groups, out_channels), -bound, bound))
        self.bias = tf.Variable(tf.random.uniform((out_channels,), -bound, bound)) if bias else None

    def call(self, x):
        x = tf.transpose(x, (0, 2, 1))
        if self.padding == "same":
            pad = "SAME"
        else:
            p = _tg_ntuple(self.padding, 1)[0] if self.padding != "valid" else 0
            x = tf.pad(x, ((0, 0), (p, p), (0, 0)))
            pad = "VALID"
        y = tf.nn.conv1d(x, self.kernel, self.stride[0], pad, dilations=self.dilation[0])
        if self.bias is not None:
            y = y + self.bias
        return tf.transpose(y, (0, 2, 1))
''', needs=("_ntuple",)),
    "layer:Conv2d": _h("TorchConv2d", '''
class TorchConv2d(tf.keras.layers.Layer):
    """torch.nn.Conv2d on NCHW input: symmetric padding made explicit, kernel stored HWIO."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros"):
        super().__init__()
        kh, kw = _tg_ntuple(kernel_size, 2)
        # torch's attributes, as torch keeps them (code reads m.kernel_size[0], m.out_channels)
        self.in_channels, self.out_channels, self.kernel_size, self.groups = in_channels, out_channels, (kh, kw), groups
        self.stride, self.dilation = _tg_ntuple(stride, 2), _tg_ntuple(dilation, 2)
        self.padding = padding if isinstance(padding, str) else _tg_ntuple(padding, 2)
        self.padding_mode = padding_mode
        bound = 1.0 / (in_channels // groups * kh * kw) ** 0.5
        self.kernel = tf.Variable(tf.random.uniform((kh, kw, in_channels // groups, out_channels), -bound, bound))
        self.bias = tf.Variable(tf.random.uniform((out_channels,), -bound, bound)) if bias else None

    def call(self, x):
        x = tf.transpose(x, (0, 2, 3, 1))  # NCHW -> NHWC
        if self.padding == "same":
            pad = "SAME"
        else:
            ph, pw = _tg_ntuple(self.padding, 2) if self.padding != "valid" else (0, 0)
            mode = {"zeros": "CONSTANT", "reflect": "REFLECT"}.get(self.padding_mode, "CONSTANT")
            x = tf.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)), mode=mode)
            pad = "VALID"
        y = tf.nn.conv2d(x, self.kernel, self.stride, pad, dilations=self.dilation)
        if self.bias is not None:
            y = y + self.bias
        return tf.transpose(y, (0, 3, 1, 2))  # back to NCHW
''', needs=("_ntuple",)),
    "layer:ConvTranspose2d": _h("TorchConvTranspose2d", '''
class TorchConvTranspose2d(tf.keras.layers.Layer):
    """torch.nn.ConvTranspose2d on NCHW input; kernel stored (kH, kW, out, in)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
                 groups=1, bias=True, dilation=1, padding_mode="zeros"):
        super().__init__()
        self.k = _tg_ntuple(kernel_size, 2)
        self.stride, self.padding = _tg_ntuple(stride, 2), _tg_ntuple(padding, 2)
        self.output_padding, self.dilation = _tg_ntuple(output_padding, 2), _tg_ntuple(dilation, 2)
        self.in_channels, self.out_channels, self.kernel_size, self.groups = in_channels, out_channels, self.k, groups
        self.padding_mode = padding_mode
        bound = 1.0 / (out_channels * self.k[0] * self.k[1]) ** 0.5
        self.kernel = tf.Variable(tf.random.uniform(self.k + (out_channels, in_channels), -bound, bound))
        self.bias = tf.Variable(tf.random.uniform((out_channels,), -bound, bound)) if bias else None

    def call(self, x):
        x = tf.transpose(x, (0, 2, 3, 1))
        n, h, w = tf.shape(x)[0], x.shape[1], x.shape[2]
        full = [(size - 1) * s + d * (k - 1) + 1 for size, s, d, k in
                zip((h, w), self.stride, self.dilation, self.k)]
        y = tf.nn.conv2d_transpose(x, self.kernel, (n, full[0], full[1], self.out_channels),
                                   self.stride, "VALID", dilations=self.dilation)
        (ph, pw), (oh, ow) = self.padding, self.output_padding
        y = tf.pad(y, ((0, 0), (0, oh), (0, ow), (0, 0)))
        y = y[:, ph:full[0] - ph + oh, pw:full[1] - pw + ow, :]
        if self.bias is not None:
            y = y + self.bias
        return tf.transpose(y, (0, 3, 1, 2))
''', needs=("_ntuple",)),
    "layer:MaxPool2d": _h("TorchMaxPool2d", '''
class TorchMaxPool2d(tf.keras.layers.Layer):
    """torch.nn.MaxPool2d on NCHW input (padding with -inf, as torch; ceil_mode too)."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.args = (kernel_size, stride, padding, dilation, ceil_mode)
        self.kernel_size, self.stride, self.padding = kernel_size, kernel_size if stride is None else stride, padding
        self.dilation, self.ceil_mode = dilation, ceil_mode

    def call(self, x):
        return _tg_max_pool(x, *self.args)
''', needs=("max_pool",)),
    "layer:AvgPool2d": _h("TorchAvgPool2d", '''
class TorchAvgPool2d(tf.keras.layers.Layer):
    """torch.nn.AvgPool2d on NCHW input (zero padding counted, as torch's count_include_pad)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.args = (kernel_size, stride, padding, ceil_mode, count_include_pad)
        self.kernel_size, self.stride, self.padding = kernel_size, kernel_size if stride is None else stride, padding
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def call(self, x):
        return _tg_avg_pool(x, *self.args)
''', needs=("avg_pool",)),
    "layer:AdaptiveAvgPool2d": _h("TorchAdaptiveAvgPool2d", '''
class TorchAdaptiveAvgPool2d(tf.keras.layers.Layer):
    """torch.nn.AdaptiveAvgPool2d on NCHW input (torch's floor/ceil bin edges)."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = _tg_ntuple(output_size, 2)

    def call(self, x):
        h, w = x.shape[2], x.shape[3]
        oh, ow = [(h, w)[i] if o is None else o for i, o in enumerate(self.output_size)]
        rows = []
        for i in range(oh):
            h0, h1 = (i * h) // oh, -((-(i + 1) * h) // oh)
            cols = []
            for j in range(ow):
                w0, w1 = (j * w) // ow, -((-(j + 1) * w) // ow)
                cols.append(tf.reduce_mean(x[:, :, h0:h1, w0:w1], axis=(2, 3)))
            rows.append(tf.stack(cols, axis=-1))
        return tf.stack(rows, axis=-2)
''', needs=("_ntuple",)),
    "layer:Flatten": _h("TorchFlatten", '''
class TorchFlatten(tf.keras.layers.Layer):
    """torch.nn.Flatten: merge start_dim..end_dim in the source (NCHW) layout."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def call(self, x):
        shape = list(x.shape)
        start, end = self.start_dim % len(shape), self.end_dim % len(shape)
        return tf.reshape(x, [-1 if d is None else d for d in shape[:start]] + [-1] + shape[end + 1:])
'''),
    "layer:Sequential": _h("TorchSequential", '''
class TorchSequential(TorchCompatLayer):
    """torch.nn.Sequential: children called in order, indexable like torch (seq[0]); load_state_dict
    and the train() / eval() mode from the module base."""

    def __init__(self, *layers):
        super().__init__()
        self._tg_children = []
        named = layers[0].items() if len(layers) == 1 and isinstance(layers[0], dict) else enumerate(layers)
        for name, layer in named:  # Sequential(OrderedDict(name=layer)) keeps torch's names
            self.add_module(str(name), layer)

    def add_module(self, name, module):
        if not name.isdigit():
            setattr(self, name, module)
        self._tg_children.append(module)

    def forward(self, x):  # super().forward(x) in a Sequential subclass runs the children
        return TorchSequential.call(self, x)

    def __getitem__(self, i):
        return self._tg_children[i]

    def __len__(self):
        return len(self._tg_children)

    def call(self, x):
        for layer in self._tg_children:
            x = layer(x)
        return x
''', needs=("module",)),
})

HELPERS["layer:ModuleDict"] = _h("TorchModuleDict", '''
class TorchModuleDict(dict):
    """torch.nn.ModuleDict: a dict whose layers are also attributes (self.transformer.wte)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def parameters(self):
        out = []
        for value in self.values():
            for layer in value if isinstance(value, (list, tuple)) else [value]:
                out += [w for w in layer.trainable_weights if all(w is not o for o in out)]
        return iter(out)
''')

#: torch idioms that are not canonical ops: method name -> template over the
#: receiver ``{x}`` and the source text of positional arguments ``{0}``, ``{1}``
EXPRS: dict[str, str] = {
    "size()": "{x}.shape",
    "size(d)": "{x}.shape[{0}]",
    "shape": "{x}.shape",
    "dim()": "len({x}.shape)",
    "ndimension()": "len({x}.shape)",
    "numel()": "int(tf.size({x}))",
    "item()": "{x}.numpy().item()",
    "tolist()": "{x}.numpy().tolist()",
    "numpy()": "{x}.numpy()",
    "detach()": "tf.stop_gradient({x})",
    "clone()": "tf.identity({x})",
    "no_grad": "contextlib.nullcontext()",
    "manual_seed": "tf.random.set_seed({0})",
}
EXPR_IMPORTS: dict[str, str] = {"contextlib.": "import contextlib"}


# --- canonical ops no tf.* binding can express (signature = the catalogue's) -----------------
def _ops_helpers(spec: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, Helper]:
    out = {}
    for op, (code, needs) in spec.items():
        name = code.split("def ", 1)[1].split("(", 1)[0]
        out[op] = _h(name, code, needs=needs)
    return out


_AXES = '''
def _tg_axes(axis, rank):
    """Non-negative axes of ``axis`` (int, sequence or None for all)."""
    if axis is None:
        return list(range(rank))
    return sorted(a % rank for a in ([axis] if isinstance(axis, int) else axis))
'''

HELPERS.update({"_axes": _h("_tg_axes", _AXES), "built": _h("_tg_built", '''
def _tg_built(layer, *dims):
    """Build a Keras layer now: torch modules own their weights from construction on.

    ``dims`` are the input shape; a tuple among them (LayerNorm's normalized_shape) is spliced in.
    """
    shape = []
    for d in dims:
        shape += list(d) if isinstance(d, (tuple, list)) else [d]
    layer.build(tuple(shape))
    return layer
''')})
HELPERS.update(_ops_helpers({
    "log2": ('''
def _tg_log2(x):
    x = tf.convert_to_tensor(x)
    return tf.math.log(x) / tf.math.log(tf.constant(2.0, x.dtype))
''', ()),
    "log10": ('''
def _tg_log10(x):
    x = tf.convert_to_tensor(x)
    return tf.math.log(x) / tf.math.log(tf.constant(10.0, x.dtype))
''', ()),
    "trunc": ('''
def _tg_trunc(x):
    """Round towards zero."""
    return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))
''', ()),
    "mish": ('''
def _tg_mish(x):
    return x * tf.math.tanh(tf.math.softplus(x))
''', ()),
    "hardsigmoid": ('''
def _tg_hardsigmoid(x):
    """torch: relu6(x + 3) / 6 (Keras' hard_sigmoid uses a different slope)."""
    return tf.nn.relu6(x + 3.0) / 6.0
''', ()),
    "hardswish": ('''
def _tg_hardswish(x):
    return x * tf.nn.relu6(x + 3.0) / 6.0
''', ()),
    "hardtanh": ('''
def _tg_hardtanh(x, min_val=-1.0, max_val=1.0):
    return tf.clip_by_value(x, min_val, max_val)
''', ()),
    "swapaxes": ('''
def _tg_swapaxes(x, axis1, axis2):
    """torch.transpose(x, dim0, dim1): exchange two axes."""
    perm = list(range(len(x.shape)))
    a, b = axis1 % len(perm), axis2 % len(perm)
    perm[a], perm[b] = perm[b], perm[a]
    return tf.transpose(x, perm)
''', ()),
    "tril": ('''
def _tg_tril(x, k=0):
    """Lower triangle of the last two axes: keep x[..., i, j] where j - i <= k."""
    rows, cols = x.shape[-2], x.shape[-1]
    keep = tf.range(cols)[None, :] - tf.range(rows)[:, None] <= k
    return tf.where(keep, x, tf.zeros_like(x))
''', ()),
    "triu": ('''
def _tg_triu(x, k=0):
    """Upper triangle of the last two axes: keep x[..., i, j] where j - i >= k."""
    rows, cols = x.shape[-2], x.shape[-1]
    keep = tf.range(cols)[None, :] - tf.range(rows)[:, None] >= k
    return tf.where(keep, x, tf.zeros_like(x))
''', ()),
    "index_select": ('''
def _tg_index_select(x, axis, indices):
    return tf.gather(x, indices, axis=axis)
''', ()),
    "take_along_axis": ('''
def _tg_take_along_axis(x, indices, axis):
    """torch.gather: out[..., i, ...] = x[..., indices[..., i, ...], ...] along ``axis``."""
    rank = len(x.shape)
    axis %= rank
    shape = list(indices.shape)
    grids = [tf.broadcast_to(tf.reshape(tf.range(n, dtype=tf.int64), [n if i == a else 1 for i in range(rank)]),
                             shape) for a, n in enumerate(shape)]
    grids[axis] = tf.cast(indices, tf.int64)
    return tf.gather_nd(x, tf.stack(grids, axis=-1))
''', ()),
    "full_like": ('''
def _tg_full_like(x, fill_value, dtype=None):
    return tf.fill(tf.shape(x), tf.cast(fill_value, dtype or x.dtype))
''', ()),
    "linear": ('''
def _tg_linear(x, weight, bias=None):
    """torch F.linear: x @ weight.T + bias, weight (out, in)."""
    y = tf.linalg.matmul(x, weight, transpose_b=True)
    return y if bias is None else y + bias
''', ()),
    "layer_norm": ('''
def _tg_layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """torch F.layer_norm over the trailing len(normalized_shape) axes (biased variance)."""
    n = 1 if isinstance(normalized_shape, int) else len(normalized_shape)
    axes = list(range(len(x.shape) - n, len(x.shape)))
    mean, var = tf.nn.moments(x, axes=axes, keepdims=True)
    y = (x - mean) / tf.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    return y if bias is None else y + bias
''', ()),
    "group_norm": ('''
def _tg_group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    """torch F.group_norm on channels-first input (N, C, *)."""
    shape = x.shape
    n, c = tf.shape(x)[0], shape[1]
    g = tf.reshape(x, [n, num_groups, -1])
    mean, var = tf.nn.moments(g, axes=[2], keepdims=True)
    y = tf.reshape((g - mean) / tf.sqrt(var + eps), [-1] + list(shape[1:]))
    affine_shape = [1, c] + [1] * (len(shape) - 2)
    if weight is not None:
        y = y * tf.reshape(weight, affine_shape)
    return y if bias is None else y + tf.reshape(bias, affine_shape)
''', ()),
    "instance_norm": ('''
def _tg_instance_norm(x, weight=None, bias=None, eps=1e-5):
    """torch F.instance_norm (no running stats) on channels-first input (N, C, *)."""
    axes = list(range(2, len(x.shape)))
    mean, var = tf.nn.moments(x, axes=axes, keepdims=True)
    y = (x - mean) / tf.sqrt(var + eps)
    affine_shape = [1, x.shape[1]] + [1] * (len(x.shape) - 2)
    if weight is not None:
        y = y * tf.reshape(weight, affine_shape)
    return y if bias is None else y + tf.reshape(bias, affine_shape)
''', ()),
    "size": ('''
def _tg_size(size):
    """torch's size given as one value: one int, or a sequence of them."""
    return (size,) if isinstance(size, int) else size
''', ()),
    "prelu": ('''
def _tg_prelu(x, weight):
    """torch F.prelu: one slope, or one per channel (axis 1)."""
    if len(x.shape) >= 2 and weight.shape[0] > 1:
        weight = tf.reshape(weight, [1, -1] + [1] * (len(x.shape) - 2))
    return tf.where(x > 0, x, x * weight)
''', ()),
    "pixel_shuffle": ('''
def _tg_pixel_shuffle(x, upscale_factor):
    """torch pixel_shuffle, NCHW: (N, C*r*r, H, W) -> (N, C, H*r, W*r) (channel order differs from
    tf.nn.depth_to_space, which is NHWC and interleaves differently)."""
    r = upscale_factor
    n, c, h, w = tf.shape(x)[0], x.shape[1], x.shape[2], x.shape[3]
    y = tf.reshape(x, [n, c // (r * r), r, r, h, w])
    y = tf.transpose(y, (0, 1, 4, 2, 5, 3))
    return tf.reshape(y, [n, c // (r * r), h * r, w * r])
''', ()),
    "mse_loss": ('''
def _tg_mse_loss(x, y, reduction="mean"):
    err = tf.square(x - y)
    return {"mean": tf.reduce_mean, "sum": tf.reduce_sum}.get(reduction, lambda e: e)(err)
''', ()),
    "nll_loss": ('''
def _tg_nll_loss(logp, target, axis=1, reduction="mean", ignore_index=-100, weight=None):
    """torch F.nll_loss: minus the log-probability of each class-index target along ``axis``, times
    its class weight; ``ignore_index`` targets give 0; 'mean' divides by the summed weights."""
    axis = axis if len(logp.shape) > 1 else 0
    kept = tf.not_equal(target, ignore_index)
    safe = tf.where(kept, target, tf.zeros_like(target))
    w = tf.cast(kept, logp.dtype)
    if weight is not None:
        w = w * tf.gather(weight, safe)
    picked = tf.one_hot(safe, logp.shape[axis], axis=axis % len(logp.shape), dtype=logp.dtype) * logp
    loss = -tf.reduce_sum(picked, axis=axis) * w
    if reduction == "mean":
        return tf.reduce_sum(loss) / tf.reduce_sum(w)
    return tf.reduce_sum(loss) if reduction == "sum" else loss
''', ()),
    "binary_cross_entropy": ('''
def _tg_binary_cross_entropy(x, y, reduction="mean"):
    """torch F.binary_cross_entropy on probabilities: each log clamped at -100, as torch."""
    loss = -(y * tf.maximum(tf.math.log(x), -100.0) + (1 - y) * tf.maximum(tf.math.log(1 - x), -100.0))
    return {"mean": tf.reduce_mean, "sum": tf.reduce_sum}.get(reduction, lambda l: l)(loss)
''', ()),
    "bce_with_logits": ('''
def _tg_bce_with_logits(x, y, reduction="mean", pos_weight=None):
    """torch F.binary_cross_entropy_with_logits, the stable form (pos_weight scales positives)."""
    w = 1.0 if pos_weight is None else 1 + (pos_weight - 1) * y
    loss = (1 - y) * x + w * (tf.math.log1p(tf.exp(-tf.abs(x))) + tf.maximum(-x, 0.0))
    return {"mean": tf.reduce_mean, "sum": tf.reduce_sum}.get(reduction, lambda l: l)(loss)
''', ()),
    "l1_loss": ('''
def _tg_l1_loss(x, y, reduction="mean"):
    loss = tf.abs(x - y)
    return {"mean": tf.reduce_mean, "sum": tf.reduce_sum}.get(reduction, lambda l: l)(loss)
''', ()),
    "smooth_l1_loss": ('''
def _tg_smooth_l1_loss(x, y, reduction="mean", beta=1.0):
    """torch F.smooth_l1_loss: 0.5 d^2 / beta where |d| < beta, else |d| - beta / 2."""
    d = tf.abs(x - y)
    loss = d if beta == 0 else tf.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta)
    return {"mean": tf.reduce_mean, "sum": tf.reduce_sum}.get(reduction, lambda l: l)(loss)
''', ()),
    "interpolate": ('''
def _tg_interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """torch F.interpolate on channels-first input, separably along each spatial axis.

    'nearest' is torch's legacy floor(i * in / out); 'nearest-exact' is floor((i + 0.5) * in / out)
    (what tf.image.resize's nearest does); linear modes use half-pixel centres unless align_corners.
    """
    spatial = list(x.shape[2:])
    if size is not None:
        out = list(size) if isinstance(size, (tuple, list)) else [size] * len(spatial)
        scales = [i / o for i, o in zip(spatial, out)]
    else:
        sf = list(scale_factor) if isinstance(scale_factor, (tuple, list)) else [scale_factor] * len(spatial)
        out = [int(i * s) for i, s in zip(spatial, sf)]
        scales = [1.0 / s for s in sf]
    for k, (n_in, n_out, scale) in enumerate(zip(spatial, out, scales)):
        axis = 2 + k
        pos = tf.range(n_out, dtype=tf.float32)
        if mode in ("nearest", "nearest-exact"):
            src = pos * scale if mode == "nearest" else (pos + 0.5) * scale
            idx = tf.minimum(tf.cast(tf.math.floor(src), tf.int32), n_in - 1)
            x = tf.gather(x, idx, axis=axis)
            continue
        if align_corners:
            src = pos * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
        else:
            src = tf.maximum((pos + 0.5) * scale - 0.5, 0.0)
        lo = tf.minimum(tf.cast(tf.math.floor(src), tf.int32), n_in - 1)
        hi = tf.minimum(lo + 1, n_in - 1)
        frac = src - tf.cast(lo, tf.float32)
        shape = [1] * len(x.shape)
        shape[axis] = n_out
        frac = tf.cast(tf.reshape(frac, shape), x.dtype)
        x = tf.gather(x, lo, axis=axis) * (1 - frac) + tf.gather(x, hi, axis=axis) * frac
    return x
''', ()),
}))

# --- channels-first convolution and pooling (TF convolves and pools channels-last) ----------
_CHANNELS = '''
def _tg_channels_last(x):
    """NC* -> N*C."""
    return tf.transpose(x, [0, *range(2, len(x.shape)), 1])


def _tg_channels_first(x):
    """N*C -> NC*."""
    return tf.transpose(x, [0, len(x.shape) - 1, *range(1, len(x.shape) - 1)])
'''
HELPERS["_channels"] = _h("_tg_channels_last", _CHANNELS)
HELPERS.update(_ops_helpers({
    "conv": ('''
def _tg_conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch F.conv1d / F.conv2d: channels-first input, weight (out, in / groups, *kernel)."""
    nd = len(x.shape) - 2
    x = _tg_channels_last(x)
    w = tf.transpose(weight, [*range(2, nd + 2), 1, 0])  # OI* -> *IO
    if isinstance(padding, str):
        mode = padding.upper()
    else:
        x = tf.pad(x, [(0, 0), *[(p, p) for p in _tg_ntuple(padding, nd)], (0, 0)])
        mode = "VALID"
    conv = tf.nn.conv1d if nd == 1 else tf.nn.conv2d
    stride, dilation = _tg_ntuple(stride, nd), _tg_ntuple(dilation, nd)
    ys = [conv(xg, wg, stride, mode, dilations=dilation)
          for xg, wg in zip(tf.split(x, groups, axis=-1), tf.split(w, groups, axis=-1))]
    y = ys[0] if groups == 1 else tf.concat(ys, axis=-1)
    return _tg_channels_first(y if bias is None else y + bias)
''', ("_ntuple", "_channels")),
    "conv_transpose": ('''
def _tg_conv_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """torch F.conv_transpose1d / 2d: channels-first input, weight (in, out / groups, *kernel)."""
    nd = len(x.shape) - 2
    if nd == 1:  # as a 2-d transposed convolution over a height of 1
        y = _tg_conv_transpose(x[:, :, None, :], weight[:, :, None, :], bias, (1, stride), (0, padding),
                               (0, output_padding), groups, (1, dilation))
        return y[:, :, 0, :]
    (sh, sw), (ph, pw) = _tg_ntuple(stride, 2), _tg_ntuple(padding, 2)
    (oh, ow), dil = _tg_ntuple(output_padding, 2), _tg_ntuple(dilation, 2)
    x = _tg_channels_last(x)
    w = tf.transpose(weight, (2, 3, 1, 0))  # (in, out, kH, kW) -> (kH, kW, out, in)
    n, h, wd = tf.shape(x)[0], x.shape[1], x.shape[2]
    full = [(size - 1) * s + d * (k - 1) + 1 for size, s, d, k in
            zip((h, wd), (sh, sw), dil, weight.shape[2:])]
    ys = [tf.nn.conv2d_transpose(xg, wg, (n, full[0], full[1], wg.shape[2]), (sh, sw), "VALID", dilations=dil)
          for xg, wg in zip(tf.split(x, groups, axis=-1), tf.split(w, groups, axis=-1))]
    y = ys[0] if groups == 1 else tf.concat(ys, axis=-1)
    y = tf.pad(y, ((0, 0), (0, oh), (0, ow), (0, 0)))[:, ph:full[0] - ph + oh, pw:full[1] - pw + ow, :]
    return _tg_channels_first(y if bias is None else y + bias)
''', ("_ntuple", "_channels")),
    "max_pool": ('''
def _tg_max_pool(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """torch F.max_pool1d / 2d on channels-first input (padding with -inf, as torch)."""
    if dilation not in (1, (1,), (1, 1)):
        raise NotImplementedError("max_pool: dilation has no TensorFlow pooling equivalent")
    return _tg_pool(tf.nn.max_pool2d, x, kernel_size, stride, padding, float("-inf"), ceil_mode)
''', ("_pool",)),
    "avg_pool": ('''
def _tg_avg_pool(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """torch F.avg_pool1d / 2d on channels-first input: the divisor counts the zero padding
    (unless count_include_pad=False) but never ceil_mode's extra right edge, as torch."""
    y = _tg_pool(tf.nn.avg_pool2d, x, kernel_size, stride, padding, 0.0, ceil_mode)
    if (count_include_pad or padding in (0, (0,), (0, 0))) and not ceil_mode:
        return y
    counted = _tg_pool(tf.nn.avg_pool2d, tf.ones_like(x), kernel_size, stride, padding,
                       1.0 if count_include_pad else 0.0, ceil_mode, 0.0)
    return y / counted
''', ("_pool",)),
    "adaptive_avg_pool": ('''
def _tg_adaptive_avg_pool(x, output_size):
    """torch F.adaptive_avg_pool1d / 2d on channels-first input (torch's floor / ceil bin edges)."""
    return _tg_adaptive_pool(x, output_size, tf.reduce_mean)
''', ("_adaptive_pool",)),
    "adaptive_max_pool": ('''
def _tg_adaptive_max_pool(x, output_size):
    """torch F.adaptive_max_pool1d / 2d on channels-first input."""
    return _tg_adaptive_pool(x, output_size, tf.reduce_max)
''', ("_adaptive_pool",)),
    "softplus": ('''
def _tg_softplus(x, beta=1.0, threshold=20.0):
    """torch softplus: log(1 + exp(beta * x)) / beta, linear where beta * x > threshold."""
    return tf.where(x * beta > threshold, x, tf.math.softplus(x * beta) / beta)
''', ()),
    "cross_entropy": ('''
def _tg_cross_entropy(logits, target, axis=1, reduction="mean", label_smoothing=0.0, ignore_index=-100,
                      weight=None):
    """torch F.cross_entropy: class indices or class probabilities along ``axis``; index targets
    equal to ``ignore_index`` give 0; ``weight`` scales each class; with index targets 'mean'
    divides by the summed weights of the kept targets."""
    logp = tf.nn.log_softmax(logits, axis=axis)
    n = logits.shape[axis]
    axis = axis % len(logits.shape)
    kept = None
    if target.dtype.is_integer:
        kept = tf.cast(tf.not_equal(target, ignore_index), logp.dtype)
        safe = tf.where(tf.not_equal(target, ignore_index), target, tf.zeros_like(target))
        counted = kept if weight is None else kept * tf.gather(weight, safe)
        target = tf.one_hot(safe, n, axis=axis, dtype=logp.dtype)
    target = target * (1.0 - label_smoothing) + label_smoothing / n
    if weight is not None:
        target = target * tf.reshape(weight, [-1] + [1] * (len(logits.shape) - 1 - axis))
    loss = -tf.reduce_sum(target * logp, axis=axis)
    if kept is not None:
        loss = loss * kept
        if reduction == "mean":
            return tf.reduce_sum(loss) / tf.reduce_sum(counted)
    return {"mean": tf.reduce_mean, "sum": tf.reduce_sum}.get(reduction, lambda l: l)(loss)
''', ()),
    "topk": ('''
def _tg_topk(x, k, axis=-1, largest=True, sorted=True):
    """torch.topk along any axis: (values, indices), int64 indices; the smallest when not largest."""
    last = len(x.shape) - 1
    perm = list(range(last + 1))
    perm[axis], perm[last] = perm[last], perm[axis]
    values, indices = tf.math.top_k(tf.transpose(x if largest else -x, perm), k)
    values = tf.transpose(values if largest else -values, perm)
    return _TgValuesIndices(values, tf.cast(tf.transpose(indices, perm), tf.int64))
''', ("_values_indices",)),
    "bernoulli": ('''
def _tg_bernoulli(probs, shape=None, dtype=None, seed=None):
    """torch.bernoulli / Tensor.bernoulli_: 1 where a uniform draw is below ``probs``, else 0."""
    probs = tf.convert_to_tensor(probs)
    draws = tf.random.uniform(probs.shape if shape is None else shape, seed=seed, dtype=probs.dtype)
    return tf.cast(draws < probs, probs.dtype if dtype is None else dtype)
''', ()),
    "multinomial": ('''
def _tg_multinomial(probs, num_samples, replacement=False, seed=None):
    """torch.multinomial by the Gumbel-max trick: indices drawn in proportion to each row of
    ``probs`` (a weight 0 is never drawn); without replacement the Gumbel top-k."""
    logp = tf.math.log(tf.cast(probs, tf.float32))
    shape = tuple(logp.shape[:-1]) + ((num_samples,) if replacement else ()) + tuple(logp.shape[-1:])
    gumbel = -tf.math.log(-tf.math.log(tf.random.uniform(shape, 1e-7, 1.0 - 1e-7, seed=seed)))
    if replacement:
        return tf.argmax(tf.expand_dims(logp, -2) + gumbel, axis=-1)
    return tf.cast(tf.math.top_k(logp + gumbel, k=num_samples).indices, tf.int64)
''', ()),
    "dot": ('''
def _tg_dot(x, y):
    """torch.dot / torch.mv (tf.linalg.matmul wants rank >= 2 operands)."""
    return tf.reduce_sum(x * y, axis=-1)
''', ()),
    "isclose": ('''
def _tg_isclose(x, y, rtol=1e-05, atol=1e-08, equal_nan=False):
    """torch.isclose: |x - y| <= atol + rtol * |y|; equal infinities are close, NaN only with equal_nan."""
    x, y = tf.convert_to_tensor(x), tf.convert_to_tensor(y)
    if not x.dtype.is_floating:  # the tolerances are floats
        x, y = tf.cast(x, tf.float64), tf.cast(y, tf.float64)
    within = tf.logical_and(tf.math.is_finite(y), tf.abs(x - y) <= atol + rtol * tf.abs(y))
    close = tf.logical_or(tf.equal(x, y), within)
    if equal_nan:
        close = tf.logical_or(close, tf.logical_and(tf.math.is_nan(x), tf.math.is_nan(y)))
    return close
''', ()),
    "outer": ('''
def _tg_outer(x, y):
    return tf.reshape(x, [-1, 1]) * tf.reshape(y, [1, -1])
''', ()),
}))
HELPERS.update({
    "_pool": _h("_tg_pool", '''
def _tg_pool(pool, x, kernel_size, stride, padding, fill, ceil_mode=False, extra_fill=None):
    """A 2-d TF pooling over channels-first input; 1-d input pools over a height of 1.

    ``ceil_mode`` (torch): a last partial window where it starts inside the input or its left
    padding -- made by padding the right edge with ``extra_fill`` (default ``fill``)."""
    nd = len(x.shape) - 2
    k = _tg_ntuple(kernel_size, nd)
    s = _tg_ntuple(stride if stride is not None and stride != () else kernel_size, nd)
    p = _tg_ntuple(padding, nd)
    if nd == 1:
        x, k, s, p = x[:, :, None, :], (1,) + k, (1,) + s, (0,) + p
    extra = [0, 0]
    if ceil_mode:
        for d, size in enumerate(x.shape[2:]):
            o = -(-(size + 2 * p[d] - k[d]) // s[d]) + 1
            if (o - 1) * s[d] >= size + p[d]:
                o -= 1
            extra[d] = max(0, (o - 1) * s[d] + k[d] - size - 2 * p[d])
    x = tf.pad(_tg_channels_last(x), [(0, 0), *[(q, q) for q in p], (0, 0)], constant_values=fill)
    if extra != [0, 0]:
        x = tf.pad(x, [(0, 0), (0, extra[0]), (0, extra[1]), (0, 0)],
                   constant_values=fill if extra_fill is None else extra_fill)
    y = _tg_channels_first(pool(x, k, s, "VALID"))
    return y[:, :, 0, :] if nd == 1 else y
''', needs=("_ntuple", "_channels")),
    "_adaptive_pool": _h("_tg_adaptive_pool", '''
def _tg_adaptive_pool(x, output_size, reduce):
    """Adaptive pooling over the trailing 1 or 2 axes: bin i covers [floor(i*n/o), ceil((i+1)*n/o))."""
    nd = len(x.shape) - 2
    if nd == 1:
        return _tg_adaptive_pool(x[:, :, None, :], (1, output_size), reduce)[:, :, 0, :]
    sizes = x.shape[2:]
    out = [n if o is None else o for n, o in zip(sizes, _tg_ntuple(output_size, 2))]
    edges = [[((i * n) // o, -(-((i + 1) * n) // o)) for i in range(o)] for n, o in zip(sizes, out)]
    rows = [tf.stack([reduce(x[:, :, h0:h1, w0:w1], axis=(2, 3)) for w0, w1 in edges[1]], axis=-1)
            for h0, h1 in edges[0]]
    return tf.stack(rows, axis=-2)
''', needs=("_ntuple",)),
})

# --- torch call shapes a canonical op cannot say (binding rows with custom=...) -------------
HELPERS.update({
    "torch:split": _h("_tg_split", '''
def _tg_split(x, split_size_or_sections, axis=0):
    """torch.split: an int is the size of each chunk (the last may be smaller), a list the sizes."""
    n = x.shape[axis]
    if isinstance(split_size_or_sections, int):
        s = split_size_or_sections
        sizes = [s] * (n // s) + ([n % s] if n % s else [])
    else:
        sizes = list(split_size_or_sections)
    return tuple(tf.split(x, sizes, axis=axis))
'''),
    "torch:square_subsequent_mask": _h("_tg_square_subsequent_mask", '''
def _tg_square_subsequent_mask(sz):
    """torch.nn.Transformer.generate_square_subsequent_mask: -inf above the diagonal, 0 elsewhere."""
    above = tf.range(sz)[None, :] > tf.range(sz)[:, None]
    return tf.where(above, tf.fill((sz, sz), float("-inf")), tf.zeros((sz, sz)))
'''),
    "torch:chunk": _h("_tg_chunk", '''
def _tg_chunk(x, chunks, axis=0):
    """torch.chunk: chunks of size ceil(n / chunks); fewer chunks when they run out."""
    n = x.shape[axis]
    s = -(-n // chunks)
    return _tg_split(x, s, axis)
''', needs=("torch:split",)),
    "torch:expand": _h("_tg_expand", '''
def _tg_expand(x, *sizes):
    """Tensor.expand: -1 keeps the existing size; new leading axes may be added."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    lead = len(sizes) - len(x.shape)
    shape = [x.shape[i - lead] if s == -1 else s for i, s in enumerate(sizes)]
    return tf.broadcast_to(x, shape)
'''),
    "torch:pad": _h("_tg_pad", '''
def _tg_pad(x, pad, mode="constant", value=None):
    """torch F.pad: ``pad`` lists (before, after) pairs starting from the LAST axis."""
    pairs = [[0, 0] for _ in x.shape]
    for i in range(len(pad) // 2):
        pairs[len(x.shape) - 1 - i] = [pad[2 * i], pad[2 * i + 1]]
    tf_mode = {"constant": "CONSTANT", "reflect": "REFLECT", "replicate": "SYMMETRIC"}[mode]
    if mode == "replicate":
        # SYMMETRIC repeats the edge only for a pad of 1; build replicate from edge slices
        for axis, (lo, hi) in enumerate(pairs):
            if lo or hi:
                first = tf.gather(x, [0] * lo, axis=axis)
                last = tf.gather(x, [x.shape[axis] - 1] * hi, axis=axis)
                x = tf.concat([first, x, last], axis=axis)
        return x
    if mode != "constant":
        return tf.pad(x, pairs, mode=tf_mode)
    return tf.pad(x, pairs, constant_values=0 if value is None else value)
'''),
    "torch:randint": _h("_tg_torch_randint", '''
def _tg_torch_randint(low, high=None, size=None, dtype=None):
    """torch.randint(high, size) or (low, high, size): integers in [low, high), int64 by default."""
    if size is None:
        low, high, size = 0, low, high
    return tf.random.uniform(tuple(size), low, high, dtype=dtype or tf.int64)
'''),
    "torch:cat": _h("_tg_cat", '''
def _tg_cat(tensors, axis=0):
    """torch.cat as the emulated torch runs it: 0-d tensors join as 1-element vectors."""
    return tf.concat([tf.reshape(t, [-1]) if len(t.shape) == 0 else t for t in tensors], axis)
'''),
    "torch:one_hot": _h("_tg_one_hot", '''
def _tg_one_hot(indices, num_classes=-1):
    """torch F.one_hot: int64 result; num_classes=-1 means max(indices) + 1."""
    if num_classes == -1:
        num_classes = int(tf.reduce_max(indices)) + 1
    return tf.one_hot(indices, num_classes, dtype=tf.int64)
'''),
    # tf.math.argmax has no keepdims (x.argmax(dim=1, keepdim=True) in accuracy code)
    **{op: _h(f"_tg_{op}", f'''
def _tg_{op}(x, axis=None, keepdims=False):
    """torch {op} with keepdim: int64 indices (of the first extreme), the axis kept as size 1."""
    if axis is None:
        return tf.reshape(tf.math.{op}(tf.reshape(x, [-1]), axis=0, output_type=tf.int64),
                          [1] * len(x.shape) if keepdims else [])
    indices = tf.math.{op}(x, axis=axis, output_type=tf.int64)
    return tf.expand_dims(indices, axis) if keepdims else indices
''') for op in ("argmax", "argmin")},
    "torch:max_dim": _h("_tg_max_dim", '''
def _tg_max_dim(x, axis, keepdims=False):
    """torch.max(x, dim): (values, indices), indices of the first maximum, int64."""
    values = tf.math.reduce_max(x, axis=axis, keepdims=keepdims)
    indices = tf.math.argmax(x, axis=axis, output_type=tf.int64)
    if keepdims:
        indices = tf.expand_dims(indices, axis)
    return _TgValuesIndices(values, indices)
''', needs=("_values_indices",)),
    "torch:min_dim": _h("_tg_min_dim", '''
def _tg_min_dim(x, axis, keepdims=False):
    """torch.min(x, dim): (values, indices), indices of the first minimum, int64."""
    values = tf.math.reduce_min(x, axis=axis, keepdims=keepdims)
    indices = tf.math.argmin(x, axis=axis, output_type=tf.int64)
    if keepdims:
        indices = tf.expand_dims(indices, axis)
    return _TgValuesIndices(values, indices)
''', needs=("_values_indices",)),
    "torch:sort": _h("_tg_sort", '''
def _tg_sort(x, axis=-1, descending=False):
    """torch.sort: (values, indices); stable order of equal elements, int64 indices."""
    direction = "DESCENDING" if descending else "ASCENDING"
    indices = tf.argsort(x, axis=axis, direction=direction, stable=True)
    return _TgValuesIndices(tf.sort(x, axis=axis, direction=direction), tf.cast(indices, tf.int64))
''', needs=("_values_indices",)),
    "_values_indices": _h("_TgValuesIndices", '''
_TgValuesIndices = collections.namedtuple("_TgValuesIndices", ["values", "indices"])
''', imports=("import collections",)),
    "_order_statistic": _h("_tg_order_statistic", '''
def _tg_order_statistic(x, axis, pos, keepdims=False, nan_wins=False):
    """(values, indices) of the element at ascending sorted position ``pos`` along ``axis`` (a stable
    sort); ``nan_wins``: a slice holding a NaN gives its first NaN (torch.median)."""
    axis = axis % len(x.shape)
    order = tf.argsort(x, axis=axis, stable=True)
    at = tf.fill(x.shape[:axis] + [1] + x.shape[axis + 1:], pos)
    indices = tf.cast(_tg_take_along_axis(order, at, axis), tf.int64)
    values = _tg_take_along_axis(x, indices, axis)
    if nan_wins and x.dtype.is_floating:
        nan = tf.math.is_nan(x)
        has_nan = tf.reduce_any(nan, axis=axis, keepdims=True)
        values = tf.where(has_nan, tf.cast(float("nan"), x.dtype), values)
        first_nan = tf.expand_dims(tf.argmax(tf.cast(nan, tf.int32), axis=axis, output_type=tf.int64), axis)
        indices = tf.where(has_nan, first_nan, indices)
    if not keepdims:
        values, indices = tf.squeeze(values, axis), tf.squeeze(indices, axis)
    return _TgValuesIndices(values, indices)
''', needs=("_values_indices", "take_along_axis")),
    "torch:median": _h("_tg_median", '''
def _tg_median(x, axis=None, keepdims=False):
    """torch.median: the lower median of all elements (NaN if any); with ``axis``: (values, indices)."""
    if axis is None:
        flat = tf.reshape(x, [-1])
        return _tg_order_statistic(flat, 0, (flat.shape[0] - 1) // 2, nan_wins=True).values
    return _tg_order_statistic(x, axis, (x.shape[axis] - 1) // 2, keepdims, nan_wins=True)
''', needs=("_order_statistic",)),
    "torch:kthvalue": _h("_tg_kthvalue", '''
def _tg_kthvalue(x, k, axis=-1, keepdims=False):
    """torch.kthvalue: (values, indices) of the k-th smallest (1-based) along ``axis``."""
    return _tg_order_statistic(x, axis, k - 1, keepdims)
''', needs=("_order_statistic",)),
    "torch:aminmax": _h("_tg_aminmax", '''
_TgMinMax = collections.namedtuple("_TgMinMax", ["min", "max"])


def _tg_aminmax(x, axis=None, keepdims=False):
    """torch.aminmax: (min, max) over ``axis`` (all elements when None)."""
    return _TgMinMax(tf.reduce_min(x, axis=axis, keepdims=keepdims), tf.reduce_max(x, axis=axis, keepdims=keepdims))
''', imports=("import collections",)),
    "scatter": _h("_tg_scatter", '''
def _tg_scatter(x, axis, indices, src, reduce=None):
    """torch.scatter (not in place): out[..., indices[i, j], ...] = src[i, j] along ``axis``;
    ``src`` a tensor (its leading block of indices' shape is used) or a number."""
    if reduce is not None:
        raise NotImplementedError("torch.scatter with reduce=")
    shape = indices.shape.as_list()
    axis = axis % len(shape)
    grid = tf.meshgrid(*[tf.range(n, dtype=indices.dtype) for n in shape], indexing="ij")
    coords = tf.stack([indices if d == axis else grid[d] for d in range(len(shape))], axis=-1)
    if isinstance(src, (int, float)):
        values = tf.fill(shape, tf.cast(src, x.dtype))
    else:
        values = src[tuple(slice(0, n) for n in shape)]
    return tf.tensor_scatter_nd_update(x, coords, values)
'''),
    "torch:normal": _h("_tg_normal", '''
def _tg_normal(mean, std=1.0, size=None):
    """torch.normal: tensor mean / std (the broadcast shape) or numbers with ``size``."""
    if size is None:
        shape = (tf.zeros_like(mean) + tf.zeros_like(std)).shape
        return mean + std * tf.random.normal(shape)
    return tf.random.normal(size, mean, std)
'''),
    "batch_norm": _h("_tg_batch_norm", '''
def _tg_batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
                   eps=1e-5):
    """torch F.batch_norm over axis 1 (channels first); ``training`` normalises with the batch statistics
    and blends them into running stats held in tf.Variables, as torch does in place (unbiased variance)."""
    shape = [1, -1] + [1] * (len(x.shape) - 2)
    if training or running_mean is None:
        axes = [0] + list(range(2, len(x.shape)))
        mean, var = tf.nn.moments(x, axes=axes, keepdims=True)
        if training and hasattr(running_mean, "assign"):
            n = tf.cast(tf.size(x) // tf.size(mean), var.dtype)
            for run, batch in ((running_mean, mean), (running_var, var * n / tf.maximum(n - 1, 1))):
                run.assign(run * (1 - momentum) + tf.reshape(batch, [-1]) * momentum)
    else:
        mean, var = tf.reshape(running_mean, shape), tf.reshape(running_var, shape)
    y = (x - mean) / tf.sqrt(var + eps)
    if weight is not None:
        y = y * tf.reshape(weight, shape)
    return y if bias is None else y + tf.reshape(bias, shape)
'''),
    "torch:sdpa": _h("_tg_sdpa", '''
def _tg_sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False):
    """torch F.scaled_dot_product_attention: softmax(q k^T / sqrt(d) + mask) v."""
    scale = 1.0 / float(query.shape[-1]) ** 0.5
    scores = tf.linalg.matmul(query, key, transpose_b=True) * scale
    if is_causal:
        rows, cols = scores.shape[-2], scores.shape[-1]
        attn_mask = tf.range(cols)[None, :] <= tf.range(rows)[:, None]
    if attn_mask is not None:
        if attn_mask.dtype == tf.bool:
            scores = tf.where(attn_mask, scores, tf.fill(tf.shape(scores), float("-inf")))
        else:
            scores = scores + attn_mask
    weights = tf.nn.softmax(scores, axis=-1)
    if dropout_p > 0:
        weights = tf.nn.dropout(weights, rate=dropout_p)
    return tf.linalg.matmul(weights, value)
'''),
    "torch:normalize": _h("_tg_normalize", '''
def _tg_normalize(x, p=2.0, axis=1, eps=1e-12):
    """torch F.normalize: x / max(||x||_p over axis, eps)."""
    norm = tf.reduce_sum(tf.abs(x) ** p, axis=axis, keepdims=True) ** (1.0 / p)
    return x / tf.maximum(norm, eps)
'''),
    "torch:allclose": _h("_tg_allclose", '''
def _tg_allclose(x, y, rtol=1e-05, atol=1e-08, equal_nan=False):
    """torch.allclose: a Python bool."""
    return bool(tf.reduce_all(_tg_isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)))
''', needs=("isclose",)),
    "torch:nonzero": _h("_tg_nonzero", '''
def _tg_nonzero(x, as_tuple=False):
    """torch.nonzero: (n, ndim) int64 indices, or one index tensor per axis when as_tuple."""
    idx = tf.where(tf.cast(x, tf.bool))
    if as_tuple:
        return tuple(idx[:, i] for i in range(len(x.shape)))
    return idx
'''),
})


# --- torch layers Keras has no like-for-like class for ------------------------------------
HELPERS.update({
    "layer:RNN": _h("_TorchRNNBase", '''
class _TorchRNNBase(tf.keras.layers.Layer):
    """torch.nn.RNN/LSTM/GRU (and their Cell classes) on Keras cells, with torch's interface:
    (seq, batch, feature) input unless batch_first, stacked and bidirectional layers, initial
    states (num_layers * directions, batch, hidden), returns (output, h_n) or (output, (h_n, c_n)).

    Keras LSTM gates are i, f, c, o like torch's i, f, g, o; Keras GRU (reset_after=True) gates
    are z, r, h where torch has r, z, n, so torch weights are regrouped when loaded.
    """
    gates, order = 1, (0,)

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, nonlinearity="tanh", cell=False):
        super().__init__()
        self.hidden_size, self.num_layers, self.use_bias = hidden_size, num_layers, bias
        self.batch_first, self.dropout, self.is_cell = batch_first, dropout, cell
        self.directions = 2 if bidirectional else 1
        self.cells = []
        for layer in range(num_layers):
            for _ in range(self.directions):
                c = self.make_cell(hidden_size, bias, nonlinearity)
                c.build((None, input_size if layer == 0 else hidden_size * self.directions))
                self.cells.append(c)

    def make_cell(self, units, bias, nonlinearity):
        return tf.keras.layers.SimpleRNNCell(units, activation=nonlinearity, use_bias=bias)

    def step(self, cell, x, state):
        y, new = cell(x, list(state))
        return y, tuple(new)

    def call(self, x, hx=None, training=None):
        if self.is_cell:
            state = self.initial(hx, tf.shape(x)[0], x.dtype, cell=True)
            _, new = self.step(self.cells[0], x, state)
            return new if len(new) > 1 else new[0]
        if not self.batch_first:
            x = tf.transpose(x, (1, 0, 2))
        steps = x.shape[1]
        state = self.initial(hx, tf.shape(x)[0], x.dtype)
        finals = []
        for layer in range(self.num_layers):
            outs = []
            for d in range(self.directions):
                k = layer * self.directions + d
                s = tuple(part[k] for part in state)
                ys = [None] * steps
                for t in (range(steps) if d == 0 else range(steps - 1, -1, -1)):
                    ys[t], s = self.step(self.cells[k], x[:, t], s)
                outs.append(tf.stack(ys, axis=1))
                finals.append(s)
            x = tf.concat(outs, axis=-1) if len(outs) > 1 else outs[0]
            if training and self.dropout > 0 and layer < self.num_layers - 1:
                x = tf.nn.dropout(x, rate=self.dropout)
        out = x if self.batch_first else tf.transpose(x, (1, 0, 2))
        h_n = tuple(tf.stack([f[i] for f in finals]) for i in range(len(finals[0])))
        return out, (h_n if len(h_n) > 1 else h_n[0])

    def initial(self, hx, batch, dtype, cell=False):
        parts = 2 if self.gates == 4 else 1
        if hx is None:
            shape = (batch, self.hidden_size) if cell else (self.num_layers * self.directions, batch,
                                                            self.hidden_size)
            return tuple(tf.zeros(shape, dtype) for _ in range(parts))
        return tuple(hx) if parts > 1 else (hx,)

    def regroup(self, w):
        chunks = tf.split(w, self.gates, axis=0)
        return tf.concat([chunks[i] for i in self.order], axis=0)

    def _tg_load_torch(self, weights):
        """torch weight_ih_l{k}[_reverse] (gates*H, in), weight_hh (gates*H, H), bias_ih, bias_hh."""
        weights = dict(weights)
        for k, cell in enumerate(self.cells):
            layer, d = divmod(k, self.directions)
            sfx = "" if self.is_cell else f"_l{layer}" + ("_reverse" if d else "")
            cell.kernel.assign(tf.transpose(self.regroup(weights.pop("weight_ih" + sfx))))
            cell.recurrent_kernel.assign(tf.transpose(self.regroup(weights.pop("weight_hh" + sfx))))
            if self.use_bias:
                b_ih, b_hh = self.regroup(weights.pop("bias_ih" + sfx)), self.regroup(weights.pop("bias_hh" + sfx))
                cell.bias.assign(self.combine_bias(b_ih, b_hh))
        return list(weights)

    def combine_bias(self, b_ih, b_hh):
        return b_ih + b_hh


class TorchRNN(_TorchRNNBase):
    pass


class TorchLSTM(_TorchRNNBase):
    gates, order = 4, (0, 1, 2, 3)

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, cell=False):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, cell=cell)

    def make_cell(self, units, bias, nonlinearity):
        return tf.keras.layers.LSTMCell(units, use_bias=bias)


class TorchGRU(_TorchRNNBase):
    gates, order = 3, (1, 0, 2)  # torch r, z, n -> Keras z, r, h

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, cell=False):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, cell=cell)

    def make_cell(self, units, bias, nonlinearity):
        return tf.keras.layers.GRUCell(units, use_bias=bias, reset_after=True)

    def combine_bias(self, b_ih, b_hh):
        return tf.stack([b_ih, b_hh])  # reset_after: input and recurrent biases kept apart, as torch


class TorchLSTMCell(TorchLSTM):
    def __init__(self, input_size, hidden_size, bias=True):
        super().__init__(input_size, hidden_size, bias=bias, cell=True)


class TorchGRUCell(TorchGRU):
    def __init__(self, input_size, hidden_size, bias=True):
        super().__init__(input_size, hidden_size, bias=bias, cell=True)


class TorchRNNCell(TorchRNN):
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh"):
        super().__init__(input_size, hidden_size, bias=bias, nonlinearity=nonlinearity, cell=True)
'''),
    # torch's F.multi_head_attention_forward: nn.MultiheadAttention's core, which the layer below calls
    "torch:mha_forward": _h("_tg_mha_forward", MHA_FORWARD_HEAD + '''    batched = len(query.shape) == 3
    if batched:  # batch first inside
        query, key, value = (tf.transpose(t, (1, 0, 2)) for t in (query, key, value))
    else:
        query, key, value = query[None], key[None], value[None]
        key_padding_mask = None if key_padding_mask is None else key_padding_mask[None]
    e, h = embed_dim_to_check, num_heads
    w = (q_proj_weight, k_proj_weight, v_proj_weight) if use_separate_proj_weight else \
        tf.split(in_proj_weight, 3, axis=0)
    b = tf.split(in_proj_bias, 3, axis=0) if in_proj_bias is not None else [None] * 3
    q, k, v = (_tg_linear(t, wi, bi) for t, wi, bi in zip((query, key, value), w, b))
    n, lq, lk = tf.shape(q)[0], q.shape[1], k.shape[1]
    heads = lambda t, l: tf.transpose(tf.reshape(t, [n, l, h, e // h]), (0, 2, 1, 3))
    q, k, v = heads(q, lq), heads(k, lk), heads(v, lk)
    scores = tf.linalg.matmul(q * (1.0 / float(e // h) ** 0.5), k, transpose_b=True)  # q scaled first, as torch
    if attn_mask is not None:
        mask = tf.reshape(attn_mask, (n, h, lq, lk)) if len(attn_mask.shape) == 3 else attn_mask
        if mask.dtype == tf.bool:
            scores = tf.where(mask, tf.fill(tf.shape(scores), float("-inf")), scores)
        else:
            scores = scores + mask
    if key_padding_mask is not None:
        pad = key_padding_mask[:, None, None, :]
        if pad.dtype == tf.bool:
            scores = tf.where(pad, tf.fill(tf.shape(scores), float("-inf")), scores)
        else:
            scores = scores + tf.cast(pad, scores.dtype)
    weights = tf.nn.softmax(scores, axis=-1)
    if training and dropout_p > 0:
        weights = tf.nn.dropout(weights, rate=dropout_p)
    out = tf.reshape(tf.transpose(tf.linalg.matmul(weights, v), (0, 2, 1, 3)), [n, lq, e])
    out = _out_proj(out) if _out_proj is not None else _tg_linear(out, out_proj_weight, out_proj_bias)
    out = tf.transpose(out, (1, 0, 2)) if batched else out[0]
    if not need_weights:
        return out, None
    weights = tf.reduce_mean(weights, axis=1) if average_attn_weights else weights
    return out, weights if batched else weights[0]
''', needs=("linear",)),
    "layer:MultiheadAttention": _h("TorchMultiheadAttention", '''
class TorchMultiheadAttention(tf.keras.layers.Layer):
    """torch.nn.MultiheadAttention with torch's packed in_proj_weight (3E, E) and out_proj;
    (L, N, E) inputs unless batch_first; returns (output, head-averaged weights or None)."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False):
        super().__init__()
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, dropout, batch_first
        bound = (6.0 / (4 * embed_dim)) ** 0.5
        self.in_proj_weight = tf.Variable(tf.random.uniform((3 * embed_dim, embed_dim), -bound, bound))
        self.in_proj_bias = tf.Variable(tf.zeros((3 * embed_dim,))) if bias else None
        self.out_proj = _TgTorchLinear(embed_dim, embed_dim, bias)

    def call(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
             average_attn_weights=True, is_causal=False, training=None):
        if self.batch_first and len(query.shape) == 3:
            query, key, value = (tf.transpose(t, (1, 0, 2)) for t in (query, key, value))
        out, weights = _tg_mha_forward(query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
                                       self.in_proj_bias, dropout_p=self.dropout, training=bool(training),
                                       key_padding_mask=key_padding_mask, need_weights=need_weights,
                                       attn_mask=attn_mask, average_attn_weights=average_attn_weights,
                                       _out_proj=self.out_proj)
        return (tf.transpose(out, (1, 0, 2)) if self.batch_first and len(out.shape) == 3 else out), weights
''', needs=("torch_linear", "torch:mha_forward")),
    # the base of a user class subclassing nn.Conv2d (a masked or weight-standardised convolution
    # reads self.weight in torch's OIHW layout, and self.stride / self.padding as torch's tuples)
    "torch_conv2d": _h("_TgTorchConv2d", '''
class _TgTorchConv2d(TorchCompatLayer):
    """torch.nn.Conv2d on NCHW input holding torch's weight (out, in / groups, kH, kW) and bias
    (zero padding: padding_mode is not applied)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__()
        kh, kw = _tg_ntuple(kernel_size, 2)
        self.in_channels, self.out_channels, self.kernel_size = in_channels, out_channels, (kh, kw)
        self.stride, self.dilation, self.groups = _tg_ntuple(stride, 2), _tg_ntuple(dilation, 2), groups
        self.padding = padding if isinstance(padding, str) else _tg_ntuple(padding, 2)
        bound = 1.0 / (in_channels // groups * kh * kw) ** 0.5
        self.weight = tf.Variable(tf.random.uniform((out_channels, in_channels // groups, kh, kw), -bound, bound))
        self.bias = tf.Variable(tf.random.uniform((out_channels,), -bound, bound)) if bias else None

    def call(self, x):
        return _tg_conv(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
''', needs=("conv", "module", "_ntuple")),
    # also the base of a user class subclassing nn.Linear (its code reads self.weight in torch's layout)
    "torch_linear": _h("_TgTorchLinear", '''
class _TgTorchLinear(TorchCompatLayer):
    """A linear map holding torch-layout weight (out, in) and bias: loads torch names as they are."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        bound = 1.0 / in_features ** 0.5
        self.weight = tf.Variable(tf.random.uniform((out_features, in_features), -bound, bound))
        self.bias = tf.Variable(tf.random.uniform((out_features,), -bound, bound)) if bias else None

    def call(self, x):
        return _tg_linear(x, self.weight, self.bias)
''', needs=("linear", "module")),
    # torch.nn.Transformer* layers: torch's sub-layer names and weight layouts, so load_state_dict
    # takes layers.0.self_attn.in_proj_weight, layers.0.linear1.weight, layers.0.norm1.weight... as they are
    "layer:Transformer": _h("TorchTransformerEncoderLayer", '''
class _TgTorchLayerNorm(tf.keras.layers.Layer):
    """LayerNorm over the last axis holding torch's weight and bias (loads torch names as they are)."""

    def __init__(self, d_model, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = tf.Variable(tf.ones((d_model,)))
        self.bias = tf.Variable(tf.zeros((d_model,)))

    def call(self, x):
        return _tg_layer_norm(x, (x.shape[-1],), self.weight, self.bias, self.eps)


class _TgTransformerLayer(TorchCompatLayer):
    """What torch's encoder and decoder layers share: the feed-forward block, norms and dropouts."""

    def _tg_init(self, args, n_attn):
        d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first = args
        self._tg_args, self.norm_first, self.p = args, norm_first, dropout
        self.self_attn = TorchMultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        if n_attn == 2:
            self.multihead_attn = TorchMultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        self.linear1 = _TgTorchLinear(d_model, dim_feedforward)
        self.linear2 = _TgTorchLinear(dim_feedforward, d_model)
        for i in range(1, n_attn + 2):
            setattr(self, f"norm{i}", _TgTorchLayerNorm(d_model, layer_norm_eps))
        # torch's "relu" / "gelu" (exact erf form) or a callable
        self.activation = {"relu": tf.nn.relu, "gelu": lambda x: tf.nn.gelu(x, approximate=False)}.get(
            activation, activation) if isinstance(activation, str) else activation

    def _tg_attend(self, attn, x, mem, mask, padding_mask, training):
        out = attn(x, mem, mem, attn_mask=mask, key_padding_mask=padding_mask, need_weights=False,
                   training=training)[0]
        return _tg_dropout(out, self.p, bool(training))

    def _tg_ff(self, x, training):
        x = self.linear2(_tg_dropout(self.activation(self.linear1(x)), self.p, bool(training)))
        return _tg_dropout(x, self.p, bool(training))


class TorchTransformerEncoderLayer(_TgTransformerLayer):
    """torch.nn.TransformerEncoderLayer (torch 1.13): post-norm unless norm_first; dropout only when training."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None):
        super().__init__()
        self._tg_init((d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                       norm_first), 1)

    def call(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False, training=None):
        x = src
        if self.norm_first:
            h = self.norm1(x)
            x = x + self._tg_attend(self.self_attn, h, h, src_mask, src_key_padding_mask, training)
            return x + self._tg_ff(self.norm2(x), training)
        x = self.norm1(x + self._tg_attend(self.self_attn, x, x, src_mask, src_key_padding_mask, training))
        return self.norm2(x + self._tg_ff(x, training))


class TorchTransformerDecoderLayer(_TgTransformerLayer):
    """torch.nn.TransformerDecoderLayer (torch 1.13): self-attention, attention over ``memory``, feed-forward."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None):
        super().__init__()
        self._tg_init((d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                       norm_first), 2)

    def call(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
             memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False, training=None):
        x = tgt
        if self.norm_first:
            h = self.norm1(x)
            x = x + self._tg_attend(self.self_attn, h, h, tgt_mask, tgt_key_padding_mask, training)
            x = x + self._tg_attend(self.multihead_attn, self.norm2(x), memory, memory_mask,
                                    memory_key_padding_mask, training)
            return x + self._tg_ff(self.norm3(x), training)
        x = self.norm1(x + self._tg_attend(self.self_attn, x, x, tgt_mask, tgt_key_padding_mask, training))
        x = self.norm2(x + self._tg_attend(self.multihead_attn, x, memory, memory_mask, memory_key_padding_mask,
                                           training))
        return self.norm3(x + self._tg_ff(x, training))


class _TgTransformerStack(TorchCompatLayer):
    """torch.nn.TransformerEncoder / Decoder: ``num_layers`` layers like ``layer``, then ``norm``. torch
    deep-copies ``layer``; here the copies are new layers with its arguments (load_state_dict sets them)."""

    def __init__(self, layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = [layer] + [type(layer)(*layer._tg_args) for _ in range(num_layers - 1)]
        self.num_layers, self.norm = num_layers, norm

    def _tg_finish(self, x):
        return self.norm(x) if self.norm is not None else x


class TorchTransformerEncoder(_TgTransformerStack):
    def call(self, src, mask=None, src_key_padding_mask=None, is_causal=None, training=None):
        for layer in self.layers:
            src = layer(src, src_mask=mask, src_key_padding_mask=src_key_padding_mask, training=training)
        return self._tg_finish(src)


class TorchTransformerDecoder(_TgTransformerStack):
    def call(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
             memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False, training=None):
        for layer in self.layers:
            tgt = layer(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                        tgt_key_padding_mask=tgt_key_padding_mask,
                        memory_key_padding_mask=memory_key_padding_mask, training=training)
        return self._tg_finish(tgt)


class TorchTransformer(TorchCompatLayer):
    """torch.nn.Transformer: encoder and decoder stacks, each ending in a LayerNorm."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation="relu", custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None):
        super().__init__()
        args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first)
        self.encoder = custom_encoder if custom_encoder is not None else TorchTransformerEncoder(
            TorchTransformerEncoderLayer(*args), num_encoder_layers, _TgTorchLayerNorm(d_model, layer_norm_eps))
        self.decoder = custom_decoder if custom_decoder is not None else TorchTransformerDecoder(
            TorchTransformerDecoderLayer(*args), num_decoder_layers, _TgTorchLayerNorm(d_model, layer_norm_eps))

    def call(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
             tgt_key_padding_mask=None, memory_key_padding_mask=None, training=None):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, training=training)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, training=training)
''', needs=("module", "layer:MultiheadAttention", "layer_norm", "dropout")),
    "layer:Upsample": _h("TorchUpsample", '''
class TorchUpsample(tf.keras.layers.Layer):
    """torch.nn.Upsample on channels-first input ('nearest' is torch's legacy floor rule)."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None):
        super().__init__()
        self.size, self.scale_factor, self.mode, self.align_corners = size, scale_factor, mode, align_corners

    def call(self, x):
        return _tg_interpolate(x, self.size, self.scale_factor, self.mode, self.align_corners)
''', needs=("interpolate",)),
    "layer:PReLU": _h("TorchPReLU", '''
class TorchPReLU(tf.keras.layers.Layer):
    """torch.nn.PReLU: learned slopes (one, or one per channel of axis 1) named ``weight`` as in torch."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.weight = tf.Variable(tf.fill((num_parameters,), float(init)))

    def call(self, x):
        return _tg_prelu(x, self.weight)
''', needs=("prelu",)),
    "layer:InstanceNorm": _h("TorchInstanceNorm", '''
class TorchInstanceNorm(tf.keras.layers.Layer):
    """torch.nn.InstanceNorm1d/2d with running statistics (Keras' GroupNormalization keeps none):
    inference normalises with them, training with each sample's own; torch's weight names."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False,
                 device=None, dtype=None):
        super().__init__()
        self.eps, self.momentum, self.track_running_stats = eps, momentum, track_running_stats
        self.num_features, self.affine = num_features, affine
        self.weight = tf.Variable(tf.ones((num_features,))) if affine else None
        self.bias = tf.Variable(tf.zeros((num_features,))) if affine else None
        if track_running_stats:
            self.running_mean = tf.Variable(tf.zeros((num_features,)), trainable=False)
            self.running_var = tf.Variable(tf.ones((num_features,)), trainable=False)
            self.num_batches_tracked = tf.Variable(tf.zeros((), tf.int64), trainable=False)

    def call(self, x, training=None):
        training = getattr(self, "_tg_training", True) if training is None else training  # a torch module trains
        if self.track_running_stats and not training:
            return _tg_batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0,
                                  self.eps)
        if self.track_running_stats:  # torch blends in the batch mean of each instance's mean / unbiased var
            flat = tf.reshape(x, (x.shape[0], x.shape[1], -1))
            n, m = flat.shape[2], self.momentum
            mean, var = tf.nn.moments(flat, axes=[2])
            self.running_mean.assign(self.running_mean * (1 - m) + tf.reduce_mean(mean, 0) * m)
            self.running_var.assign(self.running_var * (1 - m) + tf.reduce_mean(var, 0) * n / max(n - 1, 1) * m)
        return _tg_instance_norm(x, self.weight, self.bias, self.eps)
''', needs=("instance_norm", "batch_norm")),
    "layer:BatchNorm": _h("TorchBatchNorm", '''
class TorchBatchNorm(tf.keras.layers.BatchNormalization):
    """Keras BatchNormalization (channels axis 1) with torch.nn.BatchNorm1d/2d/3d's training: the moving
    variance takes the unbiased batch variance (Keras' the biased one), and a call without training=
    runs in the mode train() / eval() set -- training at first, as a new torch module."""
    _tg_training = True

    def train(self, mode=True):
        self._tg_training = bool(mode)
        return self

    def eval(self):
        return self.train(False)

    # torch's attributes read back (code reads m.num_features in an init loop over modules())
    num_features = property(lambda self: int(self.moving_mean.shape[0]))
    eps = property(lambda self: self.epsilon)
    affine = property(lambda self: self.center and self.scale)
    track_running_stats = True

    def call(self, x, training=None):
        if not (self._tg_training if training is None else training):
            return super().call(x, training=False)
        self._tg_batches = getattr(self, "_tg_batches", 0) + 1
        momentum = 1 / self._tg_batches if self.momentum is None else 1 - self.momentum  # torch's; None: average
        return _tg_batch_norm(x, self.moving_mean, self.moving_variance, self.gamma, self.beta, True, momentum,
                              self.epsilon)
''', needs=("batch_norm",)),
    "layer:EmbeddingBag": _h("TorchEmbeddingBag", '''
class TorchEmbeddingBag(tf.keras.layers.Layer):
    """torch.nn.EmbeddingBag: the rows of each bag (a row of 2-D input, else input[offsets[i]:
    offsets[i + 1]]) reduced by sum, mean or max; padding_idx entries left out; an empty bag is
    zeros. Bags are ragged: their bounds are read eagerly. torch's weight name and layout."""

    def __init__(self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
                 mode="mean", sparse=False, _weight=None, include_last_offset=False, padding_idx=None,
                 device=None, dtype=None):
        super().__init__()
        self.weight = tf.Variable(tf.random.normal((num_embeddings, embedding_dim)))
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.mode, self.include_last_offset = mode, include_last_offset
        self.padding_idx = padding_idx + num_embeddings if padding_idx is not None and padding_idx < 0 \
            else padding_idx

    def call(self, input, offsets=None, per_sample_weights=None):
        flat = [int(v) for v in tf.reshape(input, [-1]).numpy().tolist()]
        if len(input.shape) == 2:
            n = input.shape[1]
            bounds = [(i * n, i * n + n) for i in range(input.shape[0])]
        else:
            cuts = [int(v) for v in offsets.numpy().tolist()]
            ends = cuts[1:] if self.include_last_offset else cuts[1:] + [len(flat)]
            bounds = list(zip(cuts, ends))
        psw = None if per_sample_weights is None else tf.reshape(per_sample_weights, [-1])
        reduce = {"sum": tf.math.reduce_sum, "mean": tf.math.reduce_mean, "max": tf.math.reduce_max}[self.mode]
        bags = []
        for start, end in bounds:
            keep = [j for j in range(start, end) if flat[j] != self.padding_idx]
            if not keep:
                bags.append(tf.zeros((self.weight.shape[1],), self.weight.dtype))
                continue
            rows = tf.gather(self.weight, [flat[j] for j in keep])
            if psw is not None:
                rows = rows * tf.reshape(tf.gather(psw, keep), [-1, 1])
            bags.append(reduce(rows, axis=0))
        return tf.stack(bags)
'''),
    "layer:PixelShuffle": _h("TorchPixelShuffle", '''
class TorchPixelShuffle(tf.keras.layers.Layer):
    """torch.nn.PixelShuffle on NCHW input."""

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def call(self, x):
        return _tg_pixel_shuffle(x, self.upscale_factor)
''', needs=("pixel_shuffle",)),
    "layer:Pad2d": _h("TorchPad2d", '''
class TorchPad2d(tf.keras.layers.Layer):
    """torch.nn.ZeroPad2d / ReflectionPad2d / ReplicationPad2d / ConstantPad2d on NCHW input;
    ``padding`` is an int or (left, right, top, bottom)."""

    def __init__(self, padding, mode="constant", value=0.0):
        super().__init__()
        self.pad = (padding,) * 4 if isinstance(padding, int) else tuple(padding)
        self.mode, self.value = mode, value

    def call(self, x):
        return _tg_pad(x, self.pad, self.mode, self.value)


class TorchPad1d(TorchPad2d):
    """torch.nn.*Pad1d on NCL input; ``padding`` an int or (left, right)."""

    def __init__(self, padding, mode="constant", value=0.0):
        super().__init__((padding,) * 2 if isinstance(padding, int) else padding, mode, value)
''', needs=("torch:pad",)),
})

#: torch.nn activation layers no Keras layer computes as torch does (layers.py maps them here): the
#: call over ``x`` and the torch constructor's stored arguments, and the helpers it uses; each becomes a
#: ``Torch<Name>`` Keras layer taking the torch constructor's arguments (signature from layers.LAYERS)
ACTIVATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "SELU": ("tf.nn.selu(x)", ()),
    "Mish": ("_tg_mish(x)", ("mish",)),
    "Hardswish": ("_tg_hardswish(x)", ("hardswish",)),
    "Hardsigmoid": ("_tg_hardsigmoid(x)", ("hardsigmoid",)),
    "Hardtanh": ("_tg_hardtanh(x, self.min_val, self.max_val)", ("hardtanh",)),
    "Softplus": ("_tg_softplus(x, self.beta, self.threshold)", ("softplus",)),
    "LogSoftmax": ("tf.nn.log_softmax(x, axis=_tg_softmax_axis(x) if self.dim is None else self.dim)",
                   ("softmax_legacy_axis",)),
}


#: TorchCompatLayer's torch.nn.Module methods: name -> (code, helper keys it calls). The base
#: gets load_state_dict and the mode switches always, the others when the converted file calls
#: them (``.parameters()``...).
MODULE_METHODS: dict[str, tuple[str, tuple[str, ...]]] = {
    "load_state_dict": ("""
    def load_state_dict(self, state_dict, strict=True):
        return _tg_load_state_dict(self, state_dict, strict)
""", ("_load_state_dict",)),
    # self.training read outside forward (call() gets Keras' training argument instead)
    "training": ("""
    @property
    def training(self):  # torch's mode flag: set by train() / eval(), training at first
        return self._tg_training

    @training.setter
    def training(self, mode):
        self._tg_training = bool(mode)
""", ()),
    "add_module": ("""
    def add_module(self, name, module):
        setattr(self, name, module)
""", ()),
    # torch's mode switches: a call without training= then runs in the mode last set, as in torch
    # (Keras hands the outer call's flag down to every layer it calls)
    "eval": ("""
    def eval(self):
        return self.train(False)
""", ()),
    "train": ("""
    _tg_training = True  # a new torch module trains; a call without training= runs in this mode

    def train(self, mode=True):
        return _tg_train(self, mode)

    def __call__(self, *args, training=None, **kwargs):
        return super().__call__(*args, training=self._tg_training if training is None else training, **kwargs)
""", ("_train",)),
    "parameters": ("""
    def parameters(self):
        return iter(self.trainable_weights)
""", ()),
    "named_parameters": ("""
    def named_parameters(self):
        return iter([(w.name, w) for w in self.trainable_weights])
""", ()),
    "state_dict": ("""
    def state_dict(self):
        return _tg_state_dict(self)
""", ("_state_dict",)),
    "modules": ("""
    def modules(self):
        return _tg_modules(self)
""", ("_modules",)),
    "apply": ("""
    def apply(self, fn):
        for layer in _tg_modules(self)[1:] + [self]:
            fn(layer)
        return self
""", ("_modules",)),
}

#: _tg_batch_norm(training=True) blends batch statistics into running stats that are tf.Variables
#: (buffers), as torch's F.batch_norm does in place
BATCH_NORM_UPDATES_RUNNING_STATS = True

#: in every base: torch weights, and the mode (a torch module starts in training mode, so verify
#: and scripts need train() / eval() to reach inference)
MODULE_METHODS_ALWAYS = ("load_state_dict", "train", "eval")

# torch.nn loss modules (layers.LOSSES): plain callables over the loss helpers
from .layers import LAYERS as _LAYERS, LOSSES as _LOSSES, loss_class as _loss_class  # noqa: E402
from .binding import forwarding_args  # noqa: E402

for _name in _LOSSES:
    _cls, _code, _needs = _loss_class(_name, "")
    HELPERS[f"layer:{_name}"] = _h(_cls, _code, needs=_needs)

for _name, (_call, _needs) in ACTIVATIONS.items():
    _params = _LAYERS[f"torch.nn.{_name}"].sig[1:-1]
    _names = [n for n in forwarding_args(f"({_params})") if n.isidentifier() and n != "inplace"]
    HELPERS[f"layer:{_name}"] = _h(f"Torch{_name}", (
        f"class Torch{_name}(tf.keras.layers.Layer):\n"
        f"    def __init__(self, {_params}):\n        super().__init__()\n"
        + (f"        {', '.join('self.' + n for n in _names)} = {', '.join(_names)}\n" if _names else "")
        + f"\n    def call(self, x):\n        return {_call}\n"), needs=_needs)

HELPERS.update(_einops.helpers("tensorflow", _h))

HELPERS["promote"] = _h("_tg_promote", PROMOTE.replace("DTYPE_OF(v)", "tf.as_dtype(v.dtype).name")
                        .replace("CAST(v, dtype)", "tf.cast(v, dtype)"))
#: Python operator -> the tf function a promoted operation calls (see PROMOTE)
PROMOTE_OPS = {"Add": "tf.math.add", "Sub": "tf.math.subtract", "Mult": "tf.math.multiply",
               "Div": "tf.math.truediv", "FloorDiv": "tf.math.floordiv", "Mod": "tf.math.floormod",
               "Pow": "tf.math.pow"}

# torch.matmul / @ take 1-D operands (a vector: dot, matrix @ vector, vector @ batched matrix);
# tf.linalg.matmul needs rank >= 2 on both sides. torch.mm / bmm fix the ranks and keep tf.linalg.matmul.
HELPERS["torch:matmul"] = _h("_tg_matmul", '''
def _tg_matmul(x, y):
    """torch.matmul: a 1-D operand is a vector, promoted to a matrix and its axis dropped after."""
    x, y = (v if hasattr(v, "shape") else tf.convert_to_tensor(v) for v in (x, y))  # [[1.0, 2.0]] @ t
    if len(x.shape) >= 2 and len(y.shape) >= 2:
        return tf.linalg.matmul(x, y)
    if len(x.shape) == 1 and len(y.shape) == 1:
        return tf.reduce_sum(x * y)
    if len(x.shape) == 1:
        return tf.squeeze(tf.linalg.matmul(x[None, :], y), -2)
    return tf.squeeze(tf.linalg.matmul(x, y[:, None]), -1)
''')

# torch.nn.Embedding.from_pretrained(embeddings, freeze=True, ...): the layer starts from the given
# rows; padding_idx only stops gradients (the row is not zeroed), so inference ignores it
HELPERS["torch:Embedding.from_pretrained"] = _h("_tg_embedding_from_pretrained", '''
def _tg_embedding_from_pretrained(embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                                  scale_grad_by_freq=False, sparse=False):
    """torch.nn.Embedding.from_pretrained: an Embedding holding ``embeddings`` (rows, dim);
    frozen (not trainable) by default, as in torch."""
    if max_norm is not None:
        raise NotImplementedError("Embedding.from_pretrained(max_norm=...) renormalises rows: not converted")
    embeddings = tf.convert_to_tensor(embeddings)
    layer = tf.keras.layers.Embedding(embeddings.shape[0], embeddings.shape[1], trainable=not freeze)
    layer.build((None,))
    layer.embeddings.assign(tf.cast(embeddings, layer.embeddings.dtype))
    return layer
''')

#: tf.range(n) of Python ints is int32 (torch.arange: int64)
DEFAULT_INT = "int32"
