"""What the emitter needs to know about each framework, as data.

The API mappings themselves live in the binding tables
(``tensorglot.frameworks.<fw>``); this file only says how a target's names are
imported, how it spells dtypes, and where its helper snippets live.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..frameworks.binding import Binding


@dataclass(frozen=True)
class Target:
    name: str                      # framework module under tensorglot.frameworks
    #: first name component -> import statement that provides it
    imports: dict[str, str]
    #: prefixes of binding names rewritten to the short spelling we emit
    aliases: dict[str, str] = field(default_factory=dict)
    dtype_fmt: str = "{prefix}.{dtype}"
    dtype_prefix: str = ""
    #: base class emitted for converted nn.Module classes
    module_base: str = ""
    #: binding names tried only after the others (less direct spellings)
    avoid: tuple[str, ...] = ()
    #: canonical dtype -> the target's attribute name where they differ (NumPy 1.24 has no np.bool)
    dtype_names: dict[str, str] = field(default_factory=dict)
    #: binding name prefixes never emitted (tf.experimental.numpy: a spelling readers would
    #: rather not keep, and one the emulated TensorFlow does not provide)
    never: tuple[str, ...] = ()
    #: whether the target's sum/prod of small integer tensors is int64 by itself (numpy's
    #: platform-integer rule), as torch's is
    int_sums_widen: bool = False
    #: attribute names of the emitted module base a torch module cannot keep (read-only or
    #: meaningful properties): converted classes rename them, the state dict keeps the torch name
    reserved_attrs: frozenset[str] = frozenset()


TARGETS: dict[str, Target] = {
    "tensorflow": Target("tensorflow", {"tf": "import tensorflow as tf"},
                         aliases={"tensorflow.": "tf."}, dtype_prefix="tf",
                         module_base="tf.keras.layers.Layer", avoid=("tf.keras.",), never=("tf.experimental.",),
                         # tf.keras.layers.Layer properties (https://keras.io/api/layers/base_layer/)
                         reserved_attrs=frozenset(
                             "weights variables trainable_weights trainable_variables non_trainable_weights "
                             "non_trainable_variables trainable name dtype compute_dtype variable_dtype "
                             "dtype_policy submodules input output input_shape output_shape losses metrics "
                             "updates dynamic".split())),
    "jax": Target("jax", {"jnp": "import jax.numpy as jnp", "jax": "import jax"},
                  aliases={"jax.numpy.": "jnp."}, dtype_prefix="jnp", module_base="",
                  dtype_names={"bool": "bool_"}),
    "numpy": Target("numpy", {"np": "import numpy as np"},
                    aliases={"numpy.": "np."}, dtype_prefix="np", module_base="",
                    dtype_names={"bool": "bool_"}, int_sums_widen=True),
}

SOURCES = {"torch": "torch"}


def _find_table(mod) -> dict[str, Binding]:
    for attr in ("TABLE", "BINDINGS", "TORCH", "TF", "JAX", "NUMPY"):
        t = getattr(mod, attr, None)
        if isinstance(t, dict) and t and all(isinstance(v, Binding) for v in t.values()):
            return t
    for v in vars(mod).values():
        if isinstance(v, dict) and v and all(isinstance(b, Binding) for b in v.values()):
            return v
    return {}


@lru_cache(maxsize=None)
def table_for(fw: str) -> dict[str, Binding]:
    """The binding table of a framework ({} while it is not written yet)."""
    try:
        mod = importlib.import_module(f"tensorglot.frameworks.{fw}")
    except ImportError:
        return {}
    return _find_table(mod)


@lru_cache(maxsize=None)
def by_op(fw: str) -> dict[str, list[Binding]]:
    """Bindings of a framework grouped by canonical op, in table order."""
    out: dict[str, list[Binding]] = {}
    seen = set()
    for b in table_for(fw).values():
        if id(b) in seen:
            continue
        seen.add(id(b))
        out.setdefault(b.op, []).append(b)
    return out


@lru_cache(maxsize=None)
def helpers_for(target: str) -> Any:
    try:
        return importlib.import_module(f"tensorglot.frameworks.helpers_{target}")
    except ImportError:
        return None
