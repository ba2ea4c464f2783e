"""Build a jax submodule's namespace from the jax binding table."""
from __future__ import annotations

from ...frameworks.jax import BINDINGS
from .._emulate import populate
from ..core import unsupported_getattr
from ._base import FW, Array
from ._hooks import HOOKS


def install(namespace: dict, prefix: str, *, methods: bool = False) -> None:
    populate(namespace, prefix, BINDINGS, FW, HOOKS,
             method_prefix="Array." if methods else None, tensor_cls=Array)
    namespace.setdefault("__getattr__", unsupported_getattr(prefix, "jax"))
