"""Turning a golden case (python/tests/golden_cases.py) into a call on one library.

One decoding for both sides: scripts/gen_golden.py passes the real torch and numpy,
test_runtime_golden.py the emulated ones, so the fixture and the replay make the same
call. Stdlib only: the libraries come in as arguments.
"""
from __future__ import annotations

import math
import warnings


def seeded(torch, module):
    """``module`` in eval mode with every parameter set from a formula over its position, so that
    a module case builds the same weights in real torch and in the emulation."""
    with torch.no_grad():
        for k, p in enumerate(module.parameters()):
            vals = [0.5 * math.sin(0.37 * i + 1.3 * k) for i in range(p.numel())]
            p.copy_(torch.tensor(vals).reshape(p.shape))
    return module.eval()


class Golden:
    """Case decoding for ``torch`` and ``numpy`` modules (real or emulated)."""

    def __init__(self, torch, numpy):
        self.libs = {"torch": torch, "numpy": numpy}
        #: names an ``E(expr)`` literal or an ``eval`` case may use
        self.names = {"np": numpy, "numpy": numpy, "torch": torch, "F": torch.nn.functional,
                      "seeded": lambda module: seeded(torch, module)}

    def build(self, fw, v):
        """Case literal -> library object."""
        lib = self.libs[fw]
        if isinstance(v, dict) and "__t__" in v:
            if fw == "torch":
                return lib.tensor(v["__t__"], dtype=getattr(lib, v["dtype"]))
            return lib.array(v["__t__"], dtype=v["dtype"])
        if isinstance(v, dict) and "__expr__" in v:
            return eval(v["__expr__"], dict(self.names))
        if isinstance(v, dict) and "__dtype__" in v:
            name = v["__dtype__"]
            return getattr(lib, "bool_" if fw == "numpy" and name == "bool" else name)
        if isinstance(v, list):
            return [self.build(fw, x) for x in v]
        if isinstance(v, tuple):
            return tuple(self.build(fw, x) for x in v)
        return v

    def resolve(self, fw, api, args):
        """(callable, remaining args) for a case's API name and built args."""
        if api == "eval":   # the case is a Python expression over np / torch
            return (lambda expr: eval(expr, dict(self.names))), args
        if api.startswith("op:"):
            return getattr(args[0], api[3:]), args[1:]
        head, _, attr = api.rpartition(".")
        if head in ("Tensor", "ndarray"):
            return getattr(args[0], attr), args[1:]
        obj = self.libs[fw]
        for part in api.split(".")[1:]:
            obj = getattr(obj, part)
        return obj, args

    def run(self, fw, case):
        """Call the case; warnings are the caller's to watch."""
        api, args, kwargs = case[:3]
        fn, rest = self.resolve(fw, api, self.build(fw, list(args)))
        return fn(*rest, **{k: self.build(fw, v) for k, v in kwargs.items()})

    def call(self, fw, case):
        """Call the case with its warnings silenced."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.run(fw, case)
