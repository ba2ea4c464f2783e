"""jax.tree_util basics: lists, tuples, dicts (sorted keys) and None are nodes."""
from __future__ import annotations


class PyTreeDef:
    __slots__ = ("kind", "meta", "children")

    def __init__(self, kind, meta, children) -> None:
        self.kind, self.meta, self.children = kind, meta, children

    @property
    def num_leaves(self) -> int:
        if self.kind == "leaf":
            return 1
        return sum(c.num_leaves for c in self.children)

    def __repr__(self) -> str:
        return f"PyTreeDef({self.kind})"


def tree_flatten(tree, is_leaf=None):
    leaves: list = []

    def walk(t):
        if is_leaf is not None and is_leaf(t):
            leaves.append(t)
            return PyTreeDef("leaf", None, ())
        if t is None:
            return PyTreeDef("none", None, ())
        if isinstance(t, dict):
            keys = sorted(t)
            return PyTreeDef("dict", keys, tuple(walk(t[k]) for k in keys))
        if isinstance(t, (list, tuple)):
            kind = "list" if isinstance(t, list) else ("namedtuple" if hasattr(t, "_fields") else "tuple")
            return PyTreeDef(kind, type(t), tuple(walk(v) for v in t))
        leaves.append(t)
        return PyTreeDef("leaf", None, ())
    return leaves, walk(tree)


def tree_unflatten(treedef, leaves):
    it = iter(leaves)

    def build(d):
        if d.kind == "leaf":
            return next(it)
        if d.kind == "none":
            return None
        kids = [build(c) for c in d.children]
        if d.kind == "dict":
            return dict(zip(d.meta, kids))
        if d.kind == "list":
            return kids
        if d.kind == "namedtuple":
            return d.meta(*kids)
        return tuple(kids)
    return build(treedef)


def tree_leaves(tree, is_leaf=None):
    return tree_flatten(tree, is_leaf)[0]


def tree_structure(tree, is_leaf=None):
    return tree_flatten(tree, is_leaf)[1]


def tree_map(f, tree, *rest, is_leaf=None):
    leaves, d = tree_flatten(tree, is_leaf)
    others = [tree_flatten(r, is_leaf)[0] for r in rest]
    return tree_unflatten(d, [f(*xs) for xs in zip(leaves, *others)])
