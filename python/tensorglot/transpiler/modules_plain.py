"""Module emission for the array-library targets (JAX, NumPy): plain Python classes.

A torch.nn.Module becomes a ``TorchModule`` subclass (the base is emitted once
from frameworks/helpers_plain.py): ``__init__`` is kept as written (its layers
map to ``Torch<Layer>`` classes through frameworks/layers.py), ``forward``
becomes ``__call__`` and ``self.training`` stays a mode flag set by
``train()`` / ``eval()``. The converter calls these hooks for targets in
``PLAIN_TARGETS``; the Keras path for TensorFlow is in convert.py.
"""
from __future__ import annotations

import ast

from .source import Edit

PLAIN_TARGETS = ("jax", "numpy")


def module_method(conv, fn: ast.FunctionDef) -> None:
    """``def forward`` -> ``def __call__`` (TorchModule.forward calls back into it)."""
    if fn.name != "forward":
        return
    a, _ = conv.src.span(fn)
    name_at = conv.src.text.find("forward", a)
    conv.edits.append(Edit(name_at, name_at + len("forward"), "__call__"))


#: (text(s) in the rewritten spans, note) -> an info diagnostic at the first one
_NOTES = {
    "jax": [("jnp.int64", "JAX is 32-bit by default: int64 arrays are int32 unless jax_enable_x64 is set "
                          "(torch's default integer dtype is int64)"),
            ("jnp.float64", "JAX is 32-bit by default: float64 arrays are float32 unless jax_enable_x64 is set"),
            (("_tg_dropout", "TorchDropout", "_tg_random", "_tg_randint", "_tg_permutation", "TorchLSTM", "TorchGRU"),
             "random numbers (dropout in training mode, torch.rand*) come from explicit PRNG keys: "
                             "_tg_next_key() splits a key stream; pass rngs=jax.random.PRNGKey(n) to "
                             "TorchModule.apply, or key= to _tg_dropout"),
            ("TorchModule", "nn.Module classes became plain classes: parameters in .params (a pytree, torch names "
                            "and layouts); model.apply(params, x) is a pure function for jax.jit / jax.grad; "
                            "load_state_dict takes torch state dicts")],
    "numpy": [("TorchModule", "nn.Module classes became plain NumPy classes (no autograd): parameters in .params "
                              "(torch names and layouts); load_state_dict takes torch state dicts; like torch "
                              "modules they start in training mode until .eval()")],
}


def finish(conv) -> None:
    """Info diagnostics for target defaults that differ from torch's, once each."""
    edits = sorted((e for e in conv.edits if e.end > e.start), key=lambda e: e.start)
    for needles, note in _NOTES.get(conv.tname, []):
        needles = (needles,) if isinstance(needles, str) else needles
        hit = next((e for e in edits if any(n in e.text for n in needles)), None)
        if hit is None:
            continue
        line, col = conv.src.line_of(hit.start), conv.src.col_of(hit.start) + 1
        conv.diags.append(dict(severity="info", message=note, api=None, line=line, col=col,
                               end_line=line, end_col=col))
