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
    var = tf.Variable(x)
    var[index].assign(tf.cast(tf.broadcast_to(value, var[index].shape), x.dtype))
    return tf.convert_to_tensor(var)
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
