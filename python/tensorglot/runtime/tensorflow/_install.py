"""Build a tf submodule's namespace from the tensorflow binding table."""
from __future__ import annotations

from ...frameworks.tensorflow import BINDINGS
from .._emulate import populate
from ..core import unsupported_getattr
from ._base import FW, Tensor, map_errors
from ._hooks import HOOKS


def install(namespace: dict, prefix: str, *, methods: bool = False) -> None:
    """Fill ``namespace`` with every ``<prefix>.<name>`` row; unknown names raise an
    error naming the API (``tf.foo is not supported by Tensorglot's tensorflow emulation``)."""
    populate(namespace, prefix, BINDINGS, FW, HOOKS, wrap=map_errors,
             method_prefix="Tensor." if methods else None, tensor_cls=Tensor)
    namespace.setdefault("__getattr__", unsupported_getattr(prefix, "tensorflow"))
