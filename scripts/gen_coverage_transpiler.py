"""Generate docs/coverage.md: every torch API the binding tables and the layers table know,
with a column per target saying how the transpiler converts it, and whether a test covers it.

  converted    a target binding spells it directly (tf.*, jnp.*, np.*)
  helper       a helper emitted into the output (helpers_<target>.py) computes it
  unsupported  left in place with a warning (the reason is the binding's note, if any)

Run: python3 scripts/gen_coverage_transpiler.py   (rewrites docs/coverage.md)
"""
import ast
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

from tensorglot.frameworks.layers import LAYERS  # noqa: E402
from tensorglot.transpiler.convert import _SKIP_TARGET_CUSTOM, _SOURCE_CUSTOM_OK, Converter  # noqa: E402
from tensorglot.transpiler.targets import TARGETS, table_for  # noqa: E402


#: source customs the converter handles outside convert_binding's custom_<name> hooks
#: (dunders go through the operator / subscript paths)
CUSTOM_HANDLED_OUTSIDE_CALLS = {"div", "max", "min", "to", "tensor_type"}


def status(conv: Converter, api: str) -> str:
    if not conv.can_convert(api):
        return "unsupported"
    if api in LAYERS:
        lm = LAYERS[api].targets[conv.tname]
        return "helper" if lm.helper else "converted"
    b = conv.src_table[api]
    if (b.custom and not hasattr(conv, "custom_" + b.custom) and b.custom not in _SOURCE_CUSTOM_OK
            and b.custom not in CUSTOM_HANDLED_OUTSIDE_CALLS and not api.startswith("Tensor.__")):
        # Converter.can_convert answers from the op alone, but convert_binding leaves a call whose
        # source custom has no handler unconverted (torch.median, torch.normal, ...)
        return "unsupported"
    if b.custom and f"torch:{b.custom}" in getattr(conv.helpers, "HELPERS", {}):
        return "helper"
    if b.custom and conv.expr_template(b.custom) is not None:  # spelled inline (JAX's x.at[i].set(v))
        return "converted"
    # operators other than item assignment keep their Python syntax on every target
    native = api.startswith("Tensor.__") and api != "Tensor.__setitem__"
    direct = [t for t in conv.tgt_ops.get(b.op, [])
              if not t.layout and (native or t.custom not in _SKIP_TARGET_CUSTOM)]
    return "converted" if direct else "helper"


#: the test tables whose snippets count as coverage: (file, table names, targets each snippet runs on);
#: a (target, snippet) key of a KNOWN_BUGS table in the same file does not count for that target
CASE_TABLES = [
    ("test_transpiler_jax_numpy_cases.py", ("CASES", "HOOK_CASES", "LAYER_CASES"),
     ("tensorflow", "jax", "numpy")),
    ("test_transpiler_layers.py", ("CASES",), ("tensorflow",)),
]
#: module aliases the case snippets use
ALIASES = {"torch": "torch", "F": "torch.nn.functional", "nn": "torch.nn"}
BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv", ast.FloorDiv: "floordiv",
          ast.Mod: "mod", ast.Pow: "pow", ast.MatMult: "matmul", ast.BitAnd: "and", ast.BitOr: "or",
          ast.BitXor: "xor"}
UNARYOPS = {ast.USub: "__neg__", ast.Invert: "__invert__", ast.UAdd: "__pos__"}
COMPARES = {ast.Eq: "__eq__", ast.NotEq: "__ne__", ast.Lt: "__lt__", ast.LtE: "__le__", ast.Gt: "__gt__",
            ast.GtE: "__ge__"}


def _dotted(node) -> str | None:
    """``torch.nn.functional.relu`` for ``F.relu``; None when the chain does not start at a module alias."""
    if isinstance(node, ast.Name):
        return ALIASES.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _is_number(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float))


def _not_tensor(node) -> bool:
    """A left operand Python dispatches past to the tensor's reflected dunder: a number or a list literal."""
    return _is_number(node) or isinstance(node, (ast.List, ast.Tuple))


def exercised_apis(snippet: str) -> set[str]:
    """The torch API names a snippet resolves to: calls through the module aliases, tensor methods
    and attributes, and Python operators as the Tensor dunders they dispatch to (a number on the
    or a list literal on the left gives the reflected dunder)."""
    found = set()
    for node in ast.walk(ast.parse(snippet)):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name:
                found.add(name)
            elif isinstance(node.func, ast.Attribute):
                found.add(f"Tensor.{node.func.attr}")
            elif isinstance(node.func, ast.Name) and node.func.id == "abs":
                found.add("Tensor.__abs__")
        elif isinstance(node, ast.Attribute) and _dotted(node) is None:
            found.add(f"Tensor.{node.attr}")
        elif isinstance(node, ast.BinOp) and type(node.op) in BINOPS:
            op = BINOPS[type(node.op)]
            found.add(f"Tensor.__r{op}__" if _not_tensor(node.left) else f"Tensor.__{op}__")
        elif isinstance(node, ast.UnaryOp) and type(node.op) in UNARYOPS and not _is_number(node.operand):
            found.add(f"Tensor.{UNARYOPS[type(node.op)]}")
        elif isinstance(node, ast.Compare):
            found.update(f"Tensor.{COMPARES[type(op)]}" for op in node.ops if type(op) in COMPARES)
        elif isinstance(node, ast.Subscript):
            found.add("Tensor.__setitem__" if isinstance(node.ctx, ast.Store) else "Tensor.__getitem__")
    return found


def _snippets(value) -> list[str]:
    """Every string in a case table entry (an expression, or a tuple of constructor/call/input)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _snippets(v)]
    return []


def tested_apis(tests_dir: str) -> dict[str, set[str]]:
    """api -> the targets on which a case exercising it is checked against torch."""
    tested: dict[str, set[str]] = {}
    for fname, tables, targets in CASE_TABLES:
        with open(os.path.join(tests_dir, fname)) as fh:
            tree = ast.parse(fh.read())
        values = {node.targets[0].id: node.value for node in tree.body
                  if isinstance(node, ast.Assign) and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name)}
        bugs = set(ast.literal_eval(values["KNOWN_BUGS"])) if "KNOWN_BUGS" in values else set()
        for table in tables:
            for snippet in _snippets(ast.literal_eval(values[table])):
                for api in exercised_apis(snippet):
                    tested.setdefault(api, set()).update(t for t in targets if (t, snippet) not in bugs)
    return tested


def main():
    tests_dir = os.path.join(ROOT, "python", "tests")
    tested = tested_apis(tests_dir)
    targets = list(TARGETS)
    convs = {t: Converter("", "torch", t) for t in targets}
    apis = sorted(set(table_for("torch")) | set(LAYERS))
    rows, counts, n_tested = [], {t: {} for t in targets}, {}
    for api in apis:
        cells = []
        for t in targets:
            s = status(convs[t], api)
            counts[t][s] = counts[t].get(s, 0) + 1
            cells.append(s)
        b = table_for("torch").get(api)
        note = (b.note if b is not None else "").replace("|", "\\|")
        on = tested.get(api, set())
        scope = "all" if on >= set(targets) else ", ".join(t for t in targets if t in on)
        n_tested[scope or "no"] = n_tested.get(scope or "no", 0) + 1
        rows.append(f"| `{api}` | " + " | ".join(cells) + f" | {scope} | {note} |")
    summary = "\n".join(f"* **{t}**: " + ", ".join(f"{n} {k}" for k, n in sorted(counts[t].items()))
                        for t in targets)
    summary += "\n* **tested**: " + ", ".join(f"{n} {k}" for k, n in sorted(n_tested.items()))
    text = (f"# Transpiler coverage (torch -> {', '.join(targets)})\n\n"
            "Generated by `scripts/gen_coverage_transpiler.py` from the binding tables "
            "(`python/tensorglot/frameworks/*.py`) and the layers table (`frameworks/layers.py`); "
            "do not edit by hand.\n\n"
            "*converted*: a target API spells it directly; *helper*: a small function or class is emitted "
            "into the output; *unsupported*: left in place with a warning. *tested*: a case of "
            "`python/tests/test_transpiler_jax_numpy_cases.py` exercises it and compares every target's "
            "emulated result with emulated torch, or asserts the unsupported warning where the cell says "
            "*unsupported* (*all*); otherwise the targets a case checks (the TensorFlow-only layer table "
            "`test_transpiler_layers.py`, or a known bug on the other targets); found by parsing the case snippets (operators "
            f"count as their Tensor dunders).\n\n{len(apis)} torch APIs.\n\n{summary}\n\n"
            "| torch API | " + " | ".join(targets) + " | tested | note |\n"
            "|---|" + "---|" * len(targets) + "---|---|\n" + "\n".join(rows) + "\n")
    out = os.path.join(ROOT, "docs", "coverage.md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(text)
    print(f"wrote {out}: {len(apis)} APIs")
    print(summary)


if __name__ == "__main__":
    main()
