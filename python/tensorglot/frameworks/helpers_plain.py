"""Helper snippets shared by the array-library targets (JAX and NumPy).

Converted torch.nn.Module classes become plain Python classes there: a
``TorchModule`` base keeps each module's parameters and buffers in a dict
(``self.params``, a pytree) under their torch names and torch layouts, so
``load_state_dict`` is an assignment by name and ``apply(params, *args)``
is a pure function of a flat torch-named parameter dict (what ``jax.jit``
and ``jax.grad`` take). Layer classes (``TorchLinear``...) take torch's
constructor arguments unchanged and compute in torch layout (NCHW, OIHW,
Linear weight (out, in)).

Snippets are written once over ``XP`` (the array module: ``jnp`` or ``np``)
and a few per-target spellings (``ARRAY_TYPE``, ``INT``, ``TO_ARRAY``);
helpers_jax / helpers_numpy instantiate them and add what differs
(convolution, erf, random numbers). Every op helper has its canonical op's
signature (tensorglot.ops.catalogue) so the transpiler calls it with
canonical argument names.
"""
from __future__ import annotations

from .helpers_tensorflow import MHA_FORWARD_HEAD, PROMOTE, TENSOR_TYPE, Helper
from .layers import LOSSES, loss_class


def _helper(name: str, code: str, subst: dict[str, str], needs=(), imports=()) -> Helper:
    for key, value in subst.items():
        code = code.replace(key, value)
    if "collections." in code:
        imports = tuple(imports) + ("import collections",)
    return Helper(name, code.strip("\n") + "\n", tuple(needs), tuple(imports))


# ---------------------------------------------------------------- op helpers
#: canonical op -> (helper name, code, needs)
OPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "tensor_type": ("_tg_tensor_type", TENSOR_TYPE, ()),
    "_ntuple": ("_tg_ntuple", '''
def _tg_ntuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n
''', ()),
    "softmax": ("_tg_softmax", '''
def _tg_softmax(x, axis=-1):
    """softmax along ``axis`` (max-shifted, as torch)."""
    e = XP.exp(x - XP.max(x, axis=axis, keepdims=True))
    return e / XP.sum(e, axis=axis, keepdims=True)
''', ()),
    "log_softmax": ("_tg_log_softmax", '''
def _tg_log_softmax(x, axis=-1):
    shifted = x - XP.max(x, axis=axis, keepdims=True)
    return shifted - XP.log(XP.sum(XP.exp(shifted), axis=axis, keepdims=True))
''', ()),
    "logsumexp": ("_tg_logsumexp", '''
def _tg_logsumexp(x, axis=None, keepdims=False):
    m = XP.max(x, axis=axis, keepdims=True)
    out = XP.log(XP.sum(XP.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else XP.squeeze(out, axis=axis)
''', ()),
    "softmax_legacy_axis": ("_tg_softmax_axis", '''
def _tg_softmax_axis(x):
    """torch's implicit softmax dim (deprecated): 0 for 0-, 1- and 3-D input, else 1."""
    return 0 if x.ndim in (0, 1, 3) else 1
''', ()),
    "sigmoid": ("_tg_sigmoid", '''
def _tg_sigmoid(x):
    return 1 / (1 + XP.exp(-x))
''', ()),
    "relu": ("_tg_relu", '''
def _tg_relu(x):
    return XP.maximum(x, 0)
''', ()),
    "relu6": ("_tg_relu6", '''
def _tg_relu6(x):
    return XP.clip(x, 0, 6)
''', ()),
    "silu": ("_tg_silu", '''
def _tg_silu(x):
    return x / (1 + XP.exp(-x))
''', ()),
    "softplus": ("_tg_softplus", '''
def _tg_softplus(x, beta=1.0, threshold=20.0):
    """torch softplus: log(1 + exp(beta x)) / beta, linear above ``threshold``."""
    bx = x * beta
    return XP.where(bx > threshold, x, XP.log1p(XP.exp(XP.minimum(bx, threshold))) / beta)
''', ()),
    "mish": ("_tg_mish", '''
def _tg_mish(x):
    return x * XP.tanh(_tg_softplus(x))
''', ("softplus",)),
    "leaky_relu": ("_tg_leaky_relu", '''
def _tg_leaky_relu(x, negative_slope=0.01):
    return XP.where(x >= 0, x, x * negative_slope)
''', ()),
    "elu": ("_tg_elu", '''
def _tg_elu(x, alpha=1.0):
    return XP.where(x > 0, x, alpha * (XP.exp(XP.minimum(x, 0)) - 1))
''', ()),
    "selu": ("_tg_selu", '''
def _tg_selu(x):
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    return scale * XP.where(x > 0, x, alpha * (XP.exp(XP.minimum(x, 0)) - 1))
''', ()),
    "hardtanh": ("_tg_hardtanh", '''
def _tg_hardtanh(x, min_val=-1.0, max_val=1.0):
    return XP.clip(x, min_val, max_val)
''', ()),
    "hardsigmoid": ("_tg_hardsigmoid", '''
def _tg_hardsigmoid(x):
    return XP.clip(x + 3, 0, 6) / 6
''', ()),
    "hardswish": ("_tg_hardswish", '''
def _tg_hardswish(x):
    return x * XP.clip(x + 3, 0, 6) / 6
''', ()),
    "gelu": ("_tg_gelu", '''
def _tg_gelu(x, approximate=False):
    """torch GELU: exact (erf) by default, the tanh form when approximate."""
    if approximate:
        return 0.5 * x * (1 + XP.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + _tg_erf(x / 1.4142135623730951))
''', ("erf",)),
    "rsqrt": ("_tg_rsqrt", '''
def _tg_rsqrt(x):
    return 1 / XP.sqrt(x)
''', ()),
    "truncdiv": ("_tg_truncdiv", '''
def _tg_truncdiv(x, y):
    """Division rounding toward zero (torch rounding_mode='trunc'), in the operands' dtype."""
    q = XP.abs(x) // XP.abs(y)
    return XP.where((x < 0) != (y < 0), -q, q)
''', ()),
    "flatten": ("_tg_flatten", '''
def _tg_flatten(x, start_axis=0, end_axis=-1):
    """torch.flatten: merge axes start_axis..end_axis (inclusive)."""
    if x.ndim == 0:
        return XP.reshape(x, (1,))
    start, end = start_axis % x.ndim, end_axis % x.ndim
    return XP.reshape(x, tuple(x.shape[:start]) + (-1,) + tuple(x.shape[end + 1:]))
''', ()),
    "unbind": ("_tg_unbind", '''
def _tg_unbind(x, axis=0):
    return tuple(XP.take(x, i, axis=axis) for i in range(x.shape[axis]))
''', ()),
    "index_select": ("_tg_index_select", '''
def _tg_index_select(x, axis, indices):
    return XP.take(x, indices, axis=axis)
''', ()),
    "masked_fill": ("_tg_masked_fill", '''
def _tg_masked_fill(x, mask, value):
    """torch masked_fill: ``value`` where ``mask`` is True, as a new array."""
    return XP.where(mask, XP.asarray(value, dtype=x.dtype), x)
''', ()),
    "one_hot": ("_tg_one_hot", '''
def _tg_one_hot(indices, depth):
    """torch one_hot: integer output; depth -1 means max + 1."""
    depth = int(XP.max(indices)) + 1 if depth == -1 else depth
    return (XP.expand_dims(indices, -1) == XP.arange(depth)).astype(INT)
''', ()),
    "topk": ("_tg_topk", '''
def _tg_topk(x, k, axis=-1, largest=True, sorted=True):
    """(values, indices) of the k largest (smallest) entries along ``axis``."""
    order = XP.argsort(-x if largest else x, axis=axis)
    idx = XP.take(order, XP.arange(k), axis=axis)
    return _TgValuesIndices(XP.take_along_axis(x, idx, axis=axis), idx)
''', ("_values_indices",)),
    "dot": ("_tg_dot", '''
def _tg_dot(x, y):
    """torch.dot / torch.mv: 1-D . 1-D or 2-D . 1-D."""
    return XP.dot(x, y)
''', ()),
    "bernoulli": ("_tg_bernoulli", '''
def _tg_bernoulli(probs, shape=None, dtype=None, seed=None):
    """torch.bernoulli / Tensor.bernoulli_: 1 where a uniform draw is below ``probs``, else 0."""
    probs = XP.asarray(probs, dtype=XP.float32 if isinstance(probs, float) else None)
    draws = _tg_random_uniform(probs.shape if shape is None else tuple(shape), 0.0, 1.0, "float32", seed)
    return (draws < probs).astype(probs.dtype if dtype is None else dtype)
''', ("random_uniform",)),
    "multinomial": ("_tg_multinomial", '''
def _tg_multinomial(probs, num_samples, replacement=False, seed=None):
    """torch.multinomial by the Gumbel-max trick: indices drawn in proportion to each row of
    ``probs`` (a weight 0 is never drawn); without replacement the Gumbel top-k."""
    p = XP.asarray(probs, dtype="float32")
    logp = XP.where(p > 0, XP.log(XP.where(p > 0, p, 1)), -XP.inf)  # no log(0) warning
    shape = tuple(logp.shape[:-1]) + ((num_samples,) if replacement else ()) + tuple(logp.shape[-1:])
    gumbel = -XP.log(-XP.log(_tg_random_uniform(shape, 1e-7, 1.0 - 1e-7, "float32", seed)))
    if replacement:
        return XP.argmax(XP.expand_dims(logp, -2) + gumbel, axis=-1)
    return XP.argsort(-(logp + gumbel), axis=-1)[..., :num_samples]
''', ("random_uniform",)),
    "linear": ("_tg_linear", '''
def _tg_linear(x, weight, bias=None):
    """torch linear: x @ weight.T + bias, weight (out, in)."""
    y = XP.matmul(x, XP.swapaxes(weight, -1, -2))
    return y if bias is None else y + bias
''', ()),
    "embedding": ("_tg_embedding", '''
def _tg_embedding(indices, weight, padding_idx=None):
    return XP.take(weight, indices, axis=0)
''', ()),
    "embedding_bag": ("_tg_embedding_bag", '''
def _tg_embedding_bag(input, weight, offsets=None, mode="mean", per_sample_weights=None,
                      include_last_offset=False, padding_idx=None):
    """torch.nn.EmbeddingBag: the rows of each bag (a row of 2-D input, else input[offsets[i]:
    offsets[i + 1]]) reduced by sum, mean or max; padding_idx entries left out; an empty bag is zeros."""
    flat = [int(v) for v in XP.reshape(input, (-1,)).tolist()]
    if len(input.shape) == 2:
        n = input.shape[1]
        bounds = [(i * n, i * n + n) for i in range(input.shape[0])]
    else:
        cuts = [int(v) for v in offsets.tolist()]
        ends = cuts[1:] if include_last_offset else cuts[1:] + [len(flat)]
        bounds = list(zip(cuts, ends))
    psw = None if per_sample_weights is None else XP.reshape(per_sample_weights, (-1,))
    bags = []
    for start, end in bounds:
        keep = [j for j in range(start, end) if flat[j] != padding_idx]
        if not keep:
            bags.append(XP.zeros((weight.shape[1],), dtype=weight.dtype))
            continue
        rows = XP.take(weight, XP.asarray([flat[j] for j in keep]), axis=0)
        if psw is not None:
            rows = rows * XP.reshape(XP.take(psw, XP.asarray(keep)), (-1, 1))
        reduce = {"sum": XP.sum, "mean": XP.mean, "max": XP.max}[mode]
        bags.append(reduce(rows, axis=0))
    return XP.stack(bags)
''', ()),
    "layer_norm": ("_tg_layer_norm", '''
def _tg_layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the trailing ``normalized_shape`` axes (biased variance, as torch)."""
    n = 1 if isinstance(normalized_shape, int) else len(normalized_shape)
    axes = tuple(range(-n, 0))
    mean = XP.mean(x, axis=axes, keepdims=True)
    var = XP.mean(XP.square(x - mean), axis=axes, keepdims=True)
    y = (x - mean) / XP.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    return y if bias is None else y + bias
''', ()),
    "batch_norm": ("_tg_batch_norm", '''
def _tg_batch_norm(x, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
                   eps=1e-5):
    """torch batch_norm over axis 1; ``training`` normalises with the batch statistics."""
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if training or running_mean is None:
        axes = (0,) + tuple(range(2, x.ndim))
        mean = XP.mean(x, axis=axes, keepdims=True)
        var = XP.mean(XP.square(x - mean), axis=axes, keepdims=True)
    else:
        mean, var = XP.reshape(running_mean, shape), XP.reshape(running_var, shape)
    y = (x - mean) / XP.sqrt(var + eps)
    if weight is not None:
        y = y * XP.reshape(weight, shape)
    return y if bias is None else y + XP.reshape(bias, shape)
''', ()),
    "group_norm": ("_tg_group_norm", '''
def _tg_group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    n = x.shape[0]
    g = XP.reshape(x, (n, num_groups, -1))
    mean = XP.mean(g, axis=-1, keepdims=True)
    var = XP.mean(XP.square(g - mean), axis=-1, keepdims=True)
    y = XP.reshape((g - mean) / XP.sqrt(var + eps), x.shape)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if weight is not None:
        y = y * XP.reshape(weight, shape)
    return y if bias is None else y + XP.reshape(bias, shape)
''', ()),
    "instance_norm": ("_tg_instance_norm", '''
def _tg_instance_norm(x, weight=None, bias=None, eps=1e-5):
    axes = tuple(range(2, x.ndim))
    mean = XP.mean(x, axis=axes, keepdims=True)
    var = XP.mean(XP.square(x - mean), axis=axes, keepdims=True)
    y = (x - mean) / XP.sqrt(var + eps)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if weight is not None:
        y = y * XP.reshape(weight, shape)
    return y if bias is None else y + XP.reshape(bias, shape)
''', ()),
    "size": ("_tg_size", '''
def _tg_size(size):
    """torch's size given as one value: one int, or a sequence of them."""
    return (size,) if isinstance(size, int) else size
''', ()),
    "prelu": ("_tg_prelu", '''
def _tg_prelu(x, weight):
    if x.ndim >= 2 and weight.size > 1:  # one slope per channel (axis 1)
        weight = XP.reshape(weight, (1, -1) + (1,) * (x.ndim - 2))
    return XP.where(x > 0, x, x * weight)
''', ()),
    "pixel_shuffle": ("_tg_pixel_shuffle", '''
def _tg_pixel_shuffle(x, upscale_factor):
    n, c, h, w = x.shape
    r = upscale_factor
    y = XP.reshape(x, (n, c // (r * r), r, r, h, w))
    y = XP.transpose(y, (0, 1, 4, 2, 5, 3))
    return XP.reshape(y, (n, c // (r * r), h * r, w * r))
''', ()),
    "interpolate": ("_tg_interpolate", '''
def _tg_interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """torch F.interpolate on channels-first input, separably along each spatial axis.

    'nearest' is torch's legacy floor(i * in / out), 'nearest-exact' floor((i + 0.5) * in / out);
    linear modes use half-pixel centres unless align_corners (no antialiasing, as torch)."""
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
        pos = XP.arange(n_out, dtype=XP.float32)
        if mode in ("nearest", "nearest-exact"):
            src = pos * scale if mode == "nearest" else (pos + 0.5) * scale
            x = XP.take(x, XP.minimum(XP.floor(src).astype(INT), n_in - 1), axis=axis)
            continue
        if align_corners:
            src = pos * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
        else:
            src = XP.maximum((pos + 0.5) * scale - 0.5, 0.0)
        lo = XP.minimum(XP.floor(src).astype(INT), n_in - 1)
        hi = XP.minimum(lo + 1, n_in - 1)
        shape = [1] * x.ndim
        shape[axis] = n_out
        frac = XP.reshape(src - lo.astype(XP.float32), shape).astype(x.dtype)
        x = XP.take(x, lo, axis=axis) * (1 - frac) + XP.take(x, hi, axis=axis) * frac
    return x
''', ()),
    "mse_loss": ("_tg_mse_loss", '''
def _tg_mse_loss(x, y, reduction="mean"):
    err = XP.square(x - y)
    return XP.mean(err) if reduction == "mean" else XP.sum(err) if reduction == "sum" else err
''', ()),
    "_reduce_loss": ("_tg_reduce_loss", '''
def _tg_reduce_loss(loss, reduction):
    return XP.mean(loss) if reduction == "mean" else XP.sum(loss) if reduction == "sum" else loss
''', ()),
    "nll_loss": ("_tg_nll_loss", '''
def _tg_nll_loss(logp, target, axis=1, reduction="mean", ignore_index=-100, weight=None):
    """torch F.nll_loss: minus the log-probability of each class-index target along ``axis``, times
    its class weight; ``ignore_index`` targets give 0; 'mean' divides by the summed weights."""
    axis = axis if logp.ndim > 1 else 0
    kept = target != ignore_index
    safe = XP.where(kept, target, 0)
    picked = XP.squeeze(XP.take_along_axis(logp, XP.expand_dims(safe, axis), axis=axis), axis=axis)
    w = XP.where(kept, 1.0 if weight is None else weight[safe], 0.0).astype(logp.dtype)
    loss = XP.where(kept, -picked * w, 0.0).astype(logp.dtype)
    return XP.sum(loss) / XP.sum(w) if reduction == "mean" else _tg_reduce_loss(loss, reduction)
''', ("_reduce_loss",)),
    "binary_cross_entropy": ("_tg_binary_cross_entropy", '''
def _tg_binary_cross_entropy(x, y, reduction="mean"):
    """torch F.binary_cross_entropy on probabilities: each log clamped at -100, as torch."""
    loss = -(y * XP.maximum(XP.log(x), -100.0) + (1 - y) * XP.maximum(XP.log(1 - x), -100.0))
    return _tg_reduce_loss(loss, reduction)
''', ("_reduce_loss",)),
    "bce_with_logits": ("_tg_bce_with_logits", '''
def _tg_bce_with_logits(x, y, reduction="mean", pos_weight=None):
    """torch F.binary_cross_entropy_with_logits, the stable form (pos_weight scales positives)."""
    w = 1.0 if pos_weight is None else 1 + (pos_weight - 1) * y
    loss = (1 - y) * x + w * (XP.log1p(XP.exp(-XP.abs(x))) + XP.maximum(-x, 0.0))
    return _tg_reduce_loss(loss, reduction)
''', ("_reduce_loss",)),
    "l1_loss": ("_tg_l1_loss", '''
def _tg_l1_loss(x, y, reduction="mean"):
    return _tg_reduce_loss(XP.abs(x - y), reduction)
''', ("_reduce_loss",)),
    "smooth_l1_loss": ("_tg_smooth_l1_loss", '''
def _tg_smooth_l1_loss(x, y, reduction="mean", beta=1.0):
    """torch F.smooth_l1_loss: 0.5 d^2 / beta where |d| < beta, else |d| - beta / 2."""
    d = XP.abs(x - y)
    loss = d if beta == 0 else XP.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta)
    return _tg_reduce_loss(loss, reduction)
''', ("_reduce_loss",)),
    "cross_entropy": ("_tg_cross_entropy", '''
def _tg_cross_entropy(logits, target, axis=1, reduction="mean", label_smoothing=0.0, ignore_index=-100,
                      weight=None):
    """torch cross_entropy: class-index targets (one rank less) or class probabilities; index
    targets equal to ``ignore_index`` give 0; ``weight`` scales each class; with index targets
    'mean' divides by the summed weights of the kept targets."""
    axis = axis % logits.ndim if logits.ndim > 1 else 0
    logp = _tg_log_softmax(logits, axis=axis)
    wv = 1.0 if weight is None else XP.reshape(weight, (-1,) + (1,) * (logits.ndim - 1 - axis))
    kept = None
    if target.ndim == logits.ndim - 1:
        kept = target != ignore_index
        safe = XP.where(kept, target, 0)
        picked = XP.take_along_axis(logp, XP.expand_dims(safe, axis), axis=axis)
        nll = -XP.squeeze(picked, axis=axis)
        counted = XP.where(kept, 1.0 if weight is None else weight[safe], 0.0).astype(nll.dtype)
        if weight is not None:
            nll = nll * weight[safe]
    else:
        nll = -XP.sum(target * logp * wv, axis=axis)
    if label_smoothing:
        nll = (1 - label_smoothing) * nll - label_smoothing * XP.mean(logp * wv, axis=axis)
    if kept is not None:
        nll = XP.where(kept, nll, XP.zeros_like(nll))
        if reduction == "mean":
            return XP.sum(nll) / XP.sum(counted)
    return XP.mean(nll) if reduction == "mean" else XP.sum(nll) if reduction == "sum" else nll
''', ("log_softmax",)),
    "_pool_windows": ("_tg_pool_windows", '''
def _tg_pool_windows(x, kernel_size, stride, padding, dilation, fill, ceil_mode=False, extra_fill=None):
    """The k*k strided views of a padded NC(H)W input that a pooling window covers; with
    ``ceil_mode`` (torch) a last partial window, over a right edge padded with ``extra_fill``."""
    one_d = x.ndim == 3
    if one_d:
        x = XP.expand_dims(x, 2)
    kh, kw = (1,) + _tg_ntuple(kernel_size, 1) if one_d else _tg_ntuple(kernel_size, 2)
    stride = kernel_size if stride is None or stride == () or stride == [] else stride
    sh, sw = (1,) + _tg_ntuple(stride, 1) if one_d else _tg_ntuple(stride, 2)
    ph, pw = (0,) + _tg_ntuple(padding, 1) if one_d else _tg_ntuple(padding, 2)
    dh, dw = (1,) + _tg_ntuple(dilation, 1) if one_d else _tg_ntuple(dilation, 2)
    size = x.shape[2:]
    if ph or pw:
        x = XP.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=fill)
    extra = [0, 0]
    if ceil_mode:
        for d, (n, k, s, p, dl) in enumerate(zip(size, (kh, kw), (sh, sw), (ph, pw), (dh, dw))):
            o = -(-(n + 2 * p - dl * (k - 1) - 1) // s) + 1
            if (o - 1) * s >= n + p:
                o -= 1
            extra[d] = max(0, (o - 1) * s + dl * (k - 1) + 1 - n - 2 * p)
        if extra != [0, 0]:
            x = XP.pad(x, ((0, 0), (0, 0), (0, extra[0]), (0, extra[1])),
                       constant_values=fill if extra_fill is None else extra_fill)
    oh = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    views = [x[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
             for i in range(kh) for j in range(kw)]
    return views, one_d
''', ("_ntuple",)),
    "max_pool": ("_tg_max_pool", '''
def _tg_max_pool(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """torch max_pool1d/2d on NC(H)W input (padding never wins: it is -inf)."""
    views, one_d = _tg_pool_windows(x, kernel_size, stride, padding, dilation, float("-inf"), ceil_mode)
    y = views[0]
    for v in views[1:]:
        y = XP.maximum(y, v)
    return y[:, :, 0] if one_d else y
''', ("_pool_windows",)),
    "avg_pool": ("_tg_avg_pool", '''
def _tg_avg_pool(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """torch avg_pool1d/2d on NC(H)W input: the divisor counts the zero padding (unless
    count_include_pad=False) but never ceil_mode's extra right edge, as torch."""
    views, one_d = _tg_pool_windows(x, kernel_size, stride, padding, 1, 0.0, ceil_mode)
    total = views[0]
    for v in views[1:]:
        total = total + v
    if count_include_pad and not ceil_mode:
        y = total / len(views)
    else:
        ones, _ = _tg_pool_windows(XP.ones(x.shape, dtype=x.dtype), kernel_size, stride, padding, 1,
                                   1.0 if count_include_pad else 0.0, ceil_mode, 0.0)
        count = ones[0]
        for v in ones[1:]:
            count = count + v
        y = total / count
    return y[:, :, 0] if one_d else y
''', ("_pool_windows",)),
    "_adaptive_pool": ("_tg_adaptive_pool", '''
def _tg_adaptive_pool(x, output_size, reduce):
    """torch adaptive pooling: bin i covers [floor(i*n/o), ceil((i+1)*n/o)) on each spatial axis."""
    one_d = x.ndim == 3
    if one_d:
        x = XP.expand_dims(x, 2)
        output_size = (1,) + _tg_ntuple(output_size, 1)
    h, w = x.shape[2], x.shape[3]
    oh, ow = [(h, w)[i] if o is None else o for i, o in enumerate(_tg_ntuple(output_size, 2))]
    rows = []
    for i in range(oh):
        h0, h1 = (i * h) // oh, -((-(i + 1) * h) // oh)
        cols = [reduce(x[:, :, h0:h1, (j * w) // ow:-((-(j + 1) * w) // ow)], axis=(2, 3)) for j in range(ow)]
        rows.append(XP.stack(cols, axis=-1))
    y = XP.stack(rows, axis=-2)
    return y[:, :, 0] if one_d else y
''', ("_ntuple",)),
    "adaptive_avg_pool": ("_tg_adaptive_avg_pool", '''
def _tg_adaptive_avg_pool(x, output_size):
    return _tg_adaptive_pool(x, output_size, XP.mean)
''', ("_adaptive_pool",)),
    "adaptive_max_pool": ("_tg_adaptive_max_pool", '''
def _tg_adaptive_max_pool(x, output_size):
    return _tg_adaptive_pool(x, output_size, XP.max)
''', ("_adaptive_pool",)),
    # source-side hooks (transpiler/hooks.py): torch call shapes no canonical op says
    "torch:split": ("_tg_split", '''
def _tg_split(x, split_size_or_sections, axis=0):
    """torch.split: an int is the size of each chunk (the last may be smaller), a list the sizes."""
    n = x.shape[axis]
    if isinstance(split_size_or_sections, int):
        s = split_size_or_sections
        sizes = [s] * (n // s) + ([n % s] if n % s else [])
    else:
        sizes = list(split_size_or_sections)
    cuts = [sum(sizes[:i + 1]) for i in range(len(sizes) - 1)]
    return tuple(XP.split(x, cuts, axis=axis))
''', ()),
    "torch:chunk": ("_tg_chunk", '''
def _tg_chunk(x, chunks, axis=0):
    """torch.chunk: chunks of size ceil(n / chunks); fewer chunks when they run out."""
    return _tg_split(x, -(-x.shape[axis] // chunks), axis)
''', ("torch:split",)),
    "torch:expand": ("_tg_expand", '''
def _tg_expand(x, *sizes):
    """Tensor.expand: -1 keeps the existing size; new leading axes may be added."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = tuple(sizes[0])
    lead = len(sizes) - x.ndim
    return XP.broadcast_to(x, tuple(x.shape[i - lead] if s == -1 else s for i, s in enumerate(sizes)))
''', ()),
    "torch:pad": ("_tg_pad", '''
def _tg_pad(x, pad, mode="constant", value=None):
    """torch F.pad: ``pad`` lists (before, after) pairs starting from the LAST axis."""
    pairs = [(0, 0)] * x.ndim
    for i in range(len(pad) // 2):
        pairs[x.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    if mode == "constant":
        return XP.pad(x, pairs, constant_values=0 if value is None else value)
    return XP.pad(x, pairs, mode={"reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode])
''', ()),
    "torch:one_hot": ("_tg_one_hot", '''
def _tg_one_hot(indices, num_classes=-1):
    """torch F.one_hot: integer result; num_classes=-1 means max(indices) + 1."""
    if num_classes == -1:
        num_classes = int(XP.max(indices)) + 1
    return (XP.expand_dims(indices, -1) == XP.arange(num_classes)).astype(INT)
''', ()),
    "_values_indices": ("_TgValuesIndices", '''
_TgValuesIndices = collections.namedtuple("_TgValuesIndices", ["values", "indices"])
''', ()),
    "torch:max_dim": ("_tg_max_dim", '''
def _tg_max_dim(x, axis, keepdims=False):
    """torch.max(x, dim): (values, indices), indices of the first maximum."""
    return _TgValuesIndices(XP.max(x, axis=axis, keepdims=keepdims), XP.argmax(x, axis=axis, keepdims=keepdims))
''', ("_values_indices",)),
    "torch:min_dim": ("_tg_min_dim", '''
def _tg_min_dim(x, axis, keepdims=False):
    """torch.min(x, dim): (values, indices), indices of the first minimum."""
    return _TgValuesIndices(XP.min(x, axis=axis, keepdims=keepdims), XP.argmin(x, axis=axis, keepdims=keepdims))
''', ("_values_indices",)),
    "torch:sort": ("_tg_sort", '''
def _tg_sort(x, axis=-1, descending=False):
    """torch.sort: (values, indices); equal elements keep their order (a stable sort)."""
    indices = XP.argsort(-x if descending else x, axis=axis, kind="stable")
    return _TgValuesIndices(XP.take_along_axis(x, indices, axis=axis), indices)
''', ("_values_indices",)),
    "_order_statistic": ("_tg_order_statistic", '''
def _tg_order_statistic(x, axis, pos, keepdims=False, nan_wins=False):
    """(values, indices) of the element at ascending sorted position ``pos`` along ``axis`` (a stable
    sort, NaN last); ``nan_wins``: a slice holding a NaN gives its first NaN (torch.median)."""
    axis = axis % x.ndim
    order = XP.argsort(x, axis=axis, kind="stable")
    nans = XP.sum(XP.isnan(x) if nan_wins else XP.zeros(x.shape, dtype=bool), axis=axis, keepdims=True)
    at = XP.where(nans > 0, x.shape[axis] - nans, pos)
    indices = XP.take_along_axis(order, at, axis=axis)
    values = XP.take_along_axis(x, indices, axis=axis)
    if not keepdims:
        values, indices = XP.squeeze(values, axis=axis), XP.squeeze(indices, axis=axis)
    return _TgValuesIndices(values, indices)
''', ("_values_indices",)),
    "torch:median": ("_tg_median", '''
def _tg_median(x, axis=None, keepdims=False):
    """torch.median: the lower median of all elements (NaN if any); with ``axis``: (values, indices)."""
    if axis is None:
        return _tg_order_statistic(XP.reshape(x, (-1,)), 0, (x.size - 1) // 2, nan_wins=True).values
    return _tg_order_statistic(x, axis, (x.shape[axis] - 1) // 2, keepdims, nan_wins=True)
''', ("_order_statistic",)),
    "torch:kthvalue": ("_tg_kthvalue", '''
def _tg_kthvalue(x, k, axis=-1, keepdims=False):
    """torch.kthvalue: (values, indices) of the k-th smallest (1-based) along ``axis``."""
    return _tg_order_statistic(x, axis, k - 1, keepdims)
''', ("_order_statistic",)),
    "torch:aminmax": ("_tg_aminmax", '''
_TgMinMax = collections.namedtuple("_TgMinMax", ["min", "max"])


def _tg_aminmax(x, axis=None, keepdims=False):
    """torch.aminmax: (min, max) over ``axis`` (all elements when None)."""
    return _TgMinMax(XP.min(x, axis=axis, keepdims=keepdims), XP.max(x, axis=axis, keepdims=keepdims))
''', ()),
    "scatter": ("_tg_scatter", '''
def _tg_scatter(x, axis, indices, src, reduce=None):
    """torch.scatter (not in place): out[..., indices[i, j], ...] = src[i, j] along ``axis``;
    ``src`` a tensor (its leading block of indices' shape is used) or a number."""
    if reduce is not None:
        raise NotImplementedError("torch.scatter with reduce=")
    axis = axis % x.ndim
    grid = XP.meshgrid(*[XP.arange(n) for n in indices.shape], indexing="ij")
    index = tuple(indices if d == axis else grid[d] for d in range(x.ndim))
    if XP.ndim(src) == 0:
        values = XP.full(indices.shape, src, dtype=x.dtype)
    else:
        values = src[tuple(slice(0, n) for n in indices.shape)]
    return _tg_set_at(XP.array(x), index, values)
''', ("_set_at",)),
    "torch:normal": ("_tg_normal", '''
def _tg_normal(mean, std=1.0, size=None):
    """torch.normal: tensor mean / std (the broadcast shape) or numbers with ``size``."""
    if size is None:
        shape = XP.shape(XP.zeros_like(mean) + XP.zeros_like(std))
        return mean + std * _tg_random_normal(shape)
    return _tg_random_normal(size, mean, std)
''', ("random_normal",)),
    "torch:sdpa": ("_tg_sdpa", '''
def _tg_sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False):
    """torch F.scaled_dot_product_attention: softmax(q k^T / sqrt(d) + mask) v."""
    scores = XP.matmul(query, XP.swapaxes(key, -1, -2)) / float(query.shape[-1]) ** 0.5
    if is_causal:
        rows, cols = scores.shape[-2], scores.shape[-1]
        attn_mask = XP.arange(cols)[None, :] <= XP.arange(rows)[:, None]
    if attn_mask is not None:
        if attn_mask.dtype == bool:
            scores = XP.where(attn_mask, scores, float("-inf"))
        else:
            scores = scores + attn_mask
    return XP.matmul(_tg_dropout(_tg_softmax(scores, axis=-1), dropout_p), value)
''', ("softmax", "dropout")),
    # torch's F.multi_head_attention_forward: nn.MultiheadAttention's core, which its helper class calls
    "torch:mha_forward": ("_tg_mha_forward", MHA_FORWARD_HEAD + '''    batched = query.ndim == 3
    if batched:  # batch first inside
        query, key, value = (XP.swapaxes(t, 0, 1) for t in (query, key, value))
    else:
        query, key, value = query[None], key[None], value[None]
        key_padding_mask = None if key_padding_mask is None else key_padding_mask[None]
    e, h = embed_dim_to_check, num_heads
    w = (q_proj_weight, k_proj_weight, v_proj_weight) if use_separate_proj_weight else XP.split(in_proj_weight, 3)
    b = XP.split(in_proj_bias, 3) if in_proj_bias is not None else (None,) * 3
    q, k, v = (_tg_linear(t, wi, bi) for t, wi, bi in zip((query, key, value), w, b))
    n, lq, lk = q.shape[0], q.shape[1], k.shape[1]
    q, k, v = (XP.transpose(t.reshape(n, l, h, e // h), (0, 2, 1, 3)) for t, l in ((q, lq), (k, lk), (v, lk)))
    scores = XP.matmul(q * (1.0 / (e // h) ** 0.5), XP.swapaxes(k, -1, -2))  # q scaled first, as torch
    for mask in (None if attn_mask is None else attn_mask.reshape((n, h, lq, lk) if attn_mask.ndim == 3
                                                                  else attn_mask.shape),
                 None if key_padding_mask is None else key_padding_mask[:, None, None, :]):
        if mask is not None and mask.dtype == bool:
            scores = XP.where(mask, XP.asarray(-XP.inf, dtype=scores.dtype), scores)
        elif mask is not None:
            scores = scores + mask
    weights = _tg_softmax(scores, axis=-1)
    out = XP.matmul(_tg_dropout(weights, dropout_p, training), v)
    out = XP.transpose(out, (0, 2, 1, 3)).reshape(n, lq, e)
    out = _out_proj(out) if _out_proj is not None else _tg_linear(out, out_proj_weight, out_proj_bias)
    out = XP.swapaxes(out, 0, 1) if batched else out[0]
    if not need_weights:
        return out, None
    weights = XP.mean(weights, axis=1) if average_attn_weights else weights
    return out, weights if batched else weights[0]
''', ("linear", "softmax", "dropout")),
    "torch:square_subsequent_mask": ("_tg_square_subsequent_mask", '''
def _tg_square_subsequent_mask(sz):
    """torch.nn.Transformer.generate_square_subsequent_mask: -inf above the diagonal, 0 elsewhere."""
    return XP.triu(XP.full((sz, sz), -XP.inf, dtype=XP.float32), 1)
''', ()),
    "torch:normalize": ("_tg_normalize", '''
def _tg_normalize(x, p=2.0, axis=1, eps=1e-12):
    """torch F.normalize: x / max(||x||_p over axis, eps)."""
    norm = XP.sum(XP.abs(x) ** p, axis=axis, keepdims=True) ** (1.0 / p)
    return x / XP.maximum(norm, eps)
''', ()),
    "torch:cat": ("_tg_cat", '''
def _tg_cat(tensors, axis=0):
    """torch.cat as the emulated torch runs it: 0-d arrays join as 1-element vectors."""
    return XP.concatenate([XP.reshape(t, (-1,)) if XP.ndim(t) == 0 else t for t in tensors], axis)
''', ()),
    "torch:allclose": ("_tg_allclose", '''
def _tg_allclose(x, y, rtol=1e-05, atol=1e-08, equal_nan=False):
    """torch.allclose: a Python bool."""
    return bool(XP.allclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan))
''', ()),
    "torch:nonzero": ("_tg_nonzero", '''
def _tg_nonzero(x, as_tuple=False):
    """torch.nonzero: (n, ndim) indices, or one index array per axis when as_tuple."""
    idx = tuple(XP.asarray(i) for i in XP.nonzero(x))
    return idx if as_tuple else XP.stack(idx, axis=-1)
''', ()),
    "torch:manual_seed": ("_tg_manual_seed", '''
def _tg_manual_seed(seed):
    """torch.manual_seed: restart the converted code's random stream (numbers differ from torch's)."""
    _tg_set_rngs(seed)
''', ("_rngs",)),
    "torch:randint": ("_tg_torch_randint", '''
def _tg_torch_randint(low, high=None, size=None, dtype=None):
    """torch.randint(high, size) or (low, high, size): integers in [low, high)."""
    if size is None:
        low, high, size = 0, low, high
    return _tg_randint(low, high, tuple(size), INT if dtype is None else dtype)
''', ("randint",)),
    "conv_transpose": ("_tg_conv_transpose", '''
def _tg_conv_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """torch conv_transpose1d/2d (weight (in, out/groups, *k)): every input pixel scatters kernel * value."""
    one_d = x.ndim == 3
    if one_d:
        x, weight = XP.expand_dims(x, 2), XP.expand_dims(weight, 2)
    pair = (lambda v, unit: (unit,) + _tg_ntuple(v, 1)) if one_d else (lambda v, unit: _tg_ntuple(v, 2))
    (sh, sw), (dh, dw) = pair(stride, 1), pair(dilation, 1)
    (ph, pw), (oph, opw) = pair(padding, 0), pair(output_padding, 0)
    n, c, h, w = x.shape
    kh, kw = weight.shape[2], weight.shape[3]
    og, cg = weight.shape[1], c // groups
    full_h, full_w = (h - 1) * sh + dh * (kh - 1) + 1 + oph, (w - 1) * sw + dw * (kw - 1) + 1 + opw
    outs = []
    for g in range(groups):
        xg = XP.transpose(x[:, g * cg:(g + 1) * cg], (0, 2, 3, 1))
        full = XP.zeros((n, full_h, full_w, og), dtype=x.dtype)
        for i in range(kh):
            for j in range(kw):
                tap = XP.matmul(xg, weight[g * cg:(g + 1) * cg, :, i, j])
                index = (slice(None), slice(i * dh, i * dh + sh * (h - 1) + 1, sh),
                         slice(j * dw, j * dw + sw * (w - 1) + 1, sw), slice(None))
                full = _tg_add_at(full, index, tap)
        outs.append(full[:, ph:full_h - ph, pw:full_w - pw, :])
    y = XP.transpose(XP.concatenate(outs, axis=-1) if groups > 1 else outs[0], (0, 3, 1, 2))
    if bias is not None:
        y = y + XP.reshape(bias, (1, -1, 1, 1))
    return y[:, :, 0] if one_d else y
''', ("_ntuple", "_add_at")),
    "_conv_pads": ("_tg_conv_pads", '''
def _tg_conv_pads(padding, kernel, dilation):
    """torch conv padding (int, tuple, 'same', 'valid') as (lo, hi) pairs per spatial axis."""
    if padding == "valid":
        return [(0, 0)] * len(kernel)
    if padding == "same":
        total = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return [(t // 2, t - t // 2) for t in total]
    return [(p, p) for p in _tg_ntuple(padding, len(kernel))]
''', ("_ntuple",)),
}

#: torch idioms that are not canonical ops (see helpers_tensorflow.EXPRS)
EXPRS_COMMON: dict[str, str] = {
    "size()": "{x}.shape",
    "size(d)": "{x}.shape[{0}]",
    "shape": "{x}.shape",
    "dim()": "{x}.ndim",
    "ndimension()": "{x}.ndim",
    "numel()": "{x}.size",
    "item()": "{x}.item()",
    "tolist()": "{x}.tolist()",
    "no_grad": "contextlib.nullcontext()",
}


# ---------------------------------------------------------------- modules
# the base of converted nn.Module classes precedes the user's classes, so it is compact: its
# methods delegate to MODULE_SUPPORT's functions, which follow the user's definitions (Python
# looks them up when a method runs)
MODULE_BASE = '''
class TorchModule:
    """torch.nn.Module as a plain class: parameters/buffers in ``self.params`` (torch names and layouts);
    load_state_dict takes torch weights, apply(params, *args) runs it as a pure function. Trains at first."""
    training = True
    def __setattr__(self, name, value): _TgModuleAttrs.set(self, name, value)
    def __getattr__(self, name): return _TgModuleAttrs.get(self, name)
    def forward(self, *args, **kwargs): return self(*args, **kwargs)
    def named_children(self): return _tg_named_children(self)
    def named_modules(self, prefix=""): return _tg_named_modules(self, prefix)
    def children(self): return iter([m for _, m in self.named_children()])
    def modules(self): return iter([m for _, m in self.named_modules()])
    def state_dict(self): return _tg_state_dict(self)
    def parameters(self): return iter(self.state_dict().values())
    def named_parameters(self): return iter(self.state_dict().items())
    def load_state_dict(self, state_dict, strict=True): return _tg_load_state_dict(self, state_dict, strict)
    def apply(self, params, *args, rngs=None, **kwargs): return _tg_apply(self, params, args, kwargs, rngs)
    def train(self, mode=True): return _tg_train(self, mode)
    def eval(self): return self.train(False)
    def to(self, *args, **kwargs): return self
    def zero_grad(self, *args, **kwargs): pass
    def float(self): return _tg_cast_module(self, XP.float32)
    def double(self): return _tg_cast_module(self, XP.float64)
    def half(self): return _tg_cast_module(self, XP.float16)
'''

#: what TorchModule's methods call: support code placed after the user's definitions
MODULE_SUPPORT = '''
class _TgModuleAttrs:
    """TorchModule's attribute access: arrays assigned to a module are its parameters and
    buffers, kept in ``module.params``. Class members rather than top-level functions, so tools
    that wrap a script's functions (Verify's recorder) leave every attribute access alone."""

    @staticmethod
    def set(module, name, value):
        params = module.__dict__.setdefault("params", {})
        if isinstance(value, ARRAY_TYPE):
            params[name] = value
            module.__dict__.pop(name, None)
        else:
            params.pop(name, None)
            object.__setattr__(module, name, value)

    @staticmethod
    def get(module, name):
        params = module.__dict__.get("params")
        if params is not None and name in params:
            return params[name]
        raise AttributeError(f"{type(module).__name__!r} object has no attribute {name!r}")


def _tg_named_modules(module, prefix=""):
    yield prefix, module
    for name, child in module.named_children():
        yield from child.named_modules(f"{prefix}.{name}" if prefix else name)


def _tg_train(model, mode=True):
    for module in model.modules():
        object.__setattr__(module, "training", mode)
    return model


def _tg_cast_module(model, dtype):
    """torch's Module.float()/double()/half(): cast every floating parameter and buffer."""
    for module in model.modules():
        params = module.__dict__.get("params", {})
        for name, value in list(params.items()):
            if "float" in str(value.dtype):
                params[name] = value.astype(dtype)
    return model


def _tg_named_children(module):
    for name, value in vars(module).items():
        if name != "params":
            yield from _tg_modules_in(name, value)


def _tg_modules_in(name, value):
    """The modules held by an attribute: itself, or those in its (nested) ModuleList / ModuleDict."""
    if isinstance(value, TorchModule):
        yield name, value
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _tg_modules_in(f"{name}.{i}", v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _tg_modules_in(f"{name}.{k}", v)


def _tg_state_dict(module):
    out = {}
    for path, m in module.named_modules():
        for name, value in m.__dict__.get("params", {}).items():
            out[f"{path}.{name}" if path else name] = value
    return out


def _tg_load_state_dict(model, state_dict, strict=True):
    """Assign torch-named weights (torch tensors, arrays or nested lists)."""
    unknown = []
    for key, value in state_dict.items():
        path, _, name = key.rpartition(".")
        module = _tg_submodule(model, path)
        params = module.__dict__.get("params", {}) if module is not None else {}
        if name not in params:
            unknown.append(key)
            continue
        setattr(module, name, _tg_to_array(value, params[name].dtype))
    if unknown and strict:
        raise KeyError(f"no {type(model).__name__} weight for: {', '.join(unknown)}")
    return model


def _tg_apply(model, params, args, kwargs, rngs=None):
    """``model`` called with ``params`` (flat, torch-named) in place of its own: a pure function
    of (params, inputs); ``rngs`` seeds dropout's random numbers. ``apply(fn)`` alone is torch's
    Module.apply: ``fn`` on every sub-module, then on the model."""
    if callable(params) and not args and not kwargs:
        for module in list(model.modules())[::-1]:
            params(module)
        return model
    _tg_set_rngs(rngs)
    saved = model.state_dict()
    try:
        for key, value in params.items():
            path, _, name = key.rpartition(".")
            setattr(_tg_submodule(model, path), name, value)
        return model(*args, **kwargs)
    finally:
        for key, value in saved.items():
            path, _, name = key.rpartition(".")
            setattr(_tg_submodule(model, path), name, value)


def _tg_submodule(module, path):
    for part in path.split(".") if path else ():
        if isinstance(module, (list, tuple)):
            module = module[int(part)] if part.isdigit() and int(part) < len(module) else None
        elif isinstance(module, dict):
            module = module.get(part)
        else:
            module = vars(module).get(part) if module is not None else None
        if module is None:
            return None
    return module


def _tg_to_array(value, dtype):
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return TO_ARRAY(value, dtype)
'''

#: nn layers as TorchModule subclasses: key -> (class name, code, needs)
LAYERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Linear": ("TorchLinear", '''
class TorchLinear(TorchModule):
    """torch.nn.Linear: weight (out_features, in_features), y = x @ weight.T + bias."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        bound = 1.0 / in_features ** 0.5
        self.in_features, self.out_features = in_features, out_features
        self.weight = _tg_init((out_features, in_features), bound)
        self.bias = _tg_init((out_features,), bound) if bias else None

    def __call__(self, x):
        return _tg_linear(x, self.weight, self.bias)
''', ("linear", "_init")),
    "Conv1d": ("TorchConv1d", '''
class TorchConv1d(TorchModule):
    """torch.nn.Conv1d on NCW input, weight (out, in/groups, k)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        k = _tg_ntuple(kernel_size, 1)
        # torch's attributes, as torch keeps them (code reads m.kernel_size[0], m.out_channels)
        self.in_channels, self.out_channels, self.kernel_size, self.padding_mode = in_channels, out_channels, k, padding_mode
        self.stride, self.dilation, self.groups = _tg_ntuple(stride, 1), _tg_ntuple(dilation, 1), groups
        self.padding = padding if isinstance(padding, str) else _tg_ntuple(padding, 1)
        bound = 1.0 / (in_channels // groups * k[0]) ** 0.5
        self.weight = _tg_init((out_channels, in_channels // groups) + k, bound)
        self.bias = _tg_init((out_channels,), bound) if bias else None

    def __call__(self, x):
        return _tg_conv(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
''', ("conv", "_init", "_ntuple")),
    "Conv2d": ("TorchConv2d", '''
class TorchConv2d(TorchModule):
    """torch.nn.Conv2d on NCHW input, weight OIHW (in torch layout: no transposes)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        k = _tg_ntuple(kernel_size, 2)
        # torch's attributes, as torch keeps them (code reads m.kernel_size[0], m.out_channels)
        self.in_channels, self.out_channels, self.kernel_size, self.padding_mode = in_channels, out_channels, k, padding_mode
        self.stride, self.dilation, self.groups = _tg_ntuple(stride, 2), _tg_ntuple(dilation, 2), groups
        self.padding = padding if isinstance(padding, str) else _tg_ntuple(padding, 2)
        bound = 1.0 / (in_channels // groups * k[0] * k[1]) ** 0.5
        self.weight = _tg_init((out_channels, in_channels // groups) + k, bound)
        self.bias = _tg_init((out_channels,), bound) if bias else None

    def __call__(self, x):
        return _tg_conv(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
''', ("conv", "_init", "_ntuple")),
    "BatchNorm": ("TorchBatchNorm", '''
class TorchBatchNorm(TorchModule):
    """torch.nn.BatchNorm1d/2d/3d: batch statistics in training mode, blended into the running ones
    as torch does (unbiased variance; momentum=None: cumulative average); running ones in eval mode."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None):
        self.eps, self.momentum = eps, momentum
        self.num_features, self.affine, self.track_running_stats = num_features, affine, track_running_stats
        self.weight = XP.ones((num_features,), dtype=XP.float32) if affine else None
        self.bias = XP.zeros((num_features,), dtype=XP.float32) if affine else None
        self.running_mean = XP.zeros((num_features,), dtype=XP.float32) if track_running_stats else None
        self.running_var = XP.ones((num_features,), dtype=XP.float32) if track_running_stats else None
        self.num_batches_tracked = XP.zeros((), dtype=INT) if track_running_stats else None

    def __call__(self, x):
        if self.training and self.running_mean is not None:
            self.num_batches_tracked = self.num_batches_tracked + 1
            m = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
            axes = (0,) + tuple(range(2, x.ndim))
            n = x.size // x.shape[1]
            mean = XP.mean(x, axis=axes)
            var = XP.sum(XP.square(x - XP.mean(x, axis=axes, keepdims=True)), axis=axes) / max(n - 1, 1)
            self.running_mean = (self.running_mean * (1 - m) + mean * m).astype(self.running_mean.dtype)
            self.running_var = (self.running_var * (1 - m) + var * m).astype(self.running_var.dtype)
        return _tg_batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                              self.training, self.momentum, self.eps)
''', ("batch_norm",)),
    "LayerNorm": ("TorchLayerNorm", '''
class TorchLayerNorm(TorchModule):
    """torch.nn.LayerNorm over the trailing ``normalized_shape`` axes (eps 1e-5, as torch)."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        self.weight = XP.ones(shape, dtype=XP.float32) if elementwise_affine else None
        self.bias = XP.zeros(shape, dtype=XP.float32) if elementwise_affine and bias else None

    def __call__(self, x):
        return _tg_layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
''', ("layer_norm",)),
    "GroupNorm": ("TorchGroupNorm", '''
class TorchGroupNorm(TorchModule):
    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None):
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        self.weight = XP.ones((num_channels,), dtype=XP.float32) if affine else None
        self.bias = XP.zeros((num_channels,), dtype=XP.float32) if affine else None

    def __call__(self, x):
        return _tg_group_norm(x, self.num_groups, self.weight, self.bias, self.eps)
''', ("group_norm",)),
    "Embedding": ("TorchEmbedding", '''
class TorchEmbedding(TorchModule):
    """torch.nn.Embedding: weight (num_embeddings, embedding_dim), rows looked up by index."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None):
        self.weight = _tg_init((num_embeddings, embedding_dim), None)
        self.num_embeddings, self.embedding_dim, self.max_norm = num_embeddings, embedding_dim, max_norm
        self.padding_idx = padding_idx + num_embeddings if padding_idx is not None and padding_idx < 0 \
            else padding_idx

    def __call__(self, indices):
        return _tg_embedding(indices, self.weight)
''', ("embedding", "_init")),
    "EmbeddingBag": ("TorchEmbeddingBag", '''
class TorchEmbeddingBag(TorchModule):
    """torch.nn.EmbeddingBag: weight (num_embeddings, embedding_dim), bags of rows reduced by mode."""

    def __init__(self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
                 mode="mean", sparse=False, _weight=None, include_last_offset=False, padding_idx=None,
                 device=None, dtype=None):
        self.weight = _tg_init((num_embeddings, embedding_dim), None)
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.mode, self.include_last_offset = mode, include_last_offset
        self.padding_idx = padding_idx + num_embeddings if padding_idx is not None and padding_idx < 0 \
            else padding_idx

    def __call__(self, input, offsets=None, per_sample_weights=None):
        return _tg_embedding_bag(input, self.weight, offsets, self.mode, per_sample_weights,
                                 self.include_last_offset, self.padding_idx)
''', ("embedding_bag", "_init")),
    "Dropout": ("TorchDropout", '''
class TorchDropout(TorchModule):
    """torch.nn.Dropout: identity in eval mode; in training mode zeroes with probability p."""

    def __init__(self, p=0.5, inplace=False):
        self.p = p

    def __call__(self, x):
        return _tg_dropout(x, self.p, self.training)
''', ("dropout",)),
    "Flatten": ("TorchFlatten", '''
class TorchFlatten(TorchModule):
    def __init__(self, start_dim=1, end_dim=-1):
        self.start_dim, self.end_dim = start_dim, end_dim

    def __call__(self, x):
        return _tg_flatten(x, self.start_dim, self.end_dim)
''', ("flatten",)),
    "Identity": ("TorchIdentity", '''
class TorchIdentity(TorchModule):
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, x):
        return x
''', ()),
    "MaxPool2d": ("TorchMaxPool2d", '''
class TorchMaxPool2d(TorchModule):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        self.args = (kernel_size, stride, padding, dilation, ceil_mode)
        self.kernel_size, self.stride, self.padding = kernel_size, kernel_size if stride is None else stride, padding
        self.dilation, self.ceil_mode = dilation, ceil_mode

    def __call__(self, x):
        return _tg_max_pool(x, *self.args)
''', ("max_pool",)),
    "AvgPool2d": ("TorchAvgPool2d", '''
class TorchAvgPool2d(TorchModule):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        self.args = (kernel_size, stride, padding, ceil_mode, count_include_pad)
        self.kernel_size, self.stride, self.padding = kernel_size, kernel_size if stride is None else stride, padding
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def __call__(self, x):
        return _tg_avg_pool(x, *self.args)
''', ("avg_pool",)),
    "AdaptiveAvgPool2d": ("TorchAdaptiveAvgPool2d", '''
class TorchAdaptiveAvgPool2d(TorchModule):
    def __init__(self, output_size):
        self.output_size = output_size

    def __call__(self, x):
        return _tg_adaptive_avg_pool(x, self.output_size)
''', ("adaptive_avg_pool",)),
    "Sequential": ("TorchSequential", '''
class TorchSequential(TorchModule):
    """torch.nn.Sequential: children named "0", "1", ... (torch's state_dict names), called in order."""

    def __init__(self, *layers):
        object.__setattr__(self, "_tg_steps", [])
        named = layers[0].items() if len(layers) == 1 and isinstance(layers[0], dict) else enumerate(layers)
        for name, layer in named:  # Sequential(OrderedDict(name=layer)) keeps torch's names
            setattr(self, str(name), layer)

    def __setattr__(self, name, value):
        # as in torch, children set later (a subclass's self.add_module(...)) run too, in order;
        # plain callables (a converted einops Rearrange) are steps too, without weights
        TorchModule.__setattr__(self, name, value)
        if (isinstance(value, TorchModule) or name.isdigit()) and name not in self._tg_steps:
            self._tg_steps.append(name)

    def forward(self, x):  # super().forward(x) in a Sequential subclass runs the children
        return TorchSequential.__call__(self, x)

    def __getitem__(self, i):
        return [getattr(self, n) for n in self._tg_steps][i]

    def __len__(self):
        return len(self._tg_steps)

    def __iter__(self):
        return iter([getattr(self, n) for n in self._tg_steps])

    def __call__(self, x):
        for name in self._tg_steps:
            x = getattr(self, name)(x)
        return x
''', ()),
    "ModuleDict": ("TorchModuleDict", '''
class TorchModuleDict(TorchModule):
    """torch.nn.ModuleDict: children by name, as items and as attributes (torch's state_dict names)."""

    def __init__(self, modules=None):
        for name, module in dict(modules or {}).items():
            setattr(self, name, module)

    def __getitem__(self, name):
        return vars(self)[name]

    def __setitem__(self, name, module):
        setattr(self, name, module)

    def __contains__(self, name):
        return name in self.keys()

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def keys(self):
        return [k for k in vars(self) if k not in ("params", "training")]  # train()/eval() set the flag

    def values(self):
        return [vars(self)[k] for k in self.keys()]

    def items(self):
        return [(k, vars(self)[k]) for k in self.keys()]
''', ()),
    "RNNBase": ("TorchRNNBase", '''
class TorchRNNBase(TorchModule):
    """torch.nn.RNN / LSTM / GRU: torch's weight names, shapes and gate order; a bidirectional
    layer runs a second (``_reverse``) set of weights back to front and concatenates both.

    Subclasses say how many gate blocks a layer's weights stack (``gates``) and compute one
    time step in ``cell(key, x_t, state) -> (h, state)`` (``key``: ``l0``, ``l0_reverse``...).
    """

    gates = 1

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, nonlinearity="tanh", device=None, dtype=None):
        if proj_size:
            raise NotImplementedError("projected recurrent layers (proj_size)")
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        self.dropout, self.has_bias, self.nonlinearity = dropout, bias, nonlinearity
        self.directions = ("", "_reverse") if bidirectional else ("",)
        bound = 1.0 / hidden_size ** 0.5
        for layer in range(num_layers):
            size = input_size if layer == 0 else hidden_size * len(self.directions)
            for sfx in self.directions:
                setattr(self, f"weight_ih_l{layer}{sfx}", _tg_init((self.gates * hidden_size, size), bound))
                setattr(self, f"weight_hh_l{layer}{sfx}", _tg_init((self.gates * hidden_size, hidden_size), bound))
                if bias:
                    setattr(self, f"bias_ih_l{layer}{sfx}", _tg_init((self.gates * hidden_size,), bound))
                    setattr(self, f"bias_hh_l{layer}{sfx}", _tg_init((self.gates * hidden_size,), bound))

    def projections(self, key, x_t, h):
        """(x_t W_ih^T + b_ih, h W_hh^T + b_hh) of one layer and direction."""
        gi = XP.matmul(x_t, XP.transpose(getattr(self, f"weight_ih_{key}")))
        gh = XP.matmul(h, XP.transpose(getattr(self, f"weight_hh_{key}")))
        if self.has_bias:
            gi, gh = gi + getattr(self, f"bias_ih_{key}"), gh + getattr(self, f"bias_hh_{key}")
        return gi, gh

    def __call__(self, x, hx=None):
        if self.batch_first:
            x = XP.swapaxes(x, 0, 1)
        nd = len(self.directions)
        zeros = XP.zeros((self.num_layers * nd, x.shape[1], self.hidden_size), dtype=x.dtype)
        hx = self.initial_state(zeros) if hx is None else hx
        finals = []  # torch's h_n order: layer 0 forward, layer 0 reverse, layer 1 forward...
        for layer in range(self.num_layers):
            per_direction = []
            for d, sfx in enumerate(self.directions):
                state = self.layer_state(hx, layer * nd + d)
                outs = [None] * x.shape[0]
                for t in (range(x.shape[0]) if d == 0 else range(x.shape[0] - 1, -1, -1)):
                    outs[t], state = self.cell(f"l{layer}{sfx}", x[t], state)
                per_direction.append(XP.stack(outs, axis=0))
                finals.append(state)
            x = per_direction[0] if nd == 1 else XP.concatenate(per_direction, axis=-1)
            if layer < self.num_layers - 1:
                x = _tg_dropout(x, self.dropout, self.training)
        out = XP.swapaxes(x, 0, 1) if self.batch_first else x
        return out, self.stack_states(finals)

    def initial_state(self, zeros):
        return zeros

    def layer_state(self, hx, layer):
        return hx[layer]

    def stack_states(self, states):
        return XP.stack(states, axis=0)

    def cell(self, layer, x_t, h):
        gi, gh = self.projections(layer, x_t, h)
        h = XP.tanh(gi + gh) if self.nonlinearity == "tanh" else XP.maximum(gi + gh, 0)
        return h, h
''', ("dropout", "_init")),
    "RNN": ("TorchRNN", '''
class TorchRNN(TorchRNNBase):
    """torch.nn.RNN: h = tanh (or relu) of both projections."""
''', ("layer:RNNBase",)),
    "LSTM": ("TorchLSTM", '''
class TorchLSTM(TorchRNNBase):
    """torch.nn.LSTM: gates (i, f, g, o); the state is (h, c)."""

    gates = 4

    def initial_state(self, zeros):
        return zeros, zeros

    def layer_state(self, hx, layer):
        return hx[0][layer], hx[1][layer]

    def stack_states(self, states):
        return XP.stack([h for h, _ in states], axis=0), XP.stack([c for _, c in states], axis=0)

    def cell(self, layer, x_t, state):
        h, c = state
        gi, gh = self.projections(layer, x_t, h)
        i, f, g, o = XP.split(gi + gh, 4, axis=-1)
        c = _tg_sigmoid(f) * c + _tg_sigmoid(i) * XP.tanh(g)
        h = _tg_sigmoid(o) * XP.tanh(c)
        return h, (h, c)
''', ("layer:RNNBase", "sigmoid")),
    "GRU": ("TorchGRU", '''
class TorchGRU(TorchRNNBase):
    """torch.nn.GRU: gates (r, z, n); the candidate uses r * (h W_hn^T + b_hn)."""

    gates = 3

    def cell(self, layer, x_t, h):
        gi, gh = self.projections(layer, x_t, h)
        (ir, iz, i_n), (hr, hz, hn) = XP.split(gi, 3, axis=-1), XP.split(gh, 3, axis=-1)
        r, z = _tg_sigmoid(ir + hr), _tg_sigmoid(iz + hz)
        h = (1 - z) * XP.tanh(i_n + r * hn) + z * h
        return h, h
''', ("layer:RNNBase", "sigmoid")),
    "InstanceNorm": ("TorchInstanceNorm", '''
class TorchInstanceNorm(TorchModule):
    """torch.nn.InstanceNorm1d/2d: per-sample, per-channel statistics (affine off by default)."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False,
                 device=None, dtype=None):
        self.eps, self.momentum, self.track_running_stats = eps, momentum, track_running_stats
        self.num_features, self.affine = num_features, affine
        self.weight = XP.ones((num_features,), dtype=XP.float32) if affine else None
        self.bias = XP.zeros((num_features,), dtype=XP.float32) if affine else None
        if track_running_stats:  # used in eval mode, as torch
            self.running_mean = XP.zeros((num_features,), dtype=XP.float32)
            self.running_var = XP.ones((num_features,), dtype=XP.float32)
            self.num_batches_tracked = XP.zeros((), dtype=INT)

    def __call__(self, x):
        if self.track_running_stats and not self.training:
            return _tg_batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0,
                                  self.eps)
        if self.track_running_stats:  # torch blends in the batch mean of each instance's mean / unbiased var
            flat = XP.reshape(x, (x.shape[0], x.shape[1], -1))
            n, m = flat.shape[2], self.momentum
            mean = XP.mean(flat, axis=2, keepdims=True)
            var = XP.sum(XP.square(flat - mean), axis=2) / max(n - 1, 1)
            self.running_mean = (self.running_mean * (1 - m) + XP.mean(mean[..., 0], axis=0) * m).astype(XP.float32)
            self.running_var = (self.running_var * (1 - m) + XP.mean(var, axis=0) * m).astype(XP.float32)
        return _tg_instance_norm(x, self.weight, self.bias, self.eps)
''', ("instance_norm", "batch_norm")),
    "PReLU": ("TorchPReLU", '''
class TorchPReLU(TorchModule):
    """torch.nn.PReLU: learned slopes (one, or one per channel of axis 1)."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        self.weight = XP.full((num_parameters,), init, dtype=XP.float32)

    def __call__(self, x):
        return _tg_prelu(x, self.weight)
''', ("prelu",)),
    "Pad": ("TorchPad", '''
class TorchPad(TorchModule):
    """torch.nn.*Pad1d/2d: ``padding`` an int or (left, right[, top, bottom]), from the last axis."""

    mode, dims = "constant", 2

    def __init__(self, padding, value=0.0):
        self.padding = (padding,) * (2 * self.dims) if isinstance(padding, int) else tuple(padding)
        self.value = value

    def __call__(self, x):
        return _tg_pad(x, self.padding, self.mode, self.value)
''', ("torch:pad",)),
    **{name: (f"Torch{name}", f'''
class Torch{name}(TorchPad):
    mode, dims = "{mode}", {dims}
''' + ("" if name != "ConstantPad2d" and name != "ConstantPad1d" else f'''
    def __init__(self, padding, value):
        super().__init__(padding, value)
'''), ("layer:Pad",))
       for name, mode, dims in (("ZeroPad2d", "constant", 2), ("ConstantPad1d", "constant", 1),
                                ("ConstantPad2d", "constant", 2), ("ReflectionPad1d", "reflect", 1),
                                ("ReflectionPad2d", "reflect", 2), ("ReplicationPad1d", "replicate", 1),
                                ("ReplicationPad2d", "replicate", 2))},
    "Upsample": ("TorchUpsample", '''
class TorchUpsample(TorchModule):
    """torch.nn.Upsample on channels-first input ('nearest' is torch's legacy floor rule)."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        self.size, self.scale_factor, self.mode, self.align_corners = size, scale_factor, mode, align_corners

    def __call__(self, x):
        return _tg_interpolate(x, self.size, self.scale_factor, self.mode, self.align_corners)
''', ("interpolate",)),
    "PixelShuffle": ("TorchPixelShuffle", '''
class TorchPixelShuffle(TorchModule):
    def __init__(self, upscale_factor):
        self.upscale_factor = upscale_factor

    def __call__(self, x):
        return _tg_pixel_shuffle(x, self.upscale_factor)
''', ("pixel_shuffle",)),
    "Dropout2d": ("TorchDropout2d", '''
class TorchDropout2d(TorchModule):
    """torch.nn.Dropout1d/2d: whole channels zeroed in training mode; identity in eval mode."""

    def __init__(self, p=0.5, inplace=False):
        self.p = p

    def __call__(self, x):
        if not self.training:
            return x
        keep = _tg_dropout(XP.ones(x.shape[:2] + (1,) * (x.ndim - 2), dtype=x.dtype), self.p, True)
        return x * keep
''', ("dropout",)),
    "RNNCellBase": ("TorchRNNCellBase", '''
class TorchRNNCellBase(TorchModule):
    """torch.nn.RNNCell / LSTMCell / GRUCell: one time step, torch's weight names and gate order."""

    gates = 1

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        self.hidden_size, self.has_bias, self.nonlinearity = hidden_size, bias, nonlinearity
        bound = 1.0 / hidden_size ** 0.5
        self.weight_ih = _tg_init((self.gates * hidden_size, input_size), bound)
        self.weight_hh = _tg_init((self.gates * hidden_size, hidden_size), bound)
        self.bias_ih = _tg_init((self.gates * hidden_size,), bound) if bias else None
        self.bias_hh = _tg_init((self.gates * hidden_size,), bound) if bias else None

    def projections(self, x, h):
        gi = XP.matmul(x, XP.transpose(self.weight_ih))
        gh = XP.matmul(h, XP.transpose(self.weight_hh))
        if self.has_bias:
            gi, gh = gi + self.bias_ih, gh + self.bias_hh
        return gi, gh

    def __call__(self, x, hx=None):
        unbatched = x.ndim == 1
        if unbatched:
            x = x[None]
            hx = None if hx is None else (tuple(h[None] for h in hx) if isinstance(hx, tuple) else hx[None])
        zeros = XP.zeros((x.shape[0], self.hidden_size), dtype=x.dtype)
        out = self.step(x, hx, zeros)
        if unbatched:
            out = tuple(o[0] for o in out) if isinstance(out, tuple) else out[0]
        return out

    def step(self, x, h, zeros):
        gi, gh = self.projections(x, zeros if h is None else h)
        return XP.tanh(gi + gh) if self.nonlinearity == "tanh" else XP.maximum(gi + gh, 0)
''', ("_init",)),
    "RNNCell": ("TorchRNNCell", '''
class TorchRNNCell(TorchRNNCellBase):
    """torch.nn.RNNCell: h' = tanh (or relu) of both projections."""
''', ("layer:RNNCellBase",)),
    "LSTMCell": ("TorchLSTMCell", '''
class TorchLSTMCell(TorchRNNCellBase):
    """torch.nn.LSTMCell: gates (i, f, g, o); returns (h', c')."""

    gates = 4

    def step(self, x, state, zeros):
        h, c = (zeros, zeros) if state is None else state
        gi, gh = self.projections(x, h)
        i, f, g, o = XP.split(gi + gh, 4, axis=-1)
        c = _tg_sigmoid(f) * c + _tg_sigmoid(i) * XP.tanh(g)
        return _tg_sigmoid(o) * XP.tanh(c), c
''', ("layer:RNNCellBase", "sigmoid")),
    "GRUCell": ("TorchGRUCell", '''
class TorchGRUCell(TorchRNNCellBase):
    """torch.nn.GRUCell: gates (r, z, n); the candidate uses r * (h W_hn^T + b_hn)."""

    gates = 3

    def step(self, x, h, zeros):
        h = zeros if h is None else h
        gi, gh = self.projections(x, h)
        (ir, iz, i_n), (hr, hz, hn) = XP.split(gi, 3, axis=-1), XP.split(gh, 3, axis=-1)
        r, z = _tg_sigmoid(ir + hr), _tg_sigmoid(iz + hz)
        return (1 - z) * XP.tanh(i_n + r * hn) + z * h
''', ("layer:RNNCellBase", "sigmoid")),
    "MultiheadAttention": ("TorchMultiheadAttention", '''
class TorchMultiheadAttention(TorchModule):
    """torch.nn.MultiheadAttention: packed in_proj_weight (3E, E), in_proj_bias and out_proj as torch
    stores them; (L, N, E) inputs unless batch_first; returns (output, head-averaged weights or None)."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, dropout, batch_first
        self.in_proj_weight = _tg_init((3 * embed_dim, embed_dim), (6.0 / (4 * embed_dim)) ** 0.5)
        self.in_proj_bias = XP.zeros((3 * embed_dim,), dtype=XP.float32) if bias else None
        self.out_proj = TorchLinear(embed_dim, embed_dim, bias)

    def __call__(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                 average_attn_weights=True, is_causal=False):
        if self.batch_first and query.ndim == 3:
            query, key, value = (XP.swapaxes(t, 0, 1) for t in (query, key, value))
        out, weights = _tg_mha_forward(query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
                                       self.in_proj_bias, dropout_p=self.dropout, training=self.training,
                                       key_padding_mask=key_padding_mask, need_weights=need_weights,
                                       attn_mask=attn_mask, average_attn_weights=average_attn_weights,
                                       _out_proj=self.out_proj)
        return (XP.swapaxes(out, 0, 1) if self.batch_first and out.ndim == 3 else out), weights
''', ("layer:Linear", "torch:mha_forward", "_init")),
    "Transformer": ("TorchTransformerEncoderLayer", '''
class _TgTransformerLayer(TorchModule):
    """What torch's encoder and decoder layers share: torch 1.13's sub-layer names (self_attn, linear1,
    norm1, dropout1...) and the feed-forward block; dropout only in training mode."""

    def _tg_init(self, args, n_attn):
        d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first = args
        self._tg_args, self.norm_first = args, norm_first
        self.self_attn = TorchMultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        if n_attn == 2:
            self.multihead_attn = TorchMultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first)
        self.linear1 = TorchLinear(d_model, dim_feedforward)
        self.dropout = TorchDropout(dropout)
        self.linear2 = TorchLinear(dim_feedforward, d_model)
        for i in range(1, n_attn + 2):
            setattr(self, f"norm{i}", TorchLayerNorm(d_model, eps=layer_norm_eps))
            setattr(self, f"dropout{i}", TorchDropout(dropout))
        # torch's "relu" / "gelu" (exact erf form) or a callable
        self.activation = {"relu": _tg_relu, "gelu": _tg_gelu}[activation] if isinstance(activation, str) \\
            else activation

    def _tg_attend(self, attn, x, mem, mask, padding_mask, dropout):
        return dropout(attn(x, mem, mem, attn_mask=mask, key_padding_mask=padding_mask, need_weights=False)[0])

    def _tg_ff(self, x, dropout):
        return dropout(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TorchTransformerEncoderLayer(_TgTransformerLayer):
    """torch.nn.TransformerEncoderLayer (torch 1.13): post-norm unless norm_first."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None):
        self._tg_init((d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                       norm_first), 1)

    def __call__(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        x = src
        if self.norm_first:
            h = self.norm1(x)
            x = x + self._tg_attend(self.self_attn, h, h, src_mask, src_key_padding_mask, self.dropout1)
            return x + self._tg_ff(self.norm2(x), self.dropout2)
        x = self.norm1(x + self._tg_attend(self.self_attn, x, x, src_mask, src_key_padding_mask, self.dropout1))
        return self.norm2(x + self._tg_ff(x, self.dropout2))


class TorchTransformerDecoderLayer(_TgTransformerLayer):
    """torch.nn.TransformerDecoderLayer (torch 1.13): self-attention, attention over ``memory``, feed-forward."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu", layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None):
        self._tg_init((d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                       norm_first), 2)

    def __call__(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                 memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        x = tgt
        if self.norm_first:
            h = self.norm1(x)
            x = x + self._tg_attend(self.self_attn, h, h, tgt_mask, tgt_key_padding_mask, self.dropout1)
            x = x + self._tg_attend(self.multihead_attn, self.norm2(x), memory, memory_mask,
                                    memory_key_padding_mask, self.dropout2)
            return x + self._tg_ff(self.norm3(x), self.dropout3)
        x = self.norm1(x + self._tg_attend(self.self_attn, x, x, tgt_mask, tgt_key_padding_mask, self.dropout1))
        x = self.norm2(x + self._tg_attend(self.multihead_attn, x, memory, memory_mask, memory_key_padding_mask,
                                           self.dropout2))
        return self.norm3(x + self._tg_ff(x, self.dropout3))


class _TgTransformerStack(TorchModule):
    """torch.nn.TransformerEncoder / Decoder: ``num_layers`` layers like ``layer``, then ``norm``. torch
    deep-copies ``layer``; here the copies are new layers with its arguments (load_state_dict sets them)."""

    def __init__(self, layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        self.layers = [layer] + [type(layer)(*layer._tg_args) for _ in range(num_layers - 1)]
        self.num_layers, self.norm = num_layers, norm

    def _tg_finish(self, x):
        return self.norm(x) if self.norm is not None else x


class TorchTransformerEncoder(_TgTransformerStack):
    def __call__(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        for layer in self.layers:
            src = layer(src, src_mask=mask, src_key_padding_mask=src_key_padding_mask)
        return self._tg_finish(src)


class TorchTransformerDecoder(_TgTransformerStack):
    def __call__(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                 memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        for layer in self.layers:
            tgt = layer(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                        tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask)
        return self._tg_finish(tgt)


class TorchTransformer(TorchModule):
    """torch.nn.Transformer: encoder and decoder stacks, each ending in a LayerNorm."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation="relu", custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, device=None, dtype=None):
        args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first)
        self.encoder = custom_encoder if custom_encoder is not None else TorchTransformerEncoder(
            TorchTransformerEncoderLayer(*args), num_encoder_layers, TorchLayerNorm(d_model, eps=layer_norm_eps))
        self.decoder = custom_decoder if custom_decoder is not None else TorchTransformerDecoder(
            TorchTransformerDecoderLayer(*args), num_decoder_layers, TorchLayerNorm(d_model, eps=layer_norm_eps))

    def __call__(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                 tgt_key_padding_mask=None, memory_key_padding_mask=None):
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask)
''', ("layer:MultiheadAttention", "layer:Linear", "layer:LayerNorm", "layer:Dropout", "relu", "gelu")),
    "ConvTranspose2d": ("TorchConvTranspose2d", '''
class TorchConvTranspose2d(TorchModule):
    """torch.nn.ConvTranspose2d on NCHW input, weight (in, out/groups, kH, kW) as torch stores it."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        k = _tg_ntuple(kernel_size, 2)
        self.args = (stride, padding, output_padding, groups, dilation)
        self.in_channels, self.out_channels, self.kernel_size, self.groups = in_channels, out_channels, k, groups
        self.stride, self.padding = _tg_ntuple(stride, 2), _tg_ntuple(padding, 2)
        self.output_padding, self.dilation = _tg_ntuple(output_padding, 2), _tg_ntuple(dilation, 2)
        bound = 1.0 / (out_channels // groups * k[0] * k[1]) ** 0.5
        self.weight = _tg_init((in_channels, out_channels // groups) + k, bound)
        self.bias = _tg_init((out_channels,), bound) if bias else None

    def __call__(self, x):
        return _tg_conv_transpose(x, self.weight, self.bias, *self.args)
''', ("conv_transpose", "_init", "_ntuple")),
}

#: parameter-free torch.nn activation layers -> (torch constructor parameters, the call over ``x`` and
#: the stored parameters, helpers used); each becomes a ``Torch<Name>`` class
ACTIVATIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ReLU": ("inplace=False", "_tg_relu(x)", ("relu",)),
    "ReLU6": ("inplace=False", "_tg_relu6(x)", ("relu6",)),
    "Tanh": ("", "XP.tanh(x)", ()),
    "Sigmoid": ("", "_tg_sigmoid(x)", ("sigmoid",)),
    "SiLU": ("inplace=False", "_tg_silu(x)", ("silu",)),
    "Mish": ("inplace=False", "_tg_mish(x)", ("mish",)),
    "SELU": ("inplace=False", "_tg_selu(x)", ("selu",)),
    "Hardswish": ("inplace=False", "_tg_hardswish(x)", ("hardswish",)),
    "Hardsigmoid": ("inplace=False", "_tg_hardsigmoid(x)", ("hardsigmoid",)),
    "GELU": ("approximate='none'", "_tg_gelu(x, approximate=self.approximate == 'tanh')", ("gelu",)),
    "ELU": ("alpha=1.0, inplace=False", "_tg_elu(x, self.alpha)", ("elu",)),
    "LeakyReLU": ("negative_slope=0.01, inplace=False", "_tg_leaky_relu(x, self.negative_slope)", ("leaky_relu",)),
    "Hardtanh": ("min_val=-1.0, max_val=1.0, inplace=False", "_tg_hardtanh(x, self.min_val, self.max_val)",
                 ("hardtanh",)),
    "Softplus": ("beta=1.0, threshold=20.0", "_tg_softplus(x, self.beta, self.threshold)", ("softplus",)),
    "Softmax": ("dim=None", "_tg_softmax(x, _tg_softmax_axis(x) if self.dim is None else self.dim)",
                ("softmax", "softmax_legacy_axis")),
    "LogSoftmax": ("dim=None", "_tg_log_softmax(x, _tg_softmax_axis(x) if self.dim is None else self.dim)",
                   ("log_softmax", "softmax_legacy_axis")),
}


def _activation_class(name: str, params: str, call: str) -> str:
    names = [p.split("=")[0].strip() for p in params.split(",") if p.strip()]
    store = (f"        {', '.join('self.' + n for n in names)} = {', '.join(names)}" if names else "        pass")
    return (f"class Torch{name}(TorchModule):\n"
            f"    def __init__(self{', ' + params if params else ''}):\n{store}\n\n"
            f"    def __call__(self, x):\n        return {call}\n")


def build(subst: dict[str, str], extra: dict[str, Helper]) -> dict[str, Helper]:
    """The HELPERS table of one plain-class target: shared snippets + ``extra`` (which win)."""
    out: dict[str, Helper] = {}
    for key, (name, code, needs) in OPS.items():
        out[key] = _helper(name, code, subst, needs)
    out["module"] = _helper("TorchModule", MODULE_BASE, subst, ("_module_support",))
    out["_module_support"] = _helper("_tg_load_state_dict", MODULE_SUPPORT, subst)
    for key, (name, code, needs) in LAYERS.items():
        out[f"layer:{key}"] = _helper(name, code, subst, ("module",) + needs)
    for key, (params, call, needs) in ACTIVATIONS.items():
        out[f"layer:{key}"] = _helper(f"Torch{key}", _activation_class(key, params, call), subst, ("module",) + needs)
    for key in LOSSES:
        name, code, needs = loss_class(key, "TorchModule")
        out[f"layer:{key}"] = _helper(name, code, subst, ("module",) + needs)
    out.update(extra)
    return out


# padding_idx only stops gradients in torch (the row is not zeroed): inference ignores it
OPS["torch:Embedding.from_pretrained"] = ("_tg_embedding_from_pretrained", '''
def _tg_embedding_from_pretrained(embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                                  scale_grad_by_freq=False, sparse=False):
    """torch.nn.Embedding.from_pretrained: an Embedding holding ``embeddings`` (rows, dim)."""
    if max_norm is not None:
        raise NotImplementedError("Embedding.from_pretrained(max_norm=...) renormalises rows: not converted")
    embeddings = TO_ARRAY(embeddings)
    layer = TorchEmbedding(embeddings.shape[0], embeddings.shape[1])
    layer.weight = embeddings
    return layer
''', ("layer:Embedding",))
