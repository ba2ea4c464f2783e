"""``ivy.transpile(obj, source=, target=)``: convert a class or function's source with
the static transpiler, run the result in a fresh sandbox namespace, save it under
Translated_Outputs/<name>.py, and return the converted object."""
from __future__ import annotations

import ast
import inspect
import linecache
import os
import textwrap
from typing import Any

OUTPUT_DIR = "Translated_Outputs"


class TranspileError(RuntimeError):
    pass


def _code_file(obj: Any) -> str | None:
    if inspect.isfunction(obj):
        return obj.__code__.co_filename
    for v in vars(obj).values():
        f = inspect.unwrap(getattr(v, "__func__", v)) if inspect.isfunction(getattr(v, "__func__", v)) else v
        code = getattr(f, "__code__", None)
        if code is not None:
            return code.co_filename
    return None


def _file_lines(filename: str) -> list[str]:
    lines = linecache.getlines(filename)
    if not lines:
        raise TranspileError(f"cannot find the source of {filename!r}")
    return lines


def object_source(obj: Any) -> tuple[str, str]:
    """(source of obj, source of its whole file) -- works for code run from a string
    (the sandbox registers it in linecache), where inspect cannot find classes."""
    obj = inspect.unwrap(obj) if inspect.isfunction(obj) else obj  # see through decorators (verify's hooks)
    filename = _code_file(obj)
    if filename is None:
        raise TranspileError(f"cannot find the source of {obj!r}: it has no Python code")
    lines = _file_lines(filename)
    text = "".join(lines)
    tree = ast.parse(text)
    kind = ast.ClassDef if inspect.isclass(obj) else (ast.FunctionDef, ast.AsyncFunctionDef)
    first = getattr(obj, "__code__", None)
    want = first.co_firstlineno if first is not None else getattr(obj, "__firstlineno__", None)
    best = None
    for node in ast.walk(tree):
        if isinstance(node, kind) and node.name == obj.__name__:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if want is None or start <= want <= node.end_lineno:
                best = (start, node.end_lineno)
                if want is not None:
                    break
    if best is None:
        raise TranspileError(f"cannot find the definition of {obj.__name__} in {filename}")
    return "".join(lines[best[0] - 1:best[1]]), text


def _imports(file_text: str) -> str:
    """The file's top-level imports (the object's source needs its names)."""
    tree = ast.parse(file_text)
    segs = [ast.get_source_segment(file_text, n) for n in tree.body
            if isinstance(n, (ast.Import, ast.ImportFrom))]
    return "\n".join(s for s in segs if s)


def transpile(obj: Any, source: str = "torch", target: str = "tensorflow", to: str | None = None,
              output_dir: str = OUTPUT_DIR, **_: Any) -> Any:
    from ... import transpiler
    from .. import sandbox
    target = to or target
    name = obj.__name__
    body, file_text = object_source(obj)
    snippet = _imports(file_text) + "\n\n\n" + textwrap.dedent(body)
    result = transpiler.transpile(snippet, source, target)
    errors = [d for d in result["diagnostics"] if d["severity"] == "error"]
    if errors:
        raise TranspileError("; ".join(f"line {d['line']}: {d['message']}" for d in errors))
    code = result["code"]
    os.makedirs(output_dir, exist_ok=True)
    path = os.path.join(output_dir, f"{name}.py")
    with open(path, "w") as f:
        f.write(code)
    filename = path
    sandbox.register_source(code, filename)
    ns = sandbox.user_module(filename).__dict__
    ns["__name__"] = f"Translated_Outputs.{name}"
    with sandbox.active():
        exec(compile(code, filename, "exec"), ns)
    if name in ns:
        return ns[name]
    defined = [v for v in ns.values() if _code_file_safe(v) == filename]
    if not defined:
        raise TranspileError(f"the converted code defines no {name}")
    return defined[-1]


def _code_file_safe(v: Any) -> str | None:
    try:
        return _code_file(v) if inspect.isclass(v) or inspect.isfunction(v) else None
    except TypeError:
        return None
