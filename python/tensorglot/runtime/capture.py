"""Run a script in the sandbox while recording what it does with its own code.

The script's top-level functions and classes are instrumented (one statement
added after each definition, line numbers unchanged):

* a class's ``__init__`` records the constructor arguments of each instance,
  in construction order per class name;
* a class's ``forward`` (torch) or ``call`` (Keras) and every top-level function
  record their outermost call that takes tensors -- the entries the script
  itself exercises -- with copies of the arguments as they were at call time;
* while a :class:`LayerLog` is open, every hooked call (submodules by attribute
  path, top-level functions by name) logs its inputs and output, in completion
  order, so the first diverging layer can be named.
"""
from __future__ import annotations

import ast
import functools
import io
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from typing import Any, Callable

from . import sandbox

HOOK = "__tensorglot_verify_hook__"
#: framework -> (module, attribute) of its module base class (a driver taking one is no entry)
MODULE_BASES = {"torch": ("torch.nn", "Module"), "tensorflow": ("tensorflow.keras.layers", "Layer")}
#: methods that compute a module's output, per framework family
FORWARD_NAMES = ("forward", "call", "__call__", "_forward")


def as_array(v: Any):
    """The engine NDArray behind any emulated tensor (or an NDArray), else None."""
    from ..engine import NDArray
    if isinstance(v, NDArray):
        return v
    a = getattr(v, "_a", None)
    if isinstance(a, NDArray):
        return a
    inner = getattr(v, "_tg_inner", None)  # wrapper arrays (ivy.Array) hold a backend tensor
    if inner is not None and inner is not v:
        return as_array(inner)
    return None


def copy_value(v: Any, memo: dict | None = None) -> Any:
    """Copy the tensors inside ``v`` (the script may update them in place later)."""
    a = as_array(v)
    if a is not None:
        wrap = getattr(type(v), "_tg_wrap", None)
        if wrap is not None:  # a wrapper array (ivy.Array): copy what it wraps
            return wrap(copy_value(v._tg_inner))
        if hasattr(type(v), "_new"):
            return type(v)._new(a.copy())
        return v
    if isinstance(v, list):
        return [copy_value(x) for x in v]
    if isinstance(v, tuple) and type(v) is tuple:
        return tuple(copy_value(x) for x in v)
    if isinstance(v, dict) and type(v) is dict:
        return {k: copy_value(x) for k, x in v.items()}
    return v


def has_tensor(v: Any, depth: int = 0) -> bool:
    if as_array(v) is not None:
        return True
    if depth > 3:
        return False
    if isinstance(v, (list, tuple)):
        return any(has_tensor(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return any(has_tensor(x, depth + 1) for x in v.values())
    return False


class Call:
    __slots__ = ("name", "kind", "obj", "args", "kwargs", "index", "result")

    def __init__(self, name, kind, obj, args, kwargs, index=0):
        self.name, self.kind, self.obj = name, kind, obj
        self.args, self.kwargs = args, kwargs
        self.index = index
        self.result = None


class LayerLog:
    """Per-layer (inputs, output) of one run, first call per name, in completion order."""

    def __init__(self) -> None:
        self.records: dict[str, tuple] = {}
        self.active = 0

    def add(self, name: str, args, kwargs, result) -> None:
        if name not in self.records:
            self.records[name] = (args, kwargs, copy_value(result))


def module_base(framework: str) -> type | None:
    """The framework's module base class, imported in the sandbox (call with it active)."""
    import importlib
    mod, attr = MODULE_BASES.get(framework, ("", ""))
    if not mod:
        return None
    try:
        return getattr(importlib.import_module(mod), attr)
    except (ImportError, AttributeError):
        return None


class Recorder:
    def __init__(self, module_base: type | None = None) -> None:
        self.module_base = module_base
        self.classes: dict[str, type] = {}
        self.functions: dict[str, Callable] = {}
        self.order: list[str] = []           # definition order of hooked names
        self.inits: dict[int, tuple] = {}    # id(instance) -> (args, kwargs)
        self.building: set[int] = set()     # ids whose outermost __init__ is running
        self.instances: dict[str, list] = {}  # class name -> instances, construction order
        self.calls: list[Call] = []
        self._seen: set = set()
        self.depth = 0
        self.log: LayerLog | None = None

    # --- installed into the script's namespace -------------------------------------------
    def hook(self, obj):
        if isinstance(obj, type):
            self._hook_class(obj)
            return obj
        if callable(obj) and getattr(obj, "__code__", None) is not None:
            return self._hook_function(obj)
        return obj

    def _hook_class(self, cls: type) -> None:
        name = cls.__name__
        self.classes[name] = cls
        self.order.append(name)
        # an inherited __init__ is wrapped too: the subclass's instances are recorded under its name
        init = cls.__init__
        if not getattr(init, "_tg_hooked", False) or "__init__" not in cls.__dict__:
            rec = self

            @functools.wraps(init)
            def __init__(self, *args, **kwargs):
                # the outermost __init__ of an instance claims it (a subclass's arguments, not
                # its base's); it is recorded only once built (a failed build is no model)
                key = id(self)
                if key in rec.inits or key in rec.building:
                    return init(self, *args, **kwargs)
                rec.building.add(key)
                given = (copy_value(args), copy_value(kwargs))
                try:
                    init(self, *args, **kwargs)
                finally:
                    rec.building.discard(key)
                rec.inits[key] = given
                rec.instances.setdefault(type(self).__name__, []).append(self)
            __init__._tg_hooked = True
            cls.__init__ = __init__
        for meth in FORWARD_NAMES[:3]:
            fn = cls.__dict__.get(meth)
            if fn is not None and callable(fn) and not getattr(fn, "_tg_hooked", False):
                setattr(cls, meth, self._wrap(fn, name, "module", method=True))
                break

    def _hook_function(self, fn):
        if getattr(fn, "_tg_hooked", False):
            return fn
        self.functions[fn.__name__] = fn
        self.order.append(fn.__name__)
        return self._wrap(fn, fn.__name__, "function", method=False)

    def _wrap(self, fn, name: str, kind: str, method: bool):
        rec = self

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            log = rec.log
            call_args = args[1:] if method else args
            tensors = has_tensor((call_args, kwargs))
            if not tensors or (not method and any(_is_module(a, rec) for a in call_args)):
                # no tensors in, or a driver taking a model: not an entry itself
                return fn(*args, **kwargs)
            outer = rec.depth == 0 and log is None
            entry = None
            if outer:
                obj = args[0] if method else fn
                key = (name, id(obj))
                if key not in rec._seen:
                    rec._seen.add(key)
                    index = rec.instance_index(obj) if method else 0
                    entry = Call(name, kind, obj, copy_value(call_args), copy_value(kwargs), index)
            if log is not None and not method:
                logged_args, logged_kwargs = copy_value(call_args), copy_value(kwargs)
            rec.depth += 1
            try:
                result = fn(*args, **kwargs)
            finally:
                rec.depth -= 1
            if entry is not None:
                entry.result = copy_value(result)
                rec.calls.append(entry)
            if log is not None and not method:
                log.add(name, logged_args, logged_kwargs, result)
            return result
        wrapper._tg_hooked = True
        return wrapper

    def instance_index(self, obj) -> int:
        lst = self.instances.get(type(obj).__name__, [])
        for i, o in enumerate(lst):
            if o is obj:
                return i
        return -1


def _is_module(v, rec: Recorder) -> bool:
    return rec.module_base is not None and isinstance(v, rec.module_base)


def instrument(tree: ast.Module) -> ast.Module:
    """After each top-level def/class, ``name = HOOK(name)``."""
    body = []
    for stmt in tree.body:
        body.append(stmt)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            hook = ast.Assign(
                targets=[ast.Name(stmt.name, ast.Store())],
                value=ast.Call(ast.Name(HOOK, ast.Load()), [ast.Name(stmt.name, ast.Load())], []))
            for node in ast.walk(hook):
                node.lineno = node.end_lineno = stmt.end_lineno or stmt.lineno
                node.col_offset = node.end_col_offset = 0
            body.append(hook)
    tree.body = body
    return tree


def run_script(source: str, recorder: Recorder, filename: str = sandbox.USER_FILENAME) -> dict:
    """Execute ``source`` instrumented; returns {namespace, stdout, error, ms}.

    Must be called with the sandbox active (the caller keeps it active so the
    objects the script made stay usable afterwards)."""
    ns = sandbox.user_module(filename).__dict__
    ns[HOOK] = recorder.hook
    sandbox.register_source(source, filename)
    out = io.StringIO()
    error = None
    t0 = time.perf_counter()
    try:
        with redirect_stdout(out), redirect_stderr(out):
            tree = instrument(ast.parse(source, filename))
            exec(compile(tree, filename, "exec"), ns)
    except SystemExit as e:
        if e.code not in (None, 0):
            error = {"type": "SystemExit", "message": str(e.code), "traceback": f"SystemExit: {e.code}",
                     "line": None}
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - user code may raise anything
        error = user_error(e, filename)
    return {"namespace": ns, "stdout": out.getvalue(), "error": error,
            "ms": (time.perf_counter() - t0) * 1000.0}


def user_error(e: BaseException, filename: str = sandbox.USER_FILENAME) -> dict:
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == filename]
    if isinstance(e, SyntaxError) and e.filename == filename:
        text = "".join(traceback.format_exception_only(type(e), e))
        return {"type": "SyntaxError", "message": str(e), "traceback": text, "line": e.lineno}
    text = ("Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
            if frames else "")
    text += "".join(traceback.format_exception_only(type(e), e))
    return {"type": type(e).__name__, "message": str(e), "traceback": text,
            "line": frames[-1].lineno if frames else None}


class hooked_layers:
    """Log every submodule call of ``root`` (by attribute path) while the block runs."""

    def __init__(self, root, recorder: Recorder, log: LayerLog) -> None:
        self.root, self.rec, self.log = root, recorder, log
        self.patched: list = []

    def __enter__(self):
        named = getattr(self.root, "named_modules", None)
        if named is not None:
            for path, m in named():
                if not path:
                    continue
                self._patch(m, path)
        self.rec.log = self.log
        return self

    def _patch(self, m, path: str) -> None:
        fwd = getattr(m, "forward", None)
        if fwd is None or "forward" in m.__dict__:
            return
        log = self.log

        def forward(*args, **kwargs):
            a, k = copy_value(args), copy_value(kwargs)
            result = fwd(*args, **kwargs)
            log.add(path, a, k, result)
            return result
        object.__setattr__(m, "forward", forward)
        self.patched.append(m)

    def __exit__(self, *exc):
        self.rec.log = None
        for m in self.patched:
            try:
                object.__delattr__(m, "forward")
            except AttributeError:
                pass
        return False
