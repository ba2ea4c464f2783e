"""The traced Graph: pruned nodes, JSON per DESIGN.md, and fast replay.

Replay walks a list of precompiled steps, built on the first call:

* a *prepared* step (ops made by ``core.make_function``) calls the engine op
  directly with the canonical arguments recorded at trace time, the new arrays
  dropped into their positions: no signature binding, unwrapping, derive
  expressions or dtype lookups again;
* a *generic* step (hand-written public functions, in-place methods) calls the
  recorded public function with the recorded arguments, new tensors dropped in.
"""
from __future__ import annotations

import reprlib
import time
from math import prod
from typing import Any

from . import core as _core
from . import tracer as _tracer
from .tracer import inner, is_tensor
from ..engine.ndarray import _nest

_PREFIX_BACKEND = (("torch.", "torch"), ("Tensor.", None), ("tf.", "tensorflow"),
                   ("np.", "numpy"), ("jnp.", "jax"), ("jax.", "jax"))


def flatten_inputs(args: tuple, kwargs: dict) -> list[tuple[tuple[Any, tuple], Any]]:
    """Tensor leaves of call arguments, in order: ((position or kwarg name, path), tensor)."""
    if not kwargs:
        # common case: positional plain tensors (no containers, no wrappers)
        plain = _tracer._PLAIN
        for a in args:
            if type(a) not in plain:
                break
        else:
            return [((i, ()), a) for i, a in enumerate(args)]
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


class _ARef:
    """An engine-array slot inside a prepared step's canonical arguments: the
    array of the tensor in ``env[slot]`` (then ``[path...]``) at replay time."""
    __slots__ = ("slot", "path")

    def __init__(self, slot: int, path: tuple) -> None:
        self.slot = slot
        self.path = path


def _fill_a(tpl: Any, env: list) -> Any:
    if type(tpl) is _ARef:
        v = env[tpl.slot]
        for p in tpl.path:
            v = v[p]
        return v._a
    if isinstance(tpl, list):
        return [_fill_a(v, env) for v in tpl]
    if isinstance(tpl, tuple):
        return tuple(_fill_a(v, env) for v in tpl)
    return tpl


def _has_ref(tpl: Any) -> bool:
    if isinstance(tpl, (_Ref, _ARef)):
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


def _preview_values(a: Any, head: Any) -> list:
    """Python values of some of an array's storage: bools as bools, floats to float32 precision."""
    if a.dtype == "bool":
        return [v != 0 for v in head]
    if a.dtype.startswith(("float", "bfloat")):
        return [float("%.7g" % v) for v in head]
    return head.tolist()


def _preview(t: Any, limit: int = 60) -> str | None:
    """The leading values of a tensor as nested lists, cut to ``limit`` characters.

    Floats are shown to float32 precision (7 significant digits); a large tensor is never
    listed whole: only the leading sub-blocks that fill the preview are read.
    """
    a = getattr(t, "_a", None)
    if a is None:
        return None
    try:
        shape = a.shape
        if not a.size:
            return repr(a.tolist())
        if not shape:
            return repr(_preview_values(a, a.data[:1])[0])
        # values that fill the preview: each prints as a digit at least, plus ", "
        need = -(-limit // 3)
        # read whole sub-blocks along the outermost axis j whose blocks are smaller than that
        j = len(shape) - 1
        while j > 0 and prod(shape[j:]) < need:
            j -= 1
        inner = shape[j + 1:]
        step = prod(inner)
        count = min(a.size, -(-need // step) * step)
        vals = _preview_values(a, a.data[:count])
        s = "[" * j + repr(_nest(vals, (count // step,) + inner))
    except Exception:
        return None
    if count < a.size:  # the closing brackets of a head are not the tensor's end
        s = s.rstrip("]")[:limit - 3] + "..."
    return s if len(s) <= limit else s[:limit - 3] + "..."


#: short, bounded reprs of user objects (long lists elided; a failing __repr__ is not an error)
_ATTR_REPR = reprlib.Repr()
_ATTR_REPR.maxstring = _ATTR_REPR.maxother = 40


def _attrs(n: "_tracer.Node") -> dict[str, str] | None:
    """An op's arguments that are not tensors (``dim=1``, a scalar operand), as short reprs,
    keyed like edge ``arg``s: the position as text, or the keyword."""
    out = {}
    for key, v in (*enumerate(n.args), *n.kwargs.items()):
        if _first_tensor(v) is None and not isinstance(v, dict):
            out[str(key)] = _ATTR_REPR.repr(v)
    return out or None


class Graph:
    """A traced computation. ``graph(*inputs)`` replays it; ``to_json()`` describes it.

    Tracing only records; linking and pruning the nodes, the replay steps and the
    JSON are each built on first use, so a trace costs little more than the eager
    run (``stats["ms"]`` counts the recording plus the linking and pruning).
    """

    # until _link() runs, the graph is the tracer's record (with the traced call's
    # result, user line and ms, which build() hands it)
    _tracer: "_tracer.Tracer | None" = None
    _backend: str | None = None
    #: what was traced, for the pane header (an entry's name)
    title: str | None = None
    n_inputs = 0
    # set by _link()
    n_slots = 0
    _stats: dict = {}
    _nodes: list = []            # kept tracer nodes, record order
    _slot_of: dict = {}
    _out_refs: list = []
    _out_tpl: Any = None
    # set on first use
    _steps: "list[tuple] | None" = None
    _env_rest: list = []
    _out_slot: "int | None" = None
    _json: "dict | None" = None

    # --- construction ----------------------------------------------------
    @classmethod
    def build(cls, tr: "_tracer.Tracer", result: Any, site: int | None, ms: float,
              n_inputs: int | None = None) -> "Graph":
        g = cls.__new__(cls)
        g._tracer = tr
        tr.result, tr.site, tr.ms = result, site, ms
        g.n_inputs = len(tr.inputs) if n_inputs is None else n_inputs
        return g

    @property
    def backend(self) -> str:
        if self._backend is None:
            tr = self._tracer
            self._backend = (tr.backend or _infer_backend(tr)) if tr is not None else "torch"
        return self._backend

    @property
    def stats(self) -> dict:
        self._link()
        return self._stats

    def _link(self) -> None:
        """Link recorded calls into nodes and keep what reaches an output."""
        tr = self._tracer
        if tr is None:
            return
        t0 = time.perf_counter()
        self.backend  # noqa: B018 - fixed before the tracer is dropped
        nodes, out_tpl, out_refs = tr.nodes(tr.result, tr.site)
        self._tracer = None

        # prune: keep what reaches an output (inputs are kept even when unused)
        keep = [False] * len(nodes)
        n_in = self.n_inputs
        keep[:n_in] = [True] * n_in
        stack = [r[1] for r in out_refs]
        while stack:
            i = stack.pop()
            if not keep[i]:
                keep[i] = True
                stack += [r[1] for r in nodes[i].refs]

        # slots: inputs first (the resolver puts them first), then the rest in record order
        kept = self._nodes = [n for n in nodes if keep[n.idx]]
        self._slot_of = {n.idx: k for k, n in enumerate(kept)}
        self.n_slots = len(kept)
        self._out_refs = out_refs
        self._out_tpl = out_tpl
        ops_total = len(nodes) - sum(1 for n in nodes if n.kind != "op")
        kept_ops = len(kept) - sum(1 for n in kept if n.kind != "op")
        ms = tr.ms + (time.perf_counter() - t0) * 1000.0
        self._stats = {"ops": kept_ops, "pruned": ops_total - kept_ops, "ms": round(ms, 3)}

    def _compile(self) -> None:
        self._link()
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

        out = self._out_tpl = remap(self._out_tpl)
        # the output is one tensor slot (the common case): returned without a template walk
        self._out_slot = (out.slot if type(out) is _Ref and not out.path and out.wrap is None
                          else None)
        # slots after the inputs, params and consts already in place (copied per call)
        rest = self._env_rest = [None] * (self.n_slots - self.n_inputs)
        steps = []
        for n in self._nodes:
            if n.kind in ("param", "const"):
                rest[slot_of[n.idx] - self.n_inputs] = n.value
            elif n.kind == "op":
                steps.append((n.prep is not None and _prepared_step(n, slot_of))
                             or _compile_step(n, slot_of))
        self._steps = steps

    def _describe(self) -> dict:
        self._link()
        ids = {n.idx: f"n{k}" for k, n in enumerate(self._nodes)}
        nodes_j: list[dict] = []
        edges_j: list[dict] = []
        outputs: list[str] = []
        for n in self._nodes:
            t = n.value if n.kind != "op" else _first_tensor(n.result)
            shape, dtype = _shape_dtype(t) if t is not None else (None, None)
            nodes_j.append({
                "id": ids[n.idx], "kind": n.kind, "label": n.label, "shape": shape,
                "dtype": dtype, "value": _preview(t),
                "attrs": _attrs(n) if n.kind == "op" else None,
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
                            "shape": shape, "dtype": dtype, "value": _preview(tensor),
                            "attrs": None, "module": None, "line": None})
            edges_j.append({"source": ids[src], "target": oid, "arg": 0,
                            "shape": shape, "dtype": dtype})
            outputs.append(oid)
        return {"nodes": nodes_j, "edges": edges_j, "outputs": outputs}

    # --- replay ------------------------------------------------------------
    def accepts(self, args: tuple, kwargs: dict) -> bool:
        """Whether a call with these arguments has the traced number of tensor inputs."""
        return len(flatten_inputs(args, kwargs)) == self.n_inputs

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._steps is None:
            self._compile()
        n_in = self.n_inputs
        env = None
        if not kwargs and len(args) == n_in:
            # one tensor per argument in the traced positions: no flattening
            env = _tracer.tensor_args(args)
            if env is not None:
                env += self._env_rest
        if env is None:
            leaves = flatten_inputs(args, kwargs)
            if len(leaves) != n_in:
                raise TypeError(f"traced graph takes {n_in} tensor input(s), got {len(leaves)}")
            env = [inner(t) for _, t in leaves] + self._env_rest
        prev = _tracer.ACTIVE
        _tracer.ACTIVE = None
        get_policy, set_policy = _policy_fns()
        saved = policy = get_policy()
        try:
            for step in self._steps:
                if step[0] is _PREPARED:
                    _, impl_fn, step_policy, canon, simple, fills, slot, wrap, guards = step
                    if guards is not None and not _guards_hold(guards[0], env):
                        env[slot] = _call_generic(guards[1], env)
                        continue
                    if simple or fills:
                        canon = dict(canon)
                        for k, i in simple:
                            canon[k] = env[i]._a
                        for k, tpl in fills:
                            canon[k] = _fill_a(tpl, env)
                    if step_policy != policy:
                        policy = step_policy
                        set_policy(policy)
                    env[slot] = wrap(impl_fn(**canon))
                else:
                    env[step[-1]] = _call_generic(step, env)
        finally:
            _tracer.ACTIVE = prev
            if policy != saved:
                set_policy(saved)
        if self._out_slot is not None:
            return env[self._out_slot]
        return _fill(self._out_tpl, env)

    # --- description -------------------------------------------------------
    def to_json(self) -> dict:
        if self._json is None:
            self._json = self._describe()
        j = self._json
        out = {"backend": self.backend, "nodes": j["nodes"], "edges": j["edges"],
               "outputs": j["outputs"], "stats": dict(self.stats)}
        if self.title:
            out["title"] = self.title
        return out

    def op_labels(self) -> list[str]:
        """Op labels in record order."""
        self._link()
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


_policy_get_set = None


def _policy_fns():
    """The engine's (get_policy, set_policy), looked up once."""
    global _policy_get_set
    if _policy_get_set is None:
        E = _core.engine()
        _policy_get_set = (E.get_policy, E.set_policy)
    return _policy_get_set


_PREPARED = "prepared"
_GENERIC = "generic"


def _call_generic(step: tuple, env: list) -> Any:
    """Run a generic step: the recorded public call with the replayed tensors in."""
    _, func, a, kw, fills, kwfills, _slot = step
    if fills:
        a = list(a)
        for i, tpl in fills:
            a[i] = _fill(tpl, env)
    if kwfills:
        kw = dict(kw)
        for k, tpl in kwfills:
            kw[k] = _fill(tpl, env)
    return func(*a, **kw)


def _guards_hold(guards: tuple, env: list) -> bool:
    """Whether the arrays a prepared step's derived arguments were computed from still
    have the recorded shapes and dtypes."""
    for ref, shape, dtype in guards:
        a = _fill_a(ref, env)
        if a.shape != shape or a.dtype != dtype:
            return False
    return True


def _prepared_step(n, slot_of: dict[int, int]) -> tuple | None:
    """A step calling the engine op directly, or None when the recorded canonical
    arguments cannot be tied to the node's tensor inputs."""
    plan, canon = n.prep
    by_tensor = {id(t): (src, path) for _w, src, path, t in n.refs}

    def ref_of(t: Any) -> "_ARef | None":
        src = by_tensor.get(id(t))
        return None if src is None else _ARef(slot_of[src[0]], src[1])

    guards: list = []
    tpl = plan.replay_template(n.args, n.kwargs, canon, ref_of, guards)
    if tpl is None:
        return None
    consts: dict = {}
    simple = []     # (key, slot): the array of a whole slot, the common case
    fills = []      # (key, template): paths into tuple results, lists of arrays
    for k, v in tpl.items():
        if type(v) is _ARef and not v.path:
            simple.append((k, v.slot))
        elif _has_ref(v):
            fills.append((k, v))
        else:
            consts[k] = v
            continue
        consts[k] = None
    fw = plan.fw
    # one tensor out (the common case): made directly, without wrap's type dispatch
    wrap = fw.tensor_cls._new if type(n.result) is fw.tensor_cls else fw.wrap
    # derived arguments read shapes/dtypes: other ones rerun the public call
    checked = (tuple(guards), _compile_step(n, slot_of)) if guards else None
    return (_PREPARED, plan.impl_fn, plan.policy, consts, tuple(simple), tuple(fills),
            slot_of[n.idx], wrap, checked)


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
    return (_GENERIC, n.func, tuple(args), kwargs, fills, kwfills, slot_of[n.idx])


def _infer_backend(tr: "_tracer.Tracer") -> str:
    for t, _label in tr.inputs:
        fw = getattr(getattr(t, "_fw", None), "name", None)
        if fw:
            return fw
    for call in tr.calls:
        for prefix, name in _PREFIX_BACKEND:
            if name and call[0].startswith(prefix):
                return name
    return "torch"
