"""Static argument values: literals known at conversion time, or source text.

``derive`` expressions of the binding tables are evaluated on these: literal
inputs give a literal result; non-literal inputs are ``Opaque`` stand-ins, and
when an expression needs their runtime value it is emitted as text instead,
with literals substituted and constant parts folded.
"""
from __future__ import annotations

import ast
import re
import warnings
from functools import lru_cache
from typing import Any

from ..frameworks.binding import _SAFE_BUILTINS

NOLIT = object()


class DTypeName(str):
    """A canonical dtype name (``torch.float32`` -> DTypeName("float32"))."""


class Opaque:
    """A value known only as source text; any use needing its value raises.

    ``kind`` is what the converter knows of a tensor's dtype ("floating", "int64"...):
    enough for a derive that asks ``input.dtype`` (torch.sum's integer widening)."""
    __slots__ = ("text", "kind")

    def __init__(self, text: str, kind: str | None = None):
        self.text = text
        self.kind = kind

    @property
    def dtype(self):
        if self.kind is None:
            raise _NeedsValue
        return self.kind

    def __bool__(self):
        raise _NeedsValue

    def __eq__(self, other):
        raise _NeedsValue

    __hash__ = object.__hash__

    def __len__(self):
        raise _NeedsValue

    def __getattr__(self, name):
        raise _NeedsValue

    def __getitem__(self, item):
        raise _NeedsValue

    @property
    def __class__(self):  # makes isinstance() checks on opaque values fall back to text
        raise _NeedsValue


class _NeedsValue(Exception):
    pass


class Val:
    """An argument: ``value`` is the literal (or NOLIT), ``text`` its source spelling,
    ``kind`` the dtype evidence of a tensor argument (see Opaque)."""
    __slots__ = ("value", "text", "kind", "is_lit")

    def __init__(self, value: Any = NOLIT, text: str | None = None, kind: str | None = None):
        self.value = value
        self.text = text
        self.kind = kind
        self.is_lit = value is not NOLIT  # an attribute, not a property: read several times per argument

    def py(self) -> Any:
        """The value for derive evaluation (Opaque when not literal)."""
        return self.value if self.is_lit else Opaque(self.text, self.kind)

    def __repr__(self):
        return f"Val({self.value!r})" if self.is_lit else f"Val(<{self.text}>)"


class SizeVal(Val):
    """A value known to be a sequence at run time (a name bound to a tuple display or a shape)."""
    __slots__ = ()


class SeqVal(Val):
    """A list or tuple display with non-literal items (``[a, b]``): derive sees its type, length and
    items, so ``isinstance(tensors[0], (list, tuple))`` is decided at conversion time."""
    __slots__ = ("seq", "items")

    def __init__(self, seq: type, items: list[Val], text: str):
        super().__init__(NOLIT, text)
        self.seq, self.items = seq, items

    def py(self) -> Any:
        return self.seq(e.py() for e in self.items)


def is_opaque(v: Any) -> bool:
    return type(v) is Opaque


def contains_opaque(v: Any) -> bool:
    if type(v) is Opaque:
        return True
    if type(v) in (tuple, list):
        return any(contains_opaque(e) for e in v)
    return False


def lit_eq(a: Any, b: Any) -> bool:
    if type(a) is Opaque or type(b) is Opaque:
        return False
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(lit_eq(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return type(a) in (int, float, str, bool, type(None), DTypeName) and \
            type(b) in (int, float, str, bool, type(None), DTypeName) and a == b
    except Exception:
        return False


def render(v: Any, dtype_fmt) -> str:
    """Source text for a Python value that may contain Opaque parts."""
    if type(v) is Opaque:
        return v.text
    if type(v) is DTypeName:
        return dtype_fmt(v)
    if type(v) is tuple:
        inner = ", ".join(render(e, dtype_fmt) for e in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if type(v) is list:
        return "[" + ", ".join(render(e, dtype_fmt) for e in v) + "]"
    if type(v) is float:
        r = repr(v)
        return {"inf": "float('inf')", "-inf": "float('-inf')", "nan": "float('nan')"}.get(r, r)
    return repr(v)


def val_text(v: Val, dtype_fmt) -> str:
    if v.is_lit:
        # literals written in the source keep their spelling (1. stays 1.)
        return v.text if v.text is not None and type(v.value) is not DTypeName else render(v.value, dtype_fmt)
    return v.text


def from_py(result: Any, dtype_fmt) -> Val:
    if type(result) in (list, tuple) and contains_opaque(result):  # items kept: f(*xs) spreads them
        return SeqVal(type(result), [from_py(e, dtype_fmt) for e in result], render(result, dtype_fmt))
    if contains_opaque(result):
        return Val(NOLIT, render(result, dtype_fmt))
    return Val(result, None)


@lru_cache(maxsize=None)
def _compiled(expr: str):
    return compile(expr, "<derive>", "eval")


#: torch's ``*size`` varargs taking one sequence instead (``x.view(shape)``): the binding tables' derive
_VARARGS_ONE_SEQ = re.compile(r"(\w+)\[0\] if len\(\1\) == 1 and isinstance\(\1\[0\], \(tuple, list\)\) else \1")
#: source text that is a sequence at run time: ``x.shape``, ``x.size()``, ``list(...)``/``tuple(...)``
_SEQUENCE_TEXT = re.compile(r"[\w.\[\]]+\.shape|[\w.\[\]]+\.size\(\)|(?:list|tuple)\([^()]*\)")


#: support function (helper key "size" of every target) taking torch's one-argument size: int or sequence
SIZE_HELPER = "_tg_size"


def _one_sequence(expr: str, env: dict[str, Val]) -> Val | None:
    """The varargs idiom given a single non-literal item: the item itself when it is spread (``*shape``)
    or a sequence (a shape, a variable not known to be a number) -- what a person writes -- instead of a
    run-time test of its type; an unknown value gets the small ``_tg_size`` helper."""
    m = _VARARGS_ONE_SEQ.fullmatch(expr)
    seq = env.get(m.group(1)) if m else None
    items = getattr(seq, "items", None)
    if items is None or len(items) != 1 or items[0].is_lit or items[0].text is None or isinstance(items[0], SeqVal):
        return None  # displays (``x.view((n, -1))``) evaluate as they are
    text = items[0].text
    if text.startswith("*"):
        return Val(NOLIT, text[1:])
    if isinstance(items[0], SizeVal) or _SEQUENCE_TEXT.fullmatch(text):
        return Val(NOLIT, text)
    if items[0].kind == "pyint":
        return Val(NOLIT, f"({text},)")
    if items[0].kind is None:  # an int or a sequence: the support helper SIZE_HELPER says which
        return Val(NOLIT, f"{SIZE_HELPER}({text})")
    return None


def eval_derive(expr: str, env: dict[str, Val], dtype_fmt) -> Val:
    """Evaluate a binding's derive expression on static argument values."""
    one = _one_sequence(expr, env)
    if one is not None:
        return one
    v = env.get(expr)
    try:
        if v is not None:  # the expression is one parameter's name (most layer arguments): no eval
            return from_py(v.py(), dtype_fmt)
        py_env = {k: v.py() for k, v in env.items()}
        result = from_py(eval(_compiled(expr), {"__builtins__": _SAFE_BUILTINS}, py_env), dtype_fmt)
    except Exception:
        result = Val(NOLIT, substitute(expr, env, dtype_fmt))
    if not result.is_lit:
        for v in env.values():  # one argument passed through (``other if alpha == 1 else ...``): keep its dtype
            if type(v) is Val and not v.is_lit and v.text == result.text:
                return v
    return result


class _Subst(ast.NodeTransformer):
    def __init__(self, env, dtype_fmt):
        self.env = env
        self.dtype_fmt = dtype_fmt

    def visit_Name(self, node):
        v = self.env.get(node.id)
        if v is None:
            return node
        text = val_text(v, self.dtype_fmt)
        try:
            return ast.parse(f"({text})", mode="eval").body
        except SyntaxError:
            return node


class _Fold(ast.NodeTransformer):
    """Fold constant sub-expressions (``None is not None``) and IfExps with a constant test."""

    def generic_visit(self, node):
        node = super().generic_visit(node)
        if isinstance(node, ast.expr) and not isinstance(node, ast.Constant) and _is_const(node):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    code = compile(ast.Expression(node), "<fold>", "eval")
                val = eval(code,
                           {"__builtins__": _SAFE_BUILTINS})
                if isinstance(val, (int, float, str, bool, type(None))):
                    return ast.copy_location(ast.Constant(val), node)
            except Exception:
                pass
        if isinstance(node, ast.IfExp) and isinstance(node.test, ast.Constant):
            return node.body if node.test.value else node.orelse
        return node


def _is_const(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, (ast.Name, ast.Call, ast.Attribute, ast.Subscript, ast.Lambda,
                          ast.NamedExpr, ast.Starred)):
            return False
    return True


#: bumped whenever an output depends on the spelling of a non-literal argument beyond pasting it
#: (re-parsed, compared): the converter's per-call templates are only kept when it stays put
TEXT_READS = [0]
#: [list or None]: while the converter builds a call template, what substitute returned (the
#: template is kept only if none of those re-spelled texts reaches the output)
SUBSTITUTED: list = [None]


def substitute(expr: str, env: dict[str, Val], dtype_fmt) -> str:
    out = _substitute(expr, env, dtype_fmt)
    if SUBSTITUTED[0] is not None:
        SUBSTITUTED[0].append(out)
    return out


def _substitute(expr: str, env: dict[str, Val], dtype_fmt) -> str:
    # the same derive over the same argument spellings recurs across a file: memoised
    key = (expr, dtype_fmt("float32"), tuple((k, val_text(v, dtype_fmt)) for k, v in env.items()))
    out = _SUBST_CACHE.get(key)
    if out is None:
        tree = ast.parse(expr, mode="eval")
        tree = _Fold().visit(_Subst(env, dtype_fmt).visit(tree))
        out = _SUBST_CACHE[key] = ast.unparse(tree)
        if len(_SUBST_CACHE) > 4096:
            _SUBST_CACHE.clear()
    return out


_SUBST_CACHE: dict[tuple, str] = {}


#: node types ast.literal_eval always refuses: answered without raising (most arguments are names)
_NEVER_LITERAL = frozenset({ast.Name, ast.Attribute, ast.Subscript, ast.Lambda, ast.Compare, ast.BoolOp,
                            ast.IfExp, ast.JoinedStr, ast.Starred, ast.ListComp, ast.GeneratorExp})
_CONTAINERS = frozenset({ast.List, ast.Tuple, ast.Set})


def _plain_literal(node: ast.AST) -> Any:
    """What ast.literal_eval gives for a signed number or a list / tuple display of constants and
    signed numbers (nested too), else NOLIT (then ask literal_eval): the common literal arguments
    without its closures' recursion."""
    t = type(node)
    if t is ast.Constant:
        return node.value
    if t is ast.UnaryOp:
        operand = node.operand
        if type(operand) is not ast.Constant or type(operand.value) not in (int, float, complex):
            return NOLIT
        op = type(node.op)
        return -operand.value if op is ast.USub else +operand.value if op is ast.UAdd else NOLIT
    if t is ast.List or t is ast.Tuple:
        out = []
        for e in node.elts:
            v = _plain_literal(e)
            if v is NOLIT:
                return NOLIT
            out.append(v)
        return out if t is ast.List else tuple(out)
    return NOLIT


def literal_of(node: ast.AST) -> Any:
    """The Python value of a literal expression node, else NOLIT."""
    t = type(node)
    if t is ast.Constant:
        return node.value
    if t in _NEVER_LITERAL or (t is ast.Call and not (type(node.func) is ast.Name and node.func.id == "set")):
        return NOLIT
    v = _plain_literal(node)
    if v is not NOLIT:
        return v
    # what literal_eval refuses, answered without its exception: every signed number it takes is
    # plain above, and a BinOp it takes only as a complex literal (1 + 2j)
    if t is ast.UnaryOp or (t is ast.BinOp and not (type(node.right) is ast.Constant
                                                     and type(node.right.value) is complex)):
        return NOLIT
    if t in _CONTAINERS:
        for e in node.elts:  # (a loop: a generator left early is closed by raising in it)
            if type(e) in _NEVER_LITERAL:
                return NOLIT  # literal_eval would refuse the element
    try:
        return ast.literal_eval(node)
    except Exception:
        return NOLIT
