"""The graph tracer: records the outermost framework calls made while a function runs.

Protocol for the emulated frameworks (see core.make_function / core.public):

* ``ACTIVE`` is the ``Tracer`` recording now, or None. A public framework
  function, after computing, calls ``ACTIVE.record(label, func, args, kwargs,
  result)`` when ACTIVE is set and it is the outermost public call
  (``core.STATE.depth`` keeps nested calls out). ``func(*args, **kwargs)``
  must recompute the call with other tensors substituted (that is the replay).
  ``core.make_function`` passes the Tracer a sixth argument, its prepared call
  (plan, canonical arguments), so a replay can skip the public wrapper.
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
import types
from typing import Any, Callable

#: the Tracer recording now, or None
ACTIVE: "Tracer | None" = None
#: when a list, every graph ``trace()`` returns is appended as (user call-site line, graph)
#: (the service collects the graphs a script traces itself)
COLLECTED: "list | None" = None

_getframe = sys._getframe
_perf_counter = time.perf_counter
_PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: code filename -> True when it belongs to tensorglot (not user code). Keyed by the
#: filename, not the code object: a code object's hash is recomputed from its contents
#: on every lookup (a microsecond or more for a sizeable function), a str caches its hash
_INTERNAL_FILE: dict[str, bool] = {}

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
        if not w and issubclass(cls, _tensor_classes()):
            _PLAIN.add(cls)
    return obj._tg_inner if w else obj


#: tensor classes seen that are not wrappers (fast paths test ``type(x) in _PLAIN``)
_PLAIN: set[type] = set()


def tensor_args(args: tuple) -> list | None:
    """The backend tensors of positional arguments that are each one tensor or a wrapper
    of one (the common call), else None (the caller flattens)."""
    out = []
    for a in args:
        if type(a) not in _PLAIN:
            a = _one_tensor(a)
            if a is None:
                return None
        out.append(a)
    return out


def _one_tensor(obj: Any) -> Any:
    """The plain tensor ``obj`` is or wraps, else None (classifies unseen classes)."""
    t = inner(obj)
    if t is not obj:
        inner(t)
    return t if type(t) in _PLAIN else None


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
        self.tracer.pop_scope()
        return False


def module_scope(m: Any):
    """Context manager giving nodes recorded inside it the module path of ``m``."""
    t = ACTIVE
    if t is None:
        return _NULL_SCOPE
    return _Scope(t, m)


def _is_internal(fn: str) -> bool:
    internal = _INTERNAL_FILE[fn] = fn.startswith(_PKG_DIR) or fn.startswith("<frozen")
    return internal


def user_line() -> int | None:
    """Line in user code (the innermost frame outside the tensorglot package)."""
    return _user_line_from(_getframe(2))


def _user_line_from(f) -> int | None:
    """Line of the innermost frame outside the tensorglot package, from frame ``f`` out."""
    f = user_frame(f)
    return None if f is None else f.f_lineno


def user_frame(f):
    """The innermost frame outside the tensorglot package, from frame ``f`` out."""
    cache = _INTERNAL_FILE
    while f is not None:
        fn = f.f_code.co_filename
        internal = cache.get(fn)
        if internal is None:
            internal = _is_internal(fn)
        if not internal:
            return f
        f = f.f_back
    return None


class Node:
    """One value source of a built graph: an input, op, param or const."""
    __slots__ = ("idx", "kind", "label", "func", "args", "kwargs", "result", "refs",
                 "module", "line", "value", "prep")

    def __init__(self, idx: int, kind: str, label: str, value: Any = None, func: Any = None,
                 args: tuple = (), kwargs: dict | None = None, result: Any = None,
                 refs: list | None = None, module: str | None = None, line: int | None = None,
                 prep: tuple | None = None) -> None:
        self.idx = idx
        self.kind = kind
        self.label = label
        self.func = func
        self.args = args
        self.kwargs = kwargs if kwargs is not None else {}
        #: keeps the recorded objects alive (ids stay unique)
        self.result = result if result is not None else value
        #: for ops: (arg position or name, source node idx, output path in the source, tensor)
        self.refs: list[tuple[Any, int, tuple, Any]] = refs if refs is not None else []
        self.module = module
        self.line = line
        self.value = value
        #: for ops recorded by core.make_function: (plan, canonical args) so a
        #: replay can call the engine directly
        self.prep = prep


#: argument types that never hold tensors (skipped without a scan)
_SCALARS = frozenset({int, float, bool, str, type(None)})


#: shared empty name maps of a Tracer with no module roots (never written: add_root
#: replaces them before writing)
_NO_NAMES: dict[int, str] = {}


class Tracer:
    """Collects calls while ``ACTIVE``; ``trace()`` wraps them in a Graph.

    Recording only keeps what cannot be recovered later (the call, its objects,
    the module path and the user's source line); which node feeds which is
    resolved by ``nodes()`` when the graph is first used, from the objects the
    calls keep alive (so ``id()``s stay unique).
    """
    __slots__ = ("backend", "_inputs", "_unlabelled", "calls", "scope", "module",
                 "module_names", "param_names", "result", "site", "ms", "frame", "user_frame")

    def __init__(self, backend: str | None = None) -> None:
        self.backend = backend
        self._inputs: list[tuple[Any, str]] = []
        #: (traced callable, its tensor arguments) whose input labels are not made yet
        #: (labels are only read when the graph is used)
        self._unlabelled: tuple | None = None
        #: (label, func, args, kwargs, result, prep, module path, line) per call
        self.calls: list[tuple] = []
        self.scope: list[str] = []
        #: the module path recorded calls get now (the innermost scope), or None
        self.module: str | None = None
        self.module_names: dict[int, str] = _NO_NAMES
        self.param_names: dict[int, str] = _NO_NAMES
        # result, site, ms: the traced call's result, user line and ms, set by Graph.build
        #: the frame that made the last recorded call and its user frame (whose line a
        #: node gets): consecutive calls from one frame skip the walk. Held only while
        #: tracing (trace() clears them), so no frame outlives its trace
        self.frame = self.user_frame = None

    # --- modules and parameters -----------------------------------------
    def add_root(self, obj: Any) -> None:
        """Learn parameter and submodule names of a module reachable by the traced code."""
        if self.module_names is _NO_NAMES:
            self.module_names, self.param_names = {}, {}
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
                self.module = name or None
                return
            seg = type(seg).__name__
        path = f"{parent}/{seg}" if parent else seg
        self.scope.append(path)
        self.module = path or None

    def pop_scope(self) -> None:
        scope = self.scope
        scope.pop()
        self.module = (scope[-1] or None) if scope else None

    @property
    def inputs(self) -> list[tuple[Any, str]]:
        """(backend tensor, label) per traced input."""
        if self._unlabelled is not None:
            fn, leaves = self._unlabelled
            self._unlabelled = None
            self._inputs += zip(leaves, _param_names(fn, len(leaves)))
        return self._inputs

    # --- recording -------------------------------------------------------
    def add_input(self, t: Any, label: str) -> None:
        self.inputs.append((inner(t), label))

    def record(self, label: str, func: Callable, args: tuple, kwargs: dict, result: Any,
               prep: tuple | None = None) -> None:
        # (core.make_function inlines this: keep the two alike)
        f = _getframe(2)    # the caller of the public function
        if f is not self.frame:
            self.frame = f
            self.user_frame = user_frame(f)
        uf = self.user_frame
        self.calls.append((label, func, args, kwargs, result, prep, self.module,
                           None if uf is None else uf.f_lineno))

    # --- resolution ------------------------------------------------------
    def nodes(self, outputs: Any, site: int | None) -> tuple[list[Node], Any, list]:
        """Nodes in record order (a param/const just before its first consumer),
        plus the output template and output refs (see graph.Graph)."""
        return _Resolver(self).run(outputs, site)


class _Resolver:
    """Turns a Tracer's calls into linked Nodes (who produced each tensor argument)."""

    def __init__(self, tr: Tracer) -> None:
        self.tr = tr
        self.nodes: list[Node] = []
        #: id(backend tensor) -> (node idx, output path)
        self.producer: dict[int, tuple[int, tuple]] = {}
        self.line: int | None = None

    def run(self, outputs: Any, site: int | None):
        from .graph import _Ref
        nodes = self.nodes
        producer = self.producer
        tt = _tensor_classes()
        for t, label in self.tr.inputs:
            producer[id(t)] = (len(nodes), ())
            nodes.append(Node(len(nodes), "input", label, t))
        wrapper = _WRAPPER
        scalars = _SCALARS
        ref = self._ref
        for label, func, args, kwargs, result, prep, module, line in self.tr.calls:
            self.line = line
            refs: list = []
            i = 0
            for a in args:
                # plain tensors and scalars are the common case: no recursion
                cls = type(a)
                if cls in scalars:
                    pass
                elif isinstance(a, tt) and not wrapper.get(cls, True):
                    ref(a, i, refs)
                else:
                    self._scan(a, i, refs)
                i += 1
            if kwargs:
                for k, v in kwargs.items():
                    self._scan(v, k, refs)
            idx = len(nodes)
            nodes.append(Node(idx, "op", label, None, func, args, kwargs, result, refs,
                              module, line, prep))
            if isinstance(result, tt) and not wrapper.get(type(result), True):
                producer[id(result)] = (idx, ())
            else:
                self._claim(result, idx, ())

        # output template (may create const nodes for tensors no op produced)
        self.line = site
        out_refs: list[tuple[str, int, tuple, Any]] = []
        return nodes, self._out_walk(outputs, "output", out_refs, _Ref), out_refs

    def _out_walk(self, obj: Any, path: str, out_refs: list, ref: type) -> Any:
        # a method, not a recursive closure: that would be a reference cycle holding
        # every node until the garbage collector runs
        if isinstance(obj, (list, tuple)):
            vals = [self._out_walk(v, f"{path}[{i}]", out_refs, ref) for i, v in enumerate(obj)]
            return type(obj)(*vals) if hasattr(obj, "_fields") else type(obj)(vals)
        if isinstance(obj, dict):
            return {k: self._out_walk(v, f"{path}[{k!r}]", out_refs, ref) for k, v in obj.items()}
        t = inner(obj)
        if not is_tensor(t):
            return obj
        src = self.producer.get(id(t))
        if src is None:
            src = (self._leaf(t), ())
        out_refs.append((path, src[0], src[1], t))
        return ref(src[0], src[1], type(obj) if t is not obj else None)

    def _leaf(self, t: Any) -> int:
        """Node for a tensor that no recorded op produced: a param or a const."""
        name = self.tr.param_names.get(id(t))
        if name is None and type(t).__name__ in ("Parameter", "Variable", "ResourceVariable"):
            name = getattr(t, "name", None) or "param"
        if name is not None:
            n = Node(len(self.nodes), "param", str(name), t)
            mod, _, _ = str(name).rpartition(".")
            n.module = mod.replace(".", "/") or None
        else:
            n = Node(len(self.nodes), "const", "const", t)
            n.line = self.line      # where it was first used
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
    if type(fn) is types.FunctionType:     # the common case, without failing getattrs
        names = _code_info(fn.__code__)[2]
        return list(names) if len(names) >= n else [
            *names, *(f"input{i}" for i in range(len(names), n))]
    code = getattr(fn, "__code__", None)
    if code is not None and getattr(fn, "__self__", None) is None:
        names = list(code.co_varnames[:code.co_argcount])
        return names if len(names) >= n else names + [f"input{i}" for i in range(len(names), n)]
    if code is None:
        fwd = getattr(type(fn), "forward", None) or getattr(type(fn), "_forward", None)
        code = getattr(fwd, "__code__", None)
        skip = 1
    else:
        skip = 1 if getattr(fn, "__self__", None) is not None else 0
    names = list(code.co_varnames[skip:code.co_argcount]) if code is not None else []
    return names + [f"input{i}" for i in range(len(names), n)]


#: id(code) -> (code, global names, positional parameter names) of a traced function's
#: code; the code is kept so an id reused by a later code object misses
_CODE_INFO: dict[int, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {}
_GLOBAL_LOADS = frozenset({"LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"})


def _code_info(code) -> tuple[Any, tuple[str, ...], tuple[str, ...]]:
    """(code, the global names it reads, its positional parameter names). The global
    names come from the bytecode: co_names also holds attribute names (``torch.mean``'s
    "mean"), each a lookup per trace."""
    hit = _CODE_INFO.get(id(code))
    if hit is not None and hit[0] is code:
        return hit
    import dis
    names = tuple(dict.fromkeys(i.argval for i in dis.get_instructions(code)
                                if i.opname in _GLOBAL_LOADS))
    if len(_CODE_INFO) >= 1024:   # user code is re-run often: keep the cache bounded
        _CODE_INFO.clear()
    hit = _CODE_INFO[id(code)] = (code, names, code.co_varnames[:code.co_argcount])
    return hit


def _roots_of(fn: Any) -> list[Any]:
    """Modules the traced callable can reach: itself, its bound self, and the
    globals/closure cells its code names."""
    if type(fn) is types.FunctionType:     # the common case, without failing getattrs
        roots = []
        code = fn.__code__
        g = fn.__globals__
        closure = fn.__closure__
    else:
        roots = [fn, getattr(fn, "__self__", None)]
        code = getattr(fn, "__code__", None)
        if code is None:
            fwd = getattr(type(fn), "forward", None) or getattr(type(fn), "_forward", None)
            code = getattr(fwd, "__code__", None)
        g = getattr(fn, "__globals__", None)
        closure = getattr(fn, "__closure__", None)
    if code is not None and isinstance(g, dict):
        get = g.get
        roots += [get(name) for name in _code_info(code)[1]]
    for cell in closure or ():
        try:
            roots.append(cell.cell_contents)
        except ValueError:
            pass
    # skip what cannot be a module cheaply: a Python module's __getattr__ (the emulated
    # frameworks name unsupported APIs there) would raise and format a message
    not_roots = _NOT_ROOTS
    return [r for r in roots if type(r) not in not_roots and hasattr(r, "named_parameters")]


_NOT_ROOTS = frozenset({types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
                        type, int, float, bool, str, type(None)})


_graph_mod = None


def trace(fn: Callable, *args: Any, backend: str | None = None, **kwargs: Any):
    """Run ``fn(*args, **kwargs)`` eagerly while recording; return the callable Graph."""
    global ACTIVE, _graph_mod
    if _graph_mod is None:
        from . import graph as _graph_mod
    f = _getframe(1)
    site = (f.f_lineno if _INTERNAL_FILE.get(f.f_code.co_filename) is False
            else _user_line_from(f))
    t0 = _perf_counter()
    if _tensor_types is None:
        _tensor_classes()
    tr = Tracer(backend)
    for r in _roots_of(fn):
        tr.add_root(r)
    leaves = None if kwargs else tensor_args(args)
    if leaves is not None:      # one tensor per argument: labelled by position, later
        tr._unlabelled = (fn, leaves)
        n_inputs = len(leaves)
    else:
        names = _param_names(fn, len(args))
        inputs = tr.inputs
        for (pos, path), t in _graph_mod.flatten_inputs(args, kwargs):
            label = names[pos] if isinstance(pos, int) and pos < len(names) else str(pos)
            inputs.append((inner(t), label + "".join(f"[{p}]" for p in path) if path else label))
        n_inputs = len(inputs)
    prev = ACTIVE
    ACTIVE = tr
    try:
        result = fn(*args, **kwargs)
    finally:
        ACTIVE = prev
        tr.frame = tr.user_frame = None
    graph = _graph_mod.Graph.build(tr, result, site, (_perf_counter() - t0) * 1000.0, n_inputs)
    if COLLECTED is not None:
        COLLECTED.append((site, graph))
    return graph
