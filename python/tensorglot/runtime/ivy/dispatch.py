"""Calling a backend function for an ivy function, driven by the binding tables.

An ivy call is bound against ivy's signature and mapped to canonical arguments
(table.IVY_BINDINGS); the backend function named in table.DISPATCH is then
called with those arguments respelled by the backend's own binding row (the
inverse of its ``args`` renames). When the backend API cannot express an
argument (``torch.rand`` has no bounds), the canonical op runs directly on the
engine under the backend's promotion policy, recorded under the same label.
"""
from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable

from .. import core
from ...ops import OPS

#: label prefix -> (emulation module, framework name, prefix spelled in binding tables)
PREFIXES = {
    "torch": ("tensorglot.runtime.torch", "torch", "torch"),
    "tf": ("tensorglot.runtime.tensorflow", "tensorflow", "tf"),
    "np": ("tensorglot.runtime.numpy", "numpy", "numpy"),
    "jnp": ("tensorglot.runtime.jax.numpy", "jax", "jax.numpy"),
    "jax": ("tensorglot.runtime.jax", "jax", "jax"),
}
MODULE_OF_BACKEND = {"torch": "tensorglot.runtime.torch", "tensorflow": "tensorglot.runtime.tensorflow",
                     "numpy": "tensorglot.runtime.numpy", "jax": "tensorglot.runtime.jax"}

#: where one ivy function maps to different backend functions by input rank
#: (ivy.diag of a matrix extracts its diagonal: TF spells that diag_part)
RANK_VARIANTS = {("diag", "tensorflow"): {2: "tf.linalg.diag_part"}}
#: where the backend function rejects inputs of lower rank than this and ivy
#: adapts them (tf.linalg.matmul needs rank >= 2; ivy.matmul has numpy's 1-D
#: rules): the canonical op runs directly, under the backend function's label
DIRECT_BELOW_RANK = {("matmul", "tensorflow"): 2}

_PLAIN = (int, float, bool, str, type(None), tuple, list)
_resolved: dict[str, Callable] = {}
_plans: dict[str, Any] = {}
_frameworks: dict[str, core.Framework] = {}
_direct: dict[tuple, Callable] = {}


class Unexpressible(Exception):
    """The backend function cannot take this canonical argument."""


def resolve(label: str) -> Callable:
    """The emulated public callable named by a label such as "tf.linalg.diag"."""
    fn = _resolved.get(label)
    if fn is not None:
        return fn
    prefix, _, rest = label.partition(".")
    modname = PREFIXES[prefix][0]
    obj: Any = importlib.import_module(modname)
    for part in rest.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            modname = f"{modname}.{part}"
            try:
                obj = importlib.import_module(modname)
            except ImportError:
                raise core.UnsupportedAPI(f"{label} (used by ivy) is not available in "
                                          "Tensorglot's emulation") from None
    _resolved[label] = obj
    return obj


def backend_binding(label: str):
    """The binding row of a backend function, or None when its table lacks it."""
    prefix, _, rest = label.partition(".")
    _, fw, table_prefix = PREFIXES[prefix]
    try:
        table = importlib.import_module(f"tensorglot.frameworks.{fw}").BINDINGS
    except ImportError:
        return None
    return table.get(label) or table.get(f"{table_prefix}.{rest}")


def framework(backend: str) -> core.Framework:
    """The ``core.Framework`` object of an emulated backend."""
    fw = _frameworks.get(backend)
    if fw is None:
        mod = importlib.import_module(MODULE_OF_BACKEND[backend])
        fw = next((v for v in vars(mod).values() if isinstance(v, core.Framework)), None)
        if fw is None:
            cls = next(v for v in vars(mod).values()
                       if isinstance(v, type) and issubclass(v, core.TensorBase)
                       and getattr(v, "_fw", None) is not None)
            fw = cls._fw
        _frameworks[backend] = fw
    return fw


def _same(v: Any, default: Any) -> bool:
    return isinstance(v, _PLAIN) and default is not inspect.Parameter.empty and v == default


def _plan(label: str, binding) -> tuple:
    plan = _plans.get(label)
    if plan is None:
        canon_defaults = {n: p.default for n, p in
                          _sig_params(OPS[binding.op].sig).items()}
        params = []
        for name, p in binding.signature.parameters.items():
            c = binding.args.get(name, name)
            if p.kind is p.VAR_POSITIONAL:
                # torch.zeros(*size): the derived canonical parameter goes in as one tuple
                c = next((k for k, e in binding.derive.items() if name in e), None)
            params.append((name, p, c))
        plan = _plans[label] = (params, canon_defaults)
    return plan


_sig_cache: dict[str, dict] = {}


def _sig_params(sig: str) -> dict:
    if sig not in _sig_cache:
        ns: dict = {}
        exec(f"def _f{sig}: pass", {}, ns)
        _sig_cache[sig] = dict(inspect.signature(ns["_f"]).parameters)
    return _sig_cache[sig]


def translate(label: str, binding, canon: dict) -> tuple[list, dict]:
    """Canonical arguments -> (args, kwargs) for the backend function."""
    params, defaults = _plan(label, binding)
    canon = dict(canon)
    args: list = []
    kwargs: dict = {}
    positional = True
    for name, p, c in params:
        if c is None or c not in canon:
            if p.kind is not p.VAR_KEYWORD:
                positional = False
            continue
        v = canon.pop(c)
        if p.kind is p.VAR_POSITIONAL:
            args.append(v)
            positional = False
            continue
        needed = (p.default is p.empty or c in binding.derive
                  or not _same(v, defaults.get(c, inspect.Parameter.empty)))
        if not needed:
            positional = False
            continue
        if positional and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            args.append(v)
        else:
            kwargs[name] = v
            positional = False
    for c, v in canon.items():
        if c in binding.fixed:
            if not _same(v, binding.fixed[c]):
                raise Unexpressible(c)
        elif not _same(v, defaults.get(c, inspect.Parameter.empty)):
            raise Unexpressible(c)
    return args, kwargs


def direct(backend: str, op: str, label: str) -> Callable:
    """A public function computing the canonical op under the backend's policy."""
    key = (backend, op, label)
    fn = _direct.get(key)
    if fn is None:
        fw = framework(backend)

        def compute(**canon):
            canon = {k: fw.unwrap(v) for k, v in canon.items()}
            for k in ("x", "y", "data"):
                v = canon.get(k)
                if isinstance(v, (list, tuple)) and k != "data":
                    canon[k] = fw.to_array(v)
            if "dtype" in canon:
                canon["dtype"] = fw.canon_dtype(canon["dtype"])
            return fw.wrap(core.call_impl(fw, op, **canon))
        fn = _direct[key] = core.public(label)(compute)
    return fn


def call(backend: str, label: str, op: str, canon: dict, force_direct: bool = False) -> Any:
    """Run one ivy call on ``backend`` (``label`` is the backend function)."""
    if force_direct:
        return direct(backend, op, label)(**canon)
    binding = backend_binding(label)
    if binding is not None and binding.op == op:
        try:
            args, kwargs = translate(label, binding, canon)
        except Unexpressible:
            pass
        else:
            return resolve(label)(*args, **kwargs)
    return direct(backend, op, label)(**canon)
