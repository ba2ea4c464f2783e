"""Tensorglot's emulation of ``ivy``: the functional API dispatching to a backend
(torch, tensorflow, jax, numpy), ``ivy.Array``, ``ivy.Module``/``ivy.Linear``,
``trace_graph``, ``compile`` and ``transpile`` -- what the seed document uses.

Functions are generated from table.py; traced graphs therefore hold the backend
functions ("torch.mean", "tf.linalg.matmul"), never ivy functions.
"""
from __future__ import annotations

from typing import Any, Callable

from .. import core
from .. import tracer as _tracer
from . import dispatch as _dispatch
from .array import Array, _install_operators
from .table import BACKENDS, DISPATCH, IVY_BINDINGS

NativeArray = core.TensorBase

# --- backend selection -------------------------------------------------------
_backend_stack: list[str] = []
#: backend used when none is set and no input says (the service sets it per run)
default_backend = "torch"
_ALIASES = {"tf": "tensorflow", "np": "numpy", "pt": "torch", "pytorch": "torch"}


def _canon_backend(name: Any) -> str:
    if not isinstance(name, str):
        name = getattr(name, "__name__", str(name)).rsplit(".", 1)[-1]
    name = _ALIASES.get(name, name)
    if name not in BACKENDS:
        raise ValueError(f"ivy backend must be one of {', '.join(BACKENDS)}, got {name!r}")
    return name


def set_backend(backend: Any) -> None:
    _backend_stack.append(_canon_backend(backend))


def unset_backend() -> None:
    if _backend_stack:
        _backend_stack.pop()


def current_backend_str() -> str:
    return _backend_stack[-1] if _backend_stack else ""


def previous_backend() -> None:
    unset_backend()


class with_backend:
    """``with ivy.with_backend('jax'): ...``"""

    def __init__(self, backend: str) -> None:
        self.backend = _canon_backend(backend)

    def __enter__(self):
        set_backend(self.backend)
        return self

    def __exit__(self, *exc):
        unset_backend()
        return False


def _reset_state(default: str = "torch") -> None:
    """Fresh state for a sandbox run."""
    global default_backend
    _backend_stack.clear()
    default_backend = default


# --- the functional API --------------------------------------------------------
def _unwrap(v: Any, seen: list) -> Any:
    if isinstance(v, Array):
        seen.append(v)
        return v._data
    if isinstance(v, core.TensorBase):
        seen.append(v)
        return v
    if isinstance(v, (list, tuple)) and any(isinstance(e, core.TensorBase) for e in v):
        return [_unwrap(e, seen) for e in v]
    return v


def _wrap(r: Any) -> Any:
    if isinstance(r, core.TensorBase) and not isinstance(r, Array):
        return Array._tg_wrap(r)
    if isinstance(r, (tuple, list)):
        return type(r)(_wrap(v) for v in r)
    return r


def _backend_for(tensors: list) -> str:
    if _backend_stack:
        return _backend_stack[-1]
    for t in tensors:
        name = getattr(getattr(t, "_fw", None), "name", None)
        if name in BACKENDS:
            return name
    return default_backend


def _make(name: str) -> Callable:
    binding = IVY_BINDINGS[name]
    sig = binding.signature
    op = binding.op
    targets = DISPATCH[name]

    def fn(*args, **kwargs):
        try:
            ba = sig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"ivy.{name}(): {e}") from None
        ba.apply_defaults()
        canon = binding.to_canonical(dict(ba.arguments))
        tensors: list = []
        canon = {k: _unwrap(v, tensors) for k, v in canon.items()}
        backend = _backend_for(tensors)
        if op == "concat" and backend != "torch" and isinstance(canon.get("xs"), list):
            # 0-d operands join as 1-element vectors, as the torch backend's (emulated) torch.cat
            # takes them: the seed's pure_ivy gives the same result on every backend
            canon["xs"] = [type(t)._new(t._a.reshape((1,))) if isinstance(t, core.TensorBase)
                           and not t._a.shape else t for t in canon["xs"]]
        label = targets.get(backend)
        if label is None:
            raise NotImplementedError(f"ivy.{name} has no {backend} backend in Tensorglot's "
                                      "ivy emulation")
        variants = _dispatch.RANK_VARIANTS.get((name, backend))
        if variants and tensors:
            label = variants.get(len(tensors[0]._a.shape), label)
        min_rank = _dispatch.DIRECT_BELOW_RANK.get((name, backend))
        force = min_rank is not None and any(len(t._a.shape) < min_rank for t in tensors)
        out = _dispatch.call(backend, label, op, canon, force)
        # native in, native out (ivy's rule); ivy arrays or no tensors in: ivy.Array out
        if tensors and not any(isinstance(t, Array) for t in tensors):
            return out
        return _wrap(out)

    fn.__name__ = name
    fn.__qualname__ = f"ivy.{name}"
    fn.__doc__ = f"ivy.{name}{binding.sig} -> " + ", ".join(f"{b}: {t}" for b, t in targets.items())
    return fn


for _name in IVY_BINDINGS:
    globals()[_name] = _make(_name)
del _name

concat = concatenate  # noqa: F821 - generated above
_install_operators(globals())

float16, bfloat16, float32, float64 = "float16", "bfloat16", "float32", "float64"
int8, int16, int32, int64, uint8, bool_ = "int8", "int16", "int32", "int64", "uint8", "bool"


def is_array(x: Any) -> bool:
    return isinstance(x, core.TensorBase)


def is_ivy_array(x: Any) -> bool:
    return isinstance(x, Array)


def is_native_array(x: Any) -> bool:
    return isinstance(x, core.TensorBase) and not isinstance(x, Array)


def to_native(x: Any) -> Any:
    return _unwrap(x, [])


def to_ivy(x: Any) -> Any:
    return _wrap(x)


def to_list(x: Any) -> Any:
    return to_native(x).tolist()


def seed(seed_value: int = 0) -> None:
    """Seed the random functions (the engine's global generator)."""
    from ... import engine
    engine.random.manual_seed(seed_value)


# --- modules, tracing, compiling, transpiling ----------------------------------
from .module import Linear, Module, Sequential  # noqa: E402


def trace_graph(fn: Callable, *args: Any, backend: str | None = None, **kwargs: Any):
    """Trace ``fn`` (a function or an ivy/torch module) on ``args``: a callable Graph
    of backend functions, pruned to what reaches the outputs."""
    if backend is not None:
        with with_backend(backend):
            return trace_graph(fn, *args, **kwargs)
    if isinstance(fn, Module):
        return fn.trace_graph(*args, **kwargs)
    tensors: list = []
    for a in list(args) + list(kwargs.values()):
        _unwrap(a, tensors)
    return _tracer.trace(fn, *args, backend=_backend_for(tensors), **kwargs)


def compile(fn: Callable, dynamic: bool = True, example_inputs: Any = None,
            static_argnums: Any = None, static_argnames: Any = None) -> Callable:
    """Wrap the backend's own compiler, as the seed's compilation.py snippets show
    (tf.function / torch.jit.script|trace / jax.jit); numpy has none."""
    backend = current_backend_str() or default_backend
    import importlib
    mod = importlib.import_module(_dispatch.MODULE_OF_BACKEND[backend])
    try:
        if backend == "tensorflow":
            return mod.function(fn)
        if backend == "torch":
            return mod.jit.script(fn) if dynamic else mod.jit.trace(fn, example_inputs)
        if backend == "jax":
            return mod.jit(fn, static_argnums=static_argnums, static_argnames=static_argnames)
    except (AttributeError, core.UnsupportedAPI):
        pass  # the emulation lacks that compiler: running eagerly is the same computation
    return fn


def transpile(obj: Any, source: str = "torch", target: str = "tensorflow", **kwargs: Any) -> Any:
    from .transpiling import transpile as _transpile
    return _transpile(obj, source=source, target=target, **kwargs)


def __getattr__(attr: str):
    if attr.startswith("__") and attr.endswith("__"):
        raise AttributeError(attr)
    raise core.UnsupportedAPI(f"ivy.{attr} is not supported by Tensorglot's ivy emulation")
