"""The seed's example code, read from its one copy in examples/seed_*.py.

Tests and benchmarks that need a piece of a seed example (a function, the Network
class, the imports) take it from there instead of typing it again.
"""
import ast
import os

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")


def example_source(name: str) -> str:
    """The whole text of ``examples/<name>.py``."""
    with open(os.path.join(EXAMPLES, name + ".py"), encoding="utf-8") as f:
        return f.read()


def example_code(name: str, *defs: str, imports: bool = False) -> str:
    """The source of the top-level functions/classes ``defs`` of example ``name``, in
    the order asked, each ending in a newline; with ``imports``, the example's import
    lines come first."""
    src = example_source(name)
    tree = ast.parse(src)
    found = {n.name: n for n in tree.body
             if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    missing = [d for d in defs if d not in found]
    if missing:
        raise KeyError(f"{name}.py defines no {missing}")
    parts = [ast.get_source_segment(src, n) for n in tree.body
             if imports and isinstance(n, (ast.Import, ast.ImportFrom))]
    parts += [ast.get_source_segment(src, found[d]) for d in defs]
    return "".join(p + "\n" for p in parts)


def example_function(name: str, func: str, namespace: dict):
    """Define ``func`` of example ``name`` in ``namespace`` (its globals: the modules
    it uses) and return it. Its code is named as user code, not the package's file:
    the emulated runtimes warn only about calls from user code."""
    exec(compile(example_code(name, func), f"<{name}.py>", "exec"), namespace)
    return namespace[func]
