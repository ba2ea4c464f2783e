"""Emulated ``jax`` for the Tensorglot sandbox (x64 disabled: 32-bit defaults).

jax.numpy / jax.nn / jax.lax / jax.random / jax.image functions come from the
jax binding table; jit runs the function eagerly, vmap loops over the mapped
axis, grad is not supported (no autodiff).
"""
from __future__ import annotations

import functools as _functools

from ..core import UnsupportedAPI, unsupported_getattr
from ._base import FW as _FW, Array
from . import numpy, nn, lax, random, image, scipy, tree_util  # noqa: F401

__version__ = "0.4.30"
__getattr__ = unsupported_getattr("jax", "jax")


def jit(fun=None, *, static_argnums=None, static_argnames=None, donate_argnums=None,
        donate_argnames=None, device=None, backend=None, inline=False, keep_unused=False,
        abstracted_axes=None, in_shardings=None, out_shardings=None):
    """Runs ``fun`` eagerly on every call (static_arg* accepted, nothing compiled)."""
    if fun is None:
        return lambda f: jit(f, static_argnums=static_argnums, static_argnames=static_argnames)

    @_functools.wraps(fun)
    def jitted(*args, **kwargs):
        return fun(*args, **kwargs)

    jitted.lower = lambda *a, **k: (_ for _ in ()).throw(
        UnsupportedAPI("jax.jit(...).lower is not supported by Tensorglot's jax emulation"))
    return jitted


def vmap(fun, in_axes=0, out_axes=0, axis_name=None, axis_size=None, spmd_axis_name=None):
    """Maps ``fun`` over an axis by looping and stacking (no batching rules)."""
    from ...ops import impl as I

    def mapped(*args):
        axes = in_axes if isinstance(in_axes, (tuple, list)) else (in_axes,) * len(args)
        n = None
        for a, ax in zip(args, axes):
            if ax is not None:
                n = _FW.to_array(a).shape[ax]
                break
        if n is None:
            raise ValueError("vmap must have at least one non-None value in in_axes")
        outs = []
        for i in range(n):
            sl = [a if ax is None else _FW.wrap(I.getitem(_FW.to_array(a), (slice(None),) * (ax % _FW.to_array(a).ndim) + (i,)))
                  for a, ax in zip(args, axes)]
            outs.append(fun(*sl))

        def stack(parts):
            first = parts[0]
            if isinstance(first, (tuple, list)):
                return type(first)(stack([p[j] for p in parts]) for j in range(len(first)))
            return _FW.wrap(I.stack([_FW.to_array(p) for p in parts], out_axes))
        return stack(outs)
    return mapped


def grad(fun, *args, **kwargs):
    raise UnsupportedAPI("jax.grad is not supported by Tensorglot's jax emulation (no autodiff)")


value_and_grad = grad


def device_put(x, device=None, **kw):
    return x


def block_until_ready(x):
    return x


class _Config:
    def update(self, name, value):
        if name == "jax_enable_x64" and value:
            raise UnsupportedAPI("jax_enable_x64 is not supported by Tensorglot's jax emulation "
                                 "(it runs 32-bit, like JAX's default)")

    jax_enable_x64 = False


config = _Config()
