"""The traced Graph: pruned nodes, JSON per DESIGN.md, and fast replay.

Replay walks a list of precompiled steps ``(func, args, kwargs, fills, slot)``:
the argument lists are built once at trace time with every tensor position
remembered, so a call only drops the new tensors into those positions.
"""
from __future__ import annotations

from typing import Any

from . import tracer as _tracer
from .tracer import inner, is_tensor

_PREFIX_BACKEND = (("torch.", "torch"), ("Tensor.", None), ("tf.", "tensorflow"),
                   ("np.", "numpy"), ("jnp.", "jax"), ("jax.", "jax"))


def flatten_inputs(args: tuple, kwargs: dict) -> list[tuple[tuple[Any, tuple], Any]]:
    """Tensor leaves of call arguments, in order: ((position or kwarg name, path), tensor)."""
    out: list = []

    def walk(obj: Any, top: Any, path: tuple) -> None:
        if isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                walk(v, top, path + (i,))
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, top, path + (k,))
        elif is_tensor(inner(obj)):
            out.append(((top, path), obj))

    for i, a in enumerate(args):
        walk(a, i, ())
    for k, v in kwargs.items():
        walk(v, k, ())
    return out


class _Ref:
    """A tensor slot inside an argument/result template."""
    __slots__ = ("slot", "path", "wrap")

    def __init__(self, slot: int, path: tuple, wrap: type | None = None) -> None:
        self.slot = slot
        self.path = path
        self.wrap = wrap


def _has_ref(tpl: Any) -> bool:
    if isinstance(tpl, _Ref):
        return True
    if isinstance(tpl, (list, tuple)):
        return any(_has_ref(v) for v in tpl)
    if isinstance(tpl, dict):
        return any(_has_ref(v) for v in tpl.values())
    return False


def _fill(tpl: Any, env: list) -> Any:
    if isinstance(tpl, _Ref):
        v = env[tpl.slot]
        for p in tpl.path:
            v = v[p]
        return tpl.wrap._tg_wrap(v) if tpl.wrap is not None else v
    if isinstance(tpl, list):
        return [_fill(v, env) for v in tpl]
    if isinstance(tpl, tuple):
        return type(tpl)(*[_fill(v, env) for v in tpl]) if hasattr(tpl, "_fields") \
            else tuple(_fill(v, env) for v in tpl)
    if isinstance(tpl, dict):
        return {k: _fill(v, env) for k, v in tpl.items()}
    return tpl


def _shape_dtype(t: Any) -> tuple[list[int] | None, str | None]:
    a = getattr(inner(t), "_a", None)
    if a is None:
        return None, None
    dt = getattr(a, "dtype", None)
    return list(a.shape), (None if dt is None else str(getattr(dt, "name", dt)))


def _first_tensor(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        for v in obj:
            t = _first_tensor(v)
            if t is not None:
                return t
        return None
    t = inner(obj)
    return t if is_tensor(t) else None


def _preview(t: Any, limit: int = 60) -> str | None:
    a = getattr(t, "_a", None)
    if a is None:
        return None
    try:
        s = repr(a.tolist())
    except Exception:
        return None
    return s if len(s) <= limit else s[:limit - 3] + "..."


class Graph:
    """A traced computation. ``graph(*inputs)`` replays it; ``to_json()`` describes it.

    Tracing only prunes; the replay steps and the JSON are built on first use,
    so a trace costs little more than the eager run.
    """

    def __init__(self) -> None:
        self.backend = "torch"
        self.stats: dict = {}
        self.n_inputs = 0
        self.n_slots = 0
        self._nodes: list = []           # kept tracer nodes, record order
        self._slot_of: dict[int, int] = {}
        self._out_refs: list = []
        self._out_tpl: Any = None
        self._steps: list[tuple] | None = None
        self._preset: list[tuple[int, Any]] = []
        self._json: dict | None = None

    # --- construction ----------------------------------------------------
    @classmethod
    def build(cls, tr: "_tracer.Tracer", args: tuple, kwargs: dict, result: Any, ms: float) -> "Graph":
        g = cls()
        nodes = tr.nodes
        # output template (may create const nodes for tensors no op produced)
        out_refs: list[tuple[str, int, tuple, Any]] = []

        def out_walk(obj: Any, path: str) -> Any:
            if isinstance(obj, (list, tuple)):
                vals = [out_walk(v, f"{path}[{i}]") for i, v in enumerate(obj)]
                return type(obj)(*vals) if hasattr(obj, "_fields") else type(obj)(vals)
            if isinstance(obj, dict):
                return {k: out_walk(v, f"{path}[{k!r}]") for k, v in obj.items()}
            t = inner(obj)
            if not is_tensor(t):
                return obj
            src = tr.producer.get(id(t))
            if src is None:
                src = (tr._leaf(t), ())
            out_refs.append((path, src[0], src[1], t))
            return _Ref(src[0], src[1], type(obj) if t is not obj else None)

        out_tpl = out_walk(result, "output")

        # prune: keep what reaches an output (inputs are kept even when unused)
        keep = [n.kind == "input" for n in nodes]
        stack = [r[1] for r in out_refs]
        while stack:
            i = stack.pop()
            if keep[i] and nodes[i].kind != "input":
                continue
            keep[i] = True
            stack.extend(r[1] for r in nodes[i].refs)

        # slots: inputs first (in order), then the rest in record order
        slot_of = g._slot_of
        for n in nodes:
            if n.kind == "input":
                slot_of[n.idx] = len(slot_of)
        g.n_inputs = len(slot_of)
        for n in nodes:
            if keep[n.idx] and n.kind != "input":
                slot_of[n.idx] = len(slot_of)
        g.n_slots = len(slot_of)
        g._nodes = [n for n in nodes if keep[n.idx]]
        g._out_refs = out_refs
        g._out_tpl = out_tpl
        ops_total = sum(1 for n in nodes if n.kind == "op")
        kept_ops = sum(1 for n in g._nodes if n.kind == "op")
        g.stats = {"ops": kept_ops, "pruned": ops_total - kept_ops, "ms": round(ms, 3)}
        g.backend = tr.backend or _infer_backend(nodes)
        return g

    def _compile(self) -> None:
        slot_of = self._slot_of

        def remap(tpl: Any) -> Any:
            if isinstance(tpl, _Ref):
                return _Ref(slot_of[tpl.slot], tpl.path, tpl.wrap)
            if isinstance(tpl, list):
                return [remap(v) for v in tpl]
            if isinstance(tpl, tuple):
                vals = [remap(v) for v in tpl]
                return type(tpl)(*vals) if hasattr(tpl, "_fields") else tuple(vals)
            if isinstance(tpl, dict):
                return {k: remap(v) for k, v in tpl.items()}
            return tpl

        self._out_tpl = remap(self._out_tpl)
        steps = []
        for n in self._nodes:
            if n.kind in ("param", "const"):
                self._preset.append((slot_of[n.idx], n.value))
            elif n.kind == "op":
                steps.append(_compile_step(n, slot_of))
        self._steps = steps

    def _describe(self) -> dict:
        ids = {n.idx: f"n{k}" for k, n in enumerate(self._nodes)}
        nodes_j: list[dict] = []
        edges_j: list[dict] = []
        outputs: list[str] = []
        for n in self._nodes:
            t = n.value if n.kind != "op" else _first_tensor(n.result)
            shape, dtype = _shape_dtype(t) if t is not None else (None, None)
            nodes_j.append({
                "id": ids[n.idx], "kind": n.kind, "label": n.label, "shape": shape,
                "dtype": dtype, "value": _preview(n.value) if n.kind == "const" else None,
                "module": n.module, "line": n.line})
            for where, src, _path, tensor in n.refs:
                shape, dtype = _shape_dtype(tensor)
                edges_j.append({"source": ids[src], "target": ids[n.idx], "arg": where,
                                "shape": shape, "dtype": dtype})
        for k, (path, src, _p, tensor) in enumerate(self._out_refs):
            oid = f"out{k}"
            shape, dtype = _shape_dtype(tensor)
            nodes_j.append({"id": oid, "kind": "output",
                            "label": path if len(self._out_refs) > 1 else "output",
                            "shape": shape, "dtype": dtype, "value": None,
                            "module": None, "line": None})
            edges_j.append({"source": ids[src], "target": oid, "arg": 0,
                            "shape": shape, "dtype": dtype})
            outputs.append(oid)
        return {"nodes": nodes_j, "edges": edges_j, "outputs": outputs}

    # --- replay ------------------------------------------------------------
    def accepts(self, args: tuple, kwargs: dict) -> bool:
        """Whether a call with these arguments has the traced number of tensor inputs."""
        return len(flatten_inputs(args, kwargs)) == self.n_inputs

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        leaves = flatten_inputs(args, kwargs)
        if len(leaves) != self.n_inputs:
            raise TypeError(f"traced graph takes {self.n_inputs} tensor input(s), "
                            f"got {len(leaves)}")
        if self._steps is None:
            self._compile()
        env: list = [None] * self.n_slots
        for i, (_, t) in enumerate(leaves):
            env[i] = inner(t)
        for slot, v in self._preset:
            env[slot] = v
        prev = _tracer.ACTIVE
        _tracer.ACTIVE = None
        try:
            for func, a, kw, fills, kwfills, slot in self._steps:
                if fills:
                    a = list(a)
                    for i, tpl in fills:
                        a[i] = _fill(tpl, env)
                if kwfills:
                    kw = dict(kw)
                    for k, tpl in kwfills:
                        kw[k] = _fill(tpl, env)
                env[slot] = func(*a, **kw)
        finally:
            _tracer.ACTIVE = prev
        return _fill(self._out_tpl, env)

    # --- description -------------------------------------------------------
    def to_json(self) -> dict:
        if self._json is None:
            self._json = self._describe()
        j = self._json
        return {"backend": self.backend, "nodes": j["nodes"], "edges": j["edges"],
                "outputs": j["outputs"], "stats": dict(self.stats)}

    def op_labels(self) -> list[str]:
        """Op labels in record order."""
        return [n.label for n in self._nodes if n.kind == "op"]

    def structure(self) -> list[tuple]:
        """Backend-neutral shape of the graph, for comparing two traces: per op (in order),
        its label and its operands as (kind of source, op index if the source is an op)."""
        j = self.to_json()
        kind = {n["id"]: n["kind"] for n in j["nodes"]}
        op_index = {n["id"]: i for i, n in enumerate(
            x for x in j["nodes"] if x["kind"] == "op")}
        out = []
        for n in j["nodes"]:
            if n["kind"] not in ("op", "output"):
                continue
            srcs = tuple((kind[e["source"]], op_index.get(e["source"]))
                         for e in j["edges"] if e["target"] == n["id"])
            out.append((n["kind"], n["label"] if n["kind"] == "op" else "output", srcs))
        return out

    def __repr__(self) -> str:
        return (f"<Graph backend={self.backend} ops={self.stats.get('ops')} "
                f"[{', '.join(self.op_labels())}]>")


def _compile_step(n, slot_of: dict[int, int]) -> tuple:
    by_id = {id(t): (src, path) for _w, src, path, t in n.refs}

    def tpl(obj: Any) -> Any:
        if isinstance(obj, (list, tuple)):
            vals = [tpl(v) for v in obj]
            return type(obj)(*vals) if hasattr(obj, "_fields") else type(obj)(vals)
        if isinstance(obj, dict):
            return {k: tpl(v) for k, v in obj.items()}
        t = inner(obj)
        if is_tensor(t) and id(t) in by_id:
            src, path = by_id[id(t)]
            return _Ref(slot_of[src], path)
        return obj

    args = [tpl(a) for a in n.args]
    fills = tuple((i, a) for i, a in enumerate(args) if _has_ref(a))
    for i, _ in fills:
        args[i] = None
    kwargs = {k: tpl(v) for k, v in n.kwargs.items()}
    kwfills = tuple((k, v) for k, v in kwargs.items() if _has_ref(v))
    return (n.func, tuple(args), kwargs, fills, kwfills, slot_of[n.idx])


def _infer_backend(nodes) -> str:
    for n in nodes:
        fw = getattr(getattr(n.value, "_fw", None), "name", None)
        if n.kind == "input" and fw:
            return fw
    for n in nodes:
        if n.kind == "op":
            for prefix, name in _PREFIX_BACKEND:
                if name and n.label.startswith(prefix):
                    return name
    return "torch"
