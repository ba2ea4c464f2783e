"""torch.return_types: the named tuples torch returns for (values, indices) pairs.

In torch these are struct sequences: tuples (unpacking, indexing, ``len``) whose
fields are also attributes (``torch.max(x, 1).values``). Here each is a
``collections.namedtuple`` with torch's name and repr.
"""
from __future__ import annotations

import collections

#: name -> field names, as in torch 1.13
FIELDS = {"max": ("values", "indices"), "min": ("values", "indices"), "sort": ("values", "indices"),
          "topk": ("values", "indices"), "median": ("values", "indices"),
          "kthvalue": ("values", "indices"), "mode": ("values", "indices"),
          "cummax": ("values", "indices"), "cummin": ("values", "indices"),
          "aminmax": ("min", "max")}


def _make(name: str, fields: tuple) -> type:
    base = collections.namedtuple(name, fields)

    def __repr__(self) -> str:
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"torch.return_types.{name}(\n{body})"

    cls = type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__str__": __repr__,
                               "__module__": "torch.return_types"})
    return cls


TYPES = {name: _make(name, fields) for name, fields in FIELDS.items()}
globals().update(TYPES)


def named(name: str, pair):
    """``pair`` (a 2-tuple of tensors) as ``torch.return_types.<name>``."""
    return TYPES[name]._make(pair)
