"""Emulated ``einops``: rearrange / repeat / reduce on the emulated frameworks' arrays.

The planner and its application are tensorglot.frameworks.einops' helper code, executed here
once per framework with that framework's emulated module: the same code converted programs
get, so the sandbox and the conversions cannot disagree.
"""
from __future__ import annotations

import importlib

from ...frameworks import einops as _plan

__version__ = "0.8.0"

#: array type's module prefix -> (framework in frameworks.einops.TARGETS, name the code uses, module)
_FRAMEWORKS = {
    "tensorglot.runtime.torch": ("torch", "torch", "tensorglot.runtime.torch"),
    "tensorglot.runtime.numpy": ("numpy", "np", "tensorglot.runtime.numpy"),
    "tensorglot.runtime.jax": ("jax", "jnp", "tensorglot.runtime.jax.numpy"),
    "tensorglot.runtime.tensorflow": ("tensorflow", "tf", "tensorglot.runtime.tensorflow"),
}
_apply: dict[str, object] = {}


def _einops_for(x):
    first = x[0] if isinstance(x, (list, tuple)) and x else x
    mod = type(first).__module__
    for prefix, (fw, name, module) in _FRAMEWORKS.items():
        if mod.startswith(prefix):
            if fw not in _apply:
                ns = {name: importlib.import_module(module)}
                exec(compile(_plan.helper_code(fw), f"<einops for {fw}>", "exec"), ns)
                _apply[fw] = ns["_tg_einops"]
            return _apply[fw]
    raise TypeError(f"einops: unsupported array type {type(first).__name__}")


class EinopsError(ValueError):
    pass


def _run(x, pattern, reduction, lengths):
    try:
        return _einops_for(x)(x, pattern, reduction, **lengths)
    except ValueError as e:
        raise EinopsError(str(e)) from None


def rearrange(tensor, pattern: str, **axes_lengths):
    return _run(tensor, pattern, None, axes_lengths)


def repeat(tensor, pattern: str, **axes_lengths):
    return _run(tensor, pattern, None, axes_lengths)


def reduce(tensor, pattern: str, reduction: str, **axes_lengths):
    if reduction not in _plan.REDUCTIONS:
        raise EinopsError(f"einops: unknown reduction {reduction!r}")
    return _run(tensor, pattern, reduction, axes_lengths)
