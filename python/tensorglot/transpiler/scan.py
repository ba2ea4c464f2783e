"""One walk over the parsed source collecting what the conversion pass asks of the whole tree.

Several questions need every node (the Names finish_imports checks, the classes in tuple
literals, the calls of a function for its tensor parameters, a function's local names
before its body is converted); answering each with its own ``ast.walk`` cost more than
parsing. They are answered here in one iterative pre-order walk; a node not from this
tree (none today) falls back to a walk of its own in the caller.
"""
from __future__ import annotations

import ast

#: fields that hold no node a question here needs (identifiers, expression contexts, operators,
#: strings): what is left holds nodes, lists of nodes (or None: Dict.keys, kw_defaults), or None
_NOT_CHILD = frozenset({"ctx", "op", "ops", "id", "attr", "name", "names", "module", "level", "arg",
                        "kind", "type_comment", "is_async", "conversion", "type_ignores", "simple",
                        "kwd_attrs", "str", "rest", "asname"})
_FIELDS: dict[type, tuple[str, ...]] = {}
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: node types whose scan differs from the plain push of their children (compile() makes exact types)
_SPECIAL = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Call, ast.Tuple,
                      ast.Global, ast.Nonlocal, ast.Import, ast.ImportFrom})


def child_fields(t: type) -> tuple[str, ...]:
    """The fields of node type ``t`` that may hold nodes (see _NOT_CHILD)."""
    f = _FIELDS.get(t)
    if f is None:
        # MatchSingleton.value is a constant (True/False/None), not a node
        f = _FIELDS[t] = () if t is getattr(ast, "MatchSingleton", None) else \
            tuple(x for x in t._fields if x not in _NOT_CHILD)
    return f


def import_locals(n: ast.Import | ast.ImportFrom) -> list[str]:
    """Names a non-torch import binds (torch imports stay torch names in a function too)."""
    out = []
    for al in n.names:
        if not (al.name.startswith("torch") or (isinstance(n, ast.ImportFrom)
                                                 and (n.module or "").startswith("torch"))):
            out.append((al.asname or al.name).split(".")[0])
    return out


class Scan:
    """What one pre-order walk of ``tree`` found (see the module docstring)."""

    def __init__(self, tree: ast.AST):
        self.names: list[ast.Name] = []
        self._calls: list[ast.Call] = []
        self.tuple_elts: set[int] = set()
        self._fn_range: dict[int, tuple[int, int]] = {}  # id(function) -> its calls: _calls[start:end]
        self._fn_names: dict[int, set[str]] = {}         # id(function) -> names its body binds
        self._fn_glob: dict[int, set[str]] = {}          # id(function) -> its global/nonlocal names
        self.function_defs: dict[str, list[ast.FunctionDef]] = {}  # every (non-async) def, nested too, by name
        self._walk([tree], None)

    def _walk(self, stack: list[ast.AST], owner: ast.AST | None):
        """Walk the subtrees of ``stack``, last first, each whole before the next (pre-order);
        ``owner`` is the function whose locals a Store binds, or None. A function's parts are
        walked by a call of their own (one per owner): the loop carries no owner per node."""
        names, calls, tuple_elts = self.names, self._calls, self.tuple_elts
        add_name, add_call = names.append, calls.append
        owner_names = self._fn_names[id(owner)] if owner is not None else None
        name_t, call_t, tuple_t, const_t = ast.Name, ast.Call, ast.Tuple, ast.Constant
        load_t, ast_t = ast.Load, ast.AST
        glob_t = (ast.Global, ast.Nonlocal)
        imp_t = (ast.Import, ast.ImportFrom)
        fields_of, special = _FIELDS.get, _SPECIAL
        pop, push = stack.pop, stack.append
        while stack:
            n = pop()
            t = type(n)
            if t is name_t:
                add_name(n)
                if owner_names is not None and type(n.ctx) is not load_t:
                    owner_names.add(n.id)
                continue
            if t is const_t:
                continue
            if t not in special:  # the common case: push the children
                for f in fields_of(t) or child_fields(t):
                    v = getattr(n, f, None)
                    if v is None:
                        continue
                    if type(v) is list:
                        for e in v:
                            if e is not None:
                                push(e)
                    else:
                        push(v)
                continue
            if t is call_t:
                add_call(n)
            elif t is tuple_t:
                tuple_elts.update(id(e) for e in n.elts if isinstance(e, (ast.Attribute, name_t)))
            elif owner_names is not None:
                if isinstance(n, glob_t):
                    self._fn_glob[id(owner)].update(n.names)
                elif isinstance(n, imp_t):
                    owner_names.update(import_locals(n))
            children = stack
            if isinstance(n, _DEFS) or t is ast.Lambda:
                if owner_names is not None and t is not ast.Lambda:
                    owner_names.add(n.name)
                if isinstance(n, _FUNCS):
                    if t is ast.FunctionDef:
                        self.function_defs.setdefault(n.name, []).append(n)
                    fid = id(n)
                    first = len(calls)
                    self._fn_names[fid] = set()
                    self._fn_glob[fid] = set()
                    # its fields in order, walked last first: what follows the body (decorators,
                    # returns...), the body (owned by n), then the parameters (defaults, annotations)
                    before, after, seen_body = [], [], False
                    for f in child_fields(t):
                        v = getattr(n, f)
                        if f == "body":
                            seen_body = True
                            continue
                        part = after if seen_body else before
                        if type(v) is list:
                            part.extend(e for e in v if isinstance(e, ast_t))
                        elif isinstance(v, ast_t):
                            part.append(v)
                    if after:
                        self._walk(after, None)
                    self._walk([e for e in n.body if isinstance(e, ast_t)], n)
                    if before:
                        self._walk(before, None)
                    self._fn_range[fid] = (first, len(calls))
                    continue
                if owner is not None:  # a class or lambda inside a function: its names are not the function's
                    children = []
            for f in child_fields(t):
                v = getattr(n, f, None)
                if type(v) is list:
                    for e in v:
                        if isinstance(e, ast_t):
                            children.append(e)
                elif isinstance(v, ast_t):
                    children.append(v)
            if children is not stack:
                self._walk(children, None)

    def has(self, fn: ast.AST) -> bool:
        return id(fn) in self._fn_range

    def calls_in(self, fn: ast.AST) -> list[ast.Call]:
        """The calls anywhere under the function ``fn`` (decorators and defaults included)."""
        a, b = self._fn_range[id(fn)]
        return self._calls[a:b]

    def body_locals(self, fn: ast.AST) -> set[str]:
        """Names ``fn``'s body binds (its parameters not included); do not mutate."""
        return self._fn_names[id(fn)]

    def glob_of(self, fn: ast.AST) -> set[str]:
        """``fn``'s global and nonlocal names; do not mutate."""
        return self._fn_glob[id(fn)]
