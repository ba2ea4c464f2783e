"""JAX-side helper snippets the transpiler emits (once each) into converted code.

The shared snippets (op helpers, the ``TorchModule`` base, layer classes) are in
helpers_plain.py; this file instantiates them for ``jnp`` and adds what JAX
spells its own way: convolution through ``jax.lax.conv_general_dilated`` (whose
default dimension numbers are torch's NCHW / OIHW), erf from ``jax.lax``, and
random numbers from explicit PRNG keys (dropout, ``torch.rand*``, initial weights).

Keys: converted code draws them from one key stream, ``_tg_next_key()``; pass
``rngs=jax.random.PRNGKey(n)`` to ``TorchModule.apply`` (or call
``_tg_set_rngs``) to make a run reproducible, or ``seed=`` to a random helper.
JAX is 32-bit by default: int64 becomes int32 unless ``jax_enable_x64`` is on.
"""
from __future__ import annotations

from . import einops as _einops, helpers_plain as plain

_SUBST = {"XP.": "jnp.", "ARRAY_TYPE": "jax.Array", "INT": "jnp.int32", "TO_ARRAY": "jnp.asarray"}
_IMPORTS = ("import jax", "import jax.numpy as jnp")

_EXTRA = {
    "erf": ("_tg_erf", '''
def _tg_erf(x):
    return jax.lax.erf(x)
''', ()),
    "_rngs": ("_tg_next_key", '''
# the PRNG key stream of converted code (dropout, torch.rand*, initial weights)
_tg_rngs = {"key": jax.random.PRNGKey(0)}


def _tg_set_rngs(rngs):
    """Start the key stream at ``rngs`` (a PRNG key or an int seed)."""
    if rngs is not None:
        _tg_rngs["key"] = jax.random.PRNGKey(rngs) if isinstance(rngs, int) else rngs


def _tg_next_key(seed=None):
    """A fresh key: from ``seed`` when given, else split off the stream."""
    if seed is not None:
        return jax.random.PRNGKey(seed)
    _tg_rngs["key"], key = jax.random.split(_tg_rngs["key"])
    return key
''', ()),
    "_init": ("_tg_init", '''
def _tg_init(shape, bound):
    """Initial weights (torch's uniform(-bound, bound) ranges); load_state_dict replaces them."""
    key = _tg_next_key()
    if bound is None:
        return jax.random.normal(key, shape, jnp.float32)
    return jax.random.uniform(key, shape, jnp.float32, minval=-bound, maxval=bound)
''', ("_rngs",)),
    "dropout": ("_tg_dropout", '''
def _tg_dropout(x, p=0.5, training=True, seed=None, key=None):
    """torch dropout with an explicit PRNG key: identity unless training; survivors scaled by 1 / (1 - p)."""
    if not training or p == 0:
        return x
    keep = jax.random.bernoulli(key if key is not None else _tg_next_key(seed), 1 - p, x.shape)
    return jnp.where(keep, x / (1 - p), 0).astype(x.dtype)
''', ("_rngs",)),
    "conv": ("_tg_conv", '''
def _tg_conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch conv1d/2d/3d: lax.conv_general_dilated's default layouts are torch's (NC*, OI*)."""
    nd = x.ndim - 2
    dilation = _tg_ntuple(dilation, nd)
    y = jax.lax.conv_general_dilated(x, weight, _tg_ntuple(stride, nd),
                                     _tg_conv_pads(padding, weight.shape[2:], dilation),
                                     rhs_dilation=dilation, feature_group_count=groups)
    return y if bias is None else y + jnp.reshape(bias, (1, -1) + (1,) * nd)
''', ("_ntuple", "_conv_pads")),
    "random_uniform": ("_tg_random_uniform", '''
def _tg_random_uniform(shape, low=0.0, high=1.0, dtype="float32", seed=None):
    return jax.random.uniform(_tg_next_key(seed), tuple(shape), dtype, minval=low, maxval=high)
''', ("_rngs",)),
    "random_normal": ("_tg_random_normal", '''
def _tg_random_normal(shape, mean=0.0, std=1.0, dtype="float32", seed=None):
    return mean + std * jax.random.normal(_tg_next_key(seed), tuple(shape), dtype)
''', ("_rngs",)),
    "_add_at": ("_tg_add_at", '''
def _tg_add_at(a, index, value):
    return a.at[index].add(value)
''', ()),
    "_set_at": ("_tg_set_at", '''
def _tg_set_at(a, index, value):
    return a.at[index].set(value)
''', ()),
    "randint": ("_tg_randint", '''
def _tg_randint(low, high, shape, dtype="int32", seed=None):
    return jax.random.randint(_tg_next_key(seed), tuple(shape), low, high, dtype)
''', ("_rngs",)),
    "permutation": ("_tg_permutation", '''
def _tg_permutation(n, seed=None):
    return jax.random.permutation(_tg_next_key(seed), n)
''', ("_rngs",)),
}


def _with_imports(h):
    return plain.Helper(h.name, h.code, h.needs, _IMPORTS + tuple(i for i in h.imports if i not in _IMPORTS))


HELPERS = {k: _with_imports(h) for k, h in plain.build(
    _SUBST, {k: plain._helper(n, c, _SUBST, needs) for k, (n, c, needs) in _EXTRA.items()}).items()}
HELPERS["module"] = _with_imports(plain._helper("TorchModule", plain.MODULE_BASE, _SUBST, ("_rngs", "_module_support")))

EXPRS: dict[str, str] = dict(plain.EXPRS_COMMON, **{
    # x.numpy() is a NumPy array in torch: the script may go on with NumPy-only code on it
    "numpy()": "np.asarray({x})",
    "detach()": "jax.lax.stop_gradient({x})",
    "clone()": "jnp.array({x})",
    # Array.device is a method before JAX 0.4.27 and a property after: the source only passes it on
    "device": "'cpu'",
    # JAX arrays are immutable: x[i] = v -> x = x.at[i].set(v)
    "setitem": "{x}.at[{index}].set({value})",
})
#: imports an expression template needs besides the target's own
EXPR_IMPORTS = {"numpy()": "import numpy as np"}
NATIVE_INDEXING = True
WEIGHTS_TABLE = False

HELPERS.update(_einops.helpers("jax", lambda n, c, needs=(): _with_imports(plain._helper(n, c, _SUBST, needs))))
