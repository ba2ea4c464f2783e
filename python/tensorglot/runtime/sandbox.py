"""Run user code against the emulated frameworks.

While the sandbox is active, a ``sys.meta_path`` finder makes ``torch``,
``tensorflow``, ``jax``, ``numpy`` and ``ivy`` (and their submodules) resolve
to ``tensorglot.runtime.<fw>``, and refuses the Pyodide bridge modules. When it
exits, ``sys.modules`` is put back: outside the sandbox nothing is shadowed
(a real numpy stays the real numpy).
"""
from __future__ import annotations

import ast
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import linecache
import sys
import time
import traceback
import types
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from ..frameworks.torch import PUBLIC_HOMES

#: user-visible module name -> emulation package
ALIASES = {
    "torch": "tensorglot.runtime.torch",
    "tensorflow": "tensorglot.runtime.tensorflow",
    "jax": "tensorglot.runtime.jax",
    "numpy": "tensorglot.runtime.numpy",
    "ivy": "tensorglot.runtime.ivy",
    "einops": "tensorglot.runtime.einops",
}
#: torch's submodules whose public names the emulation keeps in their parent module
#: (``from torch.utils.data.dataloader import DataLoader``)
SUBMODULE_ALIASES = PUBLIC_HOMES
#: modules user code must not reach: the browser bridge (``js``, the ``pyodide`` packages and
#: their C core) and ctypes, which in Pyodide calls Emscripten's ``emscripten_run_script`` (JS eval)
BLOCKED = ("js", "pyodide", "pyodide_js", "_pyodide", "_pyodide_core", "micropip", "ctypes", "_ctypes")
#: audit events (PEP 578) of network access, refused while the sandbox is active; raised
#: by CPython's C socket code too, so ``_socket`` used directly is covered
NETWORK_EVENTS = frozenset({
    "urllib.Request", "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
})
#: a finder that can load this module is a bridge finder (Pyodide's ``JsFinder``)
BRIDGE_PROBE = "js"

USER_FILENAME = "<source>"
#: Python frames are cheap in CPython but Pyodide's wasm stack is not:
#: keep runaway recursion a normal RecursionError
RECURSION_LIMIT = 800


def _top(name: str) -> str:
    return name.partition(".")[0]


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target
        self.spec = None

    def create_module(self, spec):
        mod = importlib.import_module(self.target)
        self.spec = getattr(mod, "__spec__", None)
        return mod

    def exec_module(self, module) -> None:
        # importlib stamped the alias spec on the shared module object: undo that
        if self.spec is not None:
            module.__spec__ = self.spec


class _SandboxFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path=None, target=None):
        top = _top(fullname)
        if top in BLOCKED:
            raise ImportError(f"import of {fullname!r} is blocked in the Tensorglot sandbox",
                              name=fullname)
        base = ALIASES.get(top)
        if base is None:
            return None
        name = SUBMODULE_ALIASES.get(fullname, fullname)
        real = base + name[len(top):]
        try:
            found = importlib.util.find_spec(real)
        except ModuleNotFoundError:
            found = None
        if found is None:
            raise ModuleNotFoundError(f"No module named {fullname!r} (not emulated by Tensorglot)",
                                      name=fullname)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(real),
                                              is_package=found.submodule_search_locations is not None)


_FINDER = _SandboxFinder()
_depth = 0
_saved: dict[str, Any] = {}
#: (index, finder) of the bridge finders taken off sys.meta_path while the sandbox is active
_hidden_finders: list[tuple[int, Any]] = []


def _refuse_network(event: str, args) -> None:
    if _depth > 0 and event in NETWORK_EVENTS:
        raise PermissionError(f"network access is blocked in the Tensorglot sandbox ({event})")


_network_guard_installed = False


def _serves_bridge(finder) -> bool:
    try:
        return finder.find_spec(BRIDGE_PROBE, None) is not None
    except Exception:  # noqa: BLE001 - a finder may fail on a name it does not know
        return False


def _shadowed(name: str) -> bool:
    top = _top(name)
    return top in ALIASES or top in BLOCKED


def activate() -> None:
    """Install the hook (re-entrant)."""
    global _depth, _network_guard_installed
    _depth += 1
    if _depth > 1:
        return
    if not _network_guard_installed:
        # an audit hook cannot be removed: it stays, and acts only while _depth > 0
        sys.addaudithook(_refuse_network)
        _network_guard_installed = True
    _saved.clear()
    for name in [n for n in sys.modules if _shadowed(n)]:
        _saved[name] = sys.modules.pop(name)
    # Pyodide's JsFinder would hand out `js` to code that calls its find_spec directly
    _hidden_finders[:] = [(i, f) for i, f in enumerate(sys.meta_path) if _serves_bridge(f)]
    for _, finder in _hidden_finders:
        sys.meta_path.remove(finder)
    sys.meta_path.insert(0, _FINDER)


def deactivate() -> None:
    global _depth
    _depth -= 1
    if _depth > 0:
        return
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for index, finder in _hidden_finders:
        sys.meta_path.insert(index, finder)
    _hidden_finders.clear()
    for name in [n for n in sys.modules if _shadowed(n)]:
        del sys.modules[name]
    sys.modules.update(_saved)
    _saved.clear()


class active:
    """``with sandbox.active(): ...``"""

    def __enter__(self):
        activate()
        return self

    def __exit__(self, *exc):
        deactivate()
        return False


def register_source(source: str, filename: str = USER_FILENAME) -> None:
    """Make ``inspect``/``traceback`` see the user's source under ``filename``."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def user_module(filename: str = USER_FILENAME) -> types.ModuleType:
    mod = types.ModuleType("__main__")
    mod.__file__ = filename
    mod.__builtins__ = __builtins__
    return mod


def _trim_traceback(exc: BaseException, filename: str) -> tuple[str, int | None]:
    """Traceback text with only the user's frames, and the innermost user line."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return text, exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    line = frames[-1].lineno if frames else None
    text = "Traceback (most recent call last):\n" if frames else ""
    text += "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    return text, line


def reset_state(ivy_backend: str | None = None, seed: int = 0) -> None:
    """What a fresh run starts from: seeded random numbers, no ivy backend set."""
    try:
        from .. import engine
        engine.random.manual_seed(seed)
    except ImportError:
        pass
    ivy = sys.modules.get("tensorglot.runtime.ivy")
    if ivy is not None or ivy_backend is not None:
        from . import ivy
        ivy._reset_state(ivy_backend or "torch")


class _Tee(io.StringIO):
    """Keeps what the code prints and also passes it on as it is printed (live console)."""

    def __init__(self, echo) -> None:
        super().__init__()
        self.echo = echo

    def write(self, s: str) -> int:
        self.echo(s)
        return super().write(s)


def execute(source: str, filename: str = USER_FILENAME, namespace: dict | None = None,
            ivy_backend: str | None = None, recorder=None, echo=None) -> tuple[dict, dict]:
    """Run ``source``; return (result dict, the namespace it ran in). ``ivy_backend`` is
    ivy's backend when the code sets none (and its inputs do not say). A
    ``capture.Recorder`` given as ``recorder`` sees the calls the script makes to its
    own top-level functions and modules. ``echo(text)`` receives stdout as it is written."""
    if namespace is None:
        namespace = user_module(filename).__dict__
    instrument = None
    if recorder is not None:
        from . import capture
        namespace[capture.HOOK] = recorder.hook
        instrument = capture.instrument
    register_source(source, filename)
    reset_state(ivy_backend)
    out, err = (_Tee(echo) if echo else io.StringIO()), io.StringIO()
    result: str | None = None
    error = None
    t0 = time.perf_counter()
    old_limit = sys.getrecursionlimit()
    # the limit counts frames already on the stack (the worker, unittest...)
    depth = len(traceback.extract_stack())
    sys.setrecursionlimit(min(old_limit, depth + RECURSION_LIMIT))
    try:
        with active(), redirect_stdout(out), redirect_stderr(err):
            try:
                tree = ast.parse(source, filename)
                if instrument is not None:
                    tree = instrument(tree)
                last = None
                if tree.body and isinstance(tree.body[-1], ast.Expr):
                    last = ast.Expression(tree.body.pop().value)
                exec(compile(tree, filename, "exec"), namespace)
                if last is not None:
                    value = eval(compile(last, filename, "eval"), namespace)
                    result = None if value is None else repr(value)
            except SystemExit as e:
                if e.code not in (None, 0):
                    error = {"type": "SystemExit", "message": str(e.code),
                             "traceback": f"SystemExit: {e.code}", "line": None}
            except BaseException as e:  # noqa: BLE001 - user code may raise anything
                text, line = _trim_traceback(e, filename)
                error = {"type": type(e).__name__, "message": str(e), "traceback": text,
                         "line": line}
    finally:
        sys.setrecursionlimit(old_limit)
    return ({"stdout": out.getvalue(), "stderr": err.getvalue(), "result": result,
             "error": error, "ms": round((time.perf_counter() - t0) * 1000.0, 3)}, namespace)


def run_source(source: str, filename: str = USER_FILENAME, echo=None) -> dict:
    """Run user code in a fresh namespace with the emulated frameworks."""
    return execute(source, filename, echo=echo)[0]
