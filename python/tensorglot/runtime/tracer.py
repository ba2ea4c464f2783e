"""The graph tracer: records the outermost framework calls made while a function runs.

Protocol for the emulated frameworks (see core.make_function / core.public):

* ``ACTIVE`` is the ``Tracer`` recording now, or None. A public framework
  function, after computing, calls ``ACTIVE.record(label, func, args, kwargs,
  result)`` when ACTIVE is set and it is the outermost public call
  (``core.STATE.depth`` keeps nested calls out). ``func(*args, **kwargs)``
  must recompute the call with other tensors substituted (that is the replay).
* ``module_scope(m)``: ``with module_scope(module_or_segment): ...`` around a
  module's forward gives every node recorded inside its module path
  ("encoder/layers/0/attn"). ``m`` is the module object (its name comes from the
  traced root's ``named_modules()``, else its class name) or a path segment
  string. Costs one global read when nothing is traced.
* Wrapper objects (``ivy.Array``) expose the backend tensor as ``_tg_inner``
  and rebuild themselves with the classmethod ``_tg_wrap(tensor)``; the tracer
  sees through them.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable

#: the Tracer recording now, or None
ACTIVE: "Tracer | None" = None
#: when a list, every graph ``trace()`` returns is appended as (user call-site line, graph)
#: (the service collects the graphs a script traces itself)
COLLECTED: "list | None" = None

_PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: code object -> True when it belongs to tensorglot (not user code); cached
_INTERNAL_CODE: dict[Any, bool] = {}

_tensor_types: tuple[type, ...] | None = None


def _tensor_classes() -> tuple[type, ...]:
    global _tensor_types
    if _tensor_types is None:
        from .core import TensorBase
        _tensor_types = (TensorBase,)
    return _tensor_types


def register_tensor_type(cls: type) -> None:
    """Treat instances of ``cls`` as tensors (for frameworks not built on TensorBase)."""
    global _tensor_types
    _tensor_types = _tensor_classes() + (cls,)


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, _tensor_classes())


#: type -> whether it is a wrapper with ``_tg_inner`` (cached: hasattr misses are slow)
_WRAPPER: dict[type, bool] = {}


def inner(obj: Any) -> Any:
    """The backend tensor behind a wrapper (ivy.Array), or obj itself."""
    cls = type(obj)
    w = _WRAPPER.get(cls)
    if w is None:
        w = _WRAPPER[cls] = hasattr(cls, "_tg_inner")
    return obj._tg_inner if w else obj


class _NullScope:
    __slots__ = ()

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


_NULL_SCOPE = _NullScope()


class _Scope:
    __slots__ = ("tracer", "seg")

    def __init__(self, tracer: "Tracer", seg: Any) -> None:
        self.tracer = tracer
        self.seg = seg

    def __enter__(self):
        self.tracer.push_scope(self.seg)
        return None

    def __exit__(self, *exc):
        self.tracer.scope.pop()
        return False


def module_scope(m: Any):
    """Context manager giving nodes recorded inside it the module path of ``m``."""
    t = ACTIVE
    if t is None:
        return _NULL_SCOPE
    return _Scope(t, m)


def user_line() -> int | None:
    """Line in user code (the innermost frame outside the tensorglot package)."""
    f = sys._getframe(2)
    cache = _INTERNAL_CODE
    while f is not None:
        code = f.f_code
        internal = cache.get(code)
        if internal is None:
            fn = code.co_filename
            internal = cache[code] = fn.startswith(_PKG_DIR) or fn.startswith("<frozen")
        if not internal:
            return f.f_lineno
        f = f.f_back
    return None


class Node:
    """One recorded value source: an input, op, param or const."""
    __slots__ = ("idx", "kind", "label", "func", "args", "kwargs", "result", "refs",
                 "module", "line", "value")

    def __init__(self, idx: int, kind: str, label: str, value: Any = None) -> None:
        self.idx = idx
        self.kind = kind
        self.label = label
        self.func = None
        self.args: tuple = ()
        self.kwargs: dict = {}
        self.result: Any = value   # keeps the recorded objects alive (ids stay unique)
        #: for ops: (arg position or name, source node idx, output path in the source, tensor)
        self.refs: list[tuple[Any, int, tuple, Any]] = []
        self.module: str | None = None
        self.line: int | None = None
        self.value = value


class Tracer:
    """Collects nodes while ``ACTIVE``; ``trace()`` turns them into a Graph."""

    def __init__(self, backend: str | None = None) -> None:
        self.backend = backend
        self.nodes: list[Node] = []
        #: id(backend tensor) -> (node idx, output path)
        self.producer: dict[int, tuple[int, tuple]] = {}
        self.scope: list[str] = []
        self.module_names: dict[int, str] = {}
        self.param_names: dict[int, str] = {}
        self.backends_seen: dict[str, int] = {}

    # --- modules and parameters -----------------------------------------
    def add_root(self, obj: Any) -> None:
        """Learn parameter and submodule names of a module reachable by the traced code."""
        nm = getattr(obj, "named_modules", None)
        if callable(nm):
            try:
                for path, m in nm():
                    self.module_names.setdefault(id(m), path.replace(".", "/"))
            except Exception:   # a user object with an unrelated named_modules
                pass
        np_ = getattr(obj, "named_parameters", None)
        if callable(np_):
            try:
                for name, p in np_():
                    self.param_names.setdefault(id(inner(p)), name)
            except Exception:
                pass

    def push_scope(self, seg: Any) -> None:
        parent = self.scope[-1] if self.scope else ""
        if not isinstance(seg, str):
            name = self.module_names.get(id(seg))
            if name is not None:      # named_modules() paths are absolute
                self.scope.append(name)
                return
            seg = type(seg).__name__
        self.scope.append(f"{parent}/{seg}" if parent else seg)

    # --- nodes -----------------------------------------------------------
    def add_input(self, t: Any, label: str) -> Node:
        n = Node(len(self.nodes), "input", label, inner(t))
        self.nodes.append(n)
        self.producer[id(n.value)] = (n.idx, ())
        return n

    def _leaf(self, t: Any) -> int:
        """Node for a tensor that no recorded op produced: a param or a const."""
        name = self.param_names.get(id(t))
        if name is None and type(t).__name__ in ("Parameter", "Variable", "ResourceVariable"):
            name = getattr(t, "name", None) or "param"
        if name is not None:
            n = Node(len(self.nodes), "param", str(name), t)
            mod, _, _ = str(name).rpartition(".")
            n.module = mod.replace(".", "/") or None
        else:
            n = Node(len(self.nodes), "const", "const", t)
            n.line = user_line()
        self.nodes.append(n)
        self.producer[id(t)] = (n.idx, ())
        return n.idx

    def _ref(self, t: Any, where: Any, refs: list) -> None:
        src = self.producer.get(id(t))
        if src is None:
            src = (self._leaf(t), ())
        refs.append((where, src[0], src[1], t))

    def _scan(self, obj: Any, where: Any, refs: list) -> None:
        if isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                self._scan(v, f"{where}[{i}]", refs)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                self._scan(v, f"{where}[{k!r}]", refs)
        else:
            t = inner(obj)
            if isinstance(t, _tensor_types):
                self._ref(t, where, refs)

    def record(self, label: str, func: Callable, args: tuple, kwargs: dict, result: Any) -> None:
        refs: list = []
        tt = _tensor_types
        i = 0
        for a in args:
            # plain tensors and scalars are the common case: no recursion
            if isinstance(a, tt) and not _WRAPPER.get(type(a), True):
                self._ref(a, i, refs)
            elif not isinstance(a, (int, float, str, type(None))):
                self._scan(a, i, refs)
            i += 1
        if kwargs:
            for k, v in kwargs.items():
                self._scan(v, k, refs)
        n = Node(len(self.nodes), "op", label)
        n.func = func
        n.args = args
        n.kwargs = kwargs
        n.result = result
        n.refs = refs
        n.module = (self.scope[-1] or None) if self.scope else None
        n.line = user_line()
        self.nodes.append(n)
        if isinstance(result, tt) and not _WRAPPER.get(type(result), True):
            self.producer[id(result)] = (n.idx, ())
        else:
            self._claim(result, n.idx, ())

    def _claim(self, obj: Any, idx: int, path: tuple) -> None:
        if isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                self._claim(v, idx, path + (i,))
            return
        t = inner(obj)
        if isinstance(t, _tensor_types):
            self.producer[id(t)] = (idx, path)


def _param_names(fn: Callable, n: int) -> list[str]:
    """Names of fn's positional parameters (for input labels), padded to n."""
    code = getattr(fn, "__code__", None)
    if code is None:
        fwd = getattr(type(fn), "forward", None) or getattr(type(fn), "_forward", None)
        code = getattr(fwd, "__code__", None)
        skip = 1
    else:
        skip = 1 if getattr(fn, "__self__", None) is not None else 0
    names = list(code.co_varnames[skip:code.co_argcount]) if code is not None else []
    return names + [f"input{i}" for i in range(len(names), n)]


def _roots_of(fn: Any) -> list[Any]:
    """Modules the traced callable can reach: itself, its bound self, and the
    globals/closure cells its code names (cheap: only names in co_names)."""
    roots = [fn, getattr(fn, "__self__", None)]
    code = getattr(fn, "__code__", None)
    if code is None:
        fwd = getattr(type(fn), "forward", None) or getattr(type(fn), "_forward", None)
        code = getattr(fwd, "__code__", None)
    g = getattr(fn, "__globals__", None)
    if code is not None and isinstance(g, dict):
        roots += [g.get(name) for name in code.co_names]
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            roots.append(cell.cell_contents)
        except ValueError:
            pass
    return [r for r in roots if r is not None and hasattr(r, "named_parameters")]


def trace(fn: Callable, *args: Any, backend: str | None = None, **kwargs: Any):
    """Run ``fn(*args, **kwargs)`` eagerly while recording; return the callable Graph."""
    from .graph import Graph, flatten_inputs
    global ACTIVE
    site = user_line() if COLLECTED is not None else None
    t0 = time.perf_counter()
    _tensor_classes()
    tr = Tracer(backend)
    for r in _roots_of(fn):
        tr.add_root(r)
    names = _param_names(fn, len(args))
    leaves = flatten_inputs(args, kwargs)
    for (pos, path), t in leaves:
        label = names[pos] if isinstance(pos, int) and pos < len(names) else str(pos)
        tr.add_input(t, label + "".join(f"[{p}]" for p in path))
    prev = ACTIVE
    ACTIVE = tr
    try:
        result = fn(*args, **kwargs)
    finally:
        ACTIVE = prev
    ms = (time.perf_counter() - t0) * 1000.0
    graph = Graph.build(tr, args, kwargs, result, ms)
    if COLLECTED is not None:
        COLLECTED.append((site, graph))
    return graph
