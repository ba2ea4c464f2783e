"""NumPy-side helper snippets the transpiler emits (once each) into converted code.

The shared snippets (op helpers, the ``TorchModule`` base, layer classes) are in
helpers_plain.py; this file instantiates them for ``np`` and adds what NumPy
lacks or spells differently: erf (NumPy has none), convolution as shifted-window
matmuls, dropout and initial weights from ``np.random.default_rng``. Everything
here must run on real NumPy (>= 1.20) unchanged -- python/tests/test_numpy_real.py
checks that. Converted models are for inference (no autograd in NumPy).
"""
from __future__ import annotations

from . import einops as _einops, helpers_plain as plain

_SUBST = {"XP.": "np.", "ARRAY_TYPE": "np.ndarray", "INT": "np.int64", "TO_ARRAY": "np.asarray"}

_EXTRA = {
    "erf": ("_tg_erf", '''
def _tg_erf(x):
    """erf for arrays (NumPy has none): Abramowitz & Stegun 7.1.26, |error| < 1.5e-7."""
    x = np.asarray(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
    return (np.sign(x) * (1.0 - poly * np.exp(-a * a))).astype(x.dtype)
''', ()),
    "_rngs": ("_tg_rngs", '''
# random numbers of converted code (dropout, torch.rand*, initial weights): one generator,
# reseeded by torch.manual_seed conversions and by TorchModule.apply(..., rngs=seed)
_tg_rngs = {"generator": np.random.default_rng(0)}


def _tg_generator(seed=None):
    return np.random.default_rng(seed) if seed is not None else _tg_rngs["generator"]


def _tg_set_rngs(rngs):
    if rngs is not None:
        _tg_rngs["generator"] = rngs if hasattr(rngs, "random") else np.random.default_rng(rngs)
''', ()),
    "_init": ("_tg_init", '''
def _tg_init(shape, bound):
    """Initial weights (torch's uniform(-bound, bound) ranges); load_state_dict replaces them."""
    gen = _tg_generator()
    w = gen.standard_normal(shape) if bound is None else gen.uniform(-bound, bound, shape)
    return w.astype(np.float32)
''', ("_rngs",)),
    # NumPy has no bfloat16 (the emitter calls an ``astype:<dtype>`` helper instead of astype)
    "astype:bfloat16": ("_tg_bfloat16", '''
def _tg_bfloat16(x):
    """torch's .bfloat16() on NumPy, which has no bfloat16: values rounded to bfloat16's 8 significant
    bits (half to even), kept as float32."""
    x = np.asarray(x, dtype=np.float32)
    finite = np.where(np.isfinite(x), x, 0)
    a = np.abs(finite)
    q = 2.0 ** (np.floor(np.log2(np.where(a > 0, a, 1))) - 7)
    return np.where(np.isfinite(x), np.round(finite / q) * q, x).astype(np.float32)
''', ()),
    "permutation": ("_tg_permutation", '''
def _tg_permutation(n, seed=None):
    """torch.randperm: a random permutation of range(n)."""
    return _tg_generator(seed).permutation(n)
''', ("_rngs",)),
    "dropout": ("_tg_dropout", '''
def _tg_dropout(x, p=0.5, training=True, seed=None):
    """torch dropout: identity unless training; survivors scaled by 1 / (1 - p)."""
    if not training or p == 0:
        return x
    keep = _tg_generator(seed).random(x.shape) >= p
    return np.where(keep, x / (1 - p), 0).astype(x.dtype)
''', ("_rngs",)),
    "conv": ("_tg_conv", '''
def _tg_conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch conv1d/2d/3d (N, C, *spatial input; weight O, I/groups, *kernel) as one matmul per kernel tap."""
    import itertools
    nd = x.ndim - 2
    ks = weight.shape[2:]
    st, dl = _tg_ntuple(stride, nd), _tg_ntuple(dilation, nd)
    x = np.pad(x, [(0, 0), (0, 0)] + _tg_conv_pads(padding, ks, dl))
    out = [(x.shape[2 + a] - dl[a] * (ks[a] - 1) - 1) // st[a] + 1 for a in range(nd)]
    channels_last = (0,) + tuple(range(2, nd + 2)) + (1,)
    cg, og = x.shape[1] // groups, weight.shape[0] // groups
    outs = []
    for g in range(groups):
        xg, wg = x[:, g * cg:(g + 1) * cg], weight[g * og:(g + 1) * og]
        acc = 0
        for tap in itertools.product(*(range(k) for k in ks)):
            window = tuple(slice(t * d, t * d + s * (o - 1) + 1, s) for t, d, s, o in zip(tap, dl, st, out))
            patch = np.transpose(xg[(slice(None), slice(None)) + window], channels_last)
            acc = acc + np.matmul(patch, np.transpose(wg[(slice(None), slice(None)) + tap]))
        outs.append(np.moveaxis(acc, -1, 1))
    y = np.concatenate(outs, axis=1) if groups > 1 else outs[0]
    if bias is not None:
        y = y + np.reshape(bias, (1, -1) + (1,) * nd)
    return y
''', ("_ntuple", "_conv_pads")),
    "random_uniform": ("_tg_random_uniform", '''
def _tg_random_uniform(shape, low=0.0, high=1.0, dtype="float32", seed=None):
    return _tg_generator(seed).uniform(low, high, tuple(shape)).astype(dtype)
''', ("_rngs",)),
    "_add_at": ("_tg_add_at", '''
def _tg_add_at(a, index, value):
    a[index] += value
    return a
''', ()),
    "_set_at": ("_tg_set_at", '''
def _tg_set_at(a, index, value):
    a[index] = value
    return a
''', ()),
    "randint": ("_tg_randint", '''
def _tg_randint(low, high, shape, dtype="int64", seed=None):
    return _tg_generator(seed).integers(low, high, tuple(shape)).astype(dtype)
''', ("_rngs",)),
    "random_normal": ("_tg_random_normal", '''
def _tg_random_normal(shape, mean=0.0, std=1.0, dtype="float32", seed=None):
    return (mean + std * _tg_generator(seed).standard_normal(tuple(shape))).astype(dtype)
''', ("_rngs",)),
}

HELPERS = plain.build(_SUBST, {k: plain._helper(n, c, _SUBST, needs) for k, (n, c, needs) in _EXTRA.items()})
HELPERS["module"] = plain._helper("TorchModule", plain.MODULE_BASE, _SUBST, ("_rngs", "_module_support"))

#: no tape: .detach() and .numpy() are the array itself
EXPRS: dict[str, str] = dict(plain.EXPRS_COMMON, **{
    "numpy()": "{x}",
    "detach()": "{x}",
    "clone()": "{x}.copy()",
    # NumPy 1.x arrays have no .device (the CPU is the only one)
    "device": "'cpu'",
})
#: ``x[i] = v`` stays as written: NumPy assigns in place, as torch does
NATIVE_SETITEM = True
#: boolean-mask and integer-array indexing work as in torch
NATIVE_INDEXING = True
#: load_state_dict assigns by torch name (no per-layer weight table)
WEIGHTS_TABLE = False
#: NumPy infers float64 from Python floats (torch: float32), so converted literals say float32
DEFAULT_FLOAT = "float64"
#: a Python float next to a tensor in arithmetic: keeps float32 scalars float32 under NumPy 1.x
SCALAR_FLOAT = "np.float32({})"

HELPERS.update(_einops.helpers("numpy", lambda n, c, needs=(): plain._helper(n, c, _SUBST, needs)))

#: NumPy widens int64 * float32 to float64 and int / int to float64 (torch: float32): operators
#: whose operand dtypes differ or cannot be known call these on _tg_promote's operands
HELPERS["promote"] = plain._helper("_tg_promote", plain.PROMOTE, {"DTYPE_OF(v)": "np.dtype(v.dtype).name",
                                                                  "CAST(v, dtype)": "np.asarray(v, dtype=dtype)"})
PROMOTE_OPS = {"Add": "np.add", "Sub": "np.subtract", "Mult": "np.multiply", "Div": "np.true_divide",
               "FloorDiv": "np.floor_divide", "Mod": "np.remainder", "Pow": "np.power"}
