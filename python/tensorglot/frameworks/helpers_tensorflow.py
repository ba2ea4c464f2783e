"""TensorFlow-side helper snippets the transpiler emits (once each) into converted code.

A helper is used where no tf.* binding can express a canonical call: its
signature is exactly the canonical op's (tensorglot.ops.catalogue), so the
transpiler calls it with canonical argument names. ``EXPRS`` are templates for
torch idioms that are not ops (``x.size(0)``, ``.item()``, ``.to(device)``).
"""
from __future__ import annotations

from dataclasses import dataclass


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

HELPERS: dict[str, Helper] = {
    "_reduced_count": _h("_tg_reduced_count", _REDUCED_COUNT),
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
    """Tensor-valued indexing: boolean masks -> tf.boolean_mask, integer tensors -> tf.gather."""
    if tf.is_tensor(index) and index.dtype == tf.bool:
        return tf.boolean_mask(x, index)
    if tf.is_tensor(index) or isinstance(index, list):
        return tf.gather(x, index)
    return x[index]
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
    "dropout": _h("_tg_dropout", '''
def _tg_dropout(x, p=0.5, training=True, seed=None):
    """torch dropout: active only when training (F.dropout defaults to training=True)."""
    return tf.nn.dropout(x, rate=p, seed=seed) if training and p > 0 else x
'''),
    # the base of converted nn.Module classes
    "module": _h("TorchCompatLayer", '''
class TorchCompatLayer(tf.keras.layers.Layer):
    """A Keras layer that loads torch state dicts (torch names, torch layouts).

    Weights are converted with _TG_WEIGHTS: Linear kernels transposed, OIHW
    convolution kernels to HWIO, BatchNorm running stats to moving stats.
    """

    def load_state_dict(self, state_dict, strict=True):
        groups = {}
        for key, value in state_dict.items():
            path, _, name = key.rpartition(".")
            groups.setdefault(path, {})[name] = _tg_tensor(value)
        unknown = []
        for path, weights in groups.items():
            layer = self
            for part in path.split(".") if path else ():
                layer = _tg_child(layer, part)
            unknown += [f"{path}.{n}".lstrip(".") for n in _tg_assign(layer, weights)]
        if unknown and strict:
            raise KeyError(f"no {type(self).__name__} weight for: {', '.join(unknown)}")
        return self

    def modules(self):
        """This layer and every layer below it, as torch's Module.modules()."""
        out, stack = [], [self]
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

    def eval(self):
        return self

    def train(self, mode=True):
        return self


def _tg_child(layer, part):
    if isinstance(layer, (list, tuple)):
        return layer[int(part)]
    if isinstance(layer, dict):
        return layer[part]
    if hasattr(layer, "_tg_children"):
        return layer._tg_children[int(part)]
    return getattr(layer, part)


def _tg_tensor(value):
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return tf.convert_to_tensor(value)


def _tg_assign(layer, weights):
    """Assign one layer's torch weights; return the names it has no slot for."""
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
    "layer:Conv1d": _h("TorchConv1d", '''
class TorchConv1d(tf.keras.layers.Layer):
    """torch.nn.Conv1d: NCW input, explicit symmetric padding, kernel stored as WIO."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, padding_mode="zeros"):
        super().__init__()
        k = _tg_ntuple(kernel_size, 1)[0]
        self.stride, self.dilation, self.padding = _tg_ntuple(stride, 1)[0], _tg_ntuple(dilation, 1)[0], padding
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
        y = tf.nn.conv1d(x, self.kernel, self.stride, pad, dilations=self.dilation)
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
        self.stride, self.dilation, self.padding = _tg_ntuple(stride, 2), _tg_ntuple(dilation, 2), padding
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
        self.out_channels = out_channels
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
    """torch.nn.MaxPool2d on NCHW input (padding with -inf, as torch)."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.k = _tg_ntuple(kernel_size, 2)
        self.stride = _tg_ntuple(stride if stride is not None else kernel_size, 2)
        self.padding = _tg_ntuple(padding, 2)

    def call(self, x):
        x = tf.transpose(x, (0, 2, 3, 1))
        ph, pw = self.padding
        if ph or pw:
            x = tf.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)), constant_values=float("-inf"))
        y = tf.nn.max_pool2d(x, self.k, self.stride, "VALID")
        return tf.transpose(y, (0, 3, 1, 2))
''', needs=("_ntuple",)),
    "layer:AvgPool2d": _h("TorchAvgPool2d", '''
class TorchAvgPool2d(tf.keras.layers.Layer):
    """torch.nn.AvgPool2d on NCHW input (zero padding counted, as torch's count_include_pad)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.k = _tg_ntuple(kernel_size, 2)
        self.stride = _tg_ntuple(stride if stride is not None else kernel_size, 2)
        self.padding = _tg_ntuple(padding, 2)

    def call(self, x):
        x = tf.transpose(x, (0, 2, 3, 1))
        ph, pw = self.padding
        if ph or pw:
            x = tf.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)))
        y = tf.nn.avg_pool2d(x, self.k, self.stride, "VALID")
        return tf.transpose(y, (0, 3, 1, 2))
''', needs=("_ntuple",)),
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
class TorchSequential(tf.keras.layers.Layer):
    """torch.nn.Sequential: children called in order, indexable like torch (seq[0])."""

    def __init__(self, *layers):
        super().__init__()
        self._tg_children = list(layers)

    def __getitem__(self, i):
        return self._tg_children[i]

    def __len__(self):
        return len(self._tg_children)

    def call(self, x):
        for layer in self._tg_children:
            x = layer(x)
        return x
'''),
})

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
}
EXPR_IMPORTS: dict[str, str] = {"contextlib.": "import contextlib"}
