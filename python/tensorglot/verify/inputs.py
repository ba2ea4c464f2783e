"""Seeded inputs from the entry form's specs, and a guessed input for a bare model.

A spec is ``"float32[1,3]"`` (normal(0, 1) values), ``"int64[2,8]"`` (integers
in [0, 10)), ``"int64[2,8]<0,100>"`` (integers in [0, 100)), ``"bool[4]"``; any
other text is a Python literal (``"3"``, ``"(2, 3)"``, ``"None"``) passed as is.
"""
from __future__ import annotations

import ast
import inspect
import re
from typing import Any

_SPEC = re.compile(r"^\s*([a-z]+[0-9]*)\s*\[\s*([0-9,\s]*)\]\s*(?:<\s*(-?\d+)\s*,\s*(-?\d+)\s*>)?\s*$")
INT_HIGH = 10


class SpecError(ValueError):
    pass


def parse_spec(spec: str) -> tuple[str, tuple[int, ...], tuple[int, int] | None] | None:
    """``"float32[1,3]"`` -> ("float32", (1, 3), None); None when it is not a tensor spec."""
    m = _SPEC.match(spec)
    if not m:
        return None
    dtype, dims, lo, hi = m.groups()
    from ..engine import DTYPES
    if dtype not in DTYPES:
        raise SpecError(f"unknown dtype {dtype!r} in input spec {spec!r}")
    shape = tuple(int(d) for d in dims.replace(" ", "").split(",") if d)
    return dtype, shape, (int(lo), int(hi)) if lo is not None else None


def make_value(spec: Any, gen, int_high: int = INT_HIGH, namespace: dict | None = None):
    """One input: an engine NDArray for a tensor spec, else the literal's value, else (given
    the script's namespace) the value of the expression there (``GPTConfig(n_layer=1)``)."""
    if not isinstance(spec, str):
        return spec
    parsed = parse_spec(spec)
    if parsed is None:
        try:
            return ast.literal_eval(spec)
        except (ValueError, SyntaxError):
            pass
        if namespace is not None:
            try:
                return eval(spec, namespace)  # the user's own expression, in their sandbox
            except Exception as e:  # noqa: BLE001
                raise SpecError(f"input {spec!r}: {type(e).__name__}: {e}") from None
        raise SpecError(f"input {spec!r} is neither a tensor spec like float32[1,3] "
                        "nor a Python literal")
    dtype, shape, rng = parsed
    if dtype == "bool":
        return gen.randint(0, 2, shape, "int64").astype("bool")
    if dtype.startswith(("int", "uint")):
        lo, hi = rng or (0, int_high)
        return gen.randint(lo, hi, shape, dtype)
    return gen.normal(shape, dtype=dtype)


def spec_of(value: Any) -> str:
    """The spec text describing a value (for the report)."""
    from .compare import as_array
    a = as_array(value)
    if a is not None:
        return f"{a.dtype}[{','.join(str(s) for s in a.shape)}]"
    r = repr(value)
    return r if len(r) <= 40 else type(value).__name__


def bind_inputs(fn, specs: dict | list | None, gen, int_high: int = INT_HIGH,
                namespace: dict | None = None) -> tuple[list, dict]:
    """Inputs for ``fn`` from the form: by parameter name, else in parameter order.

    Parameters the form does not name and that have no default are an error
    naming them; extra names are an error too (a typo should not pass silently).
    """
    if isinstance(specs, list):
        return [make_value(s, gen, int_high, namespace) for s in specs], {}
    specs = dict(specs or {})
    try:
        params = [p for p in inspect.signature(fn).parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    args, kwargs = [], {}
    names = [p.name for p in params]
    unnamed = [k for k in specs if k not in names]
    free = [p for p in params if p.name not in specs]
    for p in params:
        if p.name in specs:
            kwargs[p.name] = make_value(specs.pop(p.name), gen, int_high, namespace)
    # specs named differently from the parameters fill the remaining ones in order
    for k, p in zip(unnamed, [p for p in free if p.default is p.empty]):
        kwargs[p.name] = make_value(specs.pop(k), gen, int_high, namespace)
    if specs:
        raise SpecError(f"inputs {sorted(specs)} match no parameter of {getattr(fn, '__name__', fn)}"
                        f" ({', '.join(names)})")
    missing = [p.name for p in params if p.name not in kwargs and p.default is p.empty]
    if missing:
        raise SpecError(f"no input given for {', '.join(missing)}: add it to the inputs, "
                        "e.g. " + ", ".join(f"{m}=float32[1,3]" for m in missing))
    # leading parameters go by position (a Keras layer's __call__ takes its inputs positionally)
    for p in params:
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or p.name not in kwargs:
            break
        args.append(kwargs.pop(p.name))
    return args, kwargs


#: torch layer class -> input spec built from its attributes (the first layer a model applies)
_GUESS = {
    "Linear": lambda m: f"float32[2,{m.in_features}]",
    "Bilinear": None,
    "Conv1d": lambda m: f"float32[1,{m.in_channels},32]",
    "Conv2d": lambda m: f"float32[1,{m.in_channels},32,32]",
    "ConvTranspose2d": lambda m: f"float32[1,{m.in_channels},4,4]",
    "BatchNorm1d": lambda m: f"float32[4,{m.num_features}]",
    "BatchNorm2d": lambda m: f"float32[2,{m.num_features},8,8]",
    "LayerNorm": lambda m: "float32[2," + ",".join(str(d) for d in m.normalized_shape) + "]",
    "Embedding": lambda m: f"int64[2,8]<0,{m.num_embeddings}>",
    "EmbeddingBag": lambda m: f"int64[2,8]<0,{m.num_embeddings}>",
    "LSTM": lambda m: f"float32[2,8,{m.input_size}]" if m.batch_first else f"float32[8,2,{m.input_size}]",
    "GRU": lambda m: f"float32[2,8,{m.input_size}]" if m.batch_first else f"float32[8,2,{m.input_size}]",
    "RNN": lambda m: f"float32[2,8,{m.input_size}]" if m.batch_first else f"float32[8,2,{m.input_size}]",
}


def guess_input(model) -> str | None:
    """A spec for a model's single input, from the first layer it registers."""
    for _, m in model.named_modules():
        rule = _GUESS.get(type(m).__name__)
        if rule is None:
            continue
        try:
            return rule(m)
        except AttributeError:
            return None
    return None


def default_arguments(cls: type, namespace: dict) -> dict | None:
    """Keyword arguments that build ``cls`` when it has required parameters: each one
    annotated with a class of the script that builds with no arguments (a config
    dataclass, ``GPT(config: GPTConfig)``). None when some parameter cannot be filled."""
    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return None
    kwargs = {}
    for p in params:
        if p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        ann = p.annotation
        if isinstance(ann, str):
            ann = namespace.get(ann.strip("'\""))
        if not isinstance(ann, type) or namespace.get(ann.__name__) is not ann:
            return None
        try:
            kwargs[p.name] = ann()
        except Exception:  # noqa: BLE001 - needs arguments itself
            return None
    return kwargs
