"""Evaluate python/tests/golden_cases.py with REAL torch and numpy and write
python/tests/fixtures/golden_<framework>.json (calls) and golden_scripts.json (whole scripts).

Run with Debian's CPython that has python3-torch (1.13) and python3-numpy (1.24):
    /usr/bin/python3 scripts/gen_golden.py
The emulation is never imported here: expected values come only from the real libraries.
"""
from __future__ import annotations

import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python", "tests"))

import numpy  # noqa: E402
import torch  # noqa: E402

from golden_calls import Golden  # noqa: E402
from golden_cases import CASES, SCRIPTS  # noqa: E402

GOLDEN = Golden(torch, numpy)


def canon_dtype(d):
    return str(d).replace("torch.", "")


def encode(v):
    if isinstance(v, torch.Tensor):
        return {"shape": list(v.shape), "dtype": canon_dtype(v.dtype), "data": _flat(v.tolist())}
    if isinstance(v, (numpy.ndarray, numpy.generic)):
        a = numpy.asarray(v)
        enc = {"shape": list(a.shape), "dtype": str(a.dtype), "data": _flat(a.tolist()),
               "scalar": isinstance(v, numpy.generic)}
        if isinstance(v, numpy.generic):
            enc["scalar_type"] = type(v).__name__      # float64 vs float32 scalars
        return enc
    if isinstance(v, (torch.dtype, numpy.dtype)):
        return {"dtype_obj": canon_dtype(v) if isinstance(v, torch.dtype) else str(v)}
    if isinstance(v, (tuple, list)):
        enc = {"seq": [encode(x) for x in v]}
        if type(v).__module__ == "torch.return_types":
            # struct sequences: tuples whose fields are also attributes (.values / .indices)
            enc["type"] = type(v).__name__
            enc["fields"] = [f for f in ("values", "indices", "min", "max") if hasattr(v, f)]
        return enc
    if isinstance(v, (bool, int, float)):
        return {"py": _num(v)}
    if isinstance(v, str):
        return {"str": v}
    raise TypeError(f"cannot encode {type(v)}")


def _flat(x):
    if isinstance(x, list):
        out = []
        for v in x:
            out.extend(_flat(v) if isinstance(v, list) else [_num(v)])
        return out
    return [_num(x)]


def _num(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if v != v else ("inf" if v > 0 else "-inf")
    return v


def main() -> None:
    torch.manual_seed(0)
    numpy.random.seed(0)
    for fw, cases in CASES.items():
        out = []
        for i, case in enumerate(cases):
            api, args, kwargs = case[:3]
            opts = case[3] if len(case) > 3 else {}
            entry = {"i": i, "api": api, "args": repr(args)[:120], "kwargs": repr(kwargs)[:80]}
            try:
                enc = encode(GOLDEN.call(fw, case))
                if opts.get("shape_only"):
                    enc = _strip(enc)
                entry["expect"] = enc
            except Exception as e:  # the real API rejects these arguments
                entry["error"] = type(e).__name__
            out.append(entry)
        path = os.path.join(ROOT, "python", "tests", "fixtures", f"golden_{fw}.json")
        with open(path, "w") as f:
            json.dump({"framework": fw, "version": GOLDEN.libs[fw].__version__, "cases": out}, f,
                      separators=(",", ":"))
            f.write("\n")
        errors = sum("error" in e for e in out)
        print(f"{path}: {len(out)} cases ({errors} raise in the real library)")
    scripts = {}
    for name, (source, expr) in SCRIPTS.items():
        torch.manual_seed(0)
        ns = {}
        exec(compile(source, name, "exec"), ns)
        scripts[name] = {"expr": expr, "value": _plain(eval(expr, ns))}
    path = os.path.join(ROOT, "python", "tests", "fixtures", "golden_scripts.json")
    with open(path, "w") as f:
        json.dump({"framework": "torch", "version": torch.__version__, "scripts": scripts}, f,
                  separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {len(scripts)} scripts")


def _plain(v):
    """A script's value as nested lists of numbers (tensors by their values)."""
    if isinstance(v, torch.Tensor):
        return _num(v.tolist()) if v.dim() == 0 else _plain(v.tolist())
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return _num(v)


def _strip(enc):
    if "seq" in enc:
        return {"seq": [_strip(e) for e in enc["seq"]]}
    return {k: v for k, v in enc.items() if k != "data"}


if __name__ == "__main__":
    main()
