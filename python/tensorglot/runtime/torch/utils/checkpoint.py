"""Emulated ``torch.utils.checkpoint``: activation checkpointing only trades memory for a
recomputation in backward; the forward value is ``function(*args)``."""
from ... import core as _core


def checkpoint(function, *args, use_reentrant=None, context_fn=None, determinism_check="default",
               debug=False, preserve_rng_state=True, **kwargs):
    return function(*args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    if hasattr(functions, "children"):
        functions = list(functions.children())
    for f in functions:
        input = f(input)
    return input


__getattr__ = _core.unsupported_getattr("torch.utils.checkpoint", "torch")
