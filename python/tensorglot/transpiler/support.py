"""Where the generated support code goes, so the user's code reads first.

Support code (helpers_<target>.py snippets the file uses) is split in two fenced blocks:

* the *early* block, after the imports: only what a statement needs while it is being
  defined -- the base class of converted nn.Module classes (compact: its methods
  delegate to functions of the late block), and what a class statement, decorator or
  default value names;
* the *late* block, with everything else: placed before the first top-level statement
  that may run converted code at import time (a call of user code, a converted call
  that uses a helper...), or at the end of the file when there is none. Python runs a
  function body only when it is called, so a helper a method uses can follow the class.
"""
from __future__ import annotations

import ast
import builtins
import re
from functools import lru_cache
from typing import Any

from .scan import push_children

FENCE = "# --- tensorglot support (generated) ---"
FENCE_END = "# --- end of tensorglot support ---"

#: builtins that call no user code of their own (their arguments are checked separately)
_SAFE_BUILTINS = {"print", "len", "range", "int", "float", "str", "bool", "list", "dict", "tuple", "set",
                  "isinstance", "min", "max", "sorted", "enumerate", "zip", "abs", "round", "sum", "repr",
                  "type", "id", "hasattr", "getattr", "format"}


@lru_cache(maxsize=None)
def defined_names(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """(names a snippet defines at top level, names it uses while being defined)."""
    tree = ast.parse(code)
    defined, deftime = set(), set()
    for st in tree.body:
        if isinstance(st, (ast.FunctionDef, ast.ClassDef)):
            defined.add(st.name)
        elif isinstance(st, (ast.Assign, ast.AnnAssign)):
            for t in (st.targets if isinstance(st, ast.Assign) else [st.target]):
                defined.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
        for part in definition_parts(st):
            deftime.update(n.id for n in ast.walk(part) if isinstance(n, ast.Name))
    return frozenset(defined), frozenset(deftime - defined)


def definition_parts(st: ast.stmt) -> list[ast.AST]:
    """The parts of a top-level statement Python evaluates when it runs (not function bodies)."""
    if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = st.args
        if not (st.decorator_list or a.defaults or a.kw_defaults):  # most methods
            return []
        return [*st.decorator_list, *a.defaults, *[d for d in a.kw_defaults if d is not None]]
    if isinstance(st, ast.ClassDef):
        out: list[ast.AST] = list(st.bases)
        for k in st.keywords:  # (loops: no generator, no call for the plain methods)
            out.append(k.value)
        out += st.decorator_list
        for b in st.body:
            if type(b) in _DEFS:
                a = b.args
                if not (b.decorator_list or a.defaults or a.kw_defaults):  # most methods (as above)
                    continue
            out += definition_parts(b)
        return out
    return [st]


class Placement:
    """Splits the used helpers into early / late blocks and finds where the late block goes."""

    def __init__(self, conv, tree: ast.Module, codes: dict[str, str]):
        self.conv = conv
        self.tree = tree
        self.codes = codes                      # helper key -> code, in emission order
        # defined name -> helper key (do not mutate), and a search for any of the names in a text
        self.owner, self._mentions = _owners(tuple(codes.items()))
        self.user_defs = user_defs = set()
        for st in tree.body:  # (a loop: a comprehension is a call of its own in 3.11)
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                user_defs.add(st.name)

    def split(self, body: list[ast.stmt], start: int) -> tuple[list[str], list[str], ast.stmt | None]:
        """(early keys, late keys, the statement the late block precedes or None for the end)."""
        early: set[str] = set()
        late_at = None
        for st in body[start:]:
            if type(st) in _NEUTRAL:
                continue
            parts = definition_parts(st)
            if not parts:  # a def without decorators or defaults: nothing runs, nothing is named
                continue
            used = self.referenced(parts)
            if self.may_run_code(st, parts) or (used and not isinstance(st, (ast.ClassDef, ast.FunctionDef,
                                                                               ast.AsyncFunctionDef))):
                late_at = st
                break
            early |= used
        # what the early helpers need while they are being defined, transitively
        todo = list(early)
        while todo:
            key = todo.pop()
            for name in defined_names(self.codes[key])[1]:
                dep = self.owner.get(name)
                if dep is not None and dep not in early:
                    early.add(dep)
                    todo.append(dep)
        early_keys, late_keys = [], []  # one loop, not two comprehension calls
        for k in self.codes:
            (early_keys if k in early else late_keys).append(k)
        return early_keys, late_keys, late_at

    def referenced(self, parts: list[ast.AST]) -> set[str]:
        """Helper keys whose names the converted text of ``parts`` spells."""
        out: set[str] = set()
        owner = self.owner
        if not owner:
            return out
        # only the edits inside ``parts`` (the converter's index by start offset), not every edit
        # of the file: function bodies are no part of a definition
        edits, span = self.conv.edits, self.conv.src.span
        few = len(edits) <= 16  # a pass over a few edits costs less than bringing their index up to date
        for part in parts:
            a, b = span(part)
            for e in edits if few else edits.starting_in(a, b):
                if a <= e.start and e.end <= b and self._mentions(e.text) is not None:  # (most name no helper)
                    # a whole-word occurrence of an identifier is a maximal run of word characters:
                    # the text's runs, met with the names in C (no find per name)
                    for name in owner.keys() & set(_WORDS(e.text)):
                        out.add(owner[name])
        return out

    def may_run_code(self, st: ast.stmt, parts: list[ast.AST] | None = None) -> bool:
        """Whether running ``st`` at import time may call user code (which may use support code)."""
        # an explicit stack: ast.walk's generators cost more than the rest of the placement
        stack = list(definition_parts(st) if parts is None else parts)
        call_t, const_t, name_t, push, extend = ast.Call, ast.Constant, ast.Name, stack.append, stack.extend
        attr_t = ast.Attribute
        while stack:
            n = stack.pop()
            t = type(n)
            if t is const_t or t is name_t:  # no child node
                continue
            if t is attr_t:  # (base classes: attribute chains)
                push(n.value)
                continue
            if t is call_t:
                if not self.safe_call(n):
                    return True
            elif t in _SUSPENDS:
                return True
            push_children(n, t, push, extend)
        return False

    def safe_call(self, call: ast.Call) -> bool:
        f = call.func
        root = f
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        name = root.id
        if isinstance(f, ast.Name):
            ok = name in _SAFE_BUILTINS and hasattr(builtins, name) and name not in self.user_defs
        else:
            # a module's function: torch.* (converted; helper use is seen in the rendered text),
            # math.*, ivy.* ... -- not a method of a user object
            ok = name in self.conv.aliases or name in self.conv.foreign
        if not ok:
            return False
        # a user function passed along (ivy.trace_graph(f, x)) may be called (loops, not generators)
        for a in call.args:
            if isinstance(a, ast.Name) and a.id in self.user_defs or isinstance(a, ast.Lambda):
                return False
        for k in call.keywords:
            a = k.value
            if isinstance(a, ast.Name) and a.id in self.user_defs or isinstance(a, ast.Lambda):
                return False
        return True


_SUSPENDS = (ast.Await, ast.Yield, ast.YieldFrom)
_DEFS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef})
#: top-level statements that never need support code: an import runs another module (which
#: cannot see this file's helpers) and its converted text names none
_NEUTRAL = frozenset({ast.Import, ast.ImportFrom, ast.Pass})


_WORDS = re.compile(r"\w+").findall


@lru_cache(maxsize=256)
def _owners(codes: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], Any]:
    """(defined name -> the key of the first helper of ``codes`` defining it, the ``search`` of a
    pattern finding any of those names in a text, as a substring): the same helper sets recur
    from file to file."""
    owner: dict[str, str] = {}
    for key, code in codes:
        for name in defined_names(code)[0]:
            owner.setdefault(name, key)
    return owner, re.compile("|".join(map(re.escape, sorted(owner))) or "(?!)").search


def block(codes: list[str]) -> str:
    return _block(tuple(codes))


@lru_cache(maxsize=256)
def _block(codes: tuple[str, ...]) -> str:
    return FENCE + "\n" + "\n\n".join(c.rstrip("\n") + "\n" for c in codes) + FENCE_END + "\n"
