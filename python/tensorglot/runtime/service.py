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
import inspect
import re
from typing import Any, Callable

from . import sandbox
from . import tracer as _tracer

FRAMEWORK_MODULES = {"torch": "torch", "tensorflow": "tensorflow", "jax": "jax",
                     "numpy": "numpy", "ivy": "ivy"}
_SPEC = re.compile(r"^\s*([a-z0-9_]*)\s*\[\s*([0-9,\s]*)\]\s*$")
INPUT_SEED = 0


def run(req: dict) -> dict:
    return sandbox.run_source(req.get("source", ""), req.get("filename") or sandbox.USER_FILENAME)


def imported_frameworks(source: str) -> list[str]:
    """Framework names the source imports, in order of first import."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
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
            try:
                return [p for p in inspect.signature(f).parameters if p != "self"]
            except (TypeError, ValueError):
                return []
    return []


def entries(ns: dict, filename: str = sandbox.USER_FILENAME) -> list[dict]:
    """Traceable things the script defines: functions, module classes, module instances."""
    out = []
    for name, obj in ns.items():
        if name.startswith("_"):
            continue
        if inspect.isfunction(obj) and obj.__code__.co_filename == filename:
            params = [p.name for p in inspect.signature(obj).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            out.append({"name": name, "kind": "function", "params": params})
        elif _is_module_class(obj):
            out.append({"name": name, "kind": "class", "params": _forward_params(obj)})
        elif hasattr(obj, "named_parameters") and callable(obj) and not inspect.isclass(obj) \
                and type(obj).__module__ == "__main__":
            out.append({"name": name, "kind": "module", "params": _forward_params(obj)})
    return out


def _pick_entry(found: list[dict], wanted: str | None) -> dict:
    if wanted:
        for e in found:
            if e["name"] == wanted:
                return e
        raise LookupError(f"entry {wanted!r} not found; candidates: "
                          + ", ".join(e["name"] for e in found) or "none")
    for kind in ("module", "class", "function"):
        last = [e for e in found if e["kind"] == kind]
        if last:
            return last[-1]
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
                filename: str = sandbox.USER_FILENAME):
    """Trace the chosen entry of an executed script; returns the Graph."""
    e = _pick_entry(entries(ns, filename), entry)
    obj = ns[e["name"]]
    backend = _entry_backend(obj, frameworks)
    if e["kind"] == "class":
        obj = obj()
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
        try:
            res, ns = sandbox.execute(source, filename, ivy_backend=backend)
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
            else:
                with sandbox.active():
                    if backend is not None:
                        ns_ivy()._reset_state(backend)
                    run_graphs = [trace_entry(ns, req.get("entry"), req.get("inputs"),
                                              frameworks, filename)]
        except Exception as ex:  # noqa: BLE001 - reported to the user, not raised
            tb, line = sandbox._trim_traceback(ex, filename)  # the user's line, for the editor marker
            error = {"type": type(ex).__name__, "message": str(ex), "traceback": tb,
                     "line": line}
            break
        graphs += [g.to_json() for g in run_graphs]
    return {"graphs": graphs, "entries": found, "error": error,
            "stdout": "".join(stdout), "stderr": "".join(stderr)}
