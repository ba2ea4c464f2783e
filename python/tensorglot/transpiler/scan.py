"""One walk over the parsed source collecting what the conversion pass asks of the whole tree.

Several questions need every node (the Names finish_imports checks, the classes in tuple
literals, the calls of a function for its tensor parameters, a function's local names
before its body is converted); answering each with its own ``ast.walk`` cost more than
parsing. They are answered here in one iterative pre-order walk; a node not from this
tree (none today) falls back to a walk of its own in the caller.
"""
from __future__ import annotations

import ast
from operator import attrgetter

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


def _children_getter(t: type):
    """(getter, single) for node type ``t``: ``getter(node)`` gives its child_fields' values in one
    C call (operator.attrgetter), a tuple of them, or the value itself when ``single``."""
    f = child_fields(t)
    if not f:
        return _NO_CHILDREN, False
    return attrgetter(*f), len(f) == 1


def _no_children(n):
    return ()


_NO_CHILDREN = _no_children
#: node type -> _children_getter(type); None (a None in a list: Dict.keys, kw_defaults) has none
CHILD_GETTERS: dict[type, tuple] = {type(None): (_NO_CHILDREN, False)}


def child_getter(t: type) -> tuple:
    """CHILD_GETTERS[t], made on first use."""
    g = CHILD_GETTERS[t] = _children_getter(t)
    return g


def push_children(n: ast.AST, t: type, push, extend) -> None:
    """Push the child nodes of ``n`` (of type ``t``) as the scan does: one getter call, lists by
    extend (a None in one is popped as a node without children)."""
    getter, single = CHILD_GETTERS.get(t) or child_getter(t)
    for v in ((getter(n),) if single else getter(n)):
        if v is not None:
            if type(v) is list:
                extend(v)
            else:
                push(v)


#: a stack entry that is no node: (fn, ends), from here on a Store binds a local of ``fn`` (None:
#: of no function); ``ends`` is the function whose subtree ends here, or None
_OWNER = tuple
_SPECIAL |= {_OWNER}


class Scan:
    """What one pre-order walk of ``tree`` found (see the module docstring)."""

    def __init__(self, tree: ast.AST):
        names: list[ast.Name] = []
        calls: list[ast.Call] = []
        tuple_elts: set[int] = set()
        fn_range: dict[int, tuple[int, int]] = {}     # id(function) -> its calls: calls[start:end]
        fn_names: dict[int, set[str]] = {}            # id(function) -> names its body binds
        fn_glob: dict[int, set[str]] = {}             # id(function) -> its global/nonlocal names
        function_defs: dict[str, list[ast.FunctionDef]] = {}  # every (non-async) def, nested too, by name
        name_t, call_t, tuple_t, const_t, owner_t = ast.Name, ast.Call, ast.Tuple, ast.Constant, _OWNER
        load_t, ast_t, attr_t = ast.Load, ast.AST, ast.Attribute
        glob_t = (ast.Global, ast.Nonlocal)
        imp_t = (ast.Import, ast.ImportFrom)
        getter_of, special = CHILD_GETTERS.get, _SPECIAL
        # nodes, and _OWNER entries where the owner changes (a function's parts, a class or lambda
        # in a function): the owner is the function whose locals a Store binds, or None
        owner = owner_names = None
        stack: list = [tree]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            n = pop()
            t = type(n)
            if t is name_t:
                names.append(n)
                if owner_names is not None and type(n.ctx) is not load_t:
                    owner_names.add(n.id)
                continue
            if t is const_t:
                continue
            if t is attr_t:  # the most frequent node with children (torch.x, self.x): its one child
                push(n.value)
                continue
            if t not in special:  # the common case: push the children
                # the children's values in one C call, lists pushed by extend (a None in one is
                # popped as a node without children): a Python loop per field and item cost
                # more than the rest of the scan
                # (push_children unrolled: the single-field case without the one-item tuple)
                getter, single = getter_of(t) or child_getter(t)
                if single:
                    v = getter(n)
                    if v is not None:
                        if type(v) is list:
                            extend(v)
                        else:
                            push(v)
                    continue
                for v in getter(n):
                    if v is not None:
                        if type(v) is list:
                            extend(v)
                        else:
                            push(v)
                continue
            if t is owner_t:
                owner, ends = n
                owner_names = None if owner is None else fn_names[id(owner)]
                if ends is not None:
                    fid = id(ends)
                    fn_range[fid] = (fn_range[fid][0], len(calls))
                continue
            if t is call_t:  # the most frequent special node: its children pushed as below
                calls.append(n)
                push(n.func)
                extend(n.args)
                extend(n.keywords)
                continue
            if t is tuple_t:
                tuple_elts.update(id(e) for e in n.elts if isinstance(e, (ast.Attribute, name_t)))
            elif owner is not None:
                if isinstance(n, glob_t):
                    fn_glob[id(owner)].update(n.names)
                elif isinstance(n, imp_t):
                    owner_names.update(import_locals(n))
            if isinstance(n, _DEFS) or t is ast.Lambda:
                if owner is not None and t is not ast.Lambda:
                    owner_names.add(n.name)
                if isinstance(n, _FUNCS):
                    if t is ast.FunctionDef:
                        function_defs.setdefault(n.name, []).append(n)
                    fid = id(n)
                    fn_range[fid] = (len(calls), len(calls))
                    fn_names[fid] = set()
                    fn_glob[fid] = set()
                    # walked last pushed first: the parts after the body (decorators, returns...)
                    # and the parameters owned by no function, the body by n, then the owner again
                    push((owner, n))
                    mark = len(stack)
                    for f in child_fields(t):
                        v = getattr(n, f)
                        if f == "args":
                            # of the parameters only their annotations and defaults hold nodes: pushed
                            # without the arguments / arg nodes themselves (most have neither)
                            for p in v.posonlyargs + v.args + v.kwonlyargs:
                                if p.annotation is not None:
                                    push(p.annotation)
                            for p in (v.vararg, v.kwarg):
                                if p is not None and p.annotation is not None:
                                    push(p.annotation)
                            extend(v.kw_defaults)
                            extend(v.defaults)
                            continue
                        if f == "body":
                            # (an owner entry with nothing to pop before the next one is left out:
                            # most defs have no annotation, default, decorator)
                            if len(stack) > mark:
                                push((None, None))
                            extend(v)
                            push((n, None))
                            mark = len(stack)
                        elif type(v) is list:
                            extend(v)
                        elif v is not None:
                            push(v)
                    if len(stack) > mark:
                        push((None, None))
                    continue
            # a class or lambda in a function binds none of its locals: no owner inside it
            unowned = owner is not None and (isinstance(n, _DEFS) or t is ast.Lambda)
            if unowned:
                push((owner, None))
            push_children(n, t, push, extend)
            if unowned:
                push((None, None))
        self.names = names
        self.function_defs = function_defs
        self.tuple_elts = tuple_elts
        self._calls = calls
        self._fn_range, self._fn_names, self._fn_glob = fn_range, fn_names, fn_glob

    def has(self, fn: ast.AST) -> bool:
        return id(fn) in self._fn_range

    def calls_in(self, fn: ast.AST) -> list[ast.Call]:
        """The calls anywhere under the function ``fn`` (decorators and defaults included)."""
        a, b = self._fn_range[id(fn)]
        return self._calls[a:b]

    def body_locals(self, fn: ast.AST) -> set[str]:
        """Names ``fn``'s body binds (its parameters not included); do not mutate."""
        return self._fn_names[id(fn)]

    def locals_of(self, fn: ast.AST) -> tuple[set[str], set[str]] | None:
        """(body_locals(fn), glob_of(fn)) in one call, or None for a function not from this tree."""
        fid = id(fn)
        names = self._fn_names.get(fid)
        return None if names is None else (names, self._fn_glob[fid])

    def glob_of(self, fn: ast.AST) -> set[str]:
        """``fn``'s global and nonlocal names; do not mutate."""
        return self._fn_glob[id(fn)]
