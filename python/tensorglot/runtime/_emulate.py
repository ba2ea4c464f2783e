"""Shared glue for the tensorflow and jax emulations (built on core.py).

* ``Framework32``: a ``core.Framework`` whose Python-data conversion follows
  TF/JAX inference (Python ints -> int32, floats -> float32);
* ``make_custom``: the public callable for a binding whose ``custom`` hook is
  hand-written; the hook gets the bound framework arguments (tensors already
  unwrapped to engine NDArrays) and returns engine results;
* ``populate``: fill a module namespace from a binding table, routing custom
  rows to their hooks.
"""
from __future__ import annotations

from typing import Any, Callable

from . import core
from ..frameworks.binding import fold_varargs_keyword
from .core import STATE, Framework, TensorBase, engine, make_function


class Framework32(Framework):
    """Python ints become int32 (int64 only when TF needs the range)."""

    def __init__(self, name: str, *, int64_overflow: bool, **kw) -> None:
        super().__init__(name, default_int="int32", coerce_lists=True, **kw)
        self.int64_overflow = int64_overflow

    def data_to_array(self, data: Any, dtype: str | None = None) -> Any:
        a = engine().asarray(data)
        if a.dtype == "int64" and _python_data(data):
            if any(not -2**31 <= v < 2**31 for v in a.data):
                if not self.int64_overflow:
                    raise OverflowError(f"Python int too large to convert to int32 ({self.name} "
                                        "runs with 64-bit types disabled)")
            else:
                a = a.astype("int32")
        if dtype is not None and a.dtype != dtype:
            a = a.astype(dtype)
        return a


def _python_data(d: Any) -> bool:
    """True when ``d`` holds no arrays (so int64 came from Python-int inference)."""
    if isinstance(d, (list, tuple)):
        return all(_python_data(v) for v in d)
    return not isinstance(d, engine().NDArray)


def unwrap_bound(fw: Framework, arguments: dict) -> dict:
    out = {}
    for k, v in arguments.items():
        out[k] = fw.unwrap(v) if isinstance(v, (TensorBase, list, tuple)) else v
    return out


def make_custom(binding, fw: Framework, hook: Callable, label: str | None = None) -> Callable:
    """Public callable for ``binding`` computed by ``hook(bound_args) -> engine result``."""
    label = label or binding.names[0]
    sig = binding.signature

    def fn(*args, **kwargs):
        if kwargs:
            args, kwargs = fold_varargs_keyword(sig, args, kwargs)
        try:
            ba = sig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{label}(): {e}") from None
        ba.apply_defaults()
        bound = unwrap_bound(fw, ba.arguments)
        STATE.depth += 1
        try:
            with engine().promotion_policy(fw.policy):
                r = hook(bound)
        finally:
            STATE.depth -= 1
        out = fw.wrap(r)
        core.record(label, fn, args, kwargs, out)
        return out

    return core.name_public(fn, label, binding,
                            f"{label}{binding.sig} (Tensorglot emulation; {binding.note or binding.op})")


def populate(namespace: dict, prefix: str, bindings: dict, fw: Framework, hooks: dict,
             *, method_prefix: str | None = None, tensor_cls: type | None = None,
             wrap: Callable[[Callable], Callable] | None = None) -> dict[str, Callable]:
    """Install every ``<prefix>.<attr>`` binding into ``namespace`` and, when
    ``method_prefix`` is given, every ``<method_prefix><attr>`` on ``tensor_cls``.

    One callable per binding row (aliases share it, so they trace under the
    canonical name). ``wrap`` post-processes each made callable (error mapping).
    """
    pre = prefix + "."
    # operator rows (``Tensor.__mul__``) trace under the function spelling of their op
    op_label: dict[str, str] = {}
    if method_prefix is not None:
        for b in bindings.values():
            if not b.names[0].startswith(method_prefix):
                op_label.setdefault(b.op, b.names[0])
    made: dict[int, Callable] = {}
    installed: dict[str, Callable] = {}
    for name, b in bindings.items():
        in_module = name.startswith(pre) and "." not in name[len(pre):]
        is_method = method_prefix is not None and name.startswith(method_prefix)
        if not (in_module or is_method):
            continue
        fn = made.get(id(b))
        if fn is None:
            label = b.names[0]
            if method_prefix is not None and label.startswith(method_prefix) and b.op != "getitem":
                label = op_label.get(b.op, label)
            if b.custom:
                factory = hooks.get(b.custom)
                if factory is None:
                    continue
                fn = make_custom(b, fw, factory(b), label)
            else:
                fn = make_function(b, fw, label)
            if wrap is not None:
                fn = wrap(fn)
            made[id(b)] = fn
        if in_module:
            namespace[name[len(pre):]] = fn
        else:
            setattr(tensor_cls, name[len(method_prefix):], fn)
        installed[name] = fn
    return installed


def normalize_tuple(v: Any, n: int, what: str) -> tuple:
    if isinstance(v, int):
        return (v,) * n
    t = tuple(int(i) for i in v)
    if len(t) == 1:
        return t * n
    if len(t) != n:
        raise ValueError(f"{what} must be an int or a sequence of {n} ints, got {v!r}")
    return t


def same_padding(size: int, k: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """TF/XLA 'SAME': output ceil(size / stride); the odd pad goes at the end."""
    eff = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def meshgrid_arrays(arrays: list, indexing: str = "xy") -> list:
    """numpy.meshgrid on engine arrays (shared by np / jnp / tf / torch.meshgrid)."""
    from ..ops import impl as I
    return I.meshgrid(arrays, indexing)
