"""Numeric comparison of a source result with a converted result.

Results are flattened to named leaves (``MLP``, ``MLP[0]``, ``f['logits']``)
and each pair of leaves gets a verdict: FAIL when the two cannot be the same
thing (structure, shape or dtype differ), INACCURATE when they are but the
numbers are off (beyond ``atol + rtol * |reference|``, or NaN/Inf in different
places), PASS otherwise. The source result is the reference.
"""
from __future__ import annotations

import math
from typing import Any

from ..engine.dtypes import _canon_jax
from ..runtime.capture import as_array

PASS, INACCURATE, FAIL = "PASS", "INACCURATE", "FAIL"
_RANK = {PASS: 0, INACCURATE: 1, FAIL: 2}

FLOATS = ("float16", "bfloat16", "float32", "float64")
#: dtype -> (atol, rtol) when the request does not set them; float32's is the product default
DEFAULT_TOL = {"float16": (1e-3, 1e-3), "bfloat16": (1e-2, 1e-2),
               "float32": (1e-5, 1e-5), "float64": (1e-5, 1e-5)}
DEFAULT_ATOL, DEFAULT_RTOL = DEFAULT_TOL["float32"]

#: target -> (source dtype -> the dtype the target gives by default, why): not a conversion error
TARGET_DTYPE_DEFAULTS = {
    "jax": (_canon_jax, "JAX's default with 64-bit types disabled "
                        "(https://jax.readthedocs.io/en/latest/default_dtypes.html)"),
}


def worst(verdicts) -> str:
    out = PASS
    for v in verdicts:
        if _RANK[v] > _RANK[out]:
            out = v
    return out


def leaves(value: Any, name: str) -> list[tuple[str, Any]]:
    """Flatten a result to (name, leaf) pairs; tensors, numbers, None and strings are leaves."""
    if as_array(value) is not None:
        return [(name, value)]
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            out += leaves(v, f"{name}[{k!r}]")
        return out
    if isinstance(value, (list, tuple)) and not _is_shape(value):
        out = []
        for i, v in enumerate(value):
            out += leaves(v, f"{name}[{i}]")
        return out or [(name, value)]
    return [(name, value)]


def _is_shape(v) -> bool:
    # torch.Size / TensorShape-like tuples of ints compare as values, not as structures
    return type(v).__name__ in ("Size", "TensorShape")


def describe(value: Any) -> tuple[list | None, str | None]:
    a = as_array(value)
    if a is not None:
        return list(a.shape), a.dtype
    return None, type(value).__name__


def compare(src: Any, tgt: Any, name: str, atol: float | None = None,
            rtol: float | None = None, target: str | None = None) -> list[dict]:
    """Compare two results leaf by leaf; one report row per source leaf."""
    src_leaves = leaves(src, name)
    tgt_leaves = leaves(tgt, name)
    tgt_by_name = dict(tgt_leaves)
    rows = []
    if [n for n, _ in src_leaves] != [n for n, _ in tgt_leaves]:
        missing = [n for n, _ in src_leaves if n not in tgt_by_name]
        extra = [n for n, _ in tgt_leaves if n not in dict(src_leaves)]
        if missing or extra:
            shape, dtype = describe(src)
            msg = "result structure differs: source gives " + _structure(src_leaves) + \
                  ", converted gives " + _structure(tgt_leaves)
            return [_row(name, FAIL, shape, dtype, None, None, msg)]
    for leaf_name, s in src_leaves:
        rows.append(compare_leaf(s, tgt_by_name[leaf_name], leaf_name, atol, rtol, target))
    return rows


def _structure(ls) -> str:
    if len(ls) == 1:
        shape, dtype = describe(ls[0][1])
        return f"{dtype}{shape if shape is not None else ''}"
    return f"{len(ls)} values"


def _row(name, verdict, shape, dtype, max_abs, max_rel, message):
    return {"name": name, "verdict": verdict, "shape": shape, "dtype": dtype,
            "max_abs": max_abs, "max_rel": max_rel, "message": message}


def compare_leaf(s: Any, t: Any, name: str, atol: float | None = None,
                 rtol: float | None = None, target: str | None = None) -> dict:
    sa, ta = as_array(s), as_array(t)
    shape, dtype = describe(s)
    if sa is None and ta is None:
        return _compare_plain(s, t, name, atol, rtol)
    if sa is None or ta is None:
        # a 0-d tensor on one side and a Python number on the other (.item() vs float()) agree
        num, arr = (s, ta) if sa is None else (t, sa)
        if isinstance(num, (int, float, bool)) and arr.shape == ():
            sv = [num] if sa is None else sa.values()
            tv = [num] if ta is None else ta.values()
            return _compare_values(sv, tv, arr.dtype, name, shape, dtype, atol, rtol)
        tshape, tdtype = describe(t)
        return _row(name, FAIL, shape, dtype, None, None,
                    f"source gives {dtype}{shape if shape is not None else ''}, "
                    f"converted gives {tdtype}{tshape if tshape is not None else ''}")
    if sa.shape != ta.shape:
        return _row(name, FAIL, shape, dtype, None, None,
                    f"shape differs: source {list(sa.shape)}, converted {list(ta.shape)}")
    if sa.dtype != ta.dtype:
        narrow, why = TARGET_DTYPE_DEFAULTS.get(target, (None, None))
        if narrow is None or narrow(sa.dtype) != ta.dtype:
            return _row(name, FAIL, shape, dtype, None, None,
                        f"dtype differs: source {sa.dtype}, converted {ta.dtype}")
        # same kind, narrower by the target's documented default: the values decide
        row = _compare_values(sa.values(), ta.values(), ta.dtype, name, shape, dtype, atol, rtol)
        note = f"converted gives {ta.dtype} for {sa.dtype}: {why}"
        row["message"] = note if row["message"] is None else f"{note}; {row['message']}"
        return row
    return _compare_values(sa.values(), ta.values(), sa.dtype, name, shape, dtype, atol, rtol)


def _compare_plain(s, t, name, atol, rtol) -> dict:
    num = (int, float, bool)
    if isinstance(s, num) and isinstance(t, num):
        kind = "float64" if isinstance(s, float) or isinstance(t, float) else "int64"
        return _compare_values([s], [t], kind, name, [], type(s).__name__, atol, rtol)
    same = s == t if type(s) in (str, type(None)) or type(t) in (str, type(None)) else None
    if same is None:
        try:
            same = bool(s == t)
        except Exception:  # noqa: BLE001 - objects that cannot say
            same = None
    if same is None:
        return _row(name, PASS, None, type(s).__name__, None, None,
                    f"not compared: {type(s).__name__} is not a tensor or number")
    if same:
        return _row(name, PASS, None, type(s).__name__, None, None, None)
    return _row(name, FAIL, None, type(s).__name__, None, None,
                f"value differs: source {_short(s)}, converted {_short(t)}")


def _short(v) -> str:
    r = repr(v)
    return r if len(r) <= 80 else r[:77] + "..."


def _compare_values(sv: list, tv: list, kind: str, name, shape, dtype, atol, rtol) -> dict:
    """Element-wise closeness of two equally long flat value lists."""
    floating = kind in FLOATS
    if floating:
        d_atol, d_rtol = DEFAULT_TOL.get(kind, (DEFAULT_ATOL, DEFAULT_RTOL))
        atol = d_atol if atol is None else atol
        rtol = d_rtol if rtol is None else rtol
    else:
        atol = rtol = 0.0  # integers and booleans are exact
    max_abs = 0.0
    max_rel = 0.0
    bad = 0
    worst_i = -1
    nan_mismatch = inf_mismatch = 0
    isfinite, isnan = math.isfinite, math.isnan
    for i, (a, b) in enumerate(zip(sv, tv)):
        if a == b:
            continue
        a = float(a)
        b = float(b)
        if not (isfinite(a) and isfinite(b)):
            if isnan(a) and isnan(b):
                continue
            if isnan(a) or isnan(b):
                nan_mismatch += 1
            else:
                inf_mismatch += 1
            bad += 1
            if worst_i < 0:
                worst_i = i
            continue
        diff = abs(a - b)
        if diff > max_abs:
            max_abs = diff
        if a != 0.0:
            rel = diff / abs(a)
            if rel > max_rel:
                max_rel = rel
        if diff > atol + rtol * abs(a):
            bad += 1
            if worst_i < 0:
                worst_i = i
    if not bad:
        return _row(name, PASS, shape, dtype, max_abs, max_rel, None)
    parts = []
    if nan_mismatch:
        parts.append(f"NaN in {nan_mismatch} position(s) where only one side has it")
    if inf_mismatch:
        parts.append(f"Inf differs in {inf_mismatch} position(s)")
    close = bad - nan_mismatch - inf_mismatch
    if close:
        parts.append(f"{close} of {len(sv)} element(s) beyond atol={atol:g}, rtol={rtol:g}")
    parts.append(f"first at flat index {worst_i}: source {sv[worst_i]!r}, converted {tv[worst_i]!r}")
    return _row(name, INACCURATE, shape, dtype, max_abs, max_rel, "; ".join(parts))
