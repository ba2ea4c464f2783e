"""Binding-table driven call conversion: source call -> canonical op -> target call.

Static counterpart of ``Binding.to_canonical``: arguments are ``Val``s (literal
or source text), so the normalisations of the source table are evaluated when
their inputs are literals and emitted as expressions otherwise; the target
table is read backwards (which target arguments produce these canonical ones).
"""
from __future__ import annotations

import ast
import inspect
from functools import lru_cache
from typing import Any, Callable

from ..frameworks.binding import Binding, fold_varargs_keyword
from ..ops import OPS
from .values import NOLIT, TEXT_READS, DTypeName, SeqVal, Val, eval_derive, lit_eq, val_text

EMPTY = inspect.Parameter.empty
P = inspect.Parameter


class BindError(Exception):
    pass


@lru_cache(maxsize=None)
def op_signature(op: str) -> inspect.Signature:
    ns: dict[str, Any] = {}
    exec(f"def _f{OPS[op].sig}: pass", {}, ns)
    return inspect.signature(ns["_f"])


def bind_source(b: Binding, args: list[Val], kwargs: dict[str, Val]) -> dict[str, Any]:
    """Bind call-site Vals to the framework signature, defaults applied.

    Varargs parameters hold tuples of Vals."""
    sig = b.signature
    plan = _PLANS.get(id(sig))
    if plan is None or plan[0] is not sig:
        plan = _PLANS[id(sig)] = (sig, _plan(sig))
    params = plan[1]
    if params is not None:
        out = _bind_plain(params, args, kwargs)
        if out is not None:
            return out
    args, kwargs = fold_varargs_keyword(sig, tuple(args), kwargs)
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as e:
        raise BindError(str(e)) from None
    out: dict[str, Any] = {}
    for name, prm in sig.parameters.items():
        if name in bound.arguments:
            v = bound.arguments[name]
            if prm.kind is P.VAR_POSITIONAL:
                v = tuple(v)
            elif prm.kind is P.VAR_KEYWORD:
                v = dict(v)
            out[name] = v
        elif prm.kind is P.VAR_POSITIONAL:
            out[name] = ()
        elif prm.kind is P.VAR_KEYWORD:
            out[name] = {}
        elif prm.default is not EMPTY:
            out[name] = Val(prm.default)
    return out


#: id(signature) -> (signature, _plan of it): inspect's bind costs more than the rest of a call's conversion
_PLANS: dict[int, tuple[inspect.Signature, Any]] = {}


def _plan(sig: inspect.Signature):
    """(name, positional?, default) per parameter; None when varargs need inspect's binding."""
    if any(p.kind in (P.VAR_POSITIONAL, P.VAR_KEYWORD) for p in sig.parameters.values()):
        return None
    return tuple((p.name, p.kind is not P.KEYWORD_ONLY, p.kind is P.POSITIONAL_ONLY, p.default)
                 for p in sig.parameters.values())


def _bind_plain(params, args: list, kwargs: dict) -> dict[str, Any] | None:
    """``bind_source`` for a signature without varargs; None when the call does not bind
    (the caller then gets inspect's error message)."""
    out: dict[str, Any] = {}
    i = 0
    used = 0
    for name, positional, pos_only, default in params:
        if positional and i < len(args):
            if name in kwargs and not pos_only:
                return None
            out[name] = args[i]
            i += 1
        elif name in kwargs and not pos_only:
            out[name] = kwargs[name]
            used += 1
        elif default is not EMPTY:
            out[name] = Val(default)
        else:
            return None
    if i < len(args) or used < len(kwargs):
        return None
    return out


def _as_val(v: Any, dtype_fmt) -> Val:
    if isinstance(v, Val):
        return v
    if isinstance(v, tuple):
        if all(e.is_lit for e in v):
            return Val(tuple(e.value for e in v))
        inner = ", ".join(val_text(e, dtype_fmt) for e in v)
        return Val(NOLIT, f"({inner},)" if len(v) == 1 else f"({inner})")
    return Val(NOLIT, repr(v))


class _TupleVal(Val):
    """A varargs tuple kept element-wise so derive sees ``len`` and items."""
    __slots__ = ("items",)

    def __init__(self, items, dtype_fmt):
        v = _as_val(items, dtype_fmt)
        super().__init__(v.value, v.text)
        self.items = items

    def py(self):
        return tuple(e.py() for e in self.items)


def to_canonical(b: Binding, bound: dict[str, Any], dtype_fmt) -> tuple[dict[str, Val], list[str]]:
    """Canonical Vals of a bound source call, and the ignored parameters given non-defaults."""
    env = {p: (v if type(v) is Val else _TupleVal(v, dtype_fmt) if isinstance(v, tuple) else _as_val(v, dtype_fmt))
           for p, v in bound.items() if not isinstance(v, dict)}
    out: dict[str, Val] = {}
    dropped: list[str] = []
    sig = b.signature
    plan = _emit_plan(b)
    consumed = plan.consumed
    for p, v in env.items():
        c = b.args.get(p, p)
        if c is None and p in consumed:
            continue
        if c is None:
            d = sig.parameters[p].default
            if not (v.is_lit and (lit_eq(v.value, d) or v.value == ())) and p not in ("inplace",):
                dropped.append(p)
            continue
        out[c] = v
    for c, expr in b.derive.items():
        out[c] = eval_derive(expr, env, dtype_fmt)
    for c, v in b.fixed.items():
        out[c] = Val(v)
    params = plan.op_params
    d = out.get("dtype")
    if d is not None and d.is_lit and type(d.value) is str:
        # "floating" is the converter's evidence of a float tensor of unknown width: torch's
        # default float (float32) is what such tensors almost always are
        out["dtype"] = Val(DTypeName("float32" if d.value == "floating" else d.value))
    return {c: v for c, v in out.items() if c in params}, dropped


def canonical_default(op: str, c: str) -> Val | None:
    d = _op_defaults(op).get(c, EMPTY)
    return None if d is EMPTY else Val(d)


@lru_cache(maxsize=None)
def _op_defaults(op: str) -> dict[str, Any]:
    """Canonical parameter -> default, of the parameters of ``op`` that have one."""
    return {n: p.default for n, p in op_signature(op).parameters.items() if p.default is not EMPTY}


class _EmitPlan:
    """What emit_binding / to_canonical read of a binding's tables: the same on every call."""
    __slots__ = ("direct", "derives", "params", "consumed", "op_params")

    def __init__(self, b: Binding):
        sig = b.signature
        op_params = op_signature(b.op).parameters
        #: (target param, canonical name) of the parameters that carry a canonical value as is
        self.direct = tuple((p, b.args.get(p, p)) for p in sig.parameters
                            if b.args.get(p, p) is not None and b.args.get(p, p) not in b.derive
                            and b.args.get(p, p) in op_params)
        #: (canonical name, derive expression, the target params it reads in signature order)
        self.derives = tuple((c, expr, tuple(p for p in sig.parameters if p in _derive_names(expr)))
                             for c, expr in b.derive.items())
        self.params = tuple((p, prm.kind, prm.default) for p, prm in sig.parameters.items())
        #: source params some derive reads
        self.consumed = frozenset().union(*(_derive_names(e) for e in b.derive.values()))
        self.op_params = op_params


#: id(binding) -> (binding, its plan)
_EMIT_PLANS: dict[int, tuple[Binding, _EmitPlan]] = {}


def _emit_plan(b: Binding) -> _EmitPlan:
    got = _EMIT_PLANS.get(id(b))
    if got is None or got[0] is not b:
        got = _EMIT_PLANS[id(b)] = (b, _EmitPlan(b))
    return got[1]


@lru_cache(maxsize=None)
def _derive_names(expr: str) -> frozenset[str]:
    return frozenset(n.id for n in ast.walk(ast.parse(expr, mode="eval")) if isinstance(n, ast.Name))


@lru_cache(maxsize=None)
def _derive_consts(expr: str) -> tuple[Any, ...]:
    return tuple(n.value for n in ast.walk(ast.parse(expr, mode="eval"))
                 if isinstance(n, ast.Constant) and n.value is not None)


def emit_binding(b: Binding, canon: dict[str, Val], dtype_fmt, name: str) -> str | None:
    """Spell ``canon`` as a call of target binding ``b``; None if it cannot say it."""
    op = b.op
    sig = b.signature
    plan = _emit_plan(b)
    # canonical values the target binding implies and cannot change
    for c, v in b.fixed.items():
        cur = canon.get(c) or canonical_default(op, c)
        if cur is None or not cur.is_lit or not lit_eq(cur.value, v):
            return None
    # target param -> value
    chosen: dict[str, Val] = {}
    covered: set[str] = set(b.fixed)
    for p, c in plan.direct:
        v = canon.get(c) or canonical_default(op, c)
        if v is None:
            return None
        chosen[p] = v
        covered.add(c)
    # derived canonical values: search the target argument that produces them
    for c, expr, feeding in plan.derives:
        want = canon.get(c) or canonical_default(op, c)
        if want is None:
            return None
        names = [p for p in feeding if p not in chosen]  # signature order
        env_base = {p: (chosen[p] if p in chosen else Val(sig.parameters[p].default))
                    for p in sig.parameters if sig.parameters[p].default is not EMPTY or p in chosen}
        if not names:
            got = eval_derive(expr, env_base, dtype_fmt)
            if not (got.is_lit and want.is_lit and lit_eq(got.value, want.value)):
                return None
            covered.add(c)
            continue
        # several target parameters feed the derive (jnp.var's ddof / correction): set one,
        # the others keep their defaults
        if not any(_choose(expr, p, sig.parameters[p].default, want, env_base, chosen, dtype_fmt)
                   for p in names):
            return None
        covered.add(c)
    # every canonical value that differs from the op default must be expressed
    for c, v in canon.items():
        if c in covered:
            continue
        d = canonical_default(op, c)
        if d is None or not (v.is_lit and lit_eq(v.value, d.value)):
            return None
    parts: list[str] = []
    positional = True
    for p, kind, default in plan.params:
        if p not in chosen:
            if default is EMPTY and kind not in (P.VAR_POSITIONAL, P.VAR_KEYWORD):
                return None
            positional = False
            continue
        v = chosen[p]
        if kind is P.VAR_POSITIONAL:
            if not positional:
                return None
            if v.is_lit and isinstance(v.value, (list, tuple)):
                parts += [val_text(Val(e), dtype_fmt) for e in v.value]
            elif isinstance(v, SeqVal):
                parts += [val_text(e, dtype_fmt) for e in v.items]
            else:
                parts.append("*" + val_text(v, dtype_fmt))
            continue
        if default is not EMPTY and v.is_lit and lit_eq(v.value, default):
            positional = False
            continue
        text = val_text(v, dtype_fmt)
        if positional and (default is EMPTY or kind is P.POSITIONAL_ONLY) \
                and kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD):
            parts.append(text)
        elif kind is P.POSITIONAL_ONLY:
            return None
        else:
            positional = False
            parts.append(f"{p}={text}")
    return f"{name}({', '.join(parts)})"


def emit_method(b: Binding, canon: dict[str, Val], dtype_fmt, meth: str) -> str | None:
    """Spell ``canon`` as a method call ``<receiver>.meth(...)`` of binding ``b`` (receiver first)."""
    text = emit_binding(b, canon, dtype_fmt, "_tg_m")
    if text is None:
        return None
    TEXT_READS[0] += 1  # the receiver's parenthesis depends on its text
    call = ast.parse(text, mode="eval").body
    if not call.args or isinstance(call.args[0], ast.Starred):
        return None
    recv = ast.get_source_segment(text, call.args[0])
    if not isinstance(call.args[0], (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.Constant)):
        recv = f"({recv})"
    rest = [ast.get_source_segment(text, a) for a in call.args[1:]] + \
        [f"{k.arg}={ast.get_source_segment(text, k.value)}" for k in call.keywords]
    return f"{recv}.{meth}({', '.join(rest)})"


def _choose(expr, p, default, want: Val, env_base, chosen, dtype_fmt) -> bool:
    """Find a value of target parameter ``p`` whose derive gives ``want``; record it in ``chosen``."""
    if not want.is_lit:
        TEXT_READS[0] += 1  # compares texts
    cands: list[Val] = [Val(default)] if default is not EMPTY else []
    cands.append(want)
    if want.is_lit and isinstance(want.value, str):
        cands.append(Val(want.value.upper()))
    cands += [Val(k) for k in _derive_consts(expr)]
    for cand in cands:
        got = eval_derive(expr, dict(env_base, **{p: cand}), dtype_fmt)
        if (want.is_lit and got.is_lit and lit_eq(got.value, want.value)) or \
                (not want.is_lit and not got.is_lit and got.text == want.text and cand is want):
            chosen[p] = cand
            return True
    return False


def emit_helper_call(name: str, op: str, canon: dict[str, Val], dtype_fmt) -> str | None:
    """Call a helper whose signature is the canonical op's."""
    sig = op_signature(op)
    parts = []
    positional = True
    for p, prm in sig.parameters.items():
        v = canon.get(p)
        if v is None:
            if prm.default is EMPTY:
                return None
            positional = False
            continue
        if prm.default is not EMPTY and v.is_lit and lit_eq(v.value, prm.default):
            positional = False
            continue
        text = val_text(v, dtype_fmt)
        parts.append(text if positional and prm.default is EMPTY else f"{p}={text}")
        if prm.default is not EMPTY:
            positional = False
    return f"{name}({', '.join(parts)})"
