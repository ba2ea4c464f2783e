"""The binding-table format: how one framework spells one canonical op.

A binding is data. The emulated runtime reads it to implement the framework
function, the transpiler reads it to convert calls, the coverage report reads
it to list what is supported. Code appears only where a table cannot say it
(``derive`` expressions, or a named ``custom`` hook).

Example (torch.var -> canonical var):

    Binding(names=("torch.var", "Tensor.var"), op="var",
            sig="(input, dim=None, unbiased=True, keepdim=False, *, correction=None)",
            args={"input": "x", "dim": "axis", "keepdim": "keepdims"},
            derive={"correction": "(1 if unbiased else 0) if correction is None else correction"})

and tf.math.reduce_variance, which cannot express a correction:

    Binding(names=("tf.math.reduce_variance",), op="var",
            sig="(input_tensor, axis=None, keepdims=False, name=None)",
            args={"input_tensor": "x"}, fixed={"correction": 0})
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Binding:
    #: public names; the first is canonical for emission. ``Tensor.x`` names a
    #: method whose receiver binds the first parameter of ``sig``.
    names: tuple[str, ...]
    #: canonical op in tensorglot.ops.OPS
    op: str
    #: the framework's own Python signature, parameter names as the framework spells them
    sig: str
    #: framework parameter -> canonical parameter; parameters with the same name
    #: need no entry; a parameter mapped to None is accepted and ignored (name=, device=)
    args: dict[str, str | None] = field(default_factory=dict)
    #: canonical parameter -> Python expression over the framework's parameters,
    #: for normalisations a rename cannot say (evaluated statically when the
    #: inputs are literals, otherwise emitted as an expression)
    derive: dict[str, str] = field(default_factory=dict)
    #: canonical parameters this API cannot express, with the value it implies
    fixed: dict[str, Any] = field(default_factory=dict)
    #: data layout of spatial arguments when it is not the canonical channels-first
    layout: str | None = None
    #: name of a hand-written hook for what the table cannot say
    custom: str | None = None
    note: str = ""
    #: what a traced graph calls its methods when not ``names[0]`` (an operator row split from its
    #: function's: ``x + y`` is still ``torch.add``)
    label: str | None = None

    @property
    def signature(self) -> inspect.Signature:
        return signature_of(self.sig)

    @property
    def is_method(self) -> bool:
        return any(n.startswith("Tensor.") for n in self.names)

    def canonical_name(self, param: str) -> str | None:
        return self.args.get(param, param)

    def to_canonical(self, bound: dict[str, Any]) -> dict[str, Any]:
        """Map fully bound framework arguments (defaults applied) to canonical ones."""
        out: dict[str, Any] = {}
        for p, v in bound.items():
            c = self.args.get(p, p)
            if c is not None:
                out[c] = v
        for c, expr in self.derive.items():
            out[c] = eval(expr, {"__builtins__": _SAFE_BUILTINS}, dict(bound))
        out.update(self.fixed)
        for p in list(out):
            if p not in self.canonical_params():
                del out[p]
        return out

    def canonical_params(self) -> set[str]:
        from ..ops import OPS
        return _params_of(OPS[self.op].sig)


_SAFE_BUILTINS = {"bool": bool, "abs": abs, "len": len, "tuple": tuple, "list": list, "int": int, "float": float,
                  "isinstance": isinstance, "range": range, "min": min, "max": max, "None": None,
                  "slice": slice, "Ellipsis": Ellipsis}

@lru_cache(maxsize=None)
def signature_of(sig: str) -> inspect.Signature:
    """The signature a table's signature string spells: ``(x, dim=None, *, keepdim=False)``."""
    ns: dict[str, Any] = {}
    exec(f"def _f{sig}: pass", {"inf": float("inf")}, ns)
    return inspect.signature(ns["_f"])


@lru_cache(maxsize=None)
def _params_of(sig: str) -> frozenset[str]:
    return frozenset(signature_of(sig).parameters)


def forwarding_args(sig: str) -> list[str]:
    """``sig``'s parameters as a call passing each on: ``a, b, *args, **kwargs`` (a generated
    wrapper with this signature calling what it wraps)."""
    star = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
    return [star.get(p.kind, "") + p.name for p in signature_of(sig).parameters.values()]


def fold_varargs_keyword(sig: inspect.Signature, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """torch takes ``zeros(*size)`` also as ``zeros(size=(2, 3))`` (``view(size=...)``,
    ``permute(dims=...)``): such a keyword becomes the one varargs item, as the tuple form."""
    for i, p in enumerate(sig.parameters.values()):
        if p.kind is p.VAR_POSITIONAL:
            if p.name in kwargs and len(args) == i:
                kwargs = dict(kwargs)
                args = (*args, kwargs.pop(p.name))
            break
    return args, kwargs


def table(*bindings: Binding) -> dict[str, Binding]:
    """Index a framework's bindings by every public name."""
    out: dict[str, Binding] = {}
    for b in bindings:
        for n in b.names:
            if n in out:
                raise ValueError(f"duplicate binding for {n}")
            out[n] = b
    return out
