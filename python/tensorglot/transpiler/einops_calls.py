"""einops calls (``rearrange``/``repeat``/``reduce`` and the ``Rearrange``/``Reduce`` layers).

A literal pattern on a named tensor is planned here, statically, and written as the target's
own reshape / transpose / reduce / broadcast calls (tensorglot.frameworks.einops); anything
else (a pattern in a variable, an ellipsis, a computed tensor expression) calls the
``_tg_einops`` helper, which plans the same way at run time.
"""
from __future__ import annotations

import ast

from ..frameworks import einops as E


def _simple(node: ast.expr) -> bool:
    """A name or attribute chain: cheap and pure to repeat for its shape."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


class EinopsHooks:
    """Mixed into the Converter."""

    def einops_import(self, module: str, names) -> bool:
        """Record einops imports as aliases (so they are dropped once nothing uses them)."""
        if module != "einops" and not module.startswith("einops."):
            return False
        for bound, full in names:
            self.aliases[bound] = full
        return True

    def einops_call(self, node: ast.Call, q: str) -> bool:
        self.apis += 1
        layer = q in E.LAYERS
        if not layer and q not in E.FUNCTIONS:
            return self.unsupported_api(node, q)
        red_pos = E.LAYERS[q] if layer else E.FUNCTIONS[q]
        first = 0 if layer else 1
        args = list(node.args)
        if any(isinstance(a, ast.Starred) for a in args) or any(k.arg is None for k in node.keywords):
            return self.unsupported_api(node, q)
        kw = {k.arg: k.value for k in node.keywords}
        names = ["pattern"] + (["reduction"] if red_pos is not None else [])
        if not layer:
            names = ["tensor"] + names
        for i, name in enumerate(names):
            if i < len(args):
                kw.setdefault(name, args[i])
        if any(n not in kw for n in names) or len(args) > len(names):
            return self.unsupported_api(node, q)
        lengths = {k: v for k, v in kw.items() if k not in names}
        pattern, reduction = kw["pattern"], kw.get("reduction")
        lit = lambda n: isinstance(n, ast.Constant) and isinstance(n.value, str)  # noqa: E731
        static_red = reduction is None or (lit(reduction) and reduction.value in E.REDUCTIONS)
        if layer and lit(pattern) and static_red:
            # a literal pattern is a lambda of the target's calls; lengths are bound now, as einops does
            arg = "t" if "t" not in lengths else "x"
            try:
                body = E.emit_static(self.tname, arg, pattern.value, reduction.value if reduction is not None else None,
                                     {k: k for k in lengths})
            except (ValueError, KeyError) as e:
                self.diag("warning", f"{q}: {e}", node, q)
                return self.unsupported_api(node, q, diag=False)
            if body is not None:
                self.converted += 1
                bound = "".join(f", {k}={self.render(v)}" for k, v in lengths.items())
                self.edit(node, f"lambda {arg}{bound}: {body}")
                return False
        if layer:
            cls = self.use_helper("layer:einops")
            if cls is None:
                return self.unsupported_api(node, q)
            parts = [self.render(pattern)] + ([self.render(reduction)] if reduction is not None else [])
            parts += [f"{k}={self.render(v)}" for k, v in lengths.items()]
            self.converted += 1
            self.edit(node, f"{cls}({', '.join(parts)})")
            return False
        tensor = kw["tensor"]
        static = None
        if lit(pattern) and _simple(tensor) and static_red:
            try:
                static = E.emit_static(self.tname, self.render(tensor), pattern.value,
                                       reduction.value if reduction is not None else None,
                                       {k: self.render(v) for k, v in lengths.items()})
            except (ValueError, KeyError) as e:
                self.diag("warning", f"{q}: {e}", node, q)
                return self.unsupported_api(node, q, diag=False)
        if static is None:
            fn = self.use_helper("einops")
            if fn is None:
                return self.unsupported_api(node, q)
            parts = [self.render(tensor), self.render(pattern)] + \
                ([self.render(reduction)] if reduction is not None else [])
            if reduction is None and lengths:
                parts.append("None")
            parts += [f"{k}={self.render(v)}" for k, v in lengths.items()]
            static = f"{fn}({', '.join(parts)})"
        self.converted += 1
        self.edit(node, static)
        return True
