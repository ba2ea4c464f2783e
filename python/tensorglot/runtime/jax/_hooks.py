"""Hooks for jax bindings with ``custom=`` (see frameworks/jax.py).

``factory(binding) -> hook(bound) -> engine result``; bound arguments keep
JAX's names, arrays unwrapped to engine NDArrays.
"""
from __future__ import annotations

import math

from ...engine import random as _rng
from ...ops import impl as I
from .._emulate import same_padding
from ._base import FW, _x32

_FLOATS = ("float16", "bfloat16", "float32", "float64")


def _arr(v, dtype=None):
    return FW.to_array(v, dtype)


def _dt(d, default=None):
    n = FW.canon_dtype(d)
    return _x32(n) if n else default


def jnp_round(b):
    def hook(a):
        x, d = _arr(a["a"]), int(a["decimals"])
        if d == 0:
            return I.round(x)
        s = 10.0 ** d
        return I.truediv(I.round(I.mul(x, s)), s)
    return hook


def jnp_cumulative(b):
    fn = I.cumsum if b.op == "cumsum" else I.cumprod

    def hook(a):
        x = _arr(a["a"])
        if a["dtype"] is not None:
            x = I.astype(x, _dt(a["dtype"]))
        elif x.dtype == "bool":
            x = I.astype(x, "int32")
        if a["axis"] is None:
            return fn(I.reshape(x, (-1,)), 0)
        return fn(x, int(a["axis"]))
    return hook


def jnp_split(b):
    def hook(a):
        x = _arr(a["ary"])
        axis = int(a["axis"]) % x.ndim
        s = a["indices_or_sections"]
        if isinstance(s, int):
            return list(I.split(x, s, axis))
        pts = [int(p) for p in (s.tolist() if hasattr(s, "tolist") else s)]
        n = x.shape[axis]
        bounds = [0] + [min(max(p, 0), n) for p in pts] + [n]
        return [I.getitem(x, (slice(None),) * axis + (slice(lo, max(lo, hi)),))
                for lo, hi in zip(bounds, bounds[1:])]
    return hook


def jnp_pad(b):
    def hook(a):
        x = _arr(a["array"])
        mode = {"edge": "replicate", "wrap": "circular"}.get(a["mode"], a["mode"])
        pw = a["pad_width"]
        pw = pw.tolist() if hasattr(pw, "tolist") else pw
        return I.pad(x, pw, mode, a["constant_values"])
    return hook


def jnp_where(b):
    def hook(a):
        cond = _arr(a["condition"])
        if a["x"] is None and a["y"] is None:
            return I.unbind(I.astype(I.nonzero(cond), "int32"), 1)
        if cond.dtype != "bool":
            cond = I.astype(cond, "bool")
        xv, yv = a["x"], a["y"]
        return I.where(cond, _arr(xv) if isinstance(xv, list) else xv,
                       _arr(yv) if isinstance(yv, list) else yv)
    return hook


def _nonzero_coords(a):
    """(n, ndim) int32 coordinates, padded with fill_value / truncated to ``size``."""
    coords = I.astype(I.nonzero(_arr(a["a"])), "int32")
    size = a["size"]
    if size is None:
        return coords
    n, nd = coords.shape
    size = int(size)
    if n >= size:
        return I.getitem(coords, slice(0, size))
    fill = a["fill_value"]
    fill = 0 if fill is None else fill
    fills = list(fill) if isinstance(fill, (tuple, list)) else [fill] * nd
    pad = I.asarray([[int(f) for f in fills]] * (size - n), "int32") if nd else \
        I.zeros((size - n, 0), "int32")
    return I.concat([coords, pad], 0)


def jnp_nonzero(b):
    def hook(a):
        coords = _nonzero_coords(a)
        return tuple(I.getitem(coords, (slice(None), j)) for j in range(coords.shape[1]))
    return hook


def jnp_argwhere(b):
    def hook(a):
        return _nonzero_coords(a)
    return hook


def jax_top_k(b):
    def hook(a):
        v, i = I.topk(_arr(a["operand"]), int(a["k"]), -1, True, True)
        return [v, I.astype(i, "int32")]
    return hook


def jax_one_hot(b):
    def hook(a):
        oh = I.one_hot(_arr(a["x"]), int(a["num_classes"]))
        dt = _dt(a["dtype"], "float32")
        out = I.astype(oh, dt) if oh.dtype != dt else oh
        axis = int(a["axis"])
        if axis != -1 and axis != out.ndim - 1:
            axis %= out.ndim
            out = I.transpose(out, tuple(range(axis)) + (out.ndim - 1,) + tuple(range(axis, out.ndim - 1)))
        return out
    return hook


# --- jax.random: keys are (2,) int32 arrays (JAX: uint32 [hi, lo] words of the seed) ---------
# Everything derived from a key is a pure function of its two words (splitmix64 mixing):
# Python's hash() is salted per process, so it must not be used here.
_MASK64 = 0xFFFFFFFFFFFFFFFF


def _splitmix64(z: int) -> int:
    z = (z + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def mix(*words: int) -> int:
    """A 64-bit digest of integers, identical in every process and on every platform."""
    h = 0x243F6A8885A308D3
    for w in words:
        h = _splitmix64(h ^ (int(w) & _MASK64))
    return h


def key_data(seed: int):
    """jax.random.PRNGKey(seed): [seed >> 32, seed & 0xFFFFFFFF] (kept in int32 range)."""
    seed = int(seed) & _MASK64
    return I.asarray([(seed >> 32) & 0x7FFFFFFF, seed & 0x7FFFFFFF], "int32")


def _words(key):
    k = _arr(key)
    if k.shape[-1:] != (2,) or k.ndim != 1:
        raise TypeError(f"jax.random: expected a single PRNG key of shape (2,), got shape {k.shape}")
    return tuple(int(v) for v in k.data)


def _gen(key):
    return _rng.Generator(mix(1, *_words(key)) & 0xFFFFFFFFFFFF)


def split_keys(key, num=2):
    """``num`` new keys (an int or a shape), each a function of the parent key and its position."""
    shape = (int(num),) if isinstance(num, int) else tuple(int(n) for n in num)
    words = _words(key)
    count = 1
    for n in shape:
        count *= n
    flat = [[mix(2, *words, i) & 0x7FFFFFFF, mix(3, *words, i) & 0x7FFFFFFF] for i in range(count)]
    return I.reshape(I.asarray(flat, "int32") if flat else I.zeros((0, 2), "int32"), shape + (2,))


def fold_in_key(key, data):
    words = _words(key)
    d = int(data)
    return I.asarray([mix(4, *words, d) & 0x7FFFFFFF, mix(5, *words, d) & 0x7FFFFFFF], "int32")


def _shape(s):
    if s is None:
        return None
    s = s.tolist() if hasattr(s, "tolist") else s
    return (int(s),) if isinstance(s, int) else tuple(int(v) for v in s)


def jax_random(b):
    name = b.names[0].rsplit(".", 1)[-1]

    def hook(a):
        g = _gen(a["key"])
        if name == "uniform":
            return g.uniform(_shape(a["shape"]), float(a["minval"]), float(a["maxval"]),
                             _dt(a["dtype"], "float32"))
        if name == "normal":
            return g.normal(_shape(a["shape"]), 0.0, 1.0, _dt(a["dtype"], "float32"))
        if name == "randint":
            return g.randint(int(a["minval"]), int(a["maxval"]), _shape(a["shape"]),
                             _dt(a["dtype"], "int32"))
        if name == "bernoulli":
            p = a["p"]
            shape = _shape(a["shape"])
            if shape is None:
                shape = p.shape if hasattr(p, "shape") else ()
            return I.lt(g.uniform(shape, 0.0, 1.0, "float32"), p)
        if name == "permutation":
            x = a["x"]
            if isinstance(x, int):
                return I.astype(g.permutation(x), "int32")
            x = _arr(x)
            axis = int(a["axis"]) % x.ndim
            return I.take(x, g.permutation(x.shape[axis]), axis)
        raise NotImplementedError(b.names[0])
    return hook


# --- lax convolution / windows ------------------------------------------------------
def _conv_perms(dn, nd):
    """(lhs_perm, rhs_perm, out_perm) to N C *S / O I *S, as lax.conv_general_permutations."""
    if dn is None:
        ident = tuple(range(nd))
        return ident, ident, ident
    if hasattr(dn, "lhs_spec"):
        return tuple(dn.lhs_spec), tuple(dn.rhs_spec), tuple(dn.out_spec)
    lhs, rhs, out = dn
    if not isinstance(lhs, str):
        return tuple(lhs), tuple(rhs), tuple(out)
    spatial_order = [c for c in rhs if c not in "OI"]

    def perm(spec, a, b_):
        sp = sorted((i for i, c in enumerate(spec) if c not in (a, b_)),
                    key=lambda i: spatial_order.index(spec[i]))
        return (spec.index(a), spec.index(b_)) + tuple(sp)
    return perm(lhs, "N", "C"), perm(rhs, "O", "I"), perm(out, "N", "C")


def _inverse(p):
    inv = [0] * len(p)
    for i, v in enumerate(p):
        inv[v] = i
    return tuple(inv)


def _lax_padding(padding, shape, k, s, d):
    if isinstance(padding, str):
        p = padding.upper()
        if p == "VALID":
            return [(0, 0)] * len(k)
        pads = [same_padding(shape[i], k[i], s[i], d[i]) for i in range(len(k))]
        if p == "SAME_LOWER":
            pads = [(a, b_) for b_, a in pads]
        elif p != "SAME":
            raise ValueError(f"padding {padding!r}")
        return pads
    return [tuple(int(v) for v in p) for p in padding]


def lax_conv_general_dilated(b):
    def hook(a):
        x, w = _arr(a["lhs"]), _arr(a["rhs"])
        nsp = x.ndim - 2
        if a.get("lhs_dilation") not in (None, (1,) * nsp, [1] * nsp):
            raise NotImplementedError("lax.conv_general_dilated: lhs_dilation is not supported by Tensorglot")
        if a.get("batch_group_count", 1) != 1:
            raise NotImplementedError("lax.conv_general_dilated: batch_group_count != 1 is not supported")
        lp, rp, op = _conv_perms(a.get("dimension_numbers"), x.ndim)
        xc, wc = I.transpose(x, lp), I.transpose(w, rp)
        s = tuple(a["window_strides"])
        dil = tuple(a.get("rhs_dilation") or (1,) * nsp)
        pads = _lax_padding(a["padding"], xc.shape[2:], wc.shape[2:], s, dil)
        if any(p != (0, 0) for p in pads):
            xc = I.pad(xc, ((0, 0), (0, 0)) + tuple(pads), "constant", 0.0)
        out = I.conv(xc, wc, None, s, 0, dil, int(a.get("feature_group_count", 1)))
        return I.transpose(out, _inverse(op))
    return hook


def lax_reduce_window(b):
    def hook(a):
        x = _arr(a["operand"])
        comp = a["computation"]
        cname = getattr(comp, "__name__", "")
        k = tuple(int(v) for v in a["window_dimensions"])
        s = tuple(int(v) for v in (a["window_strides"] or (1,) * x.ndim))
        if a.get("base_dilation") or a.get("window_dilation"):
            raise NotImplementedError("lax.reduce_window: dilation is not supported by Tensorglot")
        init = a["init_value"]
        init = init.item() if hasattr(init, "item") else init
        pads = _lax_padding(a["padding"], x.shape, k, s, (1,) * x.ndim)
        xr = I.reshape(x, (1, 1) + x.shape)
        if any(p != (0, 0) for p in pads):
            xr = I.pad(xr, ((0, 0), (0, 0)) + tuple(pads), "constant", init)
        if cname in ("max", "maximum"):
            out = I.max_pool(xr, k, s, 0)
        elif cname == "add":
            n = 1
            for v in k:
                n *= v
            out = I.mul(I.avg_pool(xr, k, s, 0), n)
            if out.dtype != x.dtype:
                out = I.astype(out, x.dtype)
        else:
            raise NotImplementedError("lax.reduce_window: only lax.max and lax.add computations "
                                      "are supported by Tensorglot")
        return I.reshape(out, out.shape[2:])
    return hook


# --- jax.image.resize ---------------------------------------------------------------
def _resize_matrix(n_in, n_out, method, antialias):
    scale = n_out / n_in
    rows = []
    for o in range(n_out):
        x = (o + 0.5) / scale - 0.5
        if method == "nearest":
            i = min(int(math.floor((o + 0.5) / scale)), n_in - 1)
            rows.append([1.0 if j == i else 0.0 for j in range(n_in)])
            continue
        # triangle kernel, widened by 1/scale when antialiasing a downsample
        ks = scale if (antialias and scale < 1.0) else 1.0
        w = [max(0.0, 1.0 - abs(j - x) * ks) for j in range(n_in)]
        t = sum(w)
        rows.append([v / t for v in w] if t else w)
    return rows


def jax_image_resize(b):
    def hook(a):
        x = _arr(a["image"])
        shape = _shape(a["shape"])
        if len(shape) != x.ndim:
            raise ValueError(f"jax.image.resize: shape {shape} must have rank {x.ndim}")
        method = str(getattr(a["method"], "name", a["method"])).lower()
        method = {"bilinear": "linear", "trilinear": "linear", "nearest": "nearest",
                  "linear": "linear"}.get(method)
        if method is None:
            raise NotImplementedError(f"jax.image.resize: method {a['method']!r} is not supported")
        out = x if x.dtype in _FLOATS else I.astype(x, "float32")
        for axis, (n_in, n_out) in enumerate(zip(x.shape, shape)):
            if n_in == n_out:
                continue
            m = I.asarray(_resize_matrix(n_in, n_out, method, bool(a["antialias"])), "float32")
            moved = I.swapaxes(out, axis, -1)
            out = I.swapaxes(I.matmul(moved, I.transpose(m)), axis, -1)
        return out
    return hook


HOOKS = {name: fn for name, fn in globals().items()
         if name.startswith(("jnp_", "jax_", "lax_")) and callable(fn)}
# named like numpy's row so the transpiler treats both alike (not a target for canonical nonzero)
HOOKS["nonzero"] = jnp_nonzero
