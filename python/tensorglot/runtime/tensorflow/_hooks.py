"""Hooks for tf bindings with ``custom=``: what TF does that a rename cannot say.

Each entry of HOOKS is ``factory(binding) -> hook(bound) -> engine result``;
``bound`` holds the framework's own argument names, tensors already unwrapped
to engine NDArrays (lists of Python data stay lists). Hooks call the engine
(tensorglot.ops.impl) directly, under the tensorflow promotion policy.
"""
from __future__ import annotations

import collections
import math

from ...ops import impl as I
from .._emulate import normalize_tuple, same_padding
from ._base import FW, InvalidArgumentError

_FLOATS = ("float16", "bfloat16", "float32", "float64")


def _arr(v, dtype=None):
    return FW.to_array(v, dtype)


def _dt(d):
    return FW.canon_dtype(d)


# --- layouts ----------------------------------------------------------------------
def _channels_last(data_format, nsp: int) -> bool:
    if data_format is None:
        return True
    return not str(data_format).upper().startswith("NC")


def _to_cf(x, nsp):
    """channels-last -> channels-first (N, C, *S)."""
    return I.transpose(x, (0, nsp + 1) + tuple(range(1, nsp + 1)))


def _to_cl(x, nsp):
    return I.transpose(x, (0,) + tuple(range(2, nsp + 2)) + (1,))


def _spatial(v, nsp, cl, what, default=1):
    """TF's strides/ksize/dilations: int, or 1, nsp or nsp+2 values (N and C entries dropped)."""
    if v is None:
        return (default,) * nsp
    if isinstance(v, int):
        return (v,) * nsp
    t = tuple(int(i) for i in v)
    if len(t) == nsp + 2:
        return t[1:-1] if cl else t[2:]
    return normalize_tuple(t, nsp, what)


def _explicit_pad(x_cf, padding, k, stride, dilation, cl, value=0.0):
    """Apply TF padding ('SAME', 'VALID' or explicit [[b, a], ...] per dim) to a
    channels-first array; returns the padded array."""
    nsp = x_cf.ndim - 2
    if isinstance(padding, str):
        p = padding.upper()
        if p == "VALID":
            return x_cf
        if p != "SAME":
            raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
        pads = [same_padding(x_cf.shape[2 + d], k[d], stride[d], dilation[d]) for d in range(nsp)]
    else:
        pw = [tuple(int(v) for v in p) for p in padding]
        if len(pw) == nsp + 2:   # [[0, 0], [t, b], [l, r], [0, 0]] in data_format order
            pw = pw[1:-1] if cl else pw[2:]
        pads = pw
    if not any(b or a for b, a in pads):
        return x_cf
    return I.pad(x_cf, ((0, 0), (0, 0)) + tuple(pads), "constant", value)


# --- convolution and pooling --------------------------------------------------------
def tf_conv(b):
    def hook(a):
        x, w = _arr(a["input"]), _arr(a["filters"])
        nsp = w.ndim - 2
        cl = _channels_last(a.get("data_format"), nsp)
        stride = _spatial(a.get("strides", a.get("stride")), nsp, cl, "strides")
        dil = _spatial(a.get("dilations"), nsp, cl, "dilations")
        xc = _to_cf(x, nsp) if cl else x
        # filters (*K, in/groups, out) -> (out, in/groups, *K)
        wc = I.transpose(w, (nsp + 1, nsp) + tuple(range(nsp)))
        groups = xc.shape[1] // wc.shape[1]
        if groups * wc.shape[1] != xc.shape[1]:
            raise InvalidArgumentError(None, None, f"{b.names[0]}: input depth {xc.shape[1]} is not "
                                                   f"a multiple of filter depth {wc.shape[1]}")
        xc = _explicit_pad(xc, a["padding"], wc.shape[2:], stride, dil, cl)
        out = I.conv(xc, wc, None, stride, 0, dil, groups)
        return _to_cl(out, nsp) if cl else out
    return hook


def tf_depthwise_conv2d(b):
    def hook(a):
        x, w = _arr(a["input"]), _arr(a["filter"])
        cl = _channels_last(a.get("data_format"), 2)
        stride = _spatial(a["strides"], 2, cl, "strides")
        dil = _spatial(a.get("dilations"), 2, cl, "dilations")
        kh, kw, cin, mult = w.shape
        xc = _to_cf(x, 2) if cl else x
        # (H, W, in, mult) -> (in * mult, 1, H, W): output channel i * mult + m reads input i
        wc = I.reshape(I.transpose(w, (2, 3, 0, 1)), (cin * mult, 1, kh, kw))
        xc = _explicit_pad(xc, a["padding"], (kh, kw), stride, dil, cl)
        out = I.conv(xc, wc, None, stride, 0, dil, cin)
        return _to_cl(out, 2) if cl else out
    return hook


def tf_conv2d_transpose(b):
    def hook(a):
        x, w = _arr(a["input"]), _arr(a["filters"])
        cl = _channels_last(a.get("data_format"), 2)
        stride = _spatial(a["strides"], 2, cl, "strides")
        dil = _spatial(a.get("dilations"), 2, cl, "dilations")
        out_shape = [int(v) for v in (a["output_shape"].tolist() if hasattr(a["output_shape"], "tolist")
                                      else a["output_shape"])]
        out_sp = out_shape[1:3] if cl else out_shape[2:4]
        xc = _to_cf(x, 2) if cl else x
        # (H, W, out, in) -> (in, out, H, W)
        wc = I.transpose(w, (3, 2, 0, 1))
        full = I.conv_transpose(xc, wc, None, stride, 0, 0, 1, dil)
        # TF computes the gradient of a conv whose input had out_sp: crop (or extend) the
        # full transposed conv by that conv's padding
        index = [slice(None), slice(None)]
        pads = []
        for d in range(2):
            k = w.shape[d]
            if str(a["padding"]).upper() == "SAME":
                before, _ = same_padding(out_sp[d], k, stride[d], dil[d])
            else:
                before = 0
            n = full.shape[2 + d]
            end = before + out_sp[d]
            index.append(slice(before, min(end, n)))
            pads.append((0, max(end - n, 0)))
        out = I.getitem(full, tuple(index))
        if any(p[1] for p in pads):
            out = I.pad(out, ((0, 0), (0, 0)) + tuple(pads), "constant", 0.0)
        return _to_cl(out, 2) if cl else out
    return hook


def tf_pool2d(b):
    is_max = b.op == "max_pool"

    def hook(a):
        x = _arr(a["input"])
        nsp = x.ndim - 2
        cl = _channels_last(a.get("data_format"), nsp)
        k = _spatial(a["ksize"], nsp, cl, "ksize")
        s = _spatial(a["strides"], nsp, cl, "strides")
        xc = _to_cf(x, nsp) if cl else x
        same = str(a["padding"]).upper() == "SAME"
        if is_max:
            xp = _explicit_pad(xc, a["padding"], k, s, (1,) * nsp, cl, value=-math.inf)
            out = I.max_pool(xp, k, s, 0)
        elif not same:
            out = I.avg_pool(xc, k, s, 0)
        else:
            # TF averages over the in-bounds elements only: window sum / window count
            xp = _explicit_pad(xc, "SAME", k, s, (1,) * nsp, cl)
            ones = I.ones((1, 1) + xc.shape[2:], xc.dtype)
            cnt = _explicit_pad(ones, "SAME", k, s, (1,) * nsp, cl)
            out = I.truediv(I.avg_pool(xp, k, s, 0), I.avg_pool(cnt, k, s, 0))
        return _to_cl(out, nsp) if cl else out
    return hook


def tf_image_resize(b):
    def hook(a):
        x = _arr(a["images"])
        method = str(getattr(a["method"], "value", a["method"])).lower()
        mode = {"bilinear": "bilinear", "nearest": "nearest-exact", "area": "area"}.get(method)
        if mode is None:
            raise NotImplementedError(f"tf.image.resize: method {method!r} is not supported")
        batched = x.ndim == 4
        xc = _to_cf(x if batched else I.expand_dims(x, 0), 2)
        size = tuple(int(v) for v in (a["size"].tolist() if hasattr(a["size"], "tolist") else a["size"]))
        out = I.interpolate(xc, size, None, mode, False if mode == "bilinear" else None)
        # float32 result except for nearest neighbour, which keeps the input dtype
        if mode != "nearest-exact" and out.dtype != "float32":
            out = I.astype(out, "float32")
        out = _to_cl(out, 2)
        return out if batched else I.squeeze(out, 0)
    return hook


# --- normalisation -------------------------------------------------------------------
def tf_moments(b):
    def hook(a):
        x = _arr(a["x"])
        axes = tuple(a["axes"]) if not isinstance(a["axes"], int) else (a["axes"],)
        m = I.mean(x, axes, keepdims=True)
        v = I.mean(I.square(I.sub(x, m)), axes, keepdims=bool(a["keepdims"]))
        if not a["keepdims"]:
            m = I.squeeze(m, axes)
        return m, v
    return hook


def tf_batch_normalization(b):
    def hook(a):
        x = _arr(a["x"])
        out = I.mul(I.sub(x, _arr(a["mean"])), I.rsqrt(I.add(_arr(a["variance"]), a["variance_epsilon"])))
        if a["scale"] is not None:
            out = I.mul(out, _arr(a["scale"]))
        if a["offset"] is not None:
            out = I.add(out, _arr(a["offset"]))
        return out
    return hook


# --- indexing ------------------------------------------------------------------------
def tf_getitem(b):
    def hook(a):
        x, index = a["tensor"], a["slice_spec"]
        items = index if isinstance(index, tuple) else (index,)
        for it in items:
            ok = it is None or it is Ellipsis or isinstance(it, (int, slice)) or (
                hasattr(it, "shape") and it.shape == () and it.dtype in ("int32", "int64"))
            if not ok:
                raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
                                "and scalar tf.int32/tf.int64 tensors are valid indices, got "
                                f"{type(it).__name__} (use tf.gather / tf.boolean_mask)")
        items = tuple(int(it.item()) if hasattr(it, "shape") else it for it in items)
        return I.getitem(x, items if isinstance(index, tuple) else items[0])
    return hook


def _gather_batched(params, indices, axis: int, batch_dims: int):
    """output[p0..p(b-1), ...] = gather(params[p0..p(b-1)], indices[p0..p(b-1)], axis - b)."""
    if batch_dims == 0:
        return I.take(params, indices, axis)
    if params.shape[0] != indices.shape[0]:
        raise InvalidArgumentError(f"tf.gather: batch dimension sizes differ: params {params.shape}, "
                                   f"indices {indices.shape}")
    parts = [_gather_batched(I.getitem(params, i), I.getitem(indices, i), axis - 1, batch_dims - 1)
             for i in range(params.shape[0])]
    return I.stack(parts, 0)


def tf_gather(b):
    def hook(a):
        params, indices = _arr(a["params"]), _arr(a["indices"])
        batch_dims = int(a["batch_dims"])
        if batch_dims < 0:
            batch_dims += indices.ndim
        axis = batch_dims if a["axis"] is None else int(a["axis"])
        if axis < 0:
            axis += params.ndim
        if not 0 <= batch_dims <= min(indices.ndim, axis):
            raise InvalidArgumentError(f"tf.gather: batch_dims ({a['batch_dims']}) must be in "
                                       f"[-rank(indices), rank(indices)] and <= axis ({axis})")
        return _gather_batched(params, indices, axis, batch_dims)
    return hook


def _nd_index(ind):
    """indices (..., k) -> a tuple of k integer index arrays (numpy advanced indexing)."""
    k = ind.shape[-1]
    return tuple(I.getitem(ind, (Ellipsis, j)) for j in range(k))


def tf_gather_nd(b):
    def hook(a):
        if a["batch_dims"]:
            raise NotImplementedError("tf.gather_nd: batch_dims != 0 is not supported by Tensorglot")
        return I.getitem(_arr(a["params"]), _nd_index(_arr(a["indices"])))
    return hook


def tf_scatter_nd_update(b):
    def hook(a):
        x = _arr(a["tensor"])
        return I.setitem(x, _nd_index(_arr(a["indices"])), _arr(a["updates"], x.dtype))
    return hook


def tf_boolean_mask(b):
    def hook(a):
        x, mask = _arr(a["tensor"]), _arr(a["mask"], "bool")
        axis = 0 if a["axis"] is None else int(a["axis"]) % x.ndim
        # a k-D mask over axes [axis, axis + k) flattens them into one
        lead = x.shape[:axis]
        xr = I.reshape(x, lead + (-1,) + x.shape[axis + mask.ndim:])
        return I.getitem(xr, (slice(None),) * axis + (I.reshape(mask, (-1,)),))
    return hook


def tf_where(b):
    def hook(a):
        cond = _arr(a["condition"])
        if a["x"] is None and a["y"] is None:
            return I.nonzero(cond)
        if a["x"] is None or a["y"] is None:
            raise ValueError("tf.where: x and y must both be given or both be None")
        if cond.dtype != "bool":
            cond = I.astype(cond, "bool")
        return I.where(cond, a["x"] if not isinstance(a["x"], list) else _arr(a["x"]),
                       a["y"] if not isinstance(a["y"], list) else _arr(a["y"]))
    return hook


def tf_argsort(b):
    def hook(a):
        r = I.argsort(_arr(a["values"]), a["axis"], a["direction"] == "DESCENDING")
        return I.astype(r, "int32")
    return hook


def tf_top_k(b):
    def hook(a):
        v, i = I.topk(_arr(a["input"]), int(a["k"]), -1, True, True)
        return TopKV2(v, I.astype(i, _dt(a["index_type"])))
    return hook


#: tf.math.top_k's result: a namedtuple (``.values``, ``.indices``, unpacking, indexing)
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def tf_one_hot(b):
    def hook(a):
        ind = _arr(a["indices"])
        dt = _dt(a["dtype"]) or "float32"
        on = 1 if a["on_value"] is None else a["on_value"]
        off = 0 if a["off_value"] is None else a["off_value"]
        oh = I.one_hot(ind, int(a["depth"]))
        out = I.where(I.astype(oh, "bool"), I.full((), on, dt), I.full((), off, dt))
        axis = a["axis"]
        if axis is not None and axis != -1:
            out = I.transpose(out, tuple(range(axis)) + (out.ndim - 1,) + tuple(range(axis, out.ndim - 1)))
        return I.astype(out, dt) if out.dtype != dt else out
    return hook


# --- reductions ------------------------------------------------------------------------
def tf_cumulative(b):
    fn = I.cumsum if b.op == "cumsum" else I.cumprod
    ident = 0 if b.op == "cumsum" else 1

    def hook(a):
        x = _arr(a["x"])
        axis = int(a["axis"]) % x.ndim
        if a["reverse"]:
            x = I.flip(x, (axis,))
        if a["exclusive"]:
            pw = [(0, 0)] * x.ndim
            pw[axis] = (1, 0)
            x = I.getitem(I.pad(x, pw, "constant", ident),
                          (slice(None),) * axis + (slice(0, x.shape[axis]),))
        out = fn(x, axis)
        return I.flip(out, (axis,)) if a["reverse"] else out
    return hook


# --- creation ---------------------------------------------------------------------------
def _constant(value, dtype, shape=None):
    d = _dt(dtype)
    a = _arr(value, d)
    if shape is not None:
        shape = tuple(int(s) for s in shape)
        if a.size == 1:
            a = I.broadcast_to(I.reshape(a, ()), shape)
        else:
            a = I.reshape(a, shape)
    return a


def tf_constant(b):
    return lambda a: _constant(a["value"], a["dtype"], a["shape"])


def tf_convert_to_tensor(b):
    def hook(a):
        v = a["value"]
        if a["dtype"] is not None and hasattr(v, "dtype") and hasattr(v, "shape") and v.dtype != _dt(a["dtype"]):
            raise ValueError(f"Tensor conversion requested dtype {_dt(a['dtype'])} for Tensor with dtype {v.dtype}")
        dt = a["dtype"]
        if dt is None and a["dtype_hint"] is not None and not hasattr(v, "dtype"):
            try:
                return _constant(v, a["dtype_hint"])
            except (TypeError, ValueError):
                pass
        return _constant(v, dt)
    return hook


def tf_fill(b):
    def hook(a):
        v = a["value"]
        v = v.item() if hasattr(v, "item") and not isinstance(v, (int, float, bool)) else v
        dt = _arr(a["value"]).dtype
        dims = a["dims"].tolist() if hasattr(a["dims"], "tolist") else a["dims"]
        return I.full(tuple(int(d) for d in dims), v, dt)
    return hook


def tf_range(b):
    def hook(a):
        vals = [v.item() if hasattr(v, "item") else v for v in (a["start"], a["limit"], a["delta"])]
        dt = _dt(a["dtype"])
        if dt is None:
            dt = "float32" if any(isinstance(v, float) for v in vals if v is not None) else "int32"
        return I.arange(vals[0], vals[1], vals[2], dt)
    return hook


def tf_linspace(b):
    def hook(a):
        start = _arr(a["start"])
        dt = start.dtype if start.dtype in _FLOATS else "float32"
        return I.linspace(float(start.item()), float(_arr(a["stop"]).item()), int(a["num"]), dt)
    return hook


def tf_random_uniform(b):
    def hook(a):
        dt = _dt(a["dtype"])
        shape = tuple(int(s) for s in (a["shape"].tolist() if hasattr(a["shape"], "tolist") else a["shape"]))
        if dt in _FLOATS:
            high = 1.0 if a["maxval"] is None else a["maxval"]
            return I.random_uniform(shape, a["minval"], high, dt, a["seed"])
        if a["maxval"] is None:
            raise ValueError("Must specify maxval for integer dtype")
        return I.randint(int(a["minval"]), int(a["maxval"]), shape, dt, a["seed"])
    return hook


def tf_random_shuffle(b):
    def hook(a):
        x = _arr(a["value"])
        return I.take(x, I.permutation(x.shape[0], a["seed"]), 0)
    return hook


# --- linalg -------------------------------------------------------------------------------
def _swap_last(x):
    return I.swapaxes(x, -1, -2)


def tf_matmul(b):
    def hook(a):
        x, y = _arr(a["a"]), _arr(a["b"])
        if x.ndim < 2 or y.ndim < 2:
            raise InvalidArgumentError(None, None, "tf.linalg.matmul: In[0] and In[1] must be at least rank 2 "
                                                   f"(got shapes {x.shape} and {y.shape})")
        if a["transpose_a"] or a["adjoint_a"]:
            x = _swap_last(x)
        if a["transpose_b"] or a["adjoint_b"]:
            y = _swap_last(y)
        if x.dtype != y.dtype:
            raise InvalidArgumentError(None, None, f"tf.linalg.matmul: cannot multiply {x.dtype} by {y.dtype}")
        return I.matmul(x, y)
    return hook


def tf_linalg_diag(b):
    def hook(a):
        x = _arr(a["diagonal"])
        k = int(a["k"])
        n = x.shape[-1] + abs(k)
        lead = x.shape[:-1]
        flat = I.reshape(x, (-1, x.shape[-1]))
        mats = [I.diag(I.getitem(flat, i), k) for i in range(flat.shape[0])]
        pv = a["padding_value"]
        out = I.stack(mats, 0) if mats else I.zeros((0, n, n), x.dtype)
        if pv:
            out = I.where(I.stack([I.diag(I.ones((x.shape[-1],), "bool"), k)] * len(mats), 0), out,
                          I.full((), pv, x.dtype))
        return I.reshape(out, lead + (n, n))
    return hook


def tf_linalg_diag_part(b):
    def hook(a):
        x = _arr(a["input"])
        k = int(a["k"])
        lead = x.shape[:-2]
        flat = I.reshape(x, (-1,) + x.shape[-2:])
        parts = [I.diag(I.getitem(flat, i), k) for i in range(flat.shape[0])]
        out = I.stack(parts, 0)
        return I.reshape(out, lead + out.shape[1:])
    return hook


def tf_band_part(b):
    def hook(a):
        x = _arr(a["input"])
        lo, up = int(a["num_lower"]), int(a["num_upper"])
        out = x
        if lo >= 0:
            out = I.triu(out, -lo)
        if up >= 0:
            out = I.tril(out, up)
        return out
    return hook


HOOKS = {name: fn for name, fn in globals().items() if name.startswith("tf_") and callable(fn)}
