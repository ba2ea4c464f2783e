"""JSON-in / JSON-out runtime entry points (called by tensorglot.api).

* ``run({"source"})`` -> sandbox.run_source result.
* ``trace({"source", "entry", "inputs", "backends"})`` -> {"graphs", "entries", "error",
  "stdout", "stderr"}: every graph the code traces itself (the last one per call
  site), or, when it traces nothing (or ``entry`` is given), the entry function or
  module traced on inputs made from ``inputs`` specs ("float32[1,3]", seeded
  random normal) or from same-named variables of the script. Code that uses ivy
  is run once per requested backend.
"""
from __future__ import annotations

import ast
import sys
import inspect
import re
from typing import Any, Callable

from . import capture, sandbox
from . import tracer as _tracer

FRAMEWORK_MODULES = {"torch": "torch", "tensorflow": "tensorflow", "jax": "jax",
                     "numpy": "numpy", "ivy": "ivy"}
_SPEC = re.compile(r"^\s*([a-z0-9_]*)\s*\[\s*([0-9,\s]*)\]\s*$")
INPUT_SEED = 0


def run(req: dict) -> dict:
    """``stream: true`` also writes the program's stdout to the process's stdout as it
    comes (the worker forwards that to the console live; the result still has it all)."""
    echo = sys.__stdout__.write if req.get("stream") and sys.__stdout__ is not None else None
    return sandbox.run_source(req.get("source", ""), req.get("filename") or sandbox.USER_FILENAME, echo=echo)


def imported_frameworks(source: str) -> list[str]:
    """Framework names the source imports, in order of first import."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        # the run that follows reports the problem at its line; CPython's parser raises
        # MemoryError (not SyntaxError) on some too-deeply nested expressions
        return []
    out: list[str] = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for n in names:
            top = n.partition(".")[0]
            if top in FRAMEWORK_MODULES and top not in out:
                out.append(top)
    return out


def parse_spec(spec: str) -> tuple[str, tuple[int, ...]]:
    """"float32[1,3]" -> ("float32", (1, 3)); the dtype defaults to float32."""
    m = _SPEC.match(spec)
    if not m:
        raise ValueError(f"bad input spec {spec!r}: expected like float32[1,3]")
    dims = tuple(int(d) for d in m.group(2).replace(" ", "").split(",") if d)
    return (m.group(1) or "float32"), dims


def make_input(spec: str, backend: str, seed: int) -> Any:
    """A seeded random tensor of the backend framework (normal floats, ints in [0, 10))."""
    from .. import engine
    from .ivy import dispatch
    dtype, shape = parse_spec(spec)
    gen = engine.random.Generator(seed)
    if dtype.startswith(("int", "uint")) or dtype == "bool":
        hi = 2 if dtype == "bool" else 10
        u = gen.uniform(shape, 0.0, hi, "float64")
        a = engine.asarray([int(v) for v in u.data], dtype="int64").reshape(shape).astype(dtype)
    else:
        a = gen.normal(shape, 0.0, 1.0, dtype)
    if backend == "ivy":
        return ns_ivy().asarray(a.tolist(), dtype=dtype)
    return dispatch.framework(backend).wrap(a)


def _is_module_class(obj: Any) -> bool:
    return inspect.isclass(obj) and any(
        callable(getattr(obj, m, None)) for m in ("forward", "_forward", "call")) and \
        hasattr(obj, "__call__") and obj.__module__ == "__main__"


def _forward_params(obj: Any) -> list[str]:
    cls = obj if inspect.isclass(obj) else type(obj)
    for m in ("forward", "_forward", "call"):
        f = getattr(cls, m, None)
        if callable(f):
            try:  # the inputs to give: parameters without defaults (training=None is not one)
                return [n for n, p in inspect.signature(f).parameters.items()
                        if n != "self" and p.default is p.empty
                        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            except (TypeError, ValueError):
                return []
    return []


def entries(ns: dict, filename: str = sandbox.USER_FILENAME) -> list[dict]:
    """Traceable things the script defines: functions, module classes, module instances."""
    out = []
    for name, obj in ns.items():
        if name.startswith("_"):
            continue
        fn = inspect.unwrap(obj) if inspect.isfunction(obj) else None  # recorder hooks wrap them
        if fn is not None and fn.__code__.co_filename == filename:
            params = [p.name for p in inspect.signature(fn).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
            out.append({"name": name, "kind": "function", "params": params})
        elif _is_module_class(obj):
            out.append({"name": name, "kind": "class", "params": _forward_params(obj)})
        elif _is_model_instance(obj):
            out.append({"name": name, "kind": "module", "params": _forward_params(obj)})
    # the most likely entry first: the last model instance, then the last model class...
    rank = {"module": 0, "class": 1, "function": 2}
    return sorted(reversed(out), key=lambda e: rank[e["kind"]])


def _is_model_instance(obj: Any) -> bool:
    """An instance of a model class the user wrote (or transpiled), not a framework layer."""
    if inspect.isclass(obj) or not callable(obj):
        return False
    if not any(hasattr(obj, a) for a in ("named_parameters", "trainable_weights", "params")):
        return False
    return not (type(obj).__module__ or "").startswith("tensorglot.")


def _pick_entry(found: list[dict], wanted: str | None) -> dict:
    if wanted:
        for e in found:
            if e["name"] == wanted:
                return e
        raise LookupError(f"entry {wanted!r} not found; candidates: "
                          + ", ".join(e["name"] for e in found) or "none")
    if found:
        return found[0]     # entries() lists the likeliest first
    raise LookupError("nothing to trace: the code defines no function or module and traces no graph")


def _entry_backend(obj: Any, frameworks: list[str]) -> str:
    for klass in inspect.getmro(obj if inspect.isclass(obj) else type(obj)):
        mod = klass.__module__ or ""
        for fw in ("torch", "tensorflow", "jax", "numpy", "ivy"):
            if mod.startswith(f"tensorglot.runtime.{fw}"):
                return fw
    for fw in frameworks:
        return fw
    return "torch"


def trace_entry(ns: dict, entry: str | None, inputs: dict | None, frameworks: list[str],
                filename: str = sandbox.USER_FILENAME, recorder=None):
    """Trace the chosen entry of an executed script; returns the Graph. A class is
    traced through the first instance the script built (its own constructor arguments
    and weights), else built with no arguments."""
    e = _pick_entry(entries(ns, filename), entry)
    obj = ns[e["name"]]
    backend = _entry_backend(obj, frameworks)
    if e["kind"] == "class":
        built = recorder.instances.get(e["name"]) if recorder is not None else None
        obj = built[0] if built else obj()
    inputs = inputs or {}
    args = []
    for i, p in enumerate(e["params"]):
        if p in inputs:
            args.append(make_input(inputs[p], backend, INPUT_SEED + i))
        elif p in ns and _tracer.is_tensor(_tracer.inner(ns[p])):
            args.append(ns[p])
        else:
            raise ValueError(f"no input for parameter {p!r} of {e['name']}: give an input spec "
                             f"such as {p}=float32[1,3]")
    if backend == "ivy":
        return ns_ivy().trace_graph(obj, *args)
    return _tracer.trace(obj, *args)


#: at most this many of the script's own entry calls are traced (one pane each)
MAX_CALL_GRAPHS = 4


def _entry_calls(recorder) -> list:
    """The script's outermost calls into its own models and functions, one per name;
    models first (a model call is what a reader of a model file wants to see)."""
    seen, calls = set(), []
    for c in recorder.calls:
        if c.name not in seen:
            seen.add(c.name)
            calls.append(c)
    calls.sort(key=lambda c: c.kind != "module")
    return calls[:MAX_CALL_GRAPHS]


def _trace_call(call, frameworks: list[str]):
    """Trace one recorded call again on (copies of) the inputs the script gave it."""
    backend = _entry_backend(call.obj, frameworks)
    if backend == "ivy":
        g = ns_ivy().trace_graph(call.obj, *call.args, **call.kwargs)
    else:
        g = _tracer.trace(call.obj, *capture.copy_value(call.args), **capture.copy_value(call.kwargs))
    g.title = call.name
    return g


def ns_ivy():
    from . import ivy
    return ivy


def _last_per_call_site(collected: list[tuple[int | None, Any]]) -> list:
    """The last graph traced at each call site, per backend (a loop over backends at
    one site gives one graph per backend)."""
    last: dict = {}
    for line, g in collected:
        key = (line, g.backend)
        last.pop(key, None)     # order: where each final graph was traced
        last[key] = g
    return list(last.values())


def trace(req: dict) -> dict:
    source = req.get("source", "")
    filename = req.get("filename") or sandbox.USER_FILENAME
    frameworks = imported_frameworks(source)
    backends = req.get("backends") or [None]
    if "ivy" not in frameworks:
        backends = [None]     # native code traces to its own framework only
    graphs: list[dict] = []
    found: list[dict] = []
    error = None
    stdout, stderr = [], []
    for backend in backends:
        collected: list = []
        prev = _tracer.COLLECTED
        _tracer.COLLECTED = collected
        # Without an explicit entry, the script's own calls say what to trace: record them.
        with sandbox.active():
            recorder = capture.Recorder(capture.module_base(frameworks[0]) if frameworks else None)
        try:
            res, ns = sandbox.execute(source, filename, ivy_backend=backend, recorder=recorder)
        finally:
            _tracer.COLLECTED = prev
        stdout.append(res["stdout"])
        stderr.append(res["stderr"])
        found = entries(ns, filename)
        if res["error"] is not None:
            error = res["error"]
            break
        try:
            if collected and not req.get("entry"):
                run_graphs = _last_per_call_site(collected)
            elif recorder.calls and not req.get("entry") and not req.get("inputs"):
                with sandbox.active():
                    run_graphs = [_trace_call(c, frameworks) for c in _entry_calls(recorder)]
            else:
                with sandbox.active():
                    if backend is not None:
                        ns_ivy()._reset_state(backend)
                    run_graphs = [trace_entry(ns, req.get("entry"), req.get("inputs"),
                                              frameworks, filename, recorder)]
        except Exception as ex:  # noqa: BLE001 - reported to the user, not raised
            tb, line = sandbox._trim_traceback(ex, filename)  # the user's line, for the editor marker
            error = {"type": type(ex).__name__, "message": str(ex), "traceback": tb,
                     "line": line}
            break
        graphs += [g.to_json() for g in run_graphs]
    return {"graphs": graphs, "entries": found, "error": error,
            "stdout": "".join(stdout), "stderr": "".join(stderr)}
